//! The message log: SMS, MMS and WhatsApp messages sent and received, with their status.

use std::fmt;

use time::OffsetDateTime;
use url::Url;

use crate::money::{Amount, Currency};
use crate::numbers::OwnedNumberId;
use crate::sid::MessageSid;
use crate::telephony::MessageStatus;
use crate::{PageCursor, PageRequest, PhoneNumber, UserId};

/// How a message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// SMS, or MMS with media.
    Sms,
    /// WhatsApp (`whatsapp:` addresses at Twilio).
    Whatsapp,
}

impl Channel {
    /// `sms` or `whatsapp`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sms => "sms",
            Self::Whatsapp => "whatsapp",
        }
    }

    /// Parses `sms` or `whatsapp`.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        match input {
            "sms" => Some(Self::Sms),
            "whatsapp" => Some(Self::Whatsapp),
            _ => None,
        }
    }

    /// The address Twilio expects for `number` on this channel.
    #[must_use]
    pub fn address(self, number: &PhoneNumber) -> String {
        match self {
            Self::Sms => number.to_string(),
            Self::Whatsapp => format!("whatsapp:{number}"),
        }
    }

    /// The channel and number of a Twilio address (`+1...` or `whatsapp:+1...`).
    #[must_use]
    pub fn split(address: &str) -> Option<(Self, PhoneNumber)> {
        let (channel, raw) = match address.strip_prefix("whatsapp:") {
            Some(rest) => (Self::Whatsapp, rest),
            None => (Self::Sms, address),
        };
        PhoneNumber::parse(raw).ok().map(|n| (channel, n))
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which way a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageDirection {
    /// Sent by a user.
    Outbound,
    /// Received on a user's number.
    Inbound,
}

impl MessageDirection {
    /// `outbound` or `inbound`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Outbound => "outbound",
            Self::Inbound => "inbound",
        }
    }

    /// Parses `outbound` or `inbound`.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        match input {
            "outbound" => Some(Self::Outbound),
            "inbound" => Some(Self::Inbound),
            _ => None,
        }
    }
}

crate::id::uuid_id!(
    /// The log's id of a message (a UUID v7): a message is logged before Twilio gives it a SID.
    MessageId
);

/// A message to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// Its id.
    pub id: MessageId,
    /// Twilio's id: set for inbound messages, `None` for one about to be sent.
    pub sid: Option<MessageSid>,
    /// Whose it is.
    pub user_id: UserId,
    /// SMS or WhatsApp.
    pub channel: Channel,
    /// Which way.
    pub direction: MessageDirection,
    /// The sender.
    pub from: PhoneNumber,
    /// The recipient.
    pub to: PhoneNumber,
    /// The text.
    pub body: Option<String>,
    /// Media.
    pub media_urls: Vec<Url>,
    /// Its status when logged.
    pub status: MessageStatus,
    /// The user's number it went out from or came in on.
    pub number_id: Option<OwnedNumberId>,
    /// When it was logged.
    pub created_at: OffsetDateTime,
}

/// A message in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The log's id.
    pub id: MessageId,
    /// Twilio's id; `None` only for a message Twilio has not (yet) accepted.
    pub sid: Option<MessageSid>,
    /// Whose it is.
    pub user_id: UserId,
    /// SMS or WhatsApp.
    pub channel: Channel,
    /// Which way.
    pub direction: MessageDirection,
    /// The sender.
    pub from: PhoneNumber,
    /// The recipient.
    pub to: PhoneNumber,
    /// The text.
    pub body: Option<String>,
    /// Media.
    pub media_urls: Vec<Url>,
    /// Its status.
    pub status: MessageStatus,
    /// Twilio's error code, for undelivered and failed messages.
    pub error_code: Option<u32>,
    /// How many segments it was split into.
    pub segments: Option<u32>,
    /// What it cost, as a positive amount.
    pub price: Option<Amount>,
    /// The currency of `price`.
    pub price_unit: Option<Currency>,
    /// The user's number it went out from or came in on.
    pub number_id: Option<OwnedNumberId>,
    /// When it was logged.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

impl Message {
    /// The message as first logged.
    #[must_use]
    pub fn logged(new: &NewMessage) -> Self {
        Self {
            id: new.id,
            sid: new.sid.clone(),
            user_id: new.user_id.clone(),
            channel: new.channel,
            direction: new.direction,
            from: new.from.clone(),
            to: new.to.clone(),
            body: new.body.clone(),
            media_urls: new.media_urls.clone(),
            status: new.status,
            error_code: None,
            segments: None,
            price: None,
            price_unit: None,
            number_id: new.number_id,
            created_at: new.created_at,
            updated_at: new.created_at,
        }
    }

    /// The message's cursor in newest-first listings.
    #[must_use]
    pub fn cursor(&self) -> PageCursor {
        PageCursor {
            created_at: self.created_at,
            key: self.id.to_string(),
        }
    }
}

/// Which messages to list. Messages Twilio never accepted (no SID) are never listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageQuery {
    /// Only this user's messages.
    pub owner: UserId,
    /// Only this channel.
    pub channel: Option<Channel>,
    /// Only this direction.
    pub direction: Option<MessageDirection>,
    /// Only this status.
    pub status: Option<MessageStatus>,
    /// Only messages from or to this number.
    pub number: Option<PhoneNumber>,
    /// Only messages logged at or after this instant.
    pub since: Option<OffsetDateTime>,
    /// Only messages logged before this instant.
    pub until: Option<OffsetDateTime>,
    /// Which page.
    pub page: PageRequest,
}

impl MessageQuery {
    /// Whether `message` passes every filter (the paging cursor aside).
    #[must_use]
    pub fn accepts(&self, message: &Message) -> bool {
        message.sid.is_some()
            && self.owner == message.user_id
            && self.channel.is_none_or(|c| c == message.channel)
            && self.direction.is_none_or(|d| d == message.direction)
            && self.status.is_none_or(|s| s == message.status)
            && self
                .number
                .as_ref()
                .is_none_or(|n| *n == message.from || *n == message.to)
            && self.since.is_none_or(|t| message.created_at >= t)
            && self.until.is_none_or(|t| message.created_at < t)
    }
}

/// A number's automatic answer to inbound messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoReply {
    /// Whether it is sent.
    pub enabled: bool,
    /// What is sent (1 to 1600 characters).
    pub body: String,
}
