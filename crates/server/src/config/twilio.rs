//! The `TWILIO_*` variables: how Twilio's REST API is reached.

use switchboard_domain::{AccountSid, ApiKeySid};

use super::env::{ConfigError, Env, Secret, error, optional, required};
use super::urls::http_url;

/// How Twilio's REST API is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwilioSettings {
    /// `TWILIO_ACCOUNT_SID`.
    pub account_sid: AccountSid,
    /// `TWILIO_AUTH_TOKEN`.
    pub auth_token: Secret,
    /// `TWILIO_API_KEY_SID` and `TWILIO_API_KEY_SECRET`, when set.
    pub api_key: Option<(ApiKeySid, Secret)>,
    /// `TWILIO_API_BASE_URL`, without a trailing slash.
    pub api_base_url: String,
    /// `TWILIO_TIMEOUT_SECONDS`.
    pub timeout: std::time::Duration,
    /// What browser calling needs: the API key whose secret signs access tokens
    /// (`TWILIO_API_KEY_SID`/`_SECRET`) and `TWILIO_TWIML_APP_SID`. Either may be missing:
    /// `/v1/voice/token` then answers 503 `voice_not_configured`.
    pub voice: VoiceSettings,
}

/// Browser calling's settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VoiceSettings {
    /// The API key that signs access tokens.
    pub api_key: Option<(ApiKeySid, Secret)>,
    /// The TwiML App browser calls go through (`AP` and 32 hex digits).
    pub twiml_app_sid: Option<String>,
}

impl VoiceSettings {
    /// Reads `TWILIO_TWIML_APP_SID`, with `api_key` for the tokens.
    ///
    /// # Errors
    /// When `TWILIO_TWIML_APP_SID` is set but not a TwiML App SID.
    pub fn from_env(
        env: &impl Env,
        api_key: Option<(ApiKeySid, Secret)>,
    ) -> Result<Self, ConfigError> {
        let twiml_app_sid = optional(env, "TWILIO_TWIML_APP_SID")
            .map(|raw| {
                let hex = raw.strip_prefix("AP").unwrap_or_default();
                if hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    Ok(raw)
                } else {
                    Err(error(
                        "TWILIO_TWIML_APP_SID",
                        "must be AP followed by 32 hex digits (`switchboard twilio setup` prints it)",
                    ))
                }
            })
            .transpose()?;
        Ok(Self {
            api_key,
            twiml_app_sid,
        })
    }
}

impl TwilioSettings {
    /// `TWILIO_TIMEOUT_SECONDS` when unset.
    const DEFAULT_TIMEOUT_SECONDS: u64 = 10;

    /// The variables that describe a real account; with none of them set, `serve` runs the
    /// embedded stand-in.
    const ACCOUNT_VARS: [&'static str; 5] = [
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_KEY_SID",
        "TWILIO_API_KEY_SECRET",
        "TWILIO_API_BASE_URL",
        "TWILIO_TWIML_APP_SID",
    ];

    /// Reads the `TWILIO_*` variables, or `None` when none of them is set (for `serve`, which
    /// then starts the local stand-in).
    ///
    /// # Errors
    /// As [`TwilioSettings::from_env`]; and when another `TWILIO_*` variable is set without
    /// `TWILIO_ACCOUNT_SID` (a half-configured account never silently becomes the stand-in).
    pub fn from_env_if_set(env: &impl Env) -> Result<Option<Self>, ConfigError> {
        if optional(env, "TWILIO_ACCOUNT_SID").is_some() {
            return Self::from_env(env).map(Some);
        }
        match Self::ACCOUNT_VARS
            .iter()
            .find(|var| optional(env, var).is_some())
        {
            None => Ok(None),
            Some(set) => Err(error(
                "TWILIO_ACCOUNT_SID",
                format!(
                    "is not set ({set} is); set it for a real account, or unset every TWILIO_* variable for the local stand-in"
                ),
            )),
        }
    }

    /// Settings for a stand-in at `api_base_url` (default timeout, no API key).
    #[must_use]
    pub fn stand_in(
        account_sid: AccountSid,
        auth_token: Secret,
        api_base_url: &str,
        voice: VoiceSettings,
    ) -> Self {
        Self {
            account_sid,
            auth_token,
            api_key: None,
            api_base_url: api_base_url.trim_end_matches('/').to_owned(),
            timeout: std::time::Duration::from_secs(Self::DEFAULT_TIMEOUT_SECONDS),
            voice,
        }
    }

    /// Reads the `TWILIO_*` variables.
    ///
    /// # Errors
    /// When the account SID or auth token is missing or malformed, only one of the API key
    /// variables is set, the base URL is not http(s), or the timeout is out of range.
    pub fn from_env(env: &impl Env) -> Result<Self, ConfigError> {
        let account_sid = AccountSid::parse(&required(env, "TWILIO_ACCOUNT_SID")?)
            .map_err(|_| error("TWILIO_ACCOUNT_SID", "must be AC followed by 32 hex digits"))?;
        let auth_token = Secret(required(env, "TWILIO_AUTH_TOKEN")?);
        let api_key = match (
            optional(env, "TWILIO_API_KEY_SID"),
            optional(env, "TWILIO_API_KEY_SECRET"),
        ) {
            (None, None) => None,
            (Some(sid), Some(secret)) => Some((
                ApiKeySid::parse(&sid).map_err(|_| {
                    error("TWILIO_API_KEY_SID", "must be SK followed by 32 hex digits")
                })?,
                Secret(secret),
            )),
            (Some(_), None) => {
                return Err(error(
                    "TWILIO_API_KEY_SECRET",
                    "is not set (TWILIO_API_KEY_SID is)",
                ));
            }
            (None, Some(_)) => {
                return Err(error(
                    "TWILIO_API_KEY_SID",
                    "is not set (TWILIO_API_KEY_SECRET is)",
                ));
            }
        };
        let api_base_url = match optional(env, "TWILIO_API_BASE_URL") {
            None => "https://api.twilio.com".to_owned(),
            Some(raw) => http_url("TWILIO_API_BASE_URL", raw, "https://api.twilio.com")?,
        };
        let timeout = match optional(env, "TWILIO_TIMEOUT_SECONDS") {
            None => Self::DEFAULT_TIMEOUT_SECONDS,
            Some(raw) => raw
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=60).contains(n))
                .ok_or_else(|| error("TWILIO_TIMEOUT_SECONDS", "must be a number from 1 to 60"))?,
        };
        let voice = VoiceSettings::from_env(env, api_key.clone())?;
        Ok(Self {
            account_sid,
            auth_token,
            api_key,
            api_base_url,
            timeout: std::time::Duration::from_secs(timeout),
            voice,
        })
    }
}
