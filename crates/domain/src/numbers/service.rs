//! The numbers use cases the HTTP layer and CLI call.

use std::collections::HashSet;
use std::sync::Arc;

use time::Duration;

use super::{
    AccountInfo, AreaCode, AvailableNumber, AvailableNumberQuery, Capabilities, ContainsPattern,
    CountryCode, FriendlyName, NumberChanges, NumberPriceList, NumberQuery, NumberStats,
    NumberType, NumberWebhooks, OwnedNumber, OwnedNumberId, PendingPurchase, PurchaseRequest,
};
use crate::ports::{
    AddPoolNumberError, BeginPurchaseError, CompletePurchaseError, NumberProvider, NumberStore,
    PoolStore,
};
use crate::telephony::TelephonyError;
use crate::{Actor, Clock, Page, PageRequest, PhoneNumber, StoreError, UserId};

/// Who may buy numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PurchasePolicy {
    /// Every user buys their own numbers.
    #[default]
    Open,
    /// Only admins buy, and they assign each number to a user.
    AdminOnly,
}

/// Which number to buy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuyTarget {
    /// Exactly this number.
    Number(PhoneNumber),
    /// The first available number in this area code.
    AreaCode(AreaCode),
    /// The first available number of the request's kind (local when not given) in its
    /// country, anywhere: `{"type": "tollfree"}` is "the first toll-free number".
    FirstAvailable,
}

/// A request to buy a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyNumber {
    /// Which number.
    pub target: BuyTarget,
    /// Its country (default US).
    pub country: CountryCode,
    /// Its kind; `None` means local for an area code, and [`NumberType::likely_of`] the
    /// number for an exact number.
    pub number_type: Option<NumberType>,
    /// Its name; Twilio's display form when `None`.
    pub friendly_name: Option<FriendlyName>,
    /// For whom; only admins may name another user. `None` means the caller.
    pub on_behalf_of: Option<UserId>,
}

/// Which numbers to list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListNumbers {
    /// Whose; only admins may name another user. `None` means the caller.
    pub user: Option<UserId>,
    /// Only active (`true`) or inactive (`false`) held numbers; `None` for all.
    pub active: Option<bool>,
    /// Which page.
    pub page: PageRequest,
}

/// Why a numbers request failed.
#[derive(Debug, thiserror::Error)]
pub enum NumbersError {
    /// The caller may not do this (not an admin, or the purchase policy forbids it).
    #[error("{0}")]
    Forbidden(&'static str),
    /// No such number, or not the caller's (callers cannot tell the two apart).
    #[error("number not found")]
    NotFound,
    /// Nothing matching is for sale.
    #[error("no phone number is available for this request")]
    NoNumbersAvailable,
    /// The number is in the voicemail pool or held by a user.
    #[error("the number is already in use by this service")]
    NumberInUse,
    /// The number was released; it cannot be changed any more.
    #[error("the number was released")]
    Released,
    /// The telephony provider failed or refused.
    #[error(transparent)]
    Telephony(TelephonyError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<TelephonyError> for NumbersError {
    /// "Not for sale" is the use cases' own outcome wherever the provider says it.
    fn from(e: TelephonyError) -> Self {
        match e {
            TelephonyError::NoNumbersAvailable { .. } => Self::NoNumbersAvailable,
            other => Self::Telephony(other),
        }
    }
}

/// What reconciliation found and did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReconcileReport {
    /// Pending purchases the provider had completed: now held numbers.
    pub adopted: Vec<PhoneNumber>,
    /// Pending purchases the provider never completed: forgotten.
    pub abandoned: Vec<PhoneNumber>,
    /// Held numbers no longer on the account: marked released.
    pub released: Vec<PhoneNumber>,
    /// Account numbers neither held, pending nor in the pool (`pool import` adopts them).
    pub unassigned: Vec<PhoneNumber>,
    /// Pending purchases too recent to judge (another request may still be completing them).
    pub in_flight: usize,
}

/// What `pool import` did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Numbers added to the pool (their webhooks now point at this service).
    pub added: Vec<PhoneNumber>,
    /// Numbers already in the pool.
    pub already_in_pool: Vec<PhoneNumber>,
    /// Numbers skipped because users hold them (or are buying them).
    pub owned: Vec<PhoneNumber>,
}

/// Numbers users own: search, buy, list, read, change, release, totals; the account;
/// reconciliation with the provider.
#[derive(Debug, Clone)]
pub struct Numbers {
    store: Arc<dyn NumberStore>,
    pool: Arc<dyn PoolStore>,
    provider: Arc<dyn NumberProvider>,
    clock: Arc<dyn Clock>,
    policy: PurchasePolicy,
    prices: NumberPriceList,
    webhooks: NumberWebhooks,
}

/// How many candidates an area-code purchase tries when numbers are sold under it.
const PURCHASE_ATTEMPTS: u8 = 3;

/// A pending purchase younger than this may still be completing in another request, so
/// reconciliation leaves it alone. It is well above a purchase's longest run (the provider
/// timeout times the retries).
pub const PENDING_GRACE: Duration = Duration::minutes(5);

impl Numbers {
    /// The use cases over these ports. Bought numbers get `webhooks`; prices come from
    /// `prices`.
    #[must_use]
    pub fn new(
        store: Arc<dyn NumberStore>,
        pool: Arc<dyn PoolStore>,
        provider: Arc<dyn NumberProvider>,
        clock: Arc<dyn Clock>,
        policy: PurchasePolicy,
        prices: NumberPriceList,
        webhooks: NumberWebhooks,
    ) -> Self {
        Self {
            store,
            pool,
            provider,
            clock,
            policy,
            prices,
            webhooks,
        }
    }

    /// The currency of every price.
    #[must_use]
    pub fn currency(&self) -> &crate::Currency {
        self.prices.currency()
    }

    fn subject(actor: &Actor, named: Option<UserId>) -> Result<UserId, NumbersError> {
        actor.acting_for(named).ok_or(NumbersError::Forbidden(
            "only admins may act on other users' numbers",
        ))
    }

    /// Numbers for sale.
    ///
    /// # Errors
    /// [`NumbersError::Telephony`] when the provider fails.
    pub async fn search(
        &self,
        query: &AvailableNumberQuery,
    ) -> Result<Vec<AvailableNumber>, NumbersError> {
        self.search_sold(query).await
    }

    /// The provider's search, where "no such country or type" (Twilio's 404 for a country it
    /// sells no numbers of that type in) is what it means to a caller: nothing for sale.
    async fn search_sold(
        &self,
        query: &AvailableNumberQuery,
    ) -> Result<Vec<AvailableNumber>, NumbersError> {
        match self.provider.search_available(query).await {
            Err(TelephonyError::NotFound) => Ok(Vec::new()),
            found => Ok(found?),
        }
    }

    /// Buys a number for the caller (or, for admins, for `on_behalf_of`). The purchase is
    /// recorded as pending before the provider is asked, so a crash between the two leaves
    /// a trace [`Numbers::reconcile`] completes.
    ///
    /// # Errors
    /// See [`NumbersError`]: `Forbidden` under the admin-only policy for users and when
    /// naming another user; `NoNumbersAvailable`; `NumberInUse`; `Telephony`; `Store`.
    pub async fn buy(
        &self,
        actor: &Actor,
        request: BuyNumber,
    ) -> Result<OwnedNumber, NumbersError> {
        if self.policy == PurchasePolicy::AdminOnly && !actor.is_admin() {
            return Err(NumbersError::Forbidden("only admins may buy numbers"));
        }
        let owner = Self::subject(actor, request.on_behalf_of.clone())?;
        // The search returns at most PURCHASE_ATTEMPTS candidates; an area-code purchase
        // moves on when one was sold meanwhile, an exact one has only one to try.
        for (candidate, number_type) in self.candidates(&request).await? {
            match self
                .purchase_one(&owner, &request, candidate, number_type)
                .await
            {
                Err(NumbersError::NoNumbersAvailable | NumbersError::NumberInUse)
                    if !matches!(request.target, BuyTarget::Number(_)) => {}
                other => return other,
            }
        }
        Err(NumbersError::NoNumbersAvailable)
    }

    /// The numbers to try, with their kind: the exact number if it is for sale, or the
    /// first few in the area code.
    async fn candidates(
        &self,
        request: &BuyNumber,
    ) -> Result<Vec<(AvailableNumber, NumberType)>, NumbersError> {
        let mut query = AvailableNumberQuery::local(request.country.clone());
        match &request.target {
            BuyTarget::AreaCode(_) | BuyTarget::FirstAvailable => {
                let number_type = request.number_type.unwrap_or(NumberType::Local);
                query.number_type = number_type;
                if let BuyTarget::AreaCode(code) = &request.target {
                    query.area_code = Some(*code);
                }
                query.limit = PURCHASE_ATTEMPTS;
                let found = self.search_sold(&query).await?;
                Ok(found.into_iter().map(|n| (n, number_type)).collect())
            }
            BuyTarget::Number(phone) => {
                // Twilio is asked to buy exactly this number whatever the search says: the
                // search only fills in region and locality, and a miss (Twilio's test
                // credentials sell +15005550006, which no search lists) or a failure of it
                // never blocks the purchase.
                let number_type = request
                    .number_type
                    .unwrap_or_else(|| NumberType::likely_of(phone));
                query.number_type = number_type;
                query.contains = ContainsPattern::parse(&digits_of(phone)).ok();
                let listed = self
                    .provider
                    .search_available(&query)
                    .await
                    .ok()
                    .and_then(|found| found.into_iter().find(|n| &n.phone_number == phone));
                let candidate = listed.unwrap_or_else(|| AvailableNumber {
                    phone_number: phone.clone(),
                    friendly_name: phone.as_str().to_owned(),
                    locality: None,
                    region: None,
                    country: request.country.clone(),
                    capabilities: Capabilities::default(),
                });
                Ok(vec![(candidate, number_type)])
            }
        }
    }

    async fn purchase_one(
        &self,
        owner: &UserId,
        request: &BuyNumber,
        candidate: AvailableNumber,
        number_type: NumberType,
    ) -> Result<OwnedNumber, NumbersError> {
        let pending = PendingPurchase {
            id: OwnedNumberId::new_v7(),
            user_id: owner.clone(),
            phone_number: candidate.phone_number.clone(),
            friendly_name: request.friendly_name.clone(),
            price: self.prices.price_for(&candidate.country, number_type),
            country: candidate.country,
            region: candidate.region,
            locality: candidate.locality,
            capabilities: candidate.capabilities,
            started_at: self.clock.now(),
        };
        self.store
            .begin_purchase(&pending)
            .await
            .map_err(|e| match e {
                BeginPurchaseError::InPool | BeginPurchaseError::AlreadyOwned => {
                    NumbersError::NumberInUse
                }
                BeginPurchaseError::Store(e) => NumbersError::Store(e),
            })?;
        let bought = self
            .provider
            .purchase(&PurchaseRequest {
                phone_number: pending.phone_number.clone(),
                friendly_name: request.friendly_name.clone(),
                webhooks: self.webhooks.clone(),
            })
            .await;
        let bought = match bought {
            Ok(bought) => bought,
            Err(error) => {
                if error.certainly_not_applied() {
                    // Nothing was sold: forget the purchase. If forgetting fails,
                    // reconciliation abandons it after the grace period.
                    let _ = self.store.abandon_purchase(pending.id).await;
                }
                return Err(error.into());
            }
        };
        match self
            .store
            .complete_purchase(pending.id, &bought, self.clock.now())
            .await
        {
            Ok(number) => Ok(number),
            // Reconciliation (in another process) completed it first.
            Err(CompletePurchaseError::NotPending) => self
                .store
                .number(pending.id)
                .await?
                .ok_or(NumbersError::NotFound),
            Err(CompletePurchaseError::Store(e)) => Err(NumbersError::Store(e)),
        }
    }

    /// One number the caller owns (admins: any number).
    ///
    /// # Errors
    /// [`NumbersError::NotFound`] for unknown ids and others' numbers; `Store`.
    pub async fn get(&self, actor: &Actor, id: OwnedNumberId) -> Result<OwnedNumber, NumbersError> {
        match self.store.number(id).await? {
            Some(n) if actor.may_access(&n.user_id) => Ok(n),
            _ => Err(NumbersError::NotFound),
        }
    }

    /// A page of the caller's numbers (admins: any user's).
    ///
    /// # Errors
    /// `Forbidden` when a user names another user; `Store`.
    pub async fn list(
        &self,
        actor: &Actor,
        request: ListNumbers,
    ) -> Result<Page<OwnedNumber>, NumbersError> {
        let owner = Self::subject(actor, request.user)?;
        Ok(self
            .store
            .list_numbers(&NumberQuery {
                owner: Some(owner),
                active: request.active,
                page: request.page,
            })
            .await?)
    }

    /// Renames a number (at the provider too) or switches it on or off.
    ///
    /// # Errors
    /// `NotFound`; `Released` for a released number; `Telephony` when the provider refuses
    /// the new name (then nothing changed); `Store`.
    pub async fn update(
        &self,
        actor: &Actor,
        id: OwnedNumberId,
        changes: NumberChanges,
    ) -> Result<OwnedNumber, NumbersError> {
        let number = self.get(actor, id).await?;
        if number.released_at.is_some() {
            return Err(NumbersError::Released);
        }
        if let Some(name) = &changes.friendly_name
            && name.as_str() != number.friendly_name
        {
            self.provider.rename(&number.twilio_sid, name).await?;
        }
        self.store
            .update_number(id, &changes)
            .await?
            .ok_or(NumbersError::Released)
    }

    /// Releases a number at the provider and keeps it as history. Releasing a released
    /// number changes nothing.
    ///
    /// # Errors
    /// `NotFound`; `Telephony` when the provider fails (then the number is still held);
    /// `Store` (then the provider has released it and reconciliation records that).
    pub async fn release(
        &self,
        actor: &Actor,
        id: OwnedNumberId,
    ) -> Result<OwnedNumber, NumbersError> {
        let number = self.get(actor, id).await?;
        if number.released_at.is_some() {
            return Ok(number);
        }
        match self.provider.release(&number.twilio_sid).await {
            Ok(()) | Err(TelephonyError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
        self.store
            .release_number(id, self.clock.now())
            .await?
            .ok_or(NumbersError::NotFound)
    }

    /// Totals over the caller's numbers (admins: any user's).
    ///
    /// # Errors
    /// `Forbidden` when a user names another user; `Store`.
    pub async fn stats(
        &self,
        actor: &Actor,
        user: Option<UserId>,
    ) -> Result<NumberStats, NumbersError> {
        let owner = Self::subject(actor, user)?;
        Ok(self.store.number_stats(Some(&owner)).await?)
    }

    /// The provider account (admins only).
    ///
    /// # Errors
    /// `Forbidden` for users; `Telephony`.
    pub async fn account(&self, actor: &Actor) -> Result<AccountInfo, NumbersError> {
        if !actor.is_admin() {
            return Err(NumbersError::Forbidden("only admins may read the account"));
        }
        Ok(self.provider.account().await?)
    }

    /// Matches the provider's numbers with the store: completes pending purchases the
    /// provider finished, forgets those it never did (once older than [`PENDING_GRACE`]),
    /// and marks released the held numbers no longer on the account.
    ///
    /// # Errors
    /// `Telephony` when the account cannot be listed (then nothing changed); `Store`.
    pub async fn reconcile(&self) -> Result<ReconcileReport, NumbersError> {
        // Read the store before listing the account: a number bought while the account is
        // listed is then in neither snapshot, instead of held yet missing from the listing
        // (which would wrongly mark it released).
        let pending = self.store.pending_purchases().await?;
        let held = self.store.held_numbers().await?;
        let account = self.provider.incoming_numbers().await?;
        let now = self.clock.now();
        let mut report = ReconcileReport::default();
        let mut accounted: HashSet<PhoneNumber> = HashSet::new();
        for purchase in pending {
            accounted.insert(purchase.phone_number.clone());
            if let Some(bought) = account
                .iter()
                .find(|n| n.phone_number == purchase.phone_number)
            {
                match self.store.complete_purchase(purchase.id, bought, now).await {
                    Ok(_) => report.adopted.push(purchase.phone_number),
                    Err(CompletePurchaseError::NotPending) => {}
                    Err(CompletePurchaseError::Store(e)) => return Err(e.into()),
                }
            } else if now - purchase.started_at >= PENDING_GRACE {
                self.store.abandon_purchase(purchase.id).await?;
                report.abandoned.push(purchase.phone_number);
            } else {
                report.in_flight += 1;
            }
        }
        for held in held {
            accounted.insert(held.phone_number.clone());
            if !account.iter().any(|n| n.sid == held.twilio_sid) {
                self.store.release_number(held.id, now).await?;
                report.released.push(held.phone_number);
            }
        }
        let pool = self.pool_numbers().await?;
        report.unassigned = account
            .into_iter()
            .map(|n| n.phone_number)
            .filter(|p| !accounted.contains(p) && !pool.contains(p))
            .collect();
        Ok(report)
    }

    /// The numbers on record (held, being bought, or in the pool) outside the ranges
    /// reserved for fiction, sorted: what a Twilio stand-in must never be pointed at, since
    /// it would treat them as gone.
    ///
    /// # Errors
    /// `Store`.
    pub async fn real_numbers_on_record(&self) -> Result<Vec<PhoneNumber>, NumbersError> {
        let held = self.store.held_numbers().await?;
        let pending = self.store.pending_purchases().await?;
        let pool = self.pool_numbers().await?;
        let mut real: Vec<PhoneNumber> = held
            .into_iter()
            .map(|n| n.phone_number)
            .chain(pending.into_iter().map(|p| p.phone_number))
            .chain(pool)
            .filter(|n| !n.is_fictional())
            .collect();
        real.sort();
        real.dedup();
        Ok(real)
    }

    async fn pool_numbers(&self) -> Result<HashSet<PhoneNumber>, NumbersError> {
        let mut all = HashSet::new();
        let mut page = PageRequest {
            limit: PageRequest::MAX_LIMIT,
            after: None,
        };
        loop {
            let listing = self
                .pool
                .list_pool_numbers(&crate::voicemail::PoolQuery {
                    now: self.clock.now(),
                    page: page.clone(),
                })
                .await?;
            all.extend(listing.items.into_iter().map(|n| n.phone_number));
            match listing.next {
                Some(next) => page.after = Some(next),
                None => return Ok(all),
            }
        }
    }

    /// Adds the account's numbers that no user holds to the voicemail pool, pointing their
    /// webhooks at this service (admins only).
    ///
    /// # Errors
    /// `Forbidden` for users; `Telephony`; `Store`.
    pub async fn import_pool(&self, actor: &Actor) -> Result<ImportReport, NumbersError> {
        if !actor.is_admin() {
            return Err(NumbersError::Forbidden("only admins administer the pool"));
        }
        let mut report = ImportReport::default();
        for number in self.provider.incoming_numbers().await? {
            let added = self
                .pool
                .add_pool_number(number.phone_number.clone(), self.clock.now())
                .await;
            let list = match added {
                Ok(_) => &mut report.added,
                Err(AddPoolNumberError::AlreadyExists) => &mut report.already_in_pool,
                Err(AddPoolNumberError::OwnedByUser) => {
                    report.owned.push(number.phone_number);
                    continue;
                }
                Err(AddPoolNumberError::Store(e)) => return Err(e.into()),
            };
            // Pool numbers route through this service; pointing them again is harmless,
            // and repairs a number whose earlier import stopped half-way.
            self.provider
                .configure_webhooks(&number.sid, &self.webhooks)
                .await?;
            list.push(number.phone_number);
        }
        Ok(report)
    }
}

/// The digits of a number, for a `contains` search.
fn digits_of(phone: &PhoneNumber) -> String {
    phone
        .as_str()
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
