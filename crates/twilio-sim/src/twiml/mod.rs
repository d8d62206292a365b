//! TwiML as the stand-in reads it: [`parse`] turns a voice document into a typed tree
//! ([`Document`] of [`Verb`]s, with Twilio's defaults), refusing what Twilio refuses with
//! its error code ([`TwimlError`]).
//!
//! Parsing is two passes: `xml` reads well-formed XML into a plain element tree with
//! quick-xml, then `parse` (with `media`, `input` and `dial`) checks each verb, noun and
//! attribute and builds the typed tree.

mod attrs;
mod dial;
mod error;
mod input;
mod media;
mod parse;
mod verbs;
mod xml;

pub use dial::MAX_NUMBERS;
pub use error::{PARSE_FAILURE, SCHEMA_VALIDATION, TwimlError};
pub use parse::parse;
pub use verbs::{
    Dial, DialTarget, Document, Gather, LegCallbacks, Method, Pause, Play, Prompt, Record,
    Redirect, Reject, RejectReason, Say, SpeechTimeout, Verb,
};
