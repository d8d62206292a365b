//! Rate-limit state: one theoretical arrival time per key (GCRA, see [`Quota::decide`]).

use async_trait::async_trait;
use switchboard_domain::ports::RateLimitStore;
use switchboard_domain::{Quota, RateDecision, StoreError};
use time::OffsetDateTime;

use crate::MemoryStore;

#[async_trait]
impl RateLimitStore for MemoryStore {
    async fn acquire(
        &self,
        key: &str,
        quota: Quota,
        now: OffsetDateTime,
    ) -> Result<RateDecision, StoreError> {
        // Read, decide and write under the store's one lock: exact under concurrency.
        let mut state = self.lock();
        let decision = quota.decide(state.rate_limits.get(key).copied(), now);
        if let RateDecision::Allowed { new_tat } = decision {
            match state.rate_limits.get_mut(key) {
                Some(tat) => *tat = new_tat,
                None => {
                    state.rate_limits.insert(key.to_owned(), new_tat);
                }
            }
        }
        Ok(decision)
    }
}
