//! Driving calls and messages from Twilio's side: status changes with their callbacks and
//! inbound calls (carried out by the TwiML engine) and messages to the app. One
//! implementation serves both the in-process
//! [`RunningSim`](crate::RunningSim) methods and the HTTP control API (`/_sim/...`).

use std::sync::Arc;

use crate::calls;
use crate::calls::ClientCallRequest;
use crate::engine::{self, Outcome, deliver_running};
use crate::error::SimError;
use crate::messages::{self, InboundMessage};
use crate::resources::{CallStatus, MessageStatus};
use crate::script::CallScript;
use crate::sim::ClientCallRun;
use crate::state::Shared;
use crate::webhooks::{Callback, WebhookDelivery, WebhookReply};

impl Shared {
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
        let callbacks = {
            let mut state = self.lock();
            calls::advance(self, &mut state, sid, status, None)?
        };
        Ok(deliver_running(self, callbacks).await)
    }

    /// Rings, answers and completes call `sid` (from wherever it is) as a call of
    /// `duration_secs` seconds, sending the callbacks each step causes.
    ///
    /// # Errors
    /// [`SimError::NotFound`]; [`SimError::InvalidTransition`] when it already ended.
    pub async fn complete_call(
        &self,
        sid: &str,
        duration_secs: u32,
    ) -> Result<Vec<WebhookDelivery>, SimError> {
        let callbacks = {
            let mut state = self.lock();
            calls::complete(self, &mut state, sid, duration_secs)?
        };
        Ok(deliver_running(self, callbacks).await)
    }

    /// Moves outbound message `sid` to `status` and sends its status callback, with the
    /// `ErrorCode` a `failed` or `undelivered` message reports (30008 when `None`).
    ///
    /// # Errors
    /// [`SimError::NotFound`], [`SimError::InvalidTransition`].
    pub async fn advance_message(
        &self,
        sid: &str,
        status: MessageStatus,
        error_code: Option<u32>,
    ) -> Result<Vec<WebhookDelivery>, SimError> {
        let callbacks = {
            let mut state = self.lock();
            messages::advance(self, &mut state, sid, status, error_code)?
        };
        Ok(self.deliver_all(callbacks).await)
    }

    /// A call from `from` to the account's number `to`, carried out to its end with the
    /// caller following `script`: posts the signed voice webhook to the number's `VoiceUrl`
    /// and runs the TwiML engine on the answers. Returns the transcript and the app's first
    /// answer (with the new call's SID).
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed `to` or `from`, [`SimError::NotFound`]
    /// when `to` is not on the account, [`SimError::NoWebhook`] without a `VoiceUrl`,
    /// [`SimError::Webhook`] when the app cannot be reached for the voice webhook.
    pub(crate) async fn inbound_call(
        &self,
        to: &str,
        from: &str,
        script: CallScript,
    ) -> Result<Outcome, SimError> {
        let (sid, callback) = {
            let mut state = self.lock();
            calls::start_inbound(self, &mut state, to, from)?
        };
        self.carry_out(sid, &callback, script).await
    }

    /// A call from the browser client `request.identity` through the account's TwiML App,
    /// carried out to its end with the caller following `script`: posts the signed voice
    /// request to the app's `VoiceUrl` and runs the TwiML engine on the answers.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for an empty identity or `to`,
    /// [`SimError::NoApplication`] without a TwiML App, [`SimError::Webhook`] when the app
    /// cannot be reached.
    pub(crate) async fn client_call(
        &self,
        request: ClientCallRequest<'_>,
        script: CallScript,
    ) -> Result<Outcome, SimError> {
        let (sid, callback) = {
            let mut state = self.lock();
            calls::start_client_call(self, &mut state, request)?
        };
        self.carry_out(sid, &callback, script).await
    }

    /// Starts a call from the browser client `request.identity` through the account's
    /// TwiML App and returns its SID with the run (carried out to its end with the caller
    /// following `script`), for the caller to drive.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for an empty identity or `to`,
    /// [`SimError::NoApplication`] without a TwiML App.
    pub(crate) fn begin_client_call(
        self: &Arc<Self>,
        request: ClientCallRequest<'_>,
        script: CallScript,
    ) -> Result<(String, ClientCallRun), SimError> {
        let (sid, callback) = {
            let mut state = self.lock();
            calls::start_client_call(self, &mut state, request)?
        };
        let shared = Arc::clone(self);
        let run_sid = sid.clone();
        let run = Box::pin(async move {
            Ok(shared
                .carry_out(run_sid, &callback, script)
                .await?
                .transcript)
        });
        Ok((sid, run))
    }

    /// Runs the engine on the ringing call `sid` from its voice webhook `callback`.
    async fn carry_out(
        &self,
        sid: String,
        callback: &Callback,
        script: CallScript,
    ) -> Result<Outcome, SimError> {
        let mut outcome = engine::run_call(self, &sid, callback, script).await?;
        outcome.first_reply.sid = Some(sid);
        Ok(outcome)
    }

    /// A message from `inbound.from` to the account's number `inbound.to` (both `+E164` or
    /// both `whatsapp:+E164`), with its media: posts the signed webhook to the number's
    /// `SmsUrl` and returns the app's reply (with the new message's SID).
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed `to` or `from`, addresses on different
    /// channels or unusable media URLs, [`SimError::NotFound`] when `to` is not on the
    /// account, [`SimError::NoWebhook`] without an `SmsUrl`, [`SimError::Webhook`] when the
    /// app cannot be reached.
    pub async fn inbound_message(
        &self,
        inbound: &InboundMessage<'_>,
    ) -> Result<WebhookReply, SimError> {
        let (sid, callback) = {
            let mut state = self.lock();
            messages::start_inbound(self, &mut state, inbound)?
        };
        let mut reply = self.send_recorded(&callback).await.0?;
        reply.sid = Some(sid);
        Ok(reply)
    }
}
