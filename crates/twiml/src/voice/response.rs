//! The voice `<Response>` document.

use crate::document::response_document;
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

response_document!(
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
    VoiceResponse,
    VoiceVerb
);
