//! Voicemail sessions and the leases they hold on pool numbers.

use std::collections::{BTreeSet, HashMap};

use async_trait::async_trait;
use switchboard_domain::ports::{LeaseError, SessionStore};
use switchboard_domain::voicemail::{NewSession, SessionId, SessionQuery, VoicemailSession};
use switchboard_domain::{Page, PhoneNumber, Quota, RateDecision, StoreError, UserId};
use time::OffsetDateTime;

use crate::paging::{self, ByCreation};
use crate::{MemoryStore, State};

/// Every session ever leased (sessions are never deleted, as in PostgreSQL), by id, with
/// two indexes:
/// - `by_owner`: each user's sessions by `(created_at, id)`, for newest-first paging;
/// - `by_number`: each number's sessions by `(expires_at, id)`, so the session active on a
///   number is the last one if it has not ended: the inbound lookup is O(1) + O(log k) for
///   k sessions on the number.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    by_id: HashMap<SessionId, VoicemailSession>,
    by_owner: HashMap<UserId, ByCreation<SessionId>>,
    by_number: HashMap<PhoneNumber, BTreeSet<(OffsetDateTime, SessionId)>>,
}

impl Sessions {
    /// How many sessions are stored.
    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Records a new session. The caller checked that its id is new. O(log n).
    fn insert(&mut self, session: VoicemailSession) {
        self.by_owner
            .entry(session.user_id.clone())
            .or_default()
            .insert((session.created_at, session.id));
        self.by_number
            .entry(session.phone_number.clone())
            .or_default()
            .insert((session.expires_at, session.id));
        self.by_id.insert(session.id, session);
    }

    /// Ends session `id` at `now` unless it ended before, and returns it as stored after.
    /// O(log k) for k sessions on its number.
    fn end(&mut self, id: SessionId, now: OffsetDateTime) -> Option<VoicemailSession> {
        let session = self.by_id.get_mut(&id)?;
        if now < session.expires_at {
            if let Some(on_number) = self.by_number.get_mut(&session.phone_number) {
                on_number.remove(&(session.expires_at, id));
                on_number.insert((now, id));
            }
            session.expires_at = now;
        }
        Some(session.clone())
    }

    /// The session on `number` that ends last, if it has not ended at `now`: PostgreSQL's
    /// `expires_at > now ORDER BY expires_at DESC LIMIT 1`.
    fn active_on(&self, number: &PhoneNumber, now: OffsetDateTime) -> Option<VoicemailSession> {
        let (expires_at, id) = self.by_number.get(number)?.last()?;
        if now < *expires_at {
            self.by_id.get(id).cloned()
        } else {
            None
        }
    }

    /// One page of a user's sessions, newest first, filtered by status at `query.now`.
    /// O(log n + the sessions walked), as the PostgreSQL index scan with its filter.
    fn list(&self, query: &SessionQuery) -> Result<Page<VoicemailSession>, StoreError> {
        let after = query.page.start_after(
            |key| SessionId::parse(key).ok(),
            "listing sessions",
            "a session",
        )?;
        let items = self
            .by_owner
            .get(&query.user_id)
            .into_iter()
            .flat_map(|owned| paging::newest_first(owned, after))
            .filter_map(|id| self.by_id.get(id))
            .filter(|s| {
                query
                    .status
                    .is_none_or(|status| s.status_at(query.now) == status)
            })
            .take(query.page.overfetch())
            .cloned()
            .collect();
        Ok(Page::from_overfetch(
            items,
            query.page.limit,
            VoicemailSession::cursor,
        ))
    }

    /// Checks that both indexes hold exactly the sessions, for tests.
    #[cfg(test)]
    pub(crate) fn assert_consistent(&self) {
        let mut by_owner: HashMap<UserId, ByCreation<SessionId>> = HashMap::new();
        let mut by_number: HashMap<PhoneNumber, BTreeSet<(OffsetDateTime, SessionId)>> =
            HashMap::new();
        for (id, s) in &self.by_id {
            assert_eq!(&s.id, id, "session under its id");
            by_owner
                .entry(s.user_id.clone())
                .or_default()
                .insert((s.created_at, s.id));
            by_number
                .entry(s.phone_number.clone())
                .or_default()
                .insert((s.expires_at, s.id));
        }
        assert_eq!(by_owner, self.by_owner, "owner index");
        assert_eq!(by_number, self.by_number, "number index");
    }
}

impl State {
    /// Leases the number free the longest and records the session, or changes nothing.
    fn lease_number(&mut self, new: NewSession) -> Result<VoicemailSession, LeaseError> {
        if self.sessions.by_id.contains_key(&new.id) {
            // PostgreSQL refuses a second row with one id (its primary key) and rolls the
            // lease back; ids are random v7 UUIDs, so this is a caller's bug.
            return Err(LeaseError::Store(StoreError::msg(format!(
                "leasing a pool number: session {} exists already",
                new.id
            ))));
        }
        let phone_number = self
            .pool
            .lease(new.created_at, new.expires_at, new.id)
            .ok_or(LeaseError::PoolExhausted)?;
        let session = VoicemailSession {
            id: new.id,
            user_id: new.user_id,
            phone_number,
            greeting_url: new.greeting_url,
            created_at: new.created_at,
            expires_at: new.expires_at,
        };
        self.sessions.insert(session.clone());
        Ok(session)
    }

    /// Ends a session and frees its number if the number is still leased to it.
    fn expire_session(&mut self, id: SessionId, now: OffsetDateTime) -> Option<VoicemailSession> {
        let session = self.sessions.end(id, now)?;
        self.pool.end_lease(&session.phone_number, id, now);
        Some(session)
    }
}

#[async_trait]
impl SessionStore for MemoryStore {
    async fn lease_number(&self, new: NewSession) -> Result<VoicemailSession, LeaseError> {
        self.lock().lease_number(new)
    }

    async fn lease_number_within(
        &self,
        new: NewSession,
        limit_key: &str,
        quota: Quota,
    ) -> Result<VoicemailSession, LeaseError> {
        // Decide, count and lease under the store's one lock: atomic, as the port asks.
        let mut state = self.lock();
        let stored = state.rate_limits.get(limit_key).copied();
        match quota.decide(stored, new.created_at) {
            RateDecision::Limited { retry_after } => Err(LeaseError::RateLimited { retry_after }),
            RateDecision::Allowed { new_tat } => {
                state.rate_limits.insert(limit_key.to_owned(), new_tat);
                state.lease_number(new)
            }
        }
    }

    async fn session(&self, id: SessionId) -> Result<Option<VoicemailSession>, StoreError> {
        Ok(self.lock().sessions.by_id.get(&id).cloned())
    }

    async fn list_sessions(
        &self,
        query: &SessionQuery,
    ) -> Result<Page<VoicemailSession>, StoreError> {
        self.lock().sessions.list(query)
    }

    async fn expire_session(
        &self,
        id: SessionId,
        now: OffsetDateTime,
    ) -> Result<Option<VoicemailSession>, StoreError> {
        Ok(self.lock().expire_session(id, now))
    }

    async fn active_session_for(
        &self,
        number: &PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<Option<VoicemailSession>, StoreError> {
        Ok(self.lock().sessions.active_on(number, now))
    }
}
