//! Opaque list cursors and the shared list query (`limit`, `cursor`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use switchboard_domain::{PageCursor, PageRequest};

use crate::problem::ApiError;
use crate::routes::invalid;

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

/// `limit` and `cursor` of a list request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListQuery {
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

impl ListQuery {
    /// The page requested, validating `limit` (1..=200, default 50) and `cursor`.
    pub(crate) fn page(&self, valid_key: impl Fn(&str) -> bool) -> Result<PageRequest, ApiError> {
        let limit = match self.limit.as_deref() {
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
        let after = self
            .cursor
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(|c| decode(c, valid_key))
            .transpose()?;
        Ok(PageRequest { limit, after })
    }
}
