//! The port of the console's local phone channel: a browser phone without WebRTC, served by
//! the local Twilio stand-in (see `routes/phone`). The server crate implements it over the
//! embedded stand-in; with a real Twilio account there is none, and the console uses the
//! Twilio Voice JS SDK instead.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::Serialize;

/// Whether an event announces a new ringing call or a call's new state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PhoneEventType {
    /// A call rings the browser phone.
    Incoming,
    /// A call the phone knows moved on.
    State,
}

/// Whether the browser is called or calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PhoneDirection {
    /// A call ringing the browser.
    Inbound,
    /// A call the browser placed.
    Outbound,
}

/// A browser call's state, in Twilio's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PhoneCallState {
    /// Ringing.
    Ringing,
    /// Answered and talking.
    InProgress,
    /// Ended after it was answered, or ended by the app without dialling.
    Completed,
    /// Rejected, or the callee was busy.
    Busy,
    /// Nobody answered.
    NoAnswer,
    /// Stopped ringing before anyone answered.
    Canceled,
    /// Could not be carried out.
    Failed,
}

/// One event of a browser phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhoneEvent {
    /// Its place in the log: poll with `after` set to the answer's `next`.
    pub seq: u64,
    /// New ringing call, or a call's new state.
    #[serde(rename = "type")]
    pub kind: PhoneEventType,
    /// The call's handle for accept, reject and hang up.
    #[schema(example = "CA0123456789abcdef0123456789abcdef")]
    pub call_sid: String,
    /// Called or calling.
    pub direction: PhoneDirection,
    /// The caller.
    #[schema(example = "+14155550100")]
    pub from: String,
    /// The number called.
    #[schema(example = "+16285550100")]
    pub to: String,
    /// The call's state.
    pub state: PhoneCallState,
    /// Why it ended, when something said so (what the app said when it refused the call,
    /// `rejected`, ...).
    pub reason: Option<String>,
}

/// Why a request about a call was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalPhoneError {
    /// No such call on this phone.
    #[error("no such call on your browser phone")]
    UnknownCall,
    /// The call no longer rings.
    #[error("the call is no longer ringing: it was answered on another device, rejected or ended")]
    NotRinging,
    /// The call is not in progress.
    #[error("the call is not in progress")]
    NotActive,
    /// The call cannot be placed as asked.
    #[error("{0}")]
    Invalid(String),
    /// The stand-in cannot place calls now.
    #[error("{0}")]
    Unavailable(String),
}

/// What [`LocalPhone::events`] answers: the events and where to poll from next.
pub type PhoneEvents = (Vec<PhoneEvent>, u64);

/// The boxed future of [`LocalPhone::events`].
pub type EventsFuture<'a> = Pin<Box<dyn Future<Output = PhoneEvents> + Send + 'a>>;

/// A browser phone per identity, served by the local stand-in.
pub trait LocalPhone: Send + Sync + fmt::Debug {
    /// `identity`'s events after `after`, waiting up to `wait` for one; without `after`,
    /// none and the current position.
    fn events<'a>(
        &'a self,
        identity: &'a str,
        after: Option<u64>,
        wait: Duration,
    ) -> EventsFuture<'a>;

    /// Places a call from `identity`'s browser to `to`, returning its handle.
    ///
    /// # Errors
    /// [`LocalPhoneError::Invalid`], [`LocalPhoneError::Unavailable`].
    fn place(
        &self,
        identity: &str,
        to: &str,
        caller_id: Option<&str>,
    ) -> Result<String, LocalPhoneError>;

    /// Answers the ringing call `call_sid`.
    ///
    /// # Errors
    /// [`LocalPhoneError::UnknownCall`], [`LocalPhoneError::NotRinging`].
    fn accept(&self, identity: &str, call_sid: &str) -> Result<(), LocalPhoneError>;

    /// Rejects the ringing call `call_sid`.
    ///
    /// # Errors
    /// [`LocalPhoneError::UnknownCall`], [`LocalPhoneError::NotRinging`].
    fn reject(&self, identity: &str, call_sid: &str) -> Result<(), LocalPhoneError>;

    /// Hangs up call `call_sid`.
    ///
    /// # Errors
    /// [`LocalPhoneError::UnknownCall`], [`LocalPhoneError::NotActive`].
    fn hang_up(&self, identity: &str, call_sid: &str) -> Result<(), LocalPhoneError>;
}
