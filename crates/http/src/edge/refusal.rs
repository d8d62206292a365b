//! The answers the edge writes itself, before any request reaches the application: a
//! problem+json body with `code` and a new `requestId` (also in `X-Request-Id`), on a
//! response that closes the connection.

use std::time::Duration;

use actix_http::StatusCode;
use actix_http::error::ParseError;
use time::OffsetDateTime;
use time::macros::format_description;

use crate::problem::{PROBLEM_JSON, Problem};
use crate::request_scope::CURRENT;

/// A request head the edge refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    status: StatusCode,
    code: &'static str,
    detail: String,
}

impl Refusal {
    /// A head actix-http cannot parse: 400 `malformed_request`, saying what was wrong.
    pub(super) fn malformed(error: &ParseError) -> Self {
        let detail = match error {
            ParseError::Method => "the method is not a valid HTTP method token",
            ParseError::Uri(_) => {
                "the request target is not a valid URI: spaces, quotes, <, >, {, } and other characters outside the URI syntax must be percent-encoded"
            }
            ParseError::Version => {
                "the request line is not `METHOD target HTTP/1.1`: a space inside the target, or an HTTP version other than 1.0 and 1.1"
            }
            ParseError::Header => {
                "the request line or a header field is malformed: a character not allowed there, a line without a colon, no Host header (HTTP/1.1), or a Content-Length or Transfer-Encoding that does not frame the body"
            }
            ParseError::Utf8(_) => "a header field the service reads is not valid UTF-8",
            _ => "the request head is not valid HTTP/1.1",
        };
        Self {
            status: StatusCode::BAD_REQUEST,
            code: "malformed_request",
            detail: detail.to_owned(),
        }
    }

    /// A request target over the limit: 414 `uri_too_long`.
    pub(super) fn uri_too_long(limit: usize) -> Self {
        Self {
            status: StatusCode::URI_TOO_LONG,
            code: "uri_too_long",
            detail: format!("the request target (path and query) is longer than {limit} bytes"),
        }
    }

    /// A head over the size limit: 431 `request_header_fields_too_large`.
    pub(super) fn head_too_large(limit: usize) -> Self {
        Self::headers_too_large(format!(
            "the request line and header fields are larger than {limit} bytes in all"
        ))
    }

    /// A head with too many header fields: 431 `request_header_fields_too_large`.
    pub(super) fn too_many_fields(limit: usize) -> Self {
        Self::headers_too_large(format!("the request has more than {limit} header fields"))
    }

    fn headers_too_large(detail: String) -> Self {
        Self {
            status: StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            code: "request_header_fields_too_large",
            detail,
        }
    }

    /// A head that did not arrive in time: 408 `request_timeout`.
    pub(super) fn head_timeout(limit: Duration) -> Self {
        Self {
            status: StatusCode::REQUEST_TIMEOUT,
            code: "request_timeout",
            detail: format!(
                "the request head did not arrive in full within {}",
                seconds(limit)
            ),
        }
    }

    /// The HTTP status.
    pub(super) fn status(&self) -> StatusCode {
        self.status
    }

    /// The stable code.
    pub(super) fn code(&self) -> &'static str {
        self.code
    }

    /// The whole HTTP/1.1 response, carrying `request_id`, dated `now`.
    pub(super) fn response(&self, request_id: &str, now: OffsetDateTime) -> Vec<u8> {
        // The problem takes its `requestId` from the request's scope.
        let body = CURRENT
            .sync_scope(request_id.to_owned(), || {
                // Titled by the status's reason phrase, as the framework's own errors are.
                let title = self.status.canonical_reason().unwrap_or("Error");
                let problem = Problem::new(self.status, self.code, title, self.detail.clone());
                serde_json::to_vec(&problem)
            })
            .unwrap_or_else(|_| b"{}".to_vec());
        let date = now
            .to_offset(time::UtcOffset::UTC)
            .format(format_description!(
                "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
            ))
            .unwrap_or_default();
        let mut response = format!(
            "HTTP/1.1 {} {}\r\ncontent-type: {PROBLEM_JSON}\r\ncontent-length: {}\r\nx-request-id: {request_id}\r\nconnection: close\r\ndate: {date}\r\n\r\n",
            self.status.as_u16(),
            self.status.canonical_reason().unwrap_or(""),
            body.len(),
        )
        .into_bytes();
        response.extend_from_slice(&body);
        response
    }
}

/// `5 s`, `1.5 s`, `0.25 s`.
pub(super) fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(response: &[u8]) -> (String, serde_json::Value) {
        let text = String::from_utf8(response.to_vec()).expect("ASCII");
        let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
        (
            head.to_owned(),
            serde_json::from_str(body).expect("a JSON body"),
        )
    }

    #[test]
    fn a_refusal_is_a_closing_problem_json_response_carrying_its_request_id() {
        let now = OffsetDateTime::from_unix_timestamp(784_111_777).expect("a time");
        let response = Refusal::uri_too_long(8192).response("id-1", now);
        let (head, body) = split(&response);
        assert_eq!(
            head,
            format!(
                "HTTP/1.1 414 URI Too Long\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\nx-request-id: id-1\r\nconnection: close\r\ndate: Sun, 06 Nov 1994 08:49:37 GMT",
                body.to_string().len()
            )
        );
        assert_eq!(
            body,
            serde_json::json!({
                "type": "urn:switchboard:problem:uri_too_long",
                "title": "URI Too Long",
                "status": 414,
                "detail": "the request target (path and query) is longer than 8192 bytes",
                "code": "uri_too_long",
                "requestId": "id-1",
            })
        );
    }

    #[test]
    fn each_refusal_has_its_status_and_code() {
        let cases = [
            (
                Refusal::malformed(&ParseError::Method),
                400,
                "malformed_request",
            ),
            (
                Refusal::head_too_large(16),
                431,
                "request_header_fields_too_large",
            ),
            (
                Refusal::too_many_fields(96),
                431,
                "request_header_fields_too_large",
            ),
            (
                Refusal::head_timeout(Duration::from_millis(1500)),
                408,
                "request_timeout",
            ),
        ];
        for (refusal, status, code) in cases {
            assert_eq!((refusal.status().as_u16(), refusal.code()), (status, code));
        }
        assert_eq!(
            Refusal::head_timeout(Duration::from_millis(1500)).detail,
            "the request head did not arrive in full within 1.5 s"
        );
    }
}
