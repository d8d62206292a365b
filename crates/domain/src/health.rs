//! Whether a store answers at all: the port readiness probes use.

use async_trait::async_trait;

use crate::StoreError;

/// Whether a store answers at all (for readiness probes).
#[async_trait]
pub trait HealthCheck: Send + Sync + std::fmt::Debug + 'static {
    /// Does one round trip to the store.
    ///
    /// # Errors
    /// MUST return [`StoreError`] when the store does not answer within its timeout.
    async fn ping(&self) -> Result<(), StoreError>;
}
