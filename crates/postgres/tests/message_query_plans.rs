//! The message log's hot statements use their indexes at 1,000,000 messages over four
//! monthly partitions: the status callback's update probes `message_keys`' SID index and
//! then one partition's primary key (the others are pruned when it runs), a read by SID
//! likewise; a user's listing, with no filter and with each filter, walks each partition's
//! `messages_by_user`; never a sequential scan of a big partition.

use diesel::sql_types::{BigInt, Integer, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use switchboard_postgres::test_support::{
    TestDatabase, big_partitions, explain as plan, seq_scans_on,
};
use switchboard_postgres::{
    APPLY_MESSAGE_STATUS_SQL, LIST_USER_MESSAGES_SQL, MESSAGE_BY_SID_SQL, NUMBER_USAGE_SQL,
};
use time::OffsetDateTime;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn message_statements_use_indexes_with_a_million_messages() {
    let db = TestDatabase::new().await;
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    conn.batch_execute(
        "SELECT switchboard_log_partition('messages', \
                 (date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => m))::date) \
         FROM generate_series(1, 4) AS m; \
         INSERT INTO messages (id, message_sid, user_id, channel, direction, from_number, to_number, body, \
             status, number_id, created_at, updated_at) \
         SELECT md5('id' || i)::uuid, 'SM' || md5(i::text), 'user' || (i % 2000), \
                CASE WHEN i % 10 = 0 THEN 'whatsapp' ELSE 'sms' END, \
                CASE WHEN i % 2 = 0 THEN 'inbound' ELSE 'outbound' END, \
                '+1628' || lpad((i % 2000)::text, 7, '0'), '+1415' || lpad((i % 99991)::text, 7, '0'), 'hello', \
                CASE WHEN i % 2 = 0 THEN 'received' ELSE 'delivered' END, md5('n' || (i % 2000))::uuid, \
                now() - make_interval(secs => i * 8), now() - make_interval(secs => i * 8) \
         FROM generate_series(1, 1000000) AS i; \
         INSERT INTO message_keys (id, message_sid, created_at) \
         SELECT id, message_sid, created_at FROM messages; \
         ANALYZE messages; ANALYZE message_keys;",
    )
    .await
    .expect("seed a million messages over four months");
    // The months before this one hold 324,000 messages each; this one what its days so far
    // do, and may rightly be read sequentially when small.
    let mut big = big_partitions(&mut conn, "messages", 100_000).await;
    assert!(big.len() >= 2, "the seed spans three full months: {big:?}");
    big.push("message_keys".to_owned());
    let no_seq_scan = |plan: &str| {
        let scans = seq_scans_on(plan, &big);
        assert!(scans.is_empty(), "{scans:?} in {plan}");
    };

    let now = OffsetDateTime::now_utc();
    let update = |analyze: bool| {
        diesel::sql_query(format!(
            "EXPLAIN {}{APPLY_MESSAGE_STATUS_SQL}",
            if analyze {
                "(ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
            } else {
                ""
            }
        ))
        .into_boxed()
        // Message 650,000 (about two months ago), received: read moves it on.
        .bind::<Text, _>("SM2a654642654cc6b6cfb65dbec51ef6f9")
        .bind::<Text, _>("read")
        .bind::<SmallInt, _>(4)
        .bind::<Nullable<Integer>, _>(None::<i32>)
        .bind::<Timestamptz, _>(now)
    };
    let planned = plan(&mut conn, update(false)).await;
    println!("status update:\n{planned}");
    assert!(
        planned.contains("message_keys_message_sid_key"),
        "{planned}"
    );
    assert!(planned.contains("messages_pkey_y"), "{planned}");
    no_seq_scan(&planned);
    let ran = plan(&mut conn, update(true)).await;
    println!("status update, run:\n{ran}");
    let probed: Vec<&str> = ran
        .lines()
        .filter(|l| l.contains("Index Scan using messages_") && !l.contains("never executed"))
        .collect();
    assert_eq!(probed.len(), 1, "one partition is probed: {ran}");
    assert!(ran.contains("Update on messages (actual rows=1"), "{ran}");

    let by_sid = plan(
        &mut conn,
        diesel::sql_query(format!("EXPLAIN {MESSAGE_BY_SID_SQL}"))
            .into_boxed()
            .bind::<Text, _>("SM0123456789abcdef0123456789abcdef"),
    )
    .await;
    println!("message by SID:\n{by_sid}");
    assert!(by_sid.contains("message_keys_message_sid_key"), "{by_sid}");
    no_seq_scan(&by_sid);

    let filters: [(&str, [Option<&str>; 4]); 5] = [
        ("no filter", [None, None, None, None]),
        ("channel", [Some("whatsapp"), None, None, None]),
        ("direction", [None, Some("inbound"), None, None]),
        ("status", [None, None, Some("delivered"), None]),
        ("number", [None, None, None, Some("+14155550123")]),
    ];
    for (name, [channel, direction, status, number]) in filters {
        for (since, until) in [
            (None, None),
            (
                Some(now - time::Duration::hours(3)),
                Some(now - time::Duration::hours(1)),
            ),
        ] {
            let listing = plan(
                &mut conn,
                diesel::sql_query(format!("EXPLAIN {LIST_USER_MESSAGES_SQL}"))
                    .into_boxed()
                    .bind::<Text, _>("user7")
                    .bind::<Nullable<Text>, _>(channel)
                    .bind::<Nullable<Text>, _>(direction)
                    .bind::<Nullable<Text>, _>(status)
                    .bind::<Nullable<Text>, _>(number)
                    .bind::<Nullable<Timestamptz>, _>(since)
                    .bind::<Nullable<Timestamptz>, _>(until)
                    .bind::<Nullable<Timestamptz>, _>(None::<OffsetDateTime>)
                    .bind::<Nullable<SqlUuid>, _>(None::<uuid::Uuid>)
                    .bind::<BigInt, _>(51),
            )
            .await;
            println!("listing, {name}:\n{listing}");
            assert!(listing.contains("messages_by_user"), "{name}: {listing}");
            no_seq_scan(&listing);
        }
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
    // The calls' half of it is checked where calls are seeded (call_query_plans).
    assert!(usage.contains("messages_by_number"), "{usage}");
    no_seq_scan(&usage);
}
