//! Inbound messages: someone texts one of the account's numbers and the messaging webhook
//! goes to the app.

use crate::dates::now;
use crate::error::SimError;
use crate::geo::geo_params;
use crate::pairs::owned_pairs;
use crate::phone::MessagingAddress;
use crate::state::{Shared, SimState};
use crate::webhooks::Callback;

use crate::resources::{Message, MessageStatus, segments};

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
    let to_address = MessagingAddress::parse(to).ok_or_else(|| {
        SimError::InvalidArgument(format!(
            "{to} is not a messaging address: use +E164 or whatsapp:+E164"
        ))
    })?;
    let from_address = MessagingAddress::parse(from).ok_or_else(|| {
        SimError::InvalidArgument(format!(
            "{from} is not a messaging address: use +E164 or whatsapp:+E164"
        ))
    })?;
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
    let mut params = owned_pairs([
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
    ]);
    if from_address.is_whatsapp() {
        params.push((
            "WaId".to_owned(),
            from_address.number().trim_start_matches('+').to_owned(),
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
