//! Reading answers: JSON bodies with their status, RFC 9457 problems, RFC 3339 timestamps.

use reqwest::Response;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The body of `response` as JSON, asserting its status first.
///
/// # Panics
/// When the status differs or the body is not JSON.
pub async fn json_of(response: Response, status: u16) -> Value {
    let actual = response.status().as_u16();
    let text = response.text().await.expect("read the response body");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// An RFC 9457 error as answered, with the headers that came with it.
#[derive(Debug)]
pub struct Problem {
    /// The machine-readable `code`.
    pub code: String,
    /// The whole body.
    pub body: Value,
    /// The response headers.
    pub headers: HeaderMap,
}

impl Problem {
    /// The `detail` member.
    #[must_use]
    pub fn detail(&self) -> &str {
        self.body["detail"].as_str().unwrap_or_default()
    }
}

/// Asserts `response` is an `application/problem+json` error with `status` and every RFC 9457
/// member plus `code`, and returns it.
///
/// # Panics
/// When any of that does not hold.
pub async fn problem(response: Response, status: u16) -> Problem {
    let headers = response.headers().clone();
    let body = json_of(response, status).await;
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/problem+json"),
        "content type {content_type:?} of {body}"
    );
    for member in ["type", "title", "detail", "code"] {
        assert!(
            body[member].as_str().is_some_and(|s| !s.is_empty()),
            "`{member}` missing or empty in {body}"
        );
    }
    assert_eq!(body["status"], json!(status), "`status` member of {body}");
    let code = body["code"].as_str().unwrap_or_default().to_owned();
    assert!(
        code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
        "code {code:?} is not snake_case"
    );
    Problem {
        code,
        body,
        headers,
    }
}

/// Asserts `response` is a problem+json error with `status`, and returns its `code`.
pub async fn assert_problem(response: Response, status: u16) -> String {
    problem(response, status).await.code
}

/// Parses an RFC 3339 timestamp member.
///
/// # Panics
/// When `value` is not an RFC 3339 string.
#[must_use]
pub fn timestamp(value: &Value) -> OffsetDateTime {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("{value} is not a string"));
    OffsetDateTime::parse(text, &Rfc3339).unwrap_or_else(|e| panic!("{text}: {e}"))
}
