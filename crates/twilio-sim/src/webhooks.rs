//! Signed webhooks from the stand-in to the app, as Twilio sends them: form-encoded,
//! `X-Twilio-Signature` computed with `switchboard_twilio::compute_signature` over the URL as
//! configured, `User-Agent: TwilioProxy/1.1`, 15 s timeout.

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, USER_AGENT};
use serde::{Deserialize, Serialize};

use crate::error::SimError;
use crate::pairs::encode_query;
use crate::urls::is_http_url;

/// `error` and its sources, `: `-separated: reqwest's own message only says that sending
/// failed, the cause (`Connection refused`, a timeout) is in the sources.
#[must_use]
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // Some layers repeat their source's message in their own.
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// What the app answered to a webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookReply {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body (TwiML, usually).
    pub body: String,
    /// The SID of the call or message the stand-in created for this webhook, if any.
    pub sid: Option<String>,
}

/// One webhook the stand-in sent (or tried to), for inspection; the control API sends it as
/// JSON with these field names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDelivery {
    /// What it reports: `call-status`, `recording-status`, `message-status`, `voice`,
    /// `sms` or `custom`.
    pub kind: String,
    /// The URL as configured (and signed).
    pub url: String,
    /// `POST` or `GET`.
    pub method: String,
    /// The form (or query) parameters.
    pub params: Vec<(String, String)>,
    /// The app's HTTP status, or `None` when the request failed.
    pub status: Option<u16>,
    /// Why the request failed, if it did.
    pub error: Option<String>,
}

impl WebhookDelivery {
    /// The record of sending `callback` with `outcome`.
    pub(crate) fn new(callback: &Callback, outcome: &Result<WebhookReply, SimError>) -> Self {
        Self {
            kind: callback.kind.to_owned(),
            url: callback.url.clone(),
            method: callback.method.clone(),
            params: callback.params.clone(),
            status: outcome.as_ref().ok().map(|r| r.status),
            error: outcome.as_ref().err().map(ToString::to_string),
        }
    }
}

/// A webhook waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    /// See [`WebhookDelivery::kind`].
    pub kind: &'static str,
    /// The URL as configured.
    pub url: String,
    /// `POST` or `GET`.
    pub method: String,
    /// Parameters.
    pub params: Vec<(String, String)>,
}

/// Where webhooks for the app's public URL are really delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookRouting {
    /// The public base (`https://switchboard.example.com`), without a trailing `/`.
    pub public_base: String,
    /// The local base (`http://127.0.0.1:PORT`), without a trailing `/`.
    pub actual_base: String,
}

impl WebhookRouting {
    /// A routing from `public_base` to `actual_base`.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] when either is not an absolute http(s) URL.
    pub fn new(public_base: &str, actual_base: &str) -> Result<Self, SimError> {
        for base in [public_base, actual_base] {
            if !is_http_url(base) {
                return Err(SimError::InvalidArgument(format!(
                    "{base} is not an absolute http(s) URL"
                )));
            }
        }
        Ok(Self {
            public_base: public_base.trim_end_matches('/').to_owned(),
            actual_base: actual_base.trim_end_matches('/').to_owned(),
        })
    }

    /// The URL to connect to for the configured `url`.
    #[must_use]
    pub fn route(&self, url: &str) -> String {
        match url.strip_prefix(&self.public_base) {
            Some(rest) if rest.is_empty() || rest.starts_with(['/', '?', '#']) => {
                format!("{}{rest}", self.actual_base)
            }
            _ => url.to_owned(),
        }
    }
}

/// Sends signed webhooks.
#[derive(Clone)]
pub struct WebhookClient {
    http: reqwest::Client,
    auth_token: String,
}

impl std::fmt::Debug for WebhookClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookClient")
            .field("auth_token", &format_args!("[redacted]"))
            .finish_non_exhaustive()
    }
}

impl WebhookClient {
    /// A client signing with `auth_token`, giving up after `timeout`.
    ///
    /// # Errors
    /// [`SimError::Config`] when the HTTP client cannot be built.
    pub fn new(auth_token: &str, timeout: Duration) -> Result<Self, SimError> {
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(5).min(timeout))
            // Connections are not reused: the client is used from several runtimes (the
            // caller's and the server's), and a pooled connection belongs to one of them.
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|e| SimError::Config(format!("webhook client: {e}")))?;
        Ok(Self {
            http,
            auth_token: auth_token.to_owned(),
        })
    }

    /// Sends `callback`, signed; `routing` may redirect it to where the app listens.
    /// A GET carries the parameters in the query string and is signed over that full URL.
    ///
    /// # Errors
    /// [`SimError::Webhook`] when the request cannot be made or the response not read.
    pub async fn send(
        &self,
        callback: &Callback,
        routing: Option<&WebhookRouting>,
    ) -> Result<WebhookReply, SimError> {
        let failed = |reason: String| SimError::Webhook {
            url: callback.url.clone(),
            reason,
        };
        let is_get = callback.method.eq_ignore_ascii_case("GET");
        let signed_url = if is_get && !callback.params.is_empty() {
            let separator = if callback.url.contains('?') { '&' } else { '?' };
            format!(
                "{}{separator}{}",
                callback.url,
                encode_query(&callback.params)
            )
        } else {
            callback.url.clone()
        };
        // A GET's parameters are in the signed URL already.
        let signed_params: &[(String, String)] = if is_get { &[] } else { &callback.params };
        let signature =
            switchboard_twilio::compute_signature(&self.auth_token, &signed_url, signed_params);
        let target = routing.map_or_else(|| signed_url.clone(), |r| r.route(&signed_url));
        let request = if is_get {
            self.http.get(&target)
        } else {
            self.http
                .post(&target)
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(encode_query(&callback.params))
        };
        let response = request
            .header(switchboard_twilio::SIGNATURE_HEADER, signature)
            .header(USER_AGENT, "TwilioProxy/1.1")
            .send()
            .await
            .map_err(|e| failed(error_chain(&e)))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await.map_err(|e| failed(error_chain(&e)))?;
        Ok(WebhookReply {
            status,
            content_type,
            body,
            sid: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{WebhookRouting, error_chain};

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1
                .as_deref()
                .map(|l| l as &(dyn std::error::Error + 'static))
        }
    }

    #[test]
    fn error_chains_name_every_distinct_cause() {
        let refused = Layer("Connection refused", None);
        let connect = Layer(
            "tcp connect error: Connection refused",
            Some(Box::new(refused)),
        );
        let top = Layer("error sending request", Some(Box::new(connect)));
        assert_eq!(
            error_chain(&top),
            "error sending request: tcp connect error: Connection refused"
        );
        assert_eq!(error_chain(&Layer("alone", None)), "alone");
    }

    #[test]
    fn routing_rewrites_only_the_public_base() {
        let routing = WebhookRouting::new("https://sb.example.com/", "http://127.0.0.1:9000")
            .expect("valid bases");
        assert_eq!(
            routing.route("https://sb.example.com/webhooks/twilio/voice?x=1"),
            "http://127.0.0.1:9000/webhooks/twilio/voice?x=1"
        );
        assert_eq!(
            routing.route("https://sb.example.com.evil/x"),
            "https://sb.example.com.evil/x"
        );
        assert_eq!(
            routing.route("http://127.0.0.1:1/cb"),
            "http://127.0.0.1:1/cb"
        );
        assert!(WebhookRouting::new("/relative", "http://127.0.0.1:1").is_err());
    }
}
