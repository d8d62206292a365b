//! Taking a test database away from the app and giving it back: a real store failure, not a
//! fake one. While cut off, no new connection is accepted and every open one is terminated.

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use switchboard_postgres::test_support::{TestDatabase, server_url};

async fn admin(sql: &str) {
    let mut conn = AsyncPgConnection::establish(&server_url())
        .await
        .expect("connect to the test server as admin");
    conn.batch_execute(sql)
        .await
        .expect("run the admin statement");
}

/// Refuses new connections to `db` and terminates the open ones.
///
/// # Panics
/// When the server refuses the admin statements.
pub async fn cut_off(db: &TestDatabase) {
    let name = db.name();
    admin(&format!(
        "ALTER DATABASE {name} ALLOW_CONNECTIONS false; \
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = '{name}' AND pid <> pg_backend_pid();"
    ))
    .await;
}

/// Accepts connections to `db` again.
///
/// # Panics
/// When the server refuses the admin statement.
pub async fn restore(db: &TestDatabase) {
    admin(&format!(
        "ALTER DATABASE {} ALLOW_CONNECTIONS true",
        db.name()
    ))
    .await;
}

/// How many purchases are recorded as pending in `db` (read directly, not through the app).
///
/// # Panics
/// When the database cannot be read.
pub async fn pending_purchases(db: &TestDatabase) -> i64 {
    use diesel::sql_types::BigInt;
    use diesel_async::RunQueryDsl;

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect to the test database");
    diesel::sql_query("SELECT count(*) AS n FROM owned_numbers WHERE state = 'pending'")
        .get_result::<Count>(&mut conn)
        .await
        .expect("count pending purchases")
        .n
}

async fn on(db: &TestDatabase, sql: &str) {
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect to the test database");
    conn.batch_execute(sql).await.expect("run the statement");
}

/// Makes every `UPDATE` of `table` in `db` fail (a trigger raises), while everything else
/// keeps working: a store failing in one write, for the paths that must not swallow it.
///
/// # Panics
/// When the database refuses the statements.
pub async fn fail_updates_of(db: &TestDatabase, table: &str) {
    on(
        db,
        &format!(
            "CREATE OR REPLACE FUNCTION test_refuse_update() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'an update refused by the test'; END $$; \
             CREATE TRIGGER test_refuse_update BEFORE UPDATE ON {table} \
             FOR EACH ROW EXECUTE FUNCTION test_refuse_update();"
        ),
    )
    .await;
}

/// Undoes [`fail_updates_of`].
///
/// # Panics
/// When the database refuses the statement.
pub async fn allow_updates_of(db: &TestDatabase, table: &str) {
    on(db, &format!("DROP TRIGGER test_refuse_update ON {table}")).await;
}
