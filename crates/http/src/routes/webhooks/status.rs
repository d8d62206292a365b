//! `POST /webhooks/twilio/voice/status`: call status callbacks; and
//! `POST /webhooks/twilio/voice/dial-result`: the end of a browser call's `<Dial>`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::calls::{Applied, CallId, CallLogStatus, StatusCallback, StatusReport};
use switchboard_domain::idempotency::RECORD_PARAMETER;
use switchboard_domain::routing::DialOutcome;
use switchboard_domain::sid::CallSid;
use switchboard_domain::{Leg, PhoneNumber};
use switchboard_twiml::{Hangup, VoiceResponse};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc2822;

use super::{plan as plan_twiml, query_value, twiml, whole_field};
use crate::input::invalid;
use crate::openapi::{InvalidRequest, InvalidSignature, PayloadTooLarge, StoreUnavailable};
use crate::problem::ApiError;
use crate::state::AppState;
use crate::twilio_signature::TwilioWebhook;

/// The parameters of a status callback this webhook reads (Twilio sends more).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
#[schema(as = CallStatusCallback)]
pub(crate) struct StatusForm {
    /// The call (or dialled leg) reported on.
    #[schema(example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: String,
    /// Its status (`initiated`, `ringing`, `in-progress`, `completed`, `busy`, ...).
    #[schema(example = "completed")]
    call_status: String,
    /// On a leg a call dialled: the dialling call.
    parent_call_sid: Option<String>,
    /// Increases with each callback of a call, from 0.
    sequence_number: Option<String>,
    /// RFC 2822: when it happened.
    #[schema(example = "Thu, 03 Dec 2026 10:00:00 +0000")]
    timestamp: Option<String>,
    /// Seconds, on completion.
    call_duration: Option<String>,
}

pub(crate) fn callback(form: StatusForm, now: OffsetDateTime) -> Result<StatusCallback, ApiError> {
    let sid = CallSid::parse(&form.call_sid).map_err(|e| invalid("CallSid", e))?;
    let parent = form
        .parent_call_sid
        .as_deref()
        .filter(|p| !p.is_empty())
        .map(|p| CallSid::parse(p).map_err(|e| invalid("ParentCallSid", e)))
        .transpose()?;
    let status = CallLogStatus::parse(&form.call_status)
        .ok_or_else(|| invalid("CallStatus", "is not a call status"))?;
    let at = match form.timestamp.as_deref().filter(|t| !t.is_empty()) {
        Some(raw) => OffsetDateTime::parse(raw, &Rfc2822)
            .map_err(|_| invalid("Timestamp", "must be an RFC 2822 date"))?,
        None => now,
    };
    Ok(StatusCallback {
        sid,
        parent,
        record: None,
        report: StatusReport {
            status,
            sequence: whole_field("SequenceNumber", form.sequence_number.as_deref())?,
            at: switchboard_domain::clock::truncate_to_micros(at),
            duration: whole_field("CallDuration", form.call_duration.as_deref())?,
        },
    })
}

/// Applies a call status callback: duplicates and late callbacks change nothing, unknown
/// calls are ignored (logged) unless the URL's `record` names an API call of ours without a
/// SID (its answer was lost), which then gets this SID; a dialled leg's status applies to
/// its parent call. Once a
/// call ends, its price is fetched from Twilio in the background.
#[utoipa::path(
    post, path = "/webhooks/twilio/voice/status", operation_id = "callStatusWebhook", tag = "twilio webhooks",
    params(
        ("X-Twilio-Signature" = String, Header, description = "Twilio's HMAC-SHA1 of the URL and the form parameters"),
        ("record" = Option<String>, Query, description = "The id of the API call the callback URL was made for (set by the app when placing it)"),
    ),
    request_body(content = StatusForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 204, description = "Applied, or ignored (duplicate, late, or unknown call)"),
        (status = 400, response = InvalidRequest),
        (status = 403, response = InvalidSignature),
        (status = 413, response = PayloadTooLarge),
        (status = 503, response = StoreUnavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(call_sid = tracing::field::Empty))]
pub(crate) async fn status(
    state: web::Data<AppState>,
    request: HttpRequest,
    webhook: TwilioWebhook,
) -> Result<HttpResponse, ApiError> {
    let mut callback = callback(webhook.form()?, state.calls.now())?;
    callback.record = query_value(&request, RECORD_PARAMETER).and_then(|v| CallId::parse(&v));
    tracing::Span::current().record("call_sid", callback.sid.as_str());
    match state.calls.status_callback(&callback).await? {
        Applied::Unknown => {
            tracing::info!(status = %callback.report.status, "status callback for an unknown call ignored");
        }
        Applied::Unchanged(_) => {
            tracing::debug!(status = %callback.report.status, "duplicate or late status callback");
        }
        Applied::Changed(call) => {
            tracing::info!(status = %call.status(), "call status applied");
            if call.status().is_terminal()
                && call.price.is_none()
                && let Some(sid) = call.sid
            {
                let calls = state.calls.clone();
                tokio::spawn(async move {
                    if let Err(e) = calls.fill_price(&sid).await {
                        tracing::warn!(call_sid = %sid, error = %e, "could not read the call's price");
                    }
                });
            }
        }
    }
    Ok(HttpResponse::NoContent().finish())
}

/// The parameters of a `<Dial action>` request this webhook reads (Twilio sends more).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
#[schema(as = DialResult)]
pub(crate) struct DialResultForm {
    /// The call that dialled.
    #[schema(example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: String,
    /// `completed`, `answered`, `busy`, `no-answer`, `failed` or `canceled`.
    #[schema(example = "completed")]
    dial_call_status: String,
}

/// The end of a `<Dial>`: a browser call's (`leg=browser`) just hangs up, since the browser
/// shows the outcome; an inbound call's (`leg=client` or `forward`, with the `number`
/// called) is routed on: the busy or no-answer rule, or voicemail.
#[utoipa::path(
    post, path = "/webhooks/twilio/voice/dial-result", operation_id = "dialResultWebhook", tag = "twilio webhooks",
    params(
        ("leg" = Option<String>, Query, description = "`browser`, `client` (the owner's browser was rung) or `forward`"),
        ("number" = Option<String>, Query, description = "The number called, E.164 (inbound calls)"),
        ("X-Twilio-Signature" = String, Header, description = "Twilio's HMAC-SHA1 of the URL and the form parameters"),
    ),
    request_body(content = DialResultForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "TwiML: `<Hangup/>`, a forward (`<Dial>`) or voicemail (`<Record>`)", body = String, content_type = "text/xml"),
        (status = 400, response = InvalidRequest),
        (status = 403, response = InvalidSignature),
        (status = 413, response = PayloadTooLarge),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn dial_result(
    state: web::Data<AppState>,
    req: HttpRequest,
    webhook: TwilioWebhook,
) -> Result<HttpResponse, ApiError> {
    let form: DialResultForm = webhook.form()?;
    CallSid::parse(&form.call_sid).map_err(|e| invalid("CallSid", e))?;
    let leg = query_value(&req, "leg").and_then(|l| Leg::parse(&l));
    let number = query_value(&req, "number").and_then(|n| PhoneNumber::parse(&n).ok());
    let (Some(leg), Some(number)) = (leg, number) else {
        tracing::info!(call_sid = %form.call_sid, dial_call_status = %form.dial_call_status, "browser call's dial ended");
        return Ok(twiml(&VoiceResponse::new().with(Hangup)));
    };
    let outcome = DialOutcome::parse(&form.dial_call_status)
        .ok_or_else(|| invalid("DialCallStatus", "is not a dial status"))?;
    tracing::info!(call_sid = %form.call_sid, dial_call_status = %form.dial_call_status, leg = leg.as_str(), "inbound call's dial ended");
    let plan = state.router.dial_result(&number, leg, outcome).await?;
    Ok(plan_twiml(&state, &plan))
}
