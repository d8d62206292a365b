//! The Twilio REST API v2010 client: [`TwilioRestClient`] implements the domain's telephony
//! ports ([`NumberProvider`](switchboard_domain::ports::NumberProvider),
//! [`CallControl`](switchboard_domain::ports::CallControl),
//! [`RecordingProvider`](switchboard_domain::ports::RecordingProvider),
//! [`MessageSender`](switchboard_domain::ports::MessageSender)), and manages the TwiML App
//! browser calls use ([`TwilioRestClient::create_application`],
//! [`update_application`](TwilioRestClient::update_application),
//! [`applications`](TwilioRestClient::applications)).
//!
//! Layers, each in its own module: [`plan`] builds every request as plain data (pure, public
//! so it can be checked against the OpenAPI document); `transport` sends it with Basic auth,
//! a per-attempt timeout and the retry policy; `errors` maps Twilio's error answers to
//! [`TelephonyError`](switchboard_domain::telephony::TelephonyError); `wire` reads Twilio's
//! JSON into domain types.
//!
//! # Retries and timeouts
//! - Each attempt (connect, send, read the whole answer) is bounded by
//!   [`RestConfig::timeout`], which is also the connect timeout. Recording audio is
//!   streamed instead: the timeout bounds the wait for the answer's head, then each chunk
//!   of the body (an idle timeout), so a long download is never cut while bytes arrive.
//! - Retried, for every method: HTTP 429 (or Twilio code 20429) and HTTP 503, which Twilio
//!   answers without processing the request; and a connection that could not be opened
//!   (refused, DNS, TLS handshake), where nothing was sent. At most
//!   [`RetryPolicy::max_retries`] retries.
//! - The wait is the answer's `Retry-After` (seconds) when present, else a full-jitter
//!   backoff, random in `[0, min(max_delay, base_delay · 2^n)]` for retry `n` (0-based). A
//!   `Retry-After` longer than [`RetryPolicy::max_retry_after`] ends the retries at once.
//! - Never retried: timeouts (including connect timeouts), connections that broke after the
//!   request was sent, and other 5xx: the request may have been applied. They become
//!   `Unavailable`, as do 503s that outlast the retries; throttling that outlasts them
//!   becomes `RateLimited`. Both carry the last `Retry-After` when there was one.
//!
//! No error, log line or `Debug` output contains the credentials: they are kept in
//! [`Secret`], sent only in the `Authorization` header, and any echo of them in a provider
//! message is replaced with `[redacted]`.

mod applications;
mod calls;
mod client;
mod config;
mod errors;
mod media;
mod messages;
mod numbers;
pub mod plan;
mod recordings;
mod retry;
mod transport;
mod twiml_app;
mod wire;

pub use client::{RequestObserver, TwilioRestClient};
pub use config::{Credentials, RestConfig, RetryPolicy, Secret};
pub use plan::{PlannedRequest, describe_requests};
pub use transport::ClientBuildError;
pub use twiml_app::{TwimlApp, TwimlAppSettings};
