//! Shared fixtures: a client pointed at a mock server whose waits are recorded instead of
//! slept, emails of every shape, and SendGrid-shaped answers.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use serde_json::{Value, json};
use switchboard_domain::email::{EmailAddress, EmailDraft, OutgoingEmail};
use switchboard_sendgrid::{ApiKey, RetryPolicy, SendGridClient, SendGridConfig, Sleeper};
use url::Url;
use wiremock::{MockServer, Request};

pub const KEY: &str = "SG.t3stKeyNeverShown.0123456789abcdefABCDEF";

/// Records every wait and returns at once.
#[derive(Debug, Default)]
pub struct RecordedWaits(Mutex<Vec<Duration>>);

impl RecordedWaits {
    pub fn waits(&self) -> Vec<Duration> {
        self.0.lock().expect("not poisoned").clone()
    }
}

#[async_trait]
impl Sleeper for RecordedWaits {
    async fn sleep(&self, duration: Duration) {
        self.0.lock().expect("not poisoned").push(duration);
    }
}

/// A configuration for `base_url` with a 2 s timeout and the default retries.
pub fn config_for(base_url: &str) -> SendGridConfig {
    let mut config = SendGridConfig::new(ApiKey::new(KEY))
        .with_base_url(Url::parse(base_url).expect("a valid fixture"));
    config.timeout = Duration::from_secs(2);
    config.retry = RetryPolicy::default();
    config
}

/// A client of `server` and the waits it made.
pub fn client(server: &MockServer) -> (SendGridClient, Arc<RecordedWaits>) {
    client_with(config_for(&server.uri()))
}

pub fn client_with(config: SendGridConfig) -> (SendGridClient, Arc<RecordedWaits>) {
    let waits = Arc::new(RecordedWaits::default());
    let client = SendGridClient::new(config)
        .expect("the client builds")
        .with_sleeper(waits.clone());
    (client, waits)
}

pub fn address(text: &str) -> EmailAddress {
    EmailAddress::parse(text).expect("a valid fixture")
}

pub fn base() -> EmailDraft {
    EmailDraft {
        to: vec![address("alex@example.com")],
        from: address("noreply@switchboard.example")
            .with_name("Switchboard")
            .expect("a valid name"),
        subject: Some("Your voicemail".into()),
        text: Some("You have a new voicemail.".into()),
        html: None,
        attachments: Vec::new(),
        template: None,
    }
}

/// A text email to one recipient.
pub fn text_email() -> OutgoingEmail {
    OutgoingEmail::new(base()).expect("a valid fixture")
}

/// SendGrid's error body with one error.
pub fn sendgrid_error(message: &str, field: Option<&str>) -> Value {
    json!({"errors": [{"message": message, "field": field, "help": null}]})
}

/// Every request the server received.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}
