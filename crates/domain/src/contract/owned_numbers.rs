//! The contract of the number store's numbers: listing, changes, release, totals and the
//! held ones.

use std::sync::Arc;

use time::Duration;

use super::Stores;
use super::fixtures::{T0, user};
use super::number_fixtures::{
    amount, begin, buy, buy_as, list_every_page, newest_first, owned_phone, owner_query, price,
    purchase, read_held, read_number, release, switch_off,
};
use crate::PageRequest;
use crate::numbers::{FriendlyName, NumberChanges, NumberStats, OwnedNumber, OwnedNumberId};

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
