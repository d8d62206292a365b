//! What a call should do next, independent of TwiML: the routing rules produce a plan, the
//! TwiML adapter renders it, turning each [`Callback`] into a URL.

mod callback;
mod gather;
mod prompt;

pub use callback::{Callback, Leg};
pub use gather::{MAX_DEPTH, MAX_OPTIONS, MenuInput, MenuPath};
pub(crate) use prompt::checked_text;
pub use prompt::{InvalidPrompt, MAX_SAY, Prompt};

use crate::PhoneNumber;
use crate::calls::BrowserIdentity;

/// One instruction of a call plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallStep {
    /// Play the audio at this absolute URL.
    Play {
        /// An absolute http(s) URL.
        url: String,
    },
    /// Speak this text.
    Say {
        /// The text, spoken as is.
        text: String,
    },
    /// Speak or play a prompt (with its voice and language).
    Prompt(Prompt),
    /// Listen for keys or speech while the prompt plays; the answer goes to `action`, and
    /// silence falls through to the next step.
    Gather {
        /// What the caller hears while Twilio listens.
        prompt: Prompt,
        /// Keys, speech or both.
        input: MenuInput,
        /// Seconds of silence before falling through.
        timeout: u32,
        /// How many keys end the input.
        num_digits: u32,
        /// Where the answer goes.
        action: Callback,
    },
    /// Ring a number or a browser; the outcome goes to `action`.
    Dial {
        /// Who is rung.
        target: DialTarget,
        /// Seconds to ring.
        timeout: u32,
        /// Keep the caller hearing ringing until the leg answers (browser legs).
        answer_on_bridge: bool,
        /// Where the outcome goes.
        action: Callback,
    },
    /// Record a message after a beep; the end goes to `action`, the recording's status
    /// (events completed and absent) to `recording_callback`.
    Record {
        /// The longest message, in seconds.
        max_length: u32,
        /// Where the end of the recording goes.
        action: Callback,
        /// Where the recording's status goes.
        recording_callback: Callback,
    },
    /// Fetch the next document from `to`.
    Redirect {
        /// The request.
        to: Callback,
    },
    /// End the call.
    Hangup,
}

/// What a `<Dial>` rings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialTarget {
    /// A phone number.
    Number(PhoneNumber),
    /// A browser client.
    Client(BrowserIdentity),
}

/// The ordered steps a call follows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallPlan {
    /// The steps, in order.
    pub steps: Vec<CallStep>,
}

impl CallPlan {
    /// The short message a caller hears when the number has nothing active.
    pub const NOT_IN_SERVICE_MESSAGE: &'static str =
        "This number is not in service: it is not active right now. Goodbye.";

    /// Play a greeting, then hang up.
    #[must_use]
    pub fn greeting(url: &str) -> Self {
        Self {
            steps: vec![
                CallStep::Play {
                    url: url.to_owned(),
                },
                CallStep::Hangup,
            ],
        }
    }

    /// Say that the number is not active, then hang up.
    #[must_use]
    pub fn not_in_service() -> Self {
        Self {
            steps: vec![
                CallStep::Say {
                    text: Self::NOT_IN_SERVICE_MESSAGE.to_owned(),
                },
                CallStep::Hangup,
            ],
        }
    }
}
