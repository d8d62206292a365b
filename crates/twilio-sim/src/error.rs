//! Errors: the REST error bodies the stand-in answers with, and the errors of its driver API.

use serde_json::{Value, json};

/// A REST error as Twilio renders it:
/// `{"code": 20404, "message": "...", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwilioError {
    /// The HTTP status (also the body's `status`).
    pub status: u16,
    /// Twilio's error code.
    pub code: u32,
    /// The human-readable message.
    pub message: String,
}

impl TwilioError {
    /// An error with `status`, `code` and `message`.
    #[must_use]
    pub fn new(status: u16, code: u32, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    /// A 400 Bad Request with a specific `code`.
    #[must_use]
    pub fn bad_request(code: u32, message: impl Into<String>) -> Self {
        Self::new(400, code, message)
    }

    /// A 400 whose code is the generic `400` (Twilio's "Bad Request" error page), for invalid
    /// parameters that have no more specific code.
    #[must_use]
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(400, 400, message)
    }

    /// 401, code 20003 "Authenticate".
    #[must_use]
    pub fn authenticate() -> Self {
        Self::new(401, 20003, "Authenticate")
    }

    /// 404, code 20404, naming the path as Twilio does.
    #[must_use]
    pub fn not_found(path: &str) -> Self {
        Self::new(
            404,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }

    /// 405, code 20004 "Method not allowed".
    #[must_use]
    pub fn method_not_allowed() -> Self {
        Self::new(405, 20004, "Method not allowed")
    }

    /// 503, code 20503 "Service unavailable".
    #[must_use]
    pub fn unavailable() -> Self {
        Self::new(503, 20503, "Service unavailable")
    }

    /// The `more_info` link: `https://www.twilio.com/docs/errors/{code}`.
    #[must_use]
    pub fn more_info(&self) -> String {
        format!("https://www.twilio.com/docs/errors/{}", self.code)
    }

    /// The JSON body.
    #[must_use]
    pub fn body(&self) -> Value {
        json!({
            "code": self.code,
            "message": self.message,
            "more_info": self.more_info(),
            "status": self.status,
        })
    }
}

/// Errors of the stand-in's own API (starting it and driving it from tests).
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The configuration is not usable.
    #[error("invalid stand-in configuration: {0}")]
    Config(String),
    /// The listener could not be bound or the server not started.
    #[error("could not start the stand-in: {0}")]
    Start(#[from] std::io::Error),
    /// The embedded OpenAPI subset could not be loaded.
    #[error(transparent)]
    Spec(#[from] crate::spec::SpecError),
    /// No resource with that SID or number.
    #[error("{0} not found")]
    NotFound(String),
    /// The requested status change goes backwards or skips an end state.
    #[error("cannot move {sid} from `{from}` to `{to}`")]
    InvalidTransition {
        /// The call or message.
        sid: String,
        /// Its status now.
        from: String,
        /// The status asked for.
        to: String,
    },
    /// A number, URL or other argument is malformed.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// The number has no URL configured for this kind of webhook.
    #[error("{number} has no {which} configured")]
    NoWebhook {
        /// The incoming number.
        number: String,
        /// `VoiceUrl` or `SmsUrl`.
        which: &'static str,
    },
    /// The account has no TwiML App with a `VoiceUrl` for a browser call to go through.
    #[error("the account has no TwiML App with a VoiceUrl")]
    NoApplication,
    /// The webhook could not be delivered (connection failure, timeout).
    #[error("webhook to {url} failed: {reason}")]
    Webhook {
        /// The URL as configured (before any routing).
        url: String,
        /// What went wrong.
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::TwilioError;
    use serde_json::json;

    #[test]
    fn bodies_have_twilios_shape() {
        assert_eq!(
            TwilioError::authenticate().body(),
            json!({
                "code": 20003,
                "message": "Authenticate",
                "more_info": "https://www.twilio.com/docs/errors/20003",
                "status": 401
            })
        );
        let not_found = TwilioError::not_found("/2010-04-01/Accounts/AC1/Calls/CA1.json");
        assert_eq!(not_found.status, 404);
        assert_eq!(
            not_found.message,
            "The requested resource /2010-04-01/Accounts/AC1/Calls/CA1.json was not found"
        );
    }
}
