//! The configuration read from test environments.

use std::collections::HashMap;

use super::*;
use switchboard_domain::numbers::{CountryCode, NumberPriceList, NumberType, PurchasePolicy};

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |k: &str| map.get(k).cloned()
}

const SECRET: &str = "0123456789abcdef0123456789abcdef";
const GENERATED: &str = "generated-for-this-run-generated-for-this-run";

fn serve_config(pairs: &[(&str, &str)]) -> Result<ServeConfig, ConfigError> {
    ServeConfig::from_env(&env(pairs), Secret::new(GENERATED))
}

fn complete() -> Vec<(&'static str, &'static str)> {
    vec![
        ("DATABASE_URL", "postgres://u:p@localhost/db"),
        ("PUBLIC_BASE_URL", "https://public.example/"),
        ("TWILIO_ACCOUNT_SID", "ACfedcba9876543210fedcba9876543210"),
        ("TWILIO_AUTH_TOKEN", "tok"),
        ("AUTH_JWT_SECRET", SECRET),
    ]
}

#[test]
fn defaults_apply_when_optional_values_are_unset() {
    let config = serve_config(&complete()).unwrap();
    assert_eq!(config.bind_addr.to_string(), "127.0.0.1:8080");
    assert_eq!(
        config.public_base_url.as_deref(),
        Some("https://public.example")
    );
    assert_eq!(config.session_quota.limit(), 10);
    assert_eq!(config.database.unwrap().max_connections, 16);
    assert_eq!(config.auth.issuer, None);
    let twilio = config.twilio.unwrap();
    assert_eq!(twilio.api_base_url, "https://api.twilio.com");
    assert_eq!(twilio.timeout.as_secs(), 10);
    assert_eq!(config.email.timeout.as_secs(), 10);
    assert_eq!(twilio.api_key, None);
    assert_eq!(config.numbers.policy, PurchasePolicy::Open);
    assert_eq!(
        config.numbers.prices,
        NumberPriceList::twilio_us_list_prices()
    );
}

#[test]
fn number_settings_parse_policy_and_prices() {
    let mut pairs = complete();
    pairs.push(("NUMBER_PURCHASE_POLICY", "admin"));
    pairs.push(("NUMBER_PRICES", "GB/mobile=1.00, US/local=1.25"));
    pairs.push(("TWILIO_API_KEY_SID", "SK0123456789abcdef0123456789abcdef"));
    pairs.push(("TWILIO_API_KEY_SECRET", "key-secret"));
    let config = serve_config(&pairs).unwrap();
    assert_eq!(config.numbers.policy, PurchasePolicy::AdminOnly);
    let gb = CountryCode::parse("GB").unwrap();
    let price = config.numbers.prices.price_for(&gb, NumberType::Mobile);
    assert_eq!(
        price.monthly.map(|a| a.to_string()),
        Some("1.00".to_owned())
    );
    let us = config
        .numbers
        .prices
        .price_for(&CountryCode::us(), NumberType::Local);
    assert_eq!(us.monthly.map(|a| a.to_string()), Some("1.25".to_owned()));
    assert!(config.twilio.unwrap().api_key.is_some());
}

#[test]
fn each_missing_required_variable_is_named() {
    for var in ["PUBLIC_BASE_URL", "TWILIO_AUTH_TOKEN", "AUTH_JWT_SECRET"] {
        let pairs: Vec<_> = complete().into_iter().filter(|(k, _)| *k != var).collect();
        let err = serve_config(&pairs).unwrap_err();
        assert_eq!(err.var, var);
        assert!(err.to_string().contains(var));
    }
}

#[test]
fn a_configured_service_uses_what_it_is_given() {
    let config = serve_config(&complete()).unwrap();
    assert!(config.database.is_some());
    assert!(config.twilio.is_some());
    assert!(!config.auth_secret_generated);
    assert_eq!(config.auth.secret.expose(), SECRET);
}

#[test]
fn nothing_set_is_the_out_of_the_box_setup() {
    let config = serve_config(&[]).unwrap();
    assert_eq!(config.database, None);
    assert_eq!(config.twilio, None);
    assert_eq!(config.public_base_url, None);
    assert!(config.auth_secret_generated);
    assert_eq!(config.auth.secret.expose(), GENERATED);
}

#[test]
fn without_a_database_a_real_account_still_needs_its_secret() {
    let pairs: Vec<_> = complete()
        .into_iter()
        .filter(|(k, _)| *k != "DATABASE_URL")
        .collect();
    let config = serve_config(&pairs).unwrap();
    assert_eq!(config.database, None);
    assert!(config.twilio.is_some());
    assert_eq!(
        config.public_base_url.as_deref(),
        Some("https://public.example")
    );
    assert!(!config.auth_secret_generated);
    let without_secret: Vec<_> = pairs
        .into_iter()
        .filter(|(k, _)| *k != "AUTH_JWT_SECRET")
        .collect();
    assert_eq!(
        serve_config(&without_secret).unwrap_err().var,
        "AUTH_JWT_SECRET"
    );
}

#[test]
fn with_the_stand_in_public_base_url_and_secret_are_optional_but_honoured() {
    let pairs = [
        ("DATABASE_URL", "postgres://u:p@localhost/db"),
        ("PUBLIC_BASE_URL", "https://public.example"),
        ("AUTH_JWT_SECRET", SECRET),
    ];
    let config = serve_config(&pairs).unwrap();
    assert_eq!(config.twilio, None);
    assert_eq!(
        config.public_base_url.as_deref(),
        Some("https://public.example")
    );
    assert!(!config.auth_secret_generated);
    assert_eq!(config.auth.secret.expose(), SECRET);
    // A secret that is set is still checked.
    let short = [("AUTH_JWT_SECRET", "short")];
    assert_eq!(serve_config(&short).unwrap_err().var, "AUTH_JWT_SECRET");
}

#[test]
fn a_half_configured_twilio_account_never_becomes_the_stand_in() {
    for var in [
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_KEY_SID",
        "TWILIO_API_KEY_SECRET",
        "TWILIO_API_BASE_URL",
    ] {
        let err = serve_config(&[(var, "x")]).unwrap_err();
        assert_eq!(err.var, "TWILIO_ACCOUNT_SID", "{var}");
        assert!(err.problem.contains(var), "{err}");
    }
}

#[test]
fn random_secrets_are_long_enough_and_differ() {
    let a = random_jwt_secret();
    let b = random_jwt_secret();
    assert!(a.expose().len() >= AuthSettings::MIN_SECRET_LEN);
    assert_ne!(a, b);
    assert_eq!(format!("{a:?}"), "[redacted]");
}

#[test]
fn invalid_values_are_named() {
    let cases = [
        ("BIND_ADDR", "nowhere"),
        ("PUBLIC_BASE_URL", "public.example"),
        ("PUBLIC_BASE_URL", "ftp://public.example"),
        ("PUBLIC_BASE_URL", "https://public.example/?x=1"),
        ("SESSION_RATE_LIMIT_PER_MINUTE", "0"),
        ("SESSION_RATE_LIMIT_PER_MINUTE", "ten"),
        ("AUTH_JWT_SECRET", "short"),
        ("DATABASE_URL", "mysql://x"),
        ("DATABASE_MAX_CONNECTIONS", "0"),
        ("TWILIO_ACCOUNT_SID", "AC123"),
        ("TWILIO_API_BASE_URL", "api.twilio.com"),
        ("TWILIO_TIMEOUT_SECONDS", "0"),
        ("SENDGRID_TIMEOUT_SECONDS", "61"),
        ("NUMBER_PURCHASE_POLICY", "everyone"),
        ("NUMBER_PRICES", "US-local=1"),
        ("NUMBER_PRICES", "US/local=1.123456"),
        ("NUMBER_PRICE_CURRENCY", "dollars"),
        ("HTTP_HEADER_READ_TIMEOUT_SECONDS", "0"),
        ("HTTP_BODY_READ_TIMEOUT_SECONDS", "301"),
        ("HTTP_KEEP_ALIVE_SECONDS", "1.5"),
    ];
    for (var, value) in cases {
        let mut pairs = complete();
        pairs.retain(|(k, _)| *k != var);
        pairs.push((var, value));
        let err = serve_config(&pairs).unwrap_err();
        assert_eq!(err.var, var, "{var}={value}");
    }
    // One API key variable without the other names the missing one.
    for (set, missing) in [
        ("TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET"),
        ("TWILIO_API_KEY_SECRET", "TWILIO_API_KEY_SID"),
    ] {
        let mut pairs = complete();
        pairs.push((set, "SKfedcba9876543210fedcba9876543210"));
        assert_eq!(serve_config(&pairs).unwrap_err().var, missing);
    }
    assert_eq!(
        LogFormat::from_env(&env(&[("LOG_FORMAT", "xml")]))
            .unwrap_err()
            .var,
        "LOG_FORMAT"
    );
}

#[test]
fn secrets_never_appear_in_debug_output() {
    let mut pairs = complete();
    pairs.push(("TWILIO_AUTH_TOKEN", "twilio-secret-token"));
    pairs.retain(|(k, v)| !(*k == "TWILIO_AUTH_TOKEN" && *v == "tok"));
    pairs.push(("TWILIO_API_KEY_SID", "SKfedcba9876543210fedcba9876543210"));
    pairs.push(("TWILIO_API_KEY_SECRET", "api-key-secret"));
    let shown = format!("{:?}", serve_config(&pairs).unwrap());
    for secret in [
        "twilio-secret-token",
        "api-key-secret",
        SECRET,
        "u:p@localhost",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked in {shown}");
    }
}

#[test]
fn the_edge_deadlines_default_and_can_be_set() {
    let defaults = serve_config(&complete()).unwrap().edge;
    assert_eq!(defaults, switchboard_http::EdgeSettings::default());
    assert_eq!(
        (
            defaults.max_head_bytes,
            defaults.max_target_bytes,
            defaults.header_read_timeout.as_secs(),
            defaults.body_read_timeout.as_secs(),
            defaults.keep_alive.as_secs(),
        ),
        (16 * 1024, 8 * 1024, 5, 10, 5)
    );
    let mut pairs = complete();
    pairs.extend([
        ("HTTP_HEADER_READ_TIMEOUT_SECONDS", "2"),
        ("HTTP_BODY_READ_TIMEOUT_SECONDS", "30"),
        ("HTTP_KEEP_ALIVE_SECONDS", "75"),
    ]);
    let set = serve_config(&pairs).unwrap().edge;
    assert_eq!(
        (
            set.header_read_timeout.as_secs(),
            set.body_read_timeout.as_secs(),
            set.keep_alive.as_secs(),
        ),
        (2, 30, 75)
    );
}
