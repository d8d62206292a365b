//! Recordings of logged calls, by SID, with newest-first indexes (everyone's, each user's).

use std::collections::HashMap;

use async_trait::async_trait;
use switchboard_domain::calls::{Applied, Recording, RecordingQuery, RecordingReport};
use switchboard_domain::ports::RecordingStore;
use switchboard_domain::sid::RecordingSid;
use switchboard_domain::{Page, StoreError, UserId};

use crate::MemoryStore;
use crate::paging::{ByCreation, newest_first};

/// The recordings and their index.
#[derive(Debug, Default)]
pub(crate) struct Recordings {
    by_sid: HashMap<RecordingSid, Recording>,
    by_creation: ByCreation<String>,
    by_owner: HashMap<UserId, ByCreation<String>>,
}

impl Recordings {
    pub(crate) fn len(&self) -> usize {
        self.by_sid.len()
    }
}

#[async_trait]
impl RecordingStore for MemoryStore {
    async fn apply_recording(
        &self,
        report: &RecordingReport,
    ) -> Result<Applied<Recording>, StoreError> {
        let mut guard = self.lock();
        let state = &mut *guard;
        if let Some(stored) = state.recordings.by_sid.get_mut(&report.sid) {
            return Ok(match stored.apply(report) {
                Some(next) => {
                    *stored = next;
                    Applied::Changed(stored.clone())
                }
                None => Applied::Unchanged(stored.clone()),
            });
        }
        let Some(call) = state.calls.by_sid_mut(&report.call_sid) else {
            return Ok(Applied::Unknown);
        };
        call.recorded = true;
        let recording = Recording {
            sid: report.sid.clone(),
            call_sid: report.call_sid.clone(),
            user_id: call.user_id.clone(),
            number_id: call.number_id,
            kind: report.kind,
            status: report.status,
            duration: report.duration,
            channels: report.channels,
            source: report.source.clone(),
            from: Some(call.from.clone()),
            created_at: report.at,
            updated_at: report.at,
        };
        let entry = (recording.created_at, recording.sid.as_str().to_owned());
        state.recordings.by_creation.insert(entry.clone());
        state
            .recordings
            .by_owner
            .entry(recording.user_id.clone())
            .or_default()
            .insert(entry);
        state
            .recordings
            .by_sid
            .insert(recording.sid.clone(), recording.clone());
        Ok(Applied::Changed(recording))
    }

    async fn recording(&self, sid: &RecordingSid) -> Result<Option<Recording>, StoreError> {
        Ok(self.lock().recordings.by_sid.get(sid).cloned())
    }

    async fn list_recordings(&self, query: &RecordingQuery) -> Result<Page<Recording>, StoreError> {
        let after = query.page.start_after(
            |key| RecordingSid::parse(key).ok().map(|s| s.as_str().to_owned()),
            "recordings",
            "a recording",
        )?;
        let state = self.lock();
        let recordings = &state.recordings;
        let empty = ByCreation::new();
        let index = match &query.owner {
            Some(owner) => recordings.by_owner.get(owner).unwrap_or(&empty),
            None => &recordings.by_creation,
        };
        let items: Vec<Recording> = newest_first(index, after)
            .filter_map(|sid| RecordingSid::parse(sid).ok())
            .filter_map(|sid| recordings.by_sid.get(&sid))
            .filter(|r| query.accepts(r))
            .take(query.page.overfetch())
            .cloned()
            .collect();
        Ok(Page::from_overfetch(
            items,
            query.page.limit,
            Recording::cursor,
        ))
    }
}
