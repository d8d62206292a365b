//! `POST /v1/calls`: placing a call, and `POST /v1/calls/{callSid}/end`: ending one.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::PhoneNumber;
use switchboard_domain::calls::{CallId, PlaceCall};

use super::body::CallBody;
use crate::bearer::Authenticated;
use crate::body::FingerprintedJson;
use crate::idempotency::{IdempotencyKeyHeader, attempt_id, idempotent};
use crate::input::{invalid, optional};
use crate::openapi::{
    InvalidRequest, NotFound, PayloadTooLarge, ProblemBody, RateLimited, TwilioFailed,
    Unauthorized, Unavailable, UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::state::AppState;

/// A call to place.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = PlaceCallRequest)]
pub(crate) struct PlaceCallBody {
    /// Who to call: E.164, or a US number as typed (spaces, dashes, brackets; ten digits
    /// without `+1`).
    #[schema(example = "+14155550123", min_length = 1, max_length = 32)]
    to: String,
    /// One of the caller's active, voice-capable numbers (default: the oldest).
    #[schema(pattern = r"^\+[1-9][0-9]{1,14}$", example = "+14155550100")]
    from: Option<String>,
    /// Record both channels from answer.
    #[serde(default)]
    record: bool,
    /// What the callee hears before the call ends; without it, the callee is connected to
    /// the caller's browser.
    #[schema(min_length = 1, max_length = 1000)]
    say: Option<String>,
}

pub(crate) fn parse(body: PlaceCallBody) -> Result<PlaceCall, ApiError> {
    let to = PhoneNumber::normalize(&body.to).map_err(|e| invalid("to", e))?;
    let from = optional("from", body.from.as_deref(), PhoneNumber::parse)?;
    let say = match body.say {
        Some(text) if text.trim().is_empty() => {
            return Err(ApiError::InvalidRequest("say: must not be blank".into()));
        }
        Some(text) if text.chars().count() > 1000 => {
            return Err(ApiError::InvalidRequest(
                "say: must be at most 1000 characters".into(),
            ));
        }
        Some(text) if text.chars().any(|c| c.is_control() && c != '\n') => {
            return Err(ApiError::InvalidRequest(
                "say: must not contain control characters".into(),
            ));
        }
        other => other,
    };
    Ok(PlaceCall {
        to,
        from,
        record: body.record,
        say,
    })
}

/// Places a call from one of the caller's numbers.
#[utoipa::path(
    post, path = "/v1/calls", operation_id = "placeCall", tag = "calls",
    security(("bearer" = [])),
    params(IdempotencyKeyHeader),
    request_body = PlaceCallBody,
    responses(
        (status = 201, description = "The call, logged and placed (`Idempotent-Replayed: true` on a replay)", body = CallBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, description = "`caller_id_not_owned`: `from` is not one of your active voice numbers", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`no_caller_id`: you have no active voice number; `idempotency_key_in_use`: a request with this key is still running", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, description = "`call_rejected`: Twilio refused the call (`twilioCode` says why); `idempotency_key_reused`: the key was used with another body", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, response = RateLimited),
        (status = 502, response = TwilioFailed),
        (status = 503, response = Unavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(user = %actor.0.user_id))]
pub(crate) async fn place(
    state: web::Data<AppState>,
    request: HttpRequest,
    actor: Authenticated,
    FingerprintedJson(body, fingerprint): FingerprintedJson<PlaceCallBody>,
) -> Result<HttpResponse, ApiError> {
    let key = IdempotencyKeyHeader::from_request(&request)?;
    let attempt = attempt_id(&actor.0, "POST /v1/calls", key.as_ref()).map(CallId::from_uuid);
    idempotent(
        &state,
        &actor.0,
        "POST /v1/calls",
        key,
        fingerprint,
        async || {
            let call = state
                .calls
                .place_attempt(&actor.0, parse(body)?, attempt)
                .await?;
            tracing::info!(call_sid = ?call.sid, to = %call.to, "call placed");
            Ok(HttpResponse::Created().json(CallBody::from(call)))
        },
    )
    .await
}

/// Ends one of the caller's calls: canceled at Twilio if not yet answered, completed if
/// live; a call already ended is returned as it is.
#[utoipa::path(
    post, path = "/v1/calls/{callSid}/end", operation_id = "endCall", tag = "calls",
    security(("bearer" = [])),
    params(("callSid" = String, Path, description = "The call's SID")),
    responses(
        (status = 200, description = "The call as it is now", body = CallBody),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 502, response = TwilioFailed),
        (status = 503, response = Unavailable),
    ),
)]
pub(crate) async fn end(
    state: web::Data<AppState>,
    actor: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let sid = super::read::call_sid(&path)?;
    let call = state.calls.end(&actor.0, &sid).await?;
    Ok(HttpResponse::Ok().json(CallBody::from(call)))
}
