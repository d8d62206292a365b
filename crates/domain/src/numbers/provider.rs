//! The telephony provider's numbers port (Twilio's REST API): numbers for sale, numbers on
//! the account, and the account. Every method is one provider operation; adapters retry
//! only what is safe to retry (throttling and unavailability answered before the request
//! was processed).

use async_trait::async_trait;

use super::account::{AccountInfo, IncomingNumber, NumberWebhooks, PurchaseRequest};
use super::friendly_name::FriendlyName;
use super::search::{AvailableNumber, AvailableNumberQuery};
use crate::sid::IncomingNumberSid;
use crate::telephony::TelephonyError;

/// Numbers on the provider account, and the account itself.
///
/// # Errors
/// Every method MUST return [`TelephonyError::AuthFailed`] when the credentials are refused,
/// [`TelephonyError::RateLimited`] when throttled after retries,
/// [`TelephonyError::Unavailable`] when the provider cannot be reached in time or fails,
/// [`TelephonyError::InvalidResponse`] when its answer cannot be read, and
/// [`TelephonyError::Rejected`] for other refusals. Method docs list the rest.
#[async_trait]
pub trait NumberProvider: Send + Sync + std::fmt::Debug + 'static {
    /// Numbers for sale matching `query`, at most `query.limit`.
    ///
    /// # Errors
    /// MUST return `Ok(vec![])`, not an error, when nothing matches.
    async fn search_available(
        &self,
        query: &AvailableNumberQuery,
    ) -> Result<Vec<AvailableNumber>, TelephonyError>;

    /// Buys one number and points its webhooks in the same request.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::NoNumbersAvailable`] when the number is not for sale.
    async fn purchase(&self, request: &PurchaseRequest) -> Result<IncomingNumber, TelephonyError>;

    /// Renames a number at the provider.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::NotFound`] when the number is not on the account.
    async fn rename(
        &self,
        sid: &IncomingNumberSid,
        name: &FriendlyName,
    ) -> Result<IncomingNumber, TelephonyError>;

    /// Points a number's voice, messaging and status webhooks at this service.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::NotFound`] when the number is not on the account.
    async fn configure_webhooks(
        &self,
        sid: &IncomingNumberSid,
        webhooks: &NumberWebhooks,
    ) -> Result<IncomingNumber, TelephonyError>;

    /// Releases a number: the account stops paying for it.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::NotFound`] when it is not on the account (already
    /// released).
    async fn release(&self, sid: &IncomingNumberSid) -> Result<(), TelephonyError>;

    /// Every number on the account, all pages.
    async fn incoming_numbers(&self) -> Result<Vec<IncomingNumber>, TelephonyError>;

    /// The account.
    async fn account(&self) -> Result<AccountInfo, TelephonyError>;
}
