//! No credential in any error's Display or Debug, any log line, or any Debug output.

use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use switchboard_domain::ports::{CallControl, NumberProvider};
use switchboard_domain::telephony::TelephonyError;
use switchboard_domain::{AccountSid, ApiKeySid};
use switchboard_twilio::rest::{
    ClientBuildError, Credentials, RestConfig, Secret, TwilioRestClient,
};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use url::Url;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

/// A subscriber that writes every event and span field into a string.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }
}

impl Capture {
    fn text(&self) -> String {
        self.0.lock().expect("capture lock").clone()
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        span.record(&mut Fields(&mut self.0.lock().expect("capture lock")));
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().expect("capture lock")));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut text = self.0.lock().expect("capture lock");
        let _ = write!(text, "{} ", event.metadata().level());
        event.record(&mut Fields(&mut text));
        text.push('\n');
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Runs `client.call` against a server answering `template`; returns the error.
async fn call_error(template: ResponseTemplate, timeout: Duration) -> TelephonyError {
    let server = server_answering(template).await;
    let mut config = config(&server);
    config.timeout = timeout;
    TwilioRestClient::new(config)
        .expect("the client builds")
        .call(&call_sid())
        .await
        .expect_err("the call fails")
}

#[tokio::test]
async fn no_error_or_log_line_contains_the_secret_even_when_the_provider_echoes_it() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let normal = Duration::from_secs(2);
    let echo = format!("bad credentials {TOKEN} for {ACCOUNT}");
    let mut echoed_sid = call_json("queued");
    echoed_sid["sid"] = json!(TOKEN);
    let mut echoed_status = call_json("queued");
    echoed_status["status"] = json!(TOKEN);

    let mut errors = vec![
        call_error(
            ResponseTemplate::new(401).set_body_json(error_json(20003, &echo, 401)),
            normal,
        )
        .await,
        call_error(
            ResponseTemplate::new(400).set_body_json(error_json(21000, &echo, 400)),
            normal,
        )
        .await,
        call_error(
            ResponseTemplate::new(400).set_body_json(error_json(21211, &echo, 400)),
            normal,
        )
        .await,
        call_error(
            ResponseTemplate::new(500).set_body_json(error_json(20500, &echo, 500)),
            normal,
        )
        .await,
        call_error(
            ResponseTemplate::new(503).set_body_json(error_json(20503, &echo, 503)),
            normal,
        )
        .await,
        call_error(
            ResponseTemplate::new(429).set_body_json(error_json(20429, &echo, 429)),
            normal,
        )
        .await,
        call_error(ResponseTemplate::new(200).set_body_json(echoed_sid), normal).await,
        call_error(
            ResponseTemplate::new(200).set_body_json(echoed_status),
            normal,
        )
        .await,
        call_error(
            ResponseTemplate::new(200).set_body_string(format!("not json {TOKEN}")),
            normal,
        )
        .await,
        call_error(
            ResponseTemplate::new(200)
                .set_body_json(call_json("queued"))
                .set_delay(Duration::from_secs(5)),
            Duration::from_millis(100),
        )
        .await,
    ];
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let unreachable = RestConfig {
        base_url: Url::parse(&format!("http://127.0.0.1:{closed}")).unwrap(),
        ..config(&MockServer::start().await)
    };
    errors.push(
        TwilioRestClient::new(unreachable)
            .unwrap()
            .account()
            .await
            .unwrap_err(),
    );

    assert_eq!(errors.len(), 11);
    let encoded = auth_header()["Basic ".len()..].to_owned();
    for error in &errors {
        let printed = format!("{error} | {error:?}");
        assert!(!printed.contains(TOKEN), "secret in error: {printed}");
        assert!(
            !printed.contains(&encoded),
            "auth header in error: {printed}"
        );
    }
    assert!(
        errors
            .iter()
            .any(|e| format!("{e:?}").contains("[redacted]")),
        "echoed secrets are replaced, not dropped silently: {errors:?}"
    );
    let logs = capture.text();
    assert!(logs.contains("Twilio request failed"), "{logs}");
    assert!(logs.contains("retrying"), "{logs}");
    assert!(!logs.contains(TOKEN), "secret in logs: {logs}");
    assert!(!logs.contains(&encoded), "auth header in logs: {logs}");
}

#[test]
fn debug_output_of_config_and_client_never_shows_the_secret() {
    let key_secret = "key-secret-0123456789abcdef0123";
    let mut config = RestConfig::new(
        AccountSid::parse(ACCOUNT).unwrap(),
        Credentials::AuthToken(Secret::new(TOKEN)),
    );
    let printed = format!("{config:?}");
    assert!(!printed.contains(TOKEN), "{printed}");
    assert!(printed.contains("[redacted]"));
    let client = TwilioRestClient::new(config.clone()).unwrap();
    let printed = format!("{client:?}");
    assert!(!printed.contains(TOKEN), "{printed}");
    assert!(
        printed.contains(ACCOUNT) && printed.contains("api.twilio.com"),
        "{printed}"
    );

    config.credentials = Credentials::ApiKey {
        sid: ApiKeySid::parse("SK0123456789abcdef0123456789abcdef").unwrap(),
        secret: Secret::new(key_secret),
    };
    let client = TwilioRestClient::new(config.clone()).unwrap();
    let printed = format!("{config:?} {client:?} {:#?}", client.clone());
    assert!(!printed.contains(key_secret), "{printed}");
    assert!(
        printed.contains("SK0123456789abcdef0123456789abcdef"),
        "{printed}"
    );
}

#[test]
fn a_base_url_carrying_credentials_is_refused_without_repeating_them() {
    let mut config = RestConfig::new(
        AccountSid::parse(ACCOUNT).unwrap(),
        Credentials::AuthToken(Secret::new(TOKEN)),
    );
    config.base_url = Url::parse(&format!("https://{ACCOUNT}:{TOKEN}@api.twilio.com")).unwrap();
    let err = TwilioRestClient::new(config.clone()).unwrap_err();
    assert!(matches!(err, ClientBuildError::InvalidBaseUrl(_)));
    assert!(!format!("{err} {err:?}").contains(TOKEN));
    config.base_url = Url::parse("ftp://api.twilio.com").unwrap();
    assert!(matches!(
        TwilioRestClient::new(config).unwrap_err(),
        ClientBuildError::InvalidBaseUrl(_)
    ));
}
