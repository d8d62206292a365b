//! The call log: calls by id, an index by SID (status callbacks), and newest-first indexes
//! (everyone's, and each user's) for listings, standing in for PostgreSQL's.

use std::collections::HashMap;

use async_trait::async_trait;
use switchboard_domain::calls::{
    Applied, Call, CallId, CallQuery, CallStats, LogCallError, NewCall, StatsQuery, StatusReport,
};
use switchboard_domain::money::{Amount, Currency};
use switchboard_domain::ports::CallStore;
use switchboard_domain::sid::CallSid;
use switchboard_domain::{Page, StoreError, UserId};
use time::OffsetDateTime;

use crate::MemoryStore;
use crate::paging::{ByCreation, newest_first};

/// The calls and their indexes.
#[derive(Debug, Default)]
pub(crate) struct Calls {
    by_id: HashMap<CallId, Call>,
    by_sid: HashMap<CallSid, CallId>,
    by_creation: ByCreation<CallId>,
    by_owner: HashMap<UserId, ByCreation<CallId>>,
}

impl Calls {
    /// Every logged call, in no order.
    pub(crate) fn all(&self) -> impl Iterator<Item = &Call> {
        self.by_id.values()
    }

    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }

    pub(crate) fn by_sid(&self, sid: &CallSid) -> Option<&Call> {
        self.by_sid.get(sid).and_then(|id| self.by_id.get(id))
    }

    pub(crate) fn by_sid_mut(&mut self, sid: &CallSid) -> Option<&mut Call> {
        let id = self.by_sid.get(sid)?;
        self.by_id.get_mut(id)
    }
}

#[async_trait]
impl CallStore for MemoryStore {
    async fn log_call(&self, new: &NewCall) -> Result<Call, LogCallError> {
        let mut state = self.lock();
        let calls = &mut state.calls;
        if calls.by_id.contains_key(&new.id)
            || new
                .sid
                .as_ref()
                .is_some_and(|s| calls.by_sid.contains_key(s))
        {
            return Err(LogCallError::Duplicate);
        }
        let call = Call::logged(new);
        if let Some(sid) = &new.sid {
            calls.by_sid.insert(sid.clone(), new.id);
        }
        calls.by_creation.insert((new.created_at, new.id));
        calls
            .by_owner
            .entry(new.user_id.clone())
            .or_default()
            .insert((new.created_at, new.id));
        calls.by_id.insert(new.id, call.clone());
        Ok(call)
    }

    async fn attach_sid(
        &self,
        id: CallId,
        sid: &CallSid,
        report: &StatusReport,
    ) -> Result<Option<Call>, StoreError> {
        let mut state = self.lock();
        let calls = &mut state.calls;
        let Some(call) = calls.by_id.get(&id) else {
            return Ok(None);
        };
        let another_sid = call.sid.as_ref().is_some_and(|existing| existing != sid);
        if another_sid || calls.by_sid.get(sid).is_some_and(|other| *other != id) {
            return Ok(None);
        }
        calls.by_sid.insert(sid.clone(), id);
        let Some(call) = calls.by_id.get_mut(&id) else {
            return Ok(None);
        };
        call.sid = Some(sid.clone());
        if let Some(next) = call.progress.apply(report) {
            call.progress = next;
            call.updated_at = report.at;
        }
        Ok(Some(call.clone()))
    }

    async fn refuse_call(&self, id: CallId, at: OffsetDateTime) -> Result<(), StoreError> {
        let mut state = self.lock();
        if let Some(call) = state.calls.by_id.get_mut(&id)
            && call.sid.is_none()
        {
            call.progress = call.progress.refused(at);
            call.updated_at = at;
        }
        Ok(())
    }

    async fn call(&self, sid: &CallSid) -> Result<Option<Call>, StoreError> {
        Ok(self.lock().calls.by_sid(sid).cloned())
    }

    async fn apply_status(
        &self,
        sid: &CallSid,
        report: &StatusReport,
        now: OffsetDateTime,
    ) -> Result<Applied<Call>, StoreError> {
        let mut state = self.lock();
        let Some(call) = state.calls.by_sid_mut(sid) else {
            return Ok(Applied::Unknown);
        };
        Ok(match call.progress.apply(report) {
            Some(next) => {
                call.progress = next;
                call.updated_at = now;
                Applied::Changed(call.clone())
            }
            None => Applied::Unchanged(call.clone()),
        })
    }

    async fn set_price(
        &self,
        sid: &CallSid,
        price: Amount,
        unit: &Currency,
        now: OffsetDateTime,
    ) -> Result<Option<Call>, StoreError> {
        let mut state = self.lock();
        let Some(call) = state.calls.by_sid_mut(sid) else {
            return Ok(None);
        };
        if call.price != Some(price) || call.price_unit.as_ref() != Some(unit) {
            call.price = Some(price);
            call.price_unit = Some(unit.clone());
            call.updated_at = now;
        }
        Ok(Some(call.clone()))
    }

    async fn list_calls(&self, query: &CallQuery) -> Result<Page<Call>, StoreError> {
        let after = query.page.start_after(CallId::parse, "calls", "a call")?;
        let state = self.lock();
        let calls = &state.calls;
        let index = match &query.owner {
            Some(owner) => match calls.by_owner.get(owner) {
                Some(index) => index,
                None => {
                    return Ok(Page::from_overfetch(
                        Vec::new(),
                        query.page.limit,
                        Call::cursor,
                    ));
                }
            },
            None => &calls.by_creation,
        };
        let items: Vec<Call> = newest_first(index, after)
            .filter_map(|id| calls.by_id.get(id))
            .filter(|call| query.accepts(call))
            .take(query.page.overfetch())
            .cloned()
            .collect();
        Ok(Page::from_overfetch(items, query.page.limit, Call::cursor))
    }

    async fn call_stats(&self, query: &StatsQuery) -> Result<CallStats, StoreError> {
        let listing = CallQuery {
            owner: query.owner.clone(),
            status: None,
            direction: None,
            number: None,
            since: query.since,
            until: query.until,
            page: switchboard_domain::PageRequest::first(),
        };
        let state = self.lock();
        let mut stats = CallStats::default();
        for call in state.calls.by_id.values().filter(|c| listing.accepts(c)) {
            stats.count(call);
        }
        Ok(stats)
    }
}
