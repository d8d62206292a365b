//! What the stand-in accepted: each send as an [`OutboxEmail`], read from the request body.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A sender or recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxAddress {
    /// The address.
    pub email: String,
    /// The display name, if one was sent.
    pub name: Option<String>,
}

/// An attachment, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxAttachment {
    /// Its file name.
    pub filename: String,
    /// Its MIME type, if one was sent.
    pub content_type: Option<String>,
    /// Its size once decoded, in bytes.
    pub size: usize,
    /// Its content, base64 as sent.
    pub content: String,
}

/// One accepted mail send, in the order accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEmail {
    /// The `X-Message-Id` it was answered with.
    pub message_id: String,
    /// When it was accepted (RFC 3339, UTC).
    pub accepted_at: String,
    /// The sender (`from`).
    pub from: OutboxAddress,
    /// Every personalization's `to`, in order.
    pub to: Vec<OutboxAddress>,
    /// The subject: the message's, else the first personalization's.
    pub subject: Option<String>,
    /// The `text/plain` content.
    pub text: Option<String>,
    /// The `text/html` content.
    pub html: Option<String>,
    /// The attachments.
    pub attachments: Vec<OutboxAttachment>,
    /// The template, if one was named.
    pub template_id: Option<String>,
    /// The first personalization's `dynamic_template_data`.
    pub template_data: Option<Value>,
    /// The request body as received.
    pub body: Value,
}

impl OutboxEmail {
    /// Reads a body that passed the checks.
    pub(crate) fn read(message_id: String, accepted_at: String, body: Value) -> Self {
        let string = |v: &Value, name: &str| v.get(name).and_then(Value::as_str).map(str::to_owned);
        let address = |v: &Value| OutboxAddress {
            email: string(v, "email").unwrap_or_default(),
            name: string(v, "name"),
        };
        let list = |v: &Value, name: &str| -> Vec<Value> {
            v.get(name)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let personalizations = list(&body, "personalizations");
        let content = list(&body, "content");
        let content_of = |kind: &str| {
            content
                .iter()
                .find(|c| c.get("type").and_then(Value::as_str) == Some(kind))
                .and_then(|c| string(c, "value"))
        };
        Self {
            message_id,
            accepted_at,
            from: body.get("from").map(address).unwrap_or(OutboxAddress {
                email: String::new(),
                name: None,
            }),
            to: personalizations
                .iter()
                .flat_map(|p| list(p, "to"))
                .map(|t| address(&t))
                .collect(),
            subject: string(&body, "subject")
                .or_else(|| personalizations.first().and_then(|p| string(p, "subject"))),
            text: content_of("text/plain"),
            html: content_of("text/html"),
            attachments: list(&body, "attachments")
                .iter()
                .map(|a| {
                    let content = string(a, "content").unwrap_or_default();
                    OutboxAttachment {
                        filename: string(a, "filename").unwrap_or_default(),
                        content_type: string(a, "type"),
                        size: BASE64.decode(&content).map_or(0, |b| b.len()),
                        content,
                    }
                })
                .collect(),
            template_id: string(&body, "template_id"),
            template_data: personalizations
                .first()
                .and_then(|p| p.get("dynamic_template_data"))
                .cloned(),
            body,
        }
    }
}

impl OutboxAttachment {
    /// The attachment's bytes, decoded (empty if the content was not base64, which the
    /// stand-in does not accept).
    #[must_use]
    pub fn bytes(&self) -> Vec<u8> {
        BASE64.decode(&self.content).unwrap_or_default()
    }
}
