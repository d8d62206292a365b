//! `POST /webhooks/twilio/voice/gather`: the caller answered a menu (or stayed silent);
//! `POST /webhooks/twilio/voice/voicemail-done`: the caller left a voicemail. Both read
//! what routing needs from their signed query, so no session state is kept.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::routing::{MenuAnswer, voicemail_done as thanks};
use switchboard_domain::{MenuPath, PhoneNumber};

use super::{plan, query_value};
use crate::input::invalid;
use crate::openapi::{InvalidRequest, InvalidSignature, PayloadTooLarge, StoreUnavailable};
use crate::problem::ApiError;
use crate::state::AppState;
use crate::twilio_signature::TwilioWebhook;

/// The parameters of a `<Gather action>` request this webhook reads (Twilio sends more).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
#[schema(as = GatherResult)]
pub(crate) struct GatherForm {
    /// The call.
    #[schema(example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: Option<String>,
    /// The keys pressed.
    #[schema(example = "1")]
    digits: Option<String>,
    /// What was said, as Twilio heard it.
    speech_result: Option<String>,
}

/// The number called, from the query.
fn number(req: &HttpRequest) -> Result<PhoneNumber, ApiError> {
    let raw =
        query_value(req, "number").ok_or_else(|| invalid("number", "is required in the query"))?;
    PhoneNumber::parse(&raw).map_err(|e| invalid("number", e))
}

/// Picks the menu option by `Digits` (or by `SpeechResult` containing an option's words);
/// anything else says it is not a valid choice and replays the menu; after `maxAttempts`
/// misses (silence included) the menu's `onNoInput` is taken.
#[utoipa::path(
    post, path = "/webhooks/twilio/voice/gather", operation_id = "gatherWebhook", tag = "twilio webhooks",
    params(
        ("number" = String, Query, description = "The number called, E.164"),
        ("menu" = Option<String>, Query, description = "Which (sub)menu: option indexes from the top menu, dot-separated; empty for the top menu"),
        ("attempt" = Option<u32>, Query, description = "Which presentation of the menu (1 for the first)"),
        ("noInput" = Option<bool>, Query, description = "The fall-through after a silent `<Gather>`"),
        ("X-Twilio-Signature" = String, Header, description = "Twilio's HMAC-SHA1 of the URL and the form parameters"),
    ),
    request_body(content = GatherForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "TwiML: the option's action, the menu again, or `onNoInput`", body = String, content_type = "text/xml"),
        (status = 400, response = InvalidRequest),
        (status = 403, response = InvalidSignature),
        (status = 413, response = PayloadTooLarge),
        (status = 503, response = StoreUnavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(call_sid = tracing::field::Empty))]
pub(crate) async fn gather(
    state: web::Data<AppState>,
    req: HttpRequest,
    webhook: TwilioWebhook,
) -> Result<HttpResponse, ApiError> {
    let form: GatherForm = webhook.form()?;
    tracing::Span::current().record("call_sid", form.call_sid.as_deref().unwrap_or_default());
    let number = number(&req)?;
    let path = MenuPath::parse(&query_value(&req, "menu").unwrap_or_default())
        .ok_or_else(|| invalid("menu", "is not a menu path"))?;
    let attempt = match query_value(&req, "attempt") {
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|a| (1..=100).contains(a))
            .ok_or_else(|| invalid("attempt", "must be 1 to 100"))?,
        None => 1,
    };
    let answer = if query_value(&req, "noInput").as_deref() == Some("true") {
        MenuAnswer::Silence
    } else {
        MenuAnswer::Input {
            digits: form.digits,
            speech: form.speech_result,
        }
    };
    let routed = state
        .router
        .menu_answer(&number, &path, attempt, &answer)
        .await?;
    Ok(plan(&state, &routed))
}

/// The parameters of a `<Record action>` request this webhook reads (Twilio sends more).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
#[schema(as = RecordResult)]
pub(crate) struct RecordForm {
    /// The call.
    #[schema(example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: Option<String>,
    /// The recording (its status arrives at `/webhooks/twilio/recordings`).
    #[schema(example = "RE0123456789abcdef0123456789abcdef")]
    recording_sid: Option<String>,
}

/// After a voicemail: a short thanks and `<Hangup/>` (never another recording).
#[utoipa::path(
    post, path = "/webhooks/twilio/voice/voicemail-done", operation_id = "voicemailDoneWebhook", tag = "twilio webhooks",
    params(
        ("number" = String, Query, description = "The number called, E.164"),
        ("X-Twilio-Signature" = String, Header, description = "Twilio's HMAC-SHA1 of the URL and the form parameters"),
    ),
    request_body(content = RecordForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "TwiML: `<Say>` thanks, `<Hangup/>`", body = String, content_type = "text/xml"),
        (status = 400, response = InvalidRequest),
        (status = 403, response = InvalidSignature),
        (status = 413, response = PayloadTooLarge),
    ),
)]
pub(crate) async fn voicemail_done(
    state: web::Data<AppState>,
    req: HttpRequest,
    webhook: TwilioWebhook,
) -> Result<HttpResponse, ApiError> {
    let form: RecordForm = webhook.form()?;
    let number = number(&req)?;
    tracing::info!(call_sid = form.call_sid.as_deref().unwrap_or_default(), recording_sid = form.recording_sid.as_deref().unwrap_or_default(), %number, "voicemail left");
    Ok(plan(&state, &thanks()))
}
