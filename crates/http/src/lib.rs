//! Switchboard's HTTP application on actix-web: the `/v1` API behind bearer JWTs, Twilio
//! webhooks behind signature validation, health probes, and RFC 9457 problem+json errors.
//!
//! [`app`] builds the whole application from an [`AppState`]; the server crate and the
//! end-to-end tests both call it, so what is tested is what runs.

mod auth;
mod bearer;
mod body;
mod callback_url;
mod cursor;
mod decimal;
pub mod edge;
mod idempotency;
mod input;
mod local_phone;
mod media_url;
mod metrics;
mod openapi;
mod problem;
mod request_id;
mod request_scope;
mod routes;
mod state;
mod twilio_probe;
mod twilio_signature;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, web};

pub use auth::{AuthConfig, Claims, TokenIssuer};
pub use edge::EdgeSettings;
pub use local_phone::{
    EventsFuture, LocalPhone, LocalPhoneError, PhoneCallState, PhoneDirection, PhoneEvent,
    PhoneEventType, PhoneEvents,
};
pub use media_url::MediaSigner;
pub use metrics::Metrics;
pub use problem::ApiError;
#[doc(hidden)]
pub use routes::fuzzing;
pub use routes::{document as openapi_document, document_json as openapi_json, served_routes};
pub use state::{AppState, CallbackUrls, WebhookConfig};
pub use twilio_probe::{TWILIO_PROBE_INTERVAL, TwilioProbe, TwilioReachability};

/// The most bytes any request body may have.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The application: every route, the shared state, request tracing, and problem+json for
/// unknown routes.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    app_unobserved(state).wrap(actix_web::middleware::from_fn(request_id::observe))
}

/// The application without its observing middleware (request ids, the access log line,
/// metrics, problem bodies for the framework's own errors): only for measuring what that
/// middleware costs (`docs/load/middleware.sh`), never to serve.
#[doc(hidden)]
pub fn app_unobserved(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(state))
        .configure(routes::configure)
        .default_service(web::to(routes::not_found))
}
