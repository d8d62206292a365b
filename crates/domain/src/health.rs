//! Whether a store answers at all (the port readiness probes use), and how full its
//! connection pool is (the port metrics read).

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

/// How full a store's connection pool is at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionPoolStatus {
    /// Connections open.
    pub size: usize,
    /// Open connections not in use.
    pub idle: usize,
    /// Callers waiting for a connection.
    pub waiting: usize,
    /// The most connections the pool opens.
    pub max_size: usize,
}

/// A store with a connection pool it reports on (the PostgreSQL store; the in-memory store
/// has none).
pub trait ConnectionPoolGauge: Send + Sync + std::fmt::Debug + 'static {
    /// The pool now.
    fn status(&self) -> ConnectionPoolStatus;
}
