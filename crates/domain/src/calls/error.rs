//! Why a calls request failed.

use time::Duration;

use crate::StoreError;
use crate::telephony::TelephonyError;

/// Why a calls request failed.
#[derive(Debug, thiserror::Error)]
pub enum CallsError {
    /// No such call or recording, or not the caller's (callers cannot tell the two apart).
    #[error("not found")]
    NotFound,
    /// Only admins may act on another user's calls.
    #[error("only admins may name another user")]
    Forbidden,
    /// `from` is not one of the caller's active, voice-capable numbers.
    #[error("the caller id is not one of your active voice numbers")]
    CallerIdNotOwned,
    /// The caller has no active, voice-capable number to call from.
    #[error("you have no active voice number to call from")]
    NoCallerId,
    /// Too many calls this minute.
    #[error("too many calls: try again later")]
    RateLimited {
        /// How long until one more call is allowed.
        retry_after: Duration,
    },
    /// Twilio refused to place the call (21211 and the like).
    #[error("Twilio refused the call: {message}")]
    CallRejected {
        /// Twilio's error code, when it gave one.
        twilio_code: Option<u32>,
        /// Twilio's words.
        message: String,
    },
    /// The recording was deleted.
    #[error("the recording was deleted")]
    RecordingDeleted,
    /// The telephony provider failed or refused for another reason.
    #[error(transparent)]
    Telephony(TelephonyError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<TelephonyError> for CallsError {
    fn from(e: TelephonyError) -> Self {
        match e {
            TelephonyError::InvalidTo { message } => Self::CallRejected {
                twilio_code: Some(21211),
                message,
            },
            TelephonyError::Rejected {
                status: 400 | 422,
                code,
                message,
            } => Self::CallRejected {
                twilio_code: code,
                message,
            },
            other => Self::Telephony(other),
        }
    }
}
