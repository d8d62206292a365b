//! Route table: which handler answers which path and method.

mod health;
mod pool;
mod sessions;
mod voice;

use actix_web::{HttpResponse, web};

use crate::problem::ApiError;

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/healthz").route(web::get().to(health::healthz)))
        .service(resource("/readyz").route(web::get().to(health::readyz)))
        .service(
            resource("/v1/voicemail-sessions")
                .route(web::post().to(sessions::create))
                .route(web::get().to(sessions::list)),
        )
        .service(resource("/v1/voicemail-sessions/{id}").route(web::get().to(sessions::get)))
        .service(
            resource("/v1/voicemail-sessions/{id}/expire").route(web::post().to(sessions::expire)),
        )
        .service(
            resource("/v1/pool/numbers")
                .route(web::post().to(pool::add))
                .route(web::get().to(pool::list)),
        )
        .service(resource("/v1/pool/numbers/{phoneNumber}").route(web::delete().to(pool::retire)))
        .service(
            resource("/webhooks/twilio/voice")
                .route(web::post().to(voice::inbound))
                .route(web::get().to(voice::inbound)),
        );
}

fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

async fn method_not_allowed() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed)
}

pub(crate) async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound("no such route"))
}
