//! How a provider request can fail.

use time::Duration;

/// Why the telephony provider did not do what was asked.
///
/// Messages hold what the provider said; never credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TelephonyError {
    /// The provider rejected the credentials (Twilio 20003, HTTP 401).
    #[error("the telephony provider rejected the credentials")]
    AuthFailed,
    /// No number matches, or the number asked for is not for sale (Twilio 21452, 21422).
    #[error("no phone number is available: {message}")]
    NoNumbersAvailable {
        /// The provider's words.
        message: String,
    },
    /// The destination is not a valid phone number (Twilio 21211).
    #[error("invalid destination number: {message}")]
    InvalidTo {
        /// The provider's words.
        message: String,
    },
    /// The resource does not exist (Twilio 20404, HTTP 404).
    #[error("the telephony resource was not found")]
    NotFound,
    /// The provider is throttling us (Twilio 20429, HTTP 429) and retries did not help.
    #[error("the telephony provider is rate limiting requests")]
    RateLimited {
        /// How long the provider asked us to wait, if it said.
        retry_after: Option<Duration>,
    },
    /// The provider refused the request for another reason (a 4xx with Twilio's code).
    #[error("the telephony provider refused the request ({status}, code {code:?}): {message}")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// Twilio's error code, when given.
        code: Option<u32>,
        /// The provider's words.
        message: String,
    },
    /// The provider could not be reached, timed out, or failed (5xx). Whether the request
    /// took effect is unknown.
    #[error("the telephony provider is unavailable: {reason}")]
    Unavailable {
        /// What went wrong (no credentials).
        reason: String,
        /// How long the provider asked us to wait, if it said.
        retry_after: Option<Duration>,
    },
    /// The provider answered with something we cannot read (malformed or missing fields).
    /// Whether the request took effect is unknown.
    #[error("the telephony provider sent an unreadable response: {reason}")]
    InvalidResponse {
        /// What was wrong with it.
        reason: String,
    },
}

impl TelephonyError {
    /// Whether the request certainly had no effect at the provider (it was refused), as
    /// opposed to an outcome that is unknown (timeouts, 5xx, unreadable answers).
    #[must_use]
    pub fn certainly_not_applied(&self) -> bool {
        !matches!(
            self,
            Self::Unavailable { .. } | Self::InvalidResponse { .. }
        )
    }
}
