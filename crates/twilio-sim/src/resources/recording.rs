//! A call recording: what the stand-in keeps of it, from start to deletion.

use time::OffsetDateTime;

use crate::dates::now;

/// A call recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    /// `RE` SID.
    pub sid: String,
    /// The recorded call.
    pub call_sid: String,
    /// Seconds.
    pub duration: u32,
    /// 1 (mono) or 2 (dual).
    pub channels: u8,
    /// `OutboundAPI` for recordings asked for with `Record=true`.
    pub source: String,
    /// `in-progress` while the call lasts, then `completed`; `deleted` once deleted.
    pub status: String,
    /// When recording started.
    pub start_time: OffsetDateTime,
    /// When it was created.
    pub date_created: OffsetDateTime,
    /// When it last changed.
    pub date_updated: OffsetDateTime,
}

impl Recording {
    /// A recording of `call_sid` that started at `start_time` and is `in-progress`.
    #[must_use]
    pub fn started(sid: String, call_sid: &str, channels: u8, start_time: OffsetDateTime) -> Self {
        let created = now();
        Self {
            sid,
            call_sid: call_sid.to_owned(),
            duration: 0,
            channels,
            source: "OutboundAPI".to_owned(),
            status: "in-progress".to_owned(),
            start_time,
            date_created: created,
            date_updated: created,
        }
    }

    /// Ends the recording at `at`: `completed`, `duration` seconds long.
    pub fn finish(&mut self, duration: u32, at: OffsetDateTime) {
        self.duration = duration;
        self.status = "completed".to_owned();
        self.date_updated = at;
    }

    /// Whether it was deleted.
    #[must_use]
    pub fn is_deleted(&self) -> bool {
        self.status == "deleted"
    }
}
