//! The hot queries use their indexes at scale: with 1,000,000 sessions and a pool of
//! 10,000 numbers (90% leased), the lease is a range scan of `pool_numbers_by_lease_end`
//! and the inbound lookup a probe of `voicemail_sessions_by_number`, never a sequential scan;
//! with thousands of owned numbers, a user's listing walks `owned_numbers_by_user` in order.

use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use switchboard_postgres::test_support::{TestDatabase, explain as plan};
use switchboard_postgres::{ACTIVE_SESSION_SQL, LEASE_SQL, LIST_USER_NUMBERS_SQL};
use time::OffsetDateTime;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_numbers_walks_an_index_in_order_with_thousands_of_numbers() {
    let db = TestDatabase::new().await;
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    // 7,000 rows: 5,000 spread over 50 users, then 2,000 older ones of one heavy user; a
    // tenth pending, a tenth released, the rest held.
    conn.batch_execute(
        "INSERT INTO owned_numbers (id, user_id, phone_number, state, twilio_sid, friendly_name, \
             country, voice, sms, mms, active, purchase_price, monthly_cost, price_unit, \
             started_at, created_at, released_at) \
         SELECT gen_random_uuid(), CASE WHEN i > 5000 THEN 'heavy' ELSE 'user' || (i % 50) END, \
                '+1628' || lpad(i::text, 7, '0'), \
                CASE i % 10 WHEN 0 THEN 'pending' WHEN 1 THEN 'released' ELSE 'held' END, \
                CASE WHEN i % 10 = 0 THEN NULL ELSE 'PN' || md5(i::text) END, \
                CASE WHEN i % 10 = 0 THEN NULL ELSE 'number ' || i END, \
                'US', true, true, false, i % 3 <> 0, 11500, 11500, 'USD', \
                now() - make_interval(secs => i), \
                CASE WHEN i % 10 = 0 THEN NULL ELSE now() - make_interval(secs => i) END, \
                CASE WHEN i % 10 = 1 THEN now() ELSE NULL END \
         FROM generate_series(1, 7000) AS i; \
         ANALYZE owned_numbers;",
    )
    .await
    .expect("seed owned numbers");

    let now = OffsetDateTime::now_utc();
    let cursors = [
        (None, uuid::Uuid::nil()),
        (Some(now - time::Duration::minutes(30)), uuid::Uuid::max()),
    ];
    for user in ["user7", "heavy"] {
        for (after, after_id) in cursors {
            for active in [None, Some(true), Some(false)] {
                let user_plan = plan(
                    &mut conn,
                    diesel::sql_query(format!("EXPLAIN {LIST_USER_NUMBERS_SQL}"))
                        .into_boxed()
                        .bind::<Text, _>(user)
                        .bind::<Nullable<Bool>, _>(active)
                        .bind::<Nullable<Timestamptz>, _>(after)
                        .bind::<SqlUuid, _>(after_id)
                        .bind::<BigInt, _>(51),
                )
                .await;
                println!("{user}'s listing (active {active:?}, after {after:?}):\n{user_plan}");
                assert!(!user_plan.contains("Seq Scan"), "{user_plan}");
                if user == "heavy" {
                    // Thousands of rows, all older than everyone else's: walked in index
                    // order from the cursor, never fetched and sorted.
                    assert!(
                        user_plan.contains("Index Scan using owned_numbers_by_user"),
                        "{user_plan}"
                    );
                    assert!(!user_plan.contains("Sort"), "{user_plan}");
                } else {
                    // A hundred rows: read through the user's index, maybe sorted after.
                    assert!(user_plan.contains("owned_numbers_by_user"), "{user_plan}");
                }
            }
        }
    }
}
