//! The messages use cases: sending, reading and listing messages, their status callbacks,
//! inbound messages with their auto-reply, and auto-reply settings.

use std::sync::Arc;

use time::OffsetDateTime;
use url::Url;

use super::error::MessagesError;
use super::message::{
    AutoReply, Channel, Message, MessageDirection, MessageId, MessageQuery, NewMessage,
};
use super::store::{LogMessageError, MessageStore};
use crate::numbers::{NumberStore, OwnedNumber, OwnedNumberId, active_numbers};
use crate::rate_limit::{Quota, RateLimitStore};
use crate::sid::MessageSid;
use crate::telephony::{MessageSender, MessageStatus};
use crate::{Actor, Clock, Page, PhoneNumber, StoreError, UserId};

/// The ports the messages use cases need.
#[derive(Debug, Clone)]
pub struct MessagePorts {
    /// The message log.
    pub messages: Arc<dyn MessageStore>,
    /// Numbers users own (senders, inbound owners).
    pub numbers: Arc<dyn NumberStore>,
    /// Rate-limit state.
    pub limits: Arc<dyn RateLimitStore>,
    /// Twilio's messages.
    pub sender: Arc<dyn MessageSender>,
    /// The time.
    pub clock: Arc<dyn Clock>,
}

/// How the service sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSettings {
    /// Outbound messages per user and minute.
    pub quota: Quota,
    /// Where Twilio reports a message's status (`/webhooks/twilio/messages/status`).
    pub status_callback: Url,
    /// The shared WhatsApp sender (`TWILIO_WHATSAPP_FROM`), if any.
    pub whatsapp_from: Option<PhoneNumber>,
}

/// A message to send for the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendMessage {
    /// SMS or WhatsApp.
    pub channel: Channel,
    /// The recipient.
    pub to: PhoneNumber,
    /// The sender; the default when `None`.
    pub from: Option<PhoneNumber>,
    /// The text (checked by the caller: at most 1600 characters).
    pub body: Option<String>,
    /// Media (checked by the caller: at most 10, 1 for WhatsApp).
    pub media_urls: Vec<Url>,
}

/// An inbound message as Twilio's webhook describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundMessage {
    /// Its SID.
    pub sid: MessageSid,
    /// `From` (`+1...` or `whatsapp:+1...`).
    pub from: String,
    /// `To`.
    pub to: String,
    /// `Body`.
    pub body: Option<String>,
    /// `MediaUrl0..N`.
    pub media_urls: Vec<Url>,
}

/// The messages use cases.
#[derive(Debug, Clone)]
pub struct Messages {
    pub(super) ports: MessagePorts,
    pub(super) settings: MessageSettings,
}

impl Messages {
    /// The use cases over their ports.
    #[must_use]
    pub fn new(ports: MessagePorts, settings: MessageSettings) -> Self {
        Self { ports, settings }
    }

    /// The use cases' time.
    #[must_use]
    pub fn now(&self) -> OffsetDateTime {
        self.ports.clock.now()
    }

    /// The user's active numbers that can send `with_media` (MMS) or plain SMS, oldest first.
    async fn senders(
        &self,
        user: &UserId,
        with_media: bool,
    ) -> Result<Vec<OwnedNumber>, StoreError> {
        let mut numbers = active_numbers(self.ports.numbers.as_ref(), user).await?;
        numbers.retain(|n| {
            if with_media {
                n.capabilities.mms
            } else {
                n.capabilities.sms
            }
        });
        Ok(numbers)
    }

    /// The sender: the shared WhatsApp sender when asked (or by default on WhatsApp), else
    /// one of the user's numbers with the capability.
    pub(super) async fn pick_sender(
        &self,
        user: &UserId,
        request: &SendMessage,
    ) -> Result<(PhoneNumber, Option<OwnedNumberId>), MessagesError> {
        if request.channel == Channel::Whatsapp
            && let Some(shared) = &self.settings.whatsapp_from
            && request.from.as_ref().is_none_or(|f| f == shared)
        {
            return Ok((shared.clone(), None));
        }
        let with_media = !request.media_urls.is_empty();
        let capability = if with_media { "MMS" } else { "SMS" };
        let mut owned = self.senders(user, with_media).await?;
        match &request.from {
            Some(wanted) => owned
                .into_iter()
                .find(|n| n.phone_number == *wanted)
                .map(|n| (n.phone_number, Some(n.id)))
                .ok_or_else(|| {
                    MessagesError::SenderNotOwned(format!(
                        "{wanted} is not one of your active {capability} numbers"
                    ))
                }),
            None if owned.is_empty() => Err(MessagesError::NoSender(format!(
                "you have no active {capability} number to send from"
            ))),
            None => {
                let first = owned.swap_remove(0);
                Ok((first.phone_number, Some(first.id)))
            }
        }
    }

    /// One of the caller's messages.
    ///
    /// # Errors
    /// [`MessagesError::NotFound`] for another user's or an unknown message.
    pub async fn message(&self, actor: &Actor, sid: &MessageSid) -> Result<Message, MessagesError> {
        match self.ports.messages.message(sid).await? {
            Some(m) if m.user_id == actor.user_id => Ok(m),
            _ => Err(MessagesError::NotFound),
        }
    }

    /// A page of the caller's messages (`query.owner` is set to the caller).
    ///
    /// # Errors
    /// [`StoreError`] when the store fails.
    pub async fn list(
        &self,
        actor: &Actor,
        mut query: MessageQuery,
    ) -> Result<Page<Message>, StoreError> {
        query.owner = actor.user_id.clone();
        self.ports.messages.list_messages(&query).await
    }

    /// Stores an inbound message once per SID, for the owner of the number it came to (or,
    /// on the shared WhatsApp sender, the user who last wrote to the sender's address from
    /// it), and answers the number's auto-reply if it has one enabled. A message nobody
    /// owns is not stored (`Ok(None)`).
    ///
    /// # Errors
    /// [`StoreError`] when the store fails (Twilio retries then).
    pub async fn inbound(&self, message: InboundMessage) -> Result<Option<String>, StoreError> {
        let (Some((channel, from)), Some((_, to))) =
            (Channel::split(&message.from), Channel::split(&message.to))
        else {
            return Ok(None);
        };
        let (owner, number) =
            if channel == Channel::Whatsapp && self.settings.whatsapp_from.as_ref() == Some(&to) {
                match self.ports.messages.last_writer(&to, &from).await? {
                    Some(user) => (user, None),
                    None => return Ok(None),
                }
            } else {
                match self.ports.numbers.held_number(&to).await? {
                    Some(n) => (n.user_id.clone(), Some(n)),
                    None => return Ok(None),
                }
            };
        let new = NewMessage {
            id: MessageId::new_v7(),
            sid: Some(message.sid),
            user_id: owner,
            channel,
            direction: MessageDirection::Inbound,
            from,
            to,
            body: message.body,
            media_urls: message.media_urls,
            status: MessageStatus::Received,
            number_id: number.as_ref().map(|n| n.id),
            created_at: self.now(),
        };
        match self.ports.messages.log_message(&new).await {
            Ok(_) | Err(LogMessageError::Duplicate) => {}
            Err(LogMessageError::Store(e)) => return Err(e),
        }
        let Some(number) = number.filter(|n| n.active) else {
            return Ok(None);
        };
        Ok(self
            .ports
            .messages
            .auto_reply(number.id)
            .await?
            .filter(|r| r.enabled)
            .map(|r| r.body))
    }

    async fn own_number(
        &self,
        actor: &Actor,
        id: OwnedNumberId,
    ) -> Result<OwnedNumber, MessagesError> {
        match self.ports.numbers.number(id).await? {
            Some(n) if actor.may_access(&n.user_id) => Ok(n),
            _ => Err(MessagesError::NotFound),
        }
    }

    /// A number's auto-reply (disabled and empty before any is set).
    ///
    /// # Errors
    /// [`MessagesError::NotFound`] for another user's or an unknown number.
    pub async fn auto_reply(
        &self,
        actor: &Actor,
        number: OwnedNumberId,
    ) -> Result<AutoReply, MessagesError> {
        self.own_number(actor, number).await?;
        Ok(self
            .ports
            .messages
            .auto_reply(number)
            .await?
            .unwrap_or(AutoReply {
                enabled: false,
                body: String::new(),
            }))
    }

    /// Sets a number's auto-reply.
    ///
    /// # Errors
    /// [`MessagesError::NotFound`] for another user's or an unknown number.
    pub async fn put_auto_reply(
        &self,
        actor: &Actor,
        number: OwnedNumberId,
        reply: AutoReply,
    ) -> Result<AutoReply, MessagesError> {
        self.own_number(actor, number).await?;
        self.ports.messages.put_auto_reply(number, &reply).await?;
        Ok(reply)
    }
}
