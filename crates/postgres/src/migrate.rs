//! Embedded migrations, applied behind a PostgreSQL advisory lock so that replicas starting
//! together do not race.

use diesel::{Connection, RunQueryDsl};
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::partitions::MONTHS_AHEAD;

pub(crate) const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// An arbitrary constant naming Switchboard's migration lock ("swbd" in ASCII).
const MIGRATION_LOCK_KEY: i64 = 0x7377_6264;

/// A driver error, kept as the cause without putting diesel's types in this crate's API.
type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Migrations could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// No connection could be made.
    #[error("could not connect to PostgreSQL to migrate: {0}")]
    Connect(#[source] Cause),
    /// Taking or releasing the advisory lock failed.
    #[error("could not take the migration lock: {0}")]
    Lock(#[source] Cause),
    /// A migration failed (it was rolled back).
    #[error("a migration failed: {0}")]
    Migration(String),
    /// The blocking task running the migrations died.
    #[error("the migration task failed: {0}")]
    Task(String),
}

/// Applies pending migrations and returns the versions applied (empty when up to date),
/// then creates the logs' partitions for the months ahead
/// ([`MONTHS_AHEAD`](crate::MONTHS_AHEAD)).
///
/// # Errors
/// [`MigrateError`] when the database is unreachable or a migration fails.
pub async fn migrate(database_url: &str) -> Result<Vec<String>, MigrateError> {
    let url = database_url.to_owned();
    tokio::task::spawn_blocking(move || migrate_blocking(&url))
        .await
        .map_err(|e| MigrateError::Task(e.to_string()))?
}

fn migrate_blocking(url: &str) -> Result<Vec<String>, MigrateError> {
    let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(url)
        .map_err(|e| MigrateError::Connect(e.into()))?;
    diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
        .execute(&mut conn)
        .map_err(|e| MigrateError::Lock(e.into()))?;
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|versions| versions.iter().map(ToString::to_string).collect())
        .map_err(|e| MigrateError::Migration(e.to_string()))
        .and_then(|applied| {
            diesel::sql_query(format!(
                "SELECT switchboard_ensure_partitions({MONTHS_AHEAD})"
            ))
            .execute(&mut conn)
            .map_err(|e| MigrateError::Migration(format!("creating the logs' partitions: {e}")))?;
            Ok(applied)
        });
    let unlocked = diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
        .execute(&mut conn)
        .map_err(|e| MigrateError::Lock(e.into()));
    let applied = applied?;
    unlocked?;
    Ok(applied)
}
