//! The order of a message's statuses: a callback that arrives late never moves a message
//! backwards.
//!
//! accepted, scheduled and queued < sending < sent < the first of delivered, undelivered
//! and failed to arrive < read (never after undelivered or failed: a read message was
//! delivered, so `read` also wins when it overtakes `delivered`); `canceled` ends a
//! message not yet sent. Inbound messages go receiving < received.

use crate::telephony::MessageStatus;

/// A status's place in the order; equal ranks never replace each other.
#[must_use]
pub fn rank(status: MessageStatus) -> u8 {
    use MessageStatus as S;
    match status {
        S::Accepted | S::Scheduled | S::Queued | S::Receiving => 0,
        S::Sending => 1,
        S::Sent => 2,
        S::Delivered
        | S::Undelivered
        | S::Failed
        | S::PartiallyDelivered
        | S::Canceled
        | S::Received => 3,
        S::Read => 4,
    }
}

/// Whether a message in `current` moves to `next`.
#[must_use]
pub fn advances(current: MessageStatus, next: MessageStatus) -> bool {
    match next {
        // A read message was delivered: `read` follows anything but a failed delivery, so
        // it also wins when its callback overtakes `delivered`'s.
        MessageStatus::Read => !matches!(
            current,
            MessageStatus::Undelivered
                | MessageStatus::Failed
                | MessageStatus::Canceled
                | MessageStatus::Read
        ),
        MessageStatus::Canceled => rank(current) < rank(MessageStatus::Sent),
        _ => rank(next) > rank(current),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use MessageStatus as S;

    fn apply(start: MessageStatus, reports: &[MessageStatus]) -> MessageStatus {
        reports
            .iter()
            .fold(start, |s, &n| if advances(s, n) { n } else { s })
    }

    #[test]
    fn the_order_of_the_contract() {
        assert!(
            advances(S::Queued, S::Sending)
                && advances(S::Sending, S::Sent)
                && advances(S::Sent, S::Delivered)
        );
        assert!(
            advances(S::Delivered, S::Read)
                && !advances(S::Undelivered, S::Read)
                && !advances(S::Failed, S::Read)
        );
        assert!(advances(S::Sent, S::Read), "a read message was delivered");
        assert!(
            !advances(S::Delivered, S::Sent)
                && !advances(S::Delivered, S::Undelivered)
                && !advances(S::Failed, S::Delivered)
        );
        assert!(advances(S::Queued, S::Canceled) && !advances(S::Sent, S::Canceled));
        assert!(!advances(S::Read, S::Delivered));
    }

    proptest! {
        /// Any order of one delivery's callbacks, with duplicates, ends where the ordered
        /// sequence ends.
        #[test]
        fn any_order_with_duplicates_ends_as_the_ordered_sequence(
            order in Just(vec![S::Queued, S::Sending, S::Sent, S::Delivered, S::Read]).prop_shuffle(),
            dupes in proptest::collection::vec(0..5usize, 0..5),
        ) {
            let mut reports = order.clone();
            for d in dupes { reports.push(order[d]); }
            prop_assert_eq!(apply(S::Queued, &reports), S::Read);
        }

        #[test]
        fn the_rank_never_goes_down(reports in proptest::collection::vec(prop_oneof![
            Just(S::Queued), Just(S::Sending), Just(S::Sent), Just(S::Delivered), Just(S::Undelivered),
            Just(S::Failed), Just(S::Read), Just(S::Canceled)], 0..12)) {
            let mut status = S::Queued;
            for n in reports {
                let next = if advances(status, n) { n } else { status };
                prop_assert!(rank(next) >= rank(status));
                status = next;
            }
        }
    }
}
