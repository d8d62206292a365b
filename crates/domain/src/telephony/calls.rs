//! Calls: their statuses and events, placing one, the provider's description of one, and
//! the port that places and controls them.

use async_trait::async_trait;
use time::OffsetDateTime;
use url::Url;

use super::error::TelephonyError;
use super::string_enum::string_enum;
use crate::PhoneNumber;
use crate::money::{Amount, Currency};
use crate::sid::CallSid;

string_enum!(
    /// A call's status, as Twilio reports it.
    CallStatus {
        /// Created, not yet dialled.
        Queued = "queued",
        /// Ringing.
        Ringing = "ringing",
        /// Answered.
        InProgress = "in-progress",
        /// Ended after being answered.
        Completed = "completed",
        /// The callee was busy.
        Busy = "busy",
        /// It could not be placed.
        Failed = "failed",
        /// Nobody answered.
        NoAnswer = "no-answer",
        /// Ended before it was answered.
        Canceled = "canceled",
    }
);

impl CallStatus {
    /// Whether the call has ended.
    #[must_use]
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Busy | Self::Failed | Self::NoAnswer | Self::Canceled
        )
    }
}

string_enum!(
    /// The call progress events a status callback can subscribe to.
    CallEvent {
        /// The call was created.
        Initiated = "initiated",
        /// It is ringing.
        Ringing = "ringing",
        /// It was answered.
        Answered = "answered",
        /// It ended.
        Completed = "completed",
    }
);

/// What a call does once answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallInstructions {
    /// Fetch TwiML from this URL.
    Url(Url),
    /// Run this TwiML document (at most 4000 characters at Twilio).
    Twiml(String),
}

/// A call to place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundCall {
    /// Who is called: an E.164 number or `client:<identity>`.
    pub to: String,
    /// The caller id: a number on the account.
    pub from: PhoneNumber,
    /// What happens when it is answered.
    pub instructions: CallInstructions,
    /// Where status callbacks go.
    pub status_callback: Option<Url>,
    /// Which events are reported (Twilio reports only `completed` when empty).
    pub status_events: Vec<CallEvent>,
    /// Record the call.
    pub record: bool,
    /// Where recording status callbacks go.
    pub recording_status_callback: Option<Url>,
    /// Seconds to let it ring (Twilio: default 60, at most 600).
    pub timeout_seconds: Option<u16>,
}

/// A call as the provider describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallInfo {
    /// Its id.
    pub sid: CallSid,
    /// The caller.
    pub from: String,
    /// The callee.
    pub to: String,
    /// Its status.
    pub status: CallStatus,
    /// `inbound`, `outbound-api`, `outbound-dial`, ...
    pub direction: String,
    /// Length in seconds, once ended.
    pub duration_seconds: Option<u32>,
    /// What it cost, once known (Twilio prints costs as negative amounts).
    pub price: Option<Amount>,
    /// The currency of `price`.
    pub price_unit: Option<Currency>,
    /// When it started, if it did.
    pub start_time: Option<OffsetDateTime>,
    /// When it ended, if it did.
    pub end_time: Option<OffsetDateTime>,
}

/// Which calls to look for on the account (Twilio's list filters `To`, `From`, and
/// `StartTime>=` or `Status`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSearch {
    /// The callee, as placed.
    pub to: String,
    /// The caller id.
    pub from: PhoneNumber,
    /// Which of them.
    pub window: CallWindow,
}

/// The calls a [`CallSearch`] reads: Twilio gives a call a start time only once it is
/// dialled, so a call still queued is not among those started since any time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallWindow {
    /// Calls started at or after this time (Twilio compares by day): `StartTime>`.
    StartedSince(OffsetDateTime),
    /// Calls not dialled yet: `Status=queued`.
    Queued,
}

/// Placing and controlling calls.
///
/// # Errors
/// As `numbers::NumberProvider`, plus what each method lists.
#[async_trait]
pub trait CallControl: Send + Sync + std::fmt::Debug + 'static {
    /// Places a call.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::InvalidTo`] when the destination is not a valid number.
    async fn place_call(&self, call: &OutboundCall) -> Result<CallInfo, TelephonyError>;

    /// The account's calls matching `search`, newest first (a lookup for an attempt whose
    /// answer was lost, not an export).
    ///
    /// # Errors
    /// As every provider call.
    async fn find_calls(&self, search: &CallSearch) -> Result<Vec<CallInfo>, TelephonyError>;

    /// A call's current state.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::NotFound`] for an unknown call.
    async fn call(&self, sid: &CallSid) -> Result<CallInfo, TelephonyError>;

    /// Ends a call: hangs up if answered, cancels if not. Ending an ended call changes
    /// nothing.
    ///
    /// # Errors
    /// MUST return [`TelephonyError::NotFound`] for an unknown call.
    async fn end_call(&self, sid: &CallSid) -> Result<CallInfo, TelephonyError>;
}
