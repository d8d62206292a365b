//! Cursor paging shared by the listings: every listing is newest first by
//! `(created_at, key)` and fetches one row more than the page to know whether another follows
//! (see [`Page::from_overfetch`](switchboard_domain::Page::from_overfetch)).

use switchboard_domain::{PageCursor, PageRequest, StoreError};
use time::OffsetDateTime;
use uuid::Uuid;

/// The cursor of a listing keyed by a UUID, as `(created_at, id)`; `None` on the first page.
/// `context` says what was being listed, `item` what the key should name.
pub(crate) fn after_id(
    after: Option<&PageCursor>,
    context: &str,
    item: &str,
) -> Result<Option<(OffsetDateTime, Uuid)>, StoreError> {
    after
        .map(|cursor| {
            Uuid::try_parse(&cursor.key)
                .map(|id| (cursor.created_at, id))
                .map_err(|_| StoreError::msg(format!("{context}: the cursor does not name {item}")))
        })
        .transpose()
}

/// How many rows to fetch for `page`: its size plus one.
pub(crate) fn overfetch(page: &PageRequest) -> i64 {
    i64::from(page.limit) + 1
}
