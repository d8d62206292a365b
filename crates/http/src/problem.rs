//! RFC 9457 problem+json: every error the API answers, in one place.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use switchboard_domain::StoreError;
use switchboard_domain::telephony::TelephonyError;
use time::Duration;

/// An error answered to an API client. Internal causes are logged, never sent.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Malformed JSON, a failed validation, a bad query parameter: `detail` names the field.
    #[error("{0}")]
    InvalidRequest(String),
    /// No valid bearer token.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// Authenticated but not allowed.
    #[error("{0}")]
    Forbidden(&'static str),
    /// No such resource, or not the caller's.
    #[error("{0}")]
    NotFound(&'static str),
    /// The request conflicts with the current state.
    #[error("{detail}")]
    Conflict {
        /// Stable machine-readable code.
        code: &'static str,
        /// What happened.
        detail: String,
    },
    /// The body is larger than the limit.
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body is not of a supported media type.
    #[error("{0}")]
    UnsupportedMediaType(&'static str),
    /// Too many requests.
    #[error("too many requests; retry after {retry_after_secs} s")]
    RateLimited {
        /// Whole seconds to wait.
        retry_after_secs: u64,
    },
    /// A Twilio webhook without a valid signature.
    #[error("the X-Twilio-Signature header is missing or does not match the request")]
    InvalidSignature,
    /// The method is not allowed on this route.
    #[error("this route allows only {allow}")]
    MethodNotAllowed {
        /// The methods the route allows, as an `Allow` header value.
        allow: String,
    },
    /// The store failed; the request changed nothing.
    #[error("the service's database is unavailable; retry later")]
    StoreUnavailable(#[source] StoreError),
    /// A refusal with its own status and code (`caller_id_not_owned`, `call_rejected`, ...),
    /// with Twilio's error code when Twilio refused.
    #[error("{detail}")]
    Refused {
        /// The HTTP status.
        status: StatusCode,
        /// Stable machine-readable code.
        code: &'static str,
        /// What happened.
        detail: String,
        /// Twilio's error code (`twilioCode`), when Twilio refused.
        twilio_code: Option<u32>,
    },
    /// Twilio failed, refused, or could not be reached (502), or is throttling us (503).
    #[error("{detail}")]
    Upstream {
        /// 502 or 503.
        status: StatusCode,
        /// Stable machine-readable code (`twilio_unavailable`, `twilio_auth_failed`, ...).
        code: &'static str,
        /// What happened, in Twilio's words where it gave any; never credentials.
        detail: String,
        /// Whole seconds to wait, when known.
        retry_after_secs: Option<u64>,
    },
}

impl ApiError {
    /// A rate-limit refusal, rounding the wait up to whole seconds (at least 1).
    #[must_use]
    pub fn rate_limited(retry_after: Duration) -> Self {
        Self::RateLimited {
            retry_after_secs: whole_seconds_up(retry_after),
        }
    }

    /// The stable machine-readable code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidRequest(_) => "invalid_request",
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::Conflict { code, .. } => code,
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::RateLimited { .. } => "rate_limited",
            Self::InvalidSignature => "invalid_signature",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::StoreUnavailable(_) => "store_unavailable",
            Self::Upstream { code, .. } | Self::Refused { code, .. } => code,
        }
    }

    /// A refusal of `status` with `code`.
    #[must_use]
    pub fn refused(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self::Refused {
            status,
            code,
            detail: detail.into(),
            twilio_code: None,
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::InvalidRequest(_) => "Invalid request",
            Self::Unauthorized(_) => "Unauthorized",
            Self::Forbidden(_) => "Forbidden",
            Self::NotFound(_) => "Not found",
            Self::Conflict { .. } => "Conflict",
            Self::PayloadTooLarge { .. } => "Payload too large",
            Self::UnsupportedMediaType(_) => "Unsupported media type",
            Self::RateLimited { .. } => "Too many requests",
            Self::InvalidSignature => "Invalid webhook signature",
            Self::MethodNotAllowed { .. } => "Method not allowed",
            Self::StoreUnavailable(_) => "Service unavailable",
            Self::Upstream { .. } => "Twilio request failed",
            Self::Refused { status, .. } => status.canonical_reason().unwrap_or("Refused"),
        }
    }
}

impl From<TelephonyError> for ApiError {
    fn from(e: TelephonyError) -> Self {
        let upstream = |status, code, retry_after: Option<Duration>| Self::Upstream {
            status,
            code,
            detail: e.to_string(),
            retry_after_secs: retry_after.map(whole_seconds_up),
        };
        match &e {
            TelephonyError::NoNumbersAvailable { .. } => Self::Conflict {
                code: "no_numbers_available",
                detail: e.to_string(),
            },
            TelephonyError::InvalidTo { message } => {
                Self::InvalidRequest(format!("to: Twilio rejected the number: {message}"))
            }
            TelephonyError::AuthFailed => {
                upstream(StatusCode::BAD_GATEWAY, "twilio_auth_failed", None)
            }
            TelephonyError::RateLimited { retry_after } => upstream(
                StatusCode::SERVICE_UNAVAILABLE,
                "twilio_rate_limited",
                Some(retry_after.unwrap_or(Duration::seconds(1))),
            ),
            TelephonyError::Unavailable { retry_after, .. } => {
                upstream(StatusCode::BAD_GATEWAY, "twilio_unavailable", *retry_after)
            }
            TelephonyError::InvalidResponse { .. } => {
                upstream(StatusCode::BAD_GATEWAY, "twilio_unavailable", None)
            }
            TelephonyError::NotFound | TelephonyError::Rejected { .. } => {
                upstream(StatusCode::BAD_GATEWAY, "twilio_rejected", None)
            }
        }
    }
}

/// Whole seconds, rounded up, at least 1.
fn whole_seconds_up(d: Duration) -> u64 {
    let secs = d.whole_seconds() + i64::from(d.subsec_nanoseconds() > 0);
    u64::try_from(secs.max(1)).unwrap_or(1)
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        Self::StoreUnavailable(e)
    }
}

/// An RFC 9457 problem: the body of every error answer.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Problem)]
pub(crate) struct Problem<'a> {
    /// `urn:switchboard:problem:` followed by `code`.
    #[serde(rename = "type")]
    #[schema(example = "urn:switchboard:problem:invalid_request")]
    kind: String,
    /// A short, human summary of the kind of problem.
    #[schema(example = "Invalid request")]
    title: &'a str,
    /// The HTTP status code.
    #[schema(example = 400)]
    status: u16,
    /// What went wrong with this request; for `invalid_request`, the field first.
    #[schema(example = "expiresInMinutes: must be an integer, not a string")]
    detail: String,
    /// A stable, machine-readable snake_case code; each response lists the codes it may have.
    #[schema(example = "invalid_request")]
    code: &'a str,
    /// The request's id, as in its `X-Request-Id` response header.
    #[schema(example = "0193a5e4-7c1f-7d2e-9b3a-5f6e7d8c9b0a")]
    request_id: String,
    /// Twilio's error code, on `call_rejected` and other refusals Twilio made.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 21211)]
    twilio_code: Option<u32>,
}

impl<'a> Problem<'a> {
    /// A problem of `status`, with its stable `code`, for the request being answered.
    pub(crate) fn new(status: StatusCode, code: &'a str, title: &'a str, detail: String) -> Self {
        Self {
            kind: format!("urn:switchboard:problem:{code}"),
            title,
            status: status.as_u16(),
            detail,
            code,
            request_id: crate::request_scope::current().unwrap_or_default(),
            twilio_code: None,
        }
    }
}

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::InvalidRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) | Self::InvalidSignature => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::StoreUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Upstream { status, .. } | Self::Refused { status, .. } => *status,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        match self {
            Self::StoreUnavailable(cause) => {
                tracing::error!(error = %cause, cause = ?std::error::Error::source(cause), "store unavailable");
            }
            Self::Upstream { code, detail, .. } => {
                tracing::warn!(code, detail, "twilio request failed");
            }
            _ => {}
        }
        let code = self.code();
        let mut body = Problem::new(status, code, self.title(), self.to_string());
        if let Self::Refused { twilio_code, .. } = self {
            body.twilio_code = *twilio_code;
        }
        let mut response = HttpResponse::build(status);
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        match self {
            Self::RateLimited { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            Self::StoreUnavailable(_) => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("5")));
            }
            Self::Upstream {
                retry_after_secs: Some(secs),
                ..
            } => {
                response.insert_header((header::RETRY_AFTER, secs.to_string()));
            }
            Self::MethodNotAllowed { allow } => {
                response.insert_header((header::ALLOW, allow.as_str()));
            }
            Self::Unauthorized(_) => {
                response
                    .insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            _ => {}
        }
        // Serialising a struct of strings cannot fail; fall back to an empty object anyway.
        response.body(serde_json::to_string(&body).unwrap_or_else(|_| "{}".to_owned()))
    }
}
