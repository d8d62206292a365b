//! How the REST client is configured: where Twilio is, who we are, how long to wait and how
//! often to retry. Secrets live in [`Secret`], whose `Debug` never shows them.

use std::fmt;
use std::time::Duration;

use switchboard_domain::{AccountSid, ApiKeySid};
use url::Url;

/// A credential (auth token or API key secret). It has no `Display`, and its `Debug` prints
/// `[redacted]`, so it cannot end up in a log line or an error by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    #[must_use]
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself, for the `Authorization` header (and redaction).
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How the client authenticates: HTTP Basic auth with the account SID and its auth token,
/// or with an API key SID and the key's secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// Username = the account SID, password = the account's auth token.
    AuthToken(Secret),
    /// Username = the API key SID (`SK…`), password = the key's secret.
    ApiKey {
        /// The key's SID.
        sid: ApiKeySid,
        /// The key's secret.
        secret: Secret,
    },
}

impl Credentials {
    /// The Basic auth username (never secret).
    pub(crate) fn username<'a>(&'a self, account: &'a AccountSid) -> &'a str {
        match self {
            Self::AuthToken(_) => account.as_str(),
            Self::ApiKey { sid, .. } => sid.as_str(),
        }
    }

    /// The Basic auth password.
    pub(crate) fn secret(&self) -> &Secret {
        match self {
            Self::AuthToken(secret) | Self::ApiKey { secret, .. } => secret,
        }
    }
}

/// Which answers are retried, how often and how long to wait between attempts.
///
/// Only HTTP 429 (Twilio 20429) and 503 are retried, plus connections that could not be
/// opened at all (nothing was sent). The wait before retry `n` (0-based) is the response's
/// `Retry-After` seconds when present, otherwise a full-jitter exponential backoff: a random
/// duration in `[0, min(max_delay, base_delay · 2^n)]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so at most `max_retries + 1` attempts). Default 3.
    pub max_retries: u32,
    /// The backoff's base. Default 100 ms.
    pub base_delay: Duration,
    /// The backoff's ceiling. Default 3 s.
    pub max_delay: Duration,
    /// The longest `Retry-After` the client waits for. When the provider asks for longer, the
    /// client gives up at once and returns the wait in the error. Default 30 s.
    pub max_retry_after: Duration,
}

impl RetryPolicy {
    /// No retries at all.
    #[must_use]
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The full-jitter backoff before retry `retry` (0 for the first retry).
    #[must_use]
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self.backoff_ceiling(retry);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    /// `min(max_delay, base_delay · 2^retry)`, without overflow.
    #[must_use]
    pub(crate) fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 2_u32.checked_pow(retry).unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .map_or(self.max_delay, |d| d.min(self.max_delay))
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(3),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

/// Everything the REST client needs. Build it with [`RestConfig::new`] and adjust the
/// public fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestConfig {
    /// Where the API is: `https://api.twilio.com` (the default) or a stand-in. A path prefix
    /// is kept; user info in the URL is refused.
    pub base_url: Url,
    /// The account every request is made for.
    pub account_sid: AccountSid,
    /// How requests authenticate.
    pub credentials: Credentials,
    /// The time one attempt may take, from connecting to the last byte of the answer; also
    /// the connect timeout. Default 10 s.
    pub timeout: Duration,
    /// Retries of throttled and unavailable answers.
    pub retry: RetryPolicy,
}

impl RestConfig {
    /// Twilio's API host.
    pub const DEFAULT_BASE_URL: &'static str = "https://api.twilio.com";
    /// The default per-attempt timeout.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The configuration for Twilio itself, with the default timeout and retries.
    #[must_use]
    pub fn new(account_sid: AccountSid, credentials: Credentials) -> Self {
        Self {
            base_url: default_base_url(),
            account_sid,
            credentials,
            timeout: Self::DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }

    /// The same configuration against another base URL (a stand-in or a mock server).
    #[must_use]
    pub fn with_base_url(mut self, base_url: Url) -> Self {
        self.base_url = base_url;
        self
    }
}

#[expect(
    clippy::unwrap_used,
    reason = "a constant URL that parses; the unit test below proves it"
)]
fn default_base_url() -> Url {
    Url::parse(RestConfig::DEFAULT_BASE_URL).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug() {
        let credentials = Credentials::ApiKey {
            sid: ApiKeySid::parse("SK0123456789abcdef0123456789abcdef").unwrap(),
            secret: Secret::new("hunter2-very-secret"),
        };
        let printed = format!("{credentials:?} {:?}", Secret::new("hunter2-very-secret"));
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("[redacted]"));
        assert!(printed.contains("SK0123456789abcdef0123456789abcdef"));
    }

    #[test]
    fn backoff_stays_under_the_capped_exponential_ceiling() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff_ceiling(0), Duration::from_millis(100));
        assert_eq!(policy.backoff_ceiling(1), Duration::from_millis(200));
        assert_eq!(policy.backoff_ceiling(4), Duration::from_millis(1600));
        assert_eq!(policy.backoff_ceiling(5), Duration::from_secs(3));
        assert_eq!(policy.backoff_ceiling(40), Duration::from_secs(3));
        for retry in 0..50 {
            assert!(policy.backoff(retry) <= policy.backoff_ceiling(retry));
        }
    }

    #[test]
    fn the_default_config_points_at_twilio() {
        let config = RestConfig::new(
            AccountSid::parse("AC0123456789abcdef0123456789abcdef").unwrap(),
            Credentials::AuthToken(Secret::new("t")),
        );
        assert_eq!(config.base_url.as_str(), "https://api.twilio.com/");
        assert_eq!(config.timeout, Duration::from_secs(10));
        assert_eq!(config.retry.max_retries, 3);
    }
}
