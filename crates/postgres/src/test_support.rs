//! Per-test database isolation: every [`TestDatabase`] is a fresh database cloned from a
//! migrated template, dropped when the value is dropped. The server comes from
//! `DATABASE_URL` (the README's test command starts a throwaway one); without it the tests
//! fail loudly rather than skip.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use diesel::migration::MigrationSource;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use tokio::sync::OnceCell;

use crate::{PgConfig, PgStore, migrate};

static TEMPLATE: OnceCell<String> = OnceCell::const_new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh, migrated database for one test.
#[derive(Debug)]
pub struct TestDatabase {
    name: String,
    url: String,
    admin_url: String,
}

/// The server's URL from `DATABASE_URL`, or a panic that says how to run the tests.
#[must_use]
pub fn server_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "DATABASE_URL is not set. Run the tests with `cargo xtask test`, which starts a \
             throwaway PostgreSQL, or set DATABASE_URL to a server where databases may be created."
        )
    })
}

/// `url` with its database name replaced by `database`.
#[must_use]
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let root = base[authority_start..]
        .find('/')
        .map_or(base, |i| &base[..authority_start + i]);
    match query {
        Some(q) => format!("{root}/{database}?{q}"),
        None => format!("{root}/{database}"),
    }
}

/// Serialises template creation across test processes (a single-`bigint` advisory lock key).
const TEMPLATE_LOCK_KEY: i64 = 7_377_627_401;

async fn connect_admin(url: &str) -> AsyncPgConnection {
    AsyncPgConnection::establish(url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the test PostgreSQL server: {e}"))
}

async fn admin(url: &str, sql: &str) {
    let mut conn = connect_admin(url).await;
    conn.batch_execute(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn template(admin_url: &str) -> String {
    TEMPLATE
        .get_or_init(|| async {
            let mut hasher = DefaultHasher::new();
            let migrations =
                MigrationSource::<diesel::pg::Pg>::migrations(&crate::migrate::MIGRATIONS)
                    .unwrap_or_else(|e| panic!("embedded migrations: {e}"));
            for m in &migrations {
                m.name().to_string().hash(&mut hasher);
            }
            // The SQL too, so a migration edited in place gets a fresh template on a
            // long-lived server. The sources sit beside the crate whenever tests build it.
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .flat_map(|entry| {
                    std::fs::read_dir(entry.path())
                        .into_iter()
                        .flatten()
                        .flatten()
                })
                .map(|file| file.path())
                .collect();
            files.sort();
            for file in files {
                std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
            }
            let name = format!("switchboard_template_{:016x}", hasher.finish());
            let mut conn = connect_admin(admin_url).await;
            conn.batch_execute(&format!("SELECT pg_advisory_lock({TEMPLATE_LOCK_KEY})"))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let exists = diesel_async::RunQueryDsl::execute(
                diesel::sql_query("SELECT 1 FROM pg_database WHERE datname = $1")
                    .bind::<diesel::sql_types::Text, _>(&name),
                &mut conn,
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
            if exists == 0 {
                let building = format!("{name}_building_{}", std::process::id());
                for sql in [
                    format!("DROP DATABASE IF EXISTS {building}"),
                    format!("CREATE DATABASE {building}"),
                ] {
                    conn.batch_execute(&sql)
                        .await
                        .unwrap_or_else(|e| panic!("creating the template database: {e}"));
                }
                migrate(&with_database(admin_url, &building))
                    .await
                    .unwrap_or_else(|e| panic!("migrating the template database: {e}"));
                conn.batch_execute(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            conn.batch_execute(&format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK_KEY})"))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            name
        })
        .await
        .clone()
}

impl TestDatabase {
    /// Creates a fresh migrated database.
    ///
    /// # Panics
    /// When `DATABASE_URL` is unset or the server refuses: a test cannot run without it.
    pub async fn new() -> Self {
        let admin_url = server_url();
        let template = template(&admin_url).await;
        let name = format!(
            "switchboard_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            time::OffsetDateTime::now_utc().unix_timestamp_nanos() % 1_000_000_000
        );
        admin(
            &admin_url,
            &format!("CREATE DATABASE {name} TEMPLATE {template}"),
        )
        .await;
        let url = with_database(&admin_url, &name);
        Self {
            name,
            url,
            admin_url,
        }
    }

    /// The database's URL.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name on the server.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A connection config for this database with generous timeouts for busy CI machines.
    #[must_use]
    pub fn config(&self) -> PgConfig {
        PgConfig {
            max_connections: 10,
            connect_timeout: Duration::from_secs(30),
            statement_timeout: Duration::from_secs(30),
            ..PgConfig::new(&self.url)
        }
    }

    /// A store on this database.
    ///
    /// # Panics
    /// When the pool cannot be built (a bad URL).
    #[must_use]
    pub fn store(&self) -> PgStore {
        PgStore::connect(&self.config()).unwrap_or_else(|e| panic!("{e}"))
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread with
        // its own runtime. A failure only leaves a database behind; it must not fail a test.
        let dropper = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                if let Ok(mut conn) = AsyncPgConnection::establish(&admin_url).await {
                    let _ignored = conn.batch_execute(&sql).await;
                }
            });
        });
        let _ignored = dropper.join();
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            with_database("postgres://u@h:5/postgres", "t"),
            "postgres://u@h:5/t"
        );
        assert_eq!(
            with_database("postgres://u@h:5/postgres?sslmode=disable", "t"),
            "postgres://u@h:5/t?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h:5", "t"), "postgres://u@h:5/t");
    }
}

/// One line of an `EXPLAIN`.
#[derive(diesel::QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = diesel::sql_types::Text, column_name = "QUERY PLAN")]
    line: String,
}

/// The plan PostgreSQL makes for `query` (an `EXPLAIN ...` with its binds), as text.
///
/// # Panics
/// When the query fails.
pub async fn explain(
    conn: &mut AsyncPgConnection,
    query: diesel::query_builder::BoxedSqlQuery<
        '_,
        diesel::pg::Pg,
        diesel::query_builder::SqlQuery,
    >,
) -> String {
    use diesel_async::RunQueryDsl as _;
    let lines: Vec<PlanLine> = query.load(conn).await.expect("explain");
    lines
        .into_iter()
        .map(|l| l.line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A partition's name.
#[derive(diesel::QueryableByName)]
struct PartitionName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// The partitions of the partitioned `table` that hold at least `rows` rows (after a seed:
/// the big ones), by name.
///
/// # Panics
/// When the query fails (a test helper).
pub async fn big_partitions(conn: &mut AsyncPgConnection, table: &str, rows: i64) -> Vec<String> {
    use diesel_async::RunQueryDsl as _;
    let rows: Vec<PartitionName> = diesel::sql_query(format!(
        "SELECT tableoid::regclass::text AS name FROM {table} \
         GROUP BY tableoid HAVING count(*) >= {rows} ORDER BY 1"
    ))
    .load(conn)
    .await
    .expect("the filled partitions");
    rows.into_iter().map(|r| r.name).collect()
}

/// The lines of `plan` that read one of `tables` (partitions or tables) sequentially. A
/// partition the planner knows to be empty or small may rightly be read sequentially, so
/// the plan tests check the big ones.
#[must_use]
pub fn seq_scans_on<'p>(plan: &'p str, tables: &[String]) -> Vec<&'p str> {
    plan.lines()
        .filter(|line| {
            tables.iter().any(|t| {
                let scan = format!("Seq Scan on {t}");
                line.split_once(&scan)
                    .is_some_and(|(_, rest)| rest.is_empty() || rest.starts_with(' '))
            })
        })
        .collect()
}
