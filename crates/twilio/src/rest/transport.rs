//! Sending a [`PlannedRequest`]: Basic auth, the per-attempt timeout, retries of 429/503
//! and of connections that never opened, and the mapping of failures to [`TelephonyError`].

use std::error::Error as _;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, RETRY_AFTER};
use switchboard_domain::telephony::TelephonyError;
use url::Url;

use super::config::{RestConfig, RetryPolicy, Secret};
use super::errors::{ProviderError, redact};
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
    /// Its `Content-Type`, when sent.
    pub content_type: Option<String>,
    /// Its body.
    pub body: Vec<u8>,
}

/// What went wrong below HTTP.
enum TransportFailure {
    /// The connection could not be opened: nothing was sent, so any request may be retried.
    Connect(String),
    /// Anything later (timeouts included): the request may have been processed.
    Other(String),
}

/// The HTTP side of the client.
pub(crate) struct Transport {
    http: reqwest::Client,
    base_url: Url,
    username: String,
    secret: Secret,
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
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .user_agent(concat!("switchboard-twilio/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientBuildError::Http(e.without_url().to_string()))?;
        Ok(Self {
            http,
            base_url: base_url.clone(),
            username: config.credentials.username(&config.account_sid).to_owned(),
            secret: config.credentials.secret().clone(),
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
        let path = format!(
            "{}{}",
            self.base_url.path().trim_end_matches('/'),
            request.path
        );
        url.set_path(&path);
        url
    }

    /// Replaces the secret in an error's text (see [`redact`]).
    pub fn redact(&self, error: TelephonyError) -> TelephonyError {
        redact(error, self.secret.expose())
    }

    /// Sends `request`, retrying as the policy allows; `Ok` only for a 2xx answer.
    pub async fn send(&self, request: &PlannedRequest) -> Result<Answer, TelephonyError> {
        let mut retries: u32 = 0;
        loop {
            match self.attempt(request).await {
                Ok(Attempt::Success(answer)) => return Ok(answer),
                Ok(Attempt::Failure { error, retry_after }) => {
                    if error.is_retryable()
                        && let RetryDecision::RetryAfter(wait) =
                            decide(&self.retry, retries, retry_after)
                    {
                        tracing::warn!(
                            request = %request.label(),
                            status = error.status,
                            code = error.code,
                            retry = retries + 1,
                            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                            retry_after_sent = retry_after.is_some(),
                            "Twilio asked to retry later; retrying"
                        );
                        tokio::time::sleep(wait).await;
                        retries += 1;
                        continue;
                    }
                    let error =
                        self.redact(error.into_telephony_error(retry_after.and_then(to_domain)));
                    log_provider_error(request, &error, retries);
                    return Err(error);
                }
                Err(TransportFailure::Connect(reason)) => {
                    if let RetryDecision::RetryAfter(wait) = decide(&self.retry, retries, None) {
                        tracing::warn!(
                            request = %request.label(),
                            reason = %self.redact_text(&reason),
                            retry = retries + 1,
                            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                            "could not connect to Twilio; retrying"
                        );
                        tokio::time::sleep(wait).await;
                        retries += 1;
                        continue;
                    }
                    let error = self.redact(TelephonyError::Unavailable {
                        reason: format!("{}: {reason}", request.label()),
                        retry_after: None,
                    });
                    log_provider_error(request, &error, retries);
                    return Err(error);
                }
                Err(TransportFailure::Other(reason)) => {
                    let error = self.redact(TelephonyError::Unavailable {
                        reason: format!("{}: {reason}", request.label()),
                        retry_after: None,
                    });
                    log_provider_error(request, &error, retries);
                    return Err(error);
                }
            }
        }
    }

    fn redact_text(&self, text: &str) -> String {
        let secret = self.secret.expose();
        if secret.is_empty() {
            text.to_owned()
        } else {
            text.replace(secret, "[redacted]")
        }
    }

    async fn attempt(&self, request: &PlannedRequest) -> Result<Attempt, TransportFailure> {
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
        let builder = self
            .http
            .request(method, self.url_for(request))
            .basic_auth(&self.username, Some(self.secret.expose()))
            .header(ACCEPT, accept);
        let builder = match request.param_location() {
            ParamLocation::Query if request.params.is_empty() => builder,
            ParamLocation::Query => builder.query(&request.params),
            ParamLocation::FormBody => builder.form(&request.params),
        };
        tracing::debug!(request = %request.label(), "calling Twilio");
        let response = builder.send().await.map_err(|e| self.failure(&e))?;
        let status = response.status().as_u16();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(CONTENT_TYPE);
        let retry_after = parse_retry_after(header(RETRY_AFTER).as_deref());
        let body = response
            .bytes()
            .await
            .map_err(|e| match self.failure(&e) {
                // The connection was open: whatever failed, the request was sent.
                TransportFailure::Connect(reason) | TransportFailure::Other(reason) => {
                    TransportFailure::Other(format!("reading the answer: {reason}"))
                }
            })?
            .to_vec();
        if (200..300).contains(&status) {
            Ok(Attempt::Success(Answer { content_type, body }))
        } else {
            Ok(Attempt::Failure {
                error: ProviderError::read(status, &body),
                retry_after,
            })
        }
    }

    /// Describes a reqwest failure without its URL and without credentials.
    fn failure(&self, error: &reqwest::Error) -> TransportFailure {
        let mut cause = String::new();
        let mut source = error.source();
        while let Some(inner) = source {
            cause = inner.to_string();
            source = inner.source();
        }
        let cause = self.redact_text(&cause);
        let with_cause = |what: String| {
            if cause.is_empty() {
                what
            } else {
                format!("{what} ({cause})")
            }
        };
        if error.is_timeout() {
            TransportFailure::Other(with_cause(format!("timed out after {:?}", self.timeout)))
        } else if error.is_connect() {
            TransportFailure::Connect(with_cause("could not connect".to_owned()))
        } else {
            TransportFailure::Other(with_cause("request failed".to_owned()))
        }
    }
}

/// One attempt's HTTP answer.
enum Attempt {
    Success(Answer),
    Failure {
        error: ProviderError,
        retry_after: Option<Duration>,
    },
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
