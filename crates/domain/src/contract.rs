//! The store contract suite: one set of behaviours every store adapter must show, written
//! once here and run by each adapter's tests through [`store_contract_tests!`](crate::store_contract_tests).
//! Each check gets fresh, empty stores.

use std::collections::HashSet;
use std::sync::Arc;

use futures::future::join_all;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::ports::{
    AddPoolNumberError, LeaseError, PoolStore, RateLimitStore, RetirePoolNumberError, SessionStore,
};
use crate::voicemail::{
    GreetingUrl, NewSession, PoolQuery, PoolStatus, SessionId, SessionQuery, SessionStatus,
};
use crate::{PageRequest, PhoneNumber, Quota, RateDecision, UserId};

/// Fresh, empty stores of one adapter, sharing one backing state.
#[derive(Debug, Clone)]
pub struct Stores {
    /// Sessions and leases.
    pub sessions: Arc<dyn SessionStore>,
    /// The pool.
    pub pool: Arc<dyn PoolStore>,
    /// Rate-limit state.
    pub limits: Arc<dyn RateLimitStore>,
    /// Whatever must live as long as the test (a test database that is dropped with it).
    pub guard: Option<Arc<dyn std::any::Any + Send + Sync>>,
}

/// Generates one `#[tokio::test]` per contract check. `$stores` is an async expression
/// giving fresh [`Stores`] (evaluated once per test).
#[macro_export]
macro_rules! store_contract_tests {
    ($stores:expr) => {
        $crate::store_contract_tests!(@each $stores;
            lease_takes_a_free_number_and_records_the_session,
            empty_pool_is_exhausted_and_records_nothing,
            leased_number_is_not_leased_again_before_expiry,
            number_is_free_again_at_expiry_without_any_write,
            never_leased_and_longest_free_numbers_come_first,
            concurrent_leases_never_share_a_number,
            expire_frees_the_number_at_once_and_is_idempotent,
            expiring_an_old_session_does_not_free_a_newer_lease,
            expire_of_unknown_session_is_none,
            active_session_lookup_follows_expiry,
            sessions_list_newest_first_by_owner_and_status_with_paging,
            unknown_session_is_none,
            pool_add_rejects_duplicates,
            pool_listing_counts_free_and_leased_with_paging,
            retire_refuses_leased_and_unknown_numbers,
            retired_number_is_never_leased_and_its_sessions_stay_readable,
            rate_limit_is_exact_under_concurrency,
            rate_limit_keys_are_independent_and_refill,
        );
    };
    (@each $stores:expr; $($name:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                $crate::contract::$name($stores.await).await;
            }
        )+
    };
}

const T0: OffsetDateTime = datetime!(2030-01-01 12:00 UTC);

fn number(n: u32) -> PhoneNumber {
    PhoneNumber::parse(&format!("+1415555{n:04}")).expect("test numbers are E.164")
}

fn user(name: &str) -> UserId {
    UserId::parse(name).expect("test user ids are valid")
}

fn new_session(owner: &str, at: OffsetDateTime, minutes: i64) -> NewSession {
    NewSession {
        id: SessionId::new(),
        user_id: user(owner),
        greeting_url: GreetingUrl::parse("https://example.com/greeting.mp3").expect("valid url"),
        created_at: at,
        expires_at: at + Duration::minutes(minutes),
    }
}

async fn fill_pool(stores: &Stores, count: u32) -> Vec<PhoneNumber> {
    let mut numbers = Vec::new();
    for n in 0..count {
        let num = number(n);
        stores
            .pool
            .add_pool_number(num.clone(), T0 - Duration::hours(1))
            .await
            .expect("add");
        numbers.push(num);
    }
    numbers
}

async fn lease(
    stores: &Stores,
    owner: &str,
    at: OffsetDateTime,
    minutes: i64,
) -> crate::voicemail::VoicemailSession {
    stores
        .sessions
        .lease_number(new_session(owner, at, minutes))
        .await
        .expect("lease succeeds")
}

/// A lease returns the stored session with a pool number, readable back by id.
pub async fn lease_takes_a_free_number_and_records_the_session(stores: Stores) {
    let pool = fill_pool(&stores, 1).await;
    let wanted = new_session("alice", T0, 30);
    let session = stores
        .sessions
        .lease_number(wanted.clone())
        .await
        .expect("lease");
    assert_eq!(session.id, wanted.id);
    assert_eq!(session.user_id, wanted.user_id);
    assert_eq!(session.phone_number, pool[0]);
    assert_eq!(session.greeting_url, wanted.greeting_url);
    assert_eq!(session.created_at, T0);
    assert_eq!(session.expires_at, T0 + Duration::minutes(30));
    assert_eq!(
        stores.sessions.session(wanted.id).await.expect("read"),
        Some(session)
    );
}

/// With no free number the lease fails and nothing is recorded.
pub async fn empty_pool_is_exhausted_and_records_nothing(stores: Stores) {
    let wanted = new_session("alice", T0, 30);
    let result = stores.sessions.lease_number(wanted.clone()).await;
    assert!(
        matches!(result, Err(LeaseError::PoolExhausted)),
        "got {result:?}"
    );
    assert_eq!(
        stores.sessions.session(wanted.id).await.expect("read"),
        None
    );
}

/// A leased number is not handed out again while its lease runs.
pub async fn leased_number_is_not_leased_again_before_expiry(stores: Stores) {
    fill_pool(&stores, 1).await;
    lease(&stores, "alice", T0, 30).await;
    let just_before = T0 + Duration::minutes(30) - Duration::microseconds(1);
    let again = stores
        .sessions
        .lease_number(new_session("bob", just_before, 30))
        .await;
    assert!(
        matches!(again, Err(LeaseError::PoolExhausted)),
        "got {again:?}"
    );
}

/// At `expires_at` the number is free for the next lease with nothing run in between.
pub async fn number_is_free_again_at_expiry_without_any_write(stores: Stores) {
    let pool = fill_pool(&stores, 1).await;
    let first = lease(&stores, "alice", T0, 1).await;
    let second = lease(&stores, "bob", first.expires_at, 10).await;
    assert_eq!(second.phone_number, pool[0]);
    let old = stores
        .sessions
        .session(first.id)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(old.status_at(first.expires_at), SessionStatus::Expired);
}

/// Free numbers are preferred in order: never leased, then the one free the longest.
pub async fn never_leased_and_longest_free_numbers_come_first(stores: Stores) {
    let pool = fill_pool(&stores, 3).await;
    let a = lease(&stores, "u", T0, 5).await;
    let b = lease(&stores, "u", T0, 1).await;
    let c = lease(&stores, "u", T0, 10).await;
    let mut seen: Vec<_> = [&a, &b, &c]
        .iter()
        .map(|s| s.phone_number.clone())
        .collect();
    seen.sort();
    assert_eq!(seen, pool, "three leases take three distinct numbers");
    // At T0+20m all are free; b's lease ended first, then a's, then c's.
    let later = T0 + Duration::minutes(20);
    let order: Vec<_> = [
        lease(&stores, "v", later, 1).await,
        lease(&stores, "v", later, 1).await,
        lease(&stores, "v", later, 1).await,
    ]
    .into_iter()
    .map(|s| s.phone_number)
    .collect();
    assert_eq!(order, vec![b.phone_number, a.phone_number, c.phone_number]);
}

/// Under concurrency, each number goes to exactly one lease; the rest are exhausted.
pub async fn concurrent_leases_never_share_a_number(stores: Stores) {
    fill_pool(&stores, 20).await;
    let attempts = (0..40).map(|i| {
        let sessions = Arc::clone(&stores.sessions);
        async move {
            sessions
                .lease_number(new_session(&format!("user{i}"), T0, 30))
                .await
        }
    });
    let results = join_all(attempts).await;
    let mut numbers = HashSet::new();
    let mut exhausted = 0;
    for result in results {
        match result {
            Ok(s) => assert!(
                numbers.insert(s.phone_number.clone()),
                "{} leased twice",
                s.phone_number
            ),
            Err(LeaseError::PoolExhausted) => exhausted += 1,
            Err(e) => panic!("unexpected failure: {e}"),
        }
    }
    assert_eq!((numbers.len(), exhausted), (20, 20));
}

/// Expiring frees the number at once; expiring again changes nothing.
pub async fn expire_frees_the_number_at_once_and_is_idempotent(stores: Stores) {
    let pool = fill_pool(&stores, 1).await;
    let s = lease(&stores, "alice", T0, 30).await;
    let at = T0 + Duration::minutes(5);
    let expired = stores
        .sessions
        .expire_session(s.id, at)
        .await
        .expect("expire")
        .expect("known");
    assert_eq!(expired.expires_at, at);
    assert_eq!(expired.status_at(at), SessionStatus::Expired);
    let again = stores
        .sessions
        .expire_session(s.id, at + Duration::minutes(1))
        .await
        .expect("expire");
    assert_eq!(
        again,
        Some(expired.clone()),
        "a second expiry keeps the first expiry time"
    );
    let next = lease(&stores, "bob", at, 10).await;
    assert_eq!(next.phone_number, pool[0]);
}

/// Expiring a session whose number has since been leased to another leaves that lease alone.
pub async fn expiring_an_old_session_does_not_free_a_newer_lease(stores: Stores) {
    fill_pool(&stores, 1).await;
    let old = lease(&stores, "alice", T0, 1).await;
    let newer = lease(&stores, "bob", T0 + Duration::minutes(2), 30).await;
    let at = T0 + Duration::minutes(3);
    let expired = stores
        .sessions
        .expire_session(old.id, at)
        .await
        .expect("expire")
        .expect("known");
    assert_eq!(
        expired.expires_at, old.expires_at,
        "an ended session keeps its end"
    );
    let third = stores
        .sessions
        .lease_number(new_session("carol", at, 5))
        .await;
    assert!(
        matches!(third, Err(LeaseError::PoolExhausted)),
        "got {third:?}"
    );
    let active = stores
        .sessions
        .active_session_for(&newer.phone_number, at)
        .await
        .expect("lookup");
    assert_eq!(active.map(|s| s.id), Some(newer.id));
}

/// Expiring an unknown id is `None`.
pub async fn expire_of_unknown_session_is_none(stores: Stores) {
    assert_eq!(
        stores
            .sessions
            .expire_session(SessionId::new(), T0)
            .await
            .expect("expire"),
        None
    );
}

/// The inbound lookup finds the active session only while it is active.
pub async fn active_session_lookup_follows_expiry(stores: Stores) {
    let pool = fill_pool(&stores, 2).await;
    let s = lease(&stores, "alice", T0, 10).await;
    let lookup = |at| stores.sessions.active_session_for(&s.phone_number, at);
    assert_eq!(lookup(T0).await.expect("lookup").map(|x| x.id), Some(s.id));
    assert_eq!(
        lookup(T0 + Duration::minutes(10)).await.expect("lookup"),
        None
    );
    let other = pool
        .iter()
        .find(|n| **n != s.phone_number)
        .expect("two numbers");
    assert_eq!(
        stores
            .sessions
            .active_session_for(other, T0)
            .await
            .expect("lookup"),
        None
    );
    assert_eq!(
        stores
            .sessions
            .active_session_for(&number(9999), T0)
            .await
            .expect("lookup"),
        None
    );
}

/// Listing: only the owner's sessions, newest first, filtered by status, paged without gaps.
pub async fn sessions_list_newest_first_by_owner_and_status_with_paging(stores: Stores) {
    fill_pool(&stores, 10).await;
    let mut mine = Vec::new();
    for i in 0..5 {
        mine.push(
            lease(
                &stores,
                "alice",
                T0 + Duration::seconds(i),
                if i % 2 == 0 { 1 } else { 60 },
            )
            .await,
        );
    }
    lease(&stores, "bob", T0, 60).await;
    let now = T0 + Duration::minutes(5);
    let query = |status, page| SessionQuery {
        user_id: user("alice"),
        status,
        now,
        page,
    };

    let all = stores
        .sessions
        .list_sessions(&query(None, PageRequest::first()))
        .await
        .expect("list");
    let newest_first: Vec<_> = mine.iter().rev().map(|s| s.id).collect();
    assert_eq!(
        all.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        newest_first
    );
    assert_eq!(all.next, None);

    let active = stores
        .sessions
        .list_sessions(&query(Some(SessionStatus::Active), PageRequest::first()))
        .await
        .expect("list");
    assert_eq!(
        active.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![mine[3].id, mine[1].id]
    );
    let expired = stores
        .sessions
        .list_sessions(&query(Some(SessionStatus::Expired), PageRequest::first()))
        .await
        .expect("list");
    assert_eq!(expired.items.len(), 3);

    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = stores
            .sessions
            .list_sessions(&query(None, PageRequest { limit: 2, after }))
            .await
            .expect("list");
        assert!(page.items.len() <= 2);
        paged.extend(page.items.iter().map(|s| s.id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(paged, newest_first);
}

/// Reading an unknown id is `None`.
pub async fn unknown_session_is_none(stores: Stores) {
    assert_eq!(
        stores
            .sessions
            .session(SessionId::new())
            .await
            .expect("read"),
        None
    );
}

/// A number can be added once.
pub async fn pool_add_rejects_duplicates(stores: Stores) {
    let added = stores
        .pool
        .add_pool_number(number(1), T0)
        .await
        .expect("add");
    assert_eq!(added.phone_number, number(1));
    assert_eq!(added.leased_until, None);
    assert_eq!(added.status_at(T0), PoolStatus::Free);
    let again = stores.pool.add_pool_number(number(1), T0).await;
    assert!(
        matches!(again, Err(AddPoolNumberError::AlreadyExists)),
        "got {again:?}"
    );
}

/// The listing counts the whole pool and pages newest first.
pub async fn pool_listing_counts_free_and_leased_with_paging(stores: Stores) {
    for n in 0..5 {
        stores
            .pool
            .add_pool_number(number(n), T0 + Duration::seconds(i64::from(n)))
            .await
            .expect("add");
    }
    let s = lease(&stores, "alice", T0 + Duration::minutes(1), 30).await;
    let now = T0 + Duration::minutes(2);
    let first = stores
        .pool
        .list_pool_numbers(&PoolQuery {
            now,
            page: PageRequest {
                limit: 3,
                after: None,
            },
        })
        .await
        .expect("list");
    assert_eq!((first.free, first.leased), (4, 1));
    assert_eq!(
        first
            .items
            .iter()
            .map(|p| p.phone_number.clone())
            .collect::<Vec<_>>(),
        vec![number(4), number(3), number(2)]
    );
    let second = stores
        .pool
        .list_pool_numbers(&PoolQuery {
            now,
            page: PageRequest {
                limit: 3,
                after: first.next,
            },
        })
        .await
        .expect("list");
    assert_eq!(
        second
            .items
            .iter()
            .map(|p| p.phone_number.clone())
            .collect::<Vec<_>>(),
        vec![number(1), number(0)]
    );
    assert_eq!(second.next, None);
    let leased = first
        .items
        .iter()
        .chain(&second.items)
        .find(|p| p.phone_number == s.phone_number)
        .expect("listed");
    assert_eq!(leased.lease_at(now), Some(s.expires_at));
    let later = stores
        .pool
        .list_pool_numbers(&PoolQuery {
            now: s.expires_at,
            page: PageRequest::first(),
        })
        .await
        .expect("list");
    assert_eq!((later.free, later.leased), (5, 0));
}

/// Retiring a leased or unknown number fails and changes nothing.
pub async fn retire_refuses_leased_and_unknown_numbers(stores: Stores) {
    fill_pool(&stores, 1).await;
    let s = lease(&stores, "alice", T0, 30).await;
    let leased = stores
        .pool
        .retire_pool_number(&s.phone_number, T0 + Duration::minutes(1))
        .await;
    assert!(
        matches!(leased, Err(RetirePoolNumberError::Leased { until }) if until == s.expires_at),
        "got {leased:?}"
    );
    let unknown = stores.pool.retire_pool_number(&number(9999), T0).await;
    assert!(
        matches!(unknown, Err(RetirePoolNumberError::NotFound)),
        "got {unknown:?}"
    );
    let listing = stores
        .pool
        .list_pool_numbers(&PoolQuery {
            now: T0,
            page: PageRequest::first(),
        })
        .await
        .expect("list");
    assert_eq!(listing.items.len(), 1);
}

/// A retired number is gone from the pool; sessions that used it remain readable.
pub async fn retired_number_is_never_leased_and_its_sessions_stay_readable(stores: Stores) {
    fill_pool(&stores, 1).await;
    let s = lease(&stores, "alice", T0, 1).await;
    stores
        .pool
        .retire_pool_number(&s.phone_number, s.expires_at)
        .await
        .expect("retire a free number");
    let next = stores
        .sessions
        .lease_number(new_session("bob", s.expires_at, 5))
        .await;
    assert!(
        matches!(next, Err(LeaseError::PoolExhausted)),
        "got {next:?}"
    );
    assert_eq!(
        stores.sessions.session(s.id).await.expect("read"),
        Some(s.clone())
    );
    let again = stores
        .pool
        .retire_pool_number(&s.phone_number, s.expires_at)
        .await;
    assert!(
        matches!(again, Err(RetirePoolNumberError::NotFound)),
        "got {again:?}"
    );
}

/// Of N simultaneous events on one key, exactly the quota is allowed.
pub async fn rate_limit_is_exact_under_concurrency(stores: Stores) {
    let quota = Quota::per_minute(5).expect("non-zero");
    let attempts = (0..25).map(|_| {
        let limits = Arc::clone(&stores.limits);
        async move { limits.acquire("contract:burst", quota, T0).await }
    });
    let allowed = join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.expect("acquire"))
        .filter(|d| matches!(d, RateDecision::Allowed { .. }))
        .count();
    assert_eq!(allowed, 5);
}

/// Keys do not share budgets, and a key's budget refills with time.
pub async fn rate_limit_keys_are_independent_and_refill(stores: Stores) {
    let quota = Quota::per_minute(2).expect("non-zero");
    let acquire = |key: &'static str, at| {
        let limits = Arc::clone(&stores.limits);
        async move { limits.acquire(key, quota, at).await.expect("acquire") }
    };
    assert!(matches!(
        acquire("a", T0).await,
        RateDecision::Allowed { .. }
    ));
    assert!(matches!(
        acquire("a", T0).await,
        RateDecision::Allowed { .. }
    ));
    let limited = acquire("a", T0).await;
    assert_eq!(
        limited,
        RateDecision::Limited {
            retry_after: Duration::seconds(30)
        }
    );
    assert!(matches!(
        acquire("b", T0).await,
        RateDecision::Allowed { .. }
    ));
    assert!(matches!(
        acquire("a", T0 + Duration::seconds(30)).await,
        RateDecision::Allowed { .. }
    ));
}
