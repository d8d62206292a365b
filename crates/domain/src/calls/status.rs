//! A call's status in the call log, and the order statuses follow.

use crate::telephony::CallStatus as ProviderStatus;

/// A call's status as the call log keeps it: Twilio's call statuses plus `initiated`, which
/// Twilio reports only in status callbacks. The last five are terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CallLogStatus {
    /// Created, not yet dialled.
    Queued,
    /// Being dialled.
    Initiated,
    /// Ringing.
    Ringing,
    /// Answered.
    InProgress,
    /// Ended after being answered.
    Completed,
    /// The callee was busy.
    Busy,
    /// Nobody answered.
    NoAnswer,
    /// It could not be placed.
    Failed,
    /// Ended before it was answered.
    Canceled,
}

impl CallLogStatus {
    /// Every status, in the order a call moves through them (terminal ones last).
    pub const ALL: [Self; 9] = [
        Self::Queued,
        Self::Initiated,
        Self::Ringing,
        Self::InProgress,
        Self::Completed,
        Self::Busy,
        Self::NoAnswer,
        Self::Failed,
        Self::Canceled,
    ];

    /// The statuses of a call that has not ended.
    pub const ACTIVE: [Self; 4] = [
        Self::Queued,
        Self::Initiated,
        Self::Ringing,
        Self::InProgress,
    ];

    /// Twilio's spelling.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Initiated => "initiated",
            Self::Ringing => "ringing",
            Self::InProgress => "in-progress",
            Self::Completed => "completed",
            Self::Busy => "busy",
            Self::NoAnswer => "no-answer",
            Self::Failed => "failed",
            Self::Canceled => "canceled",
        }
    }

    /// Parses Twilio's spelling; `None` for anything else.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == input)
    }

    /// Whether the call has ended: `completed`, `busy`, `no-answer`, `failed`, `canceled`.
    #[must_use]
    pub fn is_terminal(self) -> bool {
        self.rank() == Self::TERMINAL_RANK
    }

    const TERMINAL_RANK: u8 = 4;

    /// How far along a call is: queued 0, initiated 1, ringing 2, in-progress 3, every
    /// terminal status 4. A call's rank never goes down.
    #[must_use]
    pub fn rank(self) -> u8 {
        match self {
            Self::Queued => 0,
            Self::Initiated => 1,
            Self::Ringing => 2,
            Self::InProgress => 3,
            Self::Completed | Self::Busy | Self::NoAnswer | Self::Failed | Self::Canceled => {
                Self::TERMINAL_RANK
            }
        }
    }
}

impl From<ProviderStatus> for CallLogStatus {
    fn from(status: ProviderStatus) -> Self {
        match status {
            ProviderStatus::Queued => Self::Queued,
            ProviderStatus::Ringing => Self::Ringing,
            ProviderStatus::InProgress => Self::InProgress,
            ProviderStatus::Completed => Self::Completed,
            ProviderStatus::Busy => Self::Busy,
            ProviderStatus::Failed => Self::Failed,
            ProviderStatus::NoAnswer => Self::NoAnswer,
            ProviderStatus::Canceled => Self::Canceled,
        }
    }
}

impl std::fmt::Display for CallLogStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who placed a call, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CallDirection {
    /// A call to one of our numbers.
    Inbound,
    /// Placed through `POST /v1/calls`.
    OutboundApi,
    /// Placed from a browser client through the TwiML App.
    OutboundBrowser,
}

impl CallDirection {
    /// Every direction.
    pub const ALL: [Self; 3] = [Self::Inbound, Self::OutboundApi, Self::OutboundBrowser];

    /// The API's spelling.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inbound => "inbound",
            Self::OutboundApi => "outbound-api",
            Self::OutboundBrowser => "outbound-browser",
        }
    }

    /// Parses the API's spelling.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip_and_ranks_order_progress() {
        for s in CallLogStatus::ALL {
            assert_eq!(CallLogStatus::parse(s.as_str()), Some(s));
        }
        for d in CallDirection::ALL {
            assert_eq!(CallDirection::parse(d.as_str()), Some(d));
        }
        assert_eq!(CallLogStatus::parse("In-Progress"), None);
        let ranks: Vec<u8> = CallLogStatus::ACTIVE.iter().map(|s| s.rank()).collect();
        assert_eq!(ranks, [0, 1, 2, 3]);
        assert!(CallLogStatus::ACTIVE.iter().all(|s| !s.is_terminal()));
        assert_eq!(
            CallLogStatus::ALL
                .iter()
                .filter(|s| s.is_terminal())
                .count(),
            5
        );
        for p in ProviderStatus::ALL {
            assert_eq!(CallLogStatus::from(*p).as_str(), p.as_str());
        }
    }
}
