//! Sending a [`PlannedRequest`]: Basic auth, the per-attempt timeout, retries of 429/503
//! and of connections that never opened, and the mapping of failures to [`TelephonyError`].
//! An answer is read whole ([`Transport::send`]) or handed over once its head has arrived
//! ([`Transport::open`]), for streaming.

use std::error::Error as _;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderName, HeaderValue, RANGE, RETRY_AFTER};
use switchboard_domain::telephony::TelephonyError;
use url::Url;

use super::config::{RestConfig, RetryPolicy, Secret};
use super::errors::{ProviderError, redact, redact_text};
use super::plan::{HttpMethod, ParamLocation, PlannedRequest};
use super::retry::{RetryDecision, decide, parse_retry_after, to_domain};

/// Why the client could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientBuildError {
    /// The base URL cannot be used (not http(s), not a base, or carrying user info).
    #[error("invalid Twilio API base URL: {0}")]
    InvalidBaseUrl(String),
    /// The HTTP client could not be set up (TLS backend).
    #[error("cannot set up the HTTP client: {0}")]
    Http(String),
}

/// A successful (2xx) answer.
#[derive(Debug)]
pub(crate) struct Answer {
    /// Its body.
    pub body: Vec<u8>,
}

/// Why one attempt failed.
enum Failure {
    /// Twilio answered with a non-2xx status.
    Answer {
        error: ProviderError,
        retry_after: Option<Duration>,
    },
    /// The connection could not be opened: nothing was sent, so any request may be retried.
    Connect(String),
    /// Anything later (timeouts included): the request may have been processed.
    Other(String),
}

impl Failure {
    /// The port's error for this failure (not yet redacted).
    fn into_error(self, request: &PlannedRequest) -> TelephonyError {
        match self {
            Self::Answer { error, retry_after } => {
                error.into_telephony_error(retry_after.and_then(to_domain))
            }
            Self::Connect(reason) | Self::Other(reason) => TelephonyError::Unavailable {
                reason: format!("{}: {reason}", request.label()),
                retry_after: None,
            },
        }
    }
}

/// The HTTP side of the client.
pub(crate) struct Transport {
    http: reqwest::Client,
    base_url: Url,
    /// The base URL's path without its trailing `/`, which every request path follows.
    base_path: String,
    username: String,
    secret: Secret,
    /// `Basic base64(username:secret)`, marked sensitive.
    authorization: HeaderValue,
    timeout: Duration,
    retry: RetryPolicy,
}

impl Transport {
    pub fn new(config: &RestConfig) -> Result<Self, ClientBuildError> {
        let base_url = &config.base_url;
        if !matches!(base_url.scheme(), "http" | "https") || base_url.cannot_be_a_base() {
            return Err(ClientBuildError::InvalidBaseUrl(
                "expected an http(s) URL such as https://api.twilio.com".to_owned(),
            ));
        }
        if !base_url.username().is_empty() || base_url.password().is_some() {
            return Err(ClientBuildError::InvalidBaseUrl(
                "credentials go in TWILIO_* settings, not in the URL".to_owned(),
            ));
        }
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(ClientBuildError::InvalidBaseUrl(
                "the base URL may not have a query or fragment".to_owned(),
            ));
        }
        // No client-wide timeout: whole answers get the per-attempt timeout per request, and
        // streamed media a timeout to its head and an idle timeout per chunk.
        let http = reqwest::Client::builder()
            .connect_timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .user_agent(concat!("switchboard-twilio/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientBuildError::Http(e.without_url().to_string()))?;
        let username = config.credentials.username(&config.account_sid).to_owned();
        let secret = config.credentials.secret().clone();
        let mut authorization = HeaderValue::try_from(format!(
            "Basic {}",
            BASE64.encode(format!("{username}:{}", secret.expose()))
        ))
        .map_err(|_| ClientBuildError::Http("cannot encode the Authorization header".to_owned()))?;
        authorization.set_sensitive(true);
        Ok(Self {
            http,
            base_path: base_url.path().trim_end_matches('/').to_owned(),
            base_url: base_url.clone(),
            username,
            secret,
            authorization,
            timeout: config.timeout,
            retry: config.retry,
        })
    }

    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The full URL of a request, without its query: the base URL's path, then the plan's.
    fn url_for(&self, request: &PlannedRequest) -> Url {
        let mut url = self.base_url.clone();
        url.set_path(&format!("{}{}", self.base_path, request.path));
        url
    }

    /// Replaces the secret in an error's text (see [`redact`]).
    pub fn redact(&self, error: TelephonyError) -> TelephonyError {
        redact(error, self.secret.expose())
    }

    /// Sends `request`, retrying as the policy allows; `Ok` only for a 2xx answer, read
    /// whole within the per-attempt timeout.
    pub async fn send(&self, request: &PlannedRequest) -> Result<Answer, TelephonyError> {
        self.retrying(request, || self.attempt(request)).await
    }

    /// Sends `request` (with `range` as its `Range` header), retrying as [`Self::send`]
    /// does, and returns the answer once its head has arrived, within the per-attempt
    /// timeout, when its status is 2xx or one of `also_accepted`. The body is left to the
    /// caller, with no timeout of its own.
    pub async fn open(
        &self,
        request: &PlannedRequest,
        range: Option<&str>,
        also_accepted: &[u16],
    ) -> Result<reqwest::Response, TelephonyError> {
        self.retrying(request, || async {
            let head = self.attempt_head(request, range, also_accepted);
            tokio::time::timeout(self.timeout, head)
                .await
                .unwrap_or_else(|_| {
                    Err(Failure::Other(format!(
                        "timed out after {:?} waiting for the answer",
                        self.timeout
                    )))
                })
        })
        .await
    }

    /// Runs `attempt` until it succeeds or the failure may not be retried.
    async fn retrying<T, A, F>(
        &self,
        request: &PlannedRequest,
        mut attempt: A,
    ) -> Result<T, TelephonyError>
    where
        A: FnMut() -> F,
        F: Future<Output = Result<T, Failure>>,
    {
        let mut retries: u32 = 0;
        loop {
            let failure = match attempt().await {
                Ok(answer) => return Ok(answer),
                Err(failure) => failure,
            };
            if let Some(wait) = self.retry_wait(&failure, retries) {
                log_retry(request, &failure, retries + 1, wait);
                tokio::time::sleep(wait).await;
                retries += 1;
                continue;
            }
            let error = self.redact(failure.into_error(request));
            log_provider_error(request, &error, retries);
            return Err(error);
        }
    }

    /// How long to wait before retrying after `failure`, or `None` to give up: only 429s,
    /// 503s and connections never opened are retried, as [`decide`] allows.
    fn retry_wait(&self, failure: &Failure, retries: u32) -> Option<Duration> {
        let retry_after = match failure {
            Failure::Answer { error, retry_after } if error.is_retryable() => *retry_after,
            Failure::Connect(_) => None,
            Failure::Answer { .. } | Failure::Other(_) => return None,
        };
        match decide(&self.retry, retries, retry_after) {
            RetryDecision::RetryAfter(wait) => Some(wait),
            RetryDecision::GiveUp => None,
        }
    }

    /// One attempt read whole, bounded by the per-attempt timeout.
    async fn attempt(&self, request: &PlannedRequest) -> Result<Answer, Failure> {
        let response = self.dispatch(request, None, Some(self.timeout)).await?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(self.refusal(response).await);
        }
        // The connection was open: whatever fails now, the request was sent.
        let body = response
            .bytes()
            .await
            .map_err(|e| Failure::Other(format!("reading the answer: {}", self.describe(&e))))?
            .to_vec();
        Ok(Answer { body })
    }

    /// One attempt up to the answer's head; a refusal's body is read too.
    async fn attempt_head(
        &self,
        request: &PlannedRequest,
        range: Option<&str>,
        also_accepted: &[u16],
    ) -> Result<reqwest::Response, Failure> {
        let response = self.dispatch(request, range, None).await?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) || also_accepted.contains(&status) {
            Ok(response)
        } else {
            Err(self.refusal(response).await)
        }
    }

    /// Sends the request and waits for the answer's head; `timeout` bounds the whole
    /// exchange, body included.
    async fn dispatch(
        &self,
        request: &PlannedRequest,
        range: Option<&str>,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Response, Failure> {
        let method = match request.method {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Delete => reqwest::Method::DELETE,
        };
        let accept = if request.path.ends_with(".json") {
            "application/json"
        } else {
            "*/*"
        };
        let mut builder = self
            .http
            .request(method, self.url_for(request))
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, accept);
        if let Some(range) = range {
            builder = builder.header(RANGE, range);
        }
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        let builder = match request.param_location() {
            // An empty list leaves no `?`: `query` drops an empty query string itself.
            ParamLocation::Query => builder.query(&request.params),
            ParamLocation::FormBody => builder.form(&request.params),
        };
        tracing::debug!(request = %request.label(), "calling Twilio");
        builder.send().await.map_err(|e| {
            let reason = self.describe(&e);
            if e.is_connect() && !e.is_timeout() {
                Failure::Connect(reason)
            } else {
                Failure::Other(reason)
            }
        })
    }

    /// A non-accepted answer, its body read.
    async fn refusal(&self, response: reqwest::Response) -> Failure {
        let status = response.status().as_u16();
        let retry_after = parse_retry_after(header(&response, RETRY_AFTER).as_deref());
        match response.bytes().await {
            Ok(body) => Failure::Answer {
                error: ProviderError::read(status, &body),
                retry_after,
            },
            Err(e) => Failure::Other(format!("reading the answer: {}", self.describe(&e))),
        }
    }

    /// Describes a reqwest failure without its URL and without credentials.
    pub fn describe(&self, error: &reqwest::Error) -> String {
        let mut cause = String::new();
        let mut source = error.source();
        while let Some(inner) = source {
            cause = inner.to_string();
            source = inner.source();
        }
        let cause = redact_text(cause, self.secret.expose());
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

/// A header of `response`, when it is text.
pub(crate) fn header(response: &reqwest::Response, name: HeaderName) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn log_retry(request: &PlannedRequest, failure: &Failure, retry: u32, wait: Duration) {
    let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
    match failure {
        Failure::Answer { error, retry_after } => tracing::warn!(
            request = %request.label(),
            status = error.status,
            code = error.code,
            retry,
            wait_ms,
            retry_after_sent = retry_after.is_some(),
            "Twilio asked to retry later; retrying"
        ),
        Failure::Connect(reason) | Failure::Other(reason) => tracing::warn!(
            request = %request.label(),
            reason = %reason,
            retry,
            wait_ms,
            "could not connect to Twilio; retrying"
        ),
    }
}

fn log_provider_error(request: &PlannedRequest, error: &TelephonyError, retries: u32) {
    match error {
        TelephonyError::AuthFailed
        | TelephonyError::RateLimited { .. }
        | TelephonyError::Unavailable { .. }
        | TelephonyError::InvalidResponse { .. } => {
            tracing::warn!(request = %request.label(), retries, error = %error, "Twilio request failed");
        }
        TelephonyError::NotFound
        | TelephonyError::NoNumbersAvailable { .. }
        | TelephonyError::InvalidTo { .. }
        | TelephonyError::Rejected { .. } => {
            tracing::debug!(request = %request.label(), retries, error = %error, "Twilio refused the request");
        }
    }
}
