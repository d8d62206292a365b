//! The contract of the rate-limit store: exact under concurrency, per key, refilling.

use std::sync::Arc;

use futures::future::join_all;
use time::Duration;

use super::Stores;
use super::fixtures::T0;
use crate::{Quota, RateDecision};

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

/// A limited lease takes its event from the same budget as `acquire` and leases only when
/// allowed: a refusal leases and records nothing and is not counted, an allowed event on an
/// empty pool is counted.
pub async fn a_limited_lease_shares_the_keys_budget_and_leases_only_when_allowed(stores: Stores) {
    use crate::voicemail::LeaseError;
    let quota = Quota::per_minute(2).expect("non-zero");
    let pool = super::fixtures::fill_pool(&stores, 3).await;
    let first = super::fixtures::new_session("alice", T0, 30);
    let leased = stores
        .sessions
        .lease_number_within(first.clone(), "contract:lease", quota)
        .await
        .expect("allowed and free");
    assert_eq!(leased.phone_number, pool[0]);
    // The second event of the budget is taken by `acquire`, on the same key.
    assert!(matches!(
        stores
            .limits
            .acquire("contract:lease", quota, T0)
            .await
            .expect("acquire"),
        RateDecision::Allowed { .. }
    ));
    let refused = super::fixtures::new_session("alice", T0, 30);
    let result = stores
        .sessions
        .lease_number_within(refused.clone(), "contract:lease", quota)
        .await;
    assert!(
        matches!(result, Err(LeaseError::RateLimited { retry_after }) if retry_after == Duration::seconds(30)),
        "got {result:?}"
    );
    assert_eq!(
        stores.sessions.session(refused.id).await.expect("read"),
        None
    );
    // Refused events are not counted: the budget refills on time.
    let later = super::fixtures::new_session("alice", T0 + Duration::seconds(30), 30);
    let again = stores
        .sessions
        .lease_number_within(later, "contract:lease", quota)
        .await
        .expect("one event refilled");
    assert_eq!(again.phone_number, pool[1]);
    // Another key has its own budget.
    let bob = super::fixtures::new_session("bob", T0, 30);
    stores
        .sessions
        .lease_number_within(bob, "contract:lease-bob", quota)
        .await
        .expect("bob's own budget");
    // An allowed event on an exhausted pool is counted.
    let exhausted = super::fixtures::new_session("carol", T0, 30);
    let result = stores
        .sessions
        .lease_number_within(exhausted, "contract:lease-carol", quota)
        .await;
    assert!(
        matches!(result, Err(LeaseError::PoolExhausted)),
        "got {result:?}"
    );
    assert!(matches!(
        stores
            .limits
            .acquire("contract:lease-carol", quota, T0)
            .await
            .expect("acquire"),
        RateDecision::Allowed { .. }
    ));
    assert!(matches!(
        stores
            .limits
            .acquire("contract:lease-carol", quota, T0)
            .await
            .expect("acquire"),
        RateDecision::Limited { .. }
    ));
}

/// Of N simultaneous limited leases on one key, exactly the quota leases, each a different
/// number.
pub async fn limited_leases_are_exact_under_concurrency(stores: Stores) {
    let quota = Quota::per_minute(4).expect("non-zero");
    super::fixtures::fill_pool(&stores, 20).await;
    let attempts = (0..16).map(|_| {
        let sessions = Arc::clone(&stores.sessions);
        async move {
            sessions
                .lease_number_within(
                    super::fixtures::new_session("dave", T0, 30),
                    "contract:concurrent-lease",
                    quota,
                )
                .await
        }
    });
    let leased: Vec<_> = join_all(attempts)
        .await
        .into_iter()
        .filter_map(Result::ok)
        .map(|s| s.phone_number)
        .collect();
    assert_eq!(leased.len(), 4);
    let distinct: std::collections::HashSet<_> = leased.iter().collect();
    assert_eq!(distinct.len(), 4);
}

/// Many simultaneous limited leases over several keys, more than the pool holds: each key
/// allows exactly its quota, in arrival order, and of the allowed ones exactly as many lease
/// as there are free numbers, each a different one; the rest find the pool exhausted. (A
/// store that leases simultaneous creates together must decide as one by one.)
pub async fn simultaneous_limited_leases_over_keys_are_exact(stores: Stores) {
    use crate::ports::LeaseError;
    let quota = Quota::per_minute(3).expect("non-zero");
    super::fixtures::fill_pool(&stores, 10).await;
    let keys = ["a", "b", "c", "d", "e"];
    let attempts = (0..40).map(|i| {
        let sessions = Arc::clone(&stores.sessions);
        let key = format!("contract:many-{}", keys[i % keys.len()]);
        async move {
            let result = sessions
                .lease_number_within(super::fixtures::new_session("erin", T0, 30), &key, quota)
                .await;
            (key, result)
        }
    });
    let results = join_all(attempts).await;
    let mut allowed = std::collections::BTreeMap::<String, usize>::new();
    let mut numbers = Vec::new();
    let mut exhausted = 0;
    for (key, result) in &results {
        match result {
            Ok(session) => {
                numbers.push(session.phone_number.clone());
                *allowed.entry(key.clone()).or_default() += 1;
            }
            Err(LeaseError::PoolExhausted) => {
                exhausted += 1;
                *allowed.entry(key.clone()).or_default() += 1;
            }
            Err(LeaseError::RateLimited { retry_after }) => {
                assert!(*retry_after > Duration::ZERO, "{key}: {retry_after}");
            }
            Err(LeaseError::Store(e)) => panic!("{key}: {e}"),
        }
    }
    assert!(allowed.values().all(|n| *n == 3), "{allowed:?}");
    assert_eq!(allowed.len(), keys.len());
    assert_eq!((numbers.len(), exhausted), (10, 5));
    let distinct: std::collections::HashSet<_> = numbers.iter().collect();
    assert_eq!(distinct.len(), 10);
    for key in keys {
        assert!(matches!(
            stores
                .limits
                .acquire(&format!("contract:many-{key}"), quota, T0)
                .await
                .expect("acquire"),
            RateDecision::Limited { .. }
        ));
    }
}
