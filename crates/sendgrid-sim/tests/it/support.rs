//! Shared fixtures: a started stand-in, a raw HTTP client, and valid bodies.

use serde_json::{Value, json};
use switchboard_sendgrid_sim::{MailSendSpec, RunningSendGridSim, SendGridSim, SendGridSimConfig};

pub async fn start() -> RunningSendGridSim {
    start_with(SendGridSimConfig::default()).await
}

pub async fn start_with(config: SendGridSimConfig) -> RunningSendGridSim {
    SendGridSim::start(config)
        .await
        .expect("the stand-in starts")
}

/// An answer, read.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub message_id: Option<String>,
    pub retry_after: Option<String>,
    pub body: Value,
}

impl Answer {
    /// The `field`s of SendGrid's `errors[]`.
    pub fn fields(&self) -> Vec<Option<String>> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first `errors[].message`.
    pub fn first_message(&self) -> &str {
        self.body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
    }

    /// Asserts the body is SendGrid's `ErrorResponse`, as the spec documents it for the
    /// status.
    pub fn assert_error_shape(&self) {
        let spec = MailSendSpec::embedded().expect("the spec loads");
        let problems = spec.check_error_body(self.status, &self.body);
        assert!(
            problems.is_empty(),
            "{} {}: {problems:#?}",
            self.status,
            self.body
        );
        assert!(!self.fields().is_empty(), "no errors[] in {}", self.body);
    }
}

/// Sends `body` (raw bytes) to `path` with `authorization`.
pub async fn request(
    sim: &RunningSendGridSim,
    method: reqwest::Method,
    path: &str,
    authorization: Option<&str>,
    body: Vec<u8>,
) -> Answer {
    let mut builder = reqwest::Client::new()
        .request(method, format!("{}{path}", sim.base_url()))
        .header("content-type", "application/json")
        .body(body);
    if let Some(value) = authorization {
        builder = builder.header("authorization", value);
    }
    let response = builder.send().await.expect("the stand-in answers");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (message_id, retry_after) = (header("x-message-id"), header("retry-after"));
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    Answer {
        status,
        message_id,
        retry_after,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

/// Posts `body` to the mail route with the stand-in's key.
pub async fn send(sim: &RunningSendGridSim, body: &Value) -> Answer {
    let auth = format!("Bearer {}", sim.api_key());
    request(
        sim,
        reqwest::Method::POST,
        "/v3/mail/send",
        Some(&auth),
        body.to_string().into_bytes(),
    )
    .await
}

/// A valid text-and-HTML send to two recipients with an attachment.
pub fn valid() -> Value {
    json!({
        "personalizations": [{"to": [
            {"email": "alex@example.com", "name": "Alex"},
            {"email": "bola@example.com"}
        ]}],
        "from": {"email": "noreply@switchboard.example", "name": "Switchboard"},
        "subject": "Your voicemail",
        "content": [
            {"type": "text/plain", "value": "You have a new voicemail."},
            {"type": "text/html", "value": "<p>You have a new voicemail.</p>"}
        ],
        "attachments": [{"content": "aGVsbG8=", "filename": "hello.txt", "type": "text/plain", "disposition": "attachment"}]
    })
}
