//! PostgreSQL adapter for Switchboard's store ports, on diesel + diesel-async + deadpool.
//!
//! [`PgStore`] implements [`SessionStore`](switchboard_domain::ports::SessionStore),
//! [`PoolStore`](switchboard_domain::ports::PoolStore),
//! [`NumberStore`](switchboard_domain::ports::NumberStore),
//! [`RateLimitStore`](switchboard_domain::ports::RateLimitStore) and
//! [`HealthCheck`](switchboard_domain::ports::HealthCheck). Migrations from the workspace's
//! `migrations/` folder are embedded and applied by [`migrate`] behind an advisory lock.

mod connection_pool;
mod error;
mod migrate;
mod number_lock;
mod number_store;
mod paging;
mod pool_store;
mod rate_limit_store;
mod scalars;
mod schema;
mod session_store;
mod store;

#[cfg(feature = "test-support")]
pub mod test_support;

pub use connection_pool::{PgConfig, PgConnectError};
pub use migrate::{MigrateError, migrate};
pub use number_store::LIST_USER_NUMBERS_SQL;
pub use session_store::{ACTIVE_SESSION_SQL, LEASE_SQL};
pub use store::PgStore;
