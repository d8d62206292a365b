//! Ports: what the domain needs from the outside, with each method's error contract. Each
//! capability owns its ports; this module only gathers them in one place for adapters.
//! Every store adapter runs the suite in [`crate::contract`] (feature `contract-tests`).

pub use crate::calls::{CallStore, IdentityStore, RecordingStore};
pub use crate::email::{EmailSender, EmailStore};
pub use crate::health::{ConnectionPoolGauge, ConnectionPoolStatus, HealthCheck};
pub use crate::idempotency::IdempotencyStore;
pub use crate::messages::MessageStore;
pub use crate::numbers::{
    BeginPurchaseError, CompletePurchaseError, NumberProvider, NumberStore, UsageStore,
};
pub use crate::rate_limit::RateLimitStore;
pub use crate::routing::RoutingStore;
pub use crate::telephony::{CallControl, MediaChunks, MessageSender, RecordingProvider};
pub use crate::voicemail::{
    AddPoolNumberError, LeaseError, PoolStore, RetirePoolNumberError, SessionStore,
};
