//! What the store contract cannot see: that the indexes stay in step with the data through
//! every operation, and the behaviours of this adapter alone (poisoning, duplicate ids,
//! foreign cursors, `Debug`). The behaviours shared with PostgreSQL are in
//! `tests/store_contract.rs`.

use std::collections::HashSet;
use std::sync::Arc;

use switchboard_domain::numbers::{
    Capabilities, CountryCode, IncomingNumber, NumberChanges, NumberPrice, OwnedNumberId,
    PendingPurchase,
};
use switchboard_domain::ports::{
    BeginPurchaseError, HealthCheck, LeaseError, NumberStore, PoolStore, RateLimitStore,
    RetirePoolNumberError, SessionStore,
};
use switchboard_domain::voicemail::{GreetingUrl, NewSession, PoolQuery, SessionId};
use switchboard_domain::{
    Currency, IncomingNumberSid, PageCursor, PageRequest, PhoneNumber, Quota, RateDecision, UserId,
};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;

const T0: OffsetDateTime = datetime!(2030-01-01 12:00 UTC);

fn phone(n: u32) -> PhoneNumber {
    PhoneNumber::parse(&format!("+1415555{n:04}")).expect("E.164")
}

fn user(name: &str) -> UserId {
    UserId::parse(name).expect("user id")
}

fn new_session(at: OffsetDateTime, minutes: i64) -> NewSession {
    NewSession {
        id: SessionId::new(),
        user_id: user("alice"),
        greeting_url: GreetingUrl::parse("https://example.com/g.mp3").expect("url"),
        created_at: at,
        expires_at: at + Duration::minutes(minutes),
    }
}

fn purchase(n: u32, at: OffsetDateTime) -> PendingPurchase {
    PendingPurchase {
        id: OwnedNumberId::new_v7(),
        user_id: user("alice"),
        phone_number: phone(n),
        friendly_name: None,
        country: CountryCode::us(),
        region: None,
        locality: None,
        capabilities: Capabilities::default(),
        price: NumberPrice {
            purchase: None,
            monthly: None,
            currency: Currency::usd(),
        },
        started_at: at,
    }
}

fn sold(p: &PendingPurchase) -> IncomingNumber {
    IncomingNumber {
        sid: IncomingNumberSid::parse(&format!("PN{}", p.id.as_uuid().simple())).expect("sid"),
        phone_number: p.phone_number.clone(),
        friendly_name: p.phone_number.to_string(),
        capabilities: Capabilities::default(),
        voice_url: None,
        sms_url: None,
        created_at: None,
    }
}

/// Every index matches its data, and no number is both pooled and held or being bought.
fn assert_consistent(store: &MemoryStore) {
    let state = store.lock();
    state.pool.assert_consistent();
    state.sessions.assert_consistent();
    state.numbers.assert_consistent();
    for owned in state.numbers.held_or_pending_phones() {
        assert!(!state.pool.contains(owned), "{owned} is pooled and owned");
    }
}

fn lease_end(store: &MemoryStore, number: &PhoneNumber) -> Option<OffsetDateTime> {
    store
        .lock()
        .pool
        .get(number)
        .expect("in the pool")
        .leased_until
}

#[tokio::test]
async fn indexes_follow_every_pool_and_session_operation() {
    let store = MemoryStore::new();
    for n in 0..3 {
        store.add_pool_number(phone(n), T0).await.expect("add");
        assert_consistent(&store);
    }
    let a = store
        .lease_number(new_session(T0, 30))
        .await
        .expect("lease");
    let b = store
        .lease_number(new_session(T0, 10))
        .await
        .expect("lease");
    assert_consistent(&store);

    // Expiring `a` early moves its number to its new lease end, ahead of `b`'s.
    let early = T0 + Duration::minutes(5);
    store.expire_session(a.id, early).await.expect("expire");
    assert_consistent(&store);
    assert_eq!(lease_end(&store, &a.phone_number), Some(early));
    // Expiring again, or after the end, moves nothing.
    store
        .expire_session(a.id, early + Duration::minutes(1))
        .await
        .expect("expire");
    store
        .expire_session(b.id, T0 + Duration::hours(1))
        .await
        .expect("expire");
    assert_consistent(&store);
    assert_eq!(lease_end(&store, &b.phone_number), Some(b.expires_at));

    // The never-leased number first, then `a`'s (free since `early`), then `b`'s.
    let later = T0 + Duration::hours(2);
    let order = [
        store
            .lease_number(new_session(later, 1))
            .await
            .expect("lease"),
        store
            .lease_number(new_session(later, 1))
            .await
            .expect("lease"),
        store
            .lease_number(new_session(later, 1))
            .await
            .expect("lease"),
    ]
    .map(|s| s.phone_number);
    assert_eq!(
        order,
        [phone(2), a.phone_number.clone(), b.phone_number.clone()]
    );
    assert_consistent(&store);

    // Retiring removes the number from every index; re-adding starts it afresh.
    let free = later + Duration::minutes(1);
    store
        .retire_pool_number(&a.phone_number, free)
        .await
        .expect("retire");
    assert_consistent(&store);
    assert!(matches!(
        store.retire_pool_number(&a.phone_number, free).await,
        Err(RetirePoolNumberError::NotFound)
    ));
    let again = store
        .add_pool_number(a.phone_number.clone(), free)
        .await
        .expect("re-add");
    assert_eq!(again.leased_until, None);
    assert_consistent(&store);
    let next = store
        .lease_number(new_session(free, 1))
        .await
        .expect("lease");
    assert_eq!(
        next.phone_number, a.phone_number,
        "a re-added number was never leased"
    );
    assert_consistent(&store);
    // Both sessions of that number stay readable; the new one is the active one.
    assert_eq!(
        store.session(a.id).await.expect("read").map(|s| s.id),
        Some(a.id)
    );
    let active = store
        .active_session_for(&a.phone_number, free)
        .await
        .expect("lookup");
    assert_eq!(active.map(|s| s.id), Some(next.id));
}

#[tokio::test]
async fn an_expired_session_is_no_longer_found_by_its_number() {
    let store = MemoryStore::new();
    store.add_pool_number(phone(1), T0).await.expect("add");
    let s = store
        .lease_number(new_session(T0, 30))
        .await
        .expect("lease");
    let at = T0 + Duration::minutes(5);
    store.expire_session(s.id, at).await.expect("expire");
    for now in [at, at + Duration::minutes(1), T0 + Duration::minutes(29)] {
        assert_eq!(
            store
                .active_session_for(&s.phone_number, now)
                .await
                .expect("lookup"),
            None,
            "at {now}"
        );
    }
    assert_eq!(
        store
            .active_session_for(&s.phone_number, at - Duration::seconds(1))
            .await
            .expect("lookup")
            .map(|s| s.id),
        Some(s.id),
        "still found before its new end"
    );
}

#[tokio::test]
async fn indexes_follow_every_number_operation() {
    let store = MemoryStore::new();
    let kept = purchase(1, T0);
    let dropped = purchase(2, T0 + Duration::seconds(1));
    let released = purchase(3, T0 + Duration::seconds(2));
    for p in [&kept, &dropped, &released] {
        store.begin_purchase(p).await.expect("begin");
        assert_consistent(&store);
    }
    store.abandon_purchase(dropped.id).await.expect("abandon");
    assert_consistent(&store);
    for p in [&kept, &released] {
        store
            .complete_purchase(p.id, &sold(p), T0 + Duration::minutes(1))
            .await
            .expect("complete");
        assert_consistent(&store);
    }
    let off = NumberChanges {
        friendly_name: None,
        active: Some(false),
    };
    store.update_number(kept.id, &off).await.expect("update");
    store
        .release_number(released.id, T0 + Duration::minutes(2))
        .await
        .expect("release");
    store
        .release_number(released.id, T0 + Duration::minutes(3))
        .await
        .expect("release again");
    assert_consistent(&store);

    // The released and abandoned numbers may join the pool; the held one may not.
    store
        .add_pool_number(released.phone_number.clone(), T0)
        .await
        .expect("released number joins the pool");
    store
        .add_pool_number(dropped.phone_number.clone(), T0)
        .await
        .expect("abandoned number joins the pool");
    assert!(
        store
            .add_pool_number(kept.phone_number.clone(), T0)
            .await
            .is_err()
    );
    assert_consistent(&store);
    // And, pooled, they cannot be bought.
    let rebuy = purchase(3, T0 + Duration::minutes(4));
    assert!(matches!(
        store.begin_purchase(&rebuy).await,
        Err(BeginPurchaseError::InPool)
    ));
    assert_consistent(&store);
}

#[tokio::test]
async fn held_numbers_come_oldest_first_as_in_postgres() {
    let store = MemoryStore::new();
    let mut ids = Vec::new();
    for (n, seconds) in [(1, 30), (2, 10), (3, 20)] {
        let p = purchase(n, T0);
        store.begin_purchase(&p).await.expect("begin");
        let at = T0 + Duration::seconds(seconds);
        ids.push((at, p.id));
        store
            .complete_purchase(p.id, &sold(&p), at)
            .await
            .expect("complete");
    }
    ids.sort();
    let held: Vec<_> = store
        .held_numbers()
        .await
        .expect("held")
        .into_iter()
        .map(|n| (n.created_at, n.id))
        .collect();
    assert_eq!(held, ids);
}

#[tokio::test]
async fn a_reused_session_id_is_refused_and_leases_nothing() {
    let store = MemoryStore::new();
    store.add_pool_number(phone(1), T0).await.expect("add");
    store.add_pool_number(phone(2), T0).await.expect("add");
    let first = store
        .lease_number(new_session(T0, 30))
        .await
        .expect("lease");
    let mut twin = new_session(T0, 30);
    twin.id = first.id;
    let refused = store.lease_number(twin).await;
    assert!(
        matches!(refused, Err(LeaseError::Store(_))),
        "got {refused:?}"
    );
    assert_consistent(&store);
    let listing = store
        .list_pool_numbers(&PoolQuery {
            now: T0,
            page: PageRequest::first(),
        })
        .await
        .expect("list");
    assert_eq!((listing.free, listing.leased), (1, 1));
    assert_eq!(store.session(first.id).await.expect("read"), Some(first));
}

#[tokio::test]
async fn a_reused_purchase_id_is_refused() {
    let store = MemoryStore::new();
    let first = purchase(1, T0);
    store.begin_purchase(&first).await.expect("begin");
    let mut twin = purchase(2, T0);
    twin.id = first.id;
    let refused = store.begin_purchase(&twin).await;
    assert!(
        matches!(refused, Err(BeginPurchaseError::Store(_))),
        "got {refused:?}"
    );
    assert_consistent(&store);
    assert_eq!(
        store.pending_purchases().await.expect("pending"),
        vec![first]
    );
}

#[tokio::test]
async fn a_cursor_that_names_no_item_of_the_list_is_a_store_error() {
    let store = MemoryStore::new();
    let foreign = PageRequest {
        limit: 10,
        after: Some(PageCursor {
            created_at: T0,
            key: "not-a-key".to_owned(),
        }),
    };
    let pool = store
        .list_pool_numbers(&PoolQuery {
            now: T0,
            page: foreign.clone(),
        })
        .await;
    assert!(pool.is_err(), "got {pool:?}");
    let sessions = store
        .list_sessions(&switchboard_domain::voicemail::SessionQuery {
            user_id: user("alice"),
            status: None,
            now: T0,
            page: foreign.clone(),
        })
        .await;
    assert!(sessions.is_err(), "got {sessions:?}");
    let numbers = store
        .list_numbers(&switchboard_domain::numbers::NumberQuery {
            owner: None,
            active: None,
            page: foreign,
        })
        .await;
    assert!(numbers.is_err(), "got {numbers:?}");
}

#[tokio::test]
async fn a_poisoned_lock_is_taken_over() {
    let store = Arc::new(MemoryStore::new());
    store.add_pool_number(phone(1), T0).await.expect("add");
    let poisoner = Arc::clone(&store);
    let panicked = std::thread::spawn(move || {
        let _held = poisoner.state.lock();
        panic!("a panic while holding the lock");
    })
    .join();
    assert!(panicked.is_err());
    assert!(store.state.is_poisoned());
    let s = store
        .lease_number(new_session(T0, 30))
        .await
        .expect("still leases");
    assert_eq!(s.phone_number, phone(1));
    store.ping().await.expect("ping");
    assert_consistent(&store);
}

#[test]
fn debug_shows_sizes_not_contents() {
    let store = MemoryStore::default();
    assert_eq!(
        format!("{store:?}"),
        "MemoryStore { pool_numbers: 0, sessions: 0, owned_numbers: 0, rate_limit_keys: 0, calls: 0, recordings: 0, idempotency_keys: 0, messages: 0, emails: 0 }"
    );
}

/// The contract's races poll their futures on one task; these run on threads at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn leases_on_parallel_threads_never_share_a_number() {
    const POOL: u32 = 64;
    const TASKS: usize = 8;
    const PER_TASK: usize = 16;
    let store = Arc::new(MemoryStore::new());
    for n in 0..POOL {
        store.add_pool_number(phone(n), T0).await.expect("add");
    }
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let mut leased = Vec::new();
                for _ in 0..PER_TASK {
                    match store.lease_number(new_session(T0, 30)).await {
                        Ok(s) => leased.push(s.phone_number),
                        Err(LeaseError::PoolExhausted) => {}
                        Err(e) => panic!("unexpected failure: {e}"),
                    }
                    tokio::task::yield_now().await;
                }
                leased
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("task"));
    }
    let distinct: HashSet<_> = all.iter().collect();
    assert_eq!((all.len(), distinct.len()), (64, 64));
    assert_consistent(&store);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rate_limits_on_parallel_threads_are_exact() {
    let store = Arc::new(MemoryStore::new());
    let quota = Quota::per_minute(10).expect("non-zero");
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let mut allowed = 0;
                for _ in 0..10 {
                    let decision = store.acquire("burst", quota, T0).await.expect("acquire");
                    if matches!(decision, RateDecision::Allowed { .. }) {
                        allowed += 1;
                    }
                    tokio::task::yield_now().await;
                }
                allowed
            })
        })
        .collect();
    let mut allowed = 0;
    for task in tasks {
        allowed += task.await.expect("task");
    }
    assert_eq!(allowed, 10);
}
