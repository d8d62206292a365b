//! Reconciliation with the provider: what the account holds against what the store says.

use std::collections::HashSet;

use time::Duration;

use super::{Numbers, NumbersError};
use crate::numbers::store::CompletePurchaseError;
use crate::voicemail::PoolQuery;
use crate::{PageRequest, PhoneNumber};

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

/// A pending purchase younger than this may still be completing in another request, so
/// reconciliation leaves it alone. It is well above a purchase's longest run (the provider
/// timeout times the retries).
pub const PENDING_GRACE: Duration = Duration::minutes(5);

impl Numbers {
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
                .list_pool_numbers(&PoolQuery {
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
}
