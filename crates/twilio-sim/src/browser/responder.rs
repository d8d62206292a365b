//! [`BrowserPhones`] as the stand-in's [`ClientResponder`]: a ringing `<Client>` waits for a
//! listening browser's answer, and a bridged call with a browser on it lasts until the
//! browser hangs up.

use std::time::Duration;

use tokio::sync::oneshot;

use super::Ring;
use super::{BrowserPhones, Decision, PhoneCallState, PhoneDirection, PhoneEvent, PhoneEventKind};
use crate::script::{
    ClientResponder, ClientRing, DialOutcome, HeldCall, HoldFuture, ResponderFuture,
};

/// How often a held call checks that its browser still listens.
const STILL_THERE: Duration = Duration::from_secs(5);

/// The longest a browser call is held (then it ends as if hung up).
const LONGEST_CALL: Duration = Duration::from_secs(4 * 60 * 60);

impl ClientResponder for BrowserPhones {
    fn respond<'a>(&'a self, ring: &'a ClientRing) -> ResponderFuture<'a> {
        Box::pin(async move {
            if !self.is_listening(&ring.identity) {
                return None;
            }
            let (decide, decided) = oneshot::channel();
            {
                let mut inner = self.lock();
                inner.rings.insert(
                    ring.call_sid.clone(),
                    Ring {
                        identity: ring.identity.clone(),
                        from: ring.from.clone(),
                        to: ring.to.clone(),
                        decide: Some(decide),
                    },
                );
                let event = PhoneEvent {
                    seq: 0,
                    identity: ring.identity.clone(),
                    kind: PhoneEventKind::Incoming,
                    call_sid: ring.call_sid.clone(),
                    direction: PhoneDirection::Inbound,
                    from: ring.from.clone(),
                    to: ring.to.clone(),
                    state: PhoneCallState::Ringing,
                    reason: None,
                };
                self.push(&mut inner, event);
            }
            let timeout = Duration::from_secs(u64::from(ring.timeout));
            let outcome = match tokio::time::timeout(timeout, decided).await {
                Ok(Ok(Decision::Accept)) => DialOutcome::Answer,
                Ok(Ok(Decision::Reject)) => DialOutcome::Busy,
                Ok(Err(_)) | Err(_) => {
                    let mut inner = self.lock();
                    self.tell(&mut inner, &ring.call_sid, PhoneCallState::NoAnswer, None);
                    DialOutcome::NoAnswer
                }
            };
            self.lock().rings.remove(&ring.call_sid);
            Some(outcome)
        })
    }

    fn hold<'a>(&'a self, call: &'a HeldCall) -> HoldFuture<'a> {
        Box::pin(async move {
            // An accepted incoming call is known by its leg, a placed one by its own SID.
            let (key, hung_up, direction) = {
                let mut inner = self.lock();
                let key = [&call.leg_sid, &call.parent_call_sid]
                    .into_iter()
                    .find(|k| inner.calls.contains_key(k.as_str()))?
                    .clone();
                let active = inner.calls.get_mut(&key)?;
                let direction = active.direction;
                let hung_up = active.hung_up.take()?;
                if direction == PhoneDirection::Outbound {
                    self.tell(&mut inner, &key, PhoneCallState::InProgress, None);
                }
                (key, hung_up, direction)
            };
            let started = tokio::time::Instant::now();
            let reason = self.wait_for_hang_up(&call.identity, hung_up).await;
            let talked = u32::try_from(started.elapsed().as_secs()).unwrap_or(u32::MAX);
            if direction == PhoneDirection::Inbound {
                self.finish(&key, PhoneCallState::Completed, reason);
            }
            Some(talked)
        })
    }
}

impl BrowserPhones {
    /// Waits until a tab hangs up, the browser stops listening, or the call is too long;
    /// returns why it ended when it was not a hang-up.
    async fn wait_for_hang_up(
        &self,
        identity: &str,
        mut hung_up: oneshot::Receiver<()>,
    ) -> Option<String> {
        let deadline = tokio::time::Instant::now() + LONGEST_CALL;
        loop {
            match tokio::time::timeout(STILL_THERE, &mut hung_up).await {
                Ok(_) => return None,
                Err(_) if !self.is_listening(identity) => {
                    return Some("the browser went away".to_owned());
                }
                Err(_) if tokio::time::Instant::now() >= deadline => {
                    return Some("the call reached its longest length".to_owned());
                }
                Err(_) => {}
            }
        }
    }
}
