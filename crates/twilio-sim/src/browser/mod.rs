//! The stand-in's browser-client channel: what Twilio's Voice SDK signalling does for a
//! browser phone, without WebRTC. A browser (a console tab) listens by long-polling
//! [`BrowserPhones::events`] for its identity; a `<Dial><Client>` to a listening identity
//! rings every tab of it, and the first to [`accept`](BrowserPhones::accept) or
//! [`reject`](BrowserPhones::reject) decides, the others hearing the call's new state; an
//! accepted call lasts until a tab [hangs up](BrowserPhones::hang_up). A browser places
//! calls with [`BrowserPhones::place`], through the account's TwiML App, as
//! `device.connect` would. Installed with
//! [`RunningSim::set_client_responder`](crate::RunningSim::set_client_responder); an
//! identity nobody listens for is left to the call's script, as before.

mod events;
mod responder;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

use tokio::sync::{oneshot, watch};

pub use events::{PhoneCallState, PhoneDirection, PhoneEvent, PhoneEventKind};

use crate::calls::ClientCallRequest;
use crate::error::SimError;
use crate::script::CallScript;
use crate::sim::RunningSim;
use crate::state::Shared;
use crate::transcript::{Step, Transcript};
use events::EventLog;

/// How long after its last poll an identity still counts as listening: more than a long
/// poll's longest wait.
pub const LISTENING: Duration = Duration::from_secs(30);

/// Why a browser's request about a call was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// No such call on this identity's phone.
    #[error("no such call on this browser phone")]
    UnknownCall,
    /// The call is no longer ringing (answered on another device, rejected, or ended).
    #[error("the call is no longer ringing")]
    NotRinging,
    /// The call is not in progress (it ended, or was never answered here).
    #[error("the call is not in progress")]
    NotActive,
}

/// A browser's answer to a ringing call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Accept,
    Reject,
}

/// A call ringing an identity's tabs.
#[derive(Debug)]
struct Ring {
    identity: String,
    from: String,
    to: String,
    decide: Option<oneshot::Sender<Decision>>,
}

/// A call a browser placed or accepted, until it ends.
#[derive(Debug)]
struct Active {
    identity: String,
    direction: PhoneDirection,
    from: String,
    to: String,
    hang_up: Option<oneshot::Sender<()>>,
    hung_up: Option<oneshot::Receiver<()>>,
}

#[derive(Debug, Default)]
struct Inner {
    log: EventLog,
    listening: HashMap<String, Instant>,
    rings: HashMap<String, Ring>,
    calls: HashMap<String, Active>,
}

/// Every browser phone of a stand-in; see the module documentation.
pub struct BrowserPhones {
    inner: Mutex<Inner>,
    changed: watch::Sender<u64>,
    /// The stand-in (weak: the stand-in holds the phones as its responder).
    sim: Weak<Shared>,
}

impl std::fmt::Debug for BrowserPhones {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrowserPhones").finish_non_exhaustive()
    }
}

impl BrowserPhones {
    /// The browser phones of `sim`, installed as its client responder (replacing any).
    #[must_use]
    pub fn attach(sim: &RunningSim) -> Arc<Self> {
        let phones = Arc::new(Self {
            inner: Mutex::new(Inner::default()),
            changed: watch::Sender::new(0),
            sim: Arc::downgrade(sim.shared()),
        });
        sim.set_client_responder(Some(phones.clone()));
        phones
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `identity`'s events after `after`, waiting up to `wait` for one. Without `after`,
    /// none, and the current position: a tab starts from now. Marks `identity` as
    /// listening. Returns the events and the position to poll from next.
    pub async fn events(
        &self,
        identity: &str,
        after: Option<u64>,
        wait: Duration,
    ) -> (Vec<PhoneEvent>, u64) {
        let mut changed = self.changed.subscribe();
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let (events, position) = {
                let mut inner = self.lock();
                inner.listening.insert(identity.to_owned(), Instant::now());
                let position = inner.log.position();
                let Some(after) = after else {
                    return (Vec::new(), position);
                };
                (inner.log.after(identity, after), after.min(position))
            };
            if let Some(last) = events.last() {
                let next = last.seq;
                return (events, next);
            }
            changed.mark_unchanged();
            if tokio::time::timeout_at(deadline, changed.changed())
                .await
                .is_err()
            {
                return (Vec::new(), position);
            }
        }
    }

    /// Whether a tab of `identity` polled lately.
    fn is_listening(&self, identity: &str) -> bool {
        self.lock()
            .listening
            .get(identity)
            .is_some_and(|at| at.elapsed() < LISTENING)
    }

    fn push(&self, inner: &mut Inner, event: PhoneEvent) {
        let seq = inner.log.push(event);
        self.changed.send_replace(seq);
    }

    /// Places a call from the browser `identity` to `to` (with the custom parameter
    /// `CallerId` when given) through the stand-in's TwiML App, and returns its SID at
    /// once; the call runs in the background (it must be called inside a Tokio runtime),
    /// lasts until [`Self::hang_up`], and its states are events.
    ///
    /// # Errors
    /// As [`RunningSim::begin_client_call`]; [`SimError::Config`] once the stand-in is
    /// gone.
    pub fn place(
        self: &Arc<Self>,
        identity: &str,
        to: &str,
        caller_id: Option<&str>,
    ) -> Result<String, SimError> {
        let sim = self
            .sim
            .upgrade()
            .ok_or_else(|| SimError::Config("the stand-in has stopped".to_owned()))?;
        let request = ClientCallRequest {
            identity,
            to,
            caller_id,
            record: false,
        };
        let (sid, run) = sim.begin_client_call(request, CallScript::default())?;
        let from = caller_id.map_or_else(|| format!("client:{identity}"), str::to_owned);
        let (hang_up, hung_up) = oneshot::channel();
        {
            let mut inner = self.lock();
            inner.calls.insert(
                sid.clone(),
                Active {
                    identity: identity.to_owned(),
                    direction: PhoneDirection::Outbound,
                    from: from.clone(),
                    to: to.to_owned(),
                    hang_up: Some(hang_up),
                    hung_up: Some(hung_up),
                },
            );
            self.tell(&mut inner, &sid, PhoneCallState::Ringing, None);
        }
        let phones = Arc::clone(self);
        let call_sid = sid.clone();
        tokio::spawn(async move {
            let (state, reason) = match run.await {
                Ok(transcript) => outgoing_end(&transcript),
                Err(error) => (PhoneCallState::Failed, Some(error.to_string())),
            };
            phones.finish(&call_sid, state, reason);
        });
        Ok(sid)
    }

    /// Tells the tabs of call `sid` (ringing or active) that it moved to `state`; nothing
    /// for a call the phones do not know.
    fn tell(&self, inner: &mut Inner, sid: &str, state: PhoneCallState, reason: Option<String>) {
        if let Some(event) = Self::event(inner, sid, state, reason) {
            self.push(inner, event);
        }
    }

    /// The event of call `sid` (ringing or active) moving to `state`.
    fn event(
        inner: &Inner,
        sid: &str,
        state: PhoneCallState,
        reason: Option<String>,
    ) -> Option<PhoneEvent> {
        let (identity, direction, from, to) = match (inner.calls.get(sid), inner.rings.get(sid)) {
            (Some(c), _) => (&c.identity, c.direction, &c.from, &c.to),
            (None, Some(r)) => (&r.identity, PhoneDirection::Inbound, &r.from, &r.to),
            (None, None) => return None,
        };
        Some(PhoneEvent {
            seq: 0,
            identity: identity.clone(),
            kind: PhoneEventKind::State,
            call_sid: sid.to_owned(),
            direction,
            from: from.clone(),
            to: to.clone(),
            state,
            reason,
        })
    }

    /// Call `sid` ended as `state`: tells its tabs and forgets it.
    fn finish(&self, sid: &str, state: PhoneCallState, reason: Option<String>) {
        let mut inner = self.lock();
        self.tell(&mut inner, sid, state, reason);
        inner.calls.remove(sid);
    }

    /// A tab of `identity` answers the ringing call `sid`: every tab hears it in progress.
    ///
    /// # Errors
    /// [`PhoneError::UnknownCall`], [`PhoneError::NotRinging`].
    pub fn accept(&self, identity: &str, sid: &str) -> Result<(), PhoneError> {
        self.decide(identity, sid, Decision::Accept)
    }

    /// A tab of `identity` rejects the ringing call `sid` (Twilio then reports the leg
    /// busy).
    ///
    /// # Errors
    /// [`PhoneError::UnknownCall`], [`PhoneError::NotRinging`].
    pub fn reject(&self, identity: &str, sid: &str) -> Result<(), PhoneError> {
        self.decide(identity, sid, Decision::Reject)
    }

    fn decide(&self, identity: &str, sid: &str, decision: Decision) -> Result<(), PhoneError> {
        let mut inner = self.lock();
        // Answered already (on another tab): the call is known, the ring is over.
        let answered = inner.calls.get(sid).is_some_and(|c| c.identity == identity);
        let ring = inner
            .rings
            .get_mut(sid)
            .filter(|r| r.identity == identity)
            .ok_or(if answered {
                PhoneError::NotRinging
            } else {
                PhoneError::UnknownCall
            })?;
        let decide = ring.decide.take().ok_or(PhoneError::NotRinging)?;
        decide.send(decision).map_err(|_| PhoneError::NotRinging)?;
        let (state, reason) = match decision {
            Decision::Accept => {
                let (hang_up, hung_up) = oneshot::channel();
                let (from, to) = (ring.from.clone(), ring.to.clone());
                inner.calls.insert(
                    sid.to_owned(),
                    Active {
                        identity: identity.to_owned(),
                        direction: PhoneDirection::Inbound,
                        from,
                        to,
                        hang_up: Some(hang_up),
                        hung_up: Some(hung_up),
                    },
                );
                (PhoneCallState::InProgress, None)
            }
            Decision::Reject => (PhoneCallState::Busy, Some("rejected".to_owned())),
        };
        self.tell(&mut inner, sid, state, reason);
        Ok(())
    }

    /// A tab of `identity` hangs up call `sid` (placed or accepted).
    ///
    /// # Errors
    /// [`PhoneError::UnknownCall`], [`PhoneError::NotActive`].
    pub fn hang_up(&self, identity: &str, sid: &str) -> Result<(), PhoneError> {
        let mut inner = self.lock();
        let ringing = inner.rings.get(sid).is_some_and(|r| r.identity == identity);
        let call = inner
            .calls
            .get_mut(sid)
            .filter(|c| c.identity == identity)
            .ok_or(if ringing {
                PhoneError::NotActive
            } else {
                PhoneError::UnknownCall
            })?;
        let hang_up = call.hang_up.take().ok_or(PhoneError::NotActive)?;
        hang_up.send(()).map_err(|_| PhoneError::NotActive)
    }
}

/// How an outgoing browser call ended, from its transcript: the outcome of its Dial, or,
/// when the app dialled nothing, what the app said.
fn outgoing_end(transcript: &Transcript) -> (PhoneCallState, Option<String>) {
    if let Some(error) = &transcript.error {
        return (PhoneCallState::Failed, Some(error.to_string()));
    }
    let dialled = transcript.steps.iter().rev().find_map(|s| match s {
        Step::Dialled { outcome, .. } => Some(outcome.as_str()),
        _ => None,
    });
    match dialled {
        Some(outcome) => (PhoneCallState::from_twilio(outcome), None),
        None => {
            let said: Vec<&str> = transcript
                .steps
                .iter()
                .filter_map(|s| match s {
                    Step::Said { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            let reason = (!said.is_empty()).then(|| said.join(" "));
            (PhoneCallState::from_twilio(&transcript.status), reason)
        }
    }
}
