//! The JSON of messages.

use serde::Serialize;
use switchboard_domain::messages::Message;
use time::OffsetDateTime;

use crate::decimal::four_places;

/// A message in the log.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Message)]
pub(crate) struct MessageBody {
    /// Twilio's SID of the message.
    #[schema(
        example = "SM0123456789abcdef0123456789abcdef",
        pattern = "^(SM|MM)[0-9a-fA-F]{32}$"
    )]
    message_sid: String,
    user_id: String,
    /// `sms` (SMS or MMS) or `whatsapp`.
    #[schema(example = "sms")]
    channel: &'static str,
    /// `outbound` or `inbound`.
    #[schema(example = "outbound")]
    direction: &'static str,
    /// E.164, without `whatsapp:`.
    #[schema(example = "+14155550100")]
    from: String,
    /// E.164, without `whatsapp:`.
    #[schema(example = "+14155550123")]
    to: String,
    body: Option<String>,
    media_urls: Vec<String>,
    /// Twilio's status (`queued`, `sent`, `delivered`, `undelivered`, `failed`, `received`, `read`, ...).
    #[schema(example = "delivered")]
    status: &'static str,
    /// Twilio's error code, for undelivered and failed messages.
    error_code: Option<u32>,
    segments: Option<u32>,
    /// What it cost, a positive decimal string, once known.
    #[schema(example = "0.0079")]
    price: Option<String>,
    price_unit: Option<String>,
    /// The user's number it went out from or came in on.
    #[schema(format = Uuid)]
    number_id: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
}

impl From<Message> for MessageBody {
    fn from(m: Message) -> Self {
        Self {
            message_sid: m
                .sid
                .as_ref()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            user_id: m.user_id.as_str().to_owned(),
            channel: m.channel.as_str(),
            direction: m.direction.as_str(),
            from: m.from.to_string(),
            to: m.to.to_string(),
            body: m.body,
            media_urls: m.media_urls.into_iter().map(String::from).collect(),
            status: m.status.as_str(),
            error_code: m.error_code,
            segments: m.segments,
            price: m.price.map(four_places),
            price_unit: m.price_unit.map(|u| u.as_str().to_owned()),
            number_id: m.number_id.map(|n| n.to_string()),
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// A page of messages, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MessageList)]
pub(crate) struct MessageList {
    pub(super) items: Vec<MessageBody>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub(super) next_cursor: Option<String>,
}
