//! Twilio's list paging: `PageSize`, `Page`, `PageToken`, and the envelope fields `page`,
//! `page_size`, `start`, `end`, `uri`, `first_page_uri`, `next_page_uri` and
//! `previous_page_uri`.
//!
//! Page tokens are `PA<sid>` (the page after that item) and `PB<sid>` (the page before it),
//! the shape Twilio's tokens have.

use serde_json::{Map, Value, json};

use crate::error::TwilioError;
use crate::form::Params;
use crate::pairs::encode_query;

/// Twilio's default page size for lists.
pub const DEFAULT_PAGE_SIZE: usize = 50;

/// The paging parameters of a list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// Items per page, 1 to 1000.
    pub page_size: usize,
    /// The page number, from 0.
    pub page: usize,
    /// `PageToken`, if any.
    pub token: Option<String>,
}

impl PageRequest {
    /// Reads `PageSize`, `Page` and `PageToken`.
    ///
    /// # Errors
    /// A 400 when `PageSize` or `Page` is not an integer in range.
    pub fn from_params(params: &Params) -> Result<Self, TwilioError> {
        let page_size = page_size(params)?;
        let page = params
            .integer("Page", 0, i64::from(u32::MAX))?
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0);
        Ok(Self {
            page_size,
            page,
            token: params.non_empty("PageToken").map(str::to_owned),
        })
    }
}

/// `PageSize`: 1 to 1000, [`DEFAULT_PAGE_SIZE`] when absent.
///
/// # Errors
/// A 400 when it is not an integer in range.
pub fn page_size(params: &Params) -> Result<usize, TwilioError> {
    Ok(params
        .integer("PageSize", 1, 1000)?
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(DEFAULT_PAGE_SIZE))
}

/// Builds a list envelope over `items` (in list order), whose SIDs `sid_of` gives.
///
/// `path` is the list's path and `filters` the non-paging query parameters to carry into
/// every page URI; the items go under `key`.
pub fn envelope<T>(
    items: &[T],
    sid_of: impl Fn(&T) -> &str,
    render: impl Fn(&T) -> Value,
    request: &PageRequest,
    path: &str,
    filters: &[(String, String)],
    key: &str,
) -> Value {
    let position = |sid: &str| items.iter().position(|item| sid_of(item) == sid);
    let by_page = request.page.saturating_mul(request.page_size);
    let token = request.token.as_deref();
    let offset = if let Some(after) = token.and_then(|t| t.strip_prefix("PA")) {
        position(after).map_or(by_page, |i| i + 1)
    } else if let Some(before) = token.and_then(|t| t.strip_prefix("PB")) {
        position(before).map_or(by_page, |i| i.saturating_sub(request.page_size))
    } else {
        by_page
    }
    .min(items.len());
    let end_index = offset.saturating_add(request.page_size).min(items.len());
    let page_items = &items[offset..end_index];

    let uri = |page: usize, token: Option<String>| {
        let mut query: Vec<(String, String)> = filters.to_vec();
        query.push(("PageSize".to_owned(), request.page_size.to_string()));
        query.push(("Page".to_owned(), page.to_string()));
        if let Some(token) = token {
            query.push(("PageToken".to_owned(), token));
        }
        format!("{path}?{}", encode_query(&query))
    };
    let next = (end_index < items.len())
        .then(|| page_items.last())
        .flatten()
        .map(|last| uri(request.page + 1, Some(format!("PA{}", sid_of(last)))));
    let previous = (offset > 0)
        .then(|| page_items.first())
        .flatten()
        .map(|first| {
            uri(
                request.page.saturating_sub(1),
                Some(format!("PB{}", sid_of(first))),
            )
        });
    let mut object = Map::new();
    object.insert(
        key.to_owned(),
        Value::Array(page_items.iter().map(render).collect()),
    );
    let fields = json!({
        "end": (offset + page_items.len()).saturating_sub(1).max(offset),
        "first_page_uri": uri(0, None),
        "next_page_uri": next,
        "page": request.page,
        "page_size": request.page_size,
        "previous_page_uri": previous,
        "start": offset,
        "uri": uri(request.page, request.token.clone()),
    });
    if let Value::Object(fields) = fields {
        object.extend(fields);
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::{PageRequest, envelope};
    use crate::pairs::encode_query;
    use serde_json::json;

    fn request(page_size: usize, page: usize, token: Option<&str>) -> PageRequest {
        PageRequest {
            page_size,
            page,
            token: token.map(str::to_owned),
        }
    }

    #[test]
    fn pages_walk_forward_and_back_with_tokens() {
        let items = ["PN1", "PN2", "PN3", "PN4", "PN5"];
        let page =
            |r: &PageRequest| envelope(&items, |s| s, |s| json!(s), r, "/L.json", &[], "items");
        let first = page(&request(2, 0, None));
        assert_eq!(first["items"], json!(["PN1", "PN2"]));
        assert_eq!(first["previous_page_uri"], json!(null));
        assert_eq!(
            first["next_page_uri"],
            json!("/L.json?PageSize=2&Page=1&PageToken=PAPN2")
        );
        assert_eq!(
            (first["start"].clone(), first["end"].clone()),
            (json!(0), json!(1))
        );
        let second = page(&request(2, 1, Some("PAPN2")));
        assert_eq!(second["items"], json!(["PN3", "PN4"]));
        assert_eq!(
            second["previous_page_uri"],
            json!("/L.json?PageSize=2&Page=0&PageToken=PBPN3")
        );
        let back = page(&request(2, 0, Some("PBPN3")));
        assert_eq!(back["items"], json!(["PN1", "PN2"]));
        let last = page(&request(2, 2, Some("PAPN4")));
        assert_eq!(last["items"], json!(["PN5"]));
        assert_eq!(last["next_page_uri"], json!(null));
        let empty = page(&request(2, 9, None));
        assert_eq!(empty["items"], json!([]));
    }

    #[test]
    fn query_values_are_form_encoded() {
        let pairs = vec![
            ("PhoneNumber".to_owned(), "+1415".to_owned()),
            ("FriendlyName".to_owned(), "a b&c".to_owned()),
        ];
        assert_eq!(
            encode_query(&pairs),
            "PhoneNumber=%2B1415&FriendlyName=a+b%26c"
        );
    }
}
