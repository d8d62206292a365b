//! Administration of the pool of temporary numbers.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::pool::{PoolListing, PoolNumber, PoolQuery};
use crate::{PhoneNumber, StoreError};

/// Why a number could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddPoolNumberError {
    /// The number is already in the pool.
    #[error("the number is already in the pool")]
    AlreadyExists,
    /// A user holds the number (or is buying it); pool and owned numbers never overlap.
    #[error("the number is owned by a user")]
    OwnedByUser,
    /// The store failed; nothing was added.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a number could not be retired.
#[derive(Debug, thiserror::Error)]
pub enum RetirePoolNumberError {
    /// The number is not in the pool.
    #[error("the number is not in the pool")]
    NotFound,
    /// The number is leased to a session right now.
    #[error("the number is leased")]
    Leased {
        /// When the lease ends.
        until: OffsetDateTime,
    },
    /// The store failed; nothing was removed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The pool of numbers that sessions lease.
#[async_trait]
pub trait PoolStore: Send + Sync + std::fmt::Debug + 'static {
    /// Adds a free number to the pool.
    ///
    /// # Errors
    /// - MUST return [`AddPoolNumberError::AlreadyExists`] when the number is in the pool.
    /// - MUST return [`AddPoolNumberError::OwnedByUser`] when a user holds the number or a
    ///   purchase of it is pending.
    /// - MUST return [`AddPoolNumberError::Store`] on infrastructure failure.
    async fn add_pool_number(
        &self,
        number: PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<PoolNumber, AddPoolNumberError>;

    /// One page of pool numbers, newest first, with the free and leased totals at `query.now`.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn list_pool_numbers(&self, query: &PoolQuery) -> Result<PoolListing, StoreError>;

    /// Removes a number from the pool. Its past sessions stay readable.
    ///
    /// # Errors
    /// - MUST return [`RetirePoolNumberError::NotFound`] when the number is not in the pool.
    /// - MUST return [`RetirePoolNumberError::Leased`] when it is leased at `now`, and then
    ///   change nothing; a concurrent lease and retire never both succeed.
    /// - MUST return [`RetirePoolNumberError::Store`] on infrastructure failure.
    async fn retire_pool_number(
        &self,
        number: &PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<(), RetirePoolNumberError>;
}
