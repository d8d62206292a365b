//! Rate limiting rule: GCRA (the generic cell rate algorithm), a sliding-window limiter that
//! needs one timestamp of state per key. The adapters store that timestamp and call
//! [`Quota::decide`] while holding the key's lock, so the limit holds across replicas; the
//! [`RateLimitStore`] port is that storage.

mod store;

pub use store::RateLimitStore;

use time::{Duration, OffsetDateTime};

/// At most `per_minute` events per rolling minute, with bursts up to `per_minute`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    per_minute: u32,
}

/// Whether an event may happen now, and the state to store if it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateDecision {
    /// Allowed; the key's theoretical arrival time becomes `new_tat`.
    Allowed {
        /// The state to store for the key.
        new_tat: OffsetDateTime,
    },
    /// Refused; retry after this long (always at least one second when rounded up).
    Limited {
        /// How long until one more event would be allowed.
        retry_after: Duration,
    },
}

/// A quota of zero events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a rate limit must allow at least one event per minute")]
pub struct ZeroQuota;

impl Quota {
    /// A quota of `per_minute` events per minute.
    ///
    /// # Errors
    /// [`ZeroQuota`] when `per_minute` is 0.
    pub fn per_minute(per_minute: u32) -> Result<Self, ZeroQuota> {
        if per_minute == 0 {
            Err(ZeroQuota)
        } else {
            Ok(Self { per_minute })
        }
    }

    /// Events allowed per minute.
    #[must_use]
    pub fn limit(&self) -> u32 {
        self.per_minute
    }

    /// The window the limit counts over: one minute.
    #[must_use]
    pub fn period() -> Duration {
        Duration::minutes(1)
    }

    /// The time one event takes of the window (`period / limit`): GCRA's emission
    /// interval. A store that decides in its own query language uses it and
    /// [`Self::period`] exactly as [`Self::decide`] does.
    #[must_use]
    pub fn emission_interval(&self) -> Duration {
        Self::period() / self.per_minute
    }

    /// Decides one event at `now` given the key's stored theoretical arrival time (`None`
    /// for a key never seen).
    #[must_use]
    pub fn decide(&self, stored_tat: Option<OffsetDateTime>, now: OffsetDateTime) -> RateDecision {
        let tat = stored_tat.map_or(now, |t| t.max(now));
        let new_tat = tat + self.emission_interval();
        let allow_at = new_tat - Self::period();
        if allow_at <= now {
            RateDecision::Allowed { new_tat }
        } else {
            RateDecision::Limited {
                retry_after: allow_at - now,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn run(quota: Quota, times: &[OffsetDateTime]) -> Vec<bool> {
        let mut tat = None;
        times
            .iter()
            .map(|&now| match quota.decide(tat, now) {
                RateDecision::Allowed { new_tat } => {
                    tat = Some(new_tat);
                    true
                }
                RateDecision::Limited { .. } => false,
            })
            .collect()
    }

    #[test]
    fn allows_a_burst_of_the_limit_then_refuses() {
        let q = Quota::per_minute(3).unwrap_or_else(|_| unreachable!());
        let t = datetime!(2026-01-01 0:00 UTC);
        assert_eq!(run(q, &[t, t, t, t]), vec![true, true, true, false]);
    }

    #[test]
    fn refills_one_event_per_interval() {
        let q = Quota::per_minute(2).unwrap_or_else(|_| unreachable!());
        let t = datetime!(2026-01-01 0:00 UTC);
        let after = |s| t + Duration::seconds(s);
        assert_eq!(
            run(q, &[t, t, t, after(29), after(30), after(31)]),
            vec![true, true, false, false, true, false]
        );
    }

    #[test]
    fn retry_after_says_when_the_next_event_fits() {
        let q = Quota::per_minute(1).unwrap_or_else(|_| unreachable!());
        let t = datetime!(2026-01-01 0:00 UTC);
        let RateDecision::Allowed { new_tat } = q.decide(None, t) else {
            panic!("first is allowed")
        };
        assert_eq!(
            q.decide(Some(new_tat), t + Duration::seconds(20)),
            RateDecision::Limited {
                retry_after: Duration::seconds(40)
            }
        );
    }

    #[test]
    fn zero_is_not_a_quota() {
        assert_eq!(Quota::per_minute(0), Err(ZeroQuota));
    }
}
