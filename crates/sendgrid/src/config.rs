//! How the client is configured: the API key (a [`ApiKey`] whose `Debug` and `Display`
//! never show it), where SendGrid is, how long one attempt may take and how 429s are
//! retried.

use std::fmt;
use std::time::Duration;

use url::Url;

/// A SendGrid API key (`SG.…`). Its `Debug` and `Display` print `[redacted]`, so it cannot
/// reach a log line or an error by accident; only the client reads it, for the
/// `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key. [`SendGridClient::new`](crate::SendGridClient::new) refuses an empty
    /// one or one that cannot be sent in a header.
    #[must_use]
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How throttled sends (HTTP 429) and connections that never opened are retried.
///
/// The wait before a retry is the answer's `Retry-After` (in seconds) when it has one,
/// otherwise `backoff` doubled for each retry already made. Retrying stops after
/// `max_attempts` attempts, or as soon as the next wait would take the waits' total past
/// `max_total_wait`; the send then fails as unavailable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included. Default 3.
    pub max_attempts: u32,
    /// The longest the waits between attempts may add up to. Default 10 s.
    pub max_total_wait: Duration,
    /// The first wait when the answer gives no `Retry-After`. Default 500 ms.
    pub backoff: Duration,
}

impl RetryPolicy {
    /// One attempt, no retries.
    #[must_use]
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The wait before the next attempt, after `attempts_done` attempts that together
    /// waited `waited`, when the provider asked for `retry_after` (or said nothing);
    /// `None` to give up.
    #[must_use]
    pub(crate) fn next_wait(
        &self,
        attempts_done: u32,
        waited: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempts_done >= self.max_attempts {
            return None;
        }
        let retries_done = attempts_done.saturating_sub(1);
        let wait = retry_after.unwrap_or_else(|| {
            self.backoff
                .saturating_mul(2_u32.checked_pow(retries_done).unwrap_or(u32::MAX))
        });
        (waited.saturating_add(wait) <= self.max_total_wait).then_some(wait)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            max_total_wait: Duration::from_secs(10),
            backoff: Duration::from_millis(500),
        }
    }
}

/// Everything the client needs. Build it with [`SendGridConfig::new`] and adjust the
/// public fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendGridConfig {
    /// The API key, sent as `Authorization: Bearer KEY`.
    pub api_key: ApiKey,
    /// Where the API is: `https://api.sendgrid.com` (the default),
    /// `https://api.eu.sendgrid.com`, or a stand-in. A path prefix is kept; user info, a
    /// query or a fragment is refused.
    pub base_url: Url,
    /// The time one attempt may take, from connecting to the end of the answer; also the
    /// connect timeout. Default 10 s.
    pub timeout: Duration,
    /// Retries of 429s and of connections that never opened.
    pub retry: RetryPolicy,
    /// Sends with `mail_settings.sandbox_mode.enable = true`: SendGrid checks the request
    /// and answers, but delivers nothing. Default off.
    pub sandbox_mode: bool,
}

impl SendGridConfig {
    /// SendGrid's API host.
    pub const DEFAULT_BASE_URL: &'static str = "https://api.sendgrid.com";
    /// The default per-attempt timeout.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The configuration for SendGrid itself, with the default timeout and retries.
    #[must_use]
    pub fn new(api_key: ApiKey) -> Self {
        Self {
            api_key,
            base_url: default_base_url(),
            timeout: Self::DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            sandbox_mode: false,
        }
    }

    /// The same configuration against another base URL (the EU host, a stand-in or a mock
    /// server).
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
    Url::parse(SendGridConfig::DEFAULT_BASE_URL).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_never_shows() {
        let config = SendGridConfig::new(ApiKey::new("SG.hunter2-very-secret"));
        let printed = format!("{config:?} {} {:?}", config.api_key, config.api_key);
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }

    #[test]
    fn the_default_config_points_at_sendgrid() {
        let config = SendGridConfig::new(ApiKey::new("k"));
        assert_eq!(config.base_url.as_str(), "https://api.sendgrid.com/");
        assert_eq!(config.timeout, Duration::from_secs(10));
        assert_eq!(config.retry.max_attempts, 3);
        assert!(!config.sandbox_mode);
    }

    #[test]
    fn waits_are_bounded_in_number_and_total() {
        let policy = RetryPolicy::default();
        let secs = Duration::from_secs;
        assert_eq!(policy.next_wait(1, secs(0), Some(secs(2))), Some(secs(2)));
        assert_eq!(
            policy.next_wait(1, secs(0), None),
            Some(Duration::from_millis(500))
        );
        assert_eq!(policy.next_wait(2, secs(0), None), Some(secs(1)));
        assert_eq!(policy.next_wait(3, secs(0), Some(secs(1))), None);
        assert_eq!(policy.next_wait(1, secs(0), Some(secs(11))), None);
        assert_eq!(policy.next_wait(2, secs(6), Some(secs(4))), Some(secs(4)));
        assert_eq!(policy.next_wait(2, secs(6), Some(secs(5))), None);
        assert_eq!(
            RetryPolicy::none().next_wait(1, secs(0), Some(secs(0))),
            None
        );
    }
}
