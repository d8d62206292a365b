//! A streamed answer's body as [`MediaChunks`]: each piece is awaited with an idle timeout,
//! so a long download is never cut while bytes keep coming.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use switchboard_domain::ports::MediaChunks;
use switchboard_domain::telephony::TelephonyError;

use super::transport::Transport;

/// The body of an opened answer, read piece by piece as it arrives.
pub(crate) struct ResponseChunks {
    /// `None` once the body has ended or failed.
    response: Option<reqwest::Response>,
    /// The longest wait for the next piece.
    idle_timeout: Duration,
    /// The request, for error reasons.
    label: String,
    /// For describing and redacting failures.
    transport: Arc<Transport>,
}

impl ResponseChunks {
    /// Reads `response`'s body, waiting at most `idle_timeout` for each piece.
    pub fn new(
        response: reqwest::Response,
        idle_timeout: Duration,
        label: String,
        transport: Arc<Transport>,
    ) -> Self {
        Self {
            response: Some(response),
            idle_timeout,
            label,
            transport,
        }
    }

    fn fail(&mut self, reason: String) -> TelephonyError {
        self.response = None;
        let error = self.transport.redact(TelephonyError::Unavailable {
            reason: format!("{}: {reason}", self.label),
            retry_after: None,
        });
        tracing::warn!(request = %self.label, error = %error, "Twilio download broke off");
        error
    }
}

impl std::fmt::Debug for ResponseChunks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseChunks")
            .field("request", &self.label)
            .field("finished", &self.response.is_none())
            .field("idle_timeout", &self.idle_timeout)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl MediaChunks for ResponseChunks {
    /// The next piece as it arrived; [`TelephonyError::Unavailable`] when the connection
    /// breaks or no byte arrives within the idle timeout.
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TelephonyError> {
        let Some(response) = self.response.as_mut() else {
            return Ok(None);
        };
        match tokio::time::timeout(self.idle_timeout, response.chunk()).await {
            Ok(Ok(Some(chunk))) => Ok(Some(chunk.to_vec())),
            Ok(Ok(None)) => {
                self.response = None;
                Ok(None)
            }
            Ok(Err(e)) => {
                let reason = format!("reading the audio: {}", self.transport.describe(&e));
                Err(self.fail(reason))
            }
            Err(_) => {
                let reason = format!("no audio arrived for {:?}", self.idle_timeout);
                Err(self.fail(reason))
            }
        }
    }
}
