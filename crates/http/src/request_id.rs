//! The edge of every request: its id (`X-Request-Id`, the client's when sane, else a new
//! UUIDv7), the tracing span every log line of the request carries it in, one access log
//! line, its count and duration in the metrics, and problem+json with `requestId` for every error answer, the framework's own
//! included.

use std::sync::Arc;
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};
use tracing::Instrument;

use crate::problem::{PROBLEM_JSON, Problem};
use crate::request_scope::CURRENT;
use crate::state::AppState;

/// The request-id header, read from clients and set on every response.
const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The longest client-supplied request id kept.
const MAX_REQUEST_ID_LEN: usize = 128;

/// This request's id.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RequestId(String);

impl RequestId {
    /// The client's id when it is 1..=128 visible ASCII characters, else a new UUIDv7.
    fn from_client(value: Option<&HeaderValue>) -> Self {
        let sane = value.map(HeaderValue::as_bytes).filter(|bytes| {
            (1..=MAX_REQUEST_ID_LEN).contains(&bytes.len())
                && bytes.iter().all(|b| b.is_ascii_graphic())
        });
        match sane {
            // Visible ASCII is valid UTF-8.
            Some(bytes) => Self(String::from_utf8_lossy(bytes).into_owned()),
            None => Self(uuid::Uuid::now_v7().to_string()),
        }
    }

    /// The id.
    fn as_str(&self) -> &str {
        &self.0
    }
}

/// The middleware: see the module documentation.
pub(crate) async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let id = RequestId::from_client(req.headers().get(REQUEST_ID_HEADER));
    let method = req.method().clone();
    // The pattern, never the raw path: ids and phone numbers stay out of the logs' fields.
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let metrics = req
        .app_data::<actix_web::web::Data<AppState>>()
        .map(|state| Arc::clone(&state.metrics));
    let span = tracing::info_span!("request", request_id = %id.as_str(), %method, %route);
    // Handlers' and extractors' errors arrive as responses; an `Err` here would come from
    // a middleware inside this one (there is none), so it is passed on as it is. The request
    // is not cloned to keep it: routing needs it unshared.
    let response = CURRENT
        .scope(id.0.clone(), next.call(req).instrument(span.clone()))
        .await?
        .map_into_boxed_body();
    let status = response.status();
    let elapsed = started.elapsed();
    if let Some(metrics) = metrics {
        metrics.request(&method, &route, status.as_u16(), elapsed);
    }
    span.in_scope(|| {
        tracing::info!(
            status = status.as_u16(),
            elapsed_ms = elapsed.as_secs_f64() * 1000.0,
            "served"
        );
    });
    let mut response = if status.is_client_error() || status.is_server_error() {
        with_problem_body(response, &id)
    } else {
        response
    };
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    Ok(response)
}

/// The error answer as problem+json carrying `requestId`: ours already are (they are
/// written inside the request's scope); anything else (the framework's own errors) is
/// replaced by a problem named for its status.
fn with_problem_body(
    response: ServiceResponse<BoxBody>,
    id: &RequestId,
) -> ServiceResponse<BoxBody> {
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    if is_problem {
        return response;
    }
    let (request, response) = response.into_parts();
    let status = response.status();
    let body = CURRENT.sync_scope(id.0.clone(), || {
        serde_json::to_vec(&generic_problem(status))
    });
    let mut response: HttpResponse = response.set_body(BoxBody::new(body.unwrap_or_default()));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    ServiceResponse::new(request, response)
}

/// A problem for an error answer the handlers did not write, named for its status.
fn generic_problem(status: StatusCode) -> Problem<'static> {
    let code = match status.as_u16() {
        400 => "invalid_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        431 => "request_header_fields_too_large",
        503 => "service_unavailable",
        s if s >= 500 => "internal_error",
        _ => "invalid_request",
    };
    let title = status.canonical_reason().unwrap_or("Error");
    let detail = if status.is_server_error() {
        "the service failed to answer this request; retry later"
    } else {
        "the request could not be processed as sent"
    };
    Problem::new(status, code, title, detail.to_owned())
}
