//! Email settings: SendGrid's key and base URL, the default sender and the allowed ones.

use switchboard_domain::email::{AllowedSender, EmailAddress, EmailSettings};

use super::ConfigError;
use super::env::{Env, Secret, error, optional};
use super::urls::http_url;

/// The sender of the default run's emails, when `EMAIL_FROM` is unset there.
pub const STAND_IN_SENDER: &str = "Switchboard <switchboard@example.com>";

/// How email is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailConfig {
    /// `SENDGRID_API_KEY`; `None`: the local stand-in in the default run, else email is
    /// not configured.
    pub api_key: Option<Secret>,
    /// `SENDGRID_API_BASE_URL`, default `https://api.sendgrid.com`.
    pub api_base_url: String,
    /// `SENDGRID_TIMEOUT_SECONDS`: each attempt's timeout, 1 to 60 s, default 10.
    pub timeout: std::time::Duration,
    /// `EMAIL_FROM` and `EMAIL_ALLOWED_SENDERS`.
    pub senders: EmailSettings,
}

impl EmailConfig {
    /// SendGrid's request timeout when `SENDGRID_TIMEOUT_SECONDS` is unset.
    pub const DEFAULT_TIMEOUT_SECONDS: u64 = 10;

    /// Reads the email variables.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the variable that is not valid.
    pub fn from_env(env: &impl Env) -> Result<Self, ConfigError> {
        let api_key = optional(env, "SENDGRID_API_KEY").map(Secret::new);
        let api_base_url = match optional(env, "SENDGRID_API_BASE_URL") {
            Some(raw) => http_url("SENDGRID_API_BASE_URL", raw, "https://api.sendgrid.com")?,
            None => "https://api.sendgrid.com".to_owned(),
        };
        let timeout = match optional(env, "SENDGRID_TIMEOUT_SECONDS") {
            None => Self::DEFAULT_TIMEOUT_SECONDS,
            Some(raw) => raw
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=60).contains(n))
                .ok_or_else(|| {
                    error("SENDGRID_TIMEOUT_SECONDS", "must be a number from 1 to 60")
                })?,
        };
        let default_from = optional(env, "EMAIL_FROM")
            .map(|raw| {
                EmailAddress::parse_mailbox(&raw).map_err(|e| error("EMAIL_FROM", e.to_string()))
            })
            .transpose()?;
        let allowed = match optional(env, "EMAIL_ALLOWED_SENDERS") {
            None => Vec::new(),
            Some(raw) => raw
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(|entry| {
                    AllowedSender::parse(entry).ok_or_else(|| {
                        error(
                            "EMAIL_ALLOWED_SENDERS",
                            format!("{entry:?} is neither an address nor @domain"),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        };
        Ok(Self {
            api_key,
            api_base_url,
            timeout: std::time::Duration::from_secs(timeout),
            senders: EmailSettings {
                default_from,
                allowed,
            },
        })
    }

    /// The settings of the default run's stand-in: `EMAIL_FROM` or [`STAND_IN_SENDER`].
    #[must_use]
    pub fn for_stand_in(&self) -> EmailSettings {
        let mut senders = self.senders.clone();
        if senders.default_from.is_none() {
            senders.default_from = EmailAddress::parse_mailbox(STAND_IN_SENDER).ok();
        }
        senders
    }
}
