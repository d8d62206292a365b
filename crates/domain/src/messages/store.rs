//! The port for the message log and auto-replies.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::message::{AutoReply, Message, MessageId, MessageQuery, NewMessage};
use crate::calls::Applied;
use crate::numbers::OwnedNumberId;
use crate::sid::MessageSid;
use crate::telephony::MessageStatus;
use crate::{Page, PhoneNumber, StoreError, UserId};

/// Why a message could not be logged.
#[derive(Debug, thiserror::Error)]
pub enum LogMessageError {
    /// A message with that id or SID is already logged (a retried webhook).
    #[error("the message is already logged")]
    Duplicate,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A status report for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageReport {
    /// The message.
    pub sid: MessageSid,
    /// Its status.
    pub status: MessageStatus,
    /// Twilio's `ErrorCode`.
    pub error_code: Option<u32>,
    /// When it arrived.
    pub at: OffsetDateTime,
}

/// The message log and the numbers' auto-replies.
#[async_trait]
pub trait MessageStore: Send + Sync + std::fmt::Debug {
    /// Logs a message.
    ///
    /// # Errors
    /// - MUST return [`LogMessageError::Duplicate`] when a message with the same id or SID
    ///   is logged, and then change nothing.
    /// - MUST return [`LogMessageError::Store`] on infrastructure failure.
    async fn log_message(&self, message: &NewMessage) -> Result<Message, LogMessageError>;

    /// Gives a logged message the SID, status and segment count Twilio answered with.
    /// Returns the message as stored, or `None` (changing nothing) when the id is unknown,
    /// the message already has another SID, or the SID is another message's.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn attach_message_sid(
        &self,
        id: MessageId,
        sid: &MessageSid,
        status: MessageStatus,
        segments: Option<u32>,
        at: OffsetDateTime,
    ) -> Result<Option<Message>, StoreError>;

    /// Marks a message Twilio refused as `failed` (it keeps no SID and is never listed).
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn refuse_message(&self, id: MessageId, at: OffsetDateTime) -> Result<(), StoreError>;

    /// Applies a status report when it moves the message forward (see
    /// [`super::progress::advances`]); the error code comes with the status that carries it.
    ///
    /// # Errors
    /// - MUST return [`Applied::Unknown`] for an unknown SID, writing nothing.
    /// - MUST return [`Applied::Unchanged`] for a report that does not move the message.
    /// - MUST apply concurrent reports as if one after the other.
    /// - MUST return [`StoreError`] only on infrastructure failure.
    async fn apply_message_status(
        &self,
        report: &MessageReport,
    ) -> Result<Applied<Message>, StoreError>;

    /// One message.
    ///
    /// # Errors
    /// MUST return `Ok(None)` for an unknown SID, [`StoreError`] only on infrastructure failure.
    async fn message(&self, sid: &MessageSid) -> Result<Option<Message>, StoreError>;

    /// A page of a user's messages, newest first (by creation, then id), with the filters.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn list_messages(&self, query: &MessageQuery) -> Result<Page<Message>, StoreError>;

    /// The user who last sent a WhatsApp message from `from` to `to` (the shared sender's
    /// conversations).
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn last_writer(
        &self,
        from: &PhoneNumber,
        to: &PhoneNumber,
    ) -> Result<Option<UserId>, StoreError>;

    /// A number's auto-reply, `None` when never set.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn auto_reply(&self, number: OwnedNumberId) -> Result<Option<AutoReply>, StoreError>;

    /// Sets a number's auto-reply.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn put_auto_reply(
        &self,
        number: OwnedNumberId,
        reply: &AutoReply,
    ) -> Result<(), StoreError>;
}
