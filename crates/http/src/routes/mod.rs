//! Route table: which handler answers which path and method.

mod health;
mod numbers;
mod pool;
mod sessions;
mod voice;

use actix_web::{HttpResponse, web};

use crate::problem::ApiError;

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/healthz", "GET, HEAD")
            .route(web::get().to(health::healthz))
            .route(web::head().to(health::healthz)),
    )
    .service(
        resource("/readyz", "GET, HEAD")
            .route(web::get().to(health::readyz))
            .route(web::head().to(health::readyz)),
    )
    .service(
        resource("/v1/voicemail-sessions", "GET, POST")
            .route(web::post().to(sessions::create))
            .route(web::get().to(sessions::list)),
    )
    .service(resource("/v1/voicemail-sessions/{id}", "GET").route(web::get().to(sessions::get)))
    .service(
        resource("/v1/voicemail-sessions/{id}/expire", "POST")
            .route(web::post().to(sessions::expire)),
    )
    .service(
        resource("/v1/pool/numbers", "GET, POST")
            .route(web::post().to(pool::add))
            .route(web::get().to(pool::list)),
    )
    .service(
        resource("/v1/pool/numbers/{phoneNumber}", "DELETE").route(web::delete().to(pool::retire)),
    )
    .service(resource("/v1/numbers/available", "GET").route(web::get().to(numbers::search)))
    .service(resource("/v1/numbers/stats", "GET").route(web::get().to(numbers::stats)))
    .service(
        resource("/v1/numbers", "GET, POST")
            .route(web::post().to(numbers::buy))
            .route(web::get().to(numbers::list)),
    )
    .service(
        resource("/v1/numbers/{id}", "GET, PATCH, DELETE")
            .route(web::get().to(numbers::get))
            .route(web::patch().to(numbers::update))
            .route(web::delete().to(numbers::release)),
    )
    .service(resource("/v1/account", "GET").route(web::get().to(numbers::account)))
    .service(
        resource("/webhooks/twilio/voice", "GET, POST")
            .route(web::post().to(voice::inbound))
            .route(web::get().to(voice::inbound)),
    );
}

/// A resource whose other methods answer 405 with an `Allow` header listing `allow`.
fn resource(path: &str, allow: &'static str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(move || async move {
        Err::<HttpResponse, _>(ApiError::MethodNotAllowed { allow })
    }))
}

/// A 400 naming the field that failed.
pub(crate) fn invalid(field: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::InvalidRequest(format!("{field}: {e}"))
}

/// Parses an optional field with `parse`; a failure is a 400 naming `field`.
pub(crate) fn optional<T, E: std::fmt::Display>(
    field: &str,
    raw: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Option<T>, ApiError> {
    raw.map(parse).transpose().map_err(|e| invalid(field, e))
}

pub(crate) async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound("no such route"))
}
