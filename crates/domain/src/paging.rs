//! Cursor paging for lists: newest first, a stable cursor, a bounded page size.

use time::OffsetDateTime;

use crate::StoreError;

/// Where a page starts: strictly after the item with this creation time and tie-break key,
/// in newest-first order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCursor {
    /// Creation time of the last item of the previous page.
    pub created_at: OffsetDateTime,
    /// Its unique key (an id or a phone number), to order items created at the same instant.
    pub key: String,
}

impl PageCursor {
    /// The cursor as an opaque token body: `<unix nanos>~<key>`.
    #[must_use]
    pub fn to_token(&self) -> String {
        format!("{}~{}", self.created_at.unix_timestamp_nanos(), self.key)
    }

    /// Reads a token made by [`PageCursor::to_token`]; `None` when it is not one.
    #[must_use]
    pub fn from_token(token: &str) -> Option<Self> {
        let (nanos, key) = token.split_once('~')?;
        let nanos: i128 = nanos.parse().ok()?;
        let created_at = OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()?;
        (!key.is_empty()).then(|| Self {
            created_at,
            key: key.to_owned(),
        })
    }
}

/// A page request: how many items, and after which cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// 1..=[`PageRequest::MAX_LIMIT`].
    pub limit: u16,
    /// Start after this item; `None` for the first page.
    pub after: Option<PageCursor>,
}

impl PageRequest {
    /// The default page size.
    pub const DEFAULT_LIMIT: u16 = 50;
    /// The largest page size.
    pub const MAX_LIMIT: u16 = 200;

    /// The first page of the default size.
    #[must_use]
    pub fn first() -> Self {
        Self {
            limit: Self::DEFAULT_LIMIT,
            after: None,
        }
    }

    /// How many items a listing reads for this page: one more than its size, so that
    /// [`Page::from_overfetch`] can tell whether another page follows.
    #[must_use]
    pub fn overfetch(&self) -> usize {
        usize::from(self.limit) + 1
    }

    /// Where the listing starts, for a store: the cursor's creation time and its key as
    /// parsed by `parse`; `None` on the first page.
    ///
    /// # Errors
    /// [`StoreError`] when the cursor's key does not parse as the listed kind of key: such a
    /// cursor was not made by this listing (callers refuse those before they reach a store).
    /// `listing` says what was being listed, `item` what the key should name.
    pub fn start_after<K>(
        &self,
        parse: impl FnOnce(&str) -> Option<K>,
        listing: &str,
        item: &str,
    ) -> Result<Option<(OffsetDateTime, K)>, StoreError> {
        self.after
            .as_ref()
            .map(|cursor| {
                parse(&cursor.key)
                    .map(|key| (cursor.created_at, key))
                    .ok_or_else(|| {
                        StoreError::msg(format!("{listing}: the cursor does not name {item}"))
                    })
            })
            .transpose()
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::first()
    }
}

/// One page of items, newest first, and the cursor of the next page if there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<PageCursor>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` fetched items: the extra item only tells that a
    /// next page exists. `cursor_of` gives an item's cursor.
    pub fn from_overfetch(
        mut items: Vec<T>,
        limit: u16,
        cursor_of: impl Fn(&T) -> PageCursor,
    ) -> Self {
        let limit = usize::from(limit);
        let next = if items.len() > limit {
            items.truncate(limit);
            items.last().map(&cursor_of)
        } else {
            None
        };
        Self { items, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn cursor_tokens_round_trip() {
        let c = PageCursor {
            created_at: datetime!(2026-01-02 03:04:05.123456 UTC),
            key: "+1415~x".into(),
        };
        assert_eq!(PageCursor::from_token(&c.to_token()), Some(c));
        assert_eq!(PageCursor::from_token("garbage"), None);
        assert_eq!(PageCursor::from_token("12~"), None);
    }

    #[test]
    fn overfetch_tells_whether_a_next_page_exists() {
        let at = datetime!(2026-01-01 0:00 UTC);
        let cursor = |k: &u32| PageCursor {
            created_at: at,
            key: k.to_string(),
        };
        let page = Page::from_overfetch(vec![3, 2, 1], 2, cursor);
        assert_eq!(page.items, vec![3, 2]);
        assert_eq!(page.next.map(|c| c.key), Some("2".to_owned()));
        let last = Page::from_overfetch(vec![3, 2], 2, cursor);
        assert_eq!(last.next, None);
    }

    #[test]
    fn a_cursor_whose_key_does_not_parse_is_a_store_error() {
        let cursor = PageCursor {
            created_at: datetime!(2030-01-01 0:00 UTC),
            key: "x".to_owned(),
        };
        let page = PageRequest {
            limit: 2,
            after: Some(cursor),
        };
        let parsed = page.start_after(|k| k.parse::<u32>().ok(), "listing", "a u32");
        assert!(parsed.is_err());
        assert_eq!(
            PageRequest::first()
                .start_after(|k| k.parse::<u32>().ok(), "listing", "a u32")
                .ok(),
            Some(None)
        );
        assert_eq!(page.overfetch(), 3);
    }
}
