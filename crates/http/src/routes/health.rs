//! Liveness and readiness probes.

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::problem::ApiError;
use crate::state::AppState;

/// 200 while the process serves.
pub(crate) async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// 200 when the store answers, else 503. Twilio's reachability is reported from a check
/// made at most every 30 seconds and never makes the answer 503.
pub(crate) async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state.health.ping().await?;
    let twilio = state.twilio_probe.reachability().await;
    Ok(HttpResponse::Ok().json(json!({
        "status": "ready",
        "store": "ok",
        "twilio": twilio.as_str(),
    })))
}
