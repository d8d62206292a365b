//! Idempotent POSTs (`Idempotency-Key`): a request claims its key in the store, runs once,
//! and its response is kept and replayed to retries with the same body, so every replica
//! answers a retry the same way.

use actix_web::body::MessageBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use switchboard_domain::Actor;
use switchboard_domain::idempotency::{Claim, IdempotencyKey, KeyClaim, StoredResponse};

use crate::problem::{ApiError, PROBLEM_JSON};
use crate::state::AppState;

/// The header a replayed response carries.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// The `Idempotency-Key` request header: 1 to 255 printable ASCII characters.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub(crate) struct IdempotencyKeyHeader {
    /// Makes the request safe to retry: the same key with the same body answers the first
    /// response again (with `Idempotent-Replayed: true`) and does nothing again. Keys are
    /// the caller's own and live 24 hours.
    #[param(
        rename = "Idempotency-Key",
        min_length = 1,
        max_length = 255,
        pattern = "^[\\x20-\\x7e]+$"
    )]
    #[expect(
        dead_code,
        reason = "documents the header; the value is read from the request"
    )]
    key: Option<String>,
}

impl IdempotencyKeyHeader {
    /// The request's key, if it sent one.
    pub(crate) fn from_request(req: &HttpRequest) -> Result<Option<IdempotencyKey>, ApiError> {
        match req.headers().get("idempotency-key") {
            None => Ok(None),
            Some(value) => value
                .to_str()
                .ok()
                .and_then(|v| IdempotencyKey::parse(v).ok())
                .map(Some)
                .ok_or_else(|| {
                    ApiError::InvalidRequest(
                        "Idempotency-Key: must be 1 to 255 printable ASCII characters".into(),
                    )
                }),
        }
    }
}

/// The id of the record a keyed request creates, the same for every attempt with the same
/// key (a UUIDv8 from the SHA-256 of user, operation and key): a retry after a lost answer
/// meets the first attempt's record and settles it instead of acting twice. `None` without
/// a key.
pub(crate) fn attempt_id(
    actor: &Actor,
    operation: &str,
    key: Option<&IdempotencyKey>,
) -> Option<uuid::Uuid> {
    use sha2::{Digest, Sha256};
    let key = key?;
    let mut hash = Sha256::new();
    for part in [actor.user_id.as_str(), operation, key.as_str()] {
        hash.update(part.len().to_be_bytes());
        hash.update(part.as_bytes());
    }
    let digest = hash.finalize();
    let mut bytes = [0_u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Some(uuid::Builder::from_custom_bytes(bytes).into_uuid())
}

/// Whether a response is kept for replay: everything below 500 but 429 and a key in use.
fn kept(status: StatusCode, code: Option<&str>) -> bool {
    status.as_u16() < 500
        && status != StatusCode::TOO_MANY_REQUESTS
        && code != Some("idempotency_key_in_use")
}

fn replay(stored: StoredResponse) -> HttpResponse {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let content_type = if status.is_success() {
        "application/json"
    } else {
        PROBLEM_JSON
    };
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((REPLAYED, HeaderValue::from_static("true")))
        .body(stored.body)
}

/// Runs `run` at most once per `key` (when the request has one) for `actor` and
/// `operation`, replaying its kept response to retries with the same `fingerprint`.
///
/// # Errors
/// 409 `idempotency_key_in_use` while the first request runs, 422 `idempotency_key_reused`
/// for another body, 503 when the store fails; otherwise what `run` answers.
pub(crate) async fn idempotent(
    state: &AppState,
    actor: &Actor,
    operation: &str,
    key: Option<IdempotencyKey>,
    fingerprint: String,
    run: impl AsyncFnOnce() -> Result<HttpResponse, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let Some(key) = key else {
        return run().await;
    };
    let claim = KeyClaim {
        user: actor.user_id.clone(),
        operation: operation.to_owned(),
        key,
        fingerprint,
        now: state.calls.now(),
    };
    match state.idempotency.claim(&claim).await? {
        Claim::Claimed => {}
        Claim::Replay(stored) => return Ok(replay(stored)),
        Claim::InUse => {
            return Err(ApiError::Conflict {
                code: "idempotency_key_in_use",
                detail: "a request with this Idempotency-Key is still running; retry later".into(),
            });
        }
        Claim::Mismatch => {
            return Err(ApiError::refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "Idempotency-Key: already used with another request body",
            ));
        }
    }
    let response = match run().await {
        Ok(response) => response,
        Err(e) => actix_web::ResponseError::error_response(&e),
    };
    let status = response.status();
    let (head, body) = response.into_parts();
    let bytes = body.try_into_bytes().unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let code = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_owned));
    if kept(status, code.as_deref()) {
        let stored = StoredResponse {
            status: status.as_u16(),
            body: text,
        };
        if let Err(e) = state.idempotency.finish(&claim, &stored).await {
            // The effect happened; the answer is still the request's own. A retry after
            // this may find the key unfinished (409) until the claim lapses.
            tracing::warn!(error = %e, "could not keep an idempotent response");
        }
    } else if let Err(e) = state.idempotency.release(&claim).await {
        tracing::warn!(error = %e, "could not release an idempotency key");
    }
    Ok(head.set_body(bytes).map_into_boxed_body())
}
