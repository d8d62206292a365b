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
