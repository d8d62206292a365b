//! The console's local phone channel over the embedded stand-in: the http crate's
//! [`LocalPhone`] port, carried out by the stand-in's [`BrowserPhones`].

use std::sync::Arc;
use std::time::Duration;

use switchboard_http::{
    EventsFuture, LocalPhone, LocalPhoneError, PhoneCallState, PhoneDirection, PhoneEvent,
    PhoneEventType,
};
use switchboard_twilio_sim::{self as sim, BrowserPhones, PhoneError, RunningSim, SimError};

/// The stand-in's browser phones, as the app's [`LocalPhone`].
#[derive(Debug)]
pub struct StandInPhone(Arc<BrowserPhones>);

impl StandInPhone {
    /// The browser phones of `sim`, installed as its client responder.
    #[must_use]
    pub fn attach(sim: &RunningSim) -> Self {
        Self(BrowserPhones::attach(sim))
    }
}

impl LocalPhone for StandInPhone {
    fn events<'a>(
        &'a self,
        identity: &'a str,
        after: Option<u64>,
        wait: Duration,
    ) -> EventsFuture<'a> {
        Box::pin(async move {
            let (events, next) = self.0.events(identity, after, wait).await;
            (events.into_iter().map(event).collect(), next)
        })
    }

    fn place(
        &self,
        identity: &str,
        to: &str,
        caller_id: Option<&str>,
    ) -> Result<String, LocalPhoneError> {
        self.0.place(identity, to, caller_id).map_err(|e| match e {
            SimError::InvalidArgument(detail) => LocalPhoneError::Invalid(detail),
            other => LocalPhoneError::Unavailable(format!(
                "the local Twilio stand-in cannot place the call: {other}"
            )),
        })
    }

    fn accept(&self, identity: &str, call_sid: &str) -> Result<(), LocalPhoneError> {
        self.0.accept(identity, call_sid).map_err(refusal)
    }

    fn reject(&self, identity: &str, call_sid: &str) -> Result<(), LocalPhoneError> {
        self.0.reject(identity, call_sid).map_err(refusal)
    }

    fn hang_up(&self, identity: &str, call_sid: &str) -> Result<(), LocalPhoneError> {
        self.0.hang_up(identity, call_sid).map_err(refusal)
    }
}

fn refusal(e: PhoneError) -> LocalPhoneError {
    match e {
        PhoneError::UnknownCall => LocalPhoneError::UnknownCall,
        PhoneError::NotRinging => LocalPhoneError::NotRinging,
        PhoneError::NotActive => LocalPhoneError::NotActive,
    }
}

fn event(e: sim::PhoneEvent) -> PhoneEvent {
    PhoneEvent {
        seq: e.seq,
        kind: match e.kind {
            sim::PhoneEventKind::Incoming => PhoneEventType::Incoming,
            sim::PhoneEventKind::State => PhoneEventType::State,
        },
        call_sid: e.call_sid,
        direction: match e.direction {
            sim::PhoneDirection::Inbound => PhoneDirection::Inbound,
            sim::PhoneDirection::Outbound => PhoneDirection::Outbound,
        },
        from: e.from,
        to: e.to,
        state: match e.state {
            sim::PhoneCallState::Ringing => PhoneCallState::Ringing,
            sim::PhoneCallState::InProgress => PhoneCallState::InProgress,
            sim::PhoneCallState::Completed => PhoneCallState::Completed,
            sim::PhoneCallState::Busy => PhoneCallState::Busy,
            sim::PhoneCallState::NoAnswer => PhoneCallState::NoAnswer,
            sim::PhoneCallState::Canceled => PhoneCallState::Canceled,
            sim::PhoneCallState::Failed => PhoneCallState::Failed,
        },
        reason: e.reason,
    }
}
