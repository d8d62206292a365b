//! The control API: the stand-in's drivers over HTTP, so that another process (the
//! `switchboard` CLI, a script) can make calls and messages arrive at the app.
//!
//! The routes live under [`PREFIX`] (`/_sim`), outside Twilio's `/2010-04-01` namespace, and
//! share the Twilio routes' HTTP Basic auth; [`SimControl`] documents them and is their typed
//! client. The handler runs the same [`Shared`](crate::state::Shared) drivers as
//! [`RunningSim`](crate::RunningSim)'s methods.
//!
//! Control exchanges are the stand-in's own, not Twilio's: they are not checked against the
//! spec, not recorded in `requests()`, and injected faults do not apply to them. The webhooks
//! they cause are real and recorded in `webhook_deliveries()`.

use serde::{Deserialize, Serialize};

use crate::transcript::Transcript;
use crate::webhooks::{WebhookDelivery, WebhookReply};

mod base_url;
mod client;
mod client_messages;
mod client_runs;
mod error;
mod script_params;
mod server;
mod text;

pub use client::SimControl;
pub use error::ControlError;
pub(crate) use server::handle;

/// Where the control routes live: `/_sim/...` on the stand-in's port.
pub(crate) const PREFIX: &str = "/_sim";

/// The caller an inbound call or message comes from when the request names no `From`:
/// `+15005550006`, Twilio's "valid number" magic test number, so fictional everywhere.
pub const DEFAULT_INBOUND_FROM: &str = "+15005550006";

/// The `error` of a control error body: what went wrong, for clients to branch on.
mod kind {
    /// 400: a parameter is missing or malformed.
    pub const INVALID_REQUEST: &str = "invalid_request";
    /// 404: `To` is not one of the account's numbers.
    pub const UNKNOWN_NUMBER: &str = "unknown_number";
    /// 404: no call with that SID.
    pub const UNKNOWN_CALL: &str = "unknown_call";
    /// 404: no control route at that path.
    pub const NOT_FOUND: &str = "not_found";
    /// 405: the route exists but only takes `POST`.
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// 409: the number has no webhook URL for this kind of traffic (or the account no TwiML
    /// App with a `VoiceUrl`, for a browser call).
    pub const NO_WEBHOOK: &str = "no_webhook";
    /// 409: the call has already ended.
    pub const CALL_ENDED: &str = "call_ended";
    /// 502: the app could not be reached (refused, timed out).
    pub const APP_UNREACHABLE: &str = "app_unreachable";
    /// 500: a bug in the stand-in.
    pub const INTERNAL: &str = "internal";
}

/// A control error body: `{"status": 404, "error": "unknown_number", "message": "..."}`.
/// (A 401 is Twilio's own error body instead, as on every other route.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ErrorBody {
    /// The HTTP status.
    status: u16,
    /// One of the [`kind`] constants.
    error: String,
    /// A one-line, human-readable explanation.
    message: String,
}

/// The body of a successful `InboundCalls` or `InboundMessages`: the new call's or
/// message's SID and what the app answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ReplyBody {
    /// The new call's SID (`InboundCalls`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    call_sid: Option<String>,
    /// The new message's SID (`InboundMessages`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message_sid: Option<String>,
    /// The app's HTTP status.
    status: u16,
    /// The app's `Content-Type`, if it sent one.
    content_type: Option<String>,
    /// The app's body (TwiML, usually).
    body: String,
    /// For calls, what the TwiML engine did, to the call's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    transcript: Option<Transcript>,
}

impl ReplyBody {
    /// The body for `reply`, the app's answer about the new call or message.
    fn new(reply: WebhookReply, is_call: bool) -> Self {
        let (call_sid, message_sid) = if is_call {
            (reply.sid, None)
        } else {
            (None, reply.sid)
        };
        Self {
            call_sid,
            message_sid,
            status: reply.status,
            content_type: reply.content_type,
            body: reply.body,
            transcript: None,
        }
    }

    /// This body with the call's `transcript`.
    fn with_transcript(mut self, transcript: Transcript) -> Self {
        self.transcript = Some(transcript);
        self
    }
}

/// The body of a successful `Calls/{Sid}/Complete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct CompletedBody {
    /// The call.
    call_sid: String,
    /// Always `completed`.
    call_status: String,
    /// The talk time, in seconds.
    duration: u32,
    /// The status and recording callbacks sent, in order (params as `[name, value]` pairs,
    /// `status` `null` when the request failed).
    webhooks: Vec<WebhookDelivery>,
}
