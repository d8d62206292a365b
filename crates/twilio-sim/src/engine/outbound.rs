//! Calls created over REST: when one is answered its `Url` is fetched, and the engine
//! carries out what comes back. The callee's side stays with the call's driver (a test,
//! the autopilot, a REST hangup), so the engine does not end the call.

use crate::dates::now;
use crate::resources::CallStatus;
use crate::script::CallScript;
use crate::state::Shared;
use crate::webhooks::{Callback, WebhookDelivery};

use super::clock::Clock;
use super::{Caller, Run};

/// Sends `callbacks` in order, like [`Shared::deliver_all`]; when one is the answer
/// request of a REST call that is still answered and the app replied 2xx, the engine
/// carries out the reply (with the default [`CallScript`]) before the next callback.
pub(crate) async fn deliver_running(
    shared: &Shared,
    callbacks: Vec<Callback>,
) -> Vec<WebhookDelivery> {
    let mut deliveries = Vec::with_capacity(callbacks.len());
    for callback in callbacks {
        let (result, delivery) = shared.send_recorded(&callback).await;
        if let Some(error) = &delivery.error {
            tracing::warn!(url = %delivery.url, %error, "webhook delivery failed");
        }
        deliveries.push(delivery);
        let Some(call_sid) = answered_rest_call(shared, &callback) else {
            continue;
        };
        if let Ok(reply) = result
            && (200..300).contains(&reply.status)
        {
            let mut run = Run {
                shared,
                call_sid,
                caller: Caller::new(CallScript::default()),
                clock: Clock::starting_at(now()),
                steps: Vec::new(),
                documents: 1,
                answered: true,
                ends_call: false,
            };
            // The answer request was noted by `send_recorded`; the transcript starts with it.
            run.steps.push(crate::transcript::Step::Document {
                url: callback.url.clone(),
                method: callback.method.clone(),
                status: Some(reply.status),
                body: reply.body.clone(),
                error: None,
            });
            let ending = run.carry_out(&callback.url, &reply.body).await;
            run.finish(ending).await;
        }
    }
    deliveries
}

/// The SID of the REST call whose answer request `callback` is, if that call is still
/// answered.
fn answered_rest_call(shared: &Shared, callback: &Callback) -> Option<String> {
    if callback.kind != "voice" {
        return None;
    }
    let (_, sid) = callback.params.iter().find(|(k, _)| k == "CallSid")?;
    let state = shared.lock();
    state
        .calls
        .iter()
        .find(|c| &c.sid == sid)
        .filter(|c| c.direction == "outbound-api" && c.status == CallStatus::InProgress)
        .map(|c| c.sid.clone())
}
