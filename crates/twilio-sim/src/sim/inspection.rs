//! What a running stand-in saw and holds: requests, spec violations, webhook deliveries,
//! numbers, calls, messages and recordings.

use super::RunningSim;
use crate::resources::{Application, Call, IncomingNumber, Message, Recording};
use crate::state::RecordedRequest;
use crate::webhooks::WebhookDelivery;

impl RunningSim {
    /// Every REST request received so far, oldest first (control API requests, `/_sim/...`,
    /// are not REST requests and are not listed).
    #[must_use]
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Every way a request or response so far departed from the OpenAPI subset
    /// (`request: ...` or `response: ...`). Recording media and the control API (`/_sim/...`)
    /// are outside the spec and never checked.
    #[must_use]
    pub fn spec_violations(&self) -> Vec<String> {
        self.shared.lock().violations.clone()
    }

    /// Every webhook sent so far (status and recording callbacks, inbound webhooks).
    #[must_use]
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.shared.lock().deliveries.clone()
    }

    /// Forgets recorded requests, violations and webhook deliveries.
    pub fn clear_log(&self) {
        let mut state = self.shared.lock();
        state.requests.clear();
        state.violations.clear();
        state.deliveries.clear();
    }

    /// The account's numbers, oldest first.
    #[must_use]
    pub fn incoming_numbers(&self) -> Vec<IncomingNumber> {
        self.shared.lock().numbers.clone()
    }

    /// The account's TwiML Apps, oldest first.
    #[must_use]
    pub fn applications(&self) -> Vec<Application> {
        self.shared.lock().applications.clone()
    }

    /// All calls, oldest first.
    #[must_use]
    pub fn calls(&self) -> Vec<Call> {
        self.shared.lock().calls.clone()
    }

    /// Call `sid`.
    #[must_use]
    pub fn call(&self, sid: &str) -> Option<Call> {
        self.shared
            .lock()
            .calls
            .iter()
            .find(|c| c.sid == sid)
            .cloned()
    }

    /// The calls whose autopilot is still running (see `SimConfig::autopilot`).
    #[must_use]
    pub fn autopilots(&self) -> Vec<String> {
        self.shared.lock().autopilots.keys().cloned().collect()
    }

    /// The messages whose autopilot is still running (see `SimConfig::message_autopilot`).
    #[must_use]
    pub fn message_autopilots(&self) -> Vec<String> {
        self.shared
            .lock()
            .message_autopilots
            .iter()
            .cloned()
            .collect()
    }

    /// All messages, oldest first.
    #[must_use]
    pub fn messages(&self) -> Vec<Message> {
        self.shared.lock().messages.clone()
    }

    /// Message `sid`.
    #[must_use]
    pub fn message(&self, sid: &str) -> Option<Message> {
        self.shared
            .lock()
            .messages
            .iter()
            .find(|m| m.sid == sid)
            .cloned()
    }

    /// All recordings (deleted ones have status `deleted`), oldest first.
    #[must_use]
    pub fn recordings(&self) -> Vec<Recording> {
        self.shared.lock().recordings.clone()
    }
}
