//! Number usage, counted from the call and message logs. O(calls + messages) per request:
//! the in-memory store keeps no per-number index (PostgreSQL has one).

use std::collections::HashMap;

use async_trait::async_trait;
use switchboard_domain::StoreError;
use switchboard_domain::numbers::{NumberUsage, OwnedNumberId};
use switchboard_domain::ports::UsageStore;

use crate::MemoryStore;

#[async_trait]
impl UsageStore for MemoryStore {
    async fn usage(
        &self,
        numbers: &[OwnedNumberId],
    ) -> Result<HashMap<OwnedNumberId, NumberUsage>, StoreError> {
        let state = self.lock();
        let mut usage: HashMap<OwnedNumberId, NumberUsage> = numbers
            .iter()
            .map(|n| (*n, NumberUsage::default()))
            .collect();
        for call in state.calls.all().filter(|c| c.sid.is_some()) {
            if let Some(u) = call.number_id.and_then(|n| usage.get_mut(&n)) {
                u.calls += 1;
                u.minutes += u64::from(call.progress.duration.unwrap_or(0).div_ceil(60));
            }
        }
        for message in state.messages.all().filter(|m| m.sid.is_some()) {
            if let Some(u) = message.number_id.and_then(|n| usage.get_mut(&n)) {
                u.messages += 1;
            }
        }
        Ok(usage)
    }
}
