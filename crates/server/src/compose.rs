//! Wires adapters into the use cases and the HTTP application's state.

use std::sync::Arc;

use switchboard_domain::numbers::{NumberWebhooks, Numbers};
use switchboard_domain::ports::{
    HealthCheck, NumberProvider, NumberStore, PoolStore, RateLimitStore, SessionStore,
};
use switchboard_domain::voicemail::{PoolAdmin, VoicemailSessions};
use switchboard_domain::{Clock, InboundRouter, Quota};
use switchboard_http::{
    AppState, AuthConfig, ConnectionPoolGauge, ConnectionPoolStatus, Metrics, TwilioProbe,
    WebhookConfig,
};
use switchboard_postgres::PgStore;
use switchboard_twilio::WebhookValidator;

use crate::config::{AuthSettings, ConfigError, NumberSettings, Secret};

/// A store that implements every store port (the PostgreSQL and in-memory adapters do).
pub trait Store: SessionStore + PoolStore + RateLimitStore + NumberStore + HealthCheck {}
impl<T: SessionStore + PoolStore + RateLimitStore + NumberStore + HealthCheck> Store for T {}

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
    /// Who may buy numbers and what they cost.
    pub numbers: NumberSettings,
    /// Whether `/readyz` reports Twilio's reachability (else `not_configured`).
    pub check_twilio_readiness: bool,
}

/// The webhook routes under `public_base_url`.
///
/// # Errors
/// When it is not a base URL (names `PUBLIC_BASE_URL`).
pub fn number_webhooks(public_base_url: &str) -> Result<NumberWebhooks, ConfigError> {
    let bad = || ConfigError {
        var: "PUBLIC_BASE_URL",
        problem: "must be an absolute http(s) base URL".to_owned(),
    };
    let base = url::Url::parse(public_base_url).map_err(|_| bad())?;
    NumberWebhooks::under(&base).map_err(|_| bad())
}

/// The numbers use cases over a store, the provider and a clock.
///
/// # Errors
/// When `PUBLIC_BASE_URL` is not a base URL.
pub fn numbers<S: Store>(
    store: &Arc<S>,
    provider: Arc<dyn NumberProvider>,
    clock: Arc<dyn Clock>,
    settings: &NumberSettings,
    public_base_url: &str,
) -> Result<Numbers, ConfigError> {
    Ok(Numbers::new(
        store.clone(),
        store.clone(),
        provider,
        clock,
        settings.policy,
        settings.prices.clone(),
        number_webhooks(public_base_url)?,
    ))
}

/// The application state over one store, the Twilio provider and a clock, reporting to
/// `metrics` (which the provider should report its requests to as well). The caller sets
/// `connection_pool` when the store has one.
///
/// # Errors
/// When `PUBLIC_BASE_URL` is not a base URL.
pub fn app_state<S: Store>(
    store: Arc<S>,
    provider: Arc<dyn NumberProvider>,
    clock: Arc<dyn Clock>,
    settings: &AppSettings,
    metrics: Arc<Metrics>,
) -> Result<AppState, ConfigError> {
    Ok(AppState {
        sessions: VoicemailSessions::new(
            store.clone(),
            store.clone(),
            clock.clone(),
            settings.session_quota,
        ),
        pool: PoolAdmin::new(store.clone(), clock.clone()),
        numbers: numbers(
            &store,
            provider.clone(),
            clock.clone(),
            &settings.numbers,
            &settings.public_base_url,
        )?,
        twilio_probe: TwilioProbe::new(settings.check_twilio_readiness.then_some(provider)),
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
        metrics,
        connection_pool: None,
    })
}

/// The PostgreSQL store's connection pool, as `/metrics` reports it.
#[derive(Debug)]
pub struct PgPoolGauge(pub Arc<PgStore>);

impl ConnectionPoolGauge for PgPoolGauge {
    fn status(&self) -> ConnectionPoolStatus {
        let status = self.0.pool_status();
        ConnectionPoolStatus {
            size: status.size,
            idle: status.idle,
            waiting: status.waiting,
            max_size: status.max_size,
        }
    }
}
