//! Driving a running stand-in: call and message status changes, inbound calls and
//! messages, and signed webhooks, each sending what Twilio would.

use std::sync::Arc;

use super::RunningSim;
use crate::calls::ClientCallRequest;
use crate::error::SimError;
use crate::messages::InboundMessage;
use crate::pairs::owned_pairs;
use crate::resources::{CallStatus, MessageStatus};
use crate::script::{CallScript, ClientResponder};
use crate::transcript::Transcript;
use crate::webhooks::{Callback, WebhookDelivery, WebhookReply};

/// A browser call's run, from [`RunningSim::begin_client_call`].
pub type ClientCallRun =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Transcript, SimError>> + Send>>;

impl RunningSim {
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

    /// A call from `from` to the account's number `to`, carried out to its end with the
    /// default [`CallScript`]: posts the signed voice webhook to the number's `VoiceUrl`,
    /// runs the TwiML engine on the answers, and returns the app's first answer (with the
    /// new call's SID). A 2xx answer is carried out (the call ends `completed`, or
    /// `busy`/`no-answer` for a `<Reject>`); anything else fails the call. The whole run is
    /// in [`Call::transcript`](crate::Call::transcript). Over HTTP: `POST /_sim/InboundCalls`
    /// ([`SimControl::inbound_call`](crate::SimControl::inbound_call)).
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed `to` or `from`, [`SimError::NotFound`]
    /// when `to` is not on the account, [`SimError::NoWebhook`] without a `VoiceUrl`,
    /// [`SimError::Webhook`] when the app cannot be reached.
    pub async fn inbound_call(&self, to: &str, from: &str) -> Result<WebhookReply, SimError> {
        let outcome = self
            .shared
            .inbound_call(to, from, CallScript::default())
            .await?;
        Ok(outcome.first_reply)
    }

    /// A call from `from` to the account's number `to`, carried out to its end with the
    /// caller following `script` (digits, speech, the first Dial's outcome, recording
    /// length), in virtual time. Returns what happened: each document the app returned and
    /// what the stand-in did with it, then the call's final status. Over HTTP: `POST
    /// /_sim/InboundCalls` ([`SimControl::run_inbound_call`](crate::SimControl::run_inbound_call)).
    ///
    /// # Errors
    /// As [`Self::inbound_call`].
    pub async fn run_inbound_call(
        &self,
        to: &str,
        from: &str,
        script: CallScript,
    ) -> Result<Transcript, SimError> {
        Ok(self.shared.inbound_call(to, from, script).await?.transcript)
    }

    /// A call from the browser client `identity` (Voice SDK) dialling `to`, through the
    /// account's TwiML App (the oldest with a `VoiceUrl`), carried out to its end with the
    /// default [`CallScript`]: posts the signed voice request Twilio sends for it
    /// (`From`/`Caller` = `client:{identity}`, `To`/`Called` = `to`, `Direction=inbound`,
    /// `CallStatus=ringing`, `ApplicationSid`, and the custom parameters `CallerId` when
    /// given and `Record=true` when `record`), runs the TwiML engine on the answers, and
    /// returns the app's first answer (with the new call's SID). Over HTTP: `POST
    /// /_sim/ClientCalls` ([`SimControl::client_call`](crate::SimControl::client_call)).
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for an empty identity or `to`,
    /// [`SimError::NoApplication`] without a TwiML App, [`SimError::Webhook`] when the app
    /// cannot be reached.
    pub async fn client_call(
        &self,
        identity: &str,
        to: &str,
        caller_id: Option<&str>,
        record: bool,
    ) -> Result<WebhookReply, SimError> {
        let request = ClientCallRequest {
            identity,
            to,
            caller_id,
            record,
        };
        let outcome = self
            .shared
            .client_call(request, CallScript::default())
            .await?;
        Ok(outcome.first_reply)
    }

    /// Like [`Self::client_call`], with the caller's side following `script`, returning
    /// the transcript. Over HTTP: `POST /_sim/ClientCalls`
    /// ([`SimControl::run_client_call`](crate::SimControl::run_client_call)).
    ///
    /// # Errors
    /// As [`Self::client_call`].
    pub async fn run_client_call(
        &self,
        identity: &str,
        to: &str,
        caller_id: Option<&str>,
        record: bool,
        script: CallScript,
    ) -> Result<Transcript, SimError> {
        let request = ClientCallRequest {
            identity,
            to,
            caller_id,
            record,
        };
        Ok(self.shared.client_call(request, script).await?.transcript)
    }

    /// Like [`Self::run_client_call`], but returns as soon as the call exists: its SID, and
    /// the run, for the caller to drive (spawn or await), which ends with the transcript.
    /// A browser phone uses it to know its call before the app has answered.
    ///
    /// # Errors
    /// As [`Self::client_call`], except [`SimError::Webhook`], which the run returns.
    pub fn begin_client_call(
        &self,
        identity: &str,
        to: &str,
        caller_id: Option<&str>,
        record: bool,
        script: CallScript,
    ) -> Result<(String, ClientCallRun), SimError> {
        let request = ClientCallRequest {
            identity,
            to,
            caller_id,
            record,
        };
        self.shared.begin_client_call(request, script)
    }

    /// From now on `responder` decides how `<Dial><Client>` legs end (a browser console
    /// answering or rejecting by itself); `None` leaves it to each call's script.
    pub fn set_client_responder(&self, responder: Option<Arc<dyn ClientResponder>>) {
        self.shared.lock().client_responder = responder;
    }

    /// A message from `from` to the account's number `to` (both `+E164` or both
    /// `whatsapp:+E164`): posts the signed webhook to the number's `SmsUrl` and returns the
    /// app's reply (with the new message's SID). Over HTTP: `POST /_sim/InboundMessages`
    /// ([`SimControl::inbound_message`](crate::SimControl::inbound_message)).
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed `to` or `from` or addresses on
    /// different channels, [`SimError::NotFound`] when `to` is not on the account,
    /// [`SimError::NoWebhook`] without an `SmsUrl`, [`SimError::Webhook`] when the app
    /// cannot be reached.
    pub async fn inbound_message(
        &self,
        to: &str,
        from: &str,
        body: &str,
    ) -> Result<WebhookReply, SimError> {
        self.inbound_message_with_media(to, from, body, &[]).await
    }

    /// Like [`Self::inbound_message`], an MMS (or a WhatsApp message with media) carrying
    /// `media`, absolute http(s) URLs (at most 10; WhatsApp 1): the webhook has
    /// `NumMedia`, `MediaUrl{N}` and `MediaContentType{N}` (from the URL's extension), and
    /// the message's SID starts `MM`. Over HTTP: `POST /_sim/InboundMessages` with
    /// `MediaUrl` repeated
    /// ([`SimControl::inbound_message_with_media`](crate::SimControl::inbound_message_with_media)).
    ///
    /// # Errors
    /// As [`Self::inbound_message`]; [`SimError::InvalidArgument`] also for a media URL that
    /// is not absolute http(s), or too many.
    pub async fn inbound_message_with_media(
        &self,
        to: &str,
        from: &str,
        body: &str,
        media: &[&str],
    ) -> Result<WebhookReply, SimError> {
        let inbound = InboundMessage {
            to,
            from,
            body,
            media,
        };
        self.shared.inbound_message(&inbound).await
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
}
