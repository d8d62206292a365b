//! What every handler can reach: the use cases, the health check and the auth settings.

use std::sync::Arc;

use switchboard_domain::InboundRouter;
use switchboard_domain::numbers::Numbers;
use switchboard_domain::ports::{ConnectionPoolGauge, HealthCheck};
use switchboard_domain::voicemail::{PoolAdmin, VoicemailSessions};
use switchboard_twilio::WebhookValidator;

use crate::auth::AuthConfig;
use crate::metrics::Metrics;
use crate::twilio_probe::TwilioProbe;

/// How Twilio webhooks are authenticated.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// The public scheme, host and optional port (and path prefix) Twilio calls, without a
    /// trailing slash, e.g. `https://switchboard.example.com`. Signatures are checked
    /// against this plus the request's raw path and query, so the app works behind a
    /// TLS-terminating proxy.
    pub public_base_url: String,
    /// Checks `X-Twilio-Signature` with the account's auth token.
    pub validator: Arc<WebhookValidator>,
}

/// The application's shared state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Voicemail-session use cases.
    pub sessions: VoicemailSessions,
    /// Pool administration.
    pub pool: PoolAdmin,
    /// Numbers users own, and the Twilio account.
    pub numbers: Numbers,
    /// Twilio's reachability, reported by `/readyz`.
    pub twilio_probe: TwilioProbe,
    /// Inbound-call routing.
    pub router: InboundRouter,
    /// Store readiness.
    pub health: Arc<dyn HealthCheck>,
    /// Bearer-token verification.
    pub auth: Arc<AuthConfig>,
    /// Webhook signature checking.
    pub webhooks: WebhookConfig,
    /// What `/metrics` reports.
    pub metrics: Arc<Metrics>,
    /// The database connection pool `/metrics` reports, when the store has one.
    pub connection_pool: Option<Arc<dyn ConnectionPoolGauge>>,
}
