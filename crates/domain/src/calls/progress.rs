//! The call-status state machine: how one status report (a status callback, or the
//! provider's answer to a fetch or an end) moves a call's progress. Pure; each store applies
//! the same rule in one write (PostgreSQL in one `UPDATE`).
//!
//! # The rule
//! A report's status replaces the call's when it is further along (a higher
//! [`CallLogStatus::rank`]), or when it has the same rank, another status, and a higher
//! `SequenceNumber` than the report that set the current status (two terminal statuses
//! of one leg: the later one wins). So terminal statuses never regress, duplicates change
//! nothing, and a late callback (ringing after completed) moves nothing backwards. Times
//! are kept whichever order reports come in: `startedAt` is the earliest report of a call
//! being dialled, ringing or answered, `answeredAt` the earliest in-progress report, and
//! `endedAt` and `duration` come from the reports of the final status. Any permutation of
//! a leg's callbacks, with duplicates, ends in the state the ordered sequence gives.

use time::OffsetDateTime;

use super::status::CallLogStatus;

/// What one report says about a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusReport {
    /// The status reported.
    pub status: CallLogStatus,
    /// Twilio's `SequenceNumber`, when the report is a status callback.
    pub sequence: Option<u32>,
    /// When it happened (the callback's `Timestamp`, or when it was read).
    pub at: OffsetDateTime,
    /// The call's length in seconds (`CallDuration`), on terminal reports.
    pub duration: Option<u32>,
}

/// The part of a call that status reports move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallProgress {
    /// The current status.
    pub status: CallLogStatus,
    /// The `SequenceNumber` of the report that set `status`, if it had one.
    pub status_sequence: Option<u32>,
    /// When it started being dialled.
    pub started_at: Option<OffsetDateTime>,
    /// When it was answered.
    pub answered_at: Option<OffsetDateTime>,
    /// When it ended.
    pub ended_at: Option<OffsetDateTime>,
    /// Its length in seconds, once ended.
    pub duration: Option<u32>,
}

impl CallProgress {
    /// A call that has just been created, in `status` (queued, or ringing for an inbound
    /// call), with nothing reported yet.
    #[must_use]
    pub fn new(status: CallLogStatus) -> Self {
        Self {
            status,
            status_sequence: None,
            started_at: None,
            answered_at: None,
            ended_at: None,
            duration: None,
        }
    }

    /// A call Twilio refused to place: `failed`, ended at `at`.
    #[must_use]
    pub fn refused(&self, at: OffsetDateTime) -> Self {
        Self {
            status: CallLogStatus::Failed,
            ended_at: Some(at),
            ..*self
        }
    }

    /// Whether `report`'s status replaces the current one.
    #[must_use]
    pub fn is_superseded_by(&self, report: &StatusReport) -> bool {
        let (now, next) = (self.status.rank(), report.status.rank());
        next > now
            || (next == now
                && report.status != self.status
                && matches!(
                    (self.status_sequence, report.sequence),
                    (Some(current), Some(new)) if new > current
                ))
    }

    /// The progress after `report`, or `None` when the report changes nothing (a duplicate,
    /// or a late report that adds no time).
    #[must_use]
    pub fn apply(&self, report: &StatusReport) -> Option<Self> {
        let wins = self.is_superseded_by(report);
        let same = report.status == self.status;
        let mut next = *self;
        if wins {
            next.status = report.status;
            next.status_sequence = report.sequence;
        } else if same {
            next.status_sequence = max_option(self.status_sequence, report.sequence);
        }
        let rank = report.status.rank();
        if (1..=3).contains(&rank) {
            next.started_at = min_option(self.started_at, Some(report.at));
        }
        if report.status == CallLogStatus::InProgress {
            next.answered_at = min_option(self.answered_at, Some(report.at));
        }
        if report.status.is_terminal() {
            if wins {
                next.ended_at = Some(report.at);
                next.duration = report.duration;
            } else if same {
                next.ended_at = min_option(self.ended_at, Some(report.at));
                next.duration = self.duration.or(report.duration);
            }
        }
        (next != *self).then_some(next)
    }
}

fn min_option<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_option<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
#[path = "progress_tests.rs"]
mod tests;
