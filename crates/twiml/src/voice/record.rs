//! `<Record>`: record the caller. Verbs after it are only reached if nothing was recorded.

use crate::element::{Element, bool_str};
use crate::values::{Method, RecordingEvent, Trim};

/// `<Record/>`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a verb does nothing until it is added to a response"]
pub struct Record(Element);

impl Record {
    /// A `<Record/>` with Twilio's defaults.
    pub fn new() -> Self {
        Self(Element::new("Record"))
    }

    /// `action`: where Twilio sends the recording once it ends (not called if it is empty).
    pub fn action(self, url: impl Into<String>) -> Self {
        Self(self.0.with_attr("action", url))
    }

    /// `method` for `action`.
    pub fn method(self, method: Method) -> Self {
        Self(self.0.with_attr("method", method.as_str()))
    }

    /// `timeout`: seconds of silence that end the recording (default 5).
    pub fn timeout(self, seconds: u32) -> Self {
        Self(self.0.with_attr("timeout", seconds.to_string()))
    }

    /// `maxLength`: the longest recording in seconds (default 3600).
    pub fn max_length(self, seconds: u32) -> Self {
        Self(self.0.with_attr("maxLength", seconds.to_string()))
    }

    /// `playBeep` before recording (default true).
    pub fn play_beep(self, play_beep: bool) -> Self {
        Self(self.0.with_attr("playBeep", bool_str(play_beep)))
    }

    /// `trim`: whether to trim leading and trailing silence.
    pub fn trim(self, trim: Trim) -> Self {
        Self(self.0.with_attr("trim", trim.as_str()))
    }

    /// `finishOnKey`: keys that end the recording (default `1234567890*#`).
    pub fn finish_on_key(self, keys: impl Into<String>) -> Self {
        Self(self.0.with_attr("finishOnKey", keys))
    }

    /// `recordingStatusCallback`.
    pub fn recording_status_callback(self, url: impl Into<String>) -> Self {
        Self(self.0.with_attr("recordingStatusCallback", url))
    }

    /// `recordingStatusCallbackMethod`.
    pub fn recording_status_callback_method(self, method: Method) -> Self {
        Self(
            self.0
                .with_attr("recordingStatusCallbackMethod", method.as_str()),
        )
    }

    /// `recordingStatusCallbackEvent`, space-separated; an empty list leaves it unset.
    pub fn recording_status_callback_event(
        self,
        events: impl IntoIterator<Item = RecordingEvent>,
    ) -> Self {
        Self(self.0.with_list_attr(
            "recordingStatusCallbackEvent",
            events,
            RecordingEvent::as_str,
        ))
    }

    /// `transcribe` the recording (default false).
    pub fn transcribe(self, transcribe: bool) -> Self {
        Self(self.0.with_attr("transcribe", bool_str(transcribe)))
    }

    /// `transcribeCallback`: where the transcription is sent.
    pub fn transcribe_callback(self, url: impl Into<String>) -> Self {
        Self(self.0.with_attr("transcribeCallback", url))
    }
}

impl Default for Record {
    fn default() -> Self {
        Self::new()
    }
}

impl From<Record> for Element {
    fn from(verb: Record) -> Self {
        verb.0
    }
}
