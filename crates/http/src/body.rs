//! Request bodies: read with a size limit, JSON decoded with errors that name the field.

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::web::{Bytes, BytesMut};
use actix_web::{FromRequest, HttpRequest};
use futures::StreamExt;
use futures::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::BODY_LIMIT;
use crate::edge::{BodyCut, body_cut};
use crate::input::{json_fields, json_value};
use crate::problem::ApiError;

/// Reads the whole body, refusing more than `limit` bytes (by `Content-Length` before
/// reading, and while reading for chunked bodies).
pub(crate) async fn read_limited(
    req: &HttpRequest,
    payload: &mut Payload,
    limit: usize,
) -> Result<Bytes, ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let mut body = BytesMut::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| unread_body(req))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Why a body could not be read: the edge's deadline or its malformed chunked encoding
/// (when the edge cut it short), else an error of the connection.
fn unread_body(req: &HttpRequest) -> ApiError {
    match body_cut(req) {
        Some(BodyCut::TimedOut(limit)) => ApiError::refused(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            format!(
                "the request body did not arrive in full within {} s of its head",
                limit.as_secs_f64()
            ),
        ),
        Some(BodyCut::Malformed) => ApiError::refused(
            StatusCode::BAD_REQUEST,
            "malformed_request",
            "the request body's chunked encoding is malformed",
        ),
        None => ApiError::InvalidRequest("the request body could not be read".into()),
    }
}

/// The `Content-Type` essence (`application/json` of `application/json; charset=utf-8`),
/// lower-cased; `None` when absent.
pub(crate) fn media_type(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
}

/// Reads a JSON body with the media type, size and syntax rules of [`JsonBody`].
fn read_json(
    req: &HttpRequest,
    payload: &mut Payload,
    limit: usize,
) -> LocalBoxFuture<'static, Result<serde_json::Value, ApiError>> {
    let req = req.clone();
    let mut payload = payload.take();
    Box::pin(async move {
        match media_type(&req) {
            Some(m) if m == "application/json" || m.ends_with("+json") => {}
            None => {}
            Some(_) => {
                return Err(ApiError::UnsupportedMediaType(
                    "the request body must be application/json",
                ));
            }
        }
        let bytes = read_limited(&req, &mut payload, limit).await?;
        json_value(&bytes)
    })
}

/// A JSON request body of type `T`, read by the rule of [`crate::input`]: malformed JSON,
/// a wrong type or an unknown field is a 400 `invalid_request` saying what was wrong; a body over the limit is a 413;
/// another media type is a 415.
#[derive(Debug)]
pub(crate) struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = read_json(req, payload, BODY_LIMIT);
        Box::pin(async move { Ok(Self(json_fields(value.await?)?)) })
    }
}

/// A [`JsonBody`] with the fingerprint of its JSON value: the SHA-256 of the value with
/// its keys sorted and no whitespace, so that two bodies differing only in whitespace or key
/// order have the same fingerprint (idempotency keys compare bodies by it).
#[derive(Debug)]
/// `LIMIT` is the body limit ([`BODY_LIMIT`] unless a route raises it).
pub(crate) struct FingerprintedJson<T, const LIMIT: usize = BODY_LIMIT>(pub T, pub String);

impl<T: DeserializeOwned + 'static, const LIMIT: usize> FromRequest
    for FingerprintedJson<T, LIMIT>
{
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = read_json(req, payload, LIMIT);
        Box::pin(async move {
            let value = value.await?;
            let fingerprint = fingerprint(&value);
            Ok(Self(json_fields(value)?, fingerprint))
        })
    }
}

/// The canonical digest of a JSON value (serde_json's maps keep keys sorted).
pub(crate) fn fingerprint(value: &serde_json::Value) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(value.to_string().as_bytes());
    crate::input::hex(&digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_whitespace_and_key_order_only() {
        let a: serde_json::Value =
            serde_json::from_str(r#"{"to":"+1","record":true}"#).expect("json");
        let b: serde_json::Value =
            serde_json::from_str("{ \"record\" : true,\n \"to\": \"+1\" }").expect("json");
        let c: serde_json::Value =
            serde_json::from_str(r#"{"to":"+1","record":false}"#).expect("json");
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&a), fingerprint(&c));
    }
}
