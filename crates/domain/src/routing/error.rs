//! Why a routing request failed.

use super::store::RuleWriteError;
use crate::StoreError;

/// Why a request about forwarding rules, menus or voicemail failed.
#[derive(Debug, thiserror::Error)]
pub enum RoutingError {
    /// No such number or rule, or not the caller's (callers cannot tell the two apart).
    #[error("not found")]
    NotFound,
    /// The number was released: its routing can no longer change.
    #[error("the number was released")]
    Released,
    /// The forward would reach the number itself, or close a loop through this service's
    /// numbers.
    #[error("{0}")]
    Loop(String),
    /// Another enabled rule of the same type is on the number.
    #[error("the number already has an enabled {0} rule")]
    Conflict(&'static str),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl RoutingError {
    pub(super) fn from_write(e: RuleWriteError, kind: &'static str) -> Self {
        match e {
            RuleWriteError::Conflict => Self::Conflict(kind),
            RuleWriteError::NotFound => Self::NotFound,
            RuleWriteError::Store(e) => Self::Store(e),
        }
    }
}
