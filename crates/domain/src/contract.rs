//! The store contract suite: one set of behaviours every store adapter must show, written
//! once here and run by each adapter's tests through [`store_contract_tests!`](crate::store_contract_tests).
//! Each check gets fresh, empty stores.

use std::collections::HashSet;
use std::sync::Arc;

use futures::future::join_all;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::numbers::{
    Capabilities, CountryCode, FriendlyName, IncomingNumber, NumberChanges, NumberPrice,
    NumberQuery, NumberStats, OwnedNumber, OwnedNumberId, PendingPurchase,
};
use crate::ports::{
    AddPoolNumberError, BeginPurchaseError, CompletePurchaseError, LeaseError, NumberStore,
    PoolStore, RateLimitStore, RetirePoolNumberError, SessionStore,
};
use crate::voicemail::{
    GreetingUrl, NewSession, PoolQuery, PoolStatus, SessionId, SessionQuery, SessionStatus,
};
use crate::{
    Amount, Currency, IncomingNumberSid, PageRequest, PhoneNumber, Quota, RateDecision, UserId,
};

/// Fresh, empty stores of one adapter, sharing one backing state.
#[derive(Debug, Clone)]
pub struct Stores {
    /// Sessions and leases.
    pub sessions: Arc<dyn SessionStore>,
    /// The pool.
    pub pool: Arc<dyn PoolStore>,
    /// Rate-limit state.
    pub limits: Arc<dyn RateLimitStore>,
    /// Numbers users own, and purchases in flight.
    pub numbers: Arc<dyn NumberStore>,
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
            purchase_begins_pending_and_completes_into_a_held_number,
            complete_purchase_is_refused_unless_pending,
            abandon_forgets_only_pending_purchases,
            a_number_is_never_pending_or_held_twice_but_is_bought_again_after_release,
            pool_numbers_cannot_be_bought,
            owned_numbers_cannot_join_the_pool,
            concurrent_purchases_of_one_number_let_exactly_one_begin,
            concurrent_pool_adds_and_purchases_of_a_number_never_both_succeed,
            pending_purchases_are_not_numbers,
            pending_purchases_come_oldest_first,
            numbers_list_newest_first_per_owner_with_cursor_paging,
            numbers_list_filters_held_by_active_and_shows_released_only_unfiltered,
            update_changes_held_numbers_only,
            release_is_idempotent_and_keeps_the_first_time,
            stats_count_by_state_and_add_exact_money,
            held_numbers_are_the_held_ones_only,
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

    // Expired early: no longer active between the new end and the original one.
    let early = lease(&stores, "bob", T0 + Duration::minutes(20), 10).await;
    stores
        .sessions
        .expire_session(early.id, T0 + Duration::minutes(22))
        .await
        .expect("expire")
        .expect("the session exists");
    let found = stores
        .sessions
        .active_session_for(&early.phone_number, T0 + Duration::minutes(25))
        .await
        .expect("lookup");
    assert_eq!(found, None);
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

// ---- Numbers users own ----------------------------------------------------------------

/// A number outside the test pool's range (`+1628555....`).
fn owned_phone(n: u32) -> PhoneNumber {
    PhoneNumber::parse(&format!("+1628555{n:04}")).expect("test numbers are E.164")
}

fn amount(decimal: &str) -> Amount {
    Amount::parse(decimal).expect("test amounts are decimals")
}

fn price(purchase: Option<&str>, monthly: Option<&str>) -> NumberPrice {
    NumberPrice {
        purchase: purchase.map(amount),
        monthly: monthly.map(amount),
        currency: Currency::usd(),
    }
}

/// A purchase of `phone` by `owner` started at `at`, at the US local list price.
fn purchase(owner: &str, phone: PhoneNumber, at: OffsetDateTime) -> PendingPurchase {
    PendingPurchase {
        id: OwnedNumberId::new_v7(),
        user_id: user(owner),
        phone_number: phone,
        friendly_name: None,
        country: CountryCode::us(),
        region: Some("CA".to_owned()),
        locality: Some("San Francisco".to_owned()),
        capabilities: Capabilities {
            voice: true,
            sms: true,
            mms: false,
        },
        price: price(Some("1.15"), Some("1.15")),
        started_at: at,
    }
}

/// What Twilio answers when it sold `purchase`: a sid derived from the purchase id (so each
/// is unique), its display name, and capabilities that differ from the search's.
fn sold(purchase: &PendingPurchase) -> IncomingNumber {
    IncomingNumber {
        sid: IncomingNumberSid::parse(&format!("PN{}", purchase.id.as_uuid().simple()))
            .expect("PN and 32 hex digits"),
        phone_number: purchase.phone_number.clone(),
        friendly_name: format!("Twilio {}", purchase.phone_number),
        capabilities: Capabilities {
            voice: true,
            sms: true,
            mms: true,
        },
        voice_url: None,
        sms_url: None,
        created_at: None,
    }
}

/// The pending purchases, as `pending_purchases` lists them.
async fn read_pending(stores: &Stores) -> Vec<PendingPurchase> {
    stores.numbers.pending_purchases().await.expect("pending")
}

/// The number `id`, as `number` reads it.
async fn read_number(stores: &Stores, id: OwnedNumberId) -> Option<OwnedNumber> {
    stores.numbers.number(id).await.expect("read")
}

/// The held number of `phone`, as `held_number` reads it.
async fn read_held(stores: &Stores, phone: &PhoneNumber) -> Option<OwnedNumber> {
    stores.numbers.held_number(phone).await.expect("read")
}

async fn begin(stores: &Stores, purchase: &PendingPurchase) {
    stores
        .numbers
        .begin_purchase(purchase)
        .await
        .expect("begin purchase");
}

/// Begins `purchase` and completes it at `at`.
async fn buy_as(stores: &Stores, purchase: &PendingPurchase, at: OffsetDateTime) -> OwnedNumber {
    begin(stores, purchase).await;
    stores
        .numbers
        .complete_purchase(purchase.id, &sold(purchase), at)
        .await
        .expect("complete purchase")
}

/// `owner` buys `phone`, bought (completed) at `at`.
async fn buy(stores: &Stores, owner: &str, phone: PhoneNumber, at: OffsetDateTime) -> OwnedNumber {
    let wanted = purchase(owner, phone, at - Duration::seconds(30));
    buy_as(stores, &wanted, at).await
}

/// Releases the completed number `id` at `at`.
async fn release(stores: &Stores, id: OwnedNumberId, at: OffsetDateTime) -> OwnedNumber {
    stores
        .numbers
        .release_number(id, at)
        .await
        .expect("release")
        .expect("known")
}

/// Switches the held number `id` off.
async fn switch_off(stores: &Stores, id: OwnedNumberId) -> OwnedNumber {
    let off = NumberChanges {
        friendly_name: None,
        active: Some(false),
    };
    stores
        .numbers
        .update_number(id, &off)
        .await
        .expect("update")
        .expect("held")
}

fn owner_query(owner: Option<&str>, active: Option<bool>, page: PageRequest) -> NumberQuery {
    NumberQuery {
        owner: owner.map(user),
        active,
        page,
    }
}

/// Every page of a listing, `limit` at a time, checking each page's size.
async fn list_every_page(
    stores: &Stores,
    owner: Option<&str>,
    active: Option<bool>,
    limit: u16,
) -> Vec<OwnedNumberId> {
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let page = stores
            .numbers
            .list_numbers(&owner_query(owner, active, PageRequest { limit, after }))
            .await
            .expect("list numbers");
        assert!(
            page.items.len() <= usize::from(limit),
            "page over its limit"
        );
        assert!(
            page.next.is_none() || page.items.len() == usize::from(limit),
            "only the last page may be short"
        );
        ids.extend(page.items.iter().map(|n| n.id));
        match page.next {
            Some(next) => after = Some(next),
            None => return ids,
        }
    }
}

/// Ids in newest-first order: by creation time, then id, both descending.
fn newest_first(numbers: &[&OwnedNumber]) -> Vec<OwnedNumberId> {
    let mut sorted: Vec<_> = numbers.iter().map(|n| (n.created_at, n.id)).collect();
    sorted.sort_by_key(|&key| std::cmp::Reverse(key));
    sorted.into_iter().map(|(_, id)| id).collect()
}

/// A purchase is pending until completed; completing it makes a held number with Twilio's
/// sid, name and capabilities, created at the completion time, readable every way.
pub async fn purchase_begins_pending_and_completes_into_a_held_number(stores: Stores) {
    let mut wanted = purchase("alice", owned_phone(1), T0);
    wanted.friendly_name = Some(FriendlyName::parse("Front desk").expect("valid name"));
    begin(&stores, &wanted).await;
    assert_eq!(
        read_pending(&stores).await,
        vec![wanted.clone()],
        "the pending purchase reads back as recorded"
    );

    let bought = sold(&wanted);
    let at = T0 + Duration::minutes(1);
    let held = stores
        .numbers
        .complete_purchase(wanted.id, &bought, at)
        .await
        .expect("complete");
    assert_eq!(
        held,
        OwnedNumber {
            id: wanted.id,
            phone_number: wanted.phone_number.clone(),
            friendly_name: bought.friendly_name.clone(),
            twilio_sid: bought.sid.clone(),
            user_id: user("alice"),
            country: CountryCode::us(),
            region: wanted.region.clone(),
            locality: wanted.locality.clone(),
            capabilities: bought.capabilities,
            active: true,
            price: wanted.price.clone(),
            created_at: at,
            released_at: None,
        }
    );
    assert_eq!(read_number(&stores, wanted.id).await, Some(held.clone()));
    assert_eq!(
        read_held(&stores, &wanted.phone_number).await,
        Some(held.clone())
    );
    assert_eq!(
        read_pending(&stores).await,
        Vec::new(),
        "a completed purchase is no longer pending"
    );
}

/// Completing an unknown, completed or abandoned purchase is `NotPending` and changes
/// nothing.
pub async fn complete_purchase_is_refused_unless_pending(stores: Stores) {
    let ghost = purchase("alice", owned_phone(9), T0);
    let unknown = stores
        .numbers
        .complete_purchase(ghost.id, &sold(&ghost), T0)
        .await;
    assert!(
        matches!(unknown, Err(CompletePurchaseError::NotPending)),
        "got {unknown:?}"
    );
    assert_eq!(read_number(&stores, ghost.id).await, None);

    let first = purchase("alice", owned_phone(1), T0);
    let held = buy_as(&stores, &first, T0 + Duration::minutes(1)).await;
    let mut other_answer = sold(&first);
    other_answer.sid = IncomingNumberSid::parse("PN0123456789abcdef0123456789abcdef").expect("sid");
    other_answer.friendly_name = "someone else".to_owned();
    let twice = stores
        .numbers
        .complete_purchase(first.id, &other_answer, T0 + Duration::minutes(2))
        .await;
    assert!(
        matches!(twice, Err(CompletePurchaseError::NotPending)),
        "got {twice:?}"
    );
    assert_eq!(
        read_number(&stores, first.id).await,
        Some(held),
        "the first completion stands"
    );

    let dropped = purchase("alice", owned_phone(2), T0);
    begin(&stores, &dropped).await;
    stores
        .numbers
        .abandon_purchase(dropped.id)
        .await
        .expect("abandon");
    let late = stores
        .numbers
        .complete_purchase(dropped.id, &sold(&dropped), T0 + Duration::minutes(1))
        .await;
    assert!(
        matches!(late, Err(CompletePurchaseError::NotPending)),
        "got {late:?}"
    );
    assert_eq!(read_number(&stores, dropped.id).await, None);
}

/// Abandoning forgets a pending purchase (its number can be bought again); a held number
/// and an unknown id are left alone.
pub async fn abandon_forgets_only_pending_purchases(stores: Stores) {
    let refused = purchase("alice", owned_phone(1), T0);
    begin(&stores, &refused).await;
    stores
        .numbers
        .abandon_purchase(refused.id)
        .await
        .expect("abandon");
    assert_eq!(read_pending(&stores).await, Vec::new());
    let retry = purchase("bob", owned_phone(1), T0 + Duration::minutes(1));
    begin(&stores, &retry).await;
    assert_eq!(
        read_pending(&stores).await,
        vec![retry.clone()],
        "an abandoned number is free to buy"
    );

    let held = buy(&stores, "alice", owned_phone(2), T0).await;
    stores
        .numbers
        .abandon_purchase(held.id)
        .await
        .expect("abandon of a held number");
    assert_eq!(
        read_number(&stores, held.id).await,
        Some(held.clone()),
        "abandon never touches a held number"
    );
    stores
        .numbers
        .abandon_purchase(OwnedNumberId::new_v7())
        .await
        .expect("abandon of an unknown id");
    assert_eq!(read_pending(&stores).await, vec![retry]);
}

/// A second purchase of a pending or held number is `AlreadyOwned` and records nothing;
/// once released, the number can be bought again and the old one stays as history.
pub async fn a_number_is_never_pending_or_held_twice_but_is_bought_again_after_release(
    stores: Stores,
) {
    let phone = owned_phone(1);
    let first = purchase("alice", phone.clone(), T0);
    begin(&stores, &first).await;
    let while_pending = purchase("bob", phone.clone(), T0);
    let refused = stores.numbers.begin_purchase(&while_pending).await;
    assert!(
        matches!(refused, Err(BeginPurchaseError::AlreadyOwned)),
        "got {refused:?}"
    );
    assert_eq!(read_pending(&stores).await, vec![first.clone()]);

    let held = stores
        .numbers
        .complete_purchase(first.id, &sold(&first), T0 + Duration::minutes(1))
        .await
        .expect("complete");
    let while_held = purchase("bob", phone.clone(), T0 + Duration::minutes(2));
    let refused = stores.numbers.begin_purchase(&while_held).await;
    assert!(
        matches!(refused, Err(BeginPurchaseError::AlreadyOwned)),
        "got {refused:?}"
    );
    assert_eq!(read_pending(&stores).await, Vec::new());

    let released = release(&stores, held.id, T0 + Duration::minutes(3)).await;
    let again = purchase("bob", phone.clone(), T0 + Duration::minutes(4));
    let rebought = buy_as(&stores, &again, T0 + Duration::minutes(5)).await;
    assert_eq!(rebought.user_id, user("bob"));
    assert_eq!(read_held(&stores, &phone).await, Some(rebought));
    assert_eq!(
        read_number(&stores, held.id).await,
        Some(released),
        "the released number is kept as history"
    );
}

/// A pool number cannot be bought; once retired from the pool it can.
pub async fn pool_numbers_cannot_be_bought(stores: Stores) {
    let pool = fill_pool(&stores, 1).await;
    let wanted = purchase("alice", pool[0].clone(), T0);
    let refused = stores.numbers.begin_purchase(&wanted).await;
    assert!(
        matches!(refused, Err(BeginPurchaseError::InPool)),
        "got {refused:?}"
    );
    assert_eq!(
        read_pending(&stores).await,
        Vec::new(),
        "a refused purchase records nothing"
    );
    stores
        .pool
        .retire_pool_number(&pool[0], T0)
        .await
        .expect("retire");
    let held = buy_as(&stores, &wanted, T0 + Duration::minutes(1)).await;
    assert_eq!(held.phone_number, pool[0]);
}

/// A number being bought or held cannot join the pool (`OwnedByUser`); once released it can.
pub async fn owned_numbers_cannot_join_the_pool(stores: Stores) {
    let phone = owned_phone(1);
    let wanted = purchase("alice", phone.clone(), T0);
    begin(&stores, &wanted).await;
    let while_pending = stores.pool.add_pool_number(phone.clone(), T0).await;
    assert!(
        matches!(while_pending, Err(AddPoolNumberError::OwnedByUser)),
        "got {while_pending:?}"
    );
    let held = stores
        .numbers
        .complete_purchase(wanted.id, &sold(&wanted), T0 + Duration::minutes(1))
        .await
        .expect("complete");
    let while_held = stores.pool.add_pool_number(phone.clone(), T0).await;
    assert!(
        matches!(while_held, Err(AddPoolNumberError::OwnedByUser)),
        "got {while_held:?}"
    );
    let listing = stores
        .pool
        .list_pool_numbers(&PoolQuery {
            now: T0,
            page: PageRequest::first(),
        })
        .await
        .expect("list pool");
    assert_eq!(listing.items, Vec::new(), "nothing joined the pool");

    release(&stores, held.id, T0 + Duration::minutes(2)).await;
    let added = stores
        .pool
        .add_pool_number(phone.clone(), T0 + Duration::minutes(3))
        .await
        .expect("a released number may join the pool");
    assert_eq!(added.phone_number, phone);
}

/// Of many simultaneous purchases of one number exactly one begins; the others are
/// `AlreadyOwned`.
pub async fn concurrent_purchases_of_one_number_let_exactly_one_begin(stores: Stores) {
    let attempts: Vec<_> = (0..16)
        .map(|i| purchase(&format!("user{i}"), owned_phone(1), T0))
        .collect();
    let results = join_all(attempts.iter().map(|p| {
        let numbers = Arc::clone(&stores.numbers);
        async move { numbers.begin_purchase(p).await }
    }))
    .await;
    let mut winners = Vec::new();
    for (attempt, result) in attempts.iter().zip(results) {
        match result {
            Ok(()) => winners.push(attempt.clone()),
            Err(BeginPurchaseError::AlreadyOwned) => {}
            Err(e) => panic!("unexpected failure: {e}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one purchase begins");
    assert_eq!(read_pending(&stores).await, winners);
}

/// A pool add and a purchase of the same number, at the same time: exactly one succeeds
/// and the other gets its overlap error, for every number. Several rounds, as one round of
/// a racy store may happen to serialise.
pub async fn concurrent_pool_adds_and_purchases_of_a_number_never_both_succeed(stores: Stores) {
    // Each round races five pairs, so that every operation of a round holds a connection
    // at once even with small connection pools.
    const PER_ROUND: u32 = 5;
    const ROUNDS: u32 = 8;
    let mut pooled = 0;
    for round in 0..ROUNDS {
        let pairs = (0..PER_ROUND).map(|n| {
            let phone = owned_phone(round * PER_ROUND + n);
            let wanted = purchase("alice", phone.clone(), T0);
            let pool = Arc::clone(&stores.pool);
            let numbers = Arc::clone(&stores.numbers);
            async move {
                let (added, begun) = futures::join!(
                    pool.add_pool_number(phone.clone(), T0),
                    numbers.begin_purchase(&wanted)
                );
                (phone, added.map(drop), begun)
            }
        });
        for (phone, added, begun) in join_all(pairs).await {
            match (added, begun) {
                (Ok(()), Err(BeginPurchaseError::InPool)) => pooled += 1,
                (Err(AddPoolNumberError::OwnedByUser), Ok(())) => {}
                (added, begun) => panic!("{phone}: pool add {added:?}, purchase {begun:?}"),
            }
        }
    }
    let pending = read_pending(&stores).await;
    let listing = stores
        .pool
        .list_pool_numbers(&PoolQuery {
            now: T0,
            page: PageRequest {
                limit: PageRequest::MAX_LIMIT,
                after: None,
            },
        })
        .await
        .expect("list pool");
    assert_eq!(listing.items.len(), pooled);
    assert_eq!(
        pending.len() + pooled,
        usize::try_from(PER_ROUND * ROUNDS).expect("small")
    );
    for p in &pending {
        assert!(
            listing
                .items
                .iter()
                .all(|i| i.phone_number != p.phone_number),
            "{} is both pooled and being bought",
            p.phone_number
        );
    }
}

/// A pending purchase is no number: no read, list, total, change or release sees it, and
/// it is still pending afterwards.
pub async fn pending_purchases_are_not_numbers(stores: Stores) {
    let wanted = purchase("alice", owned_phone(1), T0);
    begin(&stores, &wanted).await;
    assert_eq!(read_number(&stores, wanted.id).await, None);
    assert_eq!(read_held(&stores, &wanted.phone_number).await, None);
    assert_eq!(
        stores.numbers.held_numbers().await.expect("held"),
        Vec::new()
    );
    for owner in [Some("alice"), None] {
        for active in [None, Some(true), Some(false)] {
            let page = stores
                .numbers
                .list_numbers(&owner_query(owner, active, PageRequest::first()))
                .await
                .expect("list");
            assert_eq!(page.items, Vec::new(), "owner {owner:?}, active {active:?}");
            assert_eq!(page.next, None);
        }
    }
    assert_eq!(
        stores
            .numbers
            .number_stats(Some(&user("alice")))
            .await
            .expect("stats"),
        NumberStats::default()
    );
    assert_eq!(
        stores.numbers.number_stats(None).await.expect("stats"),
        NumberStats::default()
    );
    let off = NumberChanges {
        friendly_name: None,
        active: Some(false),
    };
    assert_eq!(
        stores
            .numbers
            .update_number(wanted.id, &off)
            .await
            .expect("update"),
        None
    );
    assert_eq!(
        stores
            .numbers
            .release_number(wanted.id, T0)
            .await
            .expect("release"),
        None
    );
    assert_eq!(
        read_pending(&stores).await,
        vec![wanted.clone()],
        "the purchase is untouched"
    );
    let held = stores
        .numbers
        .complete_purchase(wanted.id, &sold(&wanted), T0 + Duration::minutes(1))
        .await
        .expect("still completes");
    assert!(held.active && held.released_at.is_none(), "{held:?}");
}

/// Pending purchases come oldest first, whatever order they were recorded in.
pub async fn pending_purchases_come_oldest_first(stores: Stores) {
    let late = purchase("alice", owned_phone(1), T0 + Duration::minutes(2));
    let early = purchase("bob", owned_phone(2), T0);
    let middle = purchase("carol", owned_phone(3), T0 + Duration::minutes(1));
    for p in [&late, &early, &middle] {
        begin(&stores, p).await;
    }
    assert_eq!(read_pending(&stores).await, vec![early, middle, late]);
}

/// Listing: only the owner's numbers (everyone's without an owner), newest first with ties
/// broken by id, paged by cursor without gaps or repeats.
pub async fn numbers_list_newest_first_per_owner_with_cursor_paging(stores: Stores) {
    let mut alice = Vec::new();
    for n in 0..5 {
        alice.push(
            buy(
                &stores,
                "alice",
                owned_phone(n),
                T0 + Duration::seconds(i64::from(n)),
            )
            .await,
        );
    }
    // Two bought at one instant: the id orders them.
    let tie = T0 + Duration::seconds(10);
    alice.push(buy(&stores, "alice", owned_phone(10), tie).await);
    alice.push(buy(&stores, "alice", owned_phone(11), tie).await);
    let bob = vec![
        buy(&stores, "bob", owned_phone(20), T0 + Duration::seconds(3)).await,
        buy(&stores, "bob", owned_phone(21), T0 + Duration::seconds(30)).await,
    ];
    let alice_order = newest_first(&alice.iter().collect::<Vec<_>>());
    let everyone_order = newest_first(&alice.iter().chain(&bob).collect::<Vec<_>>());

    let first = stores
        .numbers
        .list_numbers(&owner_query(Some("alice"), None, PageRequest::first()))
        .await
        .expect("list");
    assert_eq!(
        first.items.iter().map(|n| n.id).collect::<Vec<_>>(),
        alice_order
    );
    assert_eq!(first.next, None);
    let by_id = |id| alice.iter().find(|n| n.id == id).cloned();
    assert_eq!(
        first.items.first().cloned(),
        by_id(alice_order[0]),
        "listed numbers are complete"
    );

    assert_eq!(
        list_every_page(&stores, Some("alice"), None, 3).await,
        alice_order
    );
    assert_eq!(
        list_every_page(&stores, Some("alice"), None, 1).await,
        alice_order
    );
    assert_eq!(
        list_every_page(&stores, None, None, 4).await,
        everyone_order
    );
    assert_eq!(
        list_every_page(&stores, Some("carol"), None, 2).await,
        Vec::new()
    );
}

/// `active: Some(b)` lists held numbers switched on (off); `None` lists every completed
/// number, released ones included.
pub async fn numbers_list_filters_held_by_active_and_shows_released_only_unfiltered(
    stores: Stores,
) {
    let on = buy(&stores, "alice", owned_phone(1), T0).await;
    let off = buy(&stores, "alice", owned_phone(2), T0 + Duration::seconds(1)).await;
    let gone = buy(&stores, "alice", owned_phone(3), T0 + Duration::seconds(2)).await;
    let bobs = buy(&stores, "bob", owned_phone(4), T0 + Duration::seconds(3)).await;
    switch_off(&stores, off.id).await;
    release(&stores, gone.id, T0 + Duration::minutes(1)).await;

    assert_eq!(
        list_every_page(&stores, Some("alice"), Some(true), 1).await,
        vec![on.id]
    );
    assert_eq!(
        list_every_page(&stores, Some("alice"), Some(false), 1).await,
        vec![off.id]
    );
    assert_eq!(
        list_every_page(&stores, Some("alice"), None, 2).await,
        vec![gone.id, off.id, on.id]
    );
    assert_eq!(
        list_every_page(&stores, None, Some(true), 1).await,
        vec![bobs.id, on.id]
    );
    assert_eq!(
        list_every_page(&stores, None, None, 3).await,
        vec![bobs.id, gone.id, off.id, on.id]
    );
    let page = stores
        .numbers
        .list_numbers(&owner_query(
            Some("alice"),
            Some(false),
            PageRequest::first(),
        ))
        .await
        .expect("list");
    assert!(
        page.items
            .iter()
            .all(|n| !n.active && n.released_at.is_none()),
        "{page:?}"
    );
}

/// Changes apply to held numbers only; `None` fields stay; released and unknown ids are
/// `None` and change nothing.
pub async fn update_changes_held_numbers_only(stores: Stores) {
    let held = buy(&stores, "alice", owned_phone(1), T0).await;
    let renamed = stores
        .numbers
        .update_number(
            held.id,
            &NumberChanges {
                friendly_name: Some(FriendlyName::parse("Sales").expect("valid name")),
                active: None,
            },
        )
        .await
        .expect("update")
        .expect("held");
    assert_eq!(
        renamed,
        OwnedNumber {
            friendly_name: "Sales".to_owned(),
            ..held.clone()
        }
    );
    let switched_off = switch_off(&stores, held.id).await;
    assert_eq!(
        switched_off,
        OwnedNumber {
            active: false,
            ..renamed.clone()
        }
    );
    let unchanged = stores
        .numbers
        .update_number(held.id, &NumberChanges::default())
        .await
        .expect("update");
    assert_eq!(unchanged, Some(switched_off.clone()));
    assert_eq!(
        read_number(&stores, held.id).await,
        Some(switched_off.clone()),
        "changes are stored"
    );

    let released = release(&stores, held.id, T0 + Duration::minutes(1)).await;
    let too_late = NumberChanges {
        friendly_name: Some(FriendlyName::parse("Too late").expect("valid name")),
        active: Some(true),
    };
    assert_eq!(
        stores
            .numbers
            .update_number(held.id, &too_late)
            .await
            .expect("update"),
        None
    );
    assert_eq!(
        read_number(&stores, held.id).await,
        Some(released),
        "a released number does not change"
    );
    assert_eq!(
        stores
            .numbers
            .update_number(OwnedNumberId::new_v7(), &too_late)
            .await
            .expect("update"),
        None
    );
}

/// Releasing stamps the time and ends holding; releasing again keeps the first time;
/// unknown ids are `None`.
pub async fn release_is_idempotent_and_keeps_the_first_time(stores: Stores) {
    let held = buy(&stores, "alice", owned_phone(1), T0).await;
    let first_time = T0 + Duration::hours(1);
    let released = release(&stores, held.id, first_time).await;
    assert_eq!(
        released,
        OwnedNumber {
            released_at: Some(first_time),
            ..held.clone()
        }
    );
    let again = stores
        .numbers
        .release_number(held.id, first_time + Duration::hours(1))
        .await
        .expect("release");
    assert_eq!(
        again,
        Some(released.clone()),
        "the first release time stays"
    );
    assert_eq!(read_number(&stores, held.id).await, Some(released));
    assert_eq!(read_held(&stores, &held.phone_number).await, None);
    assert_eq!(
        stores.numbers.held_numbers().await.expect("held"),
        Vec::new()
    );
    assert_eq!(
        stores
            .numbers
            .release_number(OwnedNumberId::new_v7(), first_time)
            .await
            .expect("release"),
        None
    );
}

/// Totals: numbers ever bought, active and inactive among held ones, released; purchase
/// costs over every completed number and monthly costs over held ones, in exact decimals,
/// unknown prices counting as zero and pending purchases not at all.
pub async fn stats_count_by_state_and_add_exact_money(stores: Stores) {
    let priced = |n, purchase_price: Option<&str>, monthly: Option<&str>| {
        let mut p = purchase("alice", owned_phone(n), T0);
        p.price = price(purchase_price, monthly);
        p
    };
    let at = T0 + Duration::minutes(1);
    buy_as(&stores, &priced(1, Some("1.15"), Some("1.15")), at).await;
    let off = buy_as(&stores, &priced(2, Some("2.15"), Some("2.15")), at).await;
    let gone = buy_as(&stores, &priced(3, Some("1.15"), Some("1.15")), at).await;
    buy_as(&stores, &priced(4, None, None), at).await;
    begin(&stores, &priced(5, Some("100"), Some("100"))).await;
    let mut bobs = purchase("bob", owned_phone(6), T0);
    bobs.price = price(Some("5.0001"), Some("5.0001"));
    buy_as(&stores, &bobs, at).await;
    switch_off(&stores, off.id).await;
    release(&stores, gone.id, at).await;

    let alice = stores
        .numbers
        .number_stats(Some(&user("alice")))
        .await
        .expect("stats");
    assert_eq!(
        alice,
        NumberStats {
            total: 4,
            active: 2,
            inactive: 1,
            released: 1,
            purchase_cost_total: amount("4.45"),
            monthly_cost_total: amount("3.30"),
        }
    );
    assert_eq!(alice.monthly_cost_total.to_string(), "3.30", "1.15 + 2.15");
    assert_eq!(alice.monthly_cost_total.ten_thousandths(), 33_000);

    let everyone = stores.numbers.number_stats(None).await.expect("stats");
    assert_eq!(
        everyone,
        NumberStats {
            total: 5,
            active: 3,
            inactive: 1,
            released: 1,
            purchase_cost_total: amount("9.4501"),
            monthly_cost_total: amount("8.3001"),
        }
    );
    assert_eq!(
        stores
            .numbers
            .number_stats(Some(&user("carol")))
            .await
            .expect("stats"),
        NumberStats::default()
    );
}

/// `held_numbers` is every user's held numbers and nothing else; `held_number` finds one
/// by phone number only while held; unknown ids and numbers are `None`.
pub async fn held_numbers_are_the_held_ones_only(stores: Stores) {
    let alices = buy(&stores, "alice", owned_phone(1), T0).await;
    let gone = buy(&stores, "alice", owned_phone(2), T0).await;
    let bobs = buy(&stores, "bob", owned_phone(3), T0 + Duration::seconds(1)).await;
    begin(&stores, &purchase("carol", owned_phone(4), T0)).await;
    release(&stores, gone.id, T0 + Duration::minutes(1)).await;

    let mut held = stores.numbers.held_numbers().await.expect("held");
    held.sort_by_key(|n| n.id);
    let mut expected = vec![alices.clone(), bobs.clone()];
    expected.sort_by_key(|n| n.id);
    assert_eq!(held, expected);

    let holder = |phone| {
        let numbers = Arc::clone(&stores.numbers);
        async move { numbers.held_number(&phone).await.expect("read") }
    };
    assert_eq!(holder(owned_phone(3)).await, Some(bobs));
    assert_eq!(holder(owned_phone(2)).await, None, "released");
    assert_eq!(holder(owned_phone(4)).await, None, "pending");
    assert_eq!(holder(owned_phone(9)).await, None, "unknown");
    assert_eq!(read_number(&stores, OwnedNumberId::new_v7()).await, None);
}
