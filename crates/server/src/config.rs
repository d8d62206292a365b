//! Typed configuration, read once from the environment at start.
//!
//! | variable | used by | meaning |
//! |---|---|---|
//! | `DATABASE_URL` | serve, migrate, pool | PostgreSQL URL (`postgres://user:pass@host:5432/db`); secret. Unset for `serve`: the in-memory store (data is lost at exit) |
//! | `DATABASE_MAX_CONNECTIONS` | serve | pool size, default 16 |
//! | `BIND_ADDR` | serve | listen address, default `127.0.0.1:8080` |
//! | `PUBLIC_BASE_URL` | serve | the `scheme://host[:port]` Twilio calls (webhook signatures are checked against it); with the stand-in, default the address `serve` listens on |
//! | `TWILIO_ACCOUNT_SID` | serve, numbers, pool import | the Twilio account (`AC…`). Unset for `serve` (with no other `TWILIO_*` set): the embedded local stand-in |
//! | `TWILIO_AUTH_TOKEN` | serve, numbers, pool import | the account's auth token: signs webhooks, and authenticates REST calls unless an API key is set; secret |
//! | `TWILIO_API_KEY_SID` / `TWILIO_API_KEY_SECRET` | serve, numbers, pool import | an API key (`SK…`) for REST calls instead of the auth token; both or neither; the secret is secret |
//! | `TWILIO_API_BASE_URL` | serve, numbers, pool import | Twilio's REST base URL, default `https://api.twilio.com` (a stand-in's URL in tests) |
//! | `TWILIO_TIMEOUT_SECONDS` | serve, numbers, pool import | per-attempt timeout of a Twilio request, 1 to 60, default 10 |
//! | `NUMBER_PURCHASE_POLICY` | serve | `open` (default: users buy their own numbers) or `admin` (only admins buy, and assign) |
//! | `NUMBER_PRICES` | serve | monthly prices by country and type, `US/local=1.15,US/tollfree=2.15` (the default); `none` for unknown prices |
//! | `NUMBER_PRICE_CURRENCY` | serve | the currency of `NUMBER_PRICES`, default `USD` |
//! | `AUTH_JWT_SECRET` | serve, token | HS256 secret of bearer tokens, at least 32 bytes; secret. Unset for `serve` with the stand-in: a random one for the run |
//! | `TWILIO_SIM_AUTH_TOKEN` | serve, twilio-sim, simulate | the stand-in account's auth token, when not its fixed development token; secret |
//! | `AUTH_JWT_ISSUER` | serve, token | required `iss` of tokens, when set |
//! | `AUTH_JWT_AUDIENCE` | serve, token | required `aud` of tokens, when set |
//! | `SESSION_RATE_LIMIT_PER_MINUTE` | serve | voicemail sessions a user may create per minute, default 10 |
//! | `LOG_FORMAT` | all | `pretty` (default) or `json` |
//! | `RUST_LOG` | all | log filter, default `info` |
//!
//! A missing or invalid value stops the start with one line naming the variable. Secret
//! values are held in [`Secret`] and never printed.

use std::fmt;
use std::net::SocketAddr;

use switchboard_domain::numbers::{CountryCode, NumberPriceList, NumberType, PurchasePolicy};
use switchboard_domain::{AccountSid, Amount, ApiKeySid, Currency, Quota};

/// A configuration problem: which variable, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration: {var} {problem}")]
pub struct ConfigError {
    /// The environment variable.
    pub var: &'static str,
    /// What is wrong, phrased to follow the variable's name.
    pub problem: String,
}

fn error(var: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        problem: problem.into(),
    }
}

/// A secret value: `Debug` and `Display` print `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that needs it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where environment values come from (the process environment, or a map in tests).
pub trait Env {
    /// The value of `var`, if set.
    fn get(&self, var: &str) -> Option<String>;
}

/// The process environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn get(&self, var: &str) -> Option<String> {
        std::env::var(var).ok()
    }
}

impl<F: Fn(&str) -> Option<String>> Env for F {
    fn get(&self, var: &str) -> Option<String> {
        self(var)
    }
}

fn optional(env: &impl Env, var: &'static str) -> Option<String> {
    env.get(var)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn required(env: &impl Env, var: &'static str) -> Result<String, ConfigError> {
    optional(env, var).ok_or_else(|| error(var, "is not set"))
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

impl LogFormat {
    /// Reads `LOG_FORMAT`.
    ///
    /// # Errors
    /// When set to anything but `pretty` or `json`.
    pub fn from_env(env: &impl Env) -> Result<Self, ConfigError> {
        match optional(env, "LOG_FORMAT").as_deref() {
            None | Some("pretty") => Ok(Self::Pretty),
            Some("json") => Ok(Self::Json),
            Some(_) => Err(error("LOG_FORMAT", "must be `pretty` or `json`")),
        }
    }
}

/// The database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseConfig {
    /// `DATABASE_URL`.
    pub url: Secret,
    /// `DATABASE_MAX_CONNECTIONS`.
    pub max_connections: usize,
}

impl DatabaseConfig {
    /// Reads `DATABASE_URL` and `DATABASE_MAX_CONNECTIONS`, or `None` when `DATABASE_URL` is
    /// unset (for `serve`, which then keeps its data in memory).
    ///
    /// # Errors
    /// As [`DatabaseConfig::from_env`], for a URL that is set.
    pub fn from_env_if_set(env: &impl Env) -> Result<Option<Self>, ConfigError> {
        match optional(env, "DATABASE_URL") {
            None => Ok(None),
            Some(_) => Self::from_env(env).map(Some),
        }
    }

    /// Reads `DATABASE_URL` and `DATABASE_MAX_CONNECTIONS`.
    ///
    /// # Errors
    /// When the URL is missing or not a `postgres://` / `postgresql://` URL, or the size is
    /// not a number from 1 to 1000.
    pub fn from_env(env: &impl Env) -> Result<Self, ConfigError> {
        let url = required(env, "DATABASE_URL")?;
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(error("DATABASE_URL", "must be a postgres:// URL"));
        }
        let max_connections = match optional(env, "DATABASE_MAX_CONNECTIONS") {
            None => 16,
            Some(raw) => raw
                .parse()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| {
                    error(
                        "DATABASE_MAX_CONNECTIONS",
                        "must be a number from 1 to 1000",
                    )
                })?,
        };
        Ok(Self {
            url: Secret(url),
            max_connections,
        })
    }
}

/// Bearer-token settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSettings {
    /// `AUTH_JWT_SECRET`.
    pub secret: Secret,
    /// `AUTH_JWT_ISSUER`.
    pub issuer: Option<String>,
    /// `AUTH_JWT_AUDIENCE`.
    pub audience: Option<String>,
}

impl AuthSettings {
    /// The shortest accepted secret, in bytes.
    pub const MIN_SECRET_LEN: usize = 32;

    /// Reads the `AUTH_JWT_*` variables.
    ///
    /// # Errors
    /// When the secret is missing or shorter than 32 bytes.
    pub fn from_env(env: &impl Env) -> Result<Self, ConfigError> {
        let secret = required(env, "AUTH_JWT_SECRET")?;
        if secret.len() < Self::MIN_SECRET_LEN {
            return Err(error("AUTH_JWT_SECRET", "must be at least 32 bytes long"));
        }
        Ok(Self::signing_with(env, Secret(secret)))
    }

    /// Reads the `AUTH_JWT_*` variables; when `AUTH_JWT_SECRET` is unset, signs with
    /// `generated` instead (a random secret for one run) and says so in the second value.
    ///
    /// # Errors
    /// When a secret that is set is shorter than 32 bytes.
    pub fn from_env_or(env: &impl Env, generated: Secret) -> Result<(Self, bool), ConfigError> {
        if optional(env, "AUTH_JWT_SECRET").is_some() {
            return Ok((Self::from_env(env)?, false));
        }
        Ok((Self::signing_with(env, generated), true))
    }

    /// `secret` with the issuer and audience the environment requires.
    fn signing_with(env: &impl Env, secret: Secret) -> Self {
        Self {
            secret,
            issuer: optional(env, "AUTH_JWT_ISSUER"),
            audience: optional(env, "AUTH_JWT_AUDIENCE"),
        }
    }
}

/// A random HS256 secret for one run: 64 hex digits (244 random bits from the OS).
#[must_use]
pub fn random_jwt_secret() -> Secret {
    let a = uuid::Uuid::new_v4().simple();
    let b = uuid::Uuid::new_v4().simple();
    Secret(format!("{a}{b}"))
}

/// How Twilio's REST API is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwilioSettings {
    /// `TWILIO_ACCOUNT_SID`.
    pub account_sid: AccountSid,
    /// `TWILIO_AUTH_TOKEN`.
    pub auth_token: Secret,
    /// `TWILIO_API_KEY_SID` and `TWILIO_API_KEY_SECRET`, when set.
    pub api_key: Option<(ApiKeySid, Secret)>,
    /// `TWILIO_API_BASE_URL`, without a trailing slash.
    pub api_base_url: String,
    /// `TWILIO_TIMEOUT_SECONDS`.
    pub timeout: std::time::Duration,
}

impl TwilioSettings {
    /// `TWILIO_TIMEOUT_SECONDS` when unset.
    const DEFAULT_TIMEOUT_SECONDS: u64 = 10;

    /// The variables that describe a real account; with none of them set, `serve` runs the
    /// embedded stand-in.
    const ACCOUNT_VARS: [&'static str; 4] = [
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_KEY_SID",
        "TWILIO_API_KEY_SECRET",
        "TWILIO_API_BASE_URL",
    ];

    /// Reads the `TWILIO_*` variables, or `None` when none of them is set (for `serve`, which
    /// then starts the local stand-in).
    ///
    /// # Errors
    /// As [`TwilioSettings::from_env`]; and when another `TWILIO_*` variable is set without
    /// `TWILIO_ACCOUNT_SID` (a half-configured account never silently becomes the stand-in).
    pub fn from_env_if_set(env: &impl Env) -> Result<Option<Self>, ConfigError> {
        if optional(env, "TWILIO_ACCOUNT_SID").is_some() {
            return Self::from_env(env).map(Some);
        }
        match Self::ACCOUNT_VARS
            .iter()
            .find(|var| optional(env, var).is_some())
        {
            None => Ok(None),
            Some(set) => Err(error(
                "TWILIO_ACCOUNT_SID",
                format!(
                    "is not set ({set} is); set it for a real account, or unset every TWILIO_* variable for the local stand-in"
                ),
            )),
        }
    }

    /// Settings for a stand-in at `api_base_url` (default timeout, no API key).
    #[must_use]
    pub fn stand_in(account_sid: AccountSid, auth_token: Secret, api_base_url: &str) -> Self {
        Self {
            account_sid,
            auth_token,
            api_key: None,
            api_base_url: api_base_url.trim_end_matches('/').to_owned(),
            timeout: std::time::Duration::from_secs(Self::DEFAULT_TIMEOUT_SECONDS),
        }
    }

    /// Reads the `TWILIO_*` variables.
    ///
    /// # Errors
    /// When the account SID or auth token is missing or malformed, only one of the API key
    /// variables is set, the base URL is not http(s), or the timeout is out of range.
    pub fn from_env(env: &impl Env) -> Result<Self, ConfigError> {
        let account_sid = AccountSid::parse(&required(env, "TWILIO_ACCOUNT_SID")?)
            .map_err(|_| error("TWILIO_ACCOUNT_SID", "must be AC followed by 32 hex digits"))?;
        let auth_token = Secret(required(env, "TWILIO_AUTH_TOKEN")?);
        let api_key = match (
            optional(env, "TWILIO_API_KEY_SID"),
            optional(env, "TWILIO_API_KEY_SECRET"),
        ) {
            (None, None) => None,
            (Some(sid), Some(secret)) => Some((
                ApiKeySid::parse(&sid).map_err(|_| {
                    error("TWILIO_API_KEY_SID", "must be SK followed by 32 hex digits")
                })?,
                Secret(secret),
            )),
            (Some(_), None) => {
                return Err(error(
                    "TWILIO_API_KEY_SECRET",
                    "is not set (TWILIO_API_KEY_SID is)",
                ));
            }
            (None, Some(_)) => {
                return Err(error(
                    "TWILIO_API_KEY_SID",
                    "is not set (TWILIO_API_KEY_SECRET is)",
                ));
            }
        };
        let api_base_url = match optional(env, "TWILIO_API_BASE_URL") {
            None => "https://api.twilio.com".to_owned(),
            Some(raw) => http_url("TWILIO_API_BASE_URL", raw, "https://api.twilio.com")?,
        };
        let timeout = match optional(env, "TWILIO_TIMEOUT_SECONDS") {
            None => Self::DEFAULT_TIMEOUT_SECONDS,
            Some(raw) => raw
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=60).contains(n))
                .ok_or_else(|| error("TWILIO_TIMEOUT_SECONDS", "must be a number from 1 to 60"))?,
        };
        Ok(Self {
            account_sid,
            auth_token,
            api_key,
            api_base_url,
            timeout: std::time::Duration::from_secs(timeout),
        })
    }
}

/// Who may buy numbers and what they cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberSettings {
    /// `NUMBER_PURCHASE_POLICY`.
    pub policy: PurchasePolicy,
    /// `NUMBER_PRICES` in `NUMBER_PRICE_CURRENCY`.
    pub prices: NumberPriceList,
}

impl NumberSettings {
    /// Reads `NUMBER_PURCHASE_POLICY`, `NUMBER_PRICES` and `NUMBER_PRICE_CURRENCY`.
    ///
    /// # Errors
    /// When the policy is not `open` or `admin`, or a price entry or the currency is malformed.
    pub fn from_env(env: &impl Env) -> Result<Self, ConfigError> {
        let policy = match optional(env, "NUMBER_PURCHASE_POLICY").as_deref() {
            None | Some("open") => PurchasePolicy::Open,
            Some("admin") => PurchasePolicy::AdminOnly,
            Some(_) => return Err(error("NUMBER_PURCHASE_POLICY", "must be `open` or `admin`")),
        };
        let currency = match optional(env, "NUMBER_PRICE_CURRENCY") {
            None => Currency::usd(),
            Some(raw) => Currency::parse(&raw)
                .map_err(|_| error("NUMBER_PRICE_CURRENCY", "must be a currency code like USD"))?,
        };
        let prices = match optional(env, "NUMBER_PRICES") {
            None if currency == Currency::usd() => NumberPriceList::twilio_us_list_prices(),
            None => NumberPriceList::empty(currency),
            Some(raw) => parse_prices(&raw, currency)?,
        };
        Ok(Self { policy, prices })
    }
}

/// Parses `US/local=1.15,US/tollfree=2.15` (or `none`).
fn parse_prices(raw: &str, currency: Currency) -> Result<NumberPriceList, ConfigError> {
    let mut list = NumberPriceList::empty(currency);
    if raw == "none" {
        return Ok(list);
    }
    for entry in raw.split(',').map(str::trim) {
        let bad = || {
            error(
                "NUMBER_PRICES",
                format!(
                    "has a malformed entry {entry:?} (expected COUNTRY/TYPE=AMOUNT, like US/local=1.15)"
                ),
            )
        };
        let (key, amount) = entry.split_once('=').ok_or_else(bad)?;
        let (country, kind) = key.split_once('/').ok_or_else(bad)?;
        list = list.with(
            CountryCode::parse(country).map_err(|_| bad())?,
            NumberType::parse(kind).map_err(|_| bad())?,
            Amount::parse(amount).map_err(|_| bad())?,
        );
    }
    Ok(list)
}

/// Everything `serve` needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// The database, or `None` for the in-memory store.
    pub database: Option<DatabaseConfig>,
    /// `BIND_ADDR`.
    pub bind_addr: SocketAddr,
    /// `PUBLIC_BASE_URL`, without a trailing slash; `None` (only with the stand-in) for the
    /// address `serve` listens on.
    pub public_base_url: Option<String>,
    /// Twilio's REST API and webhook signatures, or `None` for the embedded stand-in.
    pub twilio: Option<TwilioSettings>,
    /// Number purchases.
    pub numbers: NumberSettings,
    /// Bearer tokens.
    pub auth: AuthSettings,
    /// Whether `auth`'s secret was generated for this run (`AUTH_JWT_SECRET` unset; only
    /// with the stand-in).
    pub auth_secret_generated: bool,
    /// `TWILIO_SIM_AUTH_TOKEN`: the embedded stand-in account's auth token, when not its
    /// fixed development token.
    pub stand_in_auth_token: Option<Secret>,
    /// `SESSION_RATE_LIMIT_PER_MINUTE`.
    pub session_quota: Quota,
}

impl ServeConfig {
    /// Reads every variable `serve` uses, stopping at the first problem. Without
    /// `DATABASE_URL` the store is in memory. Without `TWILIO_ACCOUNT_SID` Twilio is the
    /// embedded stand-in, and then `PUBLIC_BASE_URL` and `AUTH_JWT_SECRET` may be left
    /// unset (`secret` is used when `AUTH_JWT_SECRET` is).
    ///
    /// # Errors
    /// The first missing or invalid variable.
    pub fn from_env(env: &impl Env, secret: Secret) -> Result<Self, ConfigError> {
        let bind_addr = match optional(env, "BIND_ADDR") {
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
            Some(raw) => raw
                .parse()
                .map_err(|_| error("BIND_ADDR", "must be an address like 127.0.0.1:8080"))?,
        };
        let per_minute = match optional(env, "SESSION_RATE_LIMIT_PER_MINUTE") {
            None => 10,
            Some(raw) => raw.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                error(
                    "SESSION_RATE_LIMIT_PER_MINUTE",
                    "must be a whole number above 0",
                )
            })?,
        };
        let database = DatabaseConfig::from_env_if_set(env)?;
        let twilio = TwilioSettings::from_env_if_set(env)?;
        let public_base_url = match (&twilio, optional(env, "PUBLIC_BASE_URL")) {
            (_, Some(raw)) => Some(public_base_url(raw)?),
            (None, None) => None,
            (Some(_), None) => {
                return Err(error(
                    "PUBLIC_BASE_URL",
                    "is not set (Twilio must reach this service's webhooks)",
                ));
            }
        };
        // Tokens are printed only with the stand-in, so only then can nobody's secret do.
        let (auth, auth_secret_generated) = if twilio.is_none() {
            AuthSettings::from_env_or(env, secret)?
        } else {
            (AuthSettings::from_env(env)?, false)
        };
        let stand_in_auth_token = optional(env, "TWILIO_SIM_AUTH_TOKEN").map(Secret);
        Ok(Self {
            database,
            bind_addr,
            public_base_url,
            twilio,
            numbers: NumberSettings::from_env(env)?,
            auth,
            auth_secret_generated,
            stand_in_auth_token,
            session_quota: Quota::per_minute(per_minute).map_err(|_| {
                error(
                    "SESSION_RATE_LIMIT_PER_MINUTE",
                    "must be a whole number above 0",
                )
            })?,
        })
    }
}

/// Reads and checks `PUBLIC_BASE_URL` alone (for commands that configure webhooks).
///
/// # Errors
/// When it is missing or not an absolute http(s) URL.
pub fn public_base_url_from_env(env: &impl Env) -> Result<String, ConfigError> {
    public_base_url(required(env, "PUBLIC_BASE_URL")?)
}

/// Checks and normalises `PUBLIC_BASE_URL`: an absolute http(s) URL with a host, no query or
/// fragment; a trailing slash is dropped.
fn public_base_url(raw: String) -> Result<String, ConfigError> {
    http_url("PUBLIC_BASE_URL", raw, "https://switchboard.example.com")
}

/// Checks and normalises a base URL: absolute http(s) with a host, no query or fragment;
/// a trailing slash is dropped.
fn http_url(var: &'static str, raw: String, example: &str) -> Result<String, ConfigError> {
    let bad = || {
        error(
            var,
            format!("must be an absolute http(s) URL such as {example}"),
        )
    };
    let lower = raw.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || raw.contains(['?', '#']) || raw.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

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
            ("NUMBER_PURCHASE_POLICY", "everyone"),
            ("NUMBER_PRICES", "US-local=1"),
            ("NUMBER_PRICES", "US/local=1.123456"),
            ("NUMBER_PRICE_CURRENCY", "dollars"),
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
}
