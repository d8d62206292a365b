//! What the numbers checks start from: owned test numbers, prices, purchases and what
//! Twilio answers, and short ways to buy, read, release and list.

use time::{Duration, OffsetDateTime};

use super::Stores;
use super::fixtures::user;
use crate::numbers::{
    Capabilities, CountryCode, IncomingNumber, NumberChanges, NumberPrice, NumberQuery,
    OwnedNumber, OwnedNumberId, PendingPurchase,
};
use crate::{Amount, Currency, IncomingNumberSid, PageRequest, PhoneNumber};

/// A number outside the test pool's range (`+1628555....`).
pub(super) fn owned_phone(n: u32) -> PhoneNumber {
    PhoneNumber::parse(&format!("+1628555{n:04}")).expect("test numbers are E.164")
}

pub(super) fn amount(decimal: &str) -> Amount {
    Amount::parse(decimal).expect("test amounts are decimals")
}

pub(super) fn price(purchase: Option<&str>, monthly: Option<&str>) -> NumberPrice {
    NumberPrice {
        purchase: purchase.map(amount),
        monthly: monthly.map(amount),
        currency: Currency::usd(),
    }
}

/// A purchase of `phone` by `owner` started at `at`, at the US local list price.
pub(super) fn purchase(owner: &str, phone: PhoneNumber, at: OffsetDateTime) -> PendingPurchase {
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
pub(super) fn sold(purchase: &PendingPurchase) -> IncomingNumber {
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
pub(super) async fn read_pending(stores: &Stores) -> Vec<PendingPurchase> {
    stores.numbers.pending_purchases().await.expect("pending")
}

/// The number `id`, as `number` reads it.
pub(super) async fn read_number(stores: &Stores, id: OwnedNumberId) -> Option<OwnedNumber> {
    stores.numbers.number(id).await.expect("read")
}

/// The held number of `phone`, as `held_number` reads it.
pub(super) async fn read_held(stores: &Stores, phone: &PhoneNumber) -> Option<OwnedNumber> {
    stores.numbers.held_number(phone).await.expect("read")
}

pub(super) async fn begin(stores: &Stores, purchase: &PendingPurchase) {
    stores
        .numbers
        .begin_purchase(purchase)
        .await
        .expect("begin purchase");
}

/// Begins `purchase` and completes it at `at`.
pub(super) async fn buy_as(
    stores: &Stores,
    purchase: &PendingPurchase,
    at: OffsetDateTime,
) -> OwnedNumber {
    begin(stores, purchase).await;
    stores
        .numbers
        .complete_purchase(purchase.id, &sold(purchase), at)
        .await
        .expect("complete purchase")
}

/// `owner` buys `phone`, bought (completed) at `at`.
pub(super) async fn buy(
    stores: &Stores,
    owner: &str,
    phone: PhoneNumber,
    at: OffsetDateTime,
) -> OwnedNumber {
    let wanted = purchase(owner, phone, at - Duration::seconds(30));
    buy_as(stores, &wanted, at).await
}

/// Releases the completed number `id` at `at`.
pub(super) async fn release(stores: &Stores, id: OwnedNumberId, at: OffsetDateTime) -> OwnedNumber {
    stores
        .numbers
        .release_number(id, at)
        .await
        .expect("release")
        .expect("known")
}

/// Switches the held number `id` off.
pub(super) async fn switch_off(stores: &Stores, id: OwnedNumberId) -> OwnedNumber {
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

pub(super) fn owner_query(
    owner: Option<&str>,
    active: Option<bool>,
    page: PageRequest,
) -> NumberQuery {
    NumberQuery {
        owner: owner.map(user),
        active,
        page,
    }
}

/// Every page of a listing, `limit` at a time, checking each page's size.
pub(super) async fn list_every_page(
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
pub(super) fn newest_first(numbers: &[&OwnedNumber]) -> Vec<OwnedNumberId> {
    let mut sorted: Vec<_> = numbers.iter().map(|n| (n.created_at, n.id)).collect();
    sorted.sort_by_key(|&key| std::cmp::Reverse(key));
    sorted.into_iter().map(|(_, id)| id).collect()
}
