//! The Twilio webhook extractor: no handler sees a webhook whose `X-Twilio-Signature` does
//! not match. The URL checked is the configured public base URL plus the raw path and query
//! as received, so the app validates correctly behind a TLS-terminating proxy.

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest, web};
use futures::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::BODY_LIMIT;
use crate::body::{media_type, read_limited};
use crate::problem::ApiError;
use crate::state::AppState;

use switchboard_twilio::{SIGNATURE_HEADER, WebhookValidator, parse_form};

/// A webhook request whose signature has been checked, with its form (the body of a POST,
/// the query of a GET; empty for a JSON body).
#[derive(Debug, Clone)]
pub(crate) struct TwilioWebhook {
    form: Bytes,
}

impl TwilioWebhook {
    /// The parameters decoded into `T` (which takes the ones it names and ignores the
    /// rest: Twilio adds parameters over time). A parameter given twice is a 400.
    pub(crate) fn form<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        // The same decoder as the pairs the signature covered (form_urlencoded's).
        crate::input::form(&self.form, "parameter")
    }

    /// The form as received (what the signature covered).
    pub(crate) fn raw_form(&self) -> &[u8] {
        &self.form
    }
}

impl FromRequest for TwilioWebhook {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or(ApiError::InvalidSignature)?;
            let body = read_limited(&req, &mut payload, BODY_LIMIT).await?;
            let signature = req
                .headers()
                .get(SIGNATURE_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|s| !s.is_empty());
            let Some(signature) = signature else {
                tracing::warn!(path = req.path(), "webhook without a signature refused");
                return Err(ApiError::InvalidSignature);
            };
            let path_and_query = req
                .uri()
                .path_and_query()
                .map_or_else(|| req.path(), |pq| pq.as_str());
            let request = SignedRequest {
                url: &format!("{}{}", state.webhooks.public_base_url, path_and_query),
                is_get: req.method() == Method::GET,
                is_json: media_type(&req).is_some_and(|m| m == "application/json"),
                query: req.query_string().as_bytes(),
                body,
            };
            check(&state.webhooks.validator, &request, signature).inspect_err(|_| {
                tracing::warn!(
                    path = req.path(),
                    "webhook with an invalid signature refused"
                );
            })
        })
    }
}

/// What a webhook's signature covers: the public URL it was made to (base URL plus the raw
/// path and query), how it was sent, its query and its body.
#[derive(Debug)]
pub(crate) struct SignedRequest<'a> {
    /// The configured public base URL plus the raw path and query.
    pub url: &'a str,
    /// A GET: the parameters are the query, the body is not signed.
    pub is_get: bool,
    /// An `application/json` body: signed through the URL's `bodySHA256`.
    pub is_json: bool,
    /// The raw query string.
    pub query: &'a [u8],
    /// The raw body.
    pub body: Bytes,
}

/// Checks `signature` over `request` and returns the form handlers read (the body of a
/// POST, the query of a GET; empty for a JSON body), or 403 `invalid_signature`.
pub(crate) fn check(
    validator: &WebhookValidator,
    request: &SignedRequest<'_>,
    signature: &str,
) -> Result<TwilioWebhook, ApiError> {
    let (valid, form) = if request.is_get {
        (
            validator.validate_form(request.url, &[], signature),
            Bytes::copy_from_slice(request.query),
        )
    } else if request.is_json {
        (
            validator.validate_json_body(request.url, &request.body, signature),
            Bytes::new(),
        )
    } else {
        // The pairs the signature covers are the pairs handlers read: one decoder
        // (form_urlencoded's) for both.
        let params = parse_form(&request.body);
        (
            validator.validate_form(request.url, &params, signature),
            request.body.clone(),
        )
    };
    if valid {
        Ok(TwilioWebhook { form })
    } else {
        Err(ApiError::InvalidSignature)
    }
}
