//! The contract of the pool store: adding, listing and retiring pool numbers.

use time::Duration;

use super::Stores;
use super::fixtures::{T0, fill_pool, lease, new_session, number};
use crate::PageRequest;
use crate::voicemail::{
    AddPoolNumberError, LeaseError, PoolQuery, PoolStatus, RetirePoolNumberError,
};

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
