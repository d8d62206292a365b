//! Opaque list cursors and the shared list query (`limit`, `cursor`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use switchboard_domain::{PageCursor, PageRequest};

use crate::input::invalid;
use crate::problem::ApiError;

/// Encodes a cursor for clients.
pub(crate) fn encode(cursor: &PageCursor) -> String {
    URL_SAFE_NO_PAD.encode(cursor.to_token())
}

/// Decodes a client's cursor; `valid_key` checks the key names the listed kind of item.
pub(crate) fn decode(
    token: &str,
    valid_key: impl Fn(&str) -> bool,
) -> Result<PageCursor, ApiError> {
    URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|raw| String::from_utf8(raw).ok())
        .and_then(|text| PageCursor::from_token(&text))
        .filter(|c| valid_key(&c.key))
        .ok_or_else(|| {
            ApiError::InvalidRequest("cursor: not a cursor returned by this list".into())
        })
}

/// `limit` and `cursor` of a list that takes no other parameter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Items per page.
    #[param(value_type = Option<u16>, minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<String>,
    /// The `nextCursor` of the previous page (opaque).
    #[param(pattern = r"^[A-Za-z0-9_-]*$")]
    pub cursor: Option<String>,
}

/// The page requested: `limit` (1..=200, default 50) and `cursor`, which `valid_key` checks
/// names the listed kind of item.
pub(crate) fn page(
    limit: Option<&str>,
    cursor: Option<&str>,
    valid_key: impl Fn(&str) -> bool,
) -> Result<PageRequest, ApiError> {
    let limit = match limit {
        None => PageRequest::DEFAULT_LIMIT,
        Some(raw) => raw
            .parse::<u16>()
            .ok()
            .filter(|l| (1..=PageRequest::MAX_LIMIT).contains(l))
            .ok_or_else(|| {
                invalid(
                    "limit",
                    format!("must be an integer from 1 to {}", PageRequest::MAX_LIMIT),
                )
            })?,
    };
    let after = cursor
        .filter(|c| !c.is_empty())
        .map(|c| decode(c, valid_key))
        .transpose()?;
    Ok(PageRequest { limit, after })
}
