//! The voice `<Response>` document.

use std::io;

use crate::document::{render_document, write_document};
use crate::element::Element;
use crate::voice::control::{Hangup, Redirect, Reject};
use crate::voice::dial::Dial;
use crate::voice::gather::Gather;
use crate::voice::prompt::{Pause, Play, Say};
use crate::voice::record::Record;

/// What may be appended to a [`VoiceResponse`].
pub trait VoiceVerb: Into<Element> {}

impl VoiceVerb for Say {}
impl VoiceVerb for Play {}
impl VoiceVerb for Pause {}
impl VoiceVerb for Hangup {}
impl VoiceVerb for Redirect {}
impl VoiceVerb for Reject {}
impl VoiceVerb for Dial {}
impl VoiceVerb for Gather {}
impl VoiceVerb for Record {}

/// A voice TwiML document: `<Response>` and its verbs, executed in order.
///
/// ```
/// use switchboard_twiml::{Hangup, Say, VoiceResponse};
///
/// let xml = VoiceResponse::new().with(Say::new("Goodbye")).with(Hangup).to_xml();
/// assert_eq!(
///     xml,
///     r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>Goodbye</Say><Hangup/></Response>"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceResponse(Element);

impl VoiceResponse {
    /// An empty `<Response/>`.
    #[must_use]
    pub fn new() -> Self {
        Self(Element::new("Response"))
    }

    /// Appends a verb.
    #[must_use]
    pub fn with(mut self, verb: impl VoiceVerb) -> Self {
        self.push(verb);
        self
    }

    /// Appends a verb in place.
    pub fn push(&mut self, verb: impl VoiceVerb) -> &mut Self {
        self.0.push_child(verb);
        self
    }

    /// The `<Response>` element.
    #[must_use]
    pub fn element(&self) -> &Element {
        &self.0
    }

    /// The document: `<?xml version="1.0" encoding="UTF-8"?>` directly followed by the
    /// `<Response>`, without whitespace. Never panics.
    #[must_use]
    pub fn to_xml(&self) -> String {
        render_document(&self.0)
    }

    /// Writes the document (as [`to_xml`](Self::to_xml)) into `out` and returns it.
    ///
    /// # Errors
    /// Whatever `out` returns.
    pub fn write_to<W: io::Write>(&self, out: W) -> io::Result<W> {
        write_document(&self.0, out)
    }
}

impl Default for VoiceResponse {
    fn default() -> Self {
        Self::new()
    }
}
