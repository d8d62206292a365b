//! What every request is built from: the API prefix, account paths and parameter lists.

use switchboard_domain::AccountSid;
use switchboard_domain::telephony::TelephonyError;
use url::Url;

use super::request::{HttpMethod, PlannedRequest};

/// The API version prefix of every path.
pub(crate) const API_PREFIX: &str = "/2010-04-01";

/// A request's parameters, in order, as they are added.
pub(super) struct Params(Vec<(String, String)>);

impl Params {
    pub(super) fn new() -> Self {
        Self(Vec::new())
    }

    pub(super) fn add(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.0.push((key.to_owned(), value.into()));
        self
    }

    pub(super) fn add_opt(&mut self, key: &str, value: Option<impl Into<String>>) -> &mut Self {
        if let Some(value) = value {
            self.add(key, value);
        }
        self
    }

    pub(super) fn add_bool(&mut self, key: &str, value: Option<bool>) -> &mut Self {
        self.add_opt(key, value.map(|b| if b { "true" } else { "false" }))
    }
}

pub(super) fn account_path(account: &AccountSid, rest: &str) -> String {
    format!("{API_PREFIX}/Accounts/{account}/{rest}")
}

pub(super) fn request(
    operation_id: Option<&'static str>,
    path_template: &'static str,
    method: HttpMethod,
    path: String,
    params: Params,
    expected_status: u16,
) -> PlannedRequest {
    PlannedRequest {
        operation_id,
        path_template,
        method,
        path,
        params: params.0,
        expected_status,
    }
}

/// The query of a list answer's `next_page_uri` (a path with its query, relative to the API
/// host), when its path is `expected_path`. Only the query is kept, so the next request goes
/// to the configured base URL and the credentials never go to another host.
///
/// # Errors
/// [`TelephonyError::InvalidResponse`], naming `list`, for any other path.
pub(super) fn next_page_params(
    expected_path: &str,
    next_page_uri: &str,
    list: &str,
) -> Result<Params, TelephonyError> {
    let invalid = || TelephonyError::InvalidResponse {
        reason: format!(
            "next_page_uri {:?} is not this account's {list}",
            next_page_uri.chars().take(200).collect::<String>()
        ),
    };
    let anchor = Url::parse("https://api.twilio.com/").map_err(|_| invalid())?;
    let url = anchor.join(next_page_uri).map_err(|_| invalid())?;
    if url.path() != expected_path {
        return Err(invalid());
    }
    let mut params = Params::new();
    for (key, value) in url.query_pairs() {
        params.add(&key, value);
    }
    Ok(params)
}

/// A time as a list filter's `date-time` value (RFC 3339, UTC, whole seconds).
pub(super) fn date_time(at: time::OffsetDateTime) -> String {
    let at = at
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(at);
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
