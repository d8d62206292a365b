//! Starting the stand-in and driving it: [`TwilioSim::start`] and [`RunningSim`].

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer, web};
use switchboard_domain::sid::{AccountSid, ApiKeySid};
use tokio::task::JoinHandle;

use crate::config::{CapabilityKeyCase, SimConfig};
use crate::control;
use crate::error::{SimError, TwilioError};
use crate::inventory::Inventory;
use crate::numbers::{self, NumberSeed};
use crate::pairs::owned_pairs;
use crate::resources::{Call, CallStatus, IncomingNumber, Message, MessageStatus, Recording};
use crate::server;
use crate::spec::Spec;
use crate::state::{ApiKeyKind, RecordedRequest, Shared, SimState};
use crate::webhooks::{Callback, WebhookClient, WebhookDelivery, WebhookReply, WebhookRouting};

/// The entry point: `TwilioSim::start(config).await`.
#[derive(Debug)]
pub struct TwilioSim;

impl TwilioSim {
    /// Starts a stand-in on `127.0.0.1` (port `config.port`, 0 for any) with one actix-web
    /// worker, serving in the background of the current Tokio runtime (a `#[tokio::test]`,
    /// or an actix-web/Tokio main). It must be awaited inside such a runtime: the server task
    /// is spawned with `tokio::spawn`.
    ///
    /// # Errors
    /// [`SimError::Config`] for an account SID that is not `AC` + 32 hex digits, an empty auth
    /// token or invalid webhook bases; [`SimError::Start`] when the port cannot be bound.
    pub async fn start(config: SimConfig) -> Result<RunningSim, SimError> {
        if AccountSid::parse(&config.account_sid).is_err() {
            return Err(SimError::Config(format!(
                "account_sid must be AC followed by 32 hex digits, got '{}'",
                config.account_sid
            )));
        }
        if config.auth_token.is_empty() {
            return Err(SimError::Config("auth_token must not be empty".to_owned()));
        }
        let routing = match (&config.app_public_base, &config.app_webhook_base) {
            (Some(public), Some(actual)) => {
                Some(WebhookRouting::new(public.as_str(), actual.as_str())?)
            }
            (None, None) => None,
            _ => {
                return Err(SimError::Config(
                    "app_public_base and app_webhook_base go together".to_owned(),
                ));
            }
        };
        let spec = Spec::embedded()?;
        let listener = TcpListener::bind(("127.0.0.1", config.port))?;
        let port = listener.local_addr()?.port();
        let webhooks = WebhookClient::new(&config.auth_token, config.webhook_timeout)?;
        let handle_signals = config.handle_signals;
        let state = SimState {
            key_case: config.capability_key_case,
            routing,
            ..SimState::default()
        };
        let shared = Arc::new(Shared::new(
            config,
            format!("http://127.0.0.1:{port}"),
            spec,
            webhooks,
            state,
        ));
        let data = web::Data::from(Arc::clone(&shared));
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(web::PayloadConfig::new(1 << 20))
                .service(web::scope(control::PREFIX).default_service(web::to(control::handle)))
                .default_service(web::to(server::handle))
        })
        .workers(1)
        .shutdown_timeout(5)
        .listen(listener)?;
        if !handle_signals {
            server = server.disable_signals();
        }
        let server = server.run();
        let handle = server.handle();
        let task = tokio::spawn(server);
        tracing::info!(base_url = %shared.base_url, account_sid = %shared.config.account_sid, "Twilio stand-in listening");
        Ok(RunningSim {
            shared,
            handle,
            task: Some(task),
        })
    }
}

/// A running stand-in. Dropping it stops the server; [`RunningSim::stop`] stops it
/// gracefully and waits.
pub struct RunningSim {
    shared: Arc<Shared>,
    handle: ServerHandle,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl std::fmt::Debug for RunningSim {
    // Only what identifies it: the state holds API key secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningSim")
            .field("base_url", &self.shared.base_url)
            .field("account_sid", &self.shared.config.account_sid)
            .finish_non_exhaustive()
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        // `stop` sends the command when called; the returned future only awaits completion.
        drop(self.handle.stop(false));
    }
}

impl RunningSim {
    // ---- identity -------------------------------------------------------------------

    /// `http://127.0.0.1:PORT`, the stand-in for `https://api.twilio.com`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The account SID.
    #[must_use]
    pub fn account_sid(&self) -> &str {
        &self.shared.config.account_sid
    }

    /// The auth token (Basic-auth password and webhook signing key).
    #[must_use]
    pub fn auth_token(&self) -> &str {
        &self.shared.config.auth_token
    }

    /// The configuration it was started with.
    #[must_use]
    pub fn config(&self) -> &SimConfig {
        &self.shared.config
    }

    /// The numbers for sale (owned ones included; see [`Self::incoming_numbers`]).
    #[must_use]
    pub fn inventory(&self) -> &Inventory {
        &self.shared.inventory
    }

    // ---- lifecycle ------------------------------------------------------------------

    /// Stops accepting requests, lets those in flight finish, and waits for the server.
    pub async fn stop(mut self) {
        self.handle.stop(true).await;
        if let Some(task) = self.task.take() {
            // The server's own result no longer matters once it has stopped.
            drop(task.await);
        }
    }

    /// Waits until the server stops (on SIGINT/SIGTERM when `handle_signals` is set), for a
    /// standalone binary.
    ///
    /// # Errors
    /// [`SimError::Start`] when the server failed.
    pub async fn wait(mut self) -> Result<(), SimError> {
        match self.task.take() {
            Some(task) => task
                .await
                .map_err(std::io::Error::other)?
                .map_err(SimError::from),
            None => Ok(()),
        }
    }

    // ---- set-up ---------------------------------------------------------------------

    /// Accepts a Standard API key (`SK` + 32 hex) with `secret` as Basic-auth credentials.
    /// Standard keys cannot fetch the Account resource, as on Twilio.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed SID or empty secret.
    pub fn add_api_key(&self, sid: &str, secret: &str) -> Result<(), SimError> {
        self.add_key(sid, secret, ApiKeyKind::Standard)
    }

    /// Accepts a Main API key, which can do everything the account credentials can.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed SID or empty secret.
    pub fn add_main_api_key(&self, sid: &str, secret: &str) -> Result<(), SimError> {
        self.add_key(sid, secret, ApiKeyKind::Main)
    }

    fn add_key(&self, sid: &str, secret: &str, kind: ApiKeyKind) -> Result<(), SimError> {
        if ApiKeySid::parse(sid).is_err() || secret.is_empty() {
            return Err(SimError::InvalidArgument(format!(
                "an API key needs an SK SID and a secret, got '{sid}'"
            )));
        }
        self.shared
            .lock()
            .api_keys
            .insert(sid.to_owned(), (secret.to_owned(), kind));
        Ok(())
    }

    /// Adds a verified caller ID: calls may come `From` it, and trial accounts may call or
    /// message it.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] when `number` is not E.164.
    pub fn add_verified_caller_id(&self, number: &str) -> Result<(), SimError> {
        if !crate::phone::is_e164(number) {
            return Err(SimError::InvalidArgument(format!("{number} is not E.164")));
        }
        self.shared
            .lock()
            .verified_caller_ids
            .insert(number.to_owned());
        Ok(())
    }

    /// Puts a number on the account directly, as if bought outside Switchboard.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed number or URL, or a number already on
    /// the account.
    pub fn add_incoming_number(&self, seed: NumberSeed) -> Result<IncomingNumber, SimError> {
        let mut state = self.shared.lock();
        numbers::seed(&self.shared, &mut state, seed).map_err(SimError::InvalidArgument)
    }

    /// Delivers webhooks for URLs under `public_base` (the app's `PUBLIC_BASE_URL`) to
    /// `actual_base` (where it listens), still signing the public URL as Twilio would.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] when either is not an absolute http(s) URL.
    pub fn route_webhooks(&self, public_base: &str, actual_base: &str) -> Result<(), SimError> {
        let routing = WebhookRouting::new(public_base, actual_base)?;
        self.shared.lock().routing = Some(routing);
        Ok(())
    }

    /// Switches how `capabilities` keys are spelled in responses from now on.
    pub fn set_capability_key_case(&self, case: CapabilityKeyCase) {
        self.shared.lock().key_case = case;
    }

    // ---- faults ---------------------------------------------------------------------

    /// The next `count` REST requests answer `status` with Twilio's error body
    /// (`code`, `message`).
    pub fn fail_next(&self, count: u32, status: u16, code: u32, message: &str) {
        self.shared
            .lock()
            .faults
            .fail_next(count, None, TwilioError::new(status, code, message));
    }

    /// Like [`Self::fail_next`], only for requests whose path contains `path_contains`.
    pub fn fail_next_matching(
        &self,
        count: u32,
        path_contains: &str,
        status: u16,
        code: u32,
        message: &str,
    ) {
        self.shared.lock().faults.fail_next(
            count,
            Some(path_contains.to_owned()),
            TwilioError::new(status, code, message),
        );
    }

    /// The next `count` REST requests wait `delay` before being handled (a slow Twilio).
    pub fn delay_next(&self, count: u32, delay: Duration) {
        self.shared.lock().faults.delay_next(count, None, delay);
    }

    /// Like [`Self::delay_next`], only for requests whose path contains `path_contains`.
    pub fn delay_next_matching(&self, count: u32, path_contains: &str, delay: Duration) {
        self.shared
            .lock()
            .faults
            .delay_next(count, Some(path_contains.to_owned()), delay);
    }

    /// While `true`, every request is answered 503 (code 20503).
    pub fn set_unavailable(&self, unavailable: bool) {
        self.shared.lock().faults.set_unavailable(unavailable);
    }

    /// Forgets planned failures and delays and makes the API available again.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    // ---- driving calls and messages -------------------------------------------------

    /// Moves call `sid` to `status` (forwards only) and sends the callbacks that causes,
    /// waiting for each delivery.
    ///
    /// # Errors
    /// [`SimError::NotFound`], [`SimError::InvalidTransition`].
    pub async fn advance_call(
        &self,
        sid: &str,
        status: CallStatus,
    ) -> Result<Vec<WebhookDelivery>, SimError> {
        self.shared.advance_call(sid, status).await
    }

    /// Rings, answers and completes call `sid` (from wherever it is) as a call of
    /// `duration_secs` seconds, sending the callbacks each step causes. Over HTTP:
    /// `POST /_sim/Calls/{CallSid}/Complete`
    /// ([`SimControl::complete_call`](crate::SimControl::complete_call)).
    ///
    /// # Errors
    /// [`SimError::NotFound`]; [`SimError::InvalidTransition`] when it already ended.
    pub async fn complete_call(
        &self,
        sid: &str,
        duration_secs: u32,
    ) -> Result<Vec<WebhookDelivery>, SimError> {
        self.shared.complete_call(sid, duration_secs).await
    }

    /// Moves outbound message `sid` to `status` and sends its status callback.
    ///
    /// # Errors
    /// [`SimError::NotFound`], [`SimError::InvalidTransition`].
    pub async fn advance_message(
        &self,
        sid: &str,
        status: MessageStatus,
    ) -> Result<Vec<WebhookDelivery>, SimError> {
        self.shared.advance_message(sid, status, None).await
    }

    /// Like [`Self::advance_message`], with the `ErrorCode` a `failed` or `undelivered`
    /// message reports (30008 when `None`).
    ///
    /// # Errors
    /// [`SimError::NotFound`], [`SimError::InvalidTransition`].
    pub async fn advance_message_with_error(
        &self,
        sid: &str,
        status: MessageStatus,
        error_code: Option<u32>,
    ) -> Result<Vec<WebhookDelivery>, SimError> {
        self.shared.advance_message(sid, status, error_code).await
    }

    /// A call from `from` to the account's number `to`: posts the signed voice webhook to the
    /// number's `VoiceUrl` and returns the app's reply (with the new call's SID). A 2xx reply
    /// answers the call (`in-progress`); anything else fails it. Over HTTP:
    /// `POST /_sim/InboundCalls` ([`SimControl::inbound_call`](crate::SimControl::inbound_call)).
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed `to` or `from`, [`SimError::NotFound`]
    /// when `to` is not on the account, [`SimError::NoWebhook`] without a `VoiceUrl`,
    /// [`SimError::Webhook`] when the app cannot be reached.
    pub async fn inbound_call(&self, to: &str, from: &str) -> Result<WebhookReply, SimError> {
        self.shared.inbound_call(to, from).await
    }

    /// A message from `from` to the account's number `to` (both `+E164` or
    /// `whatsapp:+E164`): posts the signed webhook to the number's `SmsUrl` and returns the
    /// app's reply (with the new message's SID). Over HTTP: `POST /_sim/InboundMessages`
    /// ([`SimControl::inbound_message`](crate::SimControl::inbound_message)).
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed `to` or `from`, [`SimError::NotFound`]
    /// when `to` is not on the account, [`SimError::NoWebhook`] without an `SmsUrl`,
    /// [`SimError::Webhook`] when the app cannot be reached.
    pub async fn inbound_message(
        &self,
        to: &str,
        from: &str,
        body: &str,
    ) -> Result<WebhookReply, SimError> {
        self.shared.inbound_message(to, from, body).await
    }

    /// Posts `params` to `url` as a signed Twilio form webhook.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a URL that is not absolute http(s),
    /// [`SimError::Webhook`] when the request fails.
    pub async fn post_signed(
        &self,
        url: &str,
        params: &[(&str, &str)],
    ) -> Result<WebhookReply, SimError> {
        if !crate::urls::is_http_url(url) {
            return Err(SimError::InvalidArgument(format!(
                "{url} is not an absolute URL"
            )));
        }
        let callback = Callback {
            kind: "custom",
            url: url.to_owned(),
            method: "POST".to_owned(),
            params: owned_pairs(params.iter().copied()),
        };
        self.shared.send_recorded(&callback).await.0
    }

    // ---- inspection -----------------------------------------------------------------

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
