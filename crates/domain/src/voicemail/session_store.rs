//! Storage of voicemail sessions and the leases they hold on pool numbers.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::session::{NewSession, SessionId, SessionQuery, VoicemailSession};
use crate::{Page, PhoneNumber, Quota, StoreError};

/// Why a lease failed.
#[derive(Debug, thiserror::Error)]
pub enum LeaseError {
    /// Every pool number is leased at the requested instant (or the pool is empty).
    #[error("no pool number is free")]
    PoolExhausted,
    /// The rate limit of [`SessionStore::lease_number_within`] refused the lease.
    #[error("rate limited; retry after {retry_after}")]
    RateLimited {
        /// How long until one more lease is allowed.
        retry_after: time::Duration,
    },
    /// The store failed; nothing was leased.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Voicemail sessions and the number leases they hold.
///
/// A pool number is free at instant `t` when it was never leased or its lease ends at or
/// before `t`. Leases end by time alone: no job and no write is needed for a number to
/// become free again.
#[async_trait]
pub trait SessionStore: Send + Sync + std::fmt::Debug + 'static {
    /// Atomically picks one number free at `new.created_at`, leases it until
    /// `new.expires_at`, and records the session. Numbers never leased, or whose lease
    /// ended longest ago, are picked first.
    ///
    /// # Errors
    /// - MUST return [`LeaseError::PoolExhausted`] when no number is free, and then record
    ///   nothing.
    /// - MUST never lease one number to two sessions whose lifetimes overlap, whatever the
    ///   concurrency (across processes too).
    /// - MUST return [`LeaseError::Store`] on infrastructure failure, leaving no partial
    ///   state (no lease without a session, no session without a lease).
    async fn lease_number(&self, new: NewSession) -> Result<VoicemailSession, LeaseError>;

    /// [`Self::lease_number`] after one event of `quota` is taken for the rate-limit key
    /// `limit_key` at `new.created_at` (as [`RateLimitStore::acquire`] takes it, on the
    /// same keys), as one atomic step: the hot path of a session's creation, one round trip
    /// where the store allows it.
    ///
    /// # Errors
    /// As [`Self::lease_number`]; and
    /// - MUST return [`LeaseError::RateLimited`] when the quota refuses, leasing and
    ///   recording nothing (a refused event is not counted);
    /// - an allowed event is counted even when the pool is exhausted (as `acquire` then a
    ///   failed lease would count it).
    ///
    /// [`RateLimitStore::acquire`]: crate::ports::RateLimitStore::acquire
    async fn lease_number_within(
        &self,
        new: NewSession,
        limit_key: &str,
        quota: Quota,
    ) -> Result<VoicemailSession, LeaseError>;

    /// One session by id.
    ///
    /// # Errors
    /// MUST return `Ok(None)` for an unknown id, and [`StoreError`] only on infrastructure
    /// failure.
    async fn session(&self, id: SessionId) -> Result<Option<VoicemailSession>, StoreError>;

    /// A user's sessions, newest first (by creation time, then id), filtered by status at
    /// `query.now`, one page at a time.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn list_sessions(
        &self,
        query: &SessionQuery,
    ) -> Result<Page<VoicemailSession>, StoreError>;

    /// Ends a session at `now` if it is still active, and frees its number at once if the
    /// number is still leased to it. Ending an ended session changes nothing. Returns the
    /// session as stored afterwards.
    ///
    /// # Errors
    /// MUST return `Ok(None)` for an unknown id, and [`StoreError`] only on infrastructure
    /// failure (in which case nothing changed).
    async fn expire_session(
        &self,
        id: SessionId,
        now: OffsetDateTime,
    ) -> Result<Option<VoicemailSession>, StoreError>;

    /// The session active at `now` on `number` (at most one exists), for inbound calls.
    /// This is the webhook's hot path: one indexed read.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn active_session_for(
        &self,
        number: &PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<Option<VoicemailSession>, StoreError>;
}
