//! Cursor paging shared by the listings: every listing is newest first by
//! `(created_at, key)` and fetches one row more than the page to know whether another follows
//! (see [`PageRequest::overfetch`], [`PageRequest::start_after`] and
//! [`Page::from_overfetch`](switchboard_domain::Page::from_overfetch)).

use switchboard_domain::PageRequest;

/// [`PageRequest::overfetch`] as a `LIMIT` bind.
pub(crate) fn overfetch(page: &PageRequest) -> i64 {
    i64::try_from(page.overfetch()).unwrap_or(i64::MAX)
}
