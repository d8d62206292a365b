//! Liveness and readiness probes.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::problem::ApiError;
use crate::state::AppState;

/// 200 while the process serves.
pub(crate) async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// 200 when the store answers (and Twilio, when configured), else 503.
pub(crate) async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state.health.ping().await?;
    let twilio = match &state.twilio_readiness {
        None => "not checked",
        Some(provider) => {
            provider.account().await.map_err(|e| ApiError::Upstream {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "twilio_unavailable",
                detail: format!("Twilio is not ready: {e}"),
                retry_after_secs: Some(5),
            })?;
            "ok"
        }
    };
    Ok(HttpResponse::Ok().json(json!({
        "status": "ready",
        "checks": { "store": "ok", "twilio": twilio },
    })))
}
