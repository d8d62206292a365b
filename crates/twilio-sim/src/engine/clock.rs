//! Virtual time: a call's ringing, prompts, recordings and talk add seconds to its clock
//! instead of being waited for, so a call of minutes runs in milliseconds.

use time::{Duration, OffsetDateTime};

/// A call's clock: where it started and how many seconds have passed on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Clock {
    start: OffsetDateTime,
    elapsed: u32,
}

impl Clock {
    /// A clock starting at `start`.
    pub fn starting_at(start: OffsetDateTime) -> Self {
        Self { start, elapsed: 0 }
    }

    /// The time now on this clock.
    pub fn now(&self) -> OffsetDateTime {
        self.start + Duration::seconds(i64::from(self.elapsed))
    }

    /// The time `seconds` from now on this clock, without moving it.
    pub fn after(&self, seconds: u32) -> OffsetDateTime {
        self.now() + Duration::seconds(i64::from(seconds))
    }

    /// Moves the clock `seconds` on.
    pub fn advance(&mut self, seconds: u32) {
        self.elapsed = self.elapsed.saturating_add(seconds);
    }
}

/// How long speaking `text` takes: about 150 words a minute, at least a second.
pub(super) fn speaking_time(text: &str) -> u32 {
    let words = u32::try_from(text.split_whitespace().count()).unwrap_or(u32::MAX);
    (words.saturating_mul(2)).div_ceil(5).max(1)
}

#[cfg(test)]
mod tests {
    use super::{Clock, speaking_time};
    use time::macros::datetime;

    #[test]
    fn the_clock_moves_only_when_told() {
        let mut clock = Clock::starting_at(datetime!(2026-01-01 10:00:00 UTC));
        assert_eq!(clock.after(5), datetime!(2026-01-01 10:00:05 UTC));
        clock.advance(65);
        assert_eq!(clock.now(), datetime!(2026-01-01 10:01:05 UTC));
    }

    #[test]
    fn speech_takes_about_150_words_a_minute() {
        assert_eq!(speaking_time(""), 1);
        assert_eq!(speaking_time("Hello"), 1);
        assert_eq!(
            speaking_time("Thanks for calling. Press 1 for sales, 2 for support."),
            4
        );
    }
}
