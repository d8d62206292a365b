//! What every handler can reach: the use cases, the health check and the auth settings.

use std::sync::Arc;

use switchboard_domain::InboundRouter;
use switchboard_domain::calls::Calls;
use switchboard_domain::numbers::Numbers;
use switchboard_domain::ports::IdempotencyStore;
use switchboard_domain::ports::{ConnectionPoolGauge, HealthCheck};
use switchboard_domain::routing::Routing;
use switchboard_domain::voicemail::{PoolAdmin, VoicemailSessions};
use switchboard_twilio::WebhookValidator;

use crate::auth::AuthConfig;
use crate::media_url::MediaSigner;
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

/// The callback URLs the service gives Twilio in the TwiML it answers (all under the
/// public base URL).
#[derive(Debug, Clone)]
pub struct CallbackUrls {
    /// `/webhooks/twilio/voice/status`.
    pub status: String,
    /// `/webhooks/twilio/voice/dial-result`, for browser calls.
    pub dial_result: String,
    /// `/webhooks/twilio/recordings`.
    pub recordings: String,
    /// The public base URL, for the routing callbacks (see `callback_url.rs`).
    pub base: String,
}

impl CallbackUrls {
    /// The URLs under `public_base_url` (no trailing slash).
    #[must_use]
    pub fn under(public_base_url: &str) -> Self {
        Self {
            status: format!("{public_base_url}/webhooks/twilio/voice/status"),
            dial_result: format!("{public_base_url}/webhooks/twilio/voice/dial-result?leg=browser"),
            recordings: format!("{public_base_url}/webhooks/twilio/recordings"),
            base: public_base_url.to_owned(),
        }
    }
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
    /// Forwarding rules, menus and voicemail settings.
    pub routing: Routing,
    /// SMS, MMS and WhatsApp.
    pub messages: switchboard_domain::messages::Messages,
    /// Email.
    pub emails: switchboard_domain::email::Emails,
    /// Numbers' usage, from the call and message logs.
    pub usage: Arc<dyn switchboard_domain::ports::UsageStore>,
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
    /// The calls and recordings use cases.
    pub calls: Calls,
    /// Idempotency claims of `POST /v1/calls` and `POST /v1/numbers`.
    pub idempotency: Arc<dyn IdempotencyStore>,
    /// Mints browser access tokens; or the missing variable that stops it.
    pub voice_tokens: Result<Arc<switchboard_twilio::VoiceTokenMinter>, &'static str>,
    /// The TwiML App whose voice requests are browser calls.
    pub twiml_app_sid: Option<String>,
    /// Where Twilio calls back.
    pub callback_urls: CallbackUrls,
    /// Signs recording media links.
    pub media: MediaSigner,
    /// The console's browser phone on the local stand-in; `None` with a real Twilio
    /// account (the console then uses the Voice SDK).
    pub local_phone: Option<Arc<dyn crate::local_phone::LocalPhone>>,
}
