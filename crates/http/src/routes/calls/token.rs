//! `GET /v1/voice/token`: a Twilio Access Token for the caller's browser.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::bearer::Authenticated;
use crate::input::{Query, optional};
use crate::openapi::{InvalidRequest, ProblemBody, Unauthorized};
use crate::problem::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct TokenQuery {
    /// Seconds the token is valid.
    #[param(value_type = Option<u32>, minimum = 60, maximum = 86400, default = 3600)]
    ttl: Option<String>,
}

/// A Voice JS SDK access token and what the browser may call from.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = VoiceToken)]
pub(crate) struct TokenBody {
    /// The Twilio Access Token (a JWT, `cty: twilio-fpa;v=1`).
    token: String,
    /// The browser client's identity: letters, digits and underscores.
    #[schema(pattern = "^[A-Za-z0-9_]{1,121}$", example = "u_alice")]
    identity: String,
    #[serde(with = "time::serde::rfc3339")]
    expires_at: OffsetDateTime,
    /// The caller's active voice numbers (caller ids), oldest first.
    #[schema(example = json!(["+14155550100"]))]
    numbers: Vec<String>,
}

/// Mints a Twilio Access Token with a Voice grant for the caller's browser identity.
#[utoipa::path(
    get, path = "/v1/voice/token", operation_id = "voiceToken", tag = "calls",
    security(("bearer" = [])),
    params(TokenQuery),
    responses(
        (status = 200, description = "The token", body = TokenBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 503, description = "`voice_not_configured`: no API key or TwiML App is configured (the detail names the variable); `store_unavailable`", body = ProblemBody, content_type = "application/problem+json"),
    ),
)]
pub(crate) async fn token(
    state: web::Data<AppState>,
    actor: Authenticated,
    Query(q): Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let ttl = optional("ttl", q.ttl.as_deref(), |raw| {
        raw.parse::<i64>()
            .ok()
            .filter(|n| (60..=86_400).contains(n))
            .ok_or("must be a whole number of seconds from 60 to 86400")
    })?
    .unwrap_or(3600);
    let minter = state.voice_tokens.as_ref().map_err(|missing| {
        ApiError::refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "voice_not_configured",
            format!("browser calling is not configured: set {missing}"),
        )
    })?;
    let user = &actor.0.user_id;
    let identity = state.calls.browser_identity(user).await?;
    let numbers = state.calls.caller_ids(user).await?;
    let now = OffsetDateTime::now_utc();
    let minted = minter
        .mint(identity.as_str(), time::Duration::seconds(ttl), now)
        .map_err(|e| ApiError::InvalidRequest(format!("ttl: {e}")))?;
    Ok(HttpResponse::Ok().json(TokenBody {
        token: minted.token,
        identity: identity.as_str().to_owned(),
        expires_at: minted.expires_at,
        numbers: numbers
            .into_iter()
            .map(|n| n.phone_number.as_str().to_owned())
            .collect(),
    }))
}
