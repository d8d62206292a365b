//! Recordings in the log: calls recorded and voicemails, stored from Twilio's recording
//! status callbacks; a later status replaces an earlier one, never the reverse.

use time::OffsetDateTime;

use crate::numbers::OwnedNumberId;
use crate::sid::{CallSid, RecordingSid};
use crate::{PageCursor, PageRequest, PhoneNumber, UserId};

/// What a recording is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordingKind {
    /// A recorded call.
    Call,
    /// A voicemail left on a number.
    Voicemail,
}

impl RecordingKind {
    /// Every kind.
    pub const ALL: [Self; 2] = [Self::Call, Self::Voicemail];

    /// The API's spelling.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Voicemail => "voicemail",
        }
    }

    /// Parses the API's spelling.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == input)
    }
}

/// A recording's status in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordingLogStatus {
    /// Recording now.
    InProgress,
    /// Ready to play.
    Completed,
    /// Nothing was recorded.
    Absent,
    /// It failed.
    Failed,
    /// Deleted (here and at Twilio).
    Deleted,
}

impl RecordingLogStatus {
    /// Every status.
    pub const ALL: [Self; 5] = [
        Self::InProgress,
        Self::Completed,
        Self::Absent,
        Self::Failed,
        Self::Deleted,
    ];

    /// The API's (and Twilio's) spelling.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "in-progress",
            Self::Completed => "completed",
            Self::Absent => "absent",
            Self::Failed => "failed",
            Self::Deleted => "deleted",
        }
    }

    /// Parses the spelling.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == input)
    }

    /// How far along it is: in-progress 0, completed, absent and failed 1, deleted 2. A
    /// report replaces the stored status only with a higher rank.
    #[must_use]
    pub fn rank(self) -> u8 {
        match self {
            Self::InProgress => 0,
            Self::Completed | Self::Absent | Self::Failed => 1,
            Self::Deleted => 2,
        }
    }
}

/// What one recording status callback says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingReport {
    /// The recording.
    pub sid: RecordingSid,
    /// The call it belongs to (the call log finds its owner).
    pub call_sid: CallSid,
    /// Its status.
    pub status: RecordingLogStatus,
    /// What it is of.
    pub kind: RecordingKind,
    /// Length in seconds.
    pub duration: Option<u32>,
    /// 1 or 2.
    pub channels: Option<u8>,
    /// Twilio's `RecordingSource` (`OutboundAPI`, `DialVerb`, `RecordVerb`, ...).
    pub source: Option<String>,
    /// When it arrived.
    pub at: OffsetDateTime,
}

/// A recording in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    /// Twilio's id.
    pub sid: RecordingSid,
    /// The call recorded.
    pub call_sid: CallSid,
    /// Whose it is (the call's user).
    pub user_id: UserId,
    /// The user's number the call used.
    pub number_id: Option<OwnedNumberId>,
    /// What it is of.
    pub kind: RecordingKind,
    /// Its status.
    pub status: RecordingLogStatus,
    /// Length in seconds.
    pub duration: Option<u32>,
    /// 1 or 2.
    pub channels: Option<u8>,
    /// Twilio's `RecordingSource`.
    pub source: Option<String>,
    /// The caller of the recorded call.
    pub from: Option<PhoneNumber>,
    /// When it was first reported.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

impl Recording {
    /// The recording's cursor in newest-first listings.
    #[must_use]
    pub fn cursor(&self) -> PageCursor {
        PageCursor {
            created_at: self.created_at,
            key: self.sid.as_str().to_owned(),
        }
    }

    /// The recording after `report` (which must be about it), or `None` when the report is
    /// not newer. Fields the report leaves out keep their values.
    #[must_use]
    pub fn apply(&self, report: &RecordingReport) -> Option<Self> {
        (report.status.rank() > self.status.rank()).then(|| Self {
            status: report.status,
            duration: report.duration.or(self.duration),
            channels: report.channels.or(self.channels),
            source: report.source.clone().or_else(|| self.source.clone()),
            updated_at: report.at,
            ..self.clone()
        })
    }
}

/// Which recordings to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingQuery {
    /// Only this user's; `None` for everyone's.
    pub owner: Option<UserId>,
    /// Only this call's.
    pub call_sid: Option<CallSid>,
    /// Only this kind.
    pub kind: Option<RecordingKind>,
    /// Which page.
    pub page: PageRequest,
}

impl RecordingQuery {
    /// Whether `recording` passes every filter (the paging cursor aside).
    #[must_use]
    pub fn accepts(&self, recording: &Recording) -> bool {
        self.owner.as_ref().is_none_or(|o| *o == recording.user_id)
            && self
                .call_sid
                .as_ref()
                .is_none_or(|c| *c == recording.call_sid)
            && self.kind.is_none_or(|k| k == recording.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip_and_statuses_only_move_forward() {
        for s in RecordingLogStatus::ALL {
            assert_eq!(RecordingLogStatus::parse(s.as_str()), Some(s));
        }
        for k in RecordingKind::ALL {
            assert_eq!(RecordingKind::parse(k.as_str()), Some(k));
        }
        assert!(RecordingLogStatus::Completed.rank() > RecordingLogStatus::InProgress.rank());
        assert!(RecordingLogStatus::Deleted.rank() > RecordingLogStatus::Completed.rank());
        assert_eq!(
            RecordingLogStatus::Absent.rank(),
            RecordingLogStatus::Completed.rank()
        );
    }
}
