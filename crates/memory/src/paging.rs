//! Cursor paging over the newest-first indexes: every listing is ordered by
//! `(created_at, key)` descending, starts after
//! [`PageRequest::start_after`](switchboard_domain::PageRequest::start_after) and reads
//! [`PageRequest::overfetch`](switchboard_domain::PageRequest::overfetch) items (see
//! [`Page::from_overfetch`](switchboard_domain::Page::from_overfetch)).

use std::collections::BTreeSet;
use std::ops::Bound;

use time::OffsetDateTime;

/// An index of items by creation time and unique key, ascending; listings walk it backwards.
pub(crate) type ByCreation<K> = BTreeSet<(OffsetDateTime, K)>;

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
}
