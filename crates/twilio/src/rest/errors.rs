//! Twilio's error answers mapped to [`TelephonyError`], and the redaction that keeps
//! credentials out of every error the client returns.

use serde::Deserialize;
use switchboard_domain::telephony::TelephonyError;

/// Twilio 20003: authentication failed.
pub(crate) const CODE_AUTH_FAILED: u32 = 20003;
/// Twilio 20404: the resource was not found.
pub(crate) const CODE_NOT_FOUND: u32 = 20404;
/// Twilio 20429: too many concurrent requests.
pub(crate) const CODE_TOO_MANY_REQUESTS: u32 = 20429;
/// Twilio 21211: invalid `To` number.
pub(crate) const CODE_INVALID_TO: u32 = 21211;
/// Twilio 21422: the phone number is not available (to buy).
pub(crate) const CODE_NUMBER_NOT_AVAILABLE: u32 = 21422;
/// Twilio 21452: no phone numbers found in the area code.
pub(crate) const CODE_NO_NUMBERS_IN_AREA: u32 = 21452;
/// Twilio 21220: the call is not in a state that can be changed (it has ended).
pub(crate) const CODE_INVALID_CALL_STATE: u32 = 21220;

/// Twilio's legacy error body `{"code", "message", "more_info", "status"}`; the RFC 9457
/// fields some newer endpoints use (`title`, `detail`) are read as a fallback.
#[derive(Debug, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    code: Option<serde_json::Value>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

/// A non-success answer, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProviderError {
    /// The HTTP status.
    pub status: u16,
    /// Twilio's code, when the body had one.
    pub code: Option<u32>,
    /// Twilio's message, or the status's reason phrase.
    pub message: String,
}

impl ProviderError {
    /// Reads an error answer; a body that is not Twilio's JSON still gives the status.
    pub fn read(status: u16, body: &[u8]) -> Self {
        let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
        let code = parsed
            .as_ref()
            .and_then(|b| b.code.as_ref())
            .and_then(|c| match c {
                serde_json::Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
                serde_json::Value::String(s) => s.parse().ok(),
                _ => None,
            });
        let message = parsed
            .and_then(|b| b.message.or(b.detail).or(b.title))
            .map(|m| m.chars().take(500).collect())
            .unwrap_or_else(|| {
                reqwest::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .map_or_else(|| format!("HTTP {status}"), str::to_owned)
            });
        Self {
            status,
            code,
            message,
        }
    }

    /// Whether the provider said "not processed, try again": HTTP 429 (or Twilio 20429) and
    /// HTTP 503.
    pub fn is_retryable(&self) -> bool {
        self.status == 429 || self.status == 503 || self.code == Some(CODE_TOO_MANY_REQUESTS)
    }

    /// The port's error for this answer. `retry_after` is what the provider asked for.
    pub fn into_telephony_error(self, retry_after: Option<time::Duration>) -> TelephonyError {
        let Self {
            status,
            code,
            message,
        } = self;
        match (code, status) {
            (Some(CODE_AUTH_FAILED), _) | (_, 401) => TelephonyError::AuthFailed,
            (Some(CODE_NO_NUMBERS_IN_AREA | CODE_NUMBER_NOT_AVAILABLE), _) => {
                TelephonyError::NoNumbersAvailable { message }
            }
            (Some(CODE_INVALID_TO), _) => TelephonyError::InvalidTo { message },
            (Some(CODE_NOT_FOUND), _) | (_, 404) => TelephonyError::NotFound,
            (Some(CODE_TOO_MANY_REQUESTS), _) | (_, 429) => {
                TelephonyError::RateLimited { retry_after }
            }
            (_, 500..=599) => TelephonyError::Unavailable {
                reason: match code {
                    Some(code) => format!("HTTP {status} (code {code}): {message}"),
                    None => format!("HTTP {status}: {message}"),
                },
                retry_after,
            },
            (_, 400..=499) => TelephonyError::Rejected {
                status,
                code,
                message,
            },
            _ => TelephonyError::InvalidResponse {
                reason: format!("unexpected HTTP {status}: {message}"),
            },
        }
    }
}

/// Replaces every occurrence of `secret` in the error's text with `[redacted]`: a provider
/// (or a stand-in) that echoes a credential back must not get it into logs.
pub(crate) fn redact(error: TelephonyError, secret: &str) -> TelephonyError {
    if secret.is_empty() {
        return error;
    }
    let scrub = |text: String| redact_text(text, secret);
    match error {
        TelephonyError::NoNumbersAvailable { message } => TelephonyError::NoNumbersAvailable {
            message: scrub(message),
        },
        TelephonyError::InvalidTo { message } => TelephonyError::InvalidTo {
            message: scrub(message),
        },
        TelephonyError::Rejected {
            status,
            code,
            message,
        } => TelephonyError::Rejected {
            status,
            code,
            message: scrub(message),
        },
        TelephonyError::Unavailable {
            reason,
            retry_after,
        } => TelephonyError::Unavailable {
            reason: scrub(reason),
            retry_after,
        },
        TelephonyError::InvalidResponse { reason } => TelephonyError::InvalidResponse {
            reason: scrub(reason),
        },
        other @ (TelephonyError::AuthFailed
        | TelephonyError::NotFound
        | TelephonyError::RateLimited { .. }) => other,
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

    fn map(status: u16, body: &str) -> TelephonyError {
        ProviderError::read(status, body.as_bytes()).into_telephony_error(None)
    }

    #[test]
    fn twilio_codes_and_statuses_map_to_typed_errors() {
        assert_eq!(
            map(
                401,
                r#"{"code": 20003, "message": "Authenticate", "status": 401}"#
            ),
            TelephonyError::AuthFailed
        );
        assert_eq!(map(401, "not json"), TelephonyError::AuthFailed);
        assert_eq!(
            map(400, r#"{"code": 21452, "message": "No numbers found"}"#),
            TelephonyError::NoNumbersAvailable {
                message: "No numbers found".into()
            }
        );
        assert!(matches!(
            map(400, r#"{"code": 21422, "message": "not available"}"#),
            TelephonyError::NoNumbersAvailable { .. }
        ));
        assert_eq!(
            map(400, r#"{"code": 21211, "message": "Invalid 'To'"}"#),
            TelephonyError::InvalidTo {
                message: "Invalid 'To'".into()
            }
        );
        assert_eq!(map(404, r#"{"code": 20404}"#), TelephonyError::NotFound);
        assert_eq!(map(404, ""), TelephonyError::NotFound);
        assert_eq!(
            map(429, r#"{"code": 20429, "message": "Too Many Requests"}"#),
            TelephonyError::RateLimited { retry_after: None }
        );
        assert!(matches!(
            map(500, r#"{"code": 20500, "message": "Internal"}"#),
            TelephonyError::Unavailable { reason, .. } if reason.contains("500") && reason.contains("Internal")
        ));
        assert_eq!(
            map(400, r#"{"code": "21610", "message": "unsubscribed"}"#),
            TelephonyError::Rejected {
                status: 400,
                code: Some(21610),
                message: "unsubscribed".into()
            }
        );
        assert_eq!(
            map(409, "<html>conflict</html>"),
            TelephonyError::Rejected {
                status: 409,
                code: None,
                message: "Conflict".into()
            }
        );
    }

    #[test]
    fn only_throttling_and_503_are_retryable() {
        for (status, body, retry) in [
            (429, "", true),
            (503, "", true),
            (400, r#"{"code": 20429}"#, true),
            (500, "", false),
            (502, "", false),
            (504, "", false),
            (400, "", false),
            (401, "", false),
        ] {
            assert_eq!(
                ProviderError::read(status, body.as_bytes()).is_retryable(),
                retry,
                "{status} {body}"
            );
        }
    }

    #[test]
    fn redaction_removes_the_secret_from_every_text() {
        let err = redact(
            TelephonyError::Rejected {
                status: 400,
                code: None,
                message: "token s3cret-token was wrong; s3cret-token".into(),
            },
            "s3cret-token",
        );
        let printed = format!("{err} {err:?}");
        assert!(!printed.contains("s3cret-token"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }
}
