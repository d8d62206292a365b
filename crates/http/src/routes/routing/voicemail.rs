//! `/v1/numbers/{id}/voicemail`: a number's voicemail settings.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use switchboard_domain::routing::{MaxLength, VoicemailBox};

use super::menu_body::PromptBody;
use crate::bearer::Authenticated;
use crate::body::JsonBody;
use crate::input::invalid;
use crate::openapi::{
    InvalidRequest, NotFound, PayloadTooLarge, ProblemBody, StoreUnavailable, Unauthorized,
    UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::routes::numbers::number_id;
use crate::state::AppState;

/// A number's voicemail settings.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = VoicemailSettings)]
pub(crate) struct VoicemailBody {
    /// Whether callers who reach voicemail may leave a message (else they hear that the
    /// person is not available).
    enabled: bool,
    /// What they hear before the beep.
    greeting: PromptBody,
    /// The longest message, in seconds (1 to 600).
    #[schema(minimum = 1, maximum = 600, example = 120)]
    max_length: u32,
}

impl From<&VoicemailBox> for VoicemailBody {
    fn from(settings: &VoicemailBox) -> Self {
        Self {
            enabled: settings.enabled,
            greeting: PromptBody::from_prompt(&settings.greeting),
            max_length: settings.max_length.seconds(),
        }
    }
}

/// The settings to set; a field left out takes its default (enabled, the default spoken
/// greeting, 120 s).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = VoicemailSettingsInput)]
pub(crate) struct PutVoicemailBody {
    /// Whether callers may leave a message.
    enabled: Option<bool>,
    /// What they hear before the beep.
    greeting: Option<PromptBody>,
    /// The longest message, in seconds (1 to 600).
    #[schema(minimum = 1, maximum = 600)]
    max_length: Option<i64>,
}

/// A number's voicemail settings (the defaults before any are set).
#[utoipa::path(
    get, path = "/v1/numbers/{id}/voicemail", operation_id = "getVoicemailSettings", tag = "routing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    responses(
        (status = 200, description = "The settings", body = VoicemailBody),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let settings = state.routing.voicemail(&actor.0, number_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(VoicemailBody::from(&settings)))
}

/// Sets a number's voicemail settings.
#[utoipa::path(
    put, path = "/v1/numbers/{id}/voicemail", operation_id = "putVoicemailSettings", tag = "routing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    request_body = PutVoicemailBody,
    responses(
        (status = 200, description = "The settings", body = VoicemailBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, description = "`number_released`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn put(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
    JsonBody(body): JsonBody<PutVoicemailBody>,
) -> Result<HttpResponse, ApiError> {
    let number = number_id(&id)?;
    let defaults = VoicemailBox::default();
    let settings = VoicemailBox {
        enabled: body.enabled.unwrap_or(defaults.enabled),
        greeting: body
            .greeting
            .map(|g| g.into_prompt("greeting"))
            .transpose()?
            .unwrap_or(defaults.greeting),
        max_length: body
            .max_length
            .map(|s| MaxLength::new(s).map_err(|e| invalid("maxLength", e)))
            .transpose()?
            .unwrap_or(defaults.max_length),
    };
    let settings = state
        .routing
        .put_voicemail(&actor.0, number, settings)
        .await?;
    Ok(HttpResponse::Ok().json(VoicemailBody::from(&settings)))
}
