//! What the people on a simulated call do: the caller's digits, speech and recording, how
//! the first `<Dial>` ends, and the hook through which a `<Client>` (a browser) can answer
//! or reject a call by itself.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};

/// How a dialled leg ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DialOutcome {
    /// The callee answers (after [`ANSWER_AFTER_SECS`], at most the Dial's timeout) and
    /// talks for [`CallScript::talk_seconds`].
    #[default]
    Answer,
    /// The callee is busy (after [`BUSY_AFTER_SECS`]).
    Busy,
    /// Nobody answers before the Dial's timeout.
    NoAnswer,
}

impl DialOutcome {
    /// `answer`, `busy` or `no-answer`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answer => "answer",
            Self::Busy => "busy",
            Self::NoAnswer => "no-answer",
        }
    }

    /// Reads `answer`, `busy` or `no-answer`.
    #[must_use]
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "answer" => Some(Self::Answer),
            "busy" => Some(Self::Busy),
            "no-answer" => Some(Self::NoAnswer),
            _ => None,
        }
    }
}

/// Seconds a leg that answers rings first (capped at the Dial's timeout).
pub const ANSWER_AFTER_SECS: u32 = 5;

/// Seconds before a busy leg reports busy (capped at the Dial's timeout).
pub const BUSY_AFTER_SECS: u32 = 2;

/// The caller's side of a simulated call, consumed as the TwiML asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallScript {
    /// Keys pressed, one entry per `<Gather>` that takes `dtmf` (`"1"`, `"123#"`); an
    /// entry stops at the Gather's `finishOnKey` and at `numDigits`.
    pub digits: Vec<String>,
    /// Words said, one entry per `<Gather>` that takes `speech` (used when no digits are
    /// left for it or it takes only speech).
    pub speech: Vec<String>,
    /// How the first `<Dial>` ends.
    pub first_dial: DialOutcome,
    /// How the Dials after the first end, in order; Dials past the list are answered.
    #[serde(default)]
    pub later_dials: Vec<DialOutcome>,
    /// Seconds the caller speaks into a `<Record>` (capped at its `maxLength`); 0 records
    /// nothing, which Twilio reports as an `absent` recording.
    pub record_seconds: u32,
    /// Seconds an answered `<Dial>` leg talks before hanging up.
    pub talk_seconds: u32,
}

impl Default for CallScript {
    fn default() -> Self {
        Self {
            digits: Vec::new(),
            speech: Vec::new(),
            first_dial: DialOutcome::Answer,
            later_dials: Vec::new(),
            record_seconds: 5,
            talk_seconds: 10,
        }
    }
}

impl CallScript {
    /// The default script with `digits` queued.
    #[must_use]
    pub fn with_digits<S: Into<String>>(mut self, digits: impl IntoIterator<Item = S>) -> Self {
        self.digits.extend(digits.into_iter().map(Into::into));
        self
    }

    /// This script with `speech` queued.
    #[must_use]
    pub fn with_speech<S: Into<String>>(mut self, speech: impl IntoIterator<Item = S>) -> Self {
        self.speech.extend(speech.into_iter().map(Into::into));
        self
    }

    /// This script with the first Dial ending as `outcome`.
    #[must_use]
    pub fn first_dial(mut self, outcome: DialOutcome) -> Self {
        self.first_dial = outcome;
        self
    }

    /// This script with the Dials after the first ending as `outcomes`, in order.
    #[must_use]
    pub fn then_dials(mut self, outcomes: impl IntoIterator<Item = DialOutcome>) -> Self {
        self.later_dials.extend(outcomes);
        self
    }

    /// This script recording `seconds` into a `<Record>`.
    #[must_use]
    pub fn record_seconds(mut self, seconds: u32) -> Self {
        self.record_seconds = seconds;
        self
    }
}

/// A `<Dial><Client>` leg ringing a browser, as a [`ClientResponder`] sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRing {
    /// The call that dialled.
    pub parent_call_sid: String,
    /// The leg ringing the client.
    pub call_sid: String,
    /// The client's identity.
    pub identity: String,
    /// Who is calling (the caller ID the leg shows).
    pub from: String,
    /// The number that was called (the dialling call's `To`).
    pub to: String,
    /// The Dial's ring timeout in seconds.
    pub timeout: u32,
    /// The `<Parameter>`s of the `<Client>`.
    pub parameters: Vec<(String, String)>,
}

/// The boxed future a [`ClientResponder`] answers with.
pub type ResponderFuture<'a> = Pin<Box<dyn Future<Output = Option<DialOutcome>> + Send + 'a>>;

/// A bridged call with a browser on it, as a [`ClientResponder`] sees it: a `<Client>` leg
/// the responder answered, or a `<Dial>` from a browser's own call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldCall {
    /// The call that dialled (for a browser's own call, the browser's call).
    pub parent_call_sid: String,
    /// The answered leg.
    pub leg_sid: String,
    /// The browser's identity.
    pub identity: String,
}

/// The boxed future [`ClientResponder::hold`] answers with: seconds talked.
pub type HoldFuture<'a> = Pin<Box<dyn Future<Output = Option<u32>> + Send + 'a>>;

/// Decides how a ringing `<Client>` leg ends, so that a browser console can answer or
/// reject a call by itself. `None` leaves it to the [`CallScript`]. The engine waits for the
/// future (in real time), so an implementation should give up by itself, for instance
/// after the ring's `timeout`.
pub trait ClientResponder: Send + Sync + fmt::Debug {
    /// How the leg `ring` ends.
    fn respond<'a>(&'a self, ring: &'a ClientRing) -> ResponderFuture<'a>;

    /// How long the bridged call `call` lasts, in seconds, when a browser decides (it hangs
    /// up): the engine waits for the future in real time, after the leg is answered.
    /// `None`, the default, leaves it to the script's `talk_seconds`.
    fn hold<'a>(&'a self, call: &'a HeldCall) -> HoldFuture<'a> {
        let _ = call;
        Box::pin(std::future::ready(None))
    }
}
