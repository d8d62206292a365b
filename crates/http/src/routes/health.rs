//! Liveness and readiness probes.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::openapi::StoreUnavailable;
use crate::problem::ApiError;
use crate::state::AppState;
use crate::twilio_probe::TwilioReachability;

/// The process serves.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = Health)]
pub(crate) struct HealthBody {
    #[schema(example = "ok")]
    status: &'static str,
}

/// The service can serve: its store answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = Readiness)]
pub(crate) struct ReadyBody {
    #[schema(example = "ready")]
    status: &'static str,
    #[schema(example = "ok")]
    store: &'static str,
    /// Twilio's reachability from a check made at most every 30 seconds; it never makes
    /// the answer 503.
    twilio: TwilioReachability,
}

/// 200 while the process serves.
#[utoipa::path(
    get, path = "/healthz", operation_id = "health", tag = "operations",
    responses((status = 200, description = "The process serves", body = HealthBody)),
)]
pub(crate) async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(HealthBody { status: "ok" })
}

/// 200 when the store answers, else 503. Twilio's reachability is reported from a check
/// made at most every 30 seconds and never makes the answer 503.
#[utoipa::path(
    get, path = "/readyz", operation_id = "readiness", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = ReadyBody),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state.health.ping().await?;
    let twilio = state.twilio_probe.reachability().await;
    Ok(HttpResponse::Ok().json(ReadyBody {
        status: "ready",
        store: "ok",
        twilio,
    }))
}

/// The headers of `GET /healthz`, without its body.
#[utoipa::path(
    head, path = "/healthz", operation_id = "healthHead", tag = "operations",
    responses((status = 200, description = "The process serves")),
)]
pub(crate) async fn healthz_head() -> HttpResponse {
    healthz().await
}

/// The headers of `GET /readyz`, without its body.
#[utoipa::path(
    head, path = "/readyz", operation_id = "readinessHead", tag = "operations",
    responses(
        (status = 200, description = "Ready"),
        (status = 503, description = "`store_unavailable`: the store did not answer"),
    ),
)]
pub(crate) async fn readyz_head(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    readyz(state).await
}
