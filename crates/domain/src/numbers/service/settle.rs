//! Settling an earlier attempt of a purchase before a retry buys again: Twilio may have
//! sold the number although its answer was lost (a timeout, a dropped connection).

use super::{Numbers, NumbersError};
use crate::numbers::owned::{OwnedNumber, OwnedNumberId};
use crate::numbers::store::CompletePurchaseError;

impl Numbers {
    /// What the attempt `id` left: its number when it was bought (completed now if it was
    /// still pending and the number is on the account); `None` when nothing was bought, in
    /// which case a pending trace of it is forgotten so the retry can buy under the same id.
    ///
    /// # Errors
    /// `Telephony` when the account cannot be listed (the attempt stays pending); `Store`.
    pub(super) async fn settle_attempt(
        &self,
        id: OwnedNumberId,
    ) -> Result<Option<OwnedNumber>, NumbersError> {
        if let Some(number) = self.store.number(id).await? {
            return Ok(Some(number));
        }
        let pending = self.store.pending_purchases().await?;
        let Some(purchase) = pending.into_iter().find(|p| p.id == id) else {
            return Ok(None);
        };
        let account = self.provider.incoming_numbers().await?;
        match account
            .iter()
            .find(|n| n.phone_number == purchase.phone_number)
        {
            Some(bought) => match self
                .store
                .complete_purchase(id, bought, self.clock.now())
                .await
            {
                Ok(number) => Ok(Some(number)),
                Err(CompletePurchaseError::NotPending) => Ok(self.store.number(id).await?),
                Err(CompletePurchaseError::Store(e)) => Err(NumbersError::Store(e)),
            },
            None => {
                self.store.abandon_purchase(id).await?;
                Ok(None)
            }
        }
    }
}
