//! Everything `serve` reads: [`ServeConfig`].

use std::net::SocketAddr;

use switchboard_domain::Quota;

use super::auth::AuthSettings;
use super::database::DatabaseConfig;
use super::env::{ConfigError, Env, Secret, error, optional};
use super::numbers::NumberSettings;
use super::twilio::TwilioSettings;
use super::urls::public_base_url;

/// Everything `serve` needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// The database, or `None` for the in-memory store.
    pub database: Option<DatabaseConfig>,
    /// `BIND_ADDR`.
    pub bind_addr: SocketAddr,
    /// `PUBLIC_BASE_URL`, without a trailing slash; `None` (only with the stand-in) for the
    /// address `serve` listens on.
    pub public_base_url: Option<String>,
    /// Twilio's REST API and webhook signatures, or `None` for the embedded stand-in.
    pub twilio: Option<TwilioSettings>,
    /// Number purchases.
    pub numbers: NumberSettings,
    /// Bearer tokens.
    pub auth: AuthSettings,
    /// Whether `auth`'s secret was generated for this run (`AUTH_JWT_SECRET` unset; only
    /// with the stand-in).
    pub auth_secret_generated: bool,
    /// `TWILIO_SIM_AUTH_TOKEN`: the embedded stand-in account's auth token, when not its
    /// fixed development token.
    pub stand_in_auth_token: Option<Secret>,
    /// `SESSION_RATE_LIMIT_PER_MINUTE`.
    pub session_quota: Quota,
    /// `OUTBOUND_CALL_RATE_LIMIT_PER_MINUTE`: calls a user may place per minute (API and
    /// browser calls together).
    pub call_quota: Quota,
    /// `OUTBOUND_MESSAGE_RATE_LIMIT_PER_MINUTE`: messages a user may send per minute.
    pub message_quota: Quota,
    /// `TWILIO_WHATSAPP_FROM`: the shared WhatsApp sender (E.164, `whatsapp:` optional).
    pub whatsapp_from: Option<switchboard_domain::PhoneNumber>,
    /// SendGrid and the senders.
    pub email: super::EmailConfig,
    /// `HTTP_*_TIMEOUT_SECONDS`, `HTTP_KEEP_ALIVE_SECONDS`: request size limits and the
    /// deadlines of slow clients.
    pub edge: switchboard_http::EdgeSettings,
}

/// A per-minute quota variable: a whole number above 0, `default` when unset.
fn per_minute(env: &impl Env, var: &'static str, default: u32) -> Result<Quota, ConfigError> {
    let n = match optional(env, var) {
        None => default,
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| error(var, "must be a whole number above 0"))?,
    };
    Quota::per_minute(n).map_err(|_| error(var, "must be a whole number above 0"))
}

impl ServeConfig {
    /// Reads every variable `serve` uses, stopping at the first problem. Without
    /// `DATABASE_URL` the store is in memory. Without `TWILIO_ACCOUNT_SID` Twilio is the
    /// embedded stand-in, and then `PUBLIC_BASE_URL` and `AUTH_JWT_SECRET` may be left
    /// unset (`secret` is used when `AUTH_JWT_SECRET` is).
    ///
    /// # Errors
    /// The first missing or invalid variable.
    pub fn from_env(env: &impl Env, secret: Secret) -> Result<Self, ConfigError> {
        let bind_addr = match optional(env, "BIND_ADDR") {
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
            Some(raw) => raw
                .parse()
                .map_err(|_| error("BIND_ADDR", "must be an address like 127.0.0.1:8080"))?,
        };
        let session_quota = per_minute(env, "SESSION_RATE_LIMIT_PER_MINUTE", 10)?;
        let call_quota = per_minute(env, "OUTBOUND_CALL_RATE_LIMIT_PER_MINUTE", 5)?;
        let message_quota = per_minute(env, "OUTBOUND_MESSAGE_RATE_LIMIT_PER_MINUTE", 30)?;
        let whatsapp_from = optional(env, "TWILIO_WHATSAPP_FROM")
            .map(|raw| {
                let number = raw.strip_prefix("whatsapp:").unwrap_or(&raw);
                switchboard_domain::PhoneNumber::parse(number).map_err(|_| {
                    error(
                        "TWILIO_WHATSAPP_FROM",
                        "must be an E.164 number such as +14155238886 (whatsapp: may precede it)",
                    )
                })
            })
            .transpose()?;
        let database = DatabaseConfig::from_env_if_set(env)?;
        let twilio = TwilioSettings::from_env_if_set(env)?;
        let public_base_url = match (&twilio, optional(env, "PUBLIC_BASE_URL")) {
            (_, Some(raw)) => Some(public_base_url(raw)?),
            (None, None) => None,
            (Some(_), None) => {
                return Err(error(
                    "PUBLIC_BASE_URL",
                    "is not set (Twilio must reach this service's webhooks)",
                ));
            }
        };
        // Tokens are printed only with the stand-in, so only then can nobody's secret do.
        let (auth, auth_secret_generated) = if twilio.is_none() {
            AuthSettings::from_env_or(env, secret)?
        } else {
            (AuthSettings::from_env(env)?, false)
        };
        let stand_in_auth_token = optional(env, "TWILIO_SIM_AUTH_TOKEN").map(Secret);
        Ok(Self {
            database,
            bind_addr,
            public_base_url,
            twilio,
            numbers: NumberSettings::from_env(env)?,
            auth,
            auth_secret_generated,
            stand_in_auth_token,
            session_quota,
            call_quota,
            message_quota,
            whatsapp_from,
            email: super::EmailConfig::from_env(env)?,
            edge: super::edge::edge_settings(env)?,
        })
    }
}
