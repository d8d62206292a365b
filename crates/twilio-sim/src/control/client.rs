//! [`SimControl`]: a typed client for the control API of a stand-in running in another
//! process.

use std::time::Duration;

use reqwest::StatusCode;
use url::Url;

use super::base_url::parse_base;
use super::error::ControlError;
use super::text::{redact, snippet};
use super::{CompletedBody, ErrorBody, PREFIX, ReplyBody, kind};
use crate::webhooks::{WebhookDelivery, WebhookReply, error_chain};

/// A client for the control API of a stand-in started elsewhere (`switchboard twilio-sim`):
/// makes calls and messages arrive at the app, and ends calls, as the [`RunningSim`]
/// drivers of the same names do in-process.
///
/// It authenticates with HTTP Basic, as the Twilio routes do: the account SID and auth token,
/// or an API key SID and secret the stand-in accepts.
///
/// | route | form parameters | success (200, JSON) |
/// |---|---|---|
/// | `POST /_sim/InboundCalls` | `To`, `From` (default [`DEFAULT_INBOUND_FROM`]), the script: `Digits`, `Speech` (repeated), `DialOutcome`, `RecordSeconds`, `TalkSeconds` | `{"call_sid", "status", "content_type", "body", "transcript"}` |
/// | `POST /_sim/ClientCalls` | `Identity`, `To`, `CallerId` (optional), `Record` (`true`/`false`, default `false`) | `{"call_sid", "status", "content_type", "body"}` |
/// | `POST /_sim/InboundMessages` | `To`, `From` (default [`DEFAULT_INBOUND_FROM`], on `To`'s channel), `Body`, `MediaUrl` (repeated) | `{"message_sid", "status", "content_type", "body"}` |
/// | `POST /_sim/Calls/{CallSid}/Complete` | `Duration` (seconds, default 0) | `{"call_sid", "call_status", "duration", "webhooks"}` |
///
/// `status`, `content_type` and `body` are the app's answer to the webhook; an app that
/// answers 4xx/5xx is still a 200 here. Errors are
/// `{"status": 404, "error": "unknown_number", "message": "..."}`, except 401, which is
/// Twilio's own body; see [`ControlError`].
///
/// Control requests are not Twilio requests: the stand-in does not check them against the
/// spec, does not list them in [`RunningSim::requests`], and does not apply injected faults
/// to them. The webhooks they cause are listed in [`RunningSim::webhook_deliveries`].
///
/// [`RunningSim`]: crate::RunningSim
/// [`RunningSim::requests`]: crate::RunningSim::requests
/// [`RunningSim::webhook_deliveries`]: crate::RunningSim::webhook_deliveries
/// [`DEFAULT_INBOUND_FROM`]: crate::DEFAULT_INBOUND_FROM
#[derive(Clone)]
pub struct SimControl {
    http: reqwest::Client,
    base: Url,
    /// `base` for messages: without a trailing `/`.
    display_base: String,
    username: String,
    password: String,
    timeout: Duration,
}

impl std::fmt::Debug for SimControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimControl")
            .field("base_url", &self.display_base)
            .field("username", &self.username)
            .field("auth_token", &format_args!("[redacted]"))
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl SimControl {
    /// How long a request may take unless [`Self::with_timeout`] says otherwise: 35 s. An
    /// inbound call waits for the app's voice webhook (up to the stand-in's 15 s webhook
    /// timeout) and, when that fails, for the status callback reporting the failed call (up
    /// to 15 s more).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(35);

    /// A client for the stand-in at `base_url` (`http://127.0.0.1:PORT`, as it printed on
    /// start), authenticating as `account_sid` (or an API key SID) with `auth_token` (or the
    /// key's secret).
    ///
    /// # Errors
    /// [`ControlError::InvalidUrl`] unless `base_url` is an absolute `http`/`https` URL
    /// without credentials, query or fragment; [`ControlError::Client`] when the HTTP client
    /// cannot be built.
    pub fn new(base_url: &str, account_sid: &str, auth_token: &str) -> Result<Self, ControlError> {
        let base = parse_base(base_url, auth_token)?;
        let http = reqwest::Client::builder()
            .no_proxy()
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| ControlError::Client(redact(&error_chain(&e), auth_token)))?;
        Ok(Self {
            http,
            display_base: base.as_str().trim_end_matches('/').to_owned(),
            base,
            username: account_sid.to_owned(),
            password: auth_token.to_owned(),
            timeout: Self::DEFAULT_TIMEOUT,
        })
    }

    /// This client, giving up on a request after `timeout` instead of
    /// [`Self::DEFAULT_TIMEOUT`].
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The stand-in's base URL, without a trailing `/`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.display_base
    }

    /// A call from `from` (default [`DEFAULT_INBOUND_FROM`](crate::DEFAULT_INBOUND_FROM)) to
    /// the account's number `to`: `POST /_sim/InboundCalls`. The stand-in posts the signed
    /// voice webhook to the number's `VoiceUrl`; the result is the app's answer, with the new
    /// call's SID in [`WebhookReply::sid`]. An app answering with an error status is a
    /// reply, not an error (the call failed).
    ///
    /// # Errors
    /// [`ControlError::InvalidRequest`] for a malformed `to` or `from`,
    /// [`ControlError::UnknownNumber`], [`ControlError::NoWebhook`],
    /// [`ControlError::AppUnreachable`], and the transport errors
    /// ([`ControlError::Unreachable`], [`ControlError::Timeout`],
    /// [`ControlError::Unauthorized`], [`ControlError::Unexpected`]).
    pub async fn inbound_call(
        &self,
        to: &str,
        from: Option<&str>,
    ) -> Result<WebhookReply, ControlError> {
        let mut form = vec![("To", to)];
        form.extend(from.map(|from| ("From", from)));
        let reply: ReplyBody = self.post(&["InboundCalls"], &form).await?;
        self.webhook_reply(reply, true)
    }

    /// A call from the browser client `identity` dialling `to` through the account's TwiML
    /// App: `POST /_sim/ClientCalls`. The stand-in posts the signed voice request Twilio sends
    /// for a Voice SDK call (`From` = `client:{identity}`, `ApplicationSid`, and the custom
    /// parameters `CallerId` and `Record=true` when given) to the app's `VoiceUrl`; the
    /// result is the app's answer (its TwiML), with the new call's SID in
    /// [`WebhookReply::sid`].
    ///
    /// # Errors
    /// [`ControlError::InvalidRequest`] for an empty identity or `to`,
    /// [`ControlError::NoWebhook`] when the account has no TwiML App with a `VoiceUrl`,
    /// [`ControlError::AppUnreachable`], and the transport errors listed under
    /// [`Self::inbound_call`].
    pub async fn client_call(
        &self,
        identity: &str,
        to: &str,
        caller_id: Option<&str>,
        record: bool,
    ) -> Result<WebhookReply, ControlError> {
        let mut form = vec![("Identity", identity), ("To", to)];
        form.extend(caller_id.map(|caller_id| ("CallerId", caller_id)));
        form.push(("Record", if record { "true" } else { "false" }));
        let reply: ReplyBody = self.post(&["ClientCalls"], &form).await?;
        self.webhook_reply(reply, true)
    }

    /// A message from `from` (default
    /// [`DEFAULT_INBOUND_FROM`](crate::DEFAULT_INBOUND_FROM)) to the account's number `to`
    /// (both `+E164` or `whatsapp:+E164`) saying `body`: `POST /_sim/InboundMessages`. The
    /// stand-in posts the signed webhook to the number's `SmsUrl`; the result is the app's
    /// answer, with the new message's SID in [`WebhookReply::sid`].
    ///
    /// # Errors
    /// As [`Self::inbound_call`], for the number's `SmsUrl`.
    pub async fn inbound_message(
        &self,
        to: &str,
        from: Option<&str>,
        body: &str,
    ) -> Result<WebhookReply, ControlError> {
        let mut form = vec![("To", to)];
        form.extend(from.map(|from| ("From", from)));
        form.push(("Body", body));
        let reply: ReplyBody = self.post(&["InboundMessages"], &form).await?;
        self.webhook_reply(reply, false)
    }

    /// Rings, answers and completes call `call_sid` (from wherever it is) as a call of
    /// `duration_secs` seconds (at most a day): `POST /_sim/Calls/{CallSid}/Complete`. The
    /// result is every status and recording callback the stand-in sent, in order.
    ///
    /// # Errors
    /// [`ControlError::UnknownCall`], [`ControlError::CallEnded`],
    /// [`ControlError::InvalidRequest`] for a duration over a day, and the transport errors
    /// listed under [`Self::inbound_call`].
    pub async fn complete_call(
        &self,
        call_sid: &str,
        duration_secs: u32,
    ) -> Result<Vec<WebhookDelivery>, ControlError> {
        let duration = duration_secs.to_string();
        let completed: CompletedBody = self
            .post(
                &["Calls", call_sid, "Complete"],
                &[("Duration", duration.as_str())],
            )
            .await?;
        Ok(completed.webhooks)
    }

    /// `reply` as a [`WebhookReply`]; the call's (`is_call`) or message's SID must be there.
    pub(super) fn webhook_reply(
        &self,
        reply: ReplyBody,
        is_call: bool,
    ) -> Result<WebhookReply, ControlError> {
        let sid = if is_call {
            reply.call_sid
        } else {
            reply.message_sid
        };
        let Some(sid) = sid else {
            return Err(self.unexpected(200, "the answer names no call or message SID"));
        };
        Ok(WebhookReply {
            status: reply.status,
            content_type: reply.content_type,
            body: reply.body,
            sid: Some(sid),
        })
    }

    /// Posts `form` to the control route `segments` (under `/_sim`) and reads a 200's JSON.
    pub(super) async fn post<T: serde::de::DeserializeOwned>(
        &self,
        segments: &[&str],
        form: &[(&str, &str)],
    ) -> Result<T, ControlError> {
        let url = self.endpoint(segments)?;
        let response = self
            .http
            .post(url)
            .basic_auth(&self.username, Some(&self.password))
            .timeout(self.timeout)
            .form(form)
            .send()
            .await
            .map_err(|e| self.transport(e))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| self.transport(e))?;
        if status == StatusCode::OK {
            return serde_json::from_str(&text)
                .map_err(|e| self.unexpected(200, &format!("not the control API's JSON ({e})")));
        }
        Err(self.failure(status, &text))
    }

    /// `{base}/_sim/{segments...}`, each segment percent-encoded.
    fn endpoint(&self, segments: &[&str]) -> Result<Url, ControlError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| ControlError::InvalidUrl {
                url: self.display_base.clone(),
                reason: "it cannot have a path".to_owned(),
            })?
            .pop_if_empty()
            .push(PREFIX.trim_start_matches('/'))
            .extend(segments);
        Ok(url)
    }

    /// The error for a request that got no answer.
    fn transport(&self, error: reqwest::Error) -> ControlError {
        if error.is_timeout() {
            return ControlError::Timeout {
                url: self.display_base.clone(),
                timeout: self.timeout,
            };
        }
        ControlError::Unreachable {
            url: self.display_base.clone(),
            reason: self.redact(&error_chain(&error.without_url())),
        }
    }

    /// The error for a non-200 answer with body `text`.
    fn failure(&self, status: StatusCode, text: &str) -> ControlError {
        if status == StatusCode::UNAUTHORIZED {
            return ControlError::Unauthorized {
                url: self.display_base.clone(),
                username: self.username.clone(),
            };
        }
        let Ok(body) = serde_json::from_str::<ErrorBody>(text) else {
            let detail = if status == StatusCode::NOT_FOUND {
                "no control API there: is it a Switchboard Twilio stand-in?".to_owned()
            } else {
                format!("not a control API error: {}", snippet(text))
            };
            return self.unexpected(status.as_u16(), &detail);
        };
        let message = self.redact(&body.message);
        match body.error.as_str() {
            kind::INVALID_REQUEST => ControlError::InvalidRequest { message },
            kind::UNKNOWN_NUMBER => ControlError::UnknownNumber { message },
            kind::UNKNOWN_CALL => ControlError::UnknownCall { message },
            kind::NO_WEBHOOK => ControlError::NoWebhook { message },
            kind::CALL_ENDED => ControlError::CallEnded { message },
            kind::APP_UNREACHABLE => ControlError::AppUnreachable { message },
            _ => self.unexpected(status.as_u16(), &message),
        }
    }

    pub(super) fn unexpected(&self, status: u16, detail: &str) -> ControlError {
        ControlError::Unexpected {
            url: self.display_base.clone(),
            status,
            detail: self.redact(detail),
        }
    }

    fn redact(&self, text: &str) -> String {
        redact(text, &self.password)
    }
}

#[cfg(test)]
mod tests {
    use super::SimControl;
    use crate::control::error::ControlError;
    use crate::control::text::redact;

    const TOKEN: &str = "s3cr3t-token";

    #[test]
    fn base_urls_must_be_plain_http_urls() {
        for (url, reason) in [
            ("127.0.0.1:4010", "http://HOST:PORT"),
            ("localhost:4010", "http://"),
            ("ftp://127.0.0.1:4010", "http://"),
            ("http://127.0.0.1:4010/?x=1", "query"),
            ("not a url", "relative URL"),
        ] {
            let error = SimControl::new(url, "AC1", TOKEN).expect_err(url);
            assert!(
                matches!(&error, ControlError::InvalidUrl { reason: r, .. } if r.contains(reason)),
                "{url}: {error}"
            );
        }
        let control = SimControl::new("http://127.0.0.1:4010/", "AC1", TOKEN).expect("valid");
        assert_eq!(control.base_url(), "http://127.0.0.1:4010");
        let nested = SimControl::new("http://127.0.0.1:4010/sim/", "AC1", TOKEN).expect("valid");
        assert_eq!(
            nested
                .endpoint(&["Calls", "CA 1/x", "Complete"])
                .map(String::from),
            Ok("http://127.0.0.1:4010/sim/_sim/Calls/CA%201%2Fx/Complete".to_owned())
        );
    }

    #[test]
    fn the_token_never_shows() {
        let with_credentials = format!("http://AC1:{TOKEN}@127.0.0.1:4010");
        let error = SimControl::new(&with_credentials, "AC1", TOKEN).expect_err("credentials");
        assert!(!error.to_string().contains(TOKEN), "{error}");
        assert!(!format!("{error:?}").contains(TOKEN), "{error:?}");
        let garbled = SimControl::new(&format!("::{TOKEN}"), "AC1", TOKEN).expect_err("garbled");
        assert!(!garbled.to_string().contains(TOKEN), "{garbled}");
        let control = SimControl::new("http://127.0.0.1:4010", "AC1", TOKEN).expect("valid");
        let debug = format!("{control:?}");
        assert!(!debug.contains(TOKEN), "{debug}");
        assert!(debug.contains("[redacted]"), "{debug}");
        assert_eq!(redact("a s3cr3t-token b", TOKEN), "a [redacted] b");
        assert_eq!(redact("anything", ""), "anything");
    }
}
