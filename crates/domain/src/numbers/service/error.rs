//! Why a numbers request failed.

use crate::StoreError;
use crate::telephony::TelephonyError;

/// Why a numbers request failed.
#[derive(Debug, thiserror::Error)]
pub enum NumbersError {
    /// The caller may not do this (not an admin, or the purchase policy forbids it).
    #[error("{0}")]
    Forbidden(&'static str),
    /// No such number, or not the caller's (callers cannot tell the two apart).
    #[error("number not found")]
    NotFound,
    /// Nothing matching is for sale.
    #[error("no phone number is available for this request")]
    NoNumbersAvailable,
    /// The number is in the voicemail pool or held by a user.
    #[error("the number is already in use by this service")]
    NumberInUse,
    /// The number was released; it cannot be changed any more.
    #[error("the number was released")]
    Released,
    /// The telephony provider failed or refused.
    #[error(transparent)]
    Telephony(TelephonyError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<TelephonyError> for NumbersError {
    /// "Not for sale" is the use cases' own outcome wherever the provider says it.
    fn from(e: TelephonyError) -> Self {
        match e {
            TelephonyError::NoNumbersAvailable { .. } => Self::NoNumbersAvailable,
            other => Self::Telephony(other),
        }
    }
}
