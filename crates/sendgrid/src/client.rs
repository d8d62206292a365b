//! [`SendGridClient`]: `POST /v3/mail/send` with Bearer auth, a per-attempt timeout, bounded
//! retries of 429s (honouring `Retry-After`) and of connections that never opened, and the
//! mapping of every failure to the port's [`EmailError`].
//!
//! Nothing else is retried: after a timeout or a 5xx SendGrid may have accepted the email,
//! and sending it again could deliver it twice.

use std::error::Error as _;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use switchboard_domain::email::{EmailError, EmailSender, OutgoingEmail, SentEmail};
use url::Url;

use crate::body::{MAIL_SEND_PATH, mail_send_body};
use crate::config::{ApiKey, RetryPolicy, SendGridConfig};
use crate::errors::{ProviderError, redact, redact_text};
use crate::sleep::{Sleeper, TokioSleeper};

/// The header SendGrid names an accepted message with.
pub const MESSAGE_ID_HEADER: &str = "x-message-id";

/// Why the client could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientBuildError {
    /// The base URL cannot be used (not http(s), not a base, or with user info, a query or
    /// a fragment).
    #[error("invalid SendGrid API base URL: {0}")]
    InvalidBaseUrl(&'static str),
    /// The API key is empty or cannot be sent in a header.
    #[error("invalid SendGrid API key: {0}")]
    InvalidApiKey(&'static str),
    /// The HTTP client could not be set up (TLS backend).
    #[error("cannot set up the HTTP client: {0}")]
    Http(String),
}

/// A client of SendGrid's v3 Mail Send API; it implements [`EmailSender`].
///
/// Cloning is cheap (the connection pool is shared). `Debug` shows the base URL, the
/// timeout and the retry policy, never the key.
#[derive(Clone)]
pub struct SendGridClient {
    http: reqwest::Client,
    base_url: Url,
    endpoint: Url,
    api_key: ApiKey,
    /// `Bearer KEY`, marked sensitive.
    authorization: HeaderValue,
    timeout: Duration,
    retry: RetryPolicy,
    sandbox_mode: bool,
    sleeper: Arc<dyn Sleeper>,
}

/// Why one attempt failed.
enum Failure {
    /// SendGrid answered with a non-2xx status.
    Answer {
        error: ProviderError,
        retry_after: Option<Duration>,
    },
    /// The connection could not be opened: nothing was sent.
    Connect(String),
    /// Anything later, timeouts included: the email may have been accepted.
    Other(String),
}

impl Failure {
    fn into_error(self, attempts: u32) -> EmailError {
        match self {
            Self::Answer { error, retry_after } => {
                let throttled = error.is_throttled();
                let error = error.into_email_error(attempts);
                match (error, retry_after) {
                    (EmailError::NotSent(reason), Some(wait)) if throttled => EmailError::NotSent(
                        format!("{reason} (it asked to wait {} s more)", wait.as_secs()),
                    ),
                    (error, _) => error,
                }
            }
            Self::Connect(reason) => EmailError::NotSent(format!("SendGrid mail send: {reason}")),
            Self::Other(reason) => EmailError::Unavailable(format!("SendGrid mail send: {reason}")),
        }
    }
}

impl SendGridClient {
    /// A client for `config`.
    ///
    /// # Errors
    /// [`ClientBuildError::InvalidBaseUrl`] when the base URL is not an http(s) base URL
    /// without user info, query or fragment; [`ClientBuildError::InvalidApiKey`] for an
    /// empty key or one with characters a header cannot carry;
    /// [`ClientBuildError::Http`] when the HTTP client cannot be set up.
    pub fn new(config: SendGridConfig) -> Result<Self, ClientBuildError> {
        let base_url = config.base_url;
        if !matches!(base_url.scheme(), "http" | "https") || base_url.cannot_be_a_base() {
            return Err(ClientBuildError::InvalidBaseUrl(
                "expected an http(s) URL such as https://api.sendgrid.com",
            ));
        }
        if !base_url.username().is_empty() || base_url.password().is_some() {
            return Err(ClientBuildError::InvalidBaseUrl(
                "the API key goes in SENDGRID_API_KEY, not in the URL",
            ));
        }
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(ClientBuildError::InvalidBaseUrl(
                "the base URL may not have a query or fragment",
            ));
        }
        let key = config.api_key.expose();
        if key.is_empty() {
            return Err(ClientBuildError::InvalidApiKey("it is empty"));
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ClientBuildError::InvalidApiKey(
                "it may only hold visible ASCII characters",
            ));
        }
        let mut authorization = HeaderValue::try_from(format!("Bearer {key}"))
            .map_err(|_| ClientBuildError::InvalidApiKey("it cannot be sent in a header"))?;
        authorization.set_sensitive(true);
        let mut endpoint = base_url.clone();
        endpoint.set_path(&format!(
            "{}{MAIL_SEND_PATH}",
            base_url.path().trim_end_matches('/')
        ));
        let http = reqwest::Client::builder()
            .connect_timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("switchboard-sendgrid/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientBuildError::Http(e.without_url().to_string()))?;
        Ok(Self {
            http,
            base_url,
            endpoint,
            api_key: config.api_key,
            authorization,
            timeout: config.timeout,
            retry: config.retry,
            sandbox_mode: config.sandbox_mode,
            sleeper: Arc::new(TokioSleeper),
        })
    }

    /// The same client, waiting between attempts with `sleeper` (tests pass one that
    /// returns at once).
    #[must_use]
    pub fn with_sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Self {
        self.sleeper = sleeper;
        self
    }

    /// Where the API is.
    #[must_use]
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// One attempt.
    async fn attempt(&self, body: &[u8]) -> Result<SentEmail, Failure> {
        let response = self
            .http
            .post(self.endpoint.clone())
            .header(AUTHORIZATION, self.authorization.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json")
            .timeout(self.timeout)
            .body(body.to_vec())
            .send()
            .await
            .map_err(|e| {
                let reason = self.describe(&e);
                if e.is_connect() && !e.is_timeout() {
                    Failure::Connect(reason)
                } else {
                    Failure::Other(reason)
                }
            })?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            let provider_message_id = response
                .headers()
                .get(MESSAGE_ID_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(str::to_owned);
            return Ok(SentEmail {
                provider_message_id,
            });
        }
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let body = response
            .bytes()
            .await
            .map_err(|e| Failure::Other(format!("reading the answer: {}", self.describe(&e))))?;
        Err(Failure::Answer {
            error: ProviderError::read(status, &body),
            retry_after,
        })
    }

    /// How long to wait before the next attempt after `failure`, or `None` to give up:
    /// only 429s and connections never opened are retried, as the policy allows.
    fn retry_wait(&self, failure: &Failure, attempts: u32, waited: Duration) -> Option<Duration> {
        let retry_after = match failure {
            Failure::Answer { error, retry_after } if error.is_throttled() => *retry_after,
            Failure::Connect(_) => None,
            Failure::Answer { .. } | Failure::Other(_) => return None,
        };
        self.retry.next_wait(attempts, waited, retry_after)
    }

    /// Describes a reqwest failure without its URL and without the key.
    fn describe(&self, error: &reqwest::Error) -> String {
        let mut cause = String::new();
        let mut source = error.source();
        while let Some(inner) = source {
            cause = inner.to_string();
            source = inner.source();
        }
        let cause = redact_text(cause, self.api_key.expose());
        let what = if error.is_timeout() {
            format!("timed out after {:?}", self.timeout)
        } else if error.is_connect() {
            "could not connect".to_owned()
        } else {
            "request failed".to_owned()
        };
        if cause.is_empty() {
            what
        } else {
            format!("{what} ({cause})")
        }
    }
}

/// Reads a `Retry-After` given in seconds (`"2"`); an HTTP date or anything else counts as
/// absent, so the backoff applies.
fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[async_trait]
impl EmailSender for SendGridClient {
    async fn send(&self, email: &OutgoingEmail) -> Result<SentEmail, EmailError> {
        let body = mail_send_body(email, self.sandbox_mode)
            .to_string()
            .into_bytes();
        let recipients = email.to().len();
        let mut attempts: u32 = 0;
        let mut waited = Duration::ZERO;
        loop {
            attempts += 1;
            let failure = match self.attempt(&body).await {
                Ok(sent) => {
                    tracing::debug!(recipients, attempts, message_id = ?sent.provider_message_id, "SendGrid accepted the email");
                    return Ok(sent);
                }
                Err(failure) => failure,
            };
            if let Some(wait) = self.retry_wait(&failure, attempts, waited) {
                let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
                tracing::warn!(
                    attempts,
                    wait_ms,
                    "SendGrid throttled or unreachable; retrying"
                );
                self.sleeper.sleep(wait).await;
                waited += wait;
                continue;
            }
            let field = match &failure {
                Failure::Answer { error, .. } => error.field.clone(),
                Failure::Connect(_) | Failure::Other(_) => None,
            };
            let error = redact(failure.into_error(attempts), self.api_key.expose());
            match &error {
                EmailError::Rejected { status, .. } => {
                    tracing::info!(status, field, attempts, error = %error, "SendGrid refused the email");
                }
                EmailError::Unavailable(_) | EmailError::NotSent(_) => {
                    tracing::warn!(attempts, error = %error, "SendGrid is unavailable");
                }
            }
            return Err(error);
        }
    }
}

impl fmt::Debug for SendGridClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendGridClient")
            .field("base_url", &self.base_url.as_str())
            .field("api_key", &self.api_key)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("sandbox_mode", &self.sandbox_mode)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_read_in_seconds_only() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }

    #[test]
    fn unusable_settings_are_refused() {
        let config = |url: &str, key: &str| {
            SendGridConfig::new(ApiKey::new(key)).with_base_url(Url::parse(url).unwrap())
        };
        for url in [
            "ftp://api.sendgrid.com",
            "https://user:pw@api.sendgrid.com",
            "https://api.sendgrid.com/?x=1",
            "https://api.sendgrid.com/#f",
            "mailto:x@example.com",
        ] {
            assert!(matches!(
                SendGridClient::new(config(url, "SG.key")),
                Err(ClientBuildError::InvalidBaseUrl(_))
            ));
        }
        for key in ["", "SG.a b", "SG.\u{e9}", "SG.\nx"] {
            assert!(matches!(
                SendGridClient::new(config("https://api.sendgrid.com", key)),
                Err(ClientBuildError::InvalidApiKey(_))
            ));
        }
        let client = SendGridClient::new(config("http://127.0.0.1:9/prefix/", "SG.key")).unwrap();
        assert_eq!(
            client.endpoint.as_str(),
            "http://127.0.0.1:9/prefix/v3/mail/send"
        );
        let printed = format!("{client:?}");
        assert!(!printed.contains("SG.key"), "{printed}");
    }
}
