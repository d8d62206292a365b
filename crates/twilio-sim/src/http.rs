//! HTTP plumbing the Twilio routes (the `server` module) and the control routes (the
//! `control` module) share: Basic credentials and whom they identify, status codes, and
//! Twilio's error response.

use actix_web::http::StatusCode;
use actix_web::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use actix_web::{HttpRequest, HttpResponse};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::error::TwilioError;
use crate::state::{ApiKeyKind, Shared, SimState};

/// Who made the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Principal {
    /// The account's own SID and auth token.
    Account,
    /// An API key.
    Key(ApiKeyKind),
    /// Nobody (only for unauthenticated recording media).
    Anonymous,
}

/// `status` as an actix status code (500 for a number that is not one).
pub(crate) fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Twilio's answer for `error` (with `WWW-Authenticate` on a 401).
pub(crate) fn error_response(error: &TwilioError) -> HttpResponse {
    let mut response = HttpResponse::build(status_code(error.status));
    if error.status == 401 {
        response.insert_header((WWW_AUTHENTICATE, "Basic realm=\"Twilio API\""));
    }
    response
        .content_type("application/json")
        .body(error.body().to_string())
}

/// The Basic-auth `(username, password)`, if the header is well formed.
pub(crate) fn basic_credentials(request: &HttpRequest) -> Option<(String, String)> {
    let header = request.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = BASE64.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// Who `credentials` identify: the account or one of its API keys; a 401 otherwise.
pub(crate) fn authenticate(
    shared: &Shared,
    state: &SimState,
    credentials: Option<&(String, String)>,
) -> Result<Principal, TwilioError> {
    let (user, password) = credentials.ok_or_else(TwilioError::authenticate)?;
    if *user == shared.config.account_sid && *password == shared.config.auth_token {
        return Ok(Principal::Account);
    }
    match state.api_keys.get(user) {
        Some((secret, kind)) if secret == password => Ok(Principal::Key(*kind)),
        _ => Err(TwilioError::authenticate()),
    }
}
