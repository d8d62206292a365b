//! The message log's hot statements use their indexes at 1,000,000 messages: the status
//! callback's update probes the SID key; a user's listing, with no filter and with each
//! filter, walks `messages_by_user`; never a sequential scan.

use diesel::sql_types::{BigInt, Integer, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use switchboard_postgres::test_support::{TestDatabase, explain as plan};
use switchboard_postgres::{APPLY_MESSAGE_STATUS_SQL, LIST_USER_MESSAGES_SQL, NUMBER_USAGE_SQL};
use time::OffsetDateTime;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn message_statements_use_indexes_with_a_million_messages() {
    let db = TestDatabase::new().await;
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    conn.batch_execute(
        "INSERT INTO messages (id, message_sid, user_id, channel, direction, from_number, to_number, body, \
             status, number_id, created_at, updated_at) \
         SELECT gen_random_uuid(), 'SM' || md5(i::text), 'user' || (i % 2000), \
                CASE WHEN i % 10 = 0 THEN 'whatsapp' ELSE 'sms' END, \
                CASE WHEN i % 2 = 0 THEN 'inbound' ELSE 'outbound' END, \
                '+1628' || lpad((i % 2000)::text, 7, '0'), '+1415' || lpad((i % 99991)::text, 7, '0'), 'hello', \
                CASE WHEN i % 2 = 0 THEN 'received' ELSE 'delivered' END, md5('n' || (i % 2000))::uuid, \
                now() - make_interval(secs => i), now() - make_interval(secs => i) \
         FROM generate_series(1, 1000000) AS i; \
         ANALYZE messages;",
    )
    .await
    .expect("seed a million messages");

    let now = OffsetDateTime::now_utc();
    let update = plan(
        &mut conn,
        diesel::sql_query(format!("EXPLAIN {APPLY_MESSAGE_STATUS_SQL}"))
            .into_boxed()
            .bind::<Text, _>("SM0123456789abcdef0123456789abcdef")
            .bind::<Text, _>("delivered")
            .bind::<SmallInt, _>(3)
            .bind::<Nullable<Integer>, _>(None::<i32>)
            .bind::<Timestamptz, _>(now),
    )
    .await;
    println!("status update:\n{update}");
    assert!(update.contains("messages_message_sid_key"), "{update}");
    assert!(!update.contains("Seq Scan"), "{update}");

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
            assert!(!listing.contains("Seq Scan"), "{name}: {listing}");
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
    assert!(
        usage.contains("messages_by_number") && usage.contains("calls_by_number"),
        "{usage}"
    );
    assert!(!usage.contains("Seq Scan"), "{usage}");
}
