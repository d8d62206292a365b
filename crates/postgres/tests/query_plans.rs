//! The two hot queries use their indexes at scale: with 1,000,000 sessions and a pool of
//! 10,000 numbers (90% leased), the lease is a range scan of `pool_numbers_by_lease_end`
//! and the inbound lookup a probe of `voicemail_sessions_by_number`, never a sequential scan.

use diesel::QueryableByName;
use diesel::sql_types::{Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use switchboard_postgres::test_support::TestDatabase;
use switchboard_postgres::{ACTIVE_SESSION_SQL, LEASE_SQL};
use time::OffsetDateTime;

#[derive(QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

async fn plan(
    conn: &mut AsyncPgConnection,
    query: diesel::query_builder::BoxedSqlQuery<
        '_,
        diesel::pg::Pg,
        diesel::query_builder::SqlQuery,
    >,
) -> String {
    let lines: Vec<PlanLine> = query.load(conn).await.expect("explain");
    lines
        .into_iter()
        .map(|l| l.line)
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lease_and_inbound_lookup_use_indexes_with_a_million_sessions() {
    let db = TestDatabase::new().await;
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    conn.batch_execute(
        "INSERT INTO pool_numbers (phone_number, leased_until, created_at) \
         SELECT '+1555' || lpad(i::text, 7, '0'), \
                CASE WHEN i % 10 = 0 THEN now() - interval '1 day' ELSE now() + interval '1 hour' END, now() \
         FROM generate_series(1, 10000) AS i; \
         INSERT INTO voicemail_sessions (id, user_id, phone_number, greeting_url, created_at, expires_at) \
         SELECT gen_random_uuid(), 'user' || (i % 5000), '+1555' || lpad((i % 10000 + 1)::text, 7, '0'), \
                'https://example.com/greeting.mp3', now() - make_interval(secs => i), \
                now() - make_interval(secs => i) + interval '30 minutes' \
         FROM generate_series(1, 1000000) AS i; \
         ANALYZE pool_numbers; ANALYZE voicemail_sessions;",
    )
    .await
    .expect("seed a million sessions");

    let now = OffsetDateTime::now_utc();
    let lease_plan = plan(
        &mut conn,
        diesel::sql_query(format!("EXPLAIN {LEASE_SQL}"))
            .into_boxed()
            .bind::<Timestamptz, _>(now)
            .bind::<Timestamptz, _>(now + time::Duration::minutes(30))
            .bind::<SqlUuid, _>(uuid::Uuid::now_v7()),
    )
    .await;
    println!("lease plan:\n{lease_plan}");
    assert!(
        lease_plan.contains("Index Scan using pool_numbers_by_lease_end"),
        "{lease_plan}"
    );
    assert!(
        lease_plan.contains("Index Cond: (leased_until <= "),
        "{lease_plan}"
    );
    assert!(!lease_plan.contains("Seq Scan"), "{lease_plan}");

    let lookup_plan = plan(
        &mut conn,
        diesel::sql_query(format!("EXPLAIN {ACTIVE_SESSION_SQL}"))
            .into_boxed()
            .bind::<Text, _>("+15550000042")
            .bind::<Timestamptz, _>(now),
    )
    .await;
    println!("inbound lookup plan:\n{lookup_plan}");
    assert!(
        lookup_plan.contains("voicemail_sessions_by_number"),
        "{lookup_plan}"
    );
    assert!(!lookup_plan.contains("Seq Scan"), "{lookup_plan}");
}
