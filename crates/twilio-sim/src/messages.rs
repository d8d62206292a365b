//! Messages: SMS, MMS and WhatsApp sent over REST, inbound messages driven by tests, and the
//! delivery status machine with its status callbacks.

use std::fmt;

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::config::AccountType;
use crate::dates::{now, rfc2822};
use crate::error::{SimError, TwilioError};
use crate::form::Params;
use crate::phone::MessagingAddress;
use crate::sid::is_sid;
use crate::state::{Shared, SimState};
use crate::webhooks::{Callback, is_http_url};

/// A message's status, as in the spec's `message_enum_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageStatus {
    /// Accepted for a Messaging Service.
    Accepted,
    /// Scheduled.
    Scheduled,
    /// Queued to send.
    Queued,
    /// Being sent.
    Sending,
    /// Handed to the carrier.
    Sent,
    /// Could not be sent.
    Failed,
    /// Confirmed delivered.
    Delivered,
    /// The carrier could not deliver it.
    Undelivered,
    /// Inbound, arriving.
    Receiving,
    /// Inbound, arrived.
    Received,
    /// Read (WhatsApp).
    Read,
    /// Partially delivered.
    PartiallyDelivered,
    /// Canceled before sending.
    Canceled,
}

impl MessageStatus {
    const ALL: [Self; 13] = [
        Self::Accepted,
        Self::Scheduled,
        Self::Queued,
        Self::Sending,
        Self::Sent,
        Self::Failed,
        Self::Delivered,
        Self::Undelivered,
        Self::Receiving,
        Self::Received,
        Self::Read,
        Self::PartiallyDelivered,
        Self::Canceled,
    ];

    /// The wire value.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Scheduled => "scheduled",
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Delivered => "delivered",
            Self::Undelivered => "undelivered",
            Self::Receiving => "receiving",
            Self::Received => "received",
            Self::Read => "read",
            Self::PartiallyDelivered => "partially_delivered",
            Self::Canceled => "canceled",
        }
    }

    /// Parses a wire value.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Position on the outbound path accepted/scheduled → queued → sending → sent →
    /// delivered/undelivered/partially delivered → read; `None` for statuses off that path.
    fn rank(self) -> Option<u8> {
        match self {
            Self::Accepted | Self::Scheduled => Some(0),
            Self::Queued => Some(1),
            Self::Sending => Some(2),
            Self::Sent => Some(3),
            Self::Delivered | Self::Undelivered | Self::PartiallyDelivered => Some(4),
            Self::Read => Some(5),
            Self::Failed | Self::Canceled | Self::Receiving | Self::Received => None,
        }
    }

    /// Whether an outbound message may move from `self` to `next`: forwards only; `failed`
    /// before delivery, `canceled` before sending, `read` only after `delivered`.
    #[must_use]
    pub fn can_become(self, next: Self) -> bool {
        let Some(from) = self.rank() else {
            return false;
        };
        match next {
            Self::Failed => from <= 3,
            Self::Canceled => from <= 1,
            Self::Read => self == Self::Delivered,
            _ => next.rank().is_some_and(|to| to > from),
        }
    }
}

impl fmt::Display for MessageStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message, inbound or outbound.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// `SM` (text) or `MM` (with media) SID.
    pub sid: String,
    /// Recipient, `+E164` or `whatsapp:+E164`.
    pub to: String,
    /// Sender; `None` when sent through a Messaging Service without `From`.
    pub from: Option<String>,
    /// `MessagingServiceSid`.
    pub messaging_service_sid: Option<String>,
    /// Text.
    pub body: String,
    /// `MediaUrl`s.
    pub media_urls: Vec<String>,
    /// `outbound-api` or `inbound`.
    pub direction: String,
    /// Status now.
    pub status: MessageStatus,
    /// `StatusCallback`.
    pub status_callback: Option<String>,
    /// Error code once failed or undelivered.
    pub error_code: Option<u32>,
    /// Created.
    pub date_created: OffsetDateTime,
    /// Last changed.
    pub date_updated: OffsetDateTime,
    /// When it was sent.
    pub date_sent: Option<OffsetDateTime>,
}

/// GSM 03.38 characters that take one septet.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// GSM 03.38 extension characters, which take two septets.
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{0C}";

/// How many SMS segments `body` needs: GSM-7 (160 per message, 153 per concatenated part)
/// when every character is in the GSM alphabet, UCS-2 (70, 67) otherwise. A media-only
/// message counts as one.
#[must_use]
pub fn segments(body: &str) -> usize {
    let septets: Option<usize> = body
        .chars()
        .map(|c| {
            if GSM_BASIC.contains(c) {
                Some(1)
            } else if GSM_EXTENDED.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    let (units, single, part) = match septets {
        Some(septets) => (septets, 160, 153),
        None => (body.encode_utf16().count(), 70, 67),
    };
    if units <= single {
        1
    } else {
        units.div_ceil(part)
    }
}

impl Message {
    /// The Message JSON.
    #[must_use]
    pub fn to_json(&self, account_sid: &str) -> Value {
        let base = format!("/2010-04-01/Accounts/{account_sid}/Messages/{}", self.sid);
        let sent = self.date_sent.is_some();
        json!({
            "account_sid": account_sid,
            "api_version": "2010-04-01",
            "body": self.body,
            "date_created": rfc2822(self.date_created),
            "date_sent": self.date_sent.map(rfc2822),
            "date_updated": rfc2822(self.date_updated),
            "direction": self.direction,
            "error_code": self.error_code,
            "error_message": null,
            "from": self.from,
            "messaging_service_sid": self.messaging_service_sid,
            "num_media": self.media_urls.len().to_string(),
            "num_segments": segments(&self.body).to_string(),
            "price": sent.then(|| format!("-{:.5}", 0.0079 * segments(&self.body) as f64)),
            "price_unit": sent.then_some("USD"),
            "sid": self.sid,
            "status": self.status.as_str(),
            "subresource_uris": {"media": format!("{base}/Media.json")},
            "to": self.to,
            "uri": format!("{base}.json"),
        })
    }

    fn status_callback(&self, account_sid: &str) -> Option<Callback> {
        let url = self.status_callback.clone()?;
        let mut params: Vec<(String, String)> = [
            ("MessageSid", self.sid.as_str()),
            ("SmsSid", self.sid.as_str()),
            ("MessageStatus", self.status.as_str()),
            ("SmsStatus", self.status.as_str()),
            ("AccountSid", account_sid),
            ("To", &self.to),
            ("ApiVersion", "2010-04-01"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        if let Some(from) = &self.from {
            params.push(("From".to_owned(), from.clone()));
        }
        if let Some(service) = &self.messaging_service_sid {
            params.push(("MessagingServiceSid".to_owned(), service.clone()));
        }
        if let Some(code) = self.error_code {
            params.push(("ErrorCode".to_owned(), code.to_string()));
        }
        Some(Callback {
            kind: "message-status",
            url,
            method: "POST".to_owned(),
            params,
        })
    }
}

/// `POST Messages.json`.
///
/// # Errors
/// 21604 without `To`; 21211 for a malformed `To`; 21603 without `From` or
/// `MessagingServiceSid`; 21212 for a malformed `From`; 21910 when `From` and `To` are on
/// different channels; 21606 when `From` is not an SMS-capable number of the account (any
/// account number for WhatsApp); 21608 for an unverified `To` on a trial account; 21619
/// without `Body`, `MediaUrl` or `ContentSid`; 21617 for a body over 1600 characters; 21620
/// for a malformed `MediaUrl`; 21609 for a malformed `StatusCallback`.
pub fn create(
    shared: &Shared,
    state: &mut SimState,
    params: &Params,
) -> Result<(u16, Value), TwilioError> {
    let raw_to = params
        .non_empty("To")
        .ok_or_else(|| TwilioError::bad_request(21604, "A 'To' phone number is required."))?;
    let to = MessagingAddress::parse(raw_to).ok_or_else(|| {
        TwilioError::bad_request(21211, format!("Invalid 'To' Phone Number: {raw_to}"))
    })?;
    let service = params.non_empty("MessagingServiceSid");
    if let Some(sid) = service
        && !is_sid(sid, "MG")
    {
        return Err(TwilioError::invalid_parameter(format!(
            "MessagingServiceSid must be a Messaging Service SID (MG...), got '{sid}'"
        )));
    }
    let raw_from = params.non_empty("From");
    if raw_from.is_none() && service.is_none() {
        return Err(TwilioError::bad_request(
            21603,
            "A 'From' phone number is required.",
        ));
    }
    let from = match raw_from {
        None => None,
        Some(raw) => Some(MessagingAddress::parse(raw).ok_or_else(|| {
            TwilioError::bad_request(21212, format!("Invalid 'From' Phone Number: {raw}"))
        })?),
    };
    if let Some(from) = from {
        if from.is_whatsapp() != to.is_whatsapp() {
            return Err(TwilioError::bad_request(
                21910,
                "Invalid From and To pair. From and To should be of the same channel",
            ));
        }
        let usable = state
            .number(from.number())
            .is_some_and(|n| from.is_whatsapp() || n.capabilities.sms);
        if !usable {
            return Err(TwilioError::bad_request(
                21606,
                "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination/account",
            ));
        }
    }
    if shared.config.account_type == AccountType::Trial
        && !state.verified_caller_ids.contains(to.number())
    {
        return Err(TwilioError::bad_request(
            21608,
            format!(
                "The number {} is unverified. Trial accounts cannot send messages to unverified numbers.",
                to.number()
            ),
        ));
    }
    let body = params.get("Body").unwrap_or_default();
    let media_urls = params.all("MediaUrl");
    if body.is_empty() && media_urls.is_empty() && params.non_empty("ContentSid").is_none() {
        return Err(TwilioError::bad_request(
            21619,
            "A Message Body, Media URL or Content SID is required",
        ));
    }
    if body.chars().count() > 1600 {
        return Err(TwilioError::bad_request(
            21617,
            "The concatenated message body exceeds the 1600 character limit",
        ));
    }
    if let Some(bad) = media_urls.iter().find(|u| !is_http_url(u)) {
        return Err(TwilioError::bad_request(
            21620,
            format!("Invalid media URL(s): {bad}"),
        ));
    }
    let status_callback = match params.non_empty("StatusCallback") {
        None => None,
        Some(url) if is_http_url(url) => Some(url.to_owned()),
        Some(url) => {
            return Err(TwilioError::bad_request(
                21609,
                format!("Invalid StatusCallback url: {url}"),
            ));
        }
    };
    let created = now();
    let message = Message {
        sid: shared
            .ids
            .next(if media_urls.is_empty() { "SM" } else { "MM" }),
        to: raw_to.to_owned(),
        from: raw_from.map(str::to_owned),
        messaging_service_sid: service.map(str::to_owned),
        body: body.to_owned(),
        media_urls: media_urls.iter().map(|u| (*u).to_owned()).collect(),
        direction: "outbound-api".to_owned(),
        status: if service.is_some() {
            MessageStatus::Accepted
        } else {
            MessageStatus::Queued
        },
        status_callback,
        error_code: None,
        date_created: created,
        date_updated: created,
        date_sent: None,
    };
    let json = message.to_json(&shared.config.account_sid);
    state.messages.push(message);
    Ok((201, json))
}

/// `GET Messages/{Sid}.json`.
///
/// # Errors
/// 404 20404 for an unknown message.
pub fn fetch(
    shared: &Shared,
    state: &SimState,
    sid: &str,
    path: &str,
) -> Result<(u16, Value), TwilioError> {
    state
        .messages
        .iter()
        .find(|m| m.sid == sid)
        .map(|m| (200, m.to_json(&shared.config.account_sid)))
        .ok_or_else(|| TwilioError::not_found(path))
}

/// Moves outbound message `sid` to `next` (with `error_code` for failed or undelivered
/// messages; 30008 "Unknown error" if none is given) and returns its status callback.
///
/// # Errors
/// [`SimError::NotFound`] for an unknown message, [`SimError::InvalidTransition`] when the
/// message cannot move to `next`.
pub fn advance(
    shared: &Shared,
    state: &mut SimState,
    sid: &str,
    next: MessageStatus,
    error_code: Option<u32>,
) -> Result<Vec<Callback>, SimError> {
    let message = state
        .messages
        .iter_mut()
        .find(|m| m.sid == sid)
        .ok_or_else(|| SimError::NotFound(format!("message {sid}")))?;
    if message.direction != "outbound-api" || !message.status.can_become(next) {
        return Err(SimError::InvalidTransition {
            sid: sid.to_owned(),
            from: message.status.to_string(),
            to: next.to_string(),
        });
    }
    let at = now();
    message.status = next;
    message.date_updated = at;
    if matches!(next, MessageStatus::Sent | MessageStatus::Delivered) && message.date_sent.is_none()
    {
        message.date_sent = Some(at);
    }
    if matches!(next, MessageStatus::Failed | MessageStatus::Undelivered) {
        message.error_code = Some(error_code.unwrap_or(30008));
    }
    Ok(message
        .status_callback(&shared.config.account_sid)
        .into_iter()
        .collect())
}

/// Records an inbound message from `from` to the account's number `to` and returns its SID
/// and the webhook to send to the number's `SmsUrl`.
///
/// # Errors
/// [`SimError::NotFound`] when `to` is not on the account, [`SimError::NoWebhook`] when it
/// has no `SmsUrl`, [`SimError::InvalidArgument`] for malformed addresses.
pub fn start_inbound(
    shared: &Shared,
    state: &mut SimState,
    to: &str,
    from: &str,
    body: &str,
) -> Result<(String, Callback), SimError> {
    let to_address = MessagingAddress::parse(to)
        .ok_or_else(|| SimError::InvalidArgument(format!("{to} is not a messaging address")))?;
    let from_address = MessagingAddress::parse(from)
        .ok_or_else(|| SimError::InvalidArgument(format!("{from} is not a messaging address")))?;
    let number = state
        .number(to_address.number())
        .ok_or_else(|| SimError::NotFound(format!("incoming number {to}")))?;
    let url = number.sms_url.clone().ok_or_else(|| SimError::NoWebhook {
        number: to.to_owned(),
        which: "SmsUrl",
    })?;
    let method = number.sms_method.clone();
    let created = now();
    let message = Message {
        sid: shared.ids.next("SM"),
        to: to.to_owned(),
        from: Some(from.to_owned()),
        messaging_service_sid: None,
        body: body.to_owned(),
        media_urls: Vec::new(),
        direction: "inbound".to_owned(),
        status: MessageStatus::Received,
        status_callback: None,
        error_code: None,
        date_created: created,
        date_updated: created,
        date_sent: Some(created),
    };
    let sid = message.sid.clone();
    let mut params: Vec<(String, String)> = [
        ("MessageSid", sid.clone()),
        ("SmsSid", sid.clone()),
        ("SmsMessageSid", sid.clone()),
        ("AccountSid", shared.config.account_sid.clone()),
        ("From", from.to_owned()),
        ("To", to.to_owned()),
        ("Body", body.to_owned()),
        ("NumMedia", "0".to_owned()),
        ("NumSegments", segments(body).to_string()),
        ("SmsStatus", "received".to_owned()),
        ("ApiVersion", "2010-04-01".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    if from_address.is_whatsapp() {
        params.push((
            "WaId".to_owned(),
            from_address.number().trim_start_matches('+').to_owned(),
        ));
        params.push(("ProfileName".to_owned(), "Test User".to_owned()));
    } else {
        for (prefix, number) in [("From", from), ("To", to)] {
            let known = shared.inventory.locate(number);
            let get = |f: fn(&crate::inventory::AvailableNumber) -> Option<&String>| {
                known.and_then(f).cloned().unwrap_or_default()
            };
            params.push((format!("{prefix}City"), get(|n| n.locality.as_ref())));
            params.push((format!("{prefix}State"), get(|n| n.region.as_ref())));
            params.push((format!("{prefix}Zip"), get(|n| n.postal_code.as_ref())));
            params.push((
                format!("{prefix}Country"),
                known.map_or_else(
                    || {
                        if number.starts_with("+1") {
                            "US".to_owned()
                        } else {
                            String::new()
                        }
                    },
                    |n| n.iso_country.clone(),
                ),
            ));
        }
    }
    state.messages.push(message);
    Ok((
        sid,
        Callback {
            kind: "sms",
            url,
            method,
            params,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::{MessageStatus, segments};

    #[test]
    fn segments_follow_gsm7_and_ucs2_limits() {
        assert_eq!(segments(""), 1);
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2);
        assert_eq!(segments(&"a".repeat(306)), 2);
        assert_eq!(segments(&"a".repeat(307)), 3);
        // An extension character takes two septets.
        assert_eq!(segments(&format!("{}€", "a".repeat(158))), 1);
        assert_eq!(segments(&format!("{}€", "a".repeat(159))), 2);
        // Emoji force UCS-2 (and take two UTF-16 units each).
        assert_eq!(segments(&"é".repeat(70)), 1);
        assert_eq!(segments(&format!("{}👍", "a".repeat(68))), 1);
        assert_eq!(segments(&format!("{}👍", "a".repeat(69))), 2);
    }

    #[test]
    fn messages_only_move_forwards() {
        use MessageStatus::*;
        assert!(Queued.can_become(Sending));
        assert!(Queued.can_become(Sent));
        assert!(Sent.can_become(Delivered));
        assert!(Delivered.can_become(Read));
        assert!(Accepted.can_become(Queued));
        assert!(Queued.can_become(Failed));
        assert!(!Delivered.can_become(Failed));
        assert!(!Sent.can_become(Queued));
        assert!(!Undelivered.can_become(Read));
        assert!(!Sent.can_become(Canceled));
        assert!(!Received.can_become(Sent));
    }
}
