//! The contract between the pool and the number store: a number is in the pool or owned,
//! never both, even when added and bought at once.

use std::sync::Arc;

use futures::future::join_all;
use time::Duration;

use super::Stores;
use super::fixtures::{T0, fill_pool};
use super::number_fixtures::{begin, buy_as, owned_phone, purchase, read_pending, release, sold};
use crate::PageRequest;
use crate::numbers::BeginPurchaseError;
use crate::voicemail::{AddPoolNumberError, PoolQuery};

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
