//! The deadpool connection pool: bounded size, wait/create/recycle timeouts, and a
//! `statement_timeout` on every connection so no query can hang a request.

use std::fmt;
use std::time::Duration;

use diesel_async::pooled_connection::deadpool::{BuildError, Pool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures::FutureExt;

/// How to reach PostgreSQL. The URL may hold a password: it is never printed.
#[derive(Clone)]
pub struct PgConfig {
    /// A `postgres://` URL.
    pub url: String,
    /// Most connections the pool opens.
    pub max_connections: usize,
    /// Longest wait for a connection (pool wait, connect, recycle each).
    pub connect_timeout: Duration,
    /// Longest any single statement may run.
    pub statement_timeout: Duration,
}

impl PgConfig {
    /// A config with the service's defaults: 16 connections, 5 s to connect, 5 s per statement.
    #[must_use]
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 16,
            connect_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(5),
        }
    }
}

impl fmt::Debug for PgConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgConfig")
            .field("url", &"[redacted]")
            .field("max_connections", &self.max_connections)
            .field("connect_timeout", &self.connect_timeout)
            .field("statement_timeout", &self.statement_timeout)
            .finish()
    }
}

/// The pool could not be built.
#[derive(Debug, thiserror::Error)]
#[error("could not build the PostgreSQL connection pool: {0}")]
pub struct PgConnectError(#[source] BuildError);

pub(crate) fn build_pool(config: &PgConfig) -> Result<Pool<AsyncPgConnection>, PgConnectError> {
    let statement_timeout_ms = config.statement_timeout.as_millis();
    let connect_timeout = config.connect_timeout;
    let mut manager_config = ManagerConfig::<AsyncPgConnection>::default();
    // A checkout does not ping: diesel-async's default (`Verified`) sends `SELECT 1` before
    // every query, a round trip per request (a session create was two where pgbench makes
    // one). A connection the server closed is still never handed out: recycling drops one
    // whose socket is closed or whose transaction state is broken; a statement on a
    // connection that dies mid-request is a 503 like any store failure.
    manager_config.recycling_method = RecyclingMethod::Fast;
    manager_config.custom_setup = Box::new(move |url| {
        let url = url.to_owned();
        async move {
            let connect = AsyncPgConnection::establish(&url);
            let mut conn = tokio::time::timeout(connect_timeout, connect).await.map_err(|_| {
                diesel::ConnectionError::BadConnection("timed out connecting to PostgreSQL".into())
            })??;
            conn.batch_execute(&format!(
                "SET statement_timeout = {statement_timeout_ms}; SET application_name = 'switchboard'"
            ))
            .await
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(conn)
        }
        .boxed()
    });
    let manager = AsyncDieselConnectionManager::new_with_config(&config.url, manager_config);
    Pool::builder(manager)
        .max_size(config.max_connections)
        .wait_timeout(Some(config.connect_timeout))
        .create_timeout(Some(config.connect_timeout))
        .recycle_timeout(Some(config.connect_timeout))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .map_err(PgConnectError)
}
