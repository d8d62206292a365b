//! Sending a message, and settling an earlier attempt of the same request first: Twilio may
//! have created the message although its answer was lost.

use super::error::MessagesError;
use super::message::{Message, MessageDirection, MessageId, NewMessage};
use super::service::{Messages, SendMessage};
use super::store::{LogMessageError, MessageReport};
use crate::calls::Applied;
use crate::idempotency::{RETENTION, callback_for_record};
use crate::rate_limit::RateDecision;
use crate::telephony::{MessageSearch, MessageStatus, OutboundMessage};
use crate::{Actor, StoreError};

/// A message just logged (or found at Twilio) that its SID could not be given to.
const VANISHED: &str = "a logged message vanished or has another SID";

impl Messages {
    /// Sends a message for the caller. It is logged before Twilio is asked; if Twilio
    /// refuses, it is kept as `failed` history (never listed); if Twilio's answer is lost
    /// (a timeout), it stays unlisted without a SID.
    ///
    /// # Errors
    /// [`MessagesError::SenderNotOwned`], [`MessagesError::NoSender`],
    /// [`MessagesError::RateLimited`], [`MessagesError::MessageRejected`], and provider and
    /// store failures.
    pub async fn send(
        &self,
        actor: &Actor,
        request: SendMessage,
    ) -> Result<Message, MessagesError> {
        self.send_attempt(actor, request, None).await
    }

    /// [`Messages::send`] as the attempt `attempt` (the id every retry of one keyed
    /// request gives again). When an earlier attempt logged the message, Twilio's list is
    /// searched for it first (same recipient, sender and body, a SID not logged for another
    /// message): found, its SID is attached and nothing is sent again.
    ///
    /// # Errors
    /// As [`Messages::send`].
    pub async fn send_attempt(
        &self,
        actor: &Actor,
        request: SendMessage,
        attempt: Option<MessageId>,
    ) -> Result<Message, MessagesError> {
        let user = &actor.user_id;
        let (from, number_id) = self.pick_sender(user, &request).await?;
        let key = format!("messages:{}", user.as_str());
        if let RateDecision::Limited { retry_after } = self
            .ports
            .limits
            .acquire(&key, self.settings.quota, self.now())
            .await?
        {
            return Err(MessagesError::RateLimited { retry_after });
        }
        let new = NewMessage {
            id: attempt.unwrap_or_else(MessageId::new_v7),
            sid: None,
            user_id: user.clone(),
            channel: request.channel,
            direction: MessageDirection::Outbound,
            from: from.clone(),
            to: request.to.clone(),
            body: request.body.clone(),
            media_urls: request.media_urls.clone(),
            status: MessageStatus::Queued,
            number_id,
            created_at: self.now(),
        };
        match self.ports.messages.log_message(&new).await {
            Ok(_) => {}
            Err(LogMessageError::Duplicate) if attempt.is_some() => {
                if let Some(earlier) = self.settle_attempt(&new).await? {
                    return Ok(earlier);
                }
            }
            Err(LogMessageError::Duplicate) => {
                return Err(MessagesError::Store(StoreError::msg(
                    "a fresh message id was already logged",
                )));
            }
            Err(LogMessageError::Store(e)) => return Err(MessagesError::Store(e)),
        }
        let outbound = OutboundMessage {
            to: request.channel.address(&request.to),
            from: request.channel.address(&from),
            body: request.body,
            media_urls: request.media_urls,
            status_callback: Some(callback_for_record(&self.settings.status_callback, new.id)),
        };
        match self.ports.sender.send_message(&outbound).await {
            Ok(info) => Ok(self
                .ports
                .messages
                .attach_message_sid(
                    new.id,
                    &info.sid,
                    info.status,
                    info.num_segments,
                    self.now(),
                )
                .await?
                .ok_or_else(|| StoreError::msg(VANISHED))?),
            Err(e) => {
                let e = MessagesError::from(e);
                if matches!(e, MessagesError::MessageRejected { .. }) {
                    self.ports
                        .messages
                        .refuse_message(new.id, self.now())
                        .await?;
                }
                Err(e)
            }
        }
    }

    /// Applies a status callback; one for a SID the log does not know, whose callback URL
    /// names the message `record` it was sent for, first gives that message its SID (when
    /// it has none): a message whose answer was lost is reconciled without a retry.
    /// Duplicates and late callbacks change nothing.
    ///
    /// # Errors
    /// [`StoreError`] when the store fails (Twilio retries then).
    pub async fn status_callback(
        &self,
        report: &MessageReport,
        record: Option<MessageId>,
    ) -> Result<Applied<Message>, StoreError> {
        let applied = self.ports.messages.apply_message_status(report).await?;
        let (Applied::Unknown, Some(id)) = (&applied, record) else {
            return Ok(applied);
        };
        // The row may be gone, or have another SID: then the callback stays unknown. A store
        // failure is an error, so that Twilio retries the callback.
        match self
            .ports
            .messages
            .attach_message_sid(id, &report.sid, MessageStatus::Queued, None, report.at)
            .await?
        {
            Some(_) => self.ports.messages.apply_message_status(report).await,
            None => Ok(Applied::Unknown),
        }
    }

    /// Finds at Twilio the message an earlier attempt of `new` created: `Some` (with its SID
    /// attached now) when found, `None` when Twilio has no such message (send it).
    async fn settle_attempt(&self, new: &NewMessage) -> Result<Option<Message>, MessagesError> {
        let now = self.now();
        let oldest = now - RETENTION;
        let search = MessageSearch {
            to: new.channel.address(&new.to),
            from: new.channel.address(&new.from),
            sent_since: oldest,
        };
        let found = self.ports.sender.find_messages(&search).await?;
        for info in found {
            if info.body != new.body || info.created_at.is_some_and(|at| at < oldest) {
                continue;
            }
            match self.ports.messages.message(&info.sid).await? {
                None => {
                    let message = self
                        .ports
                        .messages
                        .attach_message_sid(new.id, &info.sid, info.status, info.num_segments, now)
                        .await?
                        .ok_or_else(|| StoreError::msg(VANISHED))?;
                    return Ok(Some(message));
                }
                Some(logged) if logged.id == new.id => return Ok(Some(logged)),
                Some(_) => {}
            }
        }
        Ok(None)
    }
}
