//! Faults a running stand-in injects into its REST answers: failures, delays, outages.

use std::time::Duration;

use super::RunningSim;
use crate::error::TwilioError;

impl RunningSim {
    /// The next `count` REST requests answer `status` with Twilio's error body
    /// (`code`, `message`).
    pub fn fail_next(&self, count: u32, status: u16, code: u32, message: &str) {
        self.shared
            .lock()
            .faults
            .fail_next(count, None, TwilioError::new(status, code, message));
    }

    /// Like [`Self::fail_next`], only for requests whose path contains `path_contains`.
    pub fn fail_next_matching(
        &self,
        count: u32,
        path_contains: &str,
        status: u16,
        code: u32,
        message: &str,
    ) {
        self.shared.lock().faults.fail_next(
            count,
            Some(path_contains.to_owned()),
            TwilioError::new(status, code, message),
        );
    }

    /// The next `count` REST requests wait `delay` before being handled (a slow Twilio).
    pub fn delay_next(&self, count: u32, delay: Duration) {
        self.shared.lock().faults.delay_next(count, None, delay);
    }

    /// Like [`Self::delay_next`], only for requests whose path contains `path_contains`.
    pub fn delay_next_matching(&self, count: u32, path_contains: &str, delay: Duration) {
        self.shared
            .lock()
            .faults
            .delay_next(count, Some(path_contains.to_owned()), delay);
    }

    /// The next `count` REST requests whose path contains `path_contains` take effect at
    /// once but are answered only after `delay` (a lost answer, past a client's timeout).
    pub fn answer_late_next_matching(&self, count: u32, path_contains: &str, delay: Duration) {
        self.shared
            .lock()
            .faults
            .answer_late_next(count, Some(path_contains.to_owned()), delay);
    }

    /// While `true`, every request is answered 503 (code 20503).
    pub fn set_unavailable(&self, unavailable: bool) {
        self.shared.lock().faults.set_unavailable(unavailable);
    }

    /// Forgets planned failures and delays and makes the API available again.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }
}
