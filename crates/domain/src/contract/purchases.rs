//! The contract of the number store's purchases: pending, completed, abandoned, never
//! twice at once.

use std::sync::Arc;

use futures::future::join_all;
use time::Duration;

use super::Stores;
use super::fixtures::{T0, user};
use super::number_fixtures::{
    begin, buy, buy_as, owned_phone, owner_query, purchase, read_held, read_number, read_pending,
    release, sold,
};
use crate::numbers::{
    BeginPurchaseError, CompletePurchaseError, CountryCode, FriendlyName, NumberChanges,
    NumberStats, OwnedNumber, OwnedNumberId,
};
use crate::{IncomingNumberSid, PageRequest};

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
