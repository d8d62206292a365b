//! The Messages REST operations (create, fetch) and the delivery status driver.

use serde_json::Value;

use crate::config::AccountType;
use crate::dates::now;
use crate::error::{SimError, TwilioError};
use crate::form::Params;
use crate::phone::MessagingAddress;
use crate::sid::is_sid;
use crate::state::{Shared, SimState};
use crate::transitions::Transitions as _;
use crate::urls::is_http_url;
use crate::webhooks::Callback;

use crate::resources::{Message, MessageStatus};

/// Twilio's WhatsApp Sandbox number, a sender every account may use.
pub const WHATSAPP_SANDBOX: &str = "+14155238886";

/// `POST Messages.json`.
///
/// # Errors
/// 21604 without `To`; 21211 for a malformed `To`; 21603 without `From` or
/// `MessagingServiceSid`; 21212 for a malformed `From`; 21910 when `From` and `To` are on
/// different channels; 21606 when `From` is not an SMS-capable number of the account (any
/// account number, or the Sandbox's [`WHATSAPP_SANDBOX`], for WhatsApp); 21608 for an unverified `To` on a trial account; 21619
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
        // Twilio's WhatsApp Sandbox sender serves every account that joined it.
        let sandbox = from.is_whatsapp() && from.number() == WHATSAPP_SANDBOX;
        let usable = sandbox
            || state
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
    let status_callback = params.http_url("StatusCallback", |url| {
        TwilioError::bad_request(21609, format!("Invalid StatusCallback url: {url}"))
    })?;
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
        status_callback: status_callback.map(str::to_owned),
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
