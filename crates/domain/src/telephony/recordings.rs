//! Recordings: their status, the provider's description of one, its audio, and the port
//! that reads and deletes them.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::error::TelephonyError;
use super::string_enum::string_enum;
use crate::money::{Amount, Currency};
use crate::sid::{CallSid, RecordingSid};

string_enum!(
    /// A recording's status, as Twilio reports it.
    RecordingStatus {
        /// Recording now.
        InProgress = "in-progress",
        /// Paused.
        Paused = "paused",
        /// Stopped.
        Stopped = "stopped",
        /// Being processed.
        Processing = "processing",
        /// Ready.
        Completed = "completed",
        /// Nothing was recorded.
        Absent = "absent",
        /// Deleted.
        Deleted = "deleted",
    }
);

/// A recording as the provider describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingInfo {
    /// Its id.
    pub sid: RecordingSid,
    /// The call it belongs to.
    pub call_sid: Option<CallSid>,
    /// Its status.
    pub status: RecordingStatus,
    /// Length in seconds, once known.
    pub duration_seconds: Option<u32>,
    /// 1 or 2.
    pub channels: Option<u8>,
    /// What it cost, once known.
    pub price: Option<Amount>,
    /// The currency of `price`.
    pub price_unit: Option<Currency>,
    /// When it was created.
    pub created_at: Option<OffsetDateTime>,
}

/// An audio format recordings can be downloaded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaFormat {
    /// MPEG audio (`audio/mpeg`).
    Mp3,
    /// WAV (`audio/x-wav`).
    Wav,
}

impl MediaFormat {
    /// The file extension Twilio serves it under.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Mp3 => "mp3",
            Self::Wav => "wav",
        }
    }

    /// The content type Twilio serves it with.
    #[must_use]
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Mp3 => "audio/mpeg",
            Self::Wav => "audio/x-wav",
        }
    }
}

/// Downloaded recording audio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingMedia {
    /// Its content type as served.
    pub content_type: String,
    /// The audio.
    pub bytes: Vec<u8>,
}

/// Recordings kept by the provider.
///
/// # Errors
/// As `numbers::NumberProvider`; every method MUST return [`TelephonyError::NotFound`] for an
/// unknown or deleted recording.
#[async_trait]
pub trait RecordingProvider: Send + Sync + std::fmt::Debug + 'static {
    /// A recording's metadata.
    async fn recording(&self, sid: &RecordingSid) -> Result<RecordingInfo, TelephonyError>;

    /// Deletes a recording at the provider.
    async fn delete_recording(&self, sid: &RecordingSid) -> Result<(), TelephonyError>;

    /// Downloads a recording's audio.
    async fn recording_media(
        &self,
        sid: &RecordingSid,
        format: MediaFormat,
    ) -> Result<RecordingMedia, TelephonyError>;
}
