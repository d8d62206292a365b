//! Inbound messages: someone texts one of the account's numbers (SMS, MMS or WhatsApp) and
//! the messaging webhook goes to the app.

use crate::dates::now;
use crate::error::SimError;
use crate::geo::geo_params;
use crate::pairs::owned_pairs;
use crate::phone::MessagingAddress;
use crate::state::{Shared, SimState};
use crate::urls::is_http_url;
use crate::webhooks::Callback;

use crate::resources::{Message, MessageStatus, segments};

/// The most media an inbound MMS carries (Twilio: 10).
const MAX_INBOUND_MEDIA: usize = 10;

/// What arrives: `to` (the account's number), `from`, the text and media URLs.
#[derive(Debug, Clone, Copy)]
pub struct InboundMessage<'a> {
    /// The account's number, `+E164` or `whatsapp:+E164`.
    pub to: &'a str,
    /// The sender, on the same channel as `to`.
    pub from: &'a str,
    /// The text (may be empty).
    pub body: &'a str,
    /// Absolute http(s) URLs of the attached media.
    pub media: &'a [&'a str],
}

/// `address` as a messaging address, or an [`SimError::InvalidArgument`] naming `name`.
fn address<'a>(name: &str, address: &'a str) -> Result<MessagingAddress<'a>, SimError> {
    MessagingAddress::parse(address).ok_or_else(|| {
        SimError::InvalidArgument(format!(
            "{name} {address} is not a messaging address: use +E164 or whatsapp:+E164"
        ))
    })
}

/// Checks the channels and media of `inbound`; returns whether it is a WhatsApp message.
fn check(inbound: &InboundMessage<'_>) -> Result<bool, SimError> {
    let to = address("To", inbound.to)?;
    let from = address("From", inbound.from)?;
    if to.is_whatsapp() != from.is_whatsapp() {
        return Err(SimError::InvalidArgument(format!(
            "From {} and To {} are on different channels: use whatsapp: on both or on neither",
            inbound.from, inbound.to
        )));
    }
    if let Some(bad) = inbound.media.iter().find(|u| !is_http_url(u)) {
        return Err(SimError::InvalidArgument(format!(
            "media URL {bad} is not an absolute http(s) URL"
        )));
    }
    let most = if to.is_whatsapp() {
        1
    } else {
        MAX_INBOUND_MEDIA
    };
    if inbound.media.len() > most {
        let channel = if to.is_whatsapp() {
            "WhatsApp"
        } else {
            "an MMS"
        };
        return Err(SimError::InvalidArgument(format!(
            "{} media URLs: {channel} message carries at most {most}",
            inbound.media.len()
        )));
    }
    Ok(to.is_whatsapp())
}

/// The media type Twilio would report for the file at `url`, from its extension
/// (`application/octet-stream` when unknown); the stand-in does not fetch it.
fn media_content_type(url: &str) -> &'static str {
    let path = url::Url::parse(url)
        .map(|u| u.path().to_ascii_lowercase())
        .unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or_default();
    let extension = file.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    match extension {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "mp4" => "video/mp4",
        "3gp" => "video/3gpp",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" | "opus" => "audio/ogg",
        "amr" => "audio/amr",
        "pdf" => "application/pdf",
        "vcf" => "text/vcard",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// Records `inbound` and returns its SID (`SM`, or `MM` with media) and the webhook to send
/// to the number's `SmsUrl`: `MessageSid`, `SmsSid`, `SmsMessageSid`, `AccountSid`,
/// `From`, `To`, `Body`, `NumMedia`, `MediaUrl{N}` and `MediaContentType{N}`,
/// `NumSegments`, `SmsStatus=received`, `ApiVersion`, and the geographic fields (SMS) or
/// `WaId` and `ProfileName` (WhatsApp).
///
/// # Errors
/// [`SimError::NotFound`] when `to` is not on the account, [`SimError::NoWebhook`] when it
/// has no `SmsUrl`, [`SimError::InvalidArgument`] for malformed addresses, addresses on
/// different channels, media URLs that are not absolute http(s) URLs, or more media than
/// the channel carries (10, WhatsApp 1).
pub fn start_inbound(
    shared: &Shared,
    state: &mut SimState,
    inbound: &InboundMessage<'_>,
) -> Result<(String, Callback), SimError> {
    let InboundMessage {
        to,
        from,
        body,
        media,
    } = *inbound;
    let is_whatsapp = check(inbound)?;
    let number_part = address("To", to)?.number();
    let number = state
        .number(number_part)
        .ok_or_else(|| SimError::NotFound(format!("incoming number {to}")))?;
    let url = number.sms_url.clone().ok_or_else(|| SimError::NoWebhook {
        number: to.to_owned(),
        which: "SmsUrl",
    })?;
    let method = number.sms_method.clone();
    let created = now();
    let message = Message {
        sid: shared.ids.next(if media.is_empty() { "SM" } else { "MM" }),
        to: to.to_owned(),
        from: Some(from.to_owned()),
        messaging_service_sid: None,
        body: body.to_owned(),
        media_urls: media.iter().map(|u| (*u).to_owned()).collect(),
        direction: "inbound".to_owned(),
        status: MessageStatus::Received,
        status_callback: None,
        error_code: None,
        date_created: created,
        date_updated: created,
        date_sent: Some(created),
    };
    let sid = message.sid.clone();
    let mut params = owned_pairs([
        ("MessageSid", sid.clone()),
        ("SmsSid", sid.clone()),
        ("SmsMessageSid", sid.clone()),
        ("AccountSid", shared.config.account_sid.clone()),
        ("From", from.to_owned()),
        ("To", to.to_owned()),
        ("Body", body.to_owned()),
        ("NumMedia", media.len().to_string()),
    ]);
    for (n, url) in media.iter().enumerate() {
        params.push((format!("MediaUrl{n}"), (*url).to_owned()));
        params.push((
            format!("MediaContentType{n}"),
            media_content_type(url).to_owned(),
        ));
    }
    params.extend(owned_pairs([
        ("NumSegments", segments(body).to_string()),
        ("SmsStatus", "received".to_owned()),
        ("ApiVersion", "2010-04-01".to_owned()),
    ]));
    if is_whatsapp {
        params.push((
            "WaId".to_owned(),
            address("From", from)?
                .number()
                .trim_start_matches('+')
                .to_owned(),
        ));
        params.push(("ProfileName".to_owned(), "Test User".to_owned()));
    } else {
        for (prefix, number) in [("From", from), ("To", to)] {
            params.extend(geo_params(shared, prefix, number));
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
    use super::{InboundMessage, check, media_content_type};

    fn inbound<'a>(to: &'a str, from: &'a str, media: &'a [&'a str]) -> InboundMessage<'a> {
        InboundMessage {
            to,
            from,
            body: "",
            media,
        }
    }

    #[test]
    fn media_types_come_from_the_extension() {
        assert_eq!(
            media_content_type("https://cdn.example/a/B.JPG"),
            "image/jpeg"
        );
        assert_eq!(
            media_content_type("https://cdn.example/a.png?x=1"),
            "image/png"
        );
        assert_eq!(
            media_content_type("https://cdn.example/v1.2/file"),
            "application/octet-stream"
        );
        assert_eq!(
            media_content_type("https://cdn.example/"),
            "application/octet-stream"
        );
    }

    #[test]
    fn channels_must_match_and_media_must_fit() {
        let one = ["https://cdn.example/a.png"];
        let two = ["https://cdn.example/a.png", "https://cdn.example/b.png"];
        assert_eq!(
            check(&inbound("+14155550100", "+14155550101", &two)).ok(),
            Some(false)
        );
        assert_eq!(
            check(&inbound(
                "whatsapp:+14155550100",
                "whatsapp:+14155550101",
                &one
            ))
            .ok(),
            Some(true)
        );
        for (to, from, media) in [
            ("+14155550100", "whatsapp:+14155550101", &one[..]),
            ("whatsapp:+14155550100", "+14155550101", &one[..]),
            ("whatsapp:+14155550100", "whatsapp:+14155550101", &two[..]),
            (
                "+14155550100",
                "+14155550101",
                &["ftp://cdn.example/a.png"][..],
            ),
            ("+14155550100", "14155550101", &[][..]),
        ] {
            assert!(
                check(&inbound(to, from, media)).is_err(),
                "{to} {from} {media:?}"
            );
        }
        let eleven = ["https://cdn.example/a.png"; 11];
        assert!(check(&inbound("+14155550100", "+14155550101", &eleven)).is_err());
    }
}
