//! Why a control request failed, one terminal line each, never with the auth token.

use std::time::Duration;

/// Why a control request failed. Each message is one line, meant for a terminal, and never
/// contains the auth token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ControlError {
    /// The base URL given to [`SimControl::new`](super::SimControl::new) cannot be used.
    #[error("'{url}' is not a usable Twilio stand-in URL: {reason}")]
    InvalidUrl {
        /// The URL, without any credentials it carried.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP client could not be set up.
    #[error("could not set up an HTTP client for the Twilio stand-in: {0}")]
    Client(String),
    /// Nothing answered at the URL (connection refused, unknown host, ...).
    #[error("could not reach the Twilio stand-in at {url}: {reason} (is it running?)")]
    Unreachable {
        /// The stand-in's base URL.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// The stand-in did not answer in time.
    #[error("the Twilio stand-in at {url} did not answer within {} s", timeout.as_secs_f32())]
    Timeout {
        /// The stand-in's base URL.
        url: String,
        /// How long the client waited.
        timeout: Duration,
    },
    /// 401: the stand-in does not accept the credentials.
    #[error(
        "the Twilio stand-in at {url} refused the credentials for {username} (401): use the \
         account SID and auth token (or an API key) it was started with"
    )]
    Unauthorized {
        /// The stand-in's base URL.
        url: String,
        /// The Basic-auth username sent (an account or API key SID, not a secret).
        username: String,
    },
    /// 400: a parameter is missing or malformed (`To` not E.164, ...).
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// The stand-in's explanation.
        message: String,
    },
    /// 404: `To` is not one of the account's numbers.
    #[error("{message}")]
    UnknownNumber {
        /// The stand-in's explanation, naming the number.
        message: String,
    },
    /// 404: no call with that SID.
    #[error("{message}")]
    UnknownCall {
        /// The stand-in's explanation, naming the call.
        message: String,
    },
    /// 409: the number has no webhook URL (`VoiceUrl` or `SmsUrl`) to send to, or (for a
    /// browser call) the account has no TwiML App with a `VoiceUrl`.
    #[error("{message}")]
    NoWebhook {
        /// The stand-in's explanation.
        message: String,
    },
    /// 409: the call has already ended.
    #[error("{message}")]
    CallEnded {
        /// The stand-in's explanation.
        message: String,
    },
    /// 502: the stand-in could not deliver the webhook to the app (refused, timed out).
    #[error("{message}")]
    AppUnreachable {
        /// The stand-in's explanation, naming the webhook URL and the cause.
        message: String,
    },
    /// Any other answer: not a control API error, or not what the control API sends.
    #[error("unexpected answer from the Twilio stand-in at {url}: HTTP {status}: {detail}")]
    Unexpected {
        /// The stand-in's base URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The stand-in's message, or what was wrong with the answer.
        detail: String,
    },
}
