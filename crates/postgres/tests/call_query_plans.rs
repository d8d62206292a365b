//! The call log's queries use their indexes at scale: with 1,000,000 calls over four
//! monthly partitions (10,000 users with 95 each, and one heavy user with 50,000, every
//! twentieth call; one call in fifty still active), the status callback's update is a probe
//! of `call_keys`' SID index and then of one partition's primary key (the others are pruned
//! when it runs), a read by SID likewise, a user's listing (with and without each filter)
//! walks each partition's `calls_by_user` (`status=active`: `calls_active_by_user`),
//! everyone's listing `calls_by_creation`, and a user's stats read their index: never a
//! sequential scan of a big partition.

use diesel::sql_types::{
    BigInt, Bool, Integer, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use switchboard_postgres::test_support::{
    TestDatabase, big_partitions, explain as plan, seq_scans_on,
};
use switchboard_postgres::{
    APPLY_STATUS_SQL, CALL_BY_SID_SQL, CALL_STATS_SQL, LIST_ALL_CALLS_SQL, LIST_USER_CALLS_SQL,
    NUMBER_USAGE_SQL,
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

/// A seeded call's SID.
#[derive(diesel::QueryableByName)]
struct Seeded {
    #[diesel(sql_type = Text)]
    sid: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_log_queries_use_indexes_with_a_million_calls() {
    let db = TestDatabase::new().await;
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    conn.batch_execute(
        "SELECT switchboard_log_partition('calls', \
                 (date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => m))::date) \
         FROM generate_series(1, 4) AS m; \
         INSERT INTO calls (id, call_sid, user_id, direction, from_number, to_number, status, \
             status_sequence, duration, created_at, updated_at) \
         SELECT md5('id' || i)::uuid, 'CA' || md5(i::text), \
                CASE WHEN i % 20 = 0 THEN 'heavy' ELSE 'user' || (i % 10000) END, \
                CASE i % 3 WHEN 0 THEN 'inbound' WHEN 1 THEN 'outbound-api' ELSE 'outbound-browser' END, \
                '+1628' || lpad((i % 10000)::text, 7, '0'), '+1415' || lpad((i % 99991)::text, 7, '0'), \
                CASE WHEN i % 50 = 0 THEN 'in-progress' WHEN i % 7 = 0 THEN 'busy' ELSE 'completed' END, \
                3, CASE WHEN i % 50 = 0 THEN NULL ELSE i % 600 END, \
                now() - make_interval(secs => i * 8), now() - make_interval(secs => i * 8) \
         FROM generate_series(1, 1000000) AS i; \
         INSERT INTO call_keys (id, call_sid, created_at) SELECT id, call_sid, created_at FROM calls; \
         ANALYZE calls; ANALYZE call_keys;",
    )
    .await
    .expect("seed a million calls over four months");

    // The months before this one hold 324,000 calls each (one every 8 seconds); this one
    // holds what the days so far of it do, and may rightly be read sequentially when small.
    let mut big = big_partitions(&mut conn, "calls", 100_000).await;
    assert!(big.len() >= 2, "the seed spans three full months: {big:?}");
    big.push("call_keys".to_owned());
    let no_seq_scan = |plan: &str| {
        let scans = seq_scans_on(plan, &big);
        assert!(scans.is_empty(), "{scans:?} in {plan}");
    };

    let now = OffsetDateTime::now_utc();
    // A call of about two months ago, in-progress (650,000 is a multiple of 50).
    let old_sid = diesel_async::RunQueryDsl::get_result::<Seeded>(
        diesel::sql_query("SELECT 'CA' || md5('650000') AS sid"),
        &mut conn,
    )
    .await
    .expect("a seeded SID")
    .sid;
    let callback = |analyze: bool, sid: String| {
        diesel::sql_query(format!(
            "EXPLAIN {}{APPLY_STATUS_SQL}",
            if analyze {
                "(ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
            } else {
                ""
            }
        ))
        .into_boxed()
        .bind::<Text, _>(sid)
        .bind::<Text, _>("completed")
        .bind::<SmallInt, _>(4)
        .bind::<Nullable<BigInt>, _>(Some(4_i64))
        .bind::<Timestamptz, _>(now)
        .bind::<Nullable<Integer>, _>(Some(30))
        .bind::<Timestamptz, _>(now)
    };
    let planned = plan(&mut conn, callback(false, old_sid.clone())).await;
    println!("status callback:\n{planned}");
    assert!(
        planned.contains("Index Scan using call_keys_call_sid_key"),
        "{planned}"
    );
    assert!(planned.contains("calls_pkey_y"), "{planned}");
    no_seq_scan(&planned);
    let ran = plan(&mut conn, callback(true, old_sid)).await;
    println!("status callback, run:\n{ran}");
    let probed: Vec<&str> = ran
        .lines()
        .filter(|l| l.contains("Index Scan using calls_") && !l.contains("never executed"))
        .collect();
    assert_eq!(probed.len(), 1, "one partition is probed: {ran}");
    assert!(probed[0].contains(" on calls_y"), "{ran}");

    let by_sid = plan(
        &mut conn,
        diesel::sql_query(format!("EXPLAIN {CALL_BY_SID_SQL}"))
            .into_boxed()
            .bind::<Text, _>(format!("CA{:032x}", 77)),
    )
    .await;
    println!("call by SID:\n{by_sid}");
    assert!(
        by_sid.contains("Index Scan using call_keys_call_sid_key"),
        "{by_sid}"
    );
    no_seq_scan(&by_sid);

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
            no_seq_scan(&listing);
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
        no_seq_scan(&everyone);
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
        no_seq_scan(&stats);
        assert!(stats.contains("calls_by_user"), "{stats}");
    }

    let usage = plan(
        &mut conn,
        diesel::sql_query(format!("EXPLAIN {NUMBER_USAGE_SQL}"))
            .into_boxed()
            .bind::<diesel::sql_types::Array<SqlUuid>, _>(vec![
                uuid::Uuid::now_v7(),
                uuid::Uuid::now_v7(),
            ]),
    )
    .await;
    println!("usage:\n{usage}");
    assert!(usage.contains("calls_by_number"), "{usage}");
    no_seq_scan(&usage);
}
