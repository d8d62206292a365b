//! The telephony provider (Twilio's REST API): numbers, the account, calls, recordings and
//! messages. Every method is one provider operation; adapters retry only what is safe to
//! retry (throttling and unavailability answered before the request was processed).

use async_trait::async_trait;

use crate::numbers::{
    AccountInfo, AvailableNumber, AvailableNumberQuery, FriendlyName, IncomingNumber,
    NumberWebhooks, PurchaseRequest,
};
use crate::sid::{CallSid, IncomingNumberSid, MessageSid, RecordingSid};
use crate::telephony::{
    CallInfo, MediaFormat, MessageInfo, OutboundCall, OutboundMessage, RecordingInfo,
    RecordingMedia, TelephonyError,
};

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

/// Placing and controlling calls.
///
/// # Errors
/// As [`NumberProvider`], plus what each method lists.
#[async_trait]
pub trait CallControl: Send + Sync + std::fmt::Debug + 'static {
    /// Places a call.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::InvalidTo`] when the destination is not a valid number.
    async fn place_call(&self, call: &OutboundCall) -> Result<CallInfo, TelephonyError>;

    /// A call's current state.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::NotFound`] for an unknown call.
    async fn call(&self, sid: &CallSid) -> Result<CallInfo, TelephonyError>;

    /// Ends a call: hangs up if answered, cancels if not. Ending an ended call changes
    /// nothing.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::NotFound`] for an unknown call.
    async fn end_call(&self, sid: &CallSid) -> Result<CallInfo, TelephonyError>;
}

/// Recordings kept by the provider.
///
/// # Errors
/// As [`NumberProvider`]; every method MUST return [`TelephonyError::NotFound`] for an
/// unknown or deleted recording.
#[async_trait]
pub trait RecordingProvider: Send + Sync + std::fmt::Debug + 'static {
    /// A recording's metadata.
    async fn recording(&self, sid: &RecordingSid) -> Result<RecordingInfo, TelephonyError>;

    /// Deletes a recording at the provider.
    async fn delete_recording(&self, sid: &RecordingSid) -> Result<(), TelephonyError>;

    /// Downloads a recording's audio.
    async fn recording_media(
        &self,
        sid: &RecordingSid,
        format: MediaFormat,
    ) -> Result<RecordingMedia, TelephonyError>;
}

/// Sending messages (SMS, MMS, WhatsApp).
///
/// # Errors
/// As [`NumberProvider`], plus what each method lists.
#[async_trait]
pub trait MessageSender: Send + Sync + std::fmt::Debug + 'static {
    /// Sends a message.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::InvalidTo`] when the recipient is not valid.
    async fn send_message(&self, message: &OutboundMessage) -> Result<MessageInfo, TelephonyError>;

    /// A message's current state.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::NotFound`] for an unknown message.
    async fn message(&self, sid: &MessageSid) -> Result<MessageInfo, TelephonyError>;
}
