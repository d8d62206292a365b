//! `<Gather>`: collect key presses or speech, with the prompts nested inside it.

use crate::element::Element;
use crate::values::{GatherInput, Method, SpeechTimeout};
use crate::voice::prompt::{Pause, Play, Say};

/// What may be nested in a [`Gather`]: [`Say`], [`Play`] or [`Pause`].
pub trait GatherChild: Into<Element> {}

impl GatherChild for Say {}
impl GatherChild for Play {}
impl GatherChild for Pause {}

/// `<Gather>`. With no input it falls through to the next verb of the response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a verb does nothing until it is added to a response"]
pub struct Gather(Element);

impl Gather {
    /// A `<Gather>` with Twilio's defaults and no prompt.
    pub fn new() -> Self {
        Self(Element::new("Gather"))
    }

    /// Appends a prompt played while gathering.
    pub fn with(self, child: impl GatherChild) -> Self {
        Self(self.0.with_child(child))
    }

    /// `input`, space-separated (`dtmf`, `speech` or both); an empty list leaves it unset.
    pub fn input(self, inputs: impl IntoIterator<Item = GatherInput>) -> Self {
        Self(self.0.with_list_attr("input", inputs, GatherInput::as_str))
    }

    /// `action`: where Twilio sends what was gathered.
    pub fn action(self, url: impl Into<String>) -> Self {
        Self(self.0.with_attr("action", url))
    }

    /// `method` for `action`.
    pub fn method(self, method: Method) -> Self {
        Self(self.0.with_attr("method", method.as_str()))
    }

    /// `timeout`: seconds of silence before giving up (default 5).
    pub fn timeout(self, seconds: u32) -> Self {
        Self(self.0.with_attr("timeout", seconds.to_string()))
    }

    /// `numDigits`: stop after this many key presses.
    pub fn num_digits(self, digits: u32) -> Self {
        Self(self.0.with_attr("numDigits", digits.to_string()))
    }

    /// `finishOnKey`: the key that ends input (default `#`; empty disables it).
    pub fn finish_on_key(self, key: impl Into<String>) -> Self {
        Self(self.0.with_attr("finishOnKey", key))
    }

    /// `language` of the expected speech, such as `en-US`.
    pub fn language(self, language: impl Into<String>) -> Self {
        Self(self.0.with_attr("language", language))
    }

    /// `speechTimeout`.
    pub fn speech_timeout(self, timeout: SpeechTimeout) -> Self {
        Self(self.0.with_attr("speechTimeout", timeout.to_attr_value()))
    }

    /// `hints`: expected words or phrases, separated by commas as Twilio documents.
    pub fn hints(self, hints: impl Into<String>) -> Self {
        Self(self.0.with_attr("hints", hints))
    }
}

impl Default for Gather {
    fn default() -> Self {
        Self::new()
    }
}

impl From<Gather> for Element {
    fn from(verb: Gather) -> Self {
        verb.0
    }
}
