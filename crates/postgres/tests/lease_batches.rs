//! Simultaneous rate-limited creates are leased in batches (one statement for many), and a
//! batch decides exactly as the creates one by one would: each key allows its quota in
//! arrival order, each allowed create holds its own number, and its session is the one the
//! number is leased to.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Integer, Nullable};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use futures::future::join_all;
use switchboard_domain::ports::{LeaseError, PoolStore, SessionStore};
use switchboard_domain::voicemail::{GreetingUrl, NewSession, SessionId};
use switchboard_domain::{PhoneNumber, Quota, UserId};
use switchboard_postgres::test_support::{TestDatabase, explain};
use switchboard_postgres::{BATCH_LEASE_SQL, PgStore};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2030-01-01 12:00 UTC);

/// A fresh database with `numbers` pool numbers, and a store on it.
async fn store_with_pool(numbers: u32) -> (TestDatabase, Arc<PgStore>) {
    let db = TestDatabase::new().await;
    let store = Arc::new(db.store());
    for n in 0..numbers {
        let number = PhoneNumber::parse(&format!("+1415555{n:04}")).expect("a number");
        store
            .add_pool_number(number, T0 - Duration::hours(1))
            .await
            .expect("add a pool number");
    }
    (db, store)
}

#[derive(QueryableByName)]
struct Most {
    #[diesel(sql_type = Nullable<Integer>)]
    most: Option<i32>,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_creates_are_leased_in_batches_that_decide_as_one_by_one() {
    let (db, store) = store_with_pool(30).await;
    let quota = Quota::per_minute(5).expect("non-zero");
    let creates = (0..48).map(|i| {
        let store = Arc::clone(&store);
        let key = format!("batch:{}", i % 4);
        async move {
            let new = NewSession {
                id: SessionId::new(),
                user_id: UserId::parse(&format!("user{}", i % 4)).expect("a user id"),
                greeting_url: GreetingUrl::parse("https://example.com/greeting.mp3")
                    .expect("a URL"),
                created_at: T0 + Duration::microseconds(i),
                expires_at: T0 + Duration::minutes(30),
            };
            (
                key.clone(),
                store.lease_number_within(new, &key, quota).await,
            )
        }
    });
    let mut allowed = BTreeMap::<String, usize>::new();
    let mut sessions = Vec::new();
    for (key, result) in join_all(creates).await {
        match result {
            Ok(session) => {
                *allowed.entry(key).or_default() += 1;
                sessions.push(session);
            }
            Err(LeaseError::RateLimited { retry_after }) => {
                assert!(retry_after > Duration::ZERO, "{key}");
            }
            Err(e) => panic!("{key}: {e:?}"),
        }
    }
    assert_eq!(allowed.len(), 4);
    assert!(allowed.values().all(|n| *n == 5), "{allowed:?}");
    let numbers: HashSet<_> = sessions.iter().map(|s| &s.phone_number).collect();
    assert_eq!(
        numbers.len(),
        20,
        "each allowed create holds its own number"
    );

    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    // Only the batch statement writes `granted`: a batch took several events of one key.
    let most: Most = diesel::sql_query("SELECT max(granted) AS most FROM rate_limits")
        .get_result(&mut conn)
        .await
        .expect("read the rate limits");
    assert!(
        most.most.is_some_and(|n| n >= 2),
        "no batch ran: {:?}",
        most.most
    );
    // Every session holds the number leased to it, and nothing else is leased.
    let matched: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM voicemail_sessions s \
         JOIN pool_numbers p ON p.phone_number = s.phone_number AND p.lease_session_id = s.id \
         AND p.leased_until = s.expires_at",
    )
    .get_result(&mut conn)
    .await
    .expect("match sessions to leases");
    let leased: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM pool_numbers WHERE lease_session_id IS NOT NULL",
    )
    .get_result(&mut conn)
    .await
    .expect("count leases");
    assert_eq!((matched.n, leased.n), (20, 20));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quota_finer_than_a_microsecond_allows_every_create_of_a_batch() {
    let (_db, store) = store_with_pool(24).await;
    // 100,000,000 a minute: an emission interval of 0.6 µs, 0 in whole microseconds.
    let quota = Quota::per_minute(100_000_000).expect("non-zero");
    let creates = (0..24).map(|i| {
        let store = Arc::clone(&store);
        async move {
            let new = NewSession {
                id: SessionId::new(),
                user_id: UserId::parse("fast").expect("a user id"),
                greeting_url: GreetingUrl::parse("https://example.com/greeting.mp3")
                    .expect("a URL"),
                created_at: T0 + Duration::microseconds(i),
                expires_at: T0 + Duration::minutes(30),
            };
            store.lease_number_within(new, "batch:fast", quota).await
        }
    });
    let leased: Vec<_> = join_all(creates)
        .await
        .into_iter()
        .map(|r| r.map(|s| s.phone_number))
        .collect::<Result<_, _>>()
        .expect("every create is allowed and leases");
    assert_eq!(leased.iter().collect::<HashSet<_>>().len(), 24);
}

/// The batch statement's generic plan (the one a prepared statement settles on) over a
/// large pool and many rate-limit keys: index scans only, the lease a range scan of the
/// lease-end index.
#[tokio::test]
async fn the_batch_statement_reads_the_pool_and_the_rate_limits_by_index() {
    let db = TestDatabase::new().await;
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    conn.batch_execute(
        "INSERT INTO pool_numbers (phone_number, created_at) \
           SELECT '+1666' || lpad(i::text, 7, '0'), now() FROM generate_series(1, 200000) i; \
         UPDATE pool_numbers SET leased_until = now() + interval '1 day' \
           WHERE phone_number <= '+16660100000'; \
         INSERT INTO rate_limits (key, tat) \
           SELECT 'user:' || i, now() FROM generate_series(1, 100000) i; \
         ANALYZE pool_numbers; ANALYZE rate_limits; \
         SET plan_cache_mode = force_generic_plan;",
    )
    .await
    .expect("seed");
    conn.batch_execute(&format!(
        "PREPARE batch(uuid[], text[], text[], text[], timestamptz[], timestamptz[], bigint, \
         bigint) AS {BATCH_LEASE_SQL}"
    ))
    .await
    .expect("prepare the batch statement");
    conn.batch_execute("BEGIN").await.expect("begin");
    let plan = explain(
        &mut conn,
        diesel::sql_query(
            "EXPLAIN (ANALYZE, COSTS OFF) EXECUTE batch(\
           ARRAY[gen_random_uuid(), gen_random_uuid(), gen_random_uuid()], \
           ARRAY['a', 'b', 'b'], ARRAY['https://example.com/g.mp3', 'https://example.com/g.mp3', \
           'https://example.com/g.mp3'], ARRAY['user:1', 'user:2', 'user:2'], \
           ARRAY[now(), now(), now()], ARRAY[now() + interval '30 minutes', \
           now() + interval '30 minutes', now() + interval '30 minutes'], 600, 60000000)",
        )
        .into_boxed(),
    )
    .await;
    conn.batch_execute("ROLLBACK").await.expect("roll back");
    for table in ["pool_numbers", "rate_limits", "voicemail_sessions"] {
        assert!(
            !plan.contains(&format!("Seq Scan on {table}")),
            "{table} read sequentially:\n{plan}"
        );
    }
    assert!(
        plan.contains("Index Scan using pool_numbers_by_lease_end"),
        "{plan}"
    );
}
