//! `GET /metrics`: the Prometheus text exposition of [`crate::metrics::Metrics`], with the
//! values no request writes (the pool's free and leased numbers, the database pool)
//! measured when scraped.

use actix_web::{HttpResponse, web};

use crate::metrics::CONTENT_TYPE;
use crate::state::AppState;

/// The metrics, in the Prometheus text format (version 0.0.4). Unauthenticated, like the
/// probes: put it behind the network policy that guards your scrape targets.
#[utoipa::path(
    get, path = "/metrics", operation_id = "metrics", tag = "operations",
    responses((
        status = 200,
        description = "`http_requests_total{method,route,status}`, `http_request_duration_seconds`, \
            `webhook_requests_total{kind,outcome}`, `twilio_requests_total{operation,outcome}`, \
            `pool_numbers{state}` (free, leased; counted at each scrape), and the database pool's \
            `db_pool_connections`, `db_pool_idle_connections`, `db_pool_waiting_requests`, \
            `db_pool_max_connections`. When the store does not answer, `pool_numbers` keeps its \
            last values and the rest is still served.",
        body = String,
        content_type = "text/plain; version=0.0.4; charset=utf-8",
    )),
)]
pub(crate) async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    if let Some(pool) = &state.connection_pool {
        state.metrics.connection_pool(pool.status());
    }
    // Leases lapse with time and no write, so the pool is counted now.
    match state.pool.totals().await {
        Ok(totals) => state.metrics.pool(totals.free, totals.leased),
        Err(e) => tracing::warn!(error = %e, "could not count the pool for /metrics"),
    }
    HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .body(state.metrics.encode())
}
