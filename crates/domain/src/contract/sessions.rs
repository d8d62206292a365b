//! The contract of the session store: leases, expiry, the inbound lookup and listings.

use std::collections::HashSet;
use std::sync::Arc;

use futures::future::join_all;
use time::Duration;

use super::Stores;
use super::fixtures::{T0, fill_pool, lease, new_session, number, user};
use crate::PageRequest;
use crate::voicemail::{LeaseError, SessionId, SessionQuery, SessionStatus};

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
