//! When to retry and how long to wait: `Retry-After` when the provider sends it, otherwise
//! the policy's full-jitter exponential backoff.

use std::time::Duration;

use super::config::RetryPolicy;

/// What to do after a retryable failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryDecision {
    /// Wait this long, then try again.
    RetryAfter(Duration),
    /// Stop and report the failure.
    GiveUp,
}

/// Reads a `Retry-After` header given in seconds (`"2"`). HTTP dates and anything else
/// unreadable count as absent, so the backoff applies.
pub(crate) fn parse_retry_after(value: Option<&str>) -> Option<Duration> {
    value?.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Decides whether retry number `retries_done` (0 for the first retry) happens, and after
/// how long. A `Retry-After` beyond the policy's `max_retry_after` gives up at once: the
/// caller learns the wait from the error instead of being held for it.
pub(crate) fn decide(
    policy: &RetryPolicy,
    retries_done: u32,
    retry_after: Option<Duration>,
) -> RetryDecision {
    if retries_done >= policy.max_retries {
        return RetryDecision::GiveUp;
    }
    match retry_after {
        Some(wait) if wait > policy.max_retry_after => RetryDecision::GiveUp,
        Some(wait) => RetryDecision::RetryAfter(wait),
        None => RetryDecision::RetryAfter(policy.backoff(retries_done)),
    }
}

/// The wait as the domain's duration type (for `retry_after` in errors).
pub(crate) fn to_domain(wait: Duration) -> Option<time::Duration> {
    time::Duration::try_from(wait).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_read_in_seconds_only() {
        assert_eq!(parse_retry_after(Some("2")), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(Some(" 0 ")), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
        assert_eq!(parse_retry_after(Some("-1")), None);
        assert_eq!(parse_retry_after(Some("1.5")), None);
        assert_eq!(parse_retry_after(None), None);
    }

    #[test]
    fn retries_stop_after_max_retries_or_an_over_long_retry_after() {
        let policy = RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(50),
            max_retry_after: Duration::from_secs(30),
        };
        assert_eq!(
            decide(&policy, 0, Some(Duration::from_secs(3))),
            RetryDecision::RetryAfter(Duration::from_secs(3))
        );
        assert!(matches!(
            decide(&policy, 1, None),
            RetryDecision::RetryAfter(d) if d <= Duration::from_millis(20)
        ));
        assert_eq!(decide(&policy, 2, None), RetryDecision::GiveUp);
        assert_eq!(
            decide(&policy, 0, Some(Duration::from_secs(31))),
            RetryDecision::GiveUp
        );
        assert_eq!(decide(&RetryPolicy::none(), 0, None), RetryDecision::GiveUp);
    }
}
