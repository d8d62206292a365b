//! Storage of numbers users own, and of purchases in flight.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::account::IncomingNumber;
use super::owned::{NumberChanges, NumberQuery, NumberStats, OwnedNumber, OwnedNumberId};
use super::pending::PendingPurchase;
use crate::{Page, PhoneNumber, StoreError, UserId};

/// Why a purchase could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum BeginPurchaseError {
    /// The number is in the voicemail pool; pool numbers and owned numbers never overlap.
    #[error("the number is in the voicemail pool")]
    InPool,
    /// The number is already held (or being bought) by a user.
    #[error("the number is already owned")]
    AlreadyOwned,
    /// The store failed; nothing was recorded.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a purchase could not be completed.
#[derive(Debug, thiserror::Error)]
pub enum CompletePurchaseError {
    /// There is no pending purchase with this id (completed or abandoned already).
    #[error("no such pending purchase")]
    NotPending,
    /// The store failed; the purchase is still pending.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Numbers users own. A number is *held* from purchase until release; released numbers stay
/// as history. A purchase is first recorded as pending, then completed (or abandoned) once
/// the provider answered, so that a crash in between leaves a trace reconciliation can find.
#[async_trait]
pub trait NumberStore: Send + Sync + std::fmt::Debug + 'static {
    /// Records a purchase about to be made.
    ///
    /// # Errors
    /// - MUST return [`BeginPurchaseError::InPool`] when the number is in the voicemail pool.
    /// - MUST return [`BeginPurchaseError::AlreadyOwned`] when the number is held or pending
    ///   (two concurrent purchases of one number never both begin).
    /// - MUST return [`BeginPurchaseError::Store`] on infrastructure failure.
    async fn begin_purchase(&self, purchase: &PendingPurchase) -> Result<(), BeginPurchaseError>;

    /// Turns a pending purchase into a held number, with the provider's description of it.
    ///
    /// # Errors
    /// - MUST return [`CompletePurchaseError::NotPending`] when `id` is not pending.
    /// - MUST return [`CompletePurchaseError::Store`] on infrastructure failure, leaving the
    ///   purchase pending.
    async fn complete_purchase(
        &self,
        id: OwnedNumberId,
        bought: &IncomingNumber,
        at: OffsetDateTime,
    ) -> Result<OwnedNumber, CompletePurchaseError>;

    /// Forgets a pending purchase the provider refused. Unknown ids change nothing.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn abandon_purchase(&self, id: OwnedNumberId) -> Result<(), StoreError>;

    /// Every pending purchase, oldest first.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn pending_purchases(&self) -> Result<Vec<PendingPurchase>, StoreError>;

    /// One number (held or released) by id; pending purchases are not numbers yet.
    ///
    /// # Errors
    /// MUST return `Ok(None)` for an unknown id, and [`StoreError`] only on infrastructure
    /// failure.
    async fn number(&self, id: OwnedNumberId) -> Result<Option<OwnedNumber>, StoreError>;

    /// The held number with this phone number, if any.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn held_number(&self, phone: &PhoneNumber) -> Result<Option<OwnedNumber>, StoreError>;

    /// Every held number, for reconciliation with the provider.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn held_numbers(&self) -> Result<Vec<OwnedNumber>, StoreError>;

    /// One page of numbers, newest first (by creation time, then id).
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn list_numbers(&self, query: &NumberQuery) -> Result<Page<OwnedNumber>, StoreError>;

    /// Applies `changes` to a held number and returns it as stored afterwards.
    ///
    /// # Errors
    /// MUST return `Ok(None)` for an unknown or released id, and [`StoreError`] only on
    /// infrastructure failure (then nothing changed).
    async fn update_number(
        &self,
        id: OwnedNumberId,
        changes: &NumberChanges,
    ) -> Result<Option<OwnedNumber>, StoreError>;

    /// Marks a number released at `at`; releasing a released number keeps the first time.
    ///
    /// # Errors
    /// MUST return `Ok(None)` for an unknown id, and [`StoreError`] only on infrastructure
    /// failure.
    async fn release_number(
        &self,
        id: OwnedNumberId,
        at: OffsetDateTime,
    ) -> Result<Option<OwnedNumber>, StoreError>;

    /// Totals over `owner`'s numbers, or everyone's when `None`.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn number_stats(&self, owner: Option<&UserId>) -> Result<NumberStats, StoreError>;
}

/// Every active number `user` holds, oldest first, read page by page from `store`: the
/// numbers calls and messages may go out from.
///
/// # Errors
/// [`StoreError`] when the store fails.
pub async fn active_numbers(
    store: &dyn NumberStore,
    user: &UserId,
) -> Result<Vec<OwnedNumber>, StoreError> {
    let mut query = NumberQuery {
        owner: Some(user.clone()),
        active: Some(true),
        page: crate::PageRequest {
            limit: crate::PageRequest::MAX_LIMIT,
            after: None,
        },
    };
    let mut numbers = Vec::new();
    loop {
        let page = store.list_numbers(&query).await?;
        numbers.extend(page.items);
        match page.next {
            Some(next) => query.page.after = Some(next),
            None => break,
        }
    }
    numbers.reverse();
    Ok(numbers)
}
