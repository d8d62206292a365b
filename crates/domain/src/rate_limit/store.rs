//! Shared rate-limit state, so a limit holds across every replica of the service.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::{Quota, RateDecision};
use crate::StoreError;

/// Per-key rate-limit state.
#[async_trait]
pub trait RateLimitStore: Send + Sync + std::fmt::Debug + 'static {
    /// Counts one event for `key` at `now` under `quota` and says whether it is allowed.
    /// The adapter reads the key's state, calls [`Quota::decide`], and stores the new state
    /// when allowed, all under one lock on the key.
    ///
    /// # Errors
    /// - MUST be exact under concurrency: of N simultaneous calls on a fresh key with a
    ///   quota of L (N > L), exactly L are allowed.
    /// - MUST return [`StoreError`] on infrastructure failure (the caller then refuses the
    ///   request rather than letting it through unmetered).
    async fn acquire(
        &self,
        key: &str,
        quota: Quota,
        now: OffsetDateTime,
    ) -> Result<RateDecision, StoreError>;
}
