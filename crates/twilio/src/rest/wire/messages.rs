//! The message resource, as Twilio prints it.

use serde::Deserialize;
use switchboard_domain::MessageSid;
use switchboard_domain::telephony::{MessageInfo, MessageStatus, TelephonyError};

use super::{currency, date, lenient_u32, parse_field, price, required};

/// A message resource.
#[derive(Debug, Deserialize)]
pub(crate) struct MessageWire {
    sid: Option<String>,
    from: Option<String>,
    to: Option<String>,
    status: Option<String>,
    body: Option<String>,
    #[serde(default, deserialize_with = "lenient_u32")]
    num_segments: Option<u32>,
    price: Option<String>,
    price_unit: Option<String>,
    date_created: Option<String>,
}

impl MessageWire {
    /// The domain's message; `sid`, `status` and `to` are required (`from` is null while a
    /// Messaging Service has not picked a sender yet).
    pub fn into_domain(self) -> Result<MessageInfo, TelephonyError> {
        const WHAT: &str = "message";
        let sid = required(self.sid, WHAT, "sid")?;
        let status = required(self.status, WHAT, "status")?;
        Ok(MessageInfo {
            sid: parse_field(&sid, WHAT, "sid", MessageSid::parse)?,
            from: self.from.unwrap_or_default(),
            to: required(self.to, WHAT, "to")?,
            status: parse_field(&status, WHAT, "status", |s| {
                MessageStatus::parse(s).ok_or_else(|| format!("{s:?} is not a message status"))
            })?,
            body: self.body,
            num_segments: self.num_segments,
            price: price(self.price, WHAT)?,
            price_unit: currency(self.price_unit, WHAT)?,
            created_at: date(self.date_created, WHAT, "date_created")?,
        })
    }
}

/// A page of the message list.
#[derive(Debug, Deserialize)]
pub(crate) struct MessagePage {
    messages: Option<Vec<MessageWire>>,
}

impl MessagePage {
    /// The page's messages.
    pub fn into_domain(self) -> Result<Vec<MessageInfo>, TelephonyError> {
        required(self.messages, "message list", "messages")?
            .into_iter()
            .map(MessageWire::into_domain)
            .collect()
    }
}
