//! The forward-only status machines the stand-in enforces on the domain's call and message
//! statuses.

use switchboard_domain::telephony::{CallStatus, MessageStatus};

/// Which status changes the drivers allow.
pub(crate) trait Transitions: Copy {
    /// Whether something in status `self` may move to `next`.
    fn can_become(self, next: Self) -> bool;
}

impl Transitions for CallStatus {
    /// Forwards only, `completed` only after the call was answered,
    /// `busy`/`no-answer`/`failed`/`canceled` only before.
    fn can_become(self, next: Self) -> bool {
        match next {
            Self::Queued => false,
            Self::Ringing => self == Self::Queued,
            Self::InProgress => matches!(self, Self::Queued | Self::Ringing),
            Self::Completed => self == Self::InProgress,
            Self::Busy | Self::Failed | Self::NoAnswer | Self::Canceled => {
                matches!(self, Self::Queued | Self::Ringing)
            }
        }
    }
}

/// Position on the outbound path accepted/scheduled → queued → sending → sent →
/// delivered/undelivered/partially delivered → read; `None` for statuses off that path.
fn message_rank(status: MessageStatus) -> Option<u8> {
    use MessageStatus::*;
    match status {
        Accepted | Scheduled => Some(0),
        Queued => Some(1),
        Sending => Some(2),
        Sent => Some(3),
        Delivered | Undelivered | PartiallyDelivered => Some(4),
        Read => Some(5),
        Failed | Canceled | Receiving | Received => None,
    }
}

impl Transitions for MessageStatus {
    /// For an outbound message: forwards only; `failed` before delivery, `canceled` before
    /// sending, `read` only after `delivered`.
    fn can_become(self, next: Self) -> bool {
        let Some(from) = message_rank(self) else {
            return false;
        };
        match next {
            Self::Failed => from <= 3,
            Self::Canceled => from <= 1,
            Self::Read => self == Self::Delivered,
            _ => message_rank(next).is_some_and(|to| to > from),
        }
    }
}
