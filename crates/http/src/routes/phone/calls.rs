//! Placing, answering, rejecting and hanging up browser calls on the local phone channel.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use switchboard_domain::PhoneNumber;

use super::{identity, local_phone};
use crate::bearer::Authenticated;
use crate::body::JsonBody;
use crate::input::{invalid, optional};
use crate::local_phone::PhoneCallState;
use crate::openapi::{
    InvalidRequest, NotFound, PayloadTooLarge, ProblemBody, Unauthorized, Unavailable,
    UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::routes::calls::read::call_sid;
use crate::state::AppState;

/// A call the browser places.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = PhoneCallRequest)]
pub(crate) struct PlaceBody {
    /// Who to call, as typed (the app normalises it, as for `POST /v1/calls`).
    #[schema(example = "+14155550123", min_length = 1, max_length = 32)]
    to: String,
    /// One of the caller's active voice numbers (default: the oldest).
    #[schema(pattern = r"^\+[1-9][0-9]{1,14}$", example = "+16285550100")]
    caller_id: Option<String>,
}

/// The placed call.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PhoneCall)]
pub(crate) struct PlacedBody {
    /// The browser call's SID: its handle, and its id in `GET /v1/calls`.
    #[schema(example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: String,
    /// `ringing`: the next states arrive as events.
    state: PhoneCallState,
}

/// Places a call from the caller's browser phone through the stand-in's TwiML App, as the
/// Voice SDK's `device.connect` would: the app gets the TwiML App's voice request and the
/// call is logged as `outbound-browser`. It lasts until it is hung up.
#[utoipa::path(
    post, path = "/v1/phone/calls", operation_id = "placePhoneCall", tag = "phone",
    security(("bearer" = [])),
    request_body = PlaceBody,
    responses(
        (status = 202, description = "Placed: it rings; its states arrive as events", body = PlacedBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 409, description = "`local_phone_unavailable`: this deployment uses the Voice SDK", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 503, response = Unavailable),
    ),
)]
pub(crate) async fn place(
    state: web::Data<AppState>,
    actor: Authenticated,
    JsonBody(body): JsonBody<PlaceBody>,
) -> Result<HttpResponse, ApiError> {
    let to = body.to.trim();
    if to.is_empty() || to.chars().count() > 32 || to.chars().any(char::is_control) {
        return Err(invalid(
            "to",
            "must be a number of 1 to 32 characters without control characters",
        ));
    }
    let caller_id = optional("callerId", body.caller_id.as_deref(), PhoneNumber::parse)?;
    let phone = local_phone(&state)?;
    let identity = identity(&state, &actor).await?;
    let call_sid = phone.place(&identity, to, caller_id.as_ref().map(PhoneNumber::as_str))?;
    tracing::info!(call_sid = %call_sid, "browser phone call placed");
    Ok(HttpResponse::Accepted().json(PlacedBody {
        call_sid,
        state: PhoneCallState::Ringing,
    }))
}

/// What the browser does to one of its calls.
#[derive(Debug, Clone, Copy)]
enum Act {
    Accept,
    Reject,
    HangUp,
}

async fn act(
    state: &AppState,
    actor: &Authenticated,
    raw_sid: &str,
    act: Act,
) -> Result<HttpResponse, ApiError> {
    let sid = call_sid(raw_sid)?;
    let phone = local_phone(state)?;
    let identity = identity(state, actor).await?;
    let sid = sid.as_str();
    match act {
        Act::Accept => phone.accept(&identity, sid)?,
        Act::Reject => phone.reject(&identity, sid)?,
        Act::HangUp => phone.hang_up(&identity, sid)?,
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Answers a call ringing the caller's browser phone: every tab hears it in progress.
#[utoipa::path(
    post, path = "/v1/phone/calls/{callSid}/accept", operation_id = "acceptPhoneCall", tag = "phone",
    security(("bearer" = [])),
    params(("callSid" = String, Path, description = "The ringing call's handle (`callSid` of its `incoming` event)")),
    responses(
        (status = 204, description = "Answered"),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, description = "`call_not_ringing`: answered on another device, rejected or ended; `local_phone_unavailable`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    ),
)]
pub(crate) async fn accept(
    state: web::Data<AppState>,
    actor: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &actor, &path, Act::Accept).await
}

/// Rejects a call ringing the caller's browser phone: Twilio reports the leg busy, and the
/// number's busy rule or voicemail takes the call.
#[utoipa::path(
    post, path = "/v1/phone/calls/{callSid}/reject", operation_id = "rejectPhoneCall", tag = "phone",
    security(("bearer" = [])),
    params(("callSid" = String, Path, description = "The ringing call's handle")),
    responses(
        (status = 204, description = "Rejected"),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, description = "`call_not_ringing`; `local_phone_unavailable`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    ),
)]
pub(crate) async fn reject(
    state: web::Data<AppState>,
    actor: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &actor, &path, Act::Reject).await
}

/// Hangs up a call the caller's browser placed or accepted.
#[utoipa::path(
    post, path = "/v1/phone/calls/{callSid}/hangup", operation_id = "hangUpPhoneCall", tag = "phone",
    security(("bearer" = [])),
    params(("callSid" = String, Path, description = "The call's handle")),
    responses(
        (status = 204, description = "Hung up: the call ends"),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, description = "`call_not_active`: it still rings (reject it) or already ended; `local_phone_unavailable`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    ),
)]
pub(crate) async fn hang_up(
    state: web::Data<AppState>,
    actor: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &actor, &path, Act::HangUp).await
}
