//! The enumerated attribute values TwiML accepts, each with the string Twilio expects.

/// An HTTP method for a callback URL (`method`, `statusCallbackMethod`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`, Twilio's default.
    Post,
}

/// `<Reject reason>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RejectReason {
    /// `rejected`: the caller hears that the number is not in service.
    Rejected,
    /// `busy`: the caller hears a busy signal.
    Busy,
}

/// `<Dial record>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DialRecord {
    /// `do-not-record`
    DoNotRecord,
    /// `record-from-answer`
    RecordFromAnswer,
    /// `record-from-ringing`
    RecordFromRinging,
    /// `record-from-answer-dual`
    RecordFromAnswerDual,
    /// `record-from-ringing-dual`
    RecordFromRingingDual,
}

/// `trim` on `<Dial>` and `<Record>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trim {
    /// `trim-silence`
    TrimSilence,
    /// `do-not-trim`
    DoNotTrim,
}

/// One of the `recordingStatusCallbackEvent` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordingEvent {
    /// `in-progress`
    InProgress,
    /// `completed`
    Completed,
    /// `absent`
    Absent,
}

/// One of the `statusCallbackEvent` values of `<Number>` and `<Client>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallProgressEvent {
    /// `initiated`
    Initiated,
    /// `ringing`
    Ringing,
    /// `answered`
    Answered,
    /// `completed`
    Completed,
}

/// One of the `<Gather input>` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GatherInput {
    /// `dtmf`: key presses.
    Dtmf,
    /// `speech`
    Speech,
}

/// `<Gather speechTimeout>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpeechTimeout {
    /// `auto`: stop at the first pause in speech.
    Auto,
    /// Stop after this many seconds of silence.
    Seconds(u32),
}

impl Method {
    /// The attribute value.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

impl RejectReason {
    /// The attribute value.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Rejected => "rejected",
            Self::Busy => "busy",
        }
    }
}

impl DialRecord {
    /// The attribute value.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::DoNotRecord => "do-not-record",
            Self::RecordFromAnswer => "record-from-answer",
            Self::RecordFromRinging => "record-from-ringing",
            Self::RecordFromAnswerDual => "record-from-answer-dual",
            Self::RecordFromRingingDual => "record-from-ringing-dual",
        }
    }
}

impl Trim {
    /// The attribute value.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::TrimSilence => "trim-silence",
            Self::DoNotTrim => "do-not-trim",
        }
    }
}

impl RecordingEvent {
    /// The attribute value.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "in-progress",
            Self::Completed => "completed",
            Self::Absent => "absent",
        }
    }
}

impl CallProgressEvent {
    /// The attribute value.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Initiated => "initiated",
            Self::Ringing => "ringing",
            Self::Answered => "answered",
            Self::Completed => "completed",
        }
    }
}

impl GatherInput {
    /// The attribute value.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Dtmf => "dtmf",
            Self::Speech => "speech",
        }
    }
}

impl SpeechTimeout {
    /// The attribute value: `auto` or a number of seconds.
    #[must_use]
    pub fn to_attr_value(self) -> String {
        match self {
            Self::Auto => "auto".to_owned(),
            Self::Seconds(seconds) => seconds.to_string(),
        }
    }
}
