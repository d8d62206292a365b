//! `POST /webhooks/twilio/messages`: inbound SMS, MMS and WhatsApp messages;
//! `POST /webhooks/twilio/messages/status`: status callbacks of sent messages.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::calls::Applied;
use switchboard_domain::idempotency::RECORD_PARAMETER;
use switchboard_domain::messages::{InboundMessage, MessageId, MessageReport};
use switchboard_domain::sid::MessageSid;
use switchboard_domain::telephony::MessageStatus;
use switchboard_twiml::{Message, MessagingResponse};

use super::whole_field;
use crate::input::invalid;
use crate::openapi::{InvalidRequest, InvalidSignature, PayloadTooLarge, StoreUnavailable};
use crate::problem::ApiError;
use crate::state::AppState;
use crate::twilio_signature::TwilioWebhook;

/// The most media Twilio attaches to one message.
const MAX_MEDIA: usize = 10;

/// The parameters of an inbound message this webhook reads (Twilio sends more, and
/// `MediaUrl0`..`MediaUrl9` for media).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
#[schema(as = InboundMessageRequest)]
pub(crate) struct InboundForm {
    /// The message.
    #[schema(example = "SM0123456789abcdef0123456789abcdef")]
    message_sid: String,
    /// The sender (`+1...`, or `whatsapp:+1...`).
    #[schema(example = "+14155550123")]
    from: String,
    /// The number it came to.
    #[schema(example = "+14155550100")]
    to: String,
    /// The text.
    body: Option<String>,
    /// How many `MediaUrl{N}` follow.
    num_media: Option<String>,
}

/// Stores an inbound message once per `MessageSid` for the number's owner and answers its
/// auto-reply (`<Response><Message>`), or an empty `<Response/>`.
#[utoipa::path(
    post, path = "/webhooks/twilio/messages", operation_id = "inboundMessageWebhook", tag = "twilio webhooks",
    params(("X-Twilio-Signature" = String, Header, description = "Twilio's HMAC-SHA1 of the URL and the form parameters")),
    request_body(content = InboundForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "TwiML: `<Response/>`, or the number's auto-reply", body = String, content_type = "text/xml"),
        (status = 400, response = InvalidRequest),
        (status = 403, response = InvalidSignature),
        (status = 413, response = PayloadTooLarge),
        (status = 503, response = StoreUnavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(message_sid = tracing::field::Empty))]
pub(crate) async fn inbound(
    state: web::Data<AppState>,
    webhook: TwilioWebhook,
) -> Result<HttpResponse, ApiError> {
    let form: InboundForm = webhook.form()?;
    let all: BTreeMap<String, String> = webhook.form()?;
    tracing::Span::current().record("message_sid", form.message_sid.as_str());
    let sid = MessageSid::parse(&form.message_sid).map_err(|e| invalid("MessageSid", e))?;
    let declared = whole_field::<usize>("NumMedia", form.num_media.as_deref())?
        .unwrap_or(0)
        .min(MAX_MEDIA);
    let media_urls = (0..declared)
        .filter_map(|i| all.get(&format!("MediaUrl{i}")).map(|u| (i, u)))
        .map(|(i, u)| url::Url::parse(u).map_err(|e| invalid(&format!("MediaUrl{i}"), e)))
        .collect::<Result<Vec<_>, _>>()?;
    let reply = state
        .messages
        .inbound(InboundMessage {
            sid,
            from: form.from,
            to: form.to,
            body: form.body.filter(|b| !b.is_empty()),
            media_urls,
        })
        .await?;
    let mut response = MessagingResponse::new();
    if let Some(text) = reply {
        response.push(Message::new(text));
    }
    Ok(HttpResponse::Ok()
        .content_type(switchboard_twiml::CONTENT_TYPE)
        .body(response.to_xml()))
}

/// The parameters of a message status callback this webhook reads.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
#[schema(as = MessageStatusCallback)]
pub(crate) struct StatusForm {
    /// The message.
    #[schema(example = "SM0123456789abcdef0123456789abcdef")]
    message_sid: String,
    /// Its status.
    #[schema(example = "delivered")]
    message_status: String,
    /// Twilio's error code, for undelivered and failed messages.
    error_code: Option<String>,
}

/// Applies a message status callback: duplicates and late callbacks change nothing; an
/// unknown message is ignored (logged), unless the callback URL's `record` names a message
/// of ours without a SID (its answer was lost), which then gets this SID.
#[utoipa::path(
    post, path = "/webhooks/twilio/messages/status", operation_id = "messageStatusWebhook", tag = "twilio webhooks",
    params(
        ("X-Twilio-Signature" = String, Header, description = "Twilio's HMAC-SHA1 of the URL and the form parameters"),
        ("record" = Option<String>, Query, description = "The id of the message the callback URL was made for (set by the app when sending)"),
    ),
    request_body(content = StatusForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 204, description = "Applied, or ignored (duplicate, late, or unknown message)"),
        (status = 400, response = InvalidRequest),
        (status = 403, response = InvalidSignature),
        (status = 413, response = PayloadTooLarge),
        (status = 503, response = StoreUnavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(message_sid = tracing::field::Empty))]
pub(crate) async fn status(
    state: web::Data<AppState>,
    request: HttpRequest,
    webhook: TwilioWebhook,
) -> Result<HttpResponse, ApiError> {
    // The message the callback URL names (`?record=`), signed with the rest of the URL.
    let record = super::query_value(&request, RECORD_PARAMETER).and_then(|v| MessageId::parse(&v));
    let form: StatusForm = webhook.form()?;
    tracing::Span::current().record("message_sid", form.message_sid.as_str());
    let report = MessageReport {
        sid: MessageSid::parse(&form.message_sid).map_err(|e| invalid("MessageSid", e))?,
        status: MessageStatus::parse(&form.message_status)
            .ok_or_else(|| invalid("MessageStatus", "is not a message status"))?,
        error_code: whole_field("ErrorCode", form.error_code.as_deref())?,
        at: state.messages.now(),
    };
    match state.messages.status_callback(&report, record).await? {
        Applied::Unknown => tracing::info!(
            status = report.status.as_str(),
            "status callback for an unknown message ignored"
        ),
        Applied::Unchanged(_) => tracing::debug!(
            status = report.status.as_str(),
            "duplicate or late message status"
        ),
        Applied::Changed(m) => tracing::info!(status = m.status.as_str(), "message status applied"),
    }
    Ok(HttpResponse::NoContent().finish())
}
