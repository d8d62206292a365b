//! The typed tree of a voice TwiML document: `<Response>` and the verbs and nouns the
//! stand-in carries out, with Twilio's defaults filled in. URLs are kept as written
//! (relative ones resolve against the document's URL when they are used).

use switchboard_domain::telephony::{CallEvent, RecordingStatus};

/// A parsed `<Response>`: its verbs in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// The verbs, in document order.
    pub verbs: Vec<Verb>,
}

/// A verb directly inside `<Response>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verb {
    /// `<Say>`.
    Say(Say),
    /// `<Play>`.
    Play(Play),
    /// `<Pause>`.
    Pause(Pause),
    /// `<Gather>`.
    Gather(Gather),
    /// `<Dial>`.
    Dial(Dial),
    /// `<Record>`.
    Record(Record),
    /// `<Redirect>`.
    Redirect(Redirect),
    /// `<Hangup/>`.
    Hangup,
    /// `<Reject>`.
    Reject(Reject),
}

/// `GET` or `POST`, the method of an `action` or URL (default `POST`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// `GET`: parameters in the query string.
    Get,
    /// `POST`: parameters in a form body.
    #[default]
    Post,
}

impl Method {
    /// `GET` or `POST`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// `<Say>`: text spoken to the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Say {
    /// The text (SSML elements inside contribute their text).
    pub text: String,
    /// `voice`.
    pub voice: Option<String>,
    /// `language`.
    pub language: Option<String>,
    /// `loop`: how many times (default 1; 0 repeats until the call ends).
    pub loops: u32,
}

/// `<Play>`: an audio file, or DTMF tones with `digits`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Play {
    /// The audio URL, when one is given.
    pub url: Option<String>,
    /// `loop` (default 1; 0 repeats until the call ends).
    pub loops: u32,
    /// `digits`: DTMF tones to play (`w` is a half-second pause).
    pub digits: Option<String>,
}

/// `<Pause>`: silence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    /// `length` in seconds (default 1).
    pub length: u32,
}

/// What a `<Gather>` plays while it listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// A nested `<Say>`.
    Say(Say),
    /// A nested `<Play>`.
    Play(Play),
    /// A nested `<Pause>`.
    Pause(Pause),
}

/// `speechTimeout`: seconds of silence that end speech, or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeechTimeout {
    /// `auto`.
    Auto,
    /// A number of seconds.
    Seconds(u32),
}

/// `<Gather>`: collects digits or speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gather {
    /// `input` includes `dtmf` (the default).
    pub dtmf: bool,
    /// `input` includes `speech`.
    pub speech: bool,
    /// `action` (default: the current document's URL).
    pub action: Option<String>,
    /// `method`.
    pub method: Method,
    /// `timeout` in seconds (default 5).
    pub timeout: u32,
    /// `numDigits` (default: no limit).
    pub num_digits: Option<u32>,
    /// `finishOnKey` (default `#`; empty: none).
    pub finish_on_key: Option<char>,
    /// `speechTimeout` (default: the `timeout`).
    pub speech_timeout: Option<SpeechTimeout>,
    /// `actionOnEmptyResult` (default false).
    pub action_on_empty_result: bool,
    /// `hints`.
    pub hints: Option<String>,
    /// The nested `<Say>`, `<Play>` and `<Pause>`.
    pub prompts: Vec<Prompt>,
}

/// A `<Number>` or `<Client>`'s call-progress settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LegCallbacks {
    /// `statusCallback`.
    pub status_callback: Option<String>,
    /// `statusCallbackEvent` (default: only `completed`).
    pub status_callback_events: Vec<CallEvent>,
    /// `statusCallbackMethod`.
    pub status_callback_method: Method,
    /// `url`: TwiML run on the callee's side before bridging (noted, not run).
    pub url: Option<String>,
    /// `method` of `url`.
    pub method: Method,
}

/// What a `<Dial>` rings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialTarget {
    /// `<Number>` (or a bare number as the Dial's text).
    Number {
        /// The number as written.
        number: String,
        /// Its callbacks.
        callbacks: LegCallbacks,
    },
    /// `<Client>`: a Voice SDK client.
    Client {
        /// The identity (the text or `<Identity>`).
        identity: String,
        /// The `<Parameter name value>`s.
        parameters: Vec<(String, String)>,
        /// Its callbacks.
        callbacks: LegCallbacks,
    },
}

/// `<Dial>`: rings one or more targets (in parallel) and bridges the first that answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dial {
    /// `action` (none: the call continues after the Dial).
    pub action: Option<String>,
    /// `method`.
    pub method: Method,
    /// `timeout`: ring time in seconds (default 30).
    pub timeout: u32,
    /// `answerOnBridge`.
    pub answer_on_bridge: bool,
    /// `callerId`.
    pub caller_id: Option<String>,
    /// `record` (default `do-not-record`).
    pub record: String,
    /// At least one, at most 10 numbers.
    pub targets: Vec<DialTarget>,
}

/// `<Record>`: records the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// `action` (default: the current document's URL).
    pub action: Option<String>,
    /// `method`.
    pub method: Method,
    /// `maxLength` in seconds (default 3600).
    pub max_length: u32,
    /// `playBeep` (default true).
    pub play_beep: bool,
    /// `timeout`: seconds of silence that end it (default 5).
    pub timeout: u32,
    /// `finishOnKey` (default `1234567890*#`).
    pub finish_on_key: String,
    /// `recordingStatusCallback`.
    pub recording_status_callback: Option<String>,
    /// `recordingStatusCallbackEvent` (default `completed`).
    pub recording_status_callback_events: Vec<RecordingStatus>,
    /// `recordingStatusCallbackMethod`.
    pub recording_status_callback_method: Method,
    /// `trim` (default `trim-silence`).
    pub trim: String,
}

/// `<Redirect>`: continue with the TwiML at a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The URL (the text).
    pub url: String,
    /// `method`.
    pub method: Method,
}

/// `reason` of `<Reject>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RejectReason {
    /// `rejected` (the default): the call ends `no-answer`.
    #[default]
    Rejected,
    /// `busy`: the call ends `busy`.
    Busy,
}

impl RejectReason {
    /// `rejected` or `busy`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rejected => "rejected",
            Self::Busy => "busy",
        }
    }
}

/// `<Reject>`: refuse the call without answering it (when it is the first verb).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reject {
    /// `reason`.
    pub reason: RejectReason,
}
