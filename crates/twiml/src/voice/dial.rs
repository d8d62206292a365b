//! `<Dial>` and the nouns it connects the caller to: `<Number>` and `<Client>`.

use crate::element::{Element, bool_str};
use crate::values::{CallProgressEvent, DialRecord, Method, RecordingEvent, Trim};

/// What may be nested in a [`Dial`]: [`Number`] or [`Client`].
pub trait DialNoun: Into<Element> {}

/// `<Dial>`: connect the caller to other parties, dialled in parallel.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a verb does nothing until it is added to a response"]
pub struct Dial(Element);

/// `<Number>`: a phone number to dial (at most 10 per `<Dial>`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a noun does nothing until it is added to a <Dial>"]
pub struct Number(Element);

/// `<Client>`: a Voice SDK client to ring, by identity.
///
/// Without parameters it renders as `<Client>identity</Client>`; with parameters as
/// `<Client><Identity>identity</Identity><Parameter name="…" value="…"/>…</Client>`, the
/// form Twilio requires for passing custom parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a noun does nothing until it is added to a <Dial>"]
pub struct Client {
    element: Element,
    identity: String,
    parameters: Vec<(String, String)>,
}

impl Dial {
    /// A `<Dial>` with no nouns yet; add them with [`with`](Self::with).
    pub fn new() -> Self {
        Self(Element::new("Dial"))
    }

    /// Appends a `<Number>` or `<Client>`.
    pub fn with(self, noun: impl DialNoun) -> Self {
        Self(self.0.with_child(noun))
    }

    /// `action`: where Twilio posts the outcome once the dialled call ends.
    pub fn action(self, url: impl Into<String>) -> Self {
        Self(self.0.with_attr("action", url))
    }

    /// `method` for `action`.
    pub fn method(self, method: Method) -> Self {
        Self(self.0.with_attr("method", method.as_str()))
    }

    /// `timeout`: seconds to ring before giving up (Twilio's default is 30).
    pub fn timeout(self, seconds: u32) -> Self {
        Self(self.0.with_attr("timeout", seconds.to_string()))
    }

    /// `callerId`: the number shown to the called party.
    pub fn caller_id(self, caller_id: impl Into<String>) -> Self {
        Self(self.0.with_attr("callerId", caller_id))
    }

    /// `record`.
    pub fn record(self, record: DialRecord) -> Self {
        Self(self.0.with_attr("record", record.as_str()))
    }

    /// `answerOnBridge`: keep the caller hearing ringing until the other party answers.
    pub fn answer_on_bridge(self, answer_on_bridge: bool) -> Self {
        Self(
            self.0
                .with_attr("answerOnBridge", bool_str(answer_on_bridge)),
        )
    }

    /// `timeLimit`: the longest the dialled call may last, in seconds (default 14400).
    pub fn time_limit(self, seconds: u32) -> Self {
        Self(self.0.with_attr("timeLimit", seconds.to_string()))
    }

    /// `hangupOnStar`: let the caller leave the dialled call by pressing `*`.
    pub fn hangup_on_star(self, hangup_on_star: bool) -> Self {
        Self(self.0.with_attr("hangupOnStar", bool_str(hangup_on_star)))
    }

    /// `trim`: whether to trim silence from the recording.
    pub fn trim(self, trim: Trim) -> Self {
        Self(self.0.with_attr("trim", trim.as_str()))
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
}

impl Default for Dial {
    fn default() -> Self {
        Self::new()
    }
}

impl Number {
    /// Dials `number` (E.164).
    pub fn new(number: impl Into<String>) -> Self {
        Self(Element::new("Number").with_text(number))
    }

    /// `sendDigits`: DTMF to send once the call connects.
    pub fn send_digits(self, digits: impl Into<String>) -> Self {
        Self(self.0.with_attr("sendDigits", digits))
    }

    /// `url`: TwiML run for the called party before the calls are bridged.
    pub fn url(self, url: impl Into<String>) -> Self {
        Self(self.0.with_attr("url", url))
    }

    /// `method` for `url`.
    pub fn method(self, method: Method) -> Self {
        Self(self.0.with_attr("method", method.as_str()))
    }

    /// `statusCallback`.
    pub fn status_callback(self, url: impl Into<String>) -> Self {
        Self(self.0.with_attr("statusCallback", url))
    }

    /// `statusCallbackMethod`.
    pub fn status_callback_method(self, method: Method) -> Self {
        Self(self.0.with_attr("statusCallbackMethod", method.as_str()))
    }

    /// `statusCallbackEvent`, space-separated; an empty list leaves it unset.
    pub fn status_callback_event(
        self,
        events: impl IntoIterator<Item = CallProgressEvent>,
    ) -> Self {
        Self(
            self.0
                .with_list_attr("statusCallbackEvent", events, CallProgressEvent::as_str),
        )
    }
}

impl Client {
    /// Rings the client registered as `identity`.
    pub fn new(identity: impl Into<String>) -> Self {
        Self {
            element: Element::new("Client"),
            identity: identity.into(),
            parameters: Vec::new(),
        }
    }

    /// Adds a `<Parameter name value>` passed to the client.
    pub fn parameter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parameters.push((name.into(), value.into()));
        self
    }

    /// `url`: TwiML run for the client before the calls are bridged.
    pub fn url(self, url: impl Into<String>) -> Self {
        self.attr("url", url)
    }

    /// `method` for `url`.
    pub fn method(self, method: Method) -> Self {
        self.attr("method", method.as_str())
    }

    /// `statusCallback`.
    pub fn status_callback(self, url: impl Into<String>) -> Self {
        self.attr("statusCallback", url)
    }

    /// `statusCallbackMethod`.
    pub fn status_callback_method(self, method: Method) -> Self {
        self.attr("statusCallbackMethod", method.as_str())
    }

    /// `statusCallbackEvent`, space-separated; an empty list leaves it unset.
    pub fn status_callback_event(
        mut self,
        events: impl IntoIterator<Item = CallProgressEvent>,
    ) -> Self {
        self.element =
            self.element
                .with_list_attr("statusCallbackEvent", events, CallProgressEvent::as_str);
        self
    }

    fn attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.element.set_attr(name, value);
        self
    }
}

impl DialNoun for Number {}
impl DialNoun for Client {}

impl From<Dial> for Element {
    fn from(verb: Dial) -> Self {
        verb.0
    }
}

impl From<Number> for Element {
    fn from(noun: Number) -> Self {
        noun.0
    }
}

impl From<Client> for Element {
    fn from(noun: Client) -> Self {
        let Client {
            element,
            identity,
            parameters,
        } = noun;
        if parameters.is_empty() {
            return element.with_text(identity);
        }
        parameters.into_iter().fold(
            element.with_child(Element::new("Identity").with_text(identity)),
            |element, (name, value)| {
                element.with_child(
                    Element::new("Parameter")
                        .with_attr("name", name)
                        .with_attr("value", value),
                )
            },
        )
    }
}
