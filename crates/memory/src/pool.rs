//! The pool of temporary numbers and the leases on them.

use std::collections::{BTreeSet, HashMap};

use async_trait::async_trait;
use switchboard_domain::ports::{AddPoolNumberError, PoolStore, RetirePoolNumberError};
use switchboard_domain::voicemail::{PoolListing, PoolNumber, PoolQuery, SessionId};
use switchboard_domain::{Page, PhoneNumber, StoreError};
use time::OffsetDateTime;

use crate::MemoryStore;
use crate::paging::{self, ByCreation};

/// One pool number and the session its current lease was made for.
#[derive(Debug)]
struct Entry {
    number: PoolNumber,
    /// The session the lease ending at `number.leased_until` was made for: `None` before
    /// the first lease, and once that session was expired early (which ended the lease).
    /// Expiring a session frees the number only while this names it.
    lease_session: Option<SessionId>,
}

/// The pool: every number once in `entries`, and once in each index.
///
/// A number is free at `t` when its lease end is `None` (never leased) or at or before `t`.
/// `by_lease_end` orders numbers by lease end with `None` first (as `Option` orders), so
/// its first element is the number free the longest, if any number is free: leasing is
/// O(log n) whatever the number of leased numbers. Ties go to the smaller phone number.
#[derive(Debug, Default)]
pub(crate) struct Pool {
    entries: HashMap<PhoneNumber, Entry>,
    by_lease_end: BTreeSet<(Option<OffsetDateTime>, PhoneNumber)>,
    by_creation: ByCreation<PhoneNumber>,
}

impl Pool {
    /// How many numbers are in the pool.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether `number` is in the pool. O(1).
    pub(crate) fn contains(&self, number: &PhoneNumber) -> bool {
        self.entries.contains_key(number)
    }

    /// Adds a never-leased number; `None` when it is in the pool already. O(log n).
    pub(crate) fn add(&mut self, number: PhoneNumber, now: OffsetDateTime) -> Option<PoolNumber> {
        if self.contains(&number) {
            return None;
        }
        let added = PoolNumber {
            phone_number: number.clone(),
            leased_until: None,
            created_at: now,
        };
        self.by_lease_end.insert((None, number.clone()));
        self.by_creation.insert((now, number.clone()));
        self.entries.insert(
            number,
            Entry {
                number: added.clone(),
                lease_session: None,
            },
        );
        Some(added)
    }

    /// Leases the number free the longest at `at` to `session` until `until`, and returns
    /// it; `None` when no number is free at `at`. O(log n).
    pub(crate) fn lease(
        &mut self,
        at: OffsetDateTime,
        until: OffsetDateTime,
        session: SessionId,
    ) -> Option<PhoneNumber> {
        let (end, number) = self.by_lease_end.first()?;
        if end.is_some_and(|end| at < end) {
            return None;
        }
        let number = number.clone();
        self.set_lease(&number, until, Some(session));
        Some(number)
    }

    /// Ends the lease on `number` at `now` if it is held by `session` and runs past `now`;
    /// otherwise changes nothing (the number was leased again since, or retired, or the
    /// lease ended already). O(log n).
    pub(crate) fn end_lease(
        &mut self,
        number: &PhoneNumber,
        session: SessionId,
        now: OffsetDateTime,
    ) {
        let held = self.entries.get(number).is_some_and(|entry| {
            entry.lease_session == Some(session) && entry.number.lease_at(now).is_some()
        });
        if held {
            self.set_lease(number, now, None);
        }
    }

    /// Moves `number`'s lease end to `until`, keeping `by_lease_end` in step.
    fn set_lease(
        &mut self,
        number: &PhoneNumber,
        until: OffsetDateTime,
        session: Option<SessionId>,
    ) {
        let Some(entry) = self.entries.get_mut(number) else {
            return;
        };
        self.by_lease_end
            .remove(&(entry.number.leased_until, number.clone()));
        entry.number.leased_until = Some(until);
        entry.lease_session = session;
        self.by_lease_end.insert((Some(until), number.clone()));
    }

    /// Removes `number` unless it is leased at `now`. O(log n).
    fn retire(
        &mut self,
        number: &PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<(), RetirePoolNumberError> {
        let entry = self
            .entries
            .get(number)
            .ok_or(RetirePoolNumberError::NotFound)?;
        if let Some(until) = entry.number.lease_at(now) {
            return Err(RetirePoolNumberError::Leased { until });
        }
        if let Some(entry) = self.entries.remove(number) {
            self.by_lease_end
                .remove(&(entry.number.leased_until, number.clone()));
            self.by_creation
                .remove(&(entry.number.created_at, number.clone()));
        }
        Ok(())
    }

    /// One page newest first, with the free and leased totals at `query.now`. The page is
    /// O(log n + page); the totals walk the free numbers, O(free) (PostgreSQL counts every
    /// row).
    fn list(&self, query: &PoolQuery) -> Result<PoolListing, StoreError> {
        let after = query.page.start_after(
            |key| PhoneNumber::parse(key).ok(),
            "listing the pool",
            "a pool number",
        )?;
        let items = paging::newest_first(&self.by_creation, after)
            .filter_map(|number| self.entries.get(number))
            .map(|entry| entry.number.clone())
            .take(query.page.overfetch())
            .collect();
        let page = Page::from_overfetch(items, query.page.limit, PoolNumber::cursor);
        let free = self
            .by_lease_end
            .iter()
            .take_while(|(end, _)| end.is_none_or(|end| end <= query.now))
            .count();
        let leased = self.by_lease_end.len() - free;
        Ok(PoolListing {
            items: page.items,
            free: count(free),
            leased: count(leased),
            next: page.next,
        })
    }

    /// Checks that every index holds exactly the entries, for tests.
    #[cfg(test)]
    pub(crate) fn assert_consistent(&self) {
        let by_lease_end: BTreeSet<_> = self
            .entries
            .iter()
            .map(|(number, entry)| {
                assert_eq!(&entry.number.phone_number, number, "entry under its number");
                (entry.number.leased_until, number.clone())
            })
            .collect();
        assert_eq!(by_lease_end, self.by_lease_end, "lease-end index");
        let by_creation: ByCreation<_> = self
            .entries
            .values()
            .map(|entry| (entry.number.created_at, entry.number.phone_number.clone()))
            .collect();
        assert_eq!(by_creation, self.by_creation, "creation index");
    }

    /// The stored pool number, for tests.
    #[cfg(test)]
    pub(crate) fn get(&self, number: &PhoneNumber) -> Option<PoolNumber> {
        self.entries.get(number).map(|entry| entry.number.clone())
    }
}

/// A count as the domain's `u64` (a `usize` always fits).
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[async_trait]
impl PoolStore for MemoryStore {
    async fn add_pool_number(
        &self,
        number: PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<PoolNumber, AddPoolNumberError> {
        let mut state = self.lock();
        // Checked and added under one lock, so a concurrent purchase of the number either
        // sees it in the pool or made it owned first.
        if state.numbers.is_held_or_pending(&number) {
            return Err(AddPoolNumberError::OwnedByUser);
        }
        state
            .pool
            .add(number, now)
            .ok_or(AddPoolNumberError::AlreadyExists)
    }

    async fn list_pool_numbers(&self, query: &PoolQuery) -> Result<PoolListing, StoreError> {
        self.lock().pool.list(query)
    }

    async fn retire_pool_number(
        &self,
        number: &PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<(), RetirePoolNumberError> {
        self.lock().pool.retire(number, now)
    }
}
