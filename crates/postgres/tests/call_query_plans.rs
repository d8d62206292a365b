//! The call log's queries use their indexes at scale: with 1,000,000 calls (10,000 users
//! with 95 each, and one heavy user with 50,000; one call in fifty still active), the
//! status callback's update is a probe of the SID index, a user's listing (with and
//! without each filter) walks `calls_by_user` (`status=active`: `calls_active_by_user`),
//! everyone's listing `calls_by_creation`, and a user's stats read their index: never a
//! sequential scan.

use diesel::sql_types::{
    BigInt, Bool, Integer, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use switchboard_postgres::test_support::{TestDatabase, explain as plan};
use switchboard_postgres::{
    APPLY_STATUS_SQL, CALL_STATS_SQL, LIST_ALL_CALLS_SQL, LIST_USER_CALLS_SQL,
};
use time::OffsetDateTime;

/// The filters of one listing: status, active, direction, number, since, until, cursor.
#[derive(Debug, Clone, Copy, Default)]
struct Filters {
    status: Option<&'static str>,
    active: bool,
    direction: Option<&'static str>,
    number: Option<&'static str>,
    since: Option<OffsetDateTime>,
    until: Option<OffsetDateTime>,
    after: Option<OffsetDateTime>,
}

async fn listing_plan(
    conn: &mut AsyncPgConnection,
    sql: &str,
    user: Option<&str>,
    f: Filters,
) -> String {
    plan(
        conn,
        diesel::sql_query(format!("EXPLAIN {sql}"))
            .into_boxed()
            .bind::<Nullable<Text>, _>(user)
            .bind::<Nullable<Text>, _>(f.status)
            .bind::<Bool, _>(f.active)
            .bind::<Nullable<Text>, _>(f.direction)
            .bind::<Nullable<Text>, _>(f.number)
            .bind::<Nullable<Timestamptz>, _>(f.since)
            .bind::<Nullable<Timestamptz>, _>(f.until)
            .bind::<Nullable<Timestamptz>, _>(f.after)
            .bind::<Nullable<SqlUuid>, _>(f.after.map(|_| uuid::Uuid::max()))
            .bind::<BigInt, _>(51),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_log_queries_use_indexes_with_a_million_calls() {
    let db = TestDatabase::new().await;
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    conn.batch_execute(
        "INSERT INTO calls (id, call_sid, user_id, direction, from_number, to_number, status, \
             status_sequence, duration, created_at, updated_at) \
         SELECT gen_random_uuid(), 'CA' || md5(i::text), \
                CASE WHEN i <= 50000 THEN 'heavy' ELSE 'user' || (i % 10000) END, \
                CASE i % 3 WHEN 0 THEN 'inbound' WHEN 1 THEN 'outbound-api' ELSE 'outbound-browser' END, \
                '+1628' || lpad((i % 10000)::text, 7, '0'), '+1415' || lpad((i % 99991)::text, 7, '0'), \
                CASE WHEN i % 50 = 0 THEN 'in-progress' WHEN i % 7 = 0 THEN 'busy' ELSE 'completed' END, \
                3, CASE WHEN i % 50 = 0 THEN NULL ELSE i % 600 END, \
                now() - make_interval(secs => i), now() - make_interval(secs => i) \
         FROM generate_series(1, 1000000) AS i; \
         ANALYZE calls;",
    )
    .await
    .expect("seed a million calls");

    let now = OffsetDateTime::now_utc();
    let callback = plan(
        &mut conn,
        diesel::sql_query(format!("EXPLAIN {APPLY_STATUS_SQL}"))
            .into_boxed()
            .bind::<Text, _>(format!("CA{:032x}", 77))
            .bind::<Text, _>("completed")
            .bind::<SmallInt, _>(4)
            .bind::<Nullable<BigInt>, _>(Some(4_i64))
            .bind::<Timestamptz, _>(now)
            .bind::<Nullable<Integer>, _>(Some(30))
            .bind::<Timestamptz, _>(now),
    )
    .await;
    println!("status callback:\n{callback}");
    assert!(
        callback.contains("Index Scan using calls_call_sid_key"),
        "{callback}"
    );
    assert!(!callback.contains("Seq Scan"), "{callback}");

    let hour_ago = now - time::Duration::hours(1);
    let day_ago = now - time::Duration::days(1);
    let variants: [(&str, Filters); 9] = [
        ("no filter", Filters::default()),
        (
            "status",
            Filters {
                status: Some("busy"),
                ..Filters::default()
            },
        ),
        (
            "active",
            Filters {
                active: true,
                ..Filters::default()
            },
        ),
        (
            "direction",
            Filters {
                direction: Some("inbound"),
                ..Filters::default()
            },
        ),
        (
            "number",
            Filters {
                number: Some("+16280000042"),
                ..Filters::default()
            },
        ),
        (
            "since",
            Filters {
                since: Some(day_ago),
                ..Filters::default()
            },
        ),
        (
            "until",
            Filters {
                until: Some(hour_ago),
                ..Filters::default()
            },
        ),
        (
            "cursor",
            Filters {
                after: Some(hour_ago),
                ..Filters::default()
            },
        ),
        (
            "everything",
            Filters {
                status: Some("completed"),
                direction: Some("outbound-api"),
                number: Some("+16280000042"),
                since: Some(day_ago),
                until: Some(now),
                after: Some(hour_ago),
                ..Filters::default()
            },
        ),
    ];
    for user in ["user42", "heavy"] {
        for (name, filters) in variants {
            let listing = listing_plan(&mut conn, LIST_USER_CALLS_SQL, Some(user), filters).await;
            println!("{user}'s listing, {name}:\n{listing}");
            assert!(!listing.contains("Seq Scan"), "{listing}");
            let index = if filters.active {
                "calls_active_by_user"
            } else {
                "calls_by_user"
            };
            assert!(listing.contains(index), "{name}: {listing}");
        }
    }
    for (name, filters) in [variants[0], variants[1], variants[7]] {
        let everyone = listing_plan(&mut conn, LIST_ALL_CALLS_SQL, None, filters).await;
        println!("everyone's listing, {name}:\n{everyone}");
        assert!(!everyone.contains("Seq Scan"), "{everyone}");
        assert!(everyone.contains("calls_by_creation"), "{everyone}");
    }

    for user in ["user42", "heavy"] {
        let stats = plan(
            &mut conn,
            diesel::sql_query(format!("EXPLAIN {CALL_STATS_SQL}"))
                .into_boxed()
                .bind::<Nullable<Text>, _>(Some(user))
                .bind::<Nullable<Timestamptz>, _>(Some(day_ago))
                .bind::<Nullable<Timestamptz>, _>(None::<OffsetDateTime>),
        )
        .await;
        println!("{user}'s stats:\n{stats}");
        assert!(!stats.contains("Seq Scan"), "{stats}");
        assert!(stats.contains("calls_by_user"), "{stats}");
    }
}
