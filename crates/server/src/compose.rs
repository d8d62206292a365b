//! Wires adapters into the use cases and the HTTP application's state.

use std::sync::Arc;

use switchboard_domain::ports::{HealthCheck, PoolStore, RateLimitStore, SessionStore};
use switchboard_domain::voicemail::{PoolAdmin, VoicemailSessions};
use switchboard_domain::{Clock, InboundRouter, Quota};
use switchboard_http::{AppState, AuthConfig, WebhookConfig};
use switchboard_twilio::WebhookValidator;

use crate::config::{AuthSettings, Secret, ServeConfig};

/// A store that implements every store port (the PostgreSQL adapter does).
pub trait Store: SessionStore + PoolStore + RateLimitStore + HealthCheck {}
impl<T: SessionStore + PoolStore + RateLimitStore + HealthCheck> Store for T {}

/// The parts of the configuration the application state needs.
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// Bearer tokens.
    pub auth: AuthSettings,
    /// The public base URL Twilio calls.
    pub public_base_url: String,
    /// The Twilio auth token that signs webhooks.
    pub twilio_auth_token: Secret,
    /// Voicemail sessions a user may create per minute.
    pub session_quota: Quota,
}

impl From<&ServeConfig> for AppSettings {
    fn from(c: &ServeConfig) -> Self {
        Self {
            auth: c.auth.clone(),
            public_base_url: c.public_base_url.clone(),
            twilio_auth_token: c.twilio_auth_token.clone(),
            session_quota: c.session_quota,
        }
    }
}

/// The application state over one store and a clock.
pub fn app_state<S: Store>(
    store: Arc<S>,
    clock: Arc<dyn Clock>,
    settings: &AppSettings,
) -> AppState {
    AppState {
        sessions: VoicemailSessions::new(
            store.clone(),
            store.clone(),
            clock.clone(),
            settings.session_quota,
        ),
        pool: PoolAdmin::new(store.clone(), clock.clone()),
        router: InboundRouter::new(store.clone(), clock),
        health: store,
        auth: Arc::new(AuthConfig::new(
            settings.auth.secret.expose().as_bytes(),
            settings.auth.issuer.as_deref(),
            settings.auth.audience.as_deref(),
        )),
        webhooks: WebhookConfig {
            public_base_url: settings.public_base_url.clone(),
            validator: Arc::new(WebhookValidator::new(settings.twilio_auth_token.expose())),
        },
    }
}
