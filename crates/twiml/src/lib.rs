//! TwiML rendering for Switchboard: a small builder over quick-xml's `Writer` for voice and
//! messaging responses, and [`render_call_plan`] for the domain's call plans.
//!
//! Output matches what Twilio's official libraries produce up to attribute order and
//! `<X/>` vs `<X />`: the XML declaration with no newline after it, no pretty printing,
//! booleans as `true`/`false`, list attributes space-separated, unset attributes omitted,
//! text and attribute values escaped, non-ASCII written as UTF-8.

mod call_plan;
mod document;
mod element;
mod escape;
mod messaging;
mod values;
mod voice;

pub use call_plan::{CallbackUrls, call_plan_response, render_call_plan};
pub use element::{Element, Node};
pub use messaging::{Message, MessagingResponse, MessagingVerb};
pub use values::{
    CallProgressEvent, DialRecord, GatherInput, Method, RecordingEvent, RejectReason,
    SpeechTimeout, Trim,
};
pub use voice::control::{Hangup, Redirect, Reject};
pub use voice::dial::{Client, Dial, DialNoun, Number};
pub use voice::gather::{Gather, GatherChild};
pub use voice::prompt::{Pause, Play, Say};
pub use voice::record::Record;
pub use voice::response::{VoiceResponse, VoiceVerb};

/// The `Content-Type` to serve TwiML with.
pub const CONTENT_TYPE: &str = "text/xml; charset=utf-8";
