//! The verbs that make the caller hear something: `<Say>`, `<Play>` and `<Pause>`.

use crate::element::Element;

/// `<Say>`: speak text with text-to-speech.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a verb does nothing until it is added to a response"]
pub struct Say(Element);

/// `<Play>`: play an audio file, or DTMF tones with [`digits`](Play::digits).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a verb does nothing until it is added to a response"]
pub struct Play(Element);

/// `<Pause>`: wait in silence (one second unless [`length`](Pause::length) is set).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a verb does nothing until it is added to a response"]
pub struct Pause(Element);

impl Say {
    /// Speaks `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Self(Element::new("Say").with_text(text))
    }

    /// `voice`: `man`, `woman`, `alice`, `Polly.*`, `Google.*`, ….
    pub fn voice(self, voice: impl Into<String>) -> Self {
        Self(self.0.with_attr("voice", voice))
    }

    /// `language`, such as `en-US`.
    pub fn language(self, language: impl Into<String>) -> Self {
        Self(self.0.with_attr("language", language))
    }

    /// `loop`: how many times to speak the text; 0 repeats until the call ends.
    pub fn loop_count(self, times: u32) -> Self {
        Self(self.0.with_attr("loop", times.to_string()))
    }
}

impl Play {
    /// Plays the audio at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self(Element::new("Play").with_text(url))
    }

    /// Plays only DTMF tones, with no audio file: `<Play digits="…"/>`.
    pub fn dtmf(digits: impl Into<String>) -> Self {
        Self(Element::new("Play").with_attr("digits", digits))
    }

    /// `loop`: how many times to play; 0 repeats until the call ends.
    pub fn loop_count(self, times: u32) -> Self {
        Self(self.0.with_attr("loop", times.to_string()))
    }

    /// `digits`: DTMF tones to play (`w` waits half a second).
    pub fn digits(self, digits: impl Into<String>) -> Self {
        Self(self.0.with_attr("digits", digits))
    }
}

impl Pause {
    /// A pause of Twilio's default length.
    pub fn new() -> Self {
        Self(Element::new("Pause"))
    }

    /// `length` in seconds.
    pub fn length(self, seconds: u32) -> Self {
        Self(self.0.with_attr("length", seconds.to_string()))
    }
}

impl Default for Pause {
    fn default() -> Self {
        Self::new()
    }
}

impl From<Say> for Element {
    fn from(verb: Say) -> Self {
        verb.0
    }
}

impl From<Play> for Element {
    fn from(verb: Play) -> Self {
        verb.0
    }
}

impl From<Pause> for Element {
    fn from(verb: Pause) -> Self {
        verb.0
    }
}
