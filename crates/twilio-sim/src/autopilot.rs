//! The autopilot: a call created over REST rings, is answered and hangs up on its own, on a
//! Tokio task, when the stand-in is configured with an [`Autopilot`]. When it answers, the
//! engine carries out the call's TwiML.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::calls::advance;
use crate::config::Autopilot;
use crate::engine::deliver_running;
use crate::resources::CallStatus;
use crate::state::Shared;

/// Starts the autopilot of the new call `sid` on the current runtime. It stops early when the
/// call ends otherwise (over REST, or driven by a test): ending a call signals it.
pub fn start_autopilot(shared: &Arc<Shared>, sid: &str, plan: Autopilot) {
    let stop = Arc::new(Notify::new());
    shared
        .lock()
        .autopilots
        .insert(sid.to_owned(), Arc::clone(&stop));
    let shared = Arc::clone(shared);
    let sid = sid.to_owned();
    actix_web::rt::spawn(async move {
        fly(&shared, &sid, plan, &stop).await;
        shared.lock().autopilots.remove(&sid);
    });
}

/// Rings the call now, answers it after `plan.ring` and completes it after `plan.talk`,
/// sending each step's callbacks before the next wait. Stops at the first step the call
/// cannot take (it has ended) or when `stop` is signalled.
async fn fly(shared: &Shared, sid: &str, plan: Autopilot, stop: &Notify) {
    let steps = [
        (Duration::ZERO, CallStatus::Ringing),
        (plan.ring, CallStatus::InProgress),
        (plan.talk, CallStatus::Completed),
    ];
    for (wait, next) in steps {
        if !wait.is_zero() {
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = stop.notified() => return,
            }
        }
        // The talk time is measured from the answer, so `None`.
        let callbacks = {
            let mut state = shared.lock();
            match advance(shared, &mut state, sid, next, None) {
                Ok(callbacks) => callbacks,
                Err(error) => {
                    tracing::debug!(call_sid = sid, %error, "autopilot stops");
                    return;
                }
            }
        };
        deliver_running(shared, callbacks).await;
    }
}
