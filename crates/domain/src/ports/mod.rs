//! Ports: what the domain needs from the outside, with each method's error contract.
//! Every store adapter runs the suite in [`crate::contract`] (feature `contract-tests`).

mod number_store;
mod pool_store;
mod rate_limit_store;
mod session_store;
mod telephony;

pub use number_store::{BeginPurchaseError, CompletePurchaseError, NumberStore};
pub use pool_store::{AddPoolNumberError, PoolStore, RetirePoolNumberError};
pub use rate_limit_store::RateLimitStore;
pub use session_store::{LeaseError, SessionStore};
pub use telephony::{CallControl, MessageSender, NumberProvider, RecordingProvider};

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
