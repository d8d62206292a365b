//! Why a messages request failed.

use time::Duration;

use crate::StoreError;
use crate::telephony::TelephonyError;

/// Why a messages request failed.
#[derive(Debug, thiserror::Error)]
pub enum MessagesError {
    /// No such message or number, or not the caller's.
    #[error("not found")]
    NotFound,
    /// `from` is not one of the caller's active numbers with the capability.
    #[error("{0}")]
    SenderNotOwned(String),
    /// The caller has no number to send from.
    #[error("{0}")]
    NoSender(String),
    /// Too many messages this minute.
    #[error("too many messages: try again later")]
    RateLimited {
        /// How long until one more message is allowed.
        retry_after: Duration,
    },
    /// Twilio refused the message.
    #[error("Twilio refused the message: {message}")]
    MessageRejected {
        /// Twilio's error code, when it gave one.
        twilio_code: Option<u32>,
        /// Twilio's words.
        message: String,
    },
    /// The provider failed for another reason.
    #[error(transparent)]
    Telephony(TelephonyError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<TelephonyError> for MessagesError {
    fn from(e: TelephonyError) -> Self {
        match e {
            TelephonyError::InvalidTo { message } => Self::MessageRejected {
                twilio_code: Some(21211),
                message,
            },
            TelephonyError::Rejected {
                status: 400 | 422,
                code,
                message,
            } => Self::MessageRejected {
                twilio_code: code,
                message,
            },
            other => Self::Telephony(other),
        }
    }
}
