//! Cursor paging over the newest-first indexes: every listing is ordered by
//! `(created_at, key)` descending and reads one item more than the page to know whether
//! another follows (see [`Page::from_overfetch`](switchboard_domain::Page::from_overfetch)).

use std::collections::BTreeSet;
use std::ops::Bound;

use switchboard_domain::{PageCursor, PageRequest, StoreError};
use time::OffsetDateTime;

/// An index of items by creation time and unique key, ascending; listings walk it backwards.
pub(crate) type ByCreation<K> = BTreeSet<(OffsetDateTime, K)>;

/// The position a cursor names in a [`ByCreation`] index; `None` on the first page.
///
/// # Errors
/// [`StoreError`] when the cursor's key does not parse as the listed kind of key: such a
/// cursor was not made by this listing (the HTTP layer refuses those before they get here).
/// `context` says what was being listed, `item` what the key should name.
pub(crate) fn position<K>(
    after: Option<&PageCursor>,
    parse: impl FnOnce(&str) -> Option<K>,
    context: &str,
    item: &str,
) -> Result<Option<(OffsetDateTime, K)>, StoreError> {
    after
        .map(|cursor| {
            parse(&cursor.key)
                .map(|key| (cursor.created_at, key))
                .ok_or_else(|| {
                    StoreError::msg(format!("{context}: the cursor does not name {item}"))
                })
        })
        .transpose()
}

/// The keys of `index` newest first, starting strictly after `after`. Finding the start is
/// O(log n); each further key is amortised O(1).
pub(crate) fn newest_first<'a, K: Ord>(
    index: &'a ByCreation<K>,
    after: Option<(OffsetDateTime, K)>,
) -> impl Iterator<Item = &'a K> + 'a {
    let end = after.map_or(Bound::Unbounded, Bound::Excluded);
    index
        .range((Bound::Unbounded, end))
        .rev()
        .map(|(_, key)| key)
}

/// How many items to read for `page`: its size plus one.
pub(crate) fn overfetch(page: &PageRequest) -> usize {
    usize::from(page.limit) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn walks_newest_first_strictly_after_the_cursor() {
        let t = datetime!(2030-01-01 0:00 UTC);
        let later = t + time::Duration::seconds(1);
        let index: ByCreation<u32> = [(t, 1), (t, 2), (later, 0), (t, 3)].into_iter().collect();
        let all: Vec<_> = newest_first(&index, None).copied().collect();
        assert_eq!(all, vec![0, 3, 2, 1]);
        let after: Vec<_> = newest_first(&index, Some((t, 3))).copied().collect();
        assert_eq!(
            after,
            vec![2, 1],
            "ties at one instant go by key, descending"
        );
        let after_missing: Vec<_> = newest_first(&index, Some((later, 9))).copied().collect();
        assert_eq!(
            after_missing,
            vec![0, 3, 2, 1],
            "a cursor need not name a stored item"
        );
    }

    #[test]
    fn a_cursor_whose_key_does_not_parse_is_a_store_error() {
        let cursor = PageCursor {
            created_at: datetime!(2030-01-01 0:00 UTC),
            key: "x".to_owned(),
        };
        let parsed = position(Some(&cursor), |k| k.parse::<u32>().ok(), "listing", "a u32");
        assert!(parsed.is_err());
        assert_eq!(
            position(None, |k| k.parse::<u32>().ok(), "listing", "a u32").ok(),
            Some(None)
        );
    }
}
