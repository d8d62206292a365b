//! The verbs that end or move a call: `<Hangup>`, `<Redirect>` and `<Reject>`.

use crate::element::Element;
use crate::values::{Method, RejectReason};

/// `<Hangup/>`: end the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hangup;

/// `<Redirect>`: continue with the TwiML at another URL. Also valid in a messaging response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a verb does nothing until it is added to a response"]
pub struct Redirect(Element);

/// `<Reject/>`: refuse an incoming call without answering it (so it is not billed).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a verb does nothing until it is added to a response"]
pub struct Reject(Element);

impl Redirect {
    /// Fetches the next TwiML from `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self(Element::new("Redirect").with_text(url))
    }

    /// `method` used to fetch `url`.
    pub fn method(self, method: Method) -> Self {
        Self(self.0.with_attr("method", method.as_str()))
    }
}

impl Reject {
    /// Rejects with Twilio's default reason.
    pub fn new() -> Self {
        Self(Element::new("Reject"))
    }

    /// `reason`: what the caller hears.
    pub fn reason(self, reason: RejectReason) -> Self {
        Self(self.0.with_attr("reason", reason.as_str()))
    }
}

impl Default for Reject {
    fn default() -> Self {
        Self::new()
    }
}

impl From<Hangup> for Element {
    fn from(_: Hangup) -> Self {
        Element::new("Hangup")
    }
}

impl From<Redirect> for Element {
    fn from(verb: Redirect) -> Self {
        verb.0
    }
}

impl From<Reject> for Element {
    fn from(verb: Reject) -> Self {
        verb.0
    }
}
