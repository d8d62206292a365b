//! [`TwilioRestClient`]: the REST API v2010 client every telephony port is implemented on.

use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use switchboard_domain::AccountSid;
use switchboard_domain::telephony::TelephonyError;

use super::config::RestConfig;
use super::plan::PlannedRequest;
use super::transport::{Answer, ClientBuildError, Transport};
use super::wire::decode;

/// A client of Twilio's REST API v2010 for one account. It implements
/// [`NumberProvider`](switchboard_domain::ports::NumberProvider),
/// [`CallControl`](switchboard_domain::ports::CallControl),
/// [`RecordingProvider`](switchboard_domain::ports::RecordingProvider) and
/// [`MessageSender`](switchboard_domain::ports::MessageSender).
///
/// Cloning is cheap (the connection pool is shared). `Debug` shows the base URL, the
/// account, the Basic auth username, the timeout and the retry policy, never the secret.
#[derive(Clone)]
pub struct TwilioRestClient {
    account: AccountSid,
    transport: Arc<Transport>,
    observer: Option<Arc<dyn RequestObserver>>,
}

/// Told of every request the client finishes (after its retries), for metrics: the
/// request's OpenAPI `operationId` (`FetchRecordingMedia` for the one request that has
/// none) and how it ended. Called on the request's task: keep it cheap.
pub trait RequestObserver: Send + Sync + fmt::Debug {
    /// `operation` ended with `outcome`.
    fn finished(&self, operation: &'static str, outcome: Result<(), &TelephonyError>);
}

impl TwilioRestClient {
    /// A client for `config`.
    ///
    /// # Errors
    /// [`ClientBuildError::InvalidBaseUrl`] when the base URL is not an http(s) base URL
    /// without user info, query or fragment; [`ClientBuildError::Http`] when the HTTP client
    /// cannot be set up.
    pub fn new(config: RestConfig) -> Result<Self, ClientBuildError> {
        let transport = Transport::new(&config)?;
        Ok(Self {
            account: config.account_sid,
            transport: Arc::new(transport),
            observer: None,
        })
    }

    /// The same client, telling `observer` of every request it finishes.
    #[must_use]
    pub fn observed_by(mut self, observer: Arc<dyn RequestObserver>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// The account every request is made for.
    #[must_use]
    pub fn account_sid(&self) -> &AccountSid {
        &self.account
    }

    /// Sends a request; `Ok` for any 2xx answer.
    pub(crate) async fn send(&self, request: &PlannedRequest) -> Result<Answer, TelephonyError> {
        let answer = self.transport.send(request).await;
        if let Some(observer) = &self.observer {
            let operation = request.operation_id.unwrap_or("FetchRecordingMedia");
            observer.finished(operation, answer.as_ref().map(|_| ()));
        }
        answer
    }

    /// Sends a request and hands over the answer once its head has arrived (see
    /// [`Transport::open`]); the observer is told how the opening ended.
    pub(crate) async fn open(
        &self,
        request: &PlannedRequest,
        range: Option<&str>,
        also_accepted: &[u16],
    ) -> Result<reqwest::Response, TelephonyError> {
        let opened = self.transport.open(request, range, also_accepted).await;
        if let Some(observer) = &self.observer {
            let operation = request.operation_id.unwrap_or("FetchRecordingMedia");
            observer.finished(operation, opened.as_ref().map(|_| ()));
        }
        opened
    }

    /// The transport, for readers of streamed answers.
    pub(crate) fn transport(&self) -> &Arc<Transport> {
        &self.transport
    }

    /// Sends a request and converts its JSON answer. Conversion errors are redacted too.
    pub(crate) async fn json<W, T>(
        &self,
        request: &PlannedRequest,
        convert: impl FnOnce(W) -> Result<T, TelephonyError> + Send,
    ) -> Result<T, TelephonyError>
    where
        W: DeserializeOwned,
    {
        let answer = self.send(request).await?;
        decode::<W>(request, &answer.body)
            .and_then(convert)
            .map_err(|e| {
                let e = self.transport.redact(e);
                tracing::warn!(request = %request.label(), error = %e, "unreadable Twilio answer");
                e
            })
    }
}

impl fmt::Debug for TwilioRestClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TwilioRestClient")
            .field("base_url", &self.transport.base_url().as_str())
            .field("account_sid", &self.account.as_str())
            .field("username", &self.transport.username())
            .field("secret", &"[redacted]")
            .field("timeout", &self.transport.timeout())
            .field("retry", self.transport.retry())
            .finish()
    }
}
