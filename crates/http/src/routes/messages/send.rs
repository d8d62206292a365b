//! `POST /v1/messages`: sending an SMS, MMS or WhatsApp message.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::PhoneNumber;
use switchboard_domain::messages::{Channel, MessageId, SendMessage};
use switchboard_domain::voicemail::GreetingUrl;

use super::body::MessageBody;
use crate::bearer::Authenticated;
use crate::body::FingerprintedJson;
use crate::idempotency::{IdempotencyKeyHeader, attempt_id, idempotent};
use crate::input::{invalid, optional};
use crate::openapi::{
    InvalidRequest, PayloadTooLarge, ProblemBody, RateLimited, TwilioFailed, Unauthorized,
    Unavailable, UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::state::AppState;

/// The longest message text Twilio sends.
const MAX_BODY: usize = 1600;

/// A message to send.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = SendMessageRequest)]
pub(crate) struct SendMessageBody {
    /// `sms` (default; MMS when there is media) or `whatsapp`.
    #[schema(pattern = "^(sms|whatsapp)$", example = "sms")]
    channel: Option<String>,
    /// The recipient: E.164, or a US number as typed (as a call's `to`).
    #[schema(example = "+14155550123", min_length = 1, max_length = 32)]
    to: String,
    /// One of the caller's active numbers with the capability (default: the oldest); for
    /// WhatsApp also the shared sender `TWILIO_WHATSAPP_FROM` (then the default).
    #[schema(pattern = r"^\+[1-9][0-9]{1,14}$", example = "+14155550100")]
    from: Option<String>,
    /// The text, up to 1600 characters.
    #[schema(min_length = 1, max_length = 1600)]
    body: Option<String>,
    /// Up to 10 absolute http(s) URLs of media (1 for WhatsApp).
    #[schema(max_items = 10)]
    media_urls: Option<Vec<String>>,
}

pub(crate) fn parse(body: SendMessageBody) -> Result<SendMessage, ApiError> {
    let channel = optional("channel", body.channel.as_deref(), |c| {
        Channel::parse(c).ok_or("must be sms or whatsapp")
    })?
    .unwrap_or(Channel::Sms);
    let to = PhoneNumber::normalize(&body.to).map_err(|e| invalid("to", e))?;
    let from = optional("from", body.from.as_deref(), PhoneNumber::parse)?;
    if let Some(text) = &body.body {
        if text.trim().is_empty() {
            return Err(invalid("body", "must not be blank"));
        }
        if text.chars().count() > MAX_BODY {
            return Err(invalid(
                "body",
                format!("must be at most {MAX_BODY} characters"),
            ));
        }
    }
    let urls = body.media_urls.unwrap_or_default();
    let most = if channel == Channel::Whatsapp { 1 } else { 10 };
    if urls.len() > most {
        return Err(invalid("mediaUrls", format!("at most {most} on {channel}")));
    }
    let media_urls = urls
        .iter()
        .enumerate()
        .map(|(i, u)| {
            GreetingUrl::parse(u)
                .map_err(|_| {
                    invalid(
                        &format!("mediaUrls[{i}]"),
                        "must be an absolute http(s) URL",
                    )
                })
                .and_then(|u| {
                    url::Url::parse(u.as_str()).map_err(|e| invalid(&format!("mediaUrls[{i}]"), e))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if body.body.is_none() && media_urls.is_empty() {
        return Err(ApiError::InvalidRequest(
            "body: a message needs a body or mediaUrls".into(),
        ));
    }
    Ok(SendMessage {
        channel,
        to,
        from,
        body: body.body,
        media_urls,
    })
}

/// Sends a message from one of the caller's numbers.
#[utoipa::path(
    post, path = "/v1/messages", operation_id = "sendMessage", tag = "messages",
    security(("bearer" = [])),
    params(IdempotencyKeyHeader),
    request_body = SendMessageBody,
    responses(
        (status = 201, description = "The message, logged and handed to Twilio (`Idempotent-Replayed: true` on a replay)", body = MessageBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, description = "`sender_not_owned`: `from` is not one of your active numbers with the capability", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`no_sender`: you have no number to send from; `idempotency_key_in_use`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, description = "`message_rejected`: Twilio refused the message (`twilioCode` says why); `idempotency_key_reused`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, response = RateLimited),
        (status = 502, response = TwilioFailed),
        (status = 503, response = Unavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(user = %actor.0.user_id))]
pub(crate) async fn send(
    state: web::Data<AppState>,
    request: HttpRequest,
    actor: Authenticated,
    FingerprintedJson(body, fingerprint): FingerprintedJson<SendMessageBody>,
) -> Result<HttpResponse, ApiError> {
    let key = IdempotencyKeyHeader::from_request(&request)?;
    let attempt = attempt_id(&actor.0, "POST /v1/messages", key.as_ref()).map(MessageId::from_uuid);
    idempotent(
        &state,
        &actor.0,
        "POST /v1/messages",
        key,
        fingerprint,
        async || {
            let message = state
                .messages
                .send_attempt(&actor.0, parse(body)?, attempt)
                .await?;
            tracing::info!(message_sid = ?message.sid, channel = %message.channel, "message sent");
            Ok(HttpResponse::Created().json(MessageBody::from(message)))
        },
    )
    .await
}
