//! The numbers use cases the HTTP layer and CLI call: the service and its reads and
//! changes; buying, reconciliation and pool import live in `service/`.

use std::sync::Arc;

mod error;
mod pool_import;
mod purchase;
mod reconcile;
mod settle;

pub use error::NumbersError;
pub use pool_import::ImportReport;
pub use purchase::{BuyNumber, BuyTarget, PurchasePolicy};
pub use reconcile::ReconcileReport;

use super::account::{AccountInfo, NumberWebhooks};
use super::owned::{NumberChanges, NumberQuery, NumberStats, OwnedNumber, OwnedNumberId};
use super::pricing::NumberPriceList;
use super::provider::NumberProvider;
use super::search::{AvailableNumber, AvailableNumberQuery};
use super::store::NumberStore;
use crate::telephony::TelephonyError;
use crate::voicemail::PoolStore;
use crate::{Actor, Clock, Page, PageRequest, UserId};

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
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
