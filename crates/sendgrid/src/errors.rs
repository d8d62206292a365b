//! SendGrid's error answers (`{"errors": [{"message", "field", "help"}]}`) read into the
//! port's [`EmailError`], and the redaction that keeps the API key out of every text.

use serde_json::Value;
use switchboard_domain::email::EmailError;

/// The longest provider message kept, in characters.
const MAX_MESSAGE_CHARS: usize = 500;

/// A non-success answer, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProviderError {
    /// The HTTP status.
    pub status: u16,
    /// The first `errors[].message`, or the status's reason phrase.
    pub message: String,
    /// The first error's `field`, when it names one.
    pub field: Option<String>,
}

impl ProviderError {
    /// Reads an error answer; a body that is not SendGrid's JSON still gives the status.
    pub fn read(status: u16, body: &[u8]) -> Self {
        let parsed: Option<Value> = serde_json::from_slice(body).ok();
        let first = parsed
            .as_ref()
            .and_then(|b| b.get("errors"))
            .and_then(Value::as_array)
            .and_then(|errors| errors.first());
        let message = first
            .and_then(|e| e.get("message"))
            .and_then(Value::as_str)
            .filter(|m| !m.trim().is_empty())
            .map_or_else(
                || reason_phrase(status),
                |m| m.chars().take(MAX_MESSAGE_CHARS).collect(),
            );
        let field = first
            .and_then(|e| e.get("field"))
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty() && *f != "null")
            .map(|f| f.chars().take(MAX_MESSAGE_CHARS).collect());
        Self {
            status,
            message,
            field,
        }
    }

    /// Whether SendGrid said "not processed, try later" (HTTP 429).
    pub fn is_throttled(&self) -> bool {
        self.status == 429
    }

    /// The port's error for this answer: a 4xx other than 429 is a refusal; a 429 that
    /// retries did not get past and a 503 mean not sent; anything else (another 5xx, an
    /// unexpected status) leaves the outcome unknown.
    pub fn into_email_error(self, attempts: u32) -> EmailError {
        let Self {
            status, message, ..
        } = self;
        match status {
            429 => EmailError::NotSent(format!(
                "SendGrid is rate limiting (HTTP 429) after {attempts} attempt{}: {message}",
                if attempts == 1 { "" } else { "s" }
            )),
            400..=499 => EmailError::Rejected { status, message },
            // 503 says the server could not handle the request (RFC 9110 §15.6.4): not
            // processed, so not sent. Any other 5xx may come after SendGrid accepted it.
            503 => EmailError::NotSent(format!("SendGrid answered HTTP 503: {message}")),
            500..=599 => {
                EmailError::Unavailable(format!("SendGrid answered HTTP {status}: {message}"))
            }
            _ => EmailError::Unavailable(format!(
                "SendGrid answered an unexpected HTTP {status}: {message}"
            )),
        }
    }
}

fn reason_phrase(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map_or_else(|| format!("HTTP {status}"), str::to_owned)
}

/// `error` with every occurrence of `secret` in its text replaced by `[redacted]`: a
/// provider (or stand-in) that echoes the key back must not get it into logs.
pub(crate) fn redact(error: EmailError, secret: &str) -> EmailError {
    match error {
        EmailError::Rejected { status, message } => EmailError::Rejected {
            status,
            message: redact_text(message, secret),
        },
        EmailError::Unavailable(reason) => EmailError::Unavailable(redact_text(reason, secret)),
        EmailError::NotSent(reason) => EmailError::NotSent(redact_text(reason, secret)),
    }
}

/// `text` with every occurrence of `secret` replaced by `[redacted]` (unchanged when the
/// secret is empty).
pub(crate) fn redact_text(text: String, secret: &str) -> String {
    if !secret.is_empty() && text.contains(secret) {
        text.replace(secret, "[redacted]")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(status: u16, body: &str) -> EmailError {
        ProviderError::read(status, body.as_bytes()).into_email_error(3)
    }

    #[test]
    fn the_first_error_message_is_kept() {
        let body = r#"{"errors": [
            {"message": "The from address does not match a verified Sender Identity.", "field": "from", "help": "http://x"},
            {"message": "second", "field": null}
        ]}"#;
        assert_eq!(
            map(403, body),
            EmailError::Rejected {
                status: 403,
                message: "The from address does not match a verified Sender Identity.".into()
            }
        );
        let read = ProviderError::read(400, body.as_bytes());
        assert_eq!(read.field.as_deref(), Some("from"));
        let null_field =
            ProviderError::read(400, br#"{"errors":[{"message":"x","field":"null"}]}"#);
        assert_eq!(null_field.field, None);
    }

    #[test]
    fn statuses_map_to_the_ports_errors() {
        assert_eq!(
            map(
                401,
                r#"{"errors":[{"message":"authorization required","field":null}]}"#
            ),
            EmailError::Rejected {
                status: 401,
                message: "authorization required".into()
            }
        );
        assert_eq!(
            map(413, "<html>too big</html>"),
            EmailError::Rejected {
                status: 413,
                message: "Payload Too Large".into()
            }
        );
        assert_eq!(
            map(400, r#"{"errors": []}"#),
            EmailError::Rejected {
                status: 400,
                message: "Bad Request".into()
            }
        );
        assert!(matches!(map(500, ""), EmailError::Unavailable(r) if r.contains("HTTP 500")));
        assert!(matches!(map(503, ""), EmailError::NotSent(r) if r.contains("HTTP 503")));
        assert!(matches!(
            map(429, r#"{"errors":[{"message":"too many requests"}]}"#),
            EmailError::NotSent(r) if r.contains("429") && r.contains("3 attempts") && r.contains("too many requests")
        ));
        assert!(matches!(map(302, ""), EmailError::Unavailable(r) if r.contains("unexpected")));
        let long = format!(r#"{{"errors":[{{"message":"{}"}}]}}"#, "m".repeat(600));
        assert!(
            matches!(map(400, &long), EmailError::Rejected { message, .. } if message.len() == 500)
        );
    }

    #[test]
    fn redaction_removes_the_key_from_every_text() {
        for error in [
            EmailError::Rejected {
                status: 400,
                message: "key SG.s3cret was wrong; SG.s3cret".into(),
            },
            EmailError::Unavailable("SG.s3cret".into()),
        ] {
            let error = redact(error, "SG.s3cret");
            let printed = format!("{error} {error:?}");
            assert!(!printed.contains("SG.s3cret"), "{printed}");
            assert!(printed.contains("[redacted]"));
        }
    }
}
