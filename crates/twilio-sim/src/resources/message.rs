//! A message, inbound or outbound: what the stand-in keeps of it, its segments, its JSON
//! and its status callback.

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::dates::rfc2822;
use crate::pairs::owned_pairs;
use crate::webhooks::Callback;

pub use switchboard_domain::telephony::MessageStatus;

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
        let segments = segments(&self.body);
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
            "num_segments": segments.to_string(),
            "price": sent.then(|| format!("-{:.5}", 0.0079 * segments as f64)),
            "price_unit": sent.then_some("USD"),
            "sid": self.sid,
            "status": self.status.as_str(),
            "subresource_uris": {"media": format!("{base}/Media.json")},
            "to": self.to,
            "uri": format!("{base}.json"),
        })
    }

    pub(crate) fn status_callback(&self, account_sid: &str) -> Option<Callback> {
        let url = self.status_callback.clone()?;
        let mut params = owned_pairs([
            ("MessageSid", self.sid.as_str()),
            ("SmsSid", self.sid.as_str()),
            ("MessageStatus", self.status.as_str()),
            ("SmsStatus", self.status.as_str()),
            ("AccountSid", account_sid),
            ("To", &self.to),
            ("ApiVersion", "2010-04-01"),
        ]);
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

#[cfg(test)]
mod tests {
    use super::{MessageStatus, segments};
    use crate::transitions::Transitions as _;

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
