//! The message autopilot: a message created over REST is sent, delivered (or not) and, on
//! WhatsApp, read on its own, on a Tokio task, when the stand-in is configured with a
//! [`MessageAutopilot`].

use std::sync::Arc;
use std::time::Duration;

use super::rest::advance;
use crate::config::MessageAutopilot;
use crate::phone::MessagingAddress;
use crate::resources::MessageStatus;
use crate::state::Shared;

/// One step: wait, then move to the status (with the error code it reports).
type Step = (Duration, MessageStatus, Option<u32>);

/// The steps a message to `to`, now `status`, takes under `plan`.
fn steps(status: MessageStatus, to: &str, plan: &MessageAutopilot) -> Vec<Step> {
    let mut steps = Vec::with_capacity(4);
    if matches!(status, MessageStatus::Accepted | MessageStatus::Scheduled) {
        steps.push((Duration::ZERO, MessageStatus::Queued, None));
    }
    steps.push((plan.send, MessageStatus::Sent, None));
    if plan.is_undeliverable(to) {
        steps.push((
            plan.deliver,
            MessageStatus::Undelivered,
            Some(plan.error_code),
        ));
    } else {
        steps.push((plan.deliver, MessageStatus::Delivered, None));
        if MessagingAddress::parse(to).is_some_and(MessagingAddress::is_whatsapp) {
            steps.push((plan.read, MessageStatus::Read, None));
        }
    }
    steps
}

/// Starts the autopilot of the new message `sid` on the current runtime; while it runs the
/// SID is in `SimState::message_autopilots`.
pub fn start_autopilot(shared: &Arc<Shared>, sid: &str, plan: &MessageAutopilot) {
    let planned = {
        let mut state = shared.lock();
        let Some(message) = state.messages.iter().find(|m| m.sid == sid) else {
            return;
        };
        let planned = steps(message.status, &message.to, plan);
        state.message_autopilots.insert(sid.to_owned());
        planned
    };
    let shared = Arc::clone(shared);
    let sid = sid.to_owned();
    actix_web::rt::spawn(async move {
        fly(&shared, &sid, planned).await;
        shared.lock().message_autopilots.remove(&sid);
    });
}

/// Takes each step in turn, delivering its status callback before waiting for the next.
/// Stops at the first step the message cannot take (a driver moved it on).
async fn fly(shared: &Shared, sid: &str, steps: Vec<Step>) {
    for (wait, next, error_code) in steps {
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        let callbacks = {
            let mut state = shared.lock();
            match advance(shared, &mut state, sid, next, error_code) {
                Ok(callbacks) => callbacks,
                Err(error) => {
                    tracing::debug!(message_sid = sid, %error, "message autopilot stops");
                    return;
                }
            }
        };
        shared.deliver_all(callbacks).await;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::steps;
    use crate::config::MessageAutopilot;
    use crate::resources::MessageStatus::{self, *};

    fn statuses(status: MessageStatus, to: &str) -> Vec<(MessageStatus, Option<u32>)> {
        let plan = MessageAutopilot::new(Duration::from_millis(1), Duration::from_millis(2));
        steps(status, to, &plan)
            .into_iter()
            .map(|(_, s, code)| (s, code))
            .collect()
    }

    #[test]
    fn each_channel_and_recipient_has_its_path() {
        assert_eq!(
            statuses(Queued, "+14155550100"),
            [(Sent, None), (Delivered, None)]
        );
        assert_eq!(
            statuses(Accepted, "+14155550100"),
            [(Queued, None), (Sent, None), (Delivered, None)]
        );
        assert_eq!(
            statuses(Queued, "whatsapp:+14155550100"),
            [(Sent, None), (Delivered, None), (Read, None)]
        );
        for to in ["+15005550009", "whatsapp:+15005550009"] {
            assert_eq!(
                statuses(Queued, to),
                [(Sent, None), (Undelivered, Some(30003))],
                "{to}"
            );
        }
    }

    #[test]
    fn the_undeliverable_numbers_can_be_chosen() {
        let plan = MessageAutopilot::default().undeliverable(["whatsapp:+14155550199"], 30007);
        assert!(plan.is_undeliverable("+14155550199"));
        assert!(!plan.is_undeliverable("+15005550009"));
        assert_eq!(
            steps(Queued, "+14155550199", &plan),
            [
                (Duration::from_millis(200), Sent, None),
                (Duration::from_secs(1), Undelivered, Some(30007)),
            ]
        );
    }
}
