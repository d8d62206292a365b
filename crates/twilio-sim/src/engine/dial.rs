//! `<Dial>`: a child leg per target (its own `CA` SID, `ParentCallSid`, direction
//! `outbound-dial`, status callbacks to the noun's `statusCallback`), rung in parallel; the
//! first to answer is bridged and the others are canceled. Then the Dial's `action` gets
//! `DialCallStatus`, `DialCallSid`, `DialCallDuration` and `DialBridged`, or, without one,
//! the call goes on after the Dial.

use crate::calls;
use crate::resources::{Call, CallStatus};
use crate::script::{ANSWER_AFTER_SECS, BUSY_AFTER_SECS, ClientRing, DialOutcome, HeldCall};
use crate::transcript::Step;
use crate::twiml::{Dial, DialTarget, LegCallbacks, TwimlError};

use super::fetch::resolve;
use super::{Ending, Flow, Run};

/// One leg of a Dial.
struct Leg {
    sid: String,
    target: String,
    outcome: DialOutcome,
    /// The browser identity, for a `<Client>` leg.
    client: Option<String>,
}

impl Run<'_> {
    /// `<Dial>` in the document at `url`.
    pub(super) async fn dial(&mut self, dial: &Dial, url: &str) -> Flow {
        let scripted = self.caller.next_dial();
        let legs = match self.create_legs(dial, url) {
            Ok(legs) => legs,
            Err(error) => return Flow::End(Ending::ApplicationError(error)),
        };
        let mut rung = Vec::with_capacity(legs.len());
        for (sid, target, identity) in legs {
            let client = identity.as_ref().map(|(identity, _)| identity.clone());
            let outcome = match identity {
                Some((identity, parameters)) => self
                    .client_outcome(dial, &sid, identity, parameters)
                    .await
                    .unwrap_or(scripted),
                None => scripted,
            };
            rung.push(Leg {
                sid,
                target,
                outcome,
                client,
            });
        }
        let rung_at = self.clock;
        for leg in &rung {
            self.move_leg(&leg.sid, CallStatus::Ringing, rung_at.now(), None)
                .await;
        }
        let winner = rung.iter().position(|l| l.outcome == DialOutcome::Answer);
        let all_busy = rung.iter().all(|l| l.outcome == DialOutcome::Busy);
        let rang = match (winner, all_busy) {
            (Some(_), _) => ANSWER_AFTER_SECS.min(dial.timeout),
            (None, true) => BUSY_AFTER_SECS.min(dial.timeout),
            (None, false) => dial.timeout,
        };
        let mut talk = self.caller.talk_seconds;
        for (index, leg) in rung.iter().enumerate() {
            let (status, after) = match (leg.outcome, winner) {
                _ if Some(index) == winner => (CallStatus::InProgress, rang),
                (DialOutcome::Busy, _) => (CallStatus::Busy, BUSY_AFTER_SECS.min(dial.timeout)),
                (_, Some(_)) => (CallStatus::Canceled, rang),
                _ => (CallStatus::NoAnswer, dial.timeout),
            };
            if status == CallStatus::InProgress {
                // The bridge: a caller kept ringing (`answerOnBridge`) is answered now.
                self.clock.advance(rang);
                self.answer().await;
                self.move_leg(&leg.sid, status, self.clock.now(), None)
                    .await;
                if let Some(held) = self.held_talk(leg).await {
                    talk = held;
                }
                self.clock.advance(talk);
                self.move_leg(
                    &leg.sid,
                    CallStatus::Completed,
                    self.clock.now(),
                    Some(talk),
                )
                .await;
            } else {
                self.move_leg(&leg.sid, status, rung_at.after(after), None)
                    .await;
            }
        }
        if winner.is_none() {
            self.clock = rung_at;
            self.clock.advance(rang);
        }
        let outcome = match (winner, all_busy) {
            (Some(_), _) => "completed",
            (None, true) => "busy",
            (None, false) => "no-answer",
        };
        let dial_call_sid = winner
            .and_then(|w| rung.get(w))
            .or_else(|| rung.first())
            .map(|l| l.sid.clone())
            .unwrap_or_default();
        let duration = if winner.is_some() { talk } else { 0 };
        self.steps.push(Step::Dialled {
            targets: rung.iter().map(|l| l.target.clone()).collect(),
            outcome: outcome.to_owned(),
            rang_seconds: rang,
            talked_seconds: duration,
            legs: rung.iter().map(|l| l.sid.clone()).collect(),
        });
        let Some(action) = &dial.action else {
            return Flow::Next;
        };
        let action = match resolve(url, action) {
            Ok(action) => action,
            Err(error) => return Flow::End(Ending::ApplicationError(error)),
        };
        let extra = vec![
            ("DialCallStatus".to_owned(), outcome.to_owned()),
            ("DialCallSid".to_owned(), dial_call_sid),
            ("DialCallDuration".to_owned(), duration.to_string()),
            ("DialBridged".to_owned(), winner.is_some().to_string()),
        ];
        Flow::Fetch(self.request(action, dial.method, extra))
    }

    /// Creates a queued leg per target and returns `(sid, target, client identity and
    /// parameters)` for each.
    #[expect(
        clippy::type_complexity,
        reason = "a private list of what each new leg needs, used right away"
    )]
    fn create_legs(
        &self,
        dial: &Dial,
        url: &str,
    ) -> Result<Vec<(String, String, Option<(String, Vec<(String, String)>)>)>, TwimlError> {
        let mut state = self.shared.lock();
        let parent_from = state
            .calls
            .iter()
            .find(|c| c.sid == self.call_sid)
            .map(|c| c.from.clone())
            .unwrap_or_default();
        let from = dial.caller_id.clone().unwrap_or(parent_from);
        let mut legs = Vec::new();
        for target in &dial.targets {
            let (to, callbacks, client) = match target {
                DialTarget::Number { number, callbacks } => (number.clone(), callbacks, None),
                DialTarget::Client {
                    identity,
                    parameters,
                    callbacks,
                } => (
                    format!("client:{identity}"),
                    callbacks,
                    Some((identity.clone(), parameters.clone())),
                ),
            };
            let mut leg = Call::new(
                self.shared.ids.next("CA"),
                &to,
                &from,
                "outbound-dial",
                CallStatus::Queued,
            );
            leg.parent_call_sid = Some(self.call_sid.clone());
            leg.timeout = dial.timeout;
            apply_callbacks(&mut leg, callbacks, url)?;
            legs.push((leg.sid.clone(), to, client));
            state.calls.push(leg);
        }
        Ok(legs)
    }

    /// How a `<Client>` leg ends, if the stand-in's [`ClientResponder`] decides.
    ///
    /// [`ClientResponder`]: crate::script::ClientResponder
    async fn client_outcome(
        &self,
        dial: &Dial,
        sid: &str,
        identity: String,
        parameters: Vec<(String, String)>,
    ) -> Option<DialOutcome> {
        let responder = self.shared.lock().client_responder.clone()?;
        let (from, to) = {
            let state = self.shared.lock();
            let field = |call_sid: &str, pick: fn(&Call) -> &String| {
                state
                    .calls
                    .iter()
                    .find(|c| c.sid == call_sid)
                    .map(|c| pick(c).clone())
                    .unwrap_or_default()
            };
            (field(sid, |c| &c.from), field(&self.call_sid, |c| &c.to))
        };
        let ring = ClientRing {
            parent_call_sid: self.call_sid.clone(),
            call_sid: sid.to_owned(),
            identity,
            from,
            to,
            timeout: dial.timeout,
            parameters,
        };
        responder.respond(&ring).await
    }

    /// How long the bridged `leg` talks when a browser on the call decides (the stand-in's
    /// [`ClientResponder::hold`]): the leg's own client, or the browser whose call dialled.
    ///
    /// [`ClientResponder::hold`]: crate::script::ClientResponder::hold
    async fn held_talk(&self, leg: &Leg) -> Option<u32> {
        let responder = self.shared.lock().client_responder.clone()?;
        let identity = match &leg.client {
            Some(identity) => identity.clone(),
            None => {
                let state = self.shared.lock();
                let from = &state.calls.iter().find(|c| c.sid == self.call_sid)?.from;
                from.strip_prefix("client:")?.to_owned()
            }
        };
        let call = HeldCall {
            parent_call_sid: self.call_sid.clone(),
            leg_sid: leg.sid.clone(),
            identity,
        };
        responder.hold(&call).await
    }

    /// Moves leg `sid` to `next` at `at` (`talk` seconds of talk when it completes), and
    /// sends its callbacks.
    async fn move_leg(
        &mut self,
        sid: &str,
        next: CallStatus,
        at: time::OffsetDateTime,
        talk: Option<u32>,
    ) {
        let callbacks = {
            let mut state = self.shared.lock();
            calls::advance_at(self.shared, &mut state, sid, next, talk, at)
        };
        match callbacks {
            Ok(callbacks) => self.deliver(callbacks).await,
            Err(error) => tracing::debug!(call_sid = sid, %error, "a Dial leg moved on"),
        }
    }
}

/// A noun's status callback settings on its leg, URLs resolved against `url`.
fn apply_callbacks(leg: &mut Call, callbacks: &LegCallbacks, url: &str) -> Result<(), TwimlError> {
    leg.status_callback = callbacks
        .status_callback
        .as_deref()
        .map(|target| resolve(url, target))
        .transpose()?;
    leg.status_callback_events = callbacks.status_callback_events.clone();
    leg.status_callback_method = callbacks.status_callback_method.as_str().to_owned();
    Ok(())
}
