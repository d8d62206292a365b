//! What a user's numbers were used for: calls, their billed minutes, and messages.

use std::collections::HashMap;

use async_trait::async_trait;

use super::owned::OwnedNumberId;
use crate::StoreError;

/// How much one number was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NumberUsage {
    /// Calls that came in on it or went out from it (Twilio accepted them).
    pub calls: u64,
    /// Their minutes, each call rounded up to a whole minute as Twilio bills them.
    pub minutes: u64,
    /// Messages sent from it or received on it.
    pub messages: u64,
}

/// Counts the use of numbers from the call and message logs.
#[async_trait]
pub trait UsageStore: Send + Sync + std::fmt::Debug {
    /// The usage of each of `numbers` (numbers never used are absent or zero).
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn usage(
        &self,
        numbers: &[OwnedNumberId],
    ) -> Result<HashMap<OwnedNumberId, NumberUsage>, StoreError>;
}
