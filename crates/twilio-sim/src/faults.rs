//! Fault injection: answer the next requests with a Twilio error, slow them down, answer
//! them late after they took effect, or be unavailable altogether.

use std::time::Duration;

use crate::error::TwilioError;

#[derive(Debug, Clone)]
struct Planned<T> {
    remaining: u32,
    path_contains: Option<String>,
    what: T,
}

/// The faults planned for upcoming requests.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    failures: Vec<Planned<TwilioError>>,
    delays: Vec<Planned<Duration>>,
    late: Vec<Planned<Duration>>,
    unavailable: bool,
}

impl Faults {
    /// Makes the next `count` requests (whose path contains `path_contains`, if given) answer
    /// `error`.
    pub fn fail_next(&mut self, count: u32, path_contains: Option<String>, error: TwilioError) {
        self.failures.push(Planned {
            remaining: count,
            path_contains,
            what: error,
        });
    }

    /// Makes the next `count` requests (whose path contains `path_contains`, if given) wait
    /// `delay` before they are handled.
    pub fn delay_next(&mut self, count: u32, path_contains: Option<String>, delay: Duration) {
        self.delays.push(Planned {
            remaining: count,
            path_contains,
            what: delay,
        });
    }

    /// Makes the next `count` requests (whose path contains `path_contains`, if given) take
    /// effect at once but answer only after `delay`: past a client's timeout, the answer is
    /// lost although the request was handled.
    pub fn answer_late_next(&mut self, count: u32, path_contains: Option<String>, delay: Duration) {
        self.late.push(Planned {
            remaining: count,
            path_contains,
            what: delay,
        });
    }

    /// Takes the planned late answer for a request to `path`, if any.
    pub fn take_late(&mut self, path: &str) -> Option<Duration> {
        take(&mut self.late, path)
    }

    /// Turns the whole API into 503s (or back).
    pub fn set_unavailable(&mut self, unavailable: bool) {
        self.unavailable = unavailable;
    }

    /// Whether the API answers 503 to everything.
    #[must_use]
    pub fn is_unavailable(&self) -> bool {
        self.unavailable
    }

    /// Takes the planned failure for a request to `path`, if any.
    pub fn take_failure(&mut self, path: &str) -> Option<TwilioError> {
        take(&mut self.failures, path)
    }

    /// Takes the planned delay for a request to `path`, if any.
    pub fn take_delay(&mut self, path: &str) -> Option<Duration> {
        take(&mut self.delays, path)
    }

    /// Forgets every planned fault and makes the API available again.
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

fn take<T: Clone>(plans: &mut Vec<Planned<T>>, path: &str) -> Option<T> {
    let index = plans.iter().position(|p| {
        p.remaining > 0 && p.path_contains.as_deref().is_none_or(|s| path.contains(s))
    })?;
    let plan = &mut plans[index];
    plan.remaining -= 1;
    let what = plan.what.clone();
    if plan.remaining == 0 {
        plans.remove(index);
    }
    Some(what)
}

#[cfg(test)]
mod tests {
    use super::Faults;
    use crate::error::TwilioError;
    use std::time::Duration;

    #[test]
    fn failures_are_consumed_in_order_and_can_be_scoped_to_a_path() {
        let mut faults = Faults::default();
        faults.fail_next(1, Some("Calls".to_owned()), TwilioError::unavailable());
        faults.fail_next(2, None, TwilioError::new(429, 20429, "Too Many Requests"));
        assert_eq!(
            faults.take_failure("/x/Messages.json").map(|e| e.code),
            Some(20429)
        );
        assert_eq!(
            faults.take_failure("/x/Calls.json").map(|e| e.code),
            Some(20503)
        );
        assert_eq!(
            faults.take_failure("/x/Calls.json").map(|e| e.code),
            Some(20429)
        );
        assert_eq!(faults.take_failure("/x/Calls.json"), None);
    }

    #[test]
    fn late_answers_are_planned_per_path_and_count_down() {
        let mut faults = Faults::default();
        faults.answer_late_next(1, Some("Messages".to_owned()), Duration::from_millis(5));
        assert_eq!(faults.take_late("/x/Calls.json"), None);
        assert_eq!(
            faults.take_late("/x/Messages.json"),
            Some(Duration::from_millis(5))
        );
        assert_eq!(faults.take_late("/x/Messages.json"), None);
    }

    #[test]
    fn delays_count_down() {
        let mut faults = Faults::default();
        faults.delay_next(1, None, Duration::from_millis(5));
        assert_eq!(faults.take_delay("/a"), Some(Duration::from_millis(5)));
        assert_eq!(faults.take_delay("/a"), None);
    }
}
