//! PostgreSQL adapter for Switchboard's store ports, on diesel + diesel-async + deadpool.
//!
//! [`PgStore`] implements [`SessionStore`](switchboard_domain::ports::SessionStore),
//! [`PoolStore`](switchboard_domain::ports::PoolStore),
//! [`NumberStore`](switchboard_domain::ports::NumberStore),
//! [`RateLimitStore`](switchboard_domain::ports::RateLimitStore),
//! [`CallStore`](switchboard_domain::ports::CallStore),
//! [`RecordingStore`](switchboard_domain::ports::RecordingStore),
//! [`IdentityStore`](switchboard_domain::ports::IdentityStore),
//! [`IdempotencyStore`](switchboard_domain::ports::IdempotencyStore) and
//! [`HealthCheck`](switchboard_domain::ports::HealthCheck). Migrations from the workspace's
//! `migrations/` folder are embedded and applied by [`migrate`] behind an advisory lock.
//! The call, message and email logs are partitioned by month: [`migrate`] and
//! [`PgStore::ensure_partitions`] create the months ahead, [`PgStore::drop_logs_before`]
//! drops old ones.

mod call_store;
mod connection_pool;
mod email_store;
mod error;
mod idempotency_store;
mod identity_store;
mod lease_batch;
mod lease_one;
mod lease_queue;
mod lease_undo;
mod message_store;
mod migrate;
mod number_lock;
mod number_store;
mod paging;
mod partitions;
mod pool_store;
mod prepared;
mod rate_limit_store;
mod recording_store;
mod routing_store;
mod scalars;
mod schema;
mod session_store;
mod store;
mod usage_store;

#[cfg(feature = "test-support")]
pub mod test_support;

pub use call_store::{
    APPLY_STATUS_SQL, CALL_BY_SID_SQL, CALL_STATS_SQL, LIST_ALL_CALLS_SQL, LIST_USER_CALLS_SQL,
};
pub use connection_pool::{PgConfig, PgConnectError};
pub use lease_batch::BATCH_LEASE_SQL;
pub use message_store::sql::{
    APPLY_MESSAGE_STATUS_SQL, LIST_USER_MESSAGES_SQL, MESSAGE_BY_SID_SQL,
};
pub use migrate::{MigrateError, migrate};
pub use number_store::LIST_USER_NUMBERS_SQL;
pub use partitions::{MONTHS_AHEAD, month_start};
pub use routing_store::sql::LINE_SQL;
pub use session_store::{ACTIVE_SESSION_SQL, LEASE_SQL};
pub use store::PgStore;
pub use usage_store::NUMBER_USAGE_SQL;
