//! What a browser phone hears: each identity's calls ringing and changing state, as a
//! numbered log that tabs long-poll.

use std::collections::VecDeque;

/// How many events the log keeps (for every identity together); a tab that falls further
/// behind misses the oldest.
const KEPT: usize = 1_000;

/// Whether the browser is called or calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneDirection {
    /// A call ringing the browser.
    Inbound,
    /// A call the browser placed.
    Outbound,
}

/// A browser call's state, in Twilio's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneCallState {
    /// Ringing (the browser, or the number it called).
    Ringing,
    /// Answered and talking.
    InProgress,
    /// Ended after it was answered, or ended by the app without dialling.
    Completed,
    /// Rejected, or the callee was busy.
    Busy,
    /// Nobody answered.
    NoAnswer,
    /// Stopped ringing before anyone answered.
    Canceled,
    /// Could not be carried out.
    Failed,
}

impl PhoneCallState {
    /// Reads the status of a finished Twilio call (`completed`, `busy`, ...).
    #[must_use]
    pub fn from_twilio(status: &str) -> Self {
        match status {
            "ringing" | "queued" | "initiated" => Self::Ringing,
            "in-progress" => Self::InProgress,
            "completed" => Self::Completed,
            "busy" => Self::Busy,
            "no-answer" => Self::NoAnswer,
            "canceled" => Self::Canceled,
            _ => Self::Failed,
        }
    }
}

/// Whether an event announces a new ringing call or a call's new state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneEventKind {
    /// A call rings the browser: show the caller with Accept and Reject.
    Incoming,
    /// A call the browser knows moved on.
    State,
}

/// One event of an identity's browser phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneEvent {
    /// Its place in the log (increasing, shared by every identity).
    pub seq: u64,
    /// Whose phone hears it.
    pub identity: String,
    /// New call or new state.
    pub kind: PhoneEventKind,
    /// The call's handle: the ringing leg of an incoming call, the browser's own call for
    /// an outgoing one.
    pub call_sid: String,
    /// Called or calling.
    pub direction: PhoneDirection,
    /// The caller.
    pub from: String,
    /// The number called.
    pub to: String,
    /// The call's state.
    pub state: PhoneCallState,
    /// Why it ended, when something said so (what the app said when it refused the call,
    /// "rejected", ...).
    pub reason: Option<String>,
}

/// The log itself.
#[derive(Debug, Default)]
pub(super) struct EventLog {
    events: VecDeque<PhoneEvent>,
    last_seq: u64,
}

impl EventLog {
    /// The position of the newest event (0 before the first).
    pub(super) fn position(&self) -> u64 {
        self.last_seq
    }

    /// Appends `event` (its `seq` is assigned here) and returns its seq.
    pub(super) fn push(&mut self, mut event: PhoneEvent) -> u64 {
        self.last_seq += 1;
        event.seq = self.last_seq;
        if self.events.len() == KEPT {
            self.events.pop_front();
        }
        self.events.push_back(event);
        self.last_seq
    }

    /// `identity`'s events after `after`, oldest first.
    pub(super) fn after(&self, identity: &str, after: u64) -> Vec<PhoneEvent> {
        self.events
            .iter()
            .filter(|e| e.seq > after && e.identity == identity)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(identity: &str) -> PhoneEvent {
        PhoneEvent {
            seq: 0,
            identity: identity.to_owned(),
            kind: PhoneEventKind::Incoming,
            call_sid: "CA1".to_owned(),
            direction: PhoneDirection::Inbound,
            from: "+14155550100".to_owned(),
            to: "+16285550100".to_owned(),
            state: PhoneCallState::Ringing,
            reason: None,
        }
    }

    #[test]
    fn each_identity_reads_its_own_events_after_a_position() {
        let mut log = EventLog::default();
        log.push(event("alice"));
        log.push(event("bob"));
        let third = log.push(event("alice"));
        assert_eq!(log.position(), third);
        let seqs: Vec<u64> = log.after("alice", 0).iter().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![1, 3]);
        assert_eq!(log.after("alice", 1).len(), 1);
        assert!(log.after("alice", 3).is_empty());
    }

    #[test]
    fn the_log_keeps_only_the_newest_events() {
        let mut log = EventLog::default();
        for _ in 0..KEPT + 5 {
            log.push(event("alice"));
        }
        let events = log.after("alice", 0);
        assert_eq!(events.len(), KEPT);
        assert_eq!(events.first().map(|e| e.seq), Some(6));
    }
}
