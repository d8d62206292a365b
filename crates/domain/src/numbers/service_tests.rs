//! Unit tests of the numbers use cases over minimal fakes: who may buy and change what, in
//! which order the ports are called, and what reconciliation and pool import find and do.

use std::collections::{BTreeSet, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use futures::executor::block_on;
use time::OffsetDateTime;
use time::macros::datetime;
use url::Url;

use super::reconcile::PENDING_GRACE;
use super::*;
use crate::numbers::{
    AccountInfo, AreaCode, AvailableNumber, AvailableNumberQuery, BeginPurchaseError, Capabilities,
    CompletePurchaseError, ContainsPattern, CountryCode, FriendlyName, IncomingNumber,
    NumberChanges, NumberPriceList, NumberProvider, NumberQuery, NumberStats, NumberStore,
    NumberType, NumberWebhooks, OwnedNumber, OwnedNumberId, PendingPurchase, PurchaseRequest,
};
use crate::telephony::TelephonyError;
use crate::voicemail::{
    AddPoolNumberError, PoolListing, PoolNumber, PoolQuery, PoolStore, RetirePoolNumberError,
};
use crate::{
    AccountSid, Actor, Amount, Clock, Currency, IncomingNumberSid, Page, PhoneNumber, Role,
    StoreError, UserId,
};

const NOW: OffsetDateTime = datetime!(2030-01-01 12:00 UTC);

#[derive(Debug)]
struct FixedClock;
impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        NOW
    }
}

/// Every port call that changes something or asks the provider, in order, as
/// `"port.operation +number"`.
type Journal = Arc<Mutex<Vec<String>>>;
/// The voicemail pool's numbers, shared by the pool and number stores (they never overlap).
type PoolSet = Arc<Mutex<BTreeSet<PhoneNumber>>>;

fn note(journal: &Journal, entry: String) {
    journal.lock().unwrap().push(entry);
}

/// Pending purchases and numbers in two vectors; `complete_purchase` fails while
/// `fail_complete` is set.
#[derive(Debug)]
struct FakeNumbers {
    journal: Journal,
    pool: PoolSet,
    pending: Mutex<Vec<PendingPurchase>>,
    numbers: Mutex<Vec<OwnedNumber>>,
    fail_complete: Mutex<bool>,
}

impl FakeNumbers {
    fn phone_of(&self, id: OwnedNumberId) -> String {
        let pending = self.pending.lock().unwrap();
        if let Some(p) = pending.iter().find(|p| p.id == id) {
            return p.phone_number.to_string();
        }
        drop(pending);
        self.find(|n| n.id == id)
            .map_or_else(|| id.to_string(), |n| n.phone_number.to_string())
    }

    /// The first stored number that `matches`.
    fn find(&self, matches: impl Fn(&OwnedNumber) -> bool) -> Option<OwnedNumber> {
        self.numbers
            .lock()
            .unwrap()
            .iter()
            .find(|n| matches(n))
            .cloned()
    }

    /// Whether a user holds the number or a purchase of it is pending.
    fn is_taken(&self, phone: &PhoneNumber) -> bool {
        let pending = self
            .pending
            .lock()
            .unwrap()
            .iter()
            .any(|p| &p.phone_number == phone);
        pending || self.held_by(phone).is_some()
    }

    /// Completes a pending purchase (what the trait method does, minus journal and failure).
    fn complete(
        &self,
        id: OwnedNumberId,
        bought: &IncomingNumber,
        at: OffsetDateTime,
    ) -> Result<OwnedNumber, CompletePurchaseError> {
        let mut pending = self.pending.lock().unwrap();
        let index = pending
            .iter()
            .position(|p| p.id == id)
            .ok_or(CompletePurchaseError::NotPending)?;
        let number = pending.remove(index).complete(bought, at);
        drop(pending);
        self.numbers.lock().unwrap().push(number.clone());
        Ok(number)
    }

    fn pending(&self) -> Vec<PendingPurchase> {
        self.pending.lock().unwrap().clone()
    }

    fn add_pending(&self, purchase: PendingPurchase) {
        self.pending.lock().unwrap().push(purchase);
    }

    fn stored(&self, id: OwnedNumberId) -> OwnedNumber {
        self.find(|n| n.id == id).expect("the number is stored")
    }

    fn held_by(&self, phone: &PhoneNumber) -> Option<OwnedNumber> {
        self.find(|n| &n.phone_number == phone && n.released_at.is_none())
    }
}

#[async_trait]
impl NumberStore for FakeNumbers {
    async fn begin_purchase(&self, purchase: &PendingPurchase) -> Result<(), BeginPurchaseError> {
        note(
            &self.journal,
            format!("store.begin {}", purchase.phone_number),
        );
        let in_pool = self.pool.lock().unwrap().contains(&purchase.phone_number);
        if in_pool {
            return Err(BeginPurchaseError::InPool);
        }
        if self.is_taken(&purchase.phone_number) {
            return Err(BeginPurchaseError::AlreadyOwned);
        }
        self.add_pending(purchase.clone());
        Ok(())
    }

    async fn complete_purchase(
        &self,
        id: OwnedNumberId,
        bought: &IncomingNumber,
        at: OffsetDateTime,
    ) -> Result<OwnedNumber, CompletePurchaseError> {
        note(
            &self.journal,
            format!("store.complete {}", self.phone_of(id)),
        );
        if *self.fail_complete.lock().unwrap() {
            return Err(CompletePurchaseError::Store(StoreError::msg(
                "completing a purchase",
            )));
        }
        self.complete(id, bought, at)
    }

    async fn abandon_purchase(&self, id: OwnedNumberId) -> Result<(), StoreError> {
        note(
            &self.journal,
            format!("store.abandon {}", self.phone_of(id)),
        );
        self.pending.lock().unwrap().retain(|p| p.id != id);
        Ok(())
    }

    async fn pending_purchases(&self) -> Result<Vec<PendingPurchase>, StoreError> {
        let mut all = self.pending();
        all.sort_by_key(|p| p.started_at);
        Ok(all)
    }

    async fn number(&self, id: OwnedNumberId) -> Result<Option<OwnedNumber>, StoreError> {
        Ok(self.find(|n| n.id == id))
    }

    async fn held_number(&self, phone: &PhoneNumber) -> Result<Option<OwnedNumber>, StoreError> {
        Ok(self.held_by(phone))
    }

    async fn held_numbers(&self) -> Result<Vec<OwnedNumber>, StoreError> {
        Ok(self
            .numbers
            .lock()
            .unwrap()
            .iter()
            .filter(|n| n.released_at.is_none())
            .cloned()
            .collect())
    }

    async fn list_numbers(&self, query: &NumberQuery) -> Result<Page<OwnedNumber>, StoreError> {
        let mut items: Vec<OwnedNumber> = self
            .numbers
            .lock()
            .unwrap()
            .iter()
            .filter(|n| query.owner.as_ref().is_none_or(|o| &n.user_id == o))
            .filter(|n| {
                query
                    .active
                    .is_none_or(|a| n.released_at.is_none() && n.active == a)
            })
            .cloned()
            .collect();
        items.sort_by_key(|n| std::cmp::Reverse((n.created_at, n.id)));
        Ok(Page { items, next: None })
    }

    async fn update_number(
        &self,
        id: OwnedNumberId,
        changes: &NumberChanges,
    ) -> Result<Option<OwnedNumber>, StoreError> {
        note(&self.journal, format!("store.update {}", self.phone_of(id)));
        let mut all = self.numbers.lock().unwrap();
        Ok(all
            .iter_mut()
            .find(|n| n.id == id && n.released_at.is_none())
            .map(|n| {
                n.apply(changes);
                n.clone()
            }))
    }

    async fn release_number(
        &self,
        id: OwnedNumberId,
        at: OffsetDateTime,
    ) -> Result<Option<OwnedNumber>, StoreError> {
        note(
            &self.journal,
            format!("store.release {}", self.phone_of(id)),
        );
        let mut all = self.numbers.lock().unwrap();
        Ok(all.iter_mut().find(|n| n.id == id).map(|n| {
            n.released_at.get_or_insert(at);
            n.clone()
        }))
    }

    async fn number_stats(&self, owner: Option<&UserId>) -> Result<NumberStats, StoreError> {
        let mut stats = NumberStats::default();
        for n in self.numbers.lock().unwrap().iter() {
            if owner.is_some_and(|o| &n.user_id != o) {
                continue;
            }
            stats.total += 1;
            match (n.released_at, n.active) {
                (Some(_), _) => stats.released += 1,
                (None, true) => stats.active += 1,
                (None, false) => stats.inactive += 1,
            }
        }
        Ok(stats)
    }
}

/// The pool: a set of numbers, sharing the number store's view of owned numbers.
#[derive(Debug)]
struct FakePool {
    journal: Journal,
    set: PoolSet,
    numbers: Arc<FakeNumbers>,
}

#[async_trait]
impl PoolStore for FakePool {
    async fn add_pool_number(
        &self,
        number: PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<PoolNumber, AddPoolNumberError> {
        note(&self.journal, format!("pool.add {number}"));
        if self.set.lock().unwrap().contains(&number) {
            return Err(AddPoolNumberError::AlreadyExists);
        }
        if self.numbers.is_taken(&number) {
            return Err(AddPoolNumberError::OwnedByUser);
        }
        self.set.lock().unwrap().insert(number.clone());
        Ok(PoolNumber {
            phone_number: number,
            leased_until: None,
            created_at: now,
        })
    }

    async fn list_pool_numbers(&self, query: &PoolQuery) -> Result<PoolListing, StoreError> {
        let items: Vec<PoolNumber> = self
            .set
            .lock()
            .unwrap()
            .iter()
            .map(|n| PoolNumber {
                phone_number: n.clone(),
                leased_until: None,
                created_at: query.now,
            })
            .collect();
        Ok(PoolListing {
            free: items.len() as u64,
            leased: 0,
            items,
            next: None,
        })
    }

    async fn retire_pool_number(
        &self,
        number: &PhoneNumber,
        _now: OffsetDateTime,
    ) -> Result<(), RetirePoolNumberError> {
        if self.set.lock().unwrap().remove(number) {
            Ok(())
        } else {
            Err(RetirePoolNumberError::NotFound)
        }
    }
}

/// Something that happens while the provider lists the account (another request finishing).
struct Hook(Box<dyn FnOnce() + Send>);

impl fmt::Debug for Hook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Hook")
    }
}

/// A scripted provider: numbers for sale by type, the account's numbers, and errors to
/// answer instead of the next call of an operation. Records every search and purchase, and
/// which purchases were pending in the store when `purchase` was called.
#[derive(Debug)]
struct FakeProvider {
    journal: Journal,
    store: Arc<FakeNumbers>,
    inventory: Mutex<Vec<(NumberType, AvailableNumber)>>,
    account: Mutex<Vec<IncomingNumber>>,
    failures: Mutex<VecDeque<(&'static str, TelephonyError)>>,
    searches: Mutex<Vec<AvailableNumberQuery>>,
    purchases: Mutex<Vec<PurchaseRequest>>,
    pending_at_purchase: Mutex<Vec<Vec<PendingPurchase>>>,
    sold: Mutex<u32>,
    during_listing: Mutex<Option<Hook>>,
}

impl FakeProvider {
    /// The next call of `operation` fails with `error`.
    fn fail_next(&self, operation: &'static str, error: TelephonyError) {
        self.failures.lock().unwrap().push_back((operation, error));
    }

    fn failure(&self, operation: &str) -> Result<(), TelephonyError> {
        let mut failures = self.failures.lock().unwrap();
        match failures.iter().position(|(op, _)| *op == operation) {
            Some(i) => Err(failures.remove(i).expect("present").1),
            None => Ok(()),
        }
    }

    /// Puts a number on the account, as a sale does.
    fn put_on_account(&self, phone: &PhoneNumber, name: Option<&str>) -> IncomingNumber {
        let mut sold = self.sold.lock().unwrap();
        *sold += 1;
        let incoming = IncomingNumber {
            sid: IncomingNumberSid::parse(&format!("PN{:032x}", *sold)).unwrap(),
            phone_number: phone.clone(),
            friendly_name: name.map_or_else(|| display(phone), str::to_owned),
            capabilities: Capabilities {
                voice: true,
                sms: true,
                mms: false,
            },
            voice_url: None,
            sms_url: None,
            created_at: Some(NOW),
        };
        self.account.lock().unwrap().push(incoming.clone());
        incoming
    }

    fn drop_from_account(&self, phone: &PhoneNumber) {
        self.account
            .lock()
            .unwrap()
            .retain(|n| &n.phone_number != phone);
    }

    fn on_account(&self, phone: &PhoneNumber) -> Option<IncomingNumber> {
        self.find_on_account(|n| &n.phone_number == phone)
    }

    fn phone_of(&self, sid: &IncomingNumberSid) -> String {
        self.find_on_account(|n| &n.sid == sid)
            .map_or_else(|| sid.to_string(), |n| n.phone_number.to_string())
    }

    /// The first number on the account that `matches`.
    fn find_on_account(&self, matches: impl Fn(&IncomingNumber) -> bool) -> Option<IncomingNumber> {
        self.account
            .lock()
            .unwrap()
            .iter()
            .find(|n| matches(n))
            .cloned()
    }

    /// Changes the account's number `sid` and returns it as changed; `NotFound` when it is
    /// not on the account.
    fn change_on_account(
        &self,
        sid: &IncomingNumberSid,
        change: impl FnOnce(&mut IncomingNumber),
    ) -> Result<IncomingNumber, TelephonyError> {
        let mut account = self.account.lock().unwrap();
        let n = account
            .iter_mut()
            .find(|n| &n.sid == sid)
            .ok_or(TelephonyError::NotFound)?;
        change(n);
        Ok(n.clone())
    }

    fn searches(&self) -> Vec<AvailableNumberQuery> {
        self.searches.lock().unwrap().clone()
    }

    fn purchases(&self) -> Vec<PurchaseRequest> {
        self.purchases.lock().unwrap().clone()
    }
}

/// Points a number's voice and messaging webhooks at `webhooks`, as Twilio does.
fn point_at(n: &mut IncomingNumber, webhooks: &NumberWebhooks) {
    n.voice_url = Some(webhooks.voice_url.to_string());
    n.sms_url = Some(webhooks.sms_url.to_string());
}

/// Twilio's display form of a North American number: `(415) 555-0100`.
fn display(phone: &PhoneNumber) -> String {
    let d = phone.as_str().trim_start_matches("+1");
    if d.len() == 10 {
        format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..])
    } else {
        phone.to_string()
    }
}

#[async_trait]
impl NumberProvider for FakeProvider {
    async fn search_available(
        &self,
        query: &AvailableNumberQuery,
    ) -> Result<Vec<AvailableNumber>, TelephonyError> {
        note(
            &self.journal,
            format!("provider.search {}", query.number_type.as_str()),
        );
        self.searches.lock().unwrap().push(query.clone());
        self.failure("search")?;
        let area = query.area_code.map(|a| format!("+1{a}"));
        Ok(self
            .inventory
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, n)| *t == query.number_type && n.country == query.country)
            .map(|(_, n)| n)
            .filter(|n| {
                area.as_ref()
                    .is_none_or(|a| n.phone_number.as_str().starts_with(a))
            })
            .filter(|n| {
                query
                    .contains
                    .as_ref()
                    .is_none_or(|c| n.phone_number.as_str().contains(c.as_str()))
            })
            .take(usize::from(query.limit))
            .cloned()
            .collect())
    }

    async fn purchase(&self, request: &PurchaseRequest) -> Result<IncomingNumber, TelephonyError> {
        note(
            &self.journal,
            format!("provider.purchase {}", request.phone_number),
        );
        self.purchases.lock().unwrap().push(request.clone());
        self.pending_at_purchase
            .lock()
            .unwrap()
            .push(self.store.pending());
        self.failure("purchase")?;
        let mut inventory = self.inventory.lock().unwrap();
        let index = inventory
            .iter()
            .position(|(_, n)| n.phone_number == request.phone_number)
            .ok_or_else(|| TelephonyError::NoNumbersAvailable {
                message: "not for sale".into(),
            })?;
        inventory.remove(index);
        drop(inventory);
        let name = request.friendly_name.as_ref().map(FriendlyName::as_str);
        let bought = self.put_on_account(&request.phone_number, name);
        self.change_on_account(&bought.sid, |n| point_at(n, &request.webhooks))
    }

    async fn rename(
        &self,
        sid: &IncomingNumberSid,
        name: &FriendlyName,
    ) -> Result<IncomingNumber, TelephonyError> {
        note(
            &self.journal,
            format!("provider.rename {} {name}", self.phone_of(sid)),
        );
        self.failure("rename")?;
        self.change_on_account(sid, |n| name.as_str().clone_into(&mut n.friendly_name))
    }

    async fn configure_webhooks(
        &self,
        sid: &IncomingNumberSid,
        webhooks: &NumberWebhooks,
    ) -> Result<IncomingNumber, TelephonyError> {
        note(
            &self.journal,
            format!("provider.configure {}", self.phone_of(sid)),
        );
        self.failure("configure")?;
        self.change_on_account(sid, |n| point_at(n, webhooks))
    }

    async fn release(&self, sid: &IncomingNumberSid) -> Result<(), TelephonyError> {
        note(
            &self.journal,
            format!("provider.release {}", self.phone_of(sid)),
        );
        self.failure("release")?;
        let mut account = self.account.lock().unwrap();
        let index = account
            .iter()
            .position(|n| &n.sid == sid)
            .ok_or(TelephonyError::NotFound)?;
        account.remove(index);
        Ok(())
    }

    async fn incoming_numbers(&self) -> Result<Vec<IncomingNumber>, TelephonyError> {
        note(&self.journal, "provider.list".to_owned());
        self.failure("list")?;
        let listed = self.account.lock().unwrap().clone();
        let hook = self.during_listing.lock().unwrap().take();
        if let Some(Hook(hook)) = hook {
            hook();
        }
        Ok(listed)
    }

    async fn account(&self) -> Result<AccountInfo, TelephonyError> {
        note(&self.journal, "provider.account".to_owned());
        self.failure("account")?;
        Ok(AccountInfo {
            sid: AccountSid::parse(&format!("AC{:032x}", 7)).unwrap(),
            friendly_name: "Switchboard".to_owned(),
            status: "active".to_owned(),
            account_type: "Full".to_owned(),
        })
    }
}

/// The three fakes wired together, sharing one journal.
#[derive(Debug)]
struct World {
    journal: Journal,
    store: Arc<FakeNumbers>,
    pool: Arc<FakePool>,
    provider: Arc<FakeProvider>,
}

impl World {
    fn new() -> Self {
        let journal = Journal::default();
        let set = PoolSet::default();
        let store = Arc::new(FakeNumbers {
            journal: journal.clone(),
            pool: set.clone(),
            pending: Mutex::default(),
            numbers: Mutex::default(),
            fail_complete: Mutex::new(false),
        });
        let pool = Arc::new(FakePool {
            journal: journal.clone(),
            set,
            numbers: store.clone(),
        });
        let provider = Arc::new(FakeProvider {
            journal: journal.clone(),
            store: store.clone(),
            inventory: Mutex::default(),
            account: Mutex::default(),
            failures: Mutex::default(),
            searches: Mutex::default(),
            purchases: Mutex::default(),
            pending_at_purchase: Mutex::default(),
            sold: Mutex::new(0),
            during_listing: Mutex::new(None),
        });
        Self {
            journal,
            store,
            pool,
            provider,
        }
    }

    fn numbers(&self, policy: PurchasePolicy) -> Numbers {
        Numbers::new(
            self.store.clone(),
            self.pool.clone(),
            self.provider.clone(),
            Arc::new(FixedClock),
            policy,
            NumberPriceList::twilio_us_list_prices(),
            webhooks(),
        )
    }

    fn service(&self) -> Numbers {
        self.numbers(PurchasePolicy::Open)
    }

    /// The journal so far, emptied.
    fn take_journal(&self) -> Vec<String> {
        std::mem::take(&mut *self.journal.lock().unwrap())
    }

    fn journal(&self) -> Vec<String> {
        self.journal.lock().unwrap().clone()
    }

    /// The kind of each search the provider was asked for, oldest first.
    fn searched_types(&self) -> Vec<NumberType> {
        self.provider
            .searches()
            .iter()
            .map(|q| q.number_type)
            .collect()
    }

    fn for_sale(&self, number_type: NumberType, number: &str) {
        self.for_sale_in(number_type, number, Some("CA"), Some("San Francisco"));
    }

    fn for_sale_in(
        &self,
        number_type: NumberType,
        number: &str,
        region: Option<&str>,
        locality: Option<&str>,
    ) {
        let phone_number = phone(number);
        let available = AvailableNumber {
            friendly_name: display(&phone_number),
            phone_number,
            locality: locality.map(str::to_owned),
            region: region.map(str::to_owned),
            country: CountryCode::us(),
            capabilities: Capabilities {
                voice: true,
                sms: true,
                mms: false,
            },
        };
        self.provider
            .inventory
            .lock()
            .unwrap()
            .push((number_type, available));
    }

    fn put_in_pool(&self, number: &str) {
        self.pool.set.lock().unwrap().insert(phone(number));
    }

    fn pool_numbers(&self) -> Vec<PhoneNumber> {
        self.pool.set.lock().unwrap().iter().cloned().collect()
    }

    /// Buys a local number for `owner` through the use case.
    async fn bought(&self, owner: &str, number: &str) -> OwnedNumber {
        self.for_sale(NumberType::Local, number);
        self.service()
            .buy(&user(owner), exact(number, None))
            .await
            .expect("the purchase succeeds")
    }
}

fn webhooks() -> NumberWebhooks {
    NumberWebhooks::under(&Url::parse("https://switchboard.example.com/").unwrap()).unwrap()
}

fn phone(number: &str) -> PhoneNumber {
    PhoneNumber::parse(number).unwrap()
}

fn phones(numbers: &[&str]) -> Vec<PhoneNumber> {
    numbers.iter().map(|n| phone(n)).collect()
}

fn user(name: &str) -> Actor {
    Actor {
        user_id: UserId::parse(name).unwrap(),
        role: Role::User,
    }
}

fn admin(name: &str) -> Actor {
    Actor {
        user_id: UserId::parse(name).unwrap(),
        role: Role::Admin,
    }
}

fn exact(number: &str, number_type: Option<NumberType>) -> BuyNumber {
    BuyNumber {
        target: BuyTarget::Number(phone(number)),
        country: CountryCode::us(),
        number_type,
        friendly_name: None,
        on_behalf_of: None,
    }
}

fn area(code: &str) -> BuyNumber {
    BuyNumber {
        target: BuyTarget::AreaCode(AreaCode::parse(code).unwrap()),
        country: CountryCode::us(),
        number_type: None,
        friendly_name: None,
        on_behalf_of: None,
    }
}

fn for_user(mut request: BuyNumber, name: &str) -> BuyNumber {
    request.on_behalf_of = Some(UserId::parse(name).unwrap());
    request
}

fn name(text: &str) -> FriendlyName {
    FriendlyName::parse(text).unwrap()
}

fn usd(amount: &str) -> Option<Amount> {
    Some(Amount::parse(amount).unwrap())
}

fn pending_since(number: &str, owner: &str, started_at: OffsetDateTime) -> PendingPurchase {
    PendingPurchase {
        id: OwnedNumberId::new_v7(),
        user_id: UserId::parse(owner).unwrap(),
        phone_number: phone(number),
        friendly_name: None,
        country: CountryCode::us(),
        region: None,
        locality: None,
        capabilities: Capabilities::default(),
        price: NumberPriceList::twilio_us_list_prices()
            .price_for(&CountryCode::us(), NumberType::Local),
        started_at,
    }
}

fn unavailable() -> TelephonyError {
    TelephonyError::Unavailable {
        reason: "timed out".into(),
        retry_after: None,
    }
}

fn rejected() -> TelephonyError {
    TelephonyError::Rejected {
        status: 400,
        code: Some(21_404),
        message: "trial accounts may hold one number".into(),
    }
}

fn sold_out() -> TelephonyError {
    TelephonyError::NoNumbersAvailable {
        message: "+14155550101 is not available".into(),
    }
}

// ---- buying an exact number ----

#[test]
fn an_exact_number_is_searched_recorded_pending_then_bought_then_completed() {
    block_on(async {
        let world = World::new();
        world.for_sale_in(
            NumberType::Local,
            "+14155550100",
            Some("CA"),
            Some("San Francisco"),
        );
        let mut request = exact("+14155550100", None);
        request.friendly_name = Some(name("Front desk"));
        let number = world.service().buy(&user("alice"), request).await.unwrap();

        assert_eq!(
            world.journal(),
            [
                "provider.search local",
                "store.begin +14155550100",
                "provider.purchase +14155550100",
                "store.complete +14155550100",
            ]
        );
        let searches = world.provider.searches();
        assert_eq!(
            searches[0].contains.as_ref().map(ContainsPattern::as_str),
            Some("14155550100"),
            "the search looks for the number's digits"
        );
        assert_eq!(searches[0].country, CountryCode::us());
        assert_eq!(searches[0].area_code, None);

        let seen = world.provider.pending_at_purchase.lock().unwrap().clone();
        assert_eq!(seen.len(), 1);
        let [pending] = seen[0].as_slice() else {
            panic!("exactly one pending purchase when the provider is asked, got {seen:?}");
        };
        assert_eq!(pending.phone_number, phone("+14155550100"));
        assert_eq!(pending.user_id.as_str(), "alice");
        assert_eq!(pending.id, number.id, "the pending row becomes the number");
        assert_eq!(pending.started_at, NOW);

        let purchase = &world.provider.purchases()[0];
        assert_eq!(purchase.webhooks, webhooks());
        assert_eq!(purchase.friendly_name, Some(name("Front desk")));

        let sale = world
            .provider
            .on_account(&phone("+14155550100"))
            .expect("sold");
        assert_eq!(number.twilio_sid, sale.sid);
        assert_eq!(number.user_id.as_str(), "alice");
        assert_eq!(number.friendly_name, "Front desk");
        assert_eq!(number.region.as_deref(), Some("CA"));
        assert_eq!(number.locality.as_deref(), Some("San Francisco"));
        assert_eq!(number.country, CountryCode::us());
        assert_eq!(number.price.monthly, usd("1.15"), "the local list price");
        assert_eq!(number.price.purchase, usd("1.15"));
        assert_eq!(number.price.currency, Currency::usd());
        assert!(number.active);
        assert_eq!((number.created_at, number.released_at), (NOW, None));
        assert_eq!(world.store.stored(number.id), number);
        assert!(world.store.pending().is_empty());
    });
}

#[test]
fn an_exact_number_no_search_lists_is_still_bought_after_one_search() {
    block_on(async {
        let world = World::new();
        // Listed only as toll-free, so the one (local) search misses it, as Twilio's test
        // credentials' +15005550006 is missed by every search; Twilio still sells it.
        world.for_sale_in(NumberType::TollFree, "+15005550006", None, None);
        let number = world
            .service()
            .buy(&user("alice"), exact("+15005550006", None))
            .await
            .unwrap();
        assert_eq!(number.phone_number, phone("+15005550006"));
        assert_eq!(number.region, None);
        assert_eq!(number.locality, None);
        let types = world.searched_types();
        assert_eq!(types, [NumberType::Local], "one best-effort search");
        assert_eq!(
            world.take_journal(),
            [
                "provider.search local",
                "store.begin +15005550006",
                "provider.purchase +15005550006",
                "store.complete +15005550006",
            ]
        );
    });
}

#[test]
fn a_failed_search_never_blocks_buying_an_exact_number() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550100");
        world.provider.fail_next(
            "search",
            TelephonyError::Unavailable {
                reason: "search timed out".into(),
                retry_after: None,
            },
        );
        let number = world
            .service()
            .buy(&user("alice"), exact("+14155550100", None))
            .await
            .unwrap();
        assert_eq!(number.phone_number, phone("+14155550100"));
        assert_eq!(world.provider.purchases().len(), 1);
    });
}

#[test]
fn an_exact_number_twilio_refuses_to_sell_is_no_numbers_available_and_forgotten() {
    block_on(async {
        let world = World::new();
        let missing = world
            .service()
            .buy(&user("alice"), exact("+14155550199", None))
            .await;
        assert!(
            matches!(missing, Err(NumbersError::NoNumbersAvailable)),
            "got {missing:?}"
        );
        assert_eq!(
            world.take_journal(),
            [
                "provider.search local",
                "store.begin +14155550199",
                "provider.purchase +14155550199",
                "store.abandon +14155550199",
            ],
            "Twilio was asked; its refusal leaves nothing pending"
        );
        assert!(world.store.pending().is_empty());
    });
}

#[test]
fn an_exact_number_of_a_given_type_is_searched_and_priced_as_that_type() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::TollFree, "+18885550100");
        let number = world
            .service()
            .buy(
                &user("alice"),
                exact("+18885550100", Some(NumberType::TollFree)),
            )
            .await
            .unwrap();
        assert_eq!(
            number.price.monthly,
            usd("2.15"),
            "the toll-free list price"
        );
        assert_eq!(number.locality.as_deref(), Some("San Francisco"));
        let types = world.searched_types();
        assert_eq!(types, [NumberType::TollFree]);
    });
}

#[test]
fn an_exact_number_in_the_pool_or_held_is_in_use_and_never_purchased() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550100");
        world.put_in_pool("+14155550100");
        let in_pool = world
            .service()
            .buy(&user("alice"), exact("+14155550100", None))
            .await;
        assert!(
            matches!(in_pool, Err(NumbersError::NumberInUse)),
            "got {in_pool:?}"
        );

        world.bought("bob", "+14155550111").await;
        world.for_sale(NumberType::Local, "+14155550111");
        world.take_journal();
        let held = world
            .service()
            .buy(&user("alice"), exact("+14155550111", None))
            .await;
        assert!(
            matches!(held, Err(NumbersError::NumberInUse)),
            "got {held:?}"
        );
        assert_eq!(
            world.take_journal(),
            ["provider.search local", "store.begin +14155550111"]
        );
        assert_eq!(
            world.provider.purchases().len(),
            1,
            "only bob's purchase reached the provider"
        );
    });
}

// ---- buying in an area code ----

#[test]
fn an_area_code_purchase_takes_the_first_candidate() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+12125550100");
        world.for_sale(NumberType::Local, "+14155550101");
        world.for_sale(NumberType::Local, "+14155550102");
        let number = world
            .service()
            .buy(&user("alice"), area("415"))
            .await
            .unwrap();
        assert_eq!(number.phone_number, phone("+14155550101"));
        assert_eq!(number.price.monthly, usd("1.15"));
        let query = &world.provider.searches()[0];
        assert_eq!(query.area_code, Some(AreaCode::parse("415").unwrap()));
        assert_eq!(query.number_type, NumberType::Local, "local by default");
        assert_eq!(query.limit, 3);
        assert_eq!(query.contains, None);
        assert_eq!(
            world.journal(),
            [
                "provider.search local",
                "store.begin +14155550101",
                "provider.purchase +14155550101",
                "store.complete +14155550101",
            ]
        );
    });
}

#[test]
fn an_area_code_purchase_moves_on_when_a_candidate_was_sold_meanwhile() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550101");
        world.for_sale(NumberType::Local, "+14155550102");
        world.provider.fail_next("purchase", sold_out());
        let number = world
            .service()
            .buy(&user("alice"), area("415"))
            .await
            .unwrap();
        assert_eq!(number.phone_number, phone("+14155550102"));
        assert_eq!(
            world.journal(),
            [
                "provider.search local",
                "store.begin +14155550101",
                "provider.purchase +14155550101",
                "store.abandon +14155550101",
                "store.begin +14155550102",
                "provider.purchase +14155550102",
                "store.complete +14155550102",
            ]
        );
        assert!(world.store.pending().is_empty());
    });
}

#[test]
fn an_area_code_purchase_skips_a_candidate_already_in_use() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550101");
        world.for_sale(NumberType::Local, "+14155550102");
        world.put_in_pool("+14155550101");
        let number = world
            .service()
            .buy(&user("alice"), area("415"))
            .await
            .unwrap();
        assert_eq!(number.phone_number, phone("+14155550102"));
        assert_eq!(
            world
                .provider
                .purchases()
                .iter()
                .map(|p| p.phone_number.clone())
                .collect::<Vec<_>>(),
            phones(&["+14155550102"]),
            "the pool number was never bought"
        );
    });
}

#[test]
fn an_area_code_purchase_gives_up_after_three_candidates() {
    block_on(async {
        let world = World::new();
        for n in [
            "+14155550101",
            "+14155550102",
            "+14155550103",
            "+14155550104",
        ] {
            world.for_sale(NumberType::TollFree, n);
            world.provider.fail_next("purchase", sold_out());
        }
        let mut request = area("415");
        request.number_type = Some(NumberType::TollFree);
        let result = world.service().buy(&user("alice"), request).await;
        assert!(
            matches!(result, Err(NumbersError::NoNumbersAvailable)),
            "got {result:?}"
        );
        assert_eq!(
            world.provider.searches()[0].number_type,
            NumberType::TollFree
        );
        assert_eq!(world.provider.purchases().len(), 3);
        let abandoned = world
            .journal()
            .iter()
            .filter(|e| e.starts_with("store.abandon"))
            .count();
        assert_eq!(abandoned, 3, "every refused candidate is forgotten");
        assert!(world.store.pending().is_empty());
    });
}

#[test]
fn an_area_code_with_nothing_for_sale_has_no_numbers_available() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+12125550100");
        let result = world.service().buy(&user("alice"), area("415")).await;
        assert!(
            matches!(result, Err(NumbersError::NoNumbersAvailable)),
            "got {result:?}"
        );
        assert_eq!(world.journal(), ["provider.search local"]);
    });
}

// ---- refusals, unknown outcomes, store failures ----

#[test]
fn a_refused_purchase_forgets_the_pending_row_and_tries_no_other_candidate() {
    block_on(async {
        let refusals = [
            TelephonyError::AuthFailed,
            rejected(),
            TelephonyError::RateLimited { retry_after: None },
        ];
        for refusal in refusals {
            let world = World::new();
            world.for_sale(NumberType::Local, "+14155550101");
            world.for_sale(NumberType::Local, "+14155550102");
            world.provider.fail_next("purchase", refusal.clone());
            let result = world.service().buy(&user("alice"), area("415")).await;
            assert!(
                matches!(&result, Err(NumbersError::Telephony(e)) if *e == refusal),
                "{refusal:?}: got {result:?}"
            );
            assert_eq!(
                world.journal(),
                [
                    "provider.search local",
                    "store.begin +14155550101",
                    "provider.purchase +14155550101",
                    "store.abandon +14155550101",
                ],
                "{refusal:?}"
            );
            assert!(world.store.pending().is_empty(), "{refusal:?}");
        }
    });
}

#[test]
fn an_unknown_purchase_outcome_keeps_the_purchase_pending() {
    block_on(async {
        let outcomes = [
            unavailable(),
            TelephonyError::InvalidResponse {
                reason: "missing sid".into(),
            },
        ];
        for outcome in outcomes {
            let world = World::new();
            world.for_sale(NumberType::Local, "+14155550100");
            world.provider.fail_next("purchase", outcome.clone());
            let result = world
                .service()
                .buy(&user("alice"), exact("+14155550100", None))
                .await;
            assert!(
                matches!(&result, Err(NumbersError::Telephony(e)) if *e == outcome),
                "{outcome:?}: got {result:?}"
            );
            assert!(
                !world
                    .journal()
                    .iter()
                    .any(|e| e.starts_with("store.abandon")),
                "{outcome:?}"
            );
            let pending = world.store.pending();
            assert_eq!(pending.len(), 1, "{outcome:?}");
            assert_eq!(pending[0].phone_number, phone("+14155550100"));
            assert_eq!(pending[0].user_id.as_str(), "alice");
        }
    });
}

#[test]
fn a_store_failure_after_the_sale_leaves_it_pending_until_reconcile_adopts_it() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550100");
        *world.store.fail_complete.lock().unwrap() = true;
        let svc = world.service();
        let result = svc
            .buy(&admin("ops"), for_user(exact("+14155550100", None), "bob"))
            .await;
        assert!(
            matches!(result, Err(NumbersError::Store(_))),
            "got {result:?}"
        );
        let pending = world.store.pending();
        assert_eq!(pending.len(), 1, "the sold number keeps its pending row");
        assert_eq!(pending[0].user_id.as_str(), "bob");
        let sale = world
            .provider
            .on_account(&phone("+14155550100"))
            .expect("the provider sold it");

        *world.store.fail_complete.lock().unwrap() = false;
        let report = svc.reconcile().await.unwrap();
        assert_eq!(
            report,
            ReconcileReport {
                adopted: phones(&["+14155550100"]),
                ..ReconcileReport::default()
            }
        );
        let held = world
            .store
            .held_by(&phone("+14155550100"))
            .expect("now held");
        assert_eq!(held.user_id.as_str(), "bob");
        assert_eq!(held.id, pending[0].id);
        assert_eq!(held.twilio_sid, sale.sid);
        assert_eq!(held.price.monthly, usd("1.15"));
        assert!(world.store.pending().is_empty());
    });
}

// ---- reconciliation ----

#[test]
fn reconcile_abandons_old_pending_purchases_the_provider_never_sold_and_waits_for_young_ones() {
    block_on(async {
        let world = World::new();
        let old = pending_since("+14155550101", "alice", NOW - time::Duration::hours(1));
        let at_grace = pending_since("+14155550102", "alice", NOW - PENDING_GRACE);
        let young = pending_since(
            "+14155550103",
            "alice",
            NOW - PENDING_GRACE + time::Duration::seconds(1),
        );
        for p in [&old, &at_grace, &young] {
            world.store.add_pending(p.clone());
        }
        let report = world.service().reconcile().await.unwrap();
        assert_eq!(
            report,
            ReconcileReport {
                abandoned: phones(&["+14155550101", "+14155550102"]),
                in_flight: 1,
                ..ReconcileReport::default()
            }
        );
        assert_eq!(world.store.pending(), [young]);
    });
}

#[test]
fn reconcile_marks_released_the_held_numbers_gone_from_the_account() {
    block_on(async {
        let world = World::new();
        let kept = world.bought("alice", "+14155550101").await;
        let gone = world.bought("alice", "+14155550102").await;
        world.provider.drop_from_account(&gone.phone_number);
        world.take_journal();
        let report = world.service().reconcile().await.unwrap();
        assert_eq!(
            report,
            ReconcileReport {
                released: phones(&["+14155550102"]),
                ..ReconcileReport::default()
            }
        );
        assert_eq!(
            world.take_journal(),
            ["provider.list", "store.release +14155550102"],
            "the provider is not asked to release anything"
        );
        assert_eq!(world.store.stored(gone.id).released_at, Some(NOW));
        assert_eq!(world.store.stored(kept.id), kept);
    });
}

#[test]
fn reconcile_reports_account_numbers_neither_held_pending_nor_pooled_as_unassigned() {
    block_on(async {
        let world = World::new();
        world.bought("alice", "+14155550101").await;
        world.put_in_pool("+14155550102");
        world.provider.put_on_account(&phone("+14155550102"), None);
        world.provider.put_on_account(&phone("+14155550103"), None);
        world
            .store
            .add_pending(pending_since("+14155550104", "bob", NOW));
        let report = world.service().reconcile().await.unwrap();
        assert_eq!(
            report,
            ReconcileReport {
                unassigned: phones(&["+14155550103"]),
                in_flight: 1,
                ..ReconcileReport::default()
            }
        );
        assert_eq!(world.store.pending().len(), 1, "the young purchase stays");
        assert_eq!(world.pool_numbers(), phones(&["+14155550102"]));
    });
}

#[test]
fn reconcile_changes_nothing_when_the_account_cannot_be_listed() {
    block_on(async {
        let world = World::new();
        world.bought("alice", "+14155550101").await;
        world.provider.drop_from_account(&phone("+14155550101"));
        world.store.add_pending(pending_since(
            "+14155550102",
            "bob",
            NOW - time::Duration::hours(1),
        ));
        world.take_journal();
        world.provider.fail_next("list", unavailable());
        let result = world.service().reconcile().await;
        assert!(
            matches!(
                result,
                Err(NumbersError::Telephony(TelephonyError::Unavailable { .. }))
            ),
            "got {result:?}"
        );
        assert_eq!(world.take_journal(), ["provider.list"]);
        assert_eq!(world.store.pending().len(), 1);
        assert!(world.store.held_by(&phone("+14155550101")).is_some());
    });
}

/// A purchase that another request completes after reconciliation listed the account is
/// not on that (stale) listing; reconciliation must not take it for a number the provider
/// no longer has. Pending purchases get [`PENDING_GRACE`] for exactly this; a number that
/// was completed a moment ago needs the same.
#[test]
fn reconcile_keeps_a_number_whose_purchase_completed_while_it_listed_the_account() {
    block_on(async {
        let world = World::new();
        let purchase = pending_since("+14155550100", "alice", NOW);
        world.store.add_pending(purchase.clone());
        let (provider, store, id) = (world.provider.clone(), world.store.clone(), purchase.id);
        *world.provider.during_listing.lock().unwrap() = Some(Hook(Box::new(move || {
            // Another request's purchase goes through just after the listing was taken.
            let sale = provider.put_on_account(&phone("+14155550100"), None);
            store.complete(id, &sale, NOW).unwrap();
        })));

        let report = world.service().reconcile().await.unwrap();

        assert!(
            world.provider.on_account(&phone("+14155550100")).is_some(),
            "the provider sold it and still has it"
        );
        assert_eq!(
            world.store.stored(id).released_at,
            None,
            "alice's number, on the account, was marked released; report: {report:?}"
        );
        assert!(report.released.is_empty(), "report: {report:?}");
    });
}

// ---- who may buy ----

#[test]
fn under_admin_only_a_user_may_not_buy_and_the_provider_is_never_asked() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550100");
        let svc = world.numbers(PurchasePolicy::AdminOnly);
        for request in [exact("+14155550100", None), area("415")] {
            let result = svc.buy(&user("alice"), request).await;
            assert!(
                matches!(result, Err(NumbersError::Forbidden(_))),
                "got {result:?}"
            );
        }
        assert_eq!(world.journal(), Vec::<String>::new());
    });
}

#[test]
fn under_admin_only_an_admin_buys_for_a_user() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550100");
        world.for_sale(NumberType::Local, "+14155550101");
        let svc = world.numbers(PurchasePolicy::AdminOnly);
        let for_bob = svc
            .buy(&admin("ops"), for_user(exact("+14155550100", None), "bob"))
            .await
            .unwrap();
        assert_eq!(for_bob.user_id.as_str(), "bob");
        assert_eq!(
            world.store.stored(for_bob.id).user_id.as_str(),
            "bob",
            "stored for bob"
        );
        let own = svc
            .buy(&admin("ops"), exact("+14155550101", None))
            .await
            .unwrap();
        assert_eq!(own.user_id.as_str(), "ops");
    });
}

#[test]
fn a_user_may_not_buy_for_another_user() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550100");
        let svc = world.service();
        let result = svc
            .buy(&user("alice"), for_user(exact("+14155550100", None), "bob"))
            .await;
        assert!(
            matches!(result, Err(NumbersError::Forbidden(_))),
            "got {result:?}"
        );
        assert_eq!(
            world.journal(),
            Vec::<String>::new(),
            "nothing searched or recorded"
        );
        let own = svc
            .buy(
                &user("alice"),
                for_user(exact("+14155550100", None), "alice"),
            )
            .await
            .unwrap();
        assert_eq!(own.user_id.as_str(), "alice");
    });
}

// ---- reading and listing ----

#[test]
fn other_users_numbers_are_not_found_but_admins_reach_them() {
    block_on(async {
        let world = World::new();
        let svc = world.service();
        let alices = world.bought("alice", "+14155550100").await;
        world.take_journal();

        let bob = user("bob");
        assert!(matches!(
            svc.get(&bob, alices.id).await,
            Err(NumbersError::NotFound)
        ));
        let renamed = NumberChanges {
            friendly_name: Some(name("Mine now")),
            active: Some(false),
        };
        assert!(matches!(
            svc.update(&bob, alices.id, renamed.clone()).await,
            Err(NumbersError::NotFound)
        ));
        assert!(matches!(
            svc.release(&bob, alices.id).await,
            Err(NumbersError::NotFound)
        ));
        assert_eq!(
            world.take_journal(),
            Vec::<String>::new(),
            "bob changed nothing"
        );
        assert_eq!(world.store.stored(alices.id), alices);
        assert!(matches!(
            svc.get(&user("alice"), OwnedNumberId::new_v7()).await,
            Err(NumbersError::NotFound)
        ));

        let ops = admin("ops");
        assert_eq!(svc.get(&ops, alices.id).await.unwrap(), alices);
        let updated = svc.update(&ops, alices.id, renamed).await.unwrap();
        assert_eq!(
            (updated.friendly_name.as_str(), updated.active),
            ("Mine now", false)
        );
        let released = svc.release(&ops, alices.id).await.unwrap();
        assert_eq!(released.released_at, Some(NOW));
        assert_eq!(released.user_id.as_str(), "alice");
    });
}

#[test]
fn listing_shows_the_callers_numbers_and_only_admins_name_another_user() {
    block_on(async {
        let world = World::new();
        let svc = world.service();
        world.bought("alice", "+14155550101").await;
        world.bought("alice", "+14155550102").await;
        world.bought("bob", "+14155550103").await;

        let own = svc
            .list(&user("alice"), ListNumbers::default())
            .await
            .unwrap();
        assert_eq!(own.items.len(), 2);
        assert!(own.items.iter().all(|n| n.user_id.as_str() == "alice"));

        let bobs = ListNumbers {
            user: Some(UserId::parse("bob").unwrap()),
            ..ListNumbers::default()
        };
        let refused = svc.list(&user("alice"), bobs.clone()).await;
        assert!(matches!(refused, Err(NumbersError::Forbidden(_))));
        let listed = svc.list(&admin("ops"), bobs).await.unwrap();
        assert_eq!(
            listed
                .items
                .iter()
                .map(|n| n.phone_number.clone())
                .collect::<Vec<_>>(),
            phones(&["+14155550103"])
        );

        let bob = Some(UserId::parse("bob").unwrap());
        assert!(matches!(
            svc.stats(&user("alice"), bob.clone()).await,
            Err(NumbersError::Forbidden(_))
        ));
        assert_eq!(svc.stats(&admin("ops"), bob).await.unwrap().total, 1);
        assert_eq!(svc.stats(&user("alice"), None).await.unwrap().total, 2);
    });
}

#[test]
fn search_passes_the_query_through_and_reports_provider_failures() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550101");
        world.for_sale(NumberType::Local, "+12125550100");
        let mut query = AvailableNumberQuery::local(CountryCode::us());
        query.area_code = Some(AreaCode::parse("212").unwrap());
        let found = world.service().search(&query).await.unwrap();
        assert_eq!(
            found
                .into_iter()
                .map(|n| n.phone_number)
                .collect::<Vec<_>>(),
            phones(&["+12125550100"])
        );
        assert_eq!(world.provider.searches(), [query.clone()]);
        world
            .provider
            .fail_next("search", TelephonyError::AuthFailed);
        let failed = world.service().search(&query).await;
        assert!(matches!(
            failed,
            Err(NumbersError::Telephony(TelephonyError::AuthFailed))
        ));
    });
}

#[test]
fn a_country_the_provider_sells_nothing_in_is_nothing_for_sale_not_a_provider_failure() {
    block_on(async {
        let world = World::new();
        let mut query = AvailableNumberQuery::local(CountryCode::parse("SJ").unwrap());
        // Twilio answers 404 for a country (or a type in it) it sells no numbers in.
        world.provider.fail_next("search", TelephonyError::NotFound);
        assert!(world.service().search(&query).await.unwrap().is_empty());
        query.country = CountryCode::us();
        world.provider.fail_next("search", TelephonyError::NotFound);
        let mut request = area("212");
        request.country = CountryCode::parse("SJ").unwrap();
        let bought = world.service().buy(&user("alice"), request).await;
        assert!(
            matches!(bought, Err(NumbersError::NoNumbersAvailable)),
            "{bought:?}"
        );
        assert!(world.provider.purchases().is_empty());
    });
}

// ---- changing ----

#[test]
fn renaming_renames_at_the_provider_once_and_not_again_for_the_same_name() {
    block_on(async {
        let world = World::new();
        let svc = world.service();
        let number = world.bought("alice", "+14155550100").await;
        assert_eq!(number.friendly_name, "(415) 555-0100");
        world.take_journal();

        let sales = NumberChanges {
            friendly_name: Some(name("Sales")),
            active: None,
        };
        let renamed = svc
            .update(&user("alice"), number.id, sales.clone())
            .await
            .unwrap();
        assert_eq!(renamed.friendly_name, "Sales");
        assert_eq!(
            world.take_journal(),
            [
                "provider.rename +14155550100 Sales",
                "store.update +14155550100"
            ]
        );
        assert_eq!(
            world
                .provider
                .on_account(&number.phone_number)
                .unwrap()
                .friendly_name,
            "Sales"
        );

        let again = svc.update(&user("alice"), number.id, sales).await.unwrap();
        assert_eq!(again.friendly_name, "Sales");
        assert_eq!(
            world.take_journal(),
            ["store.update +14155550100"],
            "an unchanged name is not sent to the provider"
        );
    });
}

#[test]
fn switching_a_number_off_and_on_only_touches_the_store() {
    block_on(async {
        let world = World::new();
        let svc = world.service();
        let number = world.bought("alice", "+14155550100").await;
        world.take_journal();
        let off = NumberChanges {
            friendly_name: None,
            active: Some(false),
        };
        let switched = svc.update(&user("alice"), number.id, off).await.unwrap();
        assert!(!switched.active);
        assert!(!world.store.stored(number.id).active);
        let on = NumberChanges {
            friendly_name: None,
            active: Some(true),
        };
        assert!(
            svc.update(&user("alice"), number.id, on)
                .await
                .unwrap()
                .active
        );
        assert_eq!(
            world.take_journal(),
            ["store.update +14155550100", "store.update +14155550100"]
        );
    });
}

#[test]
fn a_refused_rename_changes_nothing() {
    block_on(async {
        let world = World::new();
        let number = world.bought("alice", "+14155550100").await;
        world.provider.fail_next("rename", rejected());
        let changes = NumberChanges {
            friendly_name: Some(name("Sales")),
            active: Some(false),
        };
        let result = world
            .service()
            .update(&user("alice"), number.id, changes)
            .await;
        assert!(
            matches!(&result, Err(NumbersError::Telephony(e)) if *e == rejected()),
            "got {result:?}"
        );
        assert_eq!(world.store.stored(number.id), number);
        assert!(
            !world
                .journal()
                .iter()
                .any(|e| e.starts_with("store.update"))
        );
    });
}

#[test]
fn a_released_number_cannot_be_changed() {
    block_on(async {
        let world = World::new();
        let svc = world.service();
        let number = world.bought("alice", "+14155550100").await;
        svc.release(&user("alice"), number.id).await.unwrap();
        world.take_journal();
        let changes = NumberChanges {
            friendly_name: Some(name("Sales")),
            active: Some(false),
        };
        let result = svc.update(&user("alice"), number.id, changes).await;
        assert!(
            matches!(result, Err(NumbersError::Released)),
            "got {result:?}"
        );
        assert_eq!(world.take_journal(), Vec::<String>::new());
    });
}

// ---- releasing ----

#[test]
fn release_releases_at_the_provider_then_keeps_the_number_as_history() {
    block_on(async {
        let world = World::new();
        let number = world.bought("alice", "+14155550100").await;
        world.take_journal();
        let released = world
            .service()
            .release(&user("alice"), number.id)
            .await
            .unwrap();
        assert_eq!(
            world.take_journal(),
            [
                "provider.release +14155550100",
                "store.release +14155550100"
            ]
        );
        assert_eq!(released.released_at, Some(NOW));
        assert_eq!(released.id, number.id);
        assert_eq!(world.store.stored(number.id).released_at, Some(NOW));
        assert!(world.provider.on_account(&number.phone_number).is_none());
    });
}

#[test]
fn a_number_the_provider_no_longer_has_is_still_marked_released() {
    block_on(async {
        let world = World::new();
        let number = world.bought("alice", "+14155550100").await;
        world.provider.drop_from_account(&number.phone_number);
        let released = world
            .service()
            .release(&user("alice"), number.id)
            .await
            .unwrap();
        assert_eq!(released.released_at, Some(NOW));
        assert_eq!(world.store.stored(number.id).released_at, Some(NOW));
    });
}

#[test]
fn releasing_a_released_number_changes_nothing() {
    block_on(async {
        let world = World::new();
        let svc = world.service();
        let number = world.bought("alice", "+14155550100").await;
        let first = svc.release(&user("alice"), number.id).await.unwrap();
        world.take_journal();
        let second = svc.release(&user("alice"), number.id).await.unwrap();
        assert_eq!(second, first);
        assert_eq!(world.take_journal(), Vec::<String>::new());
    });
}

#[test]
fn a_provider_outage_during_release_leaves_the_number_held() {
    block_on(async {
        let world = World::new();
        let number = world.bought("alice", "+14155550100").await;
        world.provider.fail_next("release", unavailable());
        let result = world.service().release(&user("alice"), number.id).await;
        assert!(
            matches!(
                result,
                Err(NumbersError::Telephony(TelephonyError::Unavailable { .. }))
            ),
            "got {result:?}"
        );
        assert_eq!(world.store.stored(number.id).released_at, None);
        assert!(
            !world
                .journal()
                .iter()
                .any(|e| e.starts_with("store.release"))
        );
    });
}

// ---- the pool and the account ----

#[test]
fn pool_import_adds_unowned_account_numbers_and_points_their_webhooks_here() {
    block_on(async {
        let world = World::new();
        world.bought("alice", "+14155550101").await;
        world
            .store
            .add_pending(pending_since("+14155550102", "bob", NOW));
        for n in [
            "+14155550102",
            "+14155550103",
            "+14155550104",
            "+14155550105",
        ] {
            world.provider.put_on_account(&phone(n), None);
        }
        world.put_in_pool("+14155550103");
        world.take_journal();

        let report = world.service().import_pool(&admin("ops")).await.unwrap();

        assert_eq!(
            report,
            ImportReport {
                added: phones(&["+14155550104", "+14155550105"]),
                already_in_pool: phones(&["+14155550103"]),
                owned: phones(&["+14155550101", "+14155550102"]),
            }
        );
        let configured: Vec<String> = world
            .journal()
            .into_iter()
            .filter(|e| e.starts_with("provider.configure"))
            .collect();
        assert_eq!(
            configured,
            [
                "provider.configure +14155550103",
                "provider.configure +14155550104",
                "provider.configure +14155550105",
            ],
            "owned numbers keep their webhooks; pool numbers are pointed here (again)"
        );
        assert_eq!(
            world.pool_numbers(),
            phones(&["+14155550103", "+14155550104", "+14155550105"])
        );
        let imported = world.provider.on_account(&phone("+14155550104")).unwrap();
        assert_eq!(
            imported.voice_url.as_deref(),
            Some(webhooks().voice_url.as_str())
        );
        assert_eq!(
            imported.sms_url.as_deref(),
            Some(webhooks().sms_url.as_str())
        );
    });
}

#[test]
fn only_admins_import_the_pool() {
    block_on(async {
        let world = World::new();
        world.provider.put_on_account(&phone("+14155550104"), None);
        let result = world.service().import_pool(&user("alice")).await;
        assert!(
            matches!(result, Err(NumbersError::Forbidden(_))),
            "got {result:?}"
        );
        assert_eq!(world.journal(), Vec::<String>::new());
        assert!(world.pool_numbers().is_empty());
    });
}

#[test]
fn real_numbers_on_record_are_the_held_pending_and_pooled_ones_outside_fiction() {
    block_on(async {
        let world = World::new();
        assert_eq!(world.service().real_numbers_on_record().await.unwrap(), []);
        world.bought("alice", "+14155550101").await;
        world.bought("alice", "+14155552671").await;
        world
            .store
            .add_pending(pending_since("+12125553434", "bob", NOW));
        world.put_in_pool("+16285550100");
        world.put_in_pool("+13125557000");
        assert_eq!(
            world.service().real_numbers_on_record().await.unwrap(),
            phones(&["+12125553434", "+13125557000", "+14155552671"])
        );
    });
}

#[test]
fn only_admins_read_the_account() {
    block_on(async {
        let world = World::new();
        let svc = world.service();
        let refused = svc.account(&user("alice")).await;
        assert!(
            matches!(refused, Err(NumbersError::Forbidden(_))),
            "got {refused:?}"
        );
        assert_eq!(world.take_journal(), Vec::<String>::new());
        let account = svc.account(&admin("ops")).await.unwrap();
        assert_eq!(account.status, "active");
        assert_eq!(world.take_journal(), ["provider.account"]);
        world
            .provider
            .fail_next("account", TelephonyError::AuthFailed);
        assert!(matches!(
            svc.account(&admin("ops")).await,
            Err(NumbersError::Telephony(TelephonyError::AuthFailed))
        ));
    });
}

#[test]
fn a_number_of_no_given_type_is_taken_as_toll_free_only_in_the_toll_free_area_codes() {
    for (number, expected) in [
        ("+18005550100", NumberType::TollFree),
        ("+18885550100", NumberType::TollFree),
        ("+18335550100", NumberType::TollFree),
        ("+14155550100", NumberType::Local),
        ("+15005550006", NumberType::Local),
        ("+448081570100", NumberType::Local),
    ] {
        assert_eq!(NumberType::likely_of(&phone(number)), expected, "{number}");
    }
}

#[test]
fn a_type_alone_buys_the_first_available_number_of_that_type() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550100");
        world.for_sale(NumberType::TollFree, "+18885550100");
        world.for_sale(NumberType::TollFree, "+18005550101");
        let request = BuyNumber {
            target: BuyTarget::FirstAvailable,
            number_type: Some(NumberType::TollFree),
            ..area("415")
        };
        let number = world.service().buy(&user("alice"), request).await.unwrap();
        assert_eq!(number.phone_number, phone("+18885550100"));
        assert_eq!(number.price.monthly, usd("2.15"));
        let searches = world.provider.searches();
        assert_eq!(searches.len(), 1);
        assert_eq!(searches[0].number_type, NumberType::TollFree);
        assert_eq!(searches[0].area_code, None, "anywhere in the country");
    });
}

#[test]
fn a_retry_of_a_purchase_whose_answer_was_lost_completes_it_instead_of_buying_again() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550100");
        let attempt = Some(OwnedNumberId::new_v7());
        world.provider.fail_next("purchase", unavailable());
        let lost = world
            .service()
            .buy_attempt(&user("alice"), exact("+14155550100", None), attempt)
            .await;
        assert!(matches!(lost, Err(NumbersError::Telephony(_))), "{lost:?}");
        // Twilio had sold it: its answer was what got lost.
        world.provider.put_on_account(&phone("+14155550100"), None);
        let number = world
            .service()
            .buy_attempt(&user("alice"), exact("+14155550100", None), attempt)
            .await
            .unwrap();
        assert_eq!(Some(number.id), attempt);
        assert_eq!(world.provider.purchases().len(), 1, "bought once");
        assert!(world.store.pending().is_empty());
    });
}

#[test]
fn a_retry_of_a_purchase_twilio_never_made_buys_under_the_same_id() {
    block_on(async {
        let world = World::new();
        world.for_sale(NumberType::Local, "+14155550100");
        let attempt = Some(OwnedNumberId::new_v7());
        world.provider.fail_next("purchase", unavailable());
        let lost = world
            .service()
            .buy_attempt(&user("alice"), exact("+14155550100", None), attempt)
            .await;
        assert!(matches!(lost, Err(NumbersError::Telephony(_))), "{lost:?}");
        assert_eq!(world.store.pending().len(), 1, "the attempt stays pending");
        let number = world
            .service()
            .buy_attempt(&user("alice"), exact("+14155550100", None), attempt)
            .await
            .unwrap();
        assert_eq!(Some(number.id), attempt);
        assert_eq!(world.provider.purchases().len(), 2);
        assert!(world.store.pending().is_empty());
    });
}
