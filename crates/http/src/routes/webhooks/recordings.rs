//! `POST /webhooks/twilio/recordings`: recording status callbacks.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::calls::{Applied, RecordingKind, RecordingLogStatus, RecordingReport};
use switchboard_domain::sid::{CallSid, RecordingSid};
use time::OffsetDateTime;

use super::{query_value, whole_field};
use crate::input::invalid;
use crate::openapi::{InvalidRequest, InvalidSignature, PayloadTooLarge, StoreUnavailable};
use crate::problem::ApiError;
use crate::state::AppState;
use crate::twilio_signature::TwilioWebhook;

/// The parameters of a recording status callback this webhook reads (Twilio sends more).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
#[schema(as = RecordingStatusCallback)]
pub(crate) struct RecordingForm {
    #[schema(example = "RE0123456789abcdef0123456789abcdef")]
    recording_sid: String,
    #[schema(example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: String,
    /// `in-progress`, `completed`, `absent` or `failed`.
    #[schema(example = "completed")]
    recording_status: String,
    /// Seconds.
    recording_duration: Option<String>,
    /// 1 or 2.
    recording_channels: Option<String>,
    /// `OutboundAPI`, `DialVerb`, `RecordVerb`, ...
    recording_source: Option<String>,
}

/// The report a callback makes; `kind` is the URL's `kind` query parameter.
pub(crate) fn report(
    kind: Option<&str>,
    form: RecordingForm,
    now: OffsetDateTime,
) -> Result<RecordingReport, ApiError> {
    let status = match form.recording_status.as_str() {
        "in-progress" => RecordingLogStatus::InProgress,
        "completed" => RecordingLogStatus::Completed,
        "absent" => RecordingLogStatus::Absent,
        "failed" => RecordingLogStatus::Failed,
        _ => return Err(invalid("RecordingStatus", "is not a recording status")),
    };
    let channels = whole_field::<u32>("RecordingChannels", form.recording_channels.as_deref())?
        .map(|c| u8::try_from(c).ok().filter(|c| (1..=2).contains(c)))
        .map(|c| c.ok_or_else(|| invalid("RecordingChannels", "must be 1 or 2")))
        .transpose()?;
    let source = form
        .recording_source
        .filter(|s| !s.is_empty() && s.len() <= 64);
    let voicemail = kind == Some("voicemail") || source.as_deref() == Some("RecordVerb");
    Ok(RecordingReport {
        sid: RecordingSid::parse(&form.recording_sid).map_err(|e| invalid("RecordingSid", e))?,
        call_sid: CallSid::parse(&form.call_sid).map_err(|e| invalid("CallSid", e))?,
        status,
        kind: if voicemail {
            RecordingKind::Voicemail
        } else {
            RecordingKind::Call
        },
        duration: whole_field("RecordingDuration", form.recording_duration.as_deref())?,
        channels,
        source,
        at: now,
    })
}

/// Stores a recording status callback idempotently by `RecordingSid`: a later status
/// replaces an earlier one, never the reverse; a recording of an unknown call is ignored
/// (logged).
#[utoipa::path(
    post, path = "/webhooks/twilio/recordings", operation_id = "recordingWebhook", tag = "twilio webhooks",
    params(
        ("kind" = Option<String>, Query, description = "`voicemail` marks a voicemail"),
        ("X-Twilio-Signature" = String, Header, description = "Twilio's HMAC-SHA1 of the URL and the form parameters"),
    ),
    request_body(content = RecordingForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 204, description = "Stored, or ignored (not newer, or an unknown call)"),
        (status = 400, response = InvalidRequest),
        (status = 403, response = InvalidSignature),
        (status = 413, response = PayloadTooLarge),
        (status = 503, response = StoreUnavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(recording_sid = tracing::field::Empty))]
pub(crate) async fn recording(
    state: web::Data<AppState>,
    req: HttpRequest,
    webhook: TwilioWebhook,
) -> Result<HttpResponse, ApiError> {
    let kind = query_value(&req, "kind");
    let report = report(kind.as_deref(), webhook.form()?, state.calls.now())?;
    tracing::Span::current().record("recording_sid", report.sid.as_str());
    match state.calls.recording_callback(&report).await? {
        Applied::Unknown => {
            tracing::info!(call_sid = %report.call_sid, "recording of an unknown call ignored")
        }
        Applied::Unchanged(_) => tracing::debug!("duplicate or late recording callback"),
        Applied::Changed(r) => tracing::info!(status = r.status.as_str(), "recording stored"),
    }
    Ok(HttpResponse::NoContent().finish())
}
