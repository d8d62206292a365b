//! What Switchboard asks of the telephony provider (Twilio): calls, recordings and
//! messages, and how a provider request can fail. Every port method is one provider
//! operation; adapters retry only what is safe to retry (throttling and unavailability
//! answered before the request was processed). The numbers port is
//! `numbers::NumberProvider`.

mod calls;
mod error;
mod messages;
mod recordings;
mod string_enum;

pub use calls::{
    CallControl, CallEvent, CallInfo, CallInstructions, CallSearch, CallStatus, CallWindow,
    OutboundCall,
};
pub use error::TelephonyError;
pub use messages::{MessageInfo, MessageSearch, MessageSender, MessageStatus, OutboundMessage};
pub use recordings::{
    BufferedChunks, ByteRange, InvalidByteRange, MediaChunks, MediaFormat, MediaOutcome,
    MediaStream, RecordingInfo, RecordingProvider, RecordingStatus,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_spellings_round_trip() {
        for s in CallStatus::ALL {
            assert_eq!(CallStatus::parse(s.as_str()), Some(*s));
        }
        for s in MessageStatus::ALL {
            assert_eq!(MessageStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(CallStatus::parse("In-Progress"), None);
        assert!(CallStatus::NoAnswer.is_final());
        assert!(!CallStatus::Ringing.is_final());
    }

    #[test]
    fn only_unknown_outcomes_may_have_applied() {
        assert!(TelephonyError::AuthFailed.certainly_not_applied());
        assert!(TelephonyError::RateLimited { retry_after: None }.certainly_not_applied());
        assert!(
            !TelephonyError::Unavailable {
                reason: "timeout".into(),
                retry_after: None
            }
            .certainly_not_applied()
        );
    }
}
