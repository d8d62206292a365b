//! The PostgreSQL store: one connection pool behind every store port.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::{AsyncPgConnection, SimpleAsyncConnection};
use switchboard_domain::StoreError;
use switchboard_domain::ports::{ConnectionPoolGauge, ConnectionPoolStatus, HealthCheck};

use crate::connection_pool::{PgConfig, PgConnectError, build_pool};
use crate::error;
use crate::lease_queue::LeaseBatches;

/// Switchboard's stores on PostgreSQL. Cloning shares the pool.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool<AsyncPgConnection>,
    statement_timeout: Duration,
    leases: Arc<LeaseBatches>,
}

impl PgStore {
    /// A store over a new connection pool. No connection is opened until first use.
    ///
    /// # Errors
    /// [`PgConnectError`] when the pool cannot be built from the config.
    pub fn connect(config: &PgConfig) -> Result<Self, PgConnectError> {
        Ok(Self {
            pool: build_pool(config)?,
            statement_timeout: config.statement_timeout,
            leases: Arc::new(LeaseBatches::new()),
        })
    }

    /// The creates waiting to be leased together (see `lease_batch`).
    pub(crate) fn leases(&self) -> &LeaseBatches {
        &self.leases
    }

    /// The longest any statement may run (the server cancels it after that).
    pub(crate) fn statement_timeout(&self) -> Duration {
        self.statement_timeout
    }

    pub(crate) async fn conn(
        &self,
        context: &'static str,
    ) -> Result<Object<AsyncPgConnection>, StoreError> {
        self.pool.get().await.map_err(error::pool(context))
    }
}

impl fmt::Debug for PgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.pool.status();
        f.debug_struct("PgStore")
            .field("max_size", &status.max_size)
            .field("size", &status.size)
            .field("available", &status.available)
            .finish()
    }
}

impl ConnectionPoolGauge for PgStore {
    fn status(&self) -> ConnectionPoolStatus {
        let status = self.pool.status();
        ConnectionPoolStatus {
            size: status.size,
            idle: status.available,
            waiting: status.waiting,
            max_size: status.max_size,
        }
    }
}

#[async_trait]
impl HealthCheck for PgStore {
    async fn ping(&self) -> Result<(), StoreError> {
        let mut conn = self.conn("checking the database").await?;
        conn.batch_execute("SELECT 1")
            .await
            .map_err(error::query("checking the database"))
    }
}
