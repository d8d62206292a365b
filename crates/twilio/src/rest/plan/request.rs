//! A planned request: its method, path and parameters, and where the parameters travel.

use std::fmt;

/// An HTTP method the client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`: parameters go in the query string.
    Get,
    /// `POST`: parameters go in an `application/x-www-form-urlencoded` body.
    Post,
    /// `DELETE`: parameters (none today) go in the query string.
    Delete,
}

impl HttpMethod {
    /// `GET`, `POST` or `DELETE`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a request's parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// In the URL's query string.
    Query,
    /// In an `application/x-www-form-urlencoded` body.
    FormBody,
}

/// One request, ready to send: what the client puts on the wire, minus the host and the
/// `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRequest {
    /// The OpenAPI `operationId` (`CreateCall`, ...), or `None` for the one request that is
    /// not in the spec: downloading recording audio (`Recordings/{Sid}.mp3|.wav`).
    pub operation_id: Option<&'static str>,
    /// The spec's path template (`/2010-04-01/Accounts/{AccountSid}/Calls.json`).
    pub path_template: &'static str,
    /// The method.
    pub method: HttpMethod,
    /// The concrete path, starting with `/2010-04-01`, appended to the base URL's path.
    pub path: String,
    /// Parameters in order; a key repeats for each element of an array parameter
    /// (`StatusCallbackEvent`, `MediaUrl`). Booleans are `true`/`false`.
    pub params: Vec<(String, String)>,
    /// The success status the spec documents (201 create, 200 fetch/update/list, 204 delete).
    pub expected_status: u16,
}

impl PlannedRequest {
    /// Where [`Self::params`] go: the query string for `GET`/`DELETE`, a form body for `POST`.
    #[must_use]
    pub fn param_location(&self) -> ParamLocation {
        match self.method {
            HttpMethod::Post => ParamLocation::FormBody,
            HttpMethod::Get | HttpMethod::Delete => ParamLocation::Query,
        }
    }

    /// The values of a parameter, in order.
    #[must_use]
    pub fn param_values(&self, name: &str) -> Vec<&str> {
        self.params
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A short label for logs and error reasons: `POST /2010-04-01/Accounts/AC…/Calls.json`.
    #[must_use]
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}
