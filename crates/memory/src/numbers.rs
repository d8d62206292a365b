//! Numbers users own and purchases in flight: each record goes pending -> held -> released,
//! or is forgotten while pending when the provider refused. Pending records are never
//! numbers: every read of numbers skips them.

use std::collections::{BTreeSet, HashMap};

use async_trait::async_trait;
use switchboard_domain::numbers::{
    IncomingNumber, NumberChanges, NumberQuery, NumberStats, OwnedNumber, OwnedNumberId,
    PendingPurchase,
};
use switchboard_domain::ports::{BeginPurchaseError, CompletePurchaseError, NumberStore};
use switchboard_domain::{Amount, Page, PhoneNumber, StoreError, UserId};
use time::OffsetDateTime;

use crate::paging::{self, ByCreation};
use crate::{MemoryStore, State};

/// A purchase in flight or a completed one (held while `released_at` is `None`).
#[derive(Debug)]
enum Record {
    Pending(PendingPurchase),
    Completed(OwnedNumber),
}

impl Record {
    fn completed(&self) -> Option<&OwnedNumber> {
        match self {
            Self::Completed(number) => Some(number),
            Self::Pending(_) => None,
        }
    }
}

/// Every record by id, with indexes:
/// - `holders`: the pending or held record of each phone number (at most one: PostgreSQL's
///   `owned_numbers_one_holder`), for the uniqueness checks and `held_number`;
/// - `pending`: pending purchases by `(started_at, id)`, oldest first;
/// - `by_owner` and `by_creation`: completed numbers by `(created_at, id)`, per owner and
///   overall, for newest-first paging.
#[derive(Debug, Default)]
pub(crate) struct Numbers {
    records: HashMap<OwnedNumberId, Record>,
    holders: HashMap<PhoneNumber, OwnedNumberId>,
    pending: BTreeSet<(OffsetDateTime, OwnedNumberId)>,
    by_owner: HashMap<UserId, ByCreation<OwnedNumberId>>,
    by_creation: ByCreation<OwnedNumberId>,
}

impl Numbers {
    /// How many records (pending, held and released) are stored.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether a user holds `phone` or is buying it. O(1).
    pub(crate) fn is_held_or_pending(&self, phone: &PhoneNumber) -> bool {
        self.holders.contains_key(phone)
    }

    pub(crate) fn completed(&self, id: &OwnedNumberId) -> Option<&OwnedNumber> {
        self.records.get(id).and_then(Record::completed)
    }

    /// The creation index of `owner`'s completed numbers, or everyone's when `None`; `None`
    /// when the owner never had one.
    fn by_creation_of(&self, owner: Option<&UserId>) -> Option<&ByCreation<OwnedNumberId>> {
        match owner {
            Some(owner) => self.by_owner.get(owner),
            None => Some(&self.by_creation),
        }
    }

    /// Records a pending purchase; the caller checked its number is in no pool. O(log n).
    fn begin(&mut self, purchase: &PendingPurchase) -> Result<(), BeginPurchaseError> {
        if self.is_held_or_pending(&purchase.phone_number) {
            return Err(BeginPurchaseError::AlreadyOwned);
        }
        if self.records.contains_key(&purchase.id) {
            // PostgreSQL refuses a second row with one id (its primary key); ids are
            // random v7 UUIDs, so this is a caller's bug.
            return Err(BeginPurchaseError::Store(StoreError::msg(format!(
                "recording a pending purchase: number {} exists already",
                purchase.id
            ))));
        }
        self.holders
            .insert(purchase.phone_number.clone(), purchase.id);
        self.pending.insert((purchase.started_at, purchase.id));
        self.records
            .insert(purchase.id, Record::Pending(purchase.clone()));
        Ok(())
    }

    /// Turns a pending purchase into a held number. O(log n).
    fn complete(
        &mut self,
        id: OwnedNumberId,
        bought: &IncomingNumber,
        at: OffsetDateTime,
    ) -> Result<OwnedNumber, CompletePurchaseError> {
        let Some(Record::Pending(purchase)) = self.records.get(&id) else {
            return Err(CompletePurchaseError::NotPending);
        };
        let number = purchase.complete(bought, at);
        self.pending.remove(&(purchase.started_at, id));
        self.by_owner
            .entry(number.user_id.clone())
            .or_default()
            .insert((at, id));
        self.by_creation.insert((at, id));
        // `holders` already names this record for its phone number.
        self.records.insert(id, Record::Completed(number.clone()));
        Ok(number)
    }

    /// Forgets a pending purchase; anything else is left alone. O(log n).
    fn abandon(&mut self, id: OwnedNumberId) {
        let Some(Record::Pending(purchase)) = self.records.get(&id) else {
            return;
        };
        self.pending.remove(&(purchase.started_at, id));
        unhold(&mut self.holders, &purchase.phone_number, id);
        self.records.remove(&id);
    }

    /// Every pending purchase, oldest first (by start, then id). O(pending).
    fn pending_purchases(&self) -> Vec<PendingPurchase> {
        self.pending
            .iter()
            .filter_map(|(_, id)| match self.records.get(id) {
                Some(Record::Pending(purchase)) => Some(purchase.clone()),
                _ => None,
            })
            .collect()
    }

    /// The held number of `phone`. O(1).
    pub(crate) fn held_number(&self, phone: &PhoneNumber) -> Option<OwnedNumber> {
        self.holders
            .get(phone)
            .and_then(|id| self.completed(id))
            .cloned()
    }

    /// Every held number, oldest first (by creation, then id), as PostgreSQL orders them.
    /// O(h log h) for h held or pending numbers.
    pub(crate) fn held_numbers(&self) -> Vec<OwnedNumber> {
        let mut held: Vec<_> = self
            .holders
            .values()
            .filter_map(|id| self.completed(id))
            .cloned()
            .collect();
        held.sort_by_key(|n| (n.created_at, n.id));
        held
    }

    /// One page of numbers newest first. O(log n + the numbers walked), as the PostgreSQL
    /// index scan with its filter.
    fn list(&self, query: &NumberQuery) -> Result<Page<OwnedNumber>, StoreError> {
        let after = query
            .page
            .start_after(OwnedNumberId::parse, "listing numbers", "a number")?;
        let items = self
            .by_creation_of(query.owner.as_ref())
            .into_iter()
            .flat_map(|index| paging::newest_first(index, after))
            .filter_map(|id| self.completed(id))
            .filter(|n| {
                query
                    .active
                    .is_none_or(|active| n.released_at.is_none() && n.active == active)
            })
            .take(query.page.overfetch())
            .cloned()
            .collect();
        Ok(Page::from_overfetch(
            items,
            query.page.limit,
            OwnedNumber::cursor,
        ))
    }

    /// Applies `changes` to a held number. O(1).
    fn update(&mut self, id: OwnedNumberId, changes: &NumberChanges) -> Option<OwnedNumber> {
        let Some(Record::Completed(number)) = self.records.get_mut(&id) else {
            return None;
        };
        if number.released_at.is_some() {
            return None;
        }
        number.apply(changes);
        Some(number.clone())
    }

    /// Marks a completed number released at `at`, keeping an earlier release time. O(1).
    fn release(&mut self, id: OwnedNumberId, at: OffsetDateTime) -> Option<OwnedNumber> {
        let Some(Record::Completed(number)) = self.records.get_mut(&id) else {
            return None;
        };
        if number.released_at.is_none() {
            number.released_at = Some(at);
            unhold(&mut self.holders, &number.phone_number, id);
        }
        Some(number.clone())
    }

    /// Totals over `owner`'s numbers, or everyone's. O(the numbers counted).
    fn stats(&self, owner: Option<&UserId>) -> Result<NumberStats, StoreError> {
        let mut stats = NumberStats::default();
        let add = |number: &OwnedNumber| -> Option<()> {
            let held = number.released_at.is_none();
            stats.total += 1;
            match (held, number.active) {
                (false, _) => stats.released += 1,
                (true, true) => stats.active += 1,
                (true, false) => stats.inactive += 1,
            }
            let purchase = number.price.purchase.unwrap_or(Amount::ZERO);
            stats.purchase_cost_total = stats.purchase_cost_total.checked_add(purchase)?;
            if held {
                let monthly = number.price.monthly.unwrap_or(Amount::ZERO);
                stats.monthly_cost_total = stats.monthly_cost_total.checked_add(monthly)?;
            }
            Some(())
        };
        let summed = self
            .by_creation_of(owner)
            .into_iter()
            .flatten()
            .filter_map(|(_, id)| self.completed(id))
            .try_for_each(add);
        // PostgreSQL sums exactly and fails rather than wrap; so does this.
        summed.ok_or_else(|| StoreError::msg("totalling numbers: a cost total overflows"))?;
        Ok(stats)
    }

    /// Checks that every index holds exactly the records it should, for tests.
    #[cfg(test)]
    pub(crate) fn assert_consistent(&self) {
        let mut holders = HashMap::new();
        let mut pending = BTreeSet::new();
        let mut by_owner: HashMap<UserId, ByCreation<OwnedNumberId>> = HashMap::new();
        let mut by_creation = BTreeSet::new();
        for (id, record) in &self.records {
            match record {
                Record::Pending(p) => {
                    assert_eq!(&p.id, id, "purchase under its id");
                    assert!(holders.insert(p.phone_number.clone(), *id).is_none());
                    pending.insert((p.started_at, *id));
                }
                Record::Completed(n) => {
                    assert_eq!(&n.id, id, "number under its id");
                    if n.released_at.is_none() {
                        assert!(holders.insert(n.phone_number.clone(), *id).is_none());
                    }
                    by_owner
                        .entry(n.user_id.clone())
                        .or_default()
                        .insert((n.created_at, *id));
                    by_creation.insert((n.created_at, *id));
                }
            }
        }
        assert_eq!(holders, self.holders, "holder index");
        assert_eq!(pending, self.pending, "pending index");
        assert_eq!(by_owner, self.by_owner, "owner index");
        assert_eq!(by_creation, self.by_creation, "creation index");
    }

    /// The phone numbers held or being bought, for tests.
    #[cfg(test)]
    pub(crate) fn held_or_pending_phones(&self) -> impl Iterator<Item = &PhoneNumber> {
        self.holders.keys()
    }
}

/// Removes `phone` from `holders` if `id` holds it (it does, by the index's invariant).
fn unhold(
    holders: &mut HashMap<PhoneNumber, OwnedNumberId>,
    phone: &PhoneNumber,
    id: OwnedNumberId,
) {
    if holders.get(phone) == Some(&id) {
        holders.remove(phone);
    }
}

impl State {
    /// Records a purchase unless its number is pooled, held or being bought.
    fn begin_purchase(&mut self, purchase: &PendingPurchase) -> Result<(), BeginPurchaseError> {
        if self.pool.contains(&purchase.phone_number) {
            return Err(BeginPurchaseError::InPool);
        }
        self.numbers.begin(purchase)
    }
}

#[async_trait]
impl NumberStore for MemoryStore {
    async fn begin_purchase(&self, purchase: &PendingPurchase) -> Result<(), BeginPurchaseError> {
        // Checked and recorded under one lock, so a concurrent pool add of the number either
        // sees the purchase or pooled the number first.
        self.lock().begin_purchase(purchase)
    }

    async fn complete_purchase(
        &self,
        id: OwnedNumberId,
        bought: &IncomingNumber,
        at: OffsetDateTime,
    ) -> Result<OwnedNumber, CompletePurchaseError> {
        self.lock().numbers.complete(id, bought, at)
    }

    async fn abandon_purchase(&self, id: OwnedNumberId) -> Result<(), StoreError> {
        self.lock().numbers.abandon(id);
        Ok(())
    }

    async fn pending_purchases(&self) -> Result<Vec<PendingPurchase>, StoreError> {
        Ok(self.lock().numbers.pending_purchases())
    }

    async fn number(&self, id: OwnedNumberId) -> Result<Option<OwnedNumber>, StoreError> {
        Ok(self.lock().numbers.completed(&id).cloned())
    }

    async fn held_number(&self, phone: &PhoneNumber) -> Result<Option<OwnedNumber>, StoreError> {
        Ok(self.lock().numbers.held_number(phone))
    }

    async fn held_numbers(&self) -> Result<Vec<OwnedNumber>, StoreError> {
        Ok(self.lock().numbers.held_numbers())
    }

    async fn list_numbers(&self, query: &NumberQuery) -> Result<Page<OwnedNumber>, StoreError> {
        self.lock().numbers.list(query)
    }

    async fn update_number(
        &self,
        id: OwnedNumberId,
        changes: &NumberChanges,
    ) -> Result<Option<OwnedNumber>, StoreError> {
        Ok(self.lock().numbers.update(id, changes))
    }

    async fn release_number(
        &self,
        id: OwnedNumberId,
        at: OffsetDateTime,
    ) -> Result<Option<OwnedNumber>, StoreError> {
        Ok(self.lock().numbers.release(id, at))
    }

    async fn number_stats(&self, owner: Option<&UserId>) -> Result<NumberStats, StoreError> {
        self.lock().numbers.stats(owner)
    }
}
