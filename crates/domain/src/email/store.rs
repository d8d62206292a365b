//! The port for the email log.

use async_trait::async_trait;

use super::log::{EmailId, EmailQuery, EmailRecord};
use crate::{Page, StoreError};

/// The email log.
#[async_trait]
pub trait EmailStore: Send + Sync + std::fmt::Debug {
    /// Records an email.
    ///
    /// # Errors
    /// MUST return [`StoreError`] on infrastructure failure, or when an email with the id is
    /// recorded.
    async fn record_email(&self, email: &EmailRecord) -> Result<(), StoreError>;

    /// One email.
    ///
    /// # Errors
    /// MUST return `Ok(None)` for an unknown id, [`StoreError`] only on infrastructure failure.
    async fn email(&self, id: EmailId) -> Result<Option<EmailRecord>, StoreError>;

    /// A page of a user's emails, newest first (by creation, then id).
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn list_emails(&self, query: &EmailQuery) -> Result<Page<EmailRecord>, StoreError>;
}
