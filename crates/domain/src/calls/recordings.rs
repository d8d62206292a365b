//! The recordings use cases: list, read and delete the caller's recordings.

use super::error::CallsError;
use super::recording::{Recording, RecordingLogStatus, RecordingQuery, RecordingReport};
use super::service::Calls;
use crate::Actor;
use crate::sid::RecordingSid;
use crate::telephony::{ByteRange, MediaFormat, MediaStream, TelephonyError};

impl Calls {
    /// The caller's recordings, newest first (the query's owner is set to the caller).
    ///
    /// # Errors
    /// Store failures.
    pub async fn recordings(
        &self,
        actor: &Actor,
        mut query: RecordingQuery,
    ) -> Result<crate::Page<Recording>, CallsError> {
        query.owner = Some(actor.user_id.clone());
        Ok(self.ports.recordings.list_recordings(&query).await?)
    }

    /// One of the caller's recordings (any for admins).
    ///
    /// # Errors
    /// [`CallsError::NotFound`] for an unknown recording or another user's.
    pub async fn recording(
        &self,
        actor: &Actor,
        sid: &RecordingSid,
    ) -> Result<Recording, CallsError> {
        match self.ports.recordings.recording(sid).await? {
            Some(r) if actor.is_admin() || r.user_id == actor.user_id => Ok(r),
            _ => Err(CallsError::NotFound),
        }
    }

    /// Deletes one of the caller's recordings at Twilio and marks it `deleted` here;
    /// deleting a deleted recording changes nothing.
    ///
    /// # Errors
    /// [`CallsError::NotFound`], provider and store failures.
    pub async fn delete_recording(
        &self,
        actor: &Actor,
        sid: &RecordingSid,
    ) -> Result<Recording, CallsError> {
        let recording = self.recording(actor, sid).await?;
        if recording.status == RecordingLogStatus::Deleted {
            return Ok(recording);
        }
        match self.ports.provider.delete_recording(sid).await {
            Ok(()) | Err(crate::telephony::TelephonyError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
        let report = RecordingReport {
            sid: sid.clone(),
            call_sid: recording.call_sid.clone(),
            status: RecordingLogStatus::Deleted,
            kind: recording.kind,
            duration: None,
            channels: None,
            source: None,
            at: self.now(),
        };
        match self.ports.recordings.apply_recording(&report).await? {
            super::store::Applied::Changed(r) | super::store::Applied::Unchanged(r) => Ok(r),
            super::store::Applied::Unknown => Err(CallsError::NotFound),
        }
    }

    /// Opens a recording's audio at Twilio, the whole file or `range` of it. `actor` is the
    /// bearer of a token (the recording must be theirs, or they an admin), or `None` for a
    /// request carrying a valid signed media link, which names the recording itself.
    ///
    /// # Errors
    /// [`CallsError::NotFound`] for an unknown or others' recording, or one Twilio has no
    /// audio for (yet); [`CallsError::RecordingDeleted`] after a delete; provider failures.
    pub async fn recording_media(
        &self,
        actor: Option<&Actor>,
        sid: &RecordingSid,
        format: MediaFormat,
        range: Option<&ByteRange>,
    ) -> Result<MediaStream, CallsError> {
        let recording = match actor {
            Some(actor) => self.recording(actor, sid).await?,
            None => self
                .ports
                .recordings
                .recording(sid)
                .await?
                .ok_or(CallsError::NotFound)?,
        };
        match recording.status {
            RecordingLogStatus::Deleted => return Err(CallsError::RecordingDeleted),
            RecordingLogStatus::Completed => {}
            _ => return Err(CallsError::NotFound),
        }
        self.ports
            .provider
            .open_media(sid, format, range)
            .await
            .map_err(|e| match e {
                TelephonyError::NotFound => CallsError::NotFound,
                other => other.into(),
            })
    }
}
