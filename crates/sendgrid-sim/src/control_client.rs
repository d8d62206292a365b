//! [`SendGridSimControl`]: a client of a stand-in's control API, for another process.

use std::time::Duration;

use reqwest::header::AUTHORIZATION;
use url::Url;

use crate::control::{OUTBOX_PATH, OutboxBody};
use crate::outbox::OutboxEmail;

/// Why a control request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ControlError {
    /// The base URL is not an absolute http(s) URL without credentials, query or fragment.
    #[error("invalid SendGrid stand-in URL: {0}")]
    InvalidUrl(String),
    /// The HTTP client could not be set up, or the key cannot be sent in a header.
    #[error("cannot set up the control client: {0}")]
    Client(String),
    /// The stand-in could not be reached or did not answer in time.
    #[error("the SendGrid stand-in at {base_url} is unreachable: {reason}")]
    Unreachable {
        /// Where it was expected.
        base_url: String,
        /// What went wrong.
        reason: String,
    },
    /// It answered with an error (401 for a wrong key).
    #[error("the SendGrid stand-in refused the request ({status}): {message}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// Its first error message.
        message: String,
    },
    /// It answered with something this client cannot read.
    #[error("the SendGrid stand-in sent an unreadable answer: {0}")]
    InvalidAnswer(String),
}

/// A client for the control API of a stand-in started elsewhere: reads and empties its
/// outbox. It authenticates with the stand-in's API key, as the mail route does.
#[derive(Clone)]
pub struct SendGridSimControl {
    http: reqwest::Client,
    outbox_url: Url,
    display_base: String,
    api_key: String,
}

impl std::fmt::Debug for SendGridSimControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendGridSimControl")
            .field("base_url", &self.display_base)
            .field("api_key", &format_args!("[redacted]"))
            .finish_non_exhaustive()
    }
}

impl SendGridSimControl {
    /// How long one control request may take.
    pub const TIMEOUT: Duration = Duration::from_secs(10);

    /// A client for the stand-in at `base_url` (`http://127.0.0.1:PORT`, as it printed on
    /// start) with its `api_key`.
    ///
    /// # Errors
    /// [`ControlError::InvalidUrl`] for a URL that is not absolute http(s) or has
    /// credentials, a query or a fragment; [`ControlError::Client`] when the HTTP client
    /// cannot be built.
    pub fn new(base_url: &str, api_key: &str) -> Result<Self, ControlError> {
        let base = Url::parse(base_url).map_err(|e| ControlError::InvalidUrl(e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https")
            || base.cannot_be_a_base()
            || !base.username().is_empty()
            || base.password().is_some()
            || base.query().is_some()
            || base.fragment().is_some()
        {
            return Err(ControlError::InvalidUrl(
                "expected http(s)://host:port without credentials, query or fragment".to_owned(),
            ));
        }
        if api_key.is_empty() || !api_key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ControlError::Client(
                "the API key must be printable ASCII and not empty".to_owned(),
            ));
        }
        let display_base = base.as_str().trim_end_matches('/').to_owned();
        let mut outbox_url = base.clone();
        outbox_url.set_path(&format!(
            "{}{OUTBOX_PATH}",
            base.path().trim_end_matches('/')
        ));
        let http = reqwest::Client::builder()
            .timeout(Self::TIMEOUT)
            .build()
            .map_err(|e| ControlError::Client(e.without_url().to_string()))?;
        Ok(Self {
            http,
            outbox_url,
            display_base,
            api_key: api_key.to_owned(),
        })
    }

    /// Every email the stand-in accepted, in order.
    ///
    /// # Errors
    /// [`ControlError::Unreachable`], [`ControlError::Refused`] (401 for a wrong key) or
    /// [`ControlError::InvalidAnswer`].
    pub async fn outbox(&self) -> Result<Vec<OutboxEmail>, ControlError> {
        let response = self.send(self.http.get(self.outbox_url.clone())).await?;
        let body: OutboxBody = response
            .json()
            .await
            .map_err(|e| ControlError::InvalidAnswer(e.without_url().to_string()))?;
        Ok(body.emails)
    }

    /// Empties the outbox.
    ///
    /// # Errors
    /// As [`Self::outbox`].
    pub async fn clear_outbox(&self) -> Result<(), ControlError> {
        self.send(self.http.delete(self.outbox_url.clone()))
            .await
            .map(drop)
    }

    async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, ControlError> {
        let response = request
            .header(AUTHORIZATION, format!("Bearer {}", self.api_key))
            .send()
            .await
            .map_err(|e| ControlError::Unreachable {
                base_url: self.display_base.clone(),
                reason: e
                    .without_url()
                    .to_string()
                    .replace(&self.api_key, "[redacted]"),
            })?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        let message = body
            .pointer("/errors/0/message")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("error"))
            .replace(&self.api_key, "[redacted]");
        Err(ControlError::Refused {
            status: status.as_u16(),
            message,
        })
    }
}
