//! Messages: their status, sending one, the provider's description of one, and the port
//! that sends them.

use async_trait::async_trait;
use time::OffsetDateTime;
use url::Url;

use super::error::TelephonyError;
use super::string_enum::string_enum;
use crate::money::{Amount, Currency};
use crate::sid::MessageSid;

string_enum!(
    /// A message's status, as Twilio reports it.
    MessageStatus {
        /// Accepted, waiting to be sent.
        Queued = "queued",
        /// Being sent.
        Sending = "sending",
        /// Handed to the carrier.
        Sent = "sent",
        /// Could not be sent.
        Failed = "failed",
        /// Delivered.
        Delivered = "delivered",
        /// Not delivered.
        Undelivered = "undelivered",
        /// Being received.
        Receiving = "receiving",
        /// Received.
        Received = "received",
        /// Accepted by a Messaging Service.
        Accepted = "accepted",
        /// Scheduled.
        Scheduled = "scheduled",
        /// Read (WhatsApp).
        Read = "read",
        /// Partly delivered.
        PartiallyDelivered = "partially_delivered",
        /// Canceled.
        Canceled = "canceled",
    }
);

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundMessage {
    /// The recipient: E.164, or `whatsapp:+E164`.
    pub to: String,
    /// The sender: a number on the account, or `whatsapp:+E164`.
    pub from: String,
    /// The text (Twilio: at most 1600 characters).
    pub body: Option<String>,
    /// Media to attach.
    pub media_urls: Vec<Url>,
    /// Where status callbacks go.
    pub status_callback: Option<Url>,
}

/// A message as the provider describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageInfo {
    /// Its id.
    pub sid: MessageSid,
    /// The sender.
    pub from: String,
    /// The recipient.
    pub to: String,
    /// Its status.
    pub status: MessageStatus,
    /// The text.
    pub body: Option<String>,
    /// How many segments it was split into.
    pub num_segments: Option<u32>,
    /// What it cost, once known.
    pub price: Option<Amount>,
    /// The currency of `price`.
    pub price_unit: Option<Currency>,
    /// When it was created.
    pub created_at: Option<OffsetDateTime>,
}

/// Which messages to look for on the account (Twilio's list filters `To`, `From`,
/// `DateSent>=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSearch {
    /// The recipient, as sent (`+E164` or `whatsapp:+E164`).
    pub to: String,
    /// The sender, as sent.
    pub from: String,
    /// Only messages sent at or after this time (Twilio compares by day).
    pub sent_since: time::OffsetDateTime,
}

/// Sending messages (SMS, MMS, WhatsApp).
///
/// # Errors
/// As `numbers::NumberProvider`, plus what each method lists.
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

    /// The account's messages matching `search`, newest first (at most a few pages: a
    /// lookup for an attempt whose answer was lost, not an export).
    ///
    /// # Errors
    /// As every provider call.
    async fn find_messages(
        &self,
        search: &MessageSearch,
    ) -> Result<Vec<MessageInfo>, TelephonyError>;
}
