//! The pool of temporary numbers leased to sessions.

use time::OffsetDateTime;

use crate::PhoneNumber;
use crate::paging::{PageCursor, PageRequest};

/// Whether a pool number is leased right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolStatus {
    /// No lease, or the last lease has ended.
    Free,
    /// Leased until `leased_until`.
    Leased,
}

/// A number of the pool. A lease ends by time alone: a number whose `leased_until` has passed
/// is free without any write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolNumber {
    /// The number.
    pub phone_number: PhoneNumber,
    /// When the current or last lease ends; `None` if never leased.
    pub leased_until: Option<OffsetDateTime>,
    /// When it was added to the pool.
    pub created_at: OffsetDateTime,
}

impl PoolNumber {
    /// The status at `now`.
    #[must_use]
    pub fn status_at(&self, now: OffsetDateTime) -> PoolStatus {
        match self.leased_until {
            Some(until) if now < until => PoolStatus::Leased,
            _ => PoolStatus::Free,
        }
    }

    /// The end of the lease in force at `now`, if any.
    #[must_use]
    pub fn lease_at(&self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        self.leased_until.filter(|until| now < *until)
    }

    /// The number's cursor in newest-first listings.
    #[must_use]
    pub fn cursor(&self) -> PageCursor {
        PageCursor {
            created_at: self.created_at,
            key: self.phone_number.to_string(),
        }
    }
}

/// Which pool numbers to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolQuery {
    /// The instant statuses and counts refer to.
    pub now: OffsetDateTime,
    /// Which page.
    pub page: PageRequest,
}

/// The pool's numbers free and leased at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolTotals {
    /// Free numbers.
    pub free: u64,
    /// Leased numbers.
    pub leased: u64,
}

/// A page of pool numbers with the pool's totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolListing {
    /// Newest first.
    pub items: Vec<PoolNumber>,
    /// Numbers free at `now`, over the whole pool.
    pub free: u64,
    /// Numbers leased at `now`, over the whole pool.
    pub leased: u64,
    /// Where the next page starts.
    pub next: Option<PageCursor>,
}
