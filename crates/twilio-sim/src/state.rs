//! The stand-in's state, shared by the HTTP workers and the driver API behind one mutex that
//! is never held across an `.await`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::Notify;

use crate::config::{CapabilityKeyCase, SimConfig};
use crate::error::SimError;
use crate::faults::Faults;
use crate::inventory::Inventory;
use crate::resources::{Application, Call, IncomingNumber, Message, Recording};
use crate::script::ClientResponder;
use crate::sid::SidGenerator;
use crate::spec::Spec;
use crate::webhooks::{Callback, WebhookClient, WebhookDelivery, WebhookReply, WebhookRouting};

/// An API key the account accepts as Basic-auth username.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyKind {
    /// A Standard key: everything except the Accounts and Keys resources.
    Standard,
    /// A Main key: the same access as the account's own credentials.
    Main,
}

/// One request the stand-in received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// Decoded form (POST) or query (GET, DELETE) parameters.
    pub params: Vec<(String, String)>,
    /// The status it was answered with.
    pub status: u16,
    /// The Basic-auth username, if credentials were sent.
    pub username: Option<String>,
}

/// Everything that changes while the stand-in runs.
#[derive(Debug, Default)]
pub struct SimState {
    /// The account's numbers, oldest first.
    pub numbers: Vec<IncomingNumber>,
    /// TwiML Apps, oldest first.
    pub applications: Vec<Application>,
    /// Calls, oldest first.
    pub calls: Vec<Call>,
    /// Messages, oldest first.
    pub messages: Vec<Message>,
    /// Recordings (deleted ones stay, marked deleted), oldest first.
    pub recordings: Vec<Recording>,
    /// API key SID → (secret, kind).
    pub api_keys: BTreeMap<String, (String, ApiKeyKind)>,
    /// Verified caller IDs (E.164).
    pub verified_caller_ids: BTreeSet<String>,
    /// Every REST request.
    pub requests: Vec<RecordedRequest>,
    /// Spec violations of requests and responses.
    pub violations: Vec<String>,
    /// Every webhook sent.
    pub deliveries: Vec<WebhookDelivery>,
    /// Planned faults.
    pub faults: Faults,
    /// How `capabilities` keys are spelled.
    pub key_case: CapabilityKeyCase,
    /// Where webhooks to the app's public URL really go.
    pub routing: Option<WebhookRouting>,
    /// Call SID → the signal that stops its autopilot, while one runs.
    pub autopilots: BTreeMap<String, Arc<Notify>>,
    /// Message SIDs whose autopilot is still running.
    pub message_autopilots: BTreeSet<String>,
    /// Decides how `<Dial><Client>` legs end, when set (else the call's script does).
    pub client_responder: Option<Arc<dyn ClientResponder>>,
}

impl SimState {
    /// Whether `phone_number` is on the account.
    #[must_use]
    pub fn owns(&self, phone_number: &str) -> bool {
        self.numbers.iter().any(|n| n.phone_number == phone_number)
    }

    /// The account's number `phone_number`.
    #[must_use]
    pub fn number(&self, phone_number: &str) -> Option<&IncomingNumber> {
        self.numbers.iter().find(|n| n.phone_number == phone_number)
    }
}

/// The parts of a running stand-in every handler and driver needs.
#[derive(Debug)]
pub struct Shared {
    /// The configuration it was started with.
    pub config: SimConfig,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// SIDs.
    pub ids: SidGenerator,
    /// Numbers for sale.
    pub inventory: Inventory,
    /// The embedded OpenAPI subset.
    pub spec: &'static Spec,
    /// Sends signed webhooks.
    pub webhooks: WebhookClient,
    /// When the stand-in started (the account's `date_created`).
    pub started_at: time::OffsetDateTime,
    state: Mutex<SimState>,
}

impl Shared {
    /// Assembles the shared parts.
    #[must_use]
    pub fn new(
        config: SimConfig,
        base_url: String,
        spec: &'static Spec,
        webhooks: WebhookClient,
        state: SimState,
    ) -> Self {
        Self {
            ids: SidGenerator::new(config.seed),
            config,
            base_url,
            inventory: Inventory::standard(),
            spec,
            webhooks,
            started_at: crate::dates::now(),
            state: Mutex::new(state),
        }
    }

    /// Locks the state. A panic while it was held (a bug) does not make it unusable.
    pub fn lock(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `/2010-04-01/Accounts/{AccountSid}` for this account.
    #[must_use]
    pub fn account_path(&self) -> String {
        format!("/2010-04-01/Accounts/{}", self.config.account_sid)
    }

    /// Sends `callback` (routed as set now) and records the delivery; the app's reply to a
    /// call's voice request is kept on the call ([`Call::voice_reply`]).
    ///
    /// [`Call::voice_reply`]: crate::resources::Call::voice_reply
    pub async fn send_recorded(
        &self,
        callback: &Callback,
    ) -> (Result<WebhookReply, SimError>, WebhookDelivery) {
        let routing = self.lock().routing.clone();
        let result = self.webhooks.send(callback, routing.as_ref()).await;
        let delivery = WebhookDelivery::new(callback, &result);
        let mut state = self.lock();
        state.deliveries.push(delivery.clone());
        if callback.kind == "voice"
            && let Ok(reply) = &result
            && let Some((_, sid)) = callback.params.iter().find(|(k, _)| k == "CallSid")
            && let Some(call) = state.calls.iter_mut().find(|c| &c.sid == sid)
        {
            call.voice_reply = Some(reply.clone());
        }
        drop(state);
        (result, delivery)
    }

    /// Sends `callbacks` in order and records every delivery.
    pub async fn deliver_all(&self, callbacks: Vec<Callback>) -> Vec<WebhookDelivery> {
        let mut deliveries = Vec::with_capacity(callbacks.len());
        for callback in callbacks {
            let (_, delivery) = self.send_recorded(&callback).await;
            if let Some(error) = &delivery.error {
                tracing::warn!(url = %delivery.url, %error, "webhook delivery failed");
            }
            deliveries.push(delivery);
        }
        deliveries
    }
}
