//! TwiML for incoming messages: the messaging `<Response>` and `<Message>`.

use crate::document::response_document;
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

response_document!(
    /// A messaging TwiML document: `<Response>` and its verbs.
    MessagingResponse,
    MessagingVerb
);

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
