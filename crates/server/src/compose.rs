//! Wires adapters into the use cases and the HTTP application's state.

use std::sync::Arc;

use switchboard_domain::calls::{CallPorts, CallWebhooks, Calls};
use switchboard_domain::email::{EmailSender, EmailSettings, EmailStore, Emails};
use switchboard_domain::messages::{MessagePorts, MessageSettings, Messages};
use switchboard_domain::numbers::{NumberWebhooks, Numbers};
use switchboard_domain::ports::{
    CallControl, CallStore, HealthCheck, IdempotencyStore, IdentityStore, NumberProvider,
    NumberStore, PoolStore, RateLimitStore, RecordingProvider, RecordingStore, RoutingStore,
    SessionStore,
};
use switchboard_domain::ports::{MessageSender, MessageStore, UsageStore};
use switchboard_domain::routing::Routing;
use switchboard_domain::voicemail::{PoolAdmin, VoicemailSessions};
use switchboard_domain::{AccountSid, Clock, InboundRouter, Quota};
use switchboard_http::{
    AppState, AuthConfig, CallbackUrls, MediaSigner, Metrics, TwilioProbe, WebhookConfig,
};
use switchboard_postgres::PgStore;
use switchboard_twilio::WebhookValidator;

use switchboard_domain::{Actor, Role, SystemClock, UserId};
use switchboard_http::TokenIssuer;
use switchboard_postgres::PgConfig;

use crate::config::{
    AuthSettings, ConfigError, DatabaseConfig, NumberSettings, Secret, TwilioSettings,
    VoiceSettings,
};
use crate::error::CliError;

/// A store that implements every store port (the PostgreSQL and in-memory adapters do).
pub trait Store:
    SessionStore
    + PoolStore
    + RateLimitStore
    + NumberStore
    + CallStore
    + RecordingStore
    + IdentityStore
    + IdempotencyStore
    + RoutingStore
    + MessageStore
    + EmailStore
    + UsageStore
    + HealthCheck
{
}
impl<T> Store for T where
    T: SessionStore
        + PoolStore
        + RateLimitStore
        + NumberStore
        + CallStore
        + RecordingStore
        + IdentityStore
        + IdempotencyStore
        + RoutingStore
        + MessageStore
        + EmailStore
        + UsageStore
        + HealthCheck
{
}

/// A telephony provider that implements every telephony port (the Twilio REST client
/// does).
pub trait Telephony: NumberProvider + CallControl + RecordingProvider + MessageSender {}
impl<T: NumberProvider + CallControl + RecordingProvider + MessageSender> Telephony for T {}

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
    /// Calls a user may place per minute.
    pub call_quota: Quota,
    /// The Twilio account (the subject of access tokens).
    pub twilio_account_sid: AccountSid,
    /// Browser calling.
    pub voice: VoiceSettings,
    /// Messages a user may send per minute.
    pub message_quota: Quota,
    /// The shared WhatsApp sender.
    pub whatsapp_from: Option<switchboard_domain::PhoneNumber>,
    /// The email provider; `None` when email is not configured.
    pub email_sender: Option<Arc<dyn EmailSender>>,
    /// The default and allowed email senders.
    pub email_senders: EmailSettings,
}

/// A SendGrid client for `api_key` at `base_url`, each attempt timing out after `timeout`.
///
/// # Errors
/// When the key or the URL cannot be used.
pub fn sendgrid_client(
    api_key: &str,
    base_url: &str,
    timeout: std::time::Duration,
) -> Result<Arc<dyn EmailSender>, ConfigError> {
    let bad = |problem: String| ConfigError {
        var: "SENDGRID_API_BASE_URL",
        problem,
    };
    let url = url::Url::parse(base_url).map_err(|e| bad(e.to_string()))?;
    let mut config =
        switchboard_sendgrid::SendGridConfig::new(switchboard_sendgrid::ApiKey::new(api_key))
            .with_base_url(url);
    config.timeout = timeout;
    let client = switchboard_sendgrid::SendGridClient::new(config).map_err(|e| ConfigError {
        var: "SENDGRID_API_KEY",
        problem: e.to_string(),
    })?;
    Ok(Arc::new(client))
}

/// The calls use cases' webhook URLs under `public_base_url`.
fn call_webhooks(public_base_url: &str) -> Result<CallWebhooks, ConfigError> {
    let url = |path: &str| {
        url::Url::parse(&format!("{public_base_url}{path}")).map_err(|_| ConfigError {
            var: "PUBLIC_BASE_URL",
            problem: "must be an absolute http(s) base URL".to_owned(),
        })
    };
    Ok(CallWebhooks {
        answer: url("/webhooks/twilio/voice/answer")?,
        status: url("/webhooks/twilio/voice/status")?,
        recordings: url("/webhooks/twilio/recordings")?,
    })
}

/// The access-token minter browser calling needs, or the variable that is missing.
fn voice_tokens(
    account: &AccountSid,
    voice: &VoiceSettings,
) -> Result<Arc<switchboard_twilio::VoiceTokenMinter>, &'static str> {
    let (sid, secret) = voice
        .api_key
        .as_ref()
        .ok_or("TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET")?;
    let app = voice
        .twiml_app_sid
        .as_deref()
        .ok_or("TWILIO_TWIML_APP_SID")?;
    let app = switchboard_domain::ApplicationSid::parse(app).map_err(|_| "TWILIO_TWIML_APP_SID")?;
    Ok(Arc::new(switchboard_twilio::VoiceTokenMinter::new(
        account.clone(),
        sid.clone(),
        switchboard_twilio::rest::Secret::new(secret.expose()),
        app,
    )))
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
    telephony: Arc<dyn Telephony>,
    clock: Arc<dyn Clock>,
    settings: &AppSettings,
    metrics: Arc<Metrics>,
) -> Result<AppState, ConfigError> {
    let provider: Arc<dyn NumberProvider> = telephony.clone();
    let messages = Messages::new(
        MessagePorts {
            messages: store.clone(),
            numbers: store.clone(),
            limits: store.clone(),
            sender: telephony.clone(),
            clock: clock.clone(),
        },
        MessageSettings {
            quota: settings.message_quota,
            status_callback: url::Url::parse(&format!(
                "{}/webhooks/twilio/messages/status",
                settings.public_base_url
            ))
            .map_err(|_| ConfigError {
                var: "PUBLIC_BASE_URL",
                problem: "must be an absolute http(s) base URL".to_owned(),
            })?,
            whatsapp_from: settings.whatsapp_from.clone(),
        },
    );
    let calls = Calls::new(
        CallPorts {
            calls: store.clone(),
            recordings: store.clone(),
            identities: store.clone(),
            numbers: store.clone(),
            limits: store.clone(),
            control: telephony.clone(),
            provider: telephony,
            clock: clock.clone(),
        },
        settings.call_quota,
        call_webhooks(&settings.public_base_url)?,
    );
    Ok(AppState {
        sessions: VoicemailSessions::new(store.clone(), clock.clone(), settings.session_quota),
        pool: PoolAdmin::new(store.clone(), clock.clone()),
        numbers: numbers(
            &store,
            provider.clone(),
            clock.clone(),
            &settings.numbers,
            &settings.public_base_url,
        )?,
        twilio_probe: TwilioProbe::new(settings.check_twilio_readiness.then_some(provider)),
        router: InboundRouter::new(store.clone(), store.clone(), store.clone(), clock.clone()),
        routing: Routing::new(store.clone(), store.clone(), clock.clone()),
        messages,
        emails: Emails::new(
            store.clone(),
            settings.email_sender.clone(),
            settings.email_senders.clone(),
            clock.clone(),
        ),
        calls,
        idempotency: store.clone(),
        usage: store.clone(),
        voice_tokens: voice_tokens(&settings.twilio_account_sid, &settings.voice),
        twiml_app_sid: settings.voice.twiml_app_sid.clone(),
        callback_urls: CallbackUrls::under(&settings.public_base_url),
        media: MediaSigner::derived_from(settings.auth.secret.expose().as_bytes()),
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
        local_phone: None,
    })
}

/// A bearer token for `user` (an admin's if `admin`), signed as `auth` says, valid for `ttl`.
pub(crate) fn mint_token(
    auth: &AuthSettings,
    user: &UserId,
    admin: bool,
    ttl: time::Duration,
) -> Result<String, CliError> {
    TokenIssuer::new(
        auth.secret.expose().as_bytes(),
        auth.issuer.clone(),
        auth.audience.clone(),
    )
    .mint(user, admin, SystemClock.now(), ttl)
    .map_err(|e| CliError::Token(e.to_string()))
}

/// The actor the operator's commands act as: an admin named `cli`.
///
/// # Errors
/// Never in practice (the name is valid).
pub(crate) fn operator() -> Result<Actor, CliError> {
    Ok(Actor {
        user_id: UserId::parse("cli").map_err(|e| CliError::Argument(e.to_string()))?,
        role: Role::Admin,
    })
}

/// The Twilio REST client the settings describe, as the concrete client (for the commands
/// that use more than the telephony ports, such as `twilio setup`).
///
/// # Errors
/// When the client cannot be built (a malformed base URL).
pub fn rest_client(
    settings: &TwilioSettings,
) -> Result<switchboard_twilio::rest::TwilioRestClient, CliError> {
    use switchboard_twilio::rest::{Credentials, RestConfig, Secret, TwilioRestClient};
    let credentials = match &settings.api_key {
        Some((sid, secret)) => Credentials::ApiKey {
            sid: sid.clone(),
            secret: Secret::new(secret.expose()),
        },
        None => Credentials::AuthToken(Secret::new(settings.auth_token.expose())),
    };
    let base_url = url::Url::parse(&settings.api_base_url)
        .map_err(|e| CliError::Twilio(format!("TWILIO_API_BASE_URL: {e}")))?;
    let mut config =
        RestConfig::new(settings.account_sid.clone(), credentials).with_base_url(base_url);
    config.timeout = settings.timeout;
    TwilioRestClient::new(config).map_err(|e| CliError::Twilio(e.to_string()))
}

/// The Twilio REST client the settings describe, counting its requests in `metrics` when
/// given.
///
/// # Errors
/// When the client cannot be built (a malformed base URL).
pub fn twilio_client(
    settings: &TwilioSettings,
    metrics: Option<&Arc<Metrics>>,
) -> Result<Arc<dyn Telephony>, CliError> {
    let client = rest_client(settings)?;
    Ok(Arc::new(match metrics {
        Some(metrics) => client.observed_by(Arc::clone(metrics) as _),
        None => client,
    }))
}

/// The PostgreSQL store the database settings describe.
///
/// # Errors
/// When the pool cannot be built.
pub(crate) fn connect(database: &DatabaseConfig) -> Result<PgStore, CliError> {
    let config = PgConfig {
        max_connections: database.max_connections,
        ..PgConfig::new(database.url.expose())
    };
    Ok(PgStore::connect(&config)?)
}
