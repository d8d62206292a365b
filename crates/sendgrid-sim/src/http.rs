//! SendGrid's answers on the wire: the `{"errors": [{"message", "field"}]}` body, and the
//! Bearer-key check every route shares.

use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{HttpRequest, HttpResponse};
use serde_json::{Value, json};

use crate::spec::Violation;

/// The most errors one answer lists.
const MAX_ERRORS: usize = 20;

/// SendGrid's error body for `errors`.
pub(crate) fn error_body(errors: &[Violation]) -> Value {
    let items: Vec<Value> = errors
        .iter()
        .take(MAX_ERRORS)
        .map(|v| json!({"message": v.message, "field": v.field}))
        .collect();
    json!({ "errors": items })
}

/// An answer with SendGrid's error body.
pub(crate) fn error_response(status: u16, errors: &[Violation]) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .content_type("application/json")
        .body(error_body(errors).to_string())
}

/// One error without a field.
pub(crate) fn general(message: &str) -> Violation {
    Violation {
        field: None,
        message: message.to_owned(),
    }
}

/// Why a request is not authorised, as SendGrid words it; `None` when it carries
/// `Authorization: Bearer <key>` with the stand-in's key (the scheme's case aside).
pub(crate) fn unauthorized(request: &HttpRequest, key: &str) -> Option<Violation> {
    let Some(header) = request.headers().get(AUTHORIZATION) else {
        return Some(general("authorization required"));
    };
    let given = header
        .to_str()
        .ok()
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    if given == Some(key) {
        None
    } else {
        Some(general(
            "The provided authorization grant is invalid, expired, or revoked",
        ))
    }
}
