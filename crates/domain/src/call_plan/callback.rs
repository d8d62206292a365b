//! Where a call plan's verbs call back: adapters turn each into a signed URL under the
//! service's public base URL, carrying what routing needs in its query.

use super::gather::MenuPath;
use crate::PhoneNumber;

/// Which `<Dial>` of an inbound call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Leg {
    /// The owner's browser was rung: busy and no-answer rules apply next.
    Client,
    /// A forward was dialled: if it fails, voicemail (never another forward).
    Forward,
}

impl Leg {
    /// The query's spelling: `client` or `forward`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Forward => "forward",
        }
    }

    /// Parses the query's spelling.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        match input {
            "client" => Some(Self::Client),
            "forward" => Some(Self::Forward),
            _ => None,
        }
    }
}

/// A request Twilio makes back to the service during a routed call.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Callback {
    /// `/webhooks/twilio/voice/gather`: the caller answered a menu, or (`no_input`) the
    /// `<Gather>` fell through in silence.
    Gather {
        /// The called number.
        number: PhoneNumber,
        /// Which menu.
        menu: MenuPath,
        /// Which presentation of it (1 for the first).
        attempt: u32,
        /// The fall-through after a silent `<Gather>`.
        no_input: bool,
    },
    /// `/webhooks/twilio/voice/dial-result`: a `<Dial>` ended.
    DialResult {
        /// The called number.
        number: PhoneNumber,
        /// What was dialled.
        leg: Leg,
    },
    /// `/webhooks/twilio/voice/voicemail-done`: the caller finished a voicemail.
    VoicemailDone {
        /// The called number.
        number: PhoneNumber,
    },
    /// `/webhooks/twilio/recordings`, marked as a voicemail of the number.
    VoicemailRecording {
        /// The called number.
        number: PhoneNumber,
    },
}
