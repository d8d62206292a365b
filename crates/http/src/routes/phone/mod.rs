//! The console's local phone channel (`/v1/phone...`): a browser phone without WebRTC,
//! served by the local Twilio stand-in. With a real Twilio account the console uses the
//! Voice JS SDK and these routes answer 409 `local_phone_unavailable`, except
//! `GET /v1/phone`, which says which channel to use.

pub(crate) mod calls;
pub(crate) mod events;

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::bearer::Authenticated;
use crate::local_phone::{LocalPhone, LocalPhoneError};
use crate::openapi::{Unauthorized, Unavailable};
use crate::problem::ApiError;
use crate::state::AppState;

/// Which phone the console uses.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Channel {
    /// The local stand-in's channel (`/v1/phone/...`): no Voice SDK, no WebRTC.
    Local,
    /// The Twilio Voice JS SDK with a token from `GET /v1/voice/token`.
    VoiceSdk,
}

/// The console's phone channel and the caller's browser identity.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PhoneChannel)]
pub(crate) struct ChannelBody {
    channel: Channel,
    /// The caller's browser client identity.
    #[schema(pattern = "^[A-Za-z0-9_]{1,121}$", example = "u_alice")]
    identity: String,
}

/// Which phone channel the console uses, and the caller's browser identity.
#[utoipa::path(
    get, path = "/v1/phone", operation_id = "phoneChannel", tag = "phone",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The channel", body = ChannelBody),
        (status = 401, response = Unauthorized),
        (status = 503, response = Unavailable),
    ),
)]
pub(crate) async fn channel(
    state: web::Data<AppState>,
    actor: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let identity = identity(&state, &actor).await?;
    let channel = if state.local_phone.is_some() {
        Channel::Local
    } else {
        Channel::VoiceSdk
    };
    Ok(HttpResponse::Ok().json(ChannelBody { channel, identity }))
}

/// The local phone, or a 409 on a deployment that uses the Voice SDK.
fn local_phone(state: &AppState) -> Result<&Arc<dyn LocalPhone>, ApiError> {
    state
        .local_phone
        .as_ref()
        .ok_or_else(|| ApiError::Conflict {
            code: "local_phone_unavailable",
            detail:
                "this deployment uses the Twilio Voice SDK for browser calls: see GET /v1/phone"
                    .to_owned(),
        })
}

/// The caller's browser identity.
async fn identity(state: &AppState, actor: &Authenticated) -> Result<String, ApiError> {
    let identity = state.calls.browser_identity(&actor.0.user_id).await?;
    Ok(identity.as_str().to_owned())
}

impl From<LocalPhoneError> for ApiError {
    fn from(e: LocalPhoneError) -> Self {
        match e {
            LocalPhoneError::UnknownCall => Self::NotFound("no such call on your browser phone"),
            LocalPhoneError::NotRinging => Self::Conflict {
                code: "call_not_ringing",
                detail: e.to_string(),
            },
            LocalPhoneError::NotActive => Self::Conflict {
                code: "call_not_active",
                detail: e.to_string(),
            },
            LocalPhoneError::Invalid(detail) => Self::InvalidRequest(detail),
            LocalPhoneError::Unavailable(detail) => Self::refused(
                StatusCode::SERVICE_UNAVAILABLE,
                "local_phone_unavailable",
                detail,
            ),
        }
    }
}
