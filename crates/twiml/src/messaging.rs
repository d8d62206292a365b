//! TwiML for incoming messages: the messaging `<Response>` and `<Message>`.

use std::io;

use crate::document::{render_document, write_document};
use crate::element::Element;
use crate::values::Method;
use crate::voice::control::Redirect;

/// What may be appended to a [`MessagingResponse`]: [`Message`] or [`Redirect`].
pub trait MessagingVerb: Into<Element> {}

impl MessagingVerb for Message {}
impl MessagingVerb for Redirect {}

/// `<Message>`: send a reply message.
///
/// The body is either text directly inside the element ([`new`](Self::new)) or a `<Body>`
/// child ([`body`](Self::body)); `<Media>` children attach media.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a verb does nothing until it is added to a response"]
pub struct Message(Element);

/// A messaging TwiML document: `<Response>` and its verbs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessagingResponse(Element);

impl Message {
    /// A message whose body is `text`, written directly inside `<Message>`. Pass `""` to
    /// give the body with [`body`](Self::body) instead, or to send media only.
    pub fn new(text: impl Into<String>) -> Self {
        Self(Element::new("Message").with_text(text))
    }

    /// Appends a `<Body>` child.
    pub fn body(self, text: impl Into<String>) -> Self {
        Self(self.0.with_child(Element::new("Body").with_text(text)))
    }

    /// Appends a `<Media>` child with the URL of an image or other media.
    pub fn media(self, url: impl Into<String>) -> Self {
        Self(self.0.with_child(Element::new("Media").with_text(url)))
    }

    /// `to`: the recipient (defaults to the sender of the incoming message).
    pub fn to(self, to: impl Into<String>) -> Self {
        Self(self.0.with_attr("to", to))
    }

    /// `from`: the sender (defaults to the number that received the incoming message).
    pub fn from(self, from: impl Into<String>) -> Self {
        Self(self.0.with_attr("from", from))
    }

    /// `action`: where Twilio posts the message status.
    pub fn action(self, url: impl Into<String>) -> Self {
        Self(self.0.with_attr("action", url))
    }

    /// `method` for `action`.
    pub fn method(self, method: Method) -> Self {
        Self(self.0.with_attr("method", method.as_str()))
    }
}

impl From<Message> for Element {
    fn from(verb: Message) -> Self {
        verb.0
    }
}

impl MessagingResponse {
    /// An empty `<Response/>`.
    #[must_use]
    pub fn new() -> Self {
        Self(Element::new("Response"))
    }

    /// Appends a verb.
    #[must_use]
    pub fn with(mut self, verb: impl MessagingVerb) -> Self {
        self.push(verb);
        self
    }

    /// Appends a verb in place.
    pub fn push(&mut self, verb: impl MessagingVerb) -> &mut Self {
        self.0.push_child(verb);
        self
    }

    /// The `<Response>` element.
    #[must_use]
    pub fn element(&self) -> &Element {
        &self.0
    }

    /// The document, as [`VoiceResponse::to_xml`](crate::VoiceResponse::to_xml).
    #[must_use]
    pub fn to_xml(&self) -> String {
        render_document(&self.0)
    }

    /// Writes the document into `out` and returns it.
    ///
    /// # Errors
    /// Whatever `out` returns.
    pub fn write_to<W: io::Write>(&self, out: W) -> io::Result<W> {
        write_document(&self.0, out)
    }
}

impl Default for MessagingResponse {
    fn default() -> Self {
        Self::new()
    }
}
