//! Where idempotency claims and their responses are kept.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::IdempotencyKey;
use crate::{StoreError, UserId};

/// A response kept for replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// Its HTTP status.
    pub status: u16,
    /// Its body (JSON).
    pub body: String,
}

/// One request's claim on a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyClaim {
    /// Whose key it is (two users' equal keys are unrelated).
    pub user: UserId,
    /// What the request is (`POST /v1/calls`): one key never spans two operations.
    pub operation: String,
    /// The key.
    pub key: IdempotencyKey,
    /// A digest of the request body's JSON value, whatever its whitespace or key order.
    pub fingerprint: String,
    /// When the request arrived.
    pub now: OffsetDateTime,
}

/// What claiming a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is ours: run the request, then finish or release the claim.
    Claimed,
    /// The request already ran: answer this again.
    Replay(StoredResponse),
    /// The same key is held by a request still running.
    InUse,
    /// The key was used with another body (or another operation).
    Mismatch,
}

/// Idempotency claims, shared by every replica.
#[async_trait]
pub trait IdempotencyStore: Send + Sync + std::fmt::Debug + 'static {
    /// Claims `claim.key` for `claim.user`. A key finished more than
    /// [`RETENTION`](super::RETENTION) ago, or claimed and unfinished for more than
    /// [`ABANDONED_AFTER`](super::ABANDONED_AFTER), is free again.
    ///
    /// # Errors
    /// - MUST let exactly one of any number of concurrent claims of a free key succeed;
    ///   the others get [`Claim::InUse`] (or [`Claim::Mismatch`] for another body).
    /// - MUST return [`StoreError`] only on infrastructure failure.
    async fn claim(&self, claim: &KeyClaim) -> Result<Claim, StoreError>;

    /// Keeps `response` for replay under a claim this request holds.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn finish(&self, claim: &KeyClaim, response: &StoredResponse) -> Result<(), StoreError>;

    /// Gives a claim up (the request failed with a 5xx, or answered something that is not
    /// kept): the key may be used again at once.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn release(&self, claim: &KeyClaim) -> Result<(), StoreError>;
}
