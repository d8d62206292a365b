//! What Switchboard asks of the telephony provider (Twilio): calls, recordings and
//! messages, and how a provider request can fail.

use std::fmt;

use time::{Duration, OffsetDateTime};
use url::Url;

use crate::PhoneNumber;
use crate::money::{Amount, Currency};
use crate::sid::{CallSid, MessageSid, RecordingSid};

/// Why the telephony provider did not do what was asked.
///
/// Messages hold what the provider said; never credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TelephonyError {
    /// The provider rejected the credentials (Twilio 20003, HTTP 401).
    #[error("the telephony provider rejected the credentials")]
    AuthFailed,
    /// No number matches, or the number asked for is not for sale (Twilio 21452, 21422).
    #[error("no phone number is available: {message}")]
    NoNumbersAvailable {
        /// The provider's words.
        message: String,
    },
    /// The destination is not a valid phone number (Twilio 21211).
    #[error("invalid destination number: {message}")]
    InvalidTo {
        /// The provider's words.
        message: String,
    },
    /// The resource does not exist (Twilio 20404, HTTP 404).
    #[error("the telephony resource was not found")]
    NotFound,
    /// The provider is throttling us (Twilio 20429, HTTP 429) and retries did not help.
    #[error("the telephony provider is rate limiting requests")]
    RateLimited {
        /// How long the provider asked us to wait, if it said.
        retry_after: Option<Duration>,
    },
    /// The provider refused the request for another reason (a 4xx with Twilio's code).
    #[error("the telephony provider refused the request ({status}, code {code:?}): {message}")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// Twilio's error code, when given.
        code: Option<u32>,
        /// The provider's words.
        message: String,
    },
    /// The provider could not be reached, timed out, or failed (5xx). Whether the request
    /// took effect is unknown.
    #[error("the telephony provider is unavailable: {reason}")]
    Unavailable {
        /// What went wrong (no credentials).
        reason: String,
        /// How long the provider asked us to wait, if it said.
        retry_after: Option<Duration>,
    },
    /// The provider answered with something we cannot read (malformed or missing fields).
    /// Whether the request took effect is unknown.
    #[error("the telephony provider sent an unreadable response: {reason}")]
    InvalidResponse {
        /// What was wrong with it.
        reason: String,
    },
}

impl TelephonyError {
    /// Whether the request certainly had no effect at the provider (it was refused), as
    /// opposed to an outcome that is unknown (timeouts, 5xx, unreadable answers).
    #[must_use]
    pub fn certainly_not_applied(&self) -> bool {
        !matches!(
            self,
            Self::Unavailable { .. } | Self::InvalidResponse { .. }
        )
    }
}

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The value as Twilio spells it.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// Parses Twilio's spelling; `None` for anything else.
            #[must_use]
            pub fn parse(input: &str) -> Option<Self> {
                match input {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// A call's status, as Twilio reports it.
    CallStatus {
        /// Created, not yet dialled.
        Queued = "queued",
        /// Ringing.
        Ringing = "ringing",
        /// Answered.
        InProgress = "in-progress",
        /// Ended after being answered.
        Completed = "completed",
        /// The callee was busy.
        Busy = "busy",
        /// It could not be placed.
        Failed = "failed",
        /// Nobody answered.
        NoAnswer = "no-answer",
        /// Ended before it was answered.
        Canceled = "canceled",
    }
);

impl CallStatus {
    /// Whether the call has ended.
    #[must_use]
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Busy | Self::Failed | Self::NoAnswer | Self::Canceled
        )
    }
}

string_enum!(
    /// The call progress events a status callback can subscribe to.
    CallEvent {
        /// The call was created.
        Initiated = "initiated",
        /// It is ringing.
        Ringing = "ringing",
        /// It was answered.
        Answered = "answered",
        /// It ended.
        Completed = "completed",
    }
);

string_enum!(
    /// A message's status, as Twilio reports it.
    MessageStatus {
        /// Accepted, waiting to be sent.
        Queued = "queued",
        /// Being sent.
        Sending = "sending",
        /// Handed to the carrier.
        Sent = "sent",
        /// Could not be sent.
        Failed = "failed",
        /// Delivered.
        Delivered = "delivered",
        /// Not delivered.
        Undelivered = "undelivered",
        /// Being received.
        Receiving = "receiving",
        /// Received.
        Received = "received",
        /// Accepted by a Messaging Service.
        Accepted = "accepted",
        /// Scheduled.
        Scheduled = "scheduled",
        /// Read (WhatsApp).
        Read = "read",
        /// Partly delivered.
        PartiallyDelivered = "partially_delivered",
        /// Canceled.
        Canceled = "canceled",
    }
);

string_enum!(
    /// A recording's status, as Twilio reports it.
    RecordingStatus {
        /// Recording now.
        InProgress = "in-progress",
        /// Paused.
        Paused = "paused",
        /// Stopped.
        Stopped = "stopped",
        /// Being processed.
        Processing = "processing",
        /// Ready.
        Completed = "completed",
        /// Nothing was recorded.
        Absent = "absent",
        /// Deleted.
        Deleted = "deleted",
    }
);

/// What a call does once answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallInstructions {
    /// Fetch TwiML from this URL.
    Url(Url),
    /// Run this TwiML document (at most 4000 characters at Twilio).
    Twiml(String),
}

/// A call to place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundCall {
    /// Who is called: an E.164 number or `client:<identity>`.
    pub to: String,
    /// The caller id: a number on the account.
    pub from: PhoneNumber,
    /// What happens when it is answered.
    pub instructions: CallInstructions,
    /// Where status callbacks go.
    pub status_callback: Option<Url>,
    /// Which events are reported (Twilio reports only `completed` when empty).
    pub status_events: Vec<CallEvent>,
    /// Record the call.
    pub record: bool,
    /// Where recording status callbacks go.
    pub recording_status_callback: Option<Url>,
    /// Seconds to let it ring (Twilio: default 60, at most 600).
    pub timeout_seconds: Option<u16>,
}

/// A call as the provider describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallInfo {
    /// Its id.
    pub sid: CallSid,
    /// The caller.
    pub from: String,
    /// The callee.
    pub to: String,
    /// Its status.
    pub status: CallStatus,
    /// `inbound`, `outbound-api`, `outbound-dial`, ...
    pub direction: String,
    /// Length in seconds, once ended.
    pub duration_seconds: Option<u32>,
    /// What it cost, once known (Twilio prints costs as negative amounts).
    pub price: Option<Amount>,
    /// The currency of `price`.
    pub price_unit: Option<Currency>,
    /// When it started, if it did.
    pub start_time: Option<OffsetDateTime>,
    /// When it ended, if it did.
    pub end_time: Option<OffsetDateTime>,
}

/// A recording as the provider describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingInfo {
    /// Its id.
    pub sid: RecordingSid,
    /// The call it belongs to.
    pub call_sid: Option<CallSid>,
    /// Its status.
    pub status: RecordingStatus,
    /// Length in seconds, once known.
    pub duration_seconds: Option<u32>,
    /// 1 or 2.
    pub channels: Option<u8>,
    /// What it cost, once known.
    pub price: Option<Amount>,
    /// The currency of `price`.
    pub price_unit: Option<Currency>,
    /// When it was created.
    pub created_at: Option<OffsetDateTime>,
}

/// An audio format recordings can be downloaded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaFormat {
    /// MPEG audio (`audio/mpeg`).
    Mp3,
    /// WAV (`audio/x-wav`).
    Wav,
}

impl MediaFormat {
    /// The file extension Twilio serves it under.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Mp3 => "mp3",
            Self::Wav => "wav",
        }
    }

    /// The content type Twilio serves it with.
    #[must_use]
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Mp3 => "audio/mpeg",
            Self::Wav => "audio/x-wav",
        }
    }
}

/// Downloaded recording audio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingMedia {
    /// Its content type as served.
    pub content_type: String,
    /// The audio.
    pub bytes: Vec<u8>,
}

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundMessage {
    /// The recipient: E.164, or `whatsapp:+E164`.
    pub to: String,
    /// The sender: a number on the account, or `whatsapp:+E164`.
    pub from: String,
    /// The text (Twilio: at most 1600 characters).
    pub body: Option<String>,
    /// Media to attach.
    pub media_urls: Vec<Url>,
    /// Where status callbacks go.
    pub status_callback: Option<Url>,
}

/// A message as the provider describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageInfo {
    /// Its id.
    pub sid: MessageSid,
    /// The sender.
    pub from: String,
    /// The recipient.
    pub to: String,
    /// Its status.
    pub status: MessageStatus,
    /// The text.
    pub body: Option<String>,
    /// How many segments it was split into.
    pub num_segments: Option<u32>,
    /// What it cost, once known.
    pub price: Option<Amount>,
    /// The currency of `price`.
    pub price_unit: Option<Currency>,
    /// When it was created.
    pub created_at: Option<OffsetDateTime>,
}

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
