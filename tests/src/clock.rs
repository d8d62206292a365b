//! A clock the tests move by hand, so expiry and rate limits are tested without waiting.

use std::sync::{Mutex, PoisonError};

use switchboard_domain::Clock;
use switchboard_domain::clock::truncate_to_micros;
use time::{Duration, OffsetDateTime};

/// A [`Clock`] that stands still until a test moves it.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<OffsetDateTime>,
}

impl ManualClock {
    /// A clock at the real now, truncated to microseconds (what PostgreSQL stores).
    #[must_use]
    pub fn new() -> Self {
        Self {
            now: Mutex::new(truncate_to_micros(OffsetDateTime::now_utc())),
        }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
