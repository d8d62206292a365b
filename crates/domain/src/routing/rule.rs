//! Forwarding rules: where a call to an owned number goes always, when the owner's browser
//! is busy, or when nobody answers it.

use std::fmt;

use time::OffsetDateTime;

use crate::PhoneNumber;
use crate::numbers::OwnedNumberId;

crate::id::uuid_id!(
    /// The id of a forwarding rule (a UUID v7).
    RuleId
);

/// When a rule forwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleType {
    /// At once, instead of ringing the owner's browser.
    Always,
    /// When the owner's browser rejects the call.
    Busy,
    /// When the owner's browser does not answer within the ring timeout.
    NoAnswer,
}

impl RuleType {
    /// Every type.
    pub const ALL: [Self; 3] = [Self::Always, Self::Busy, Self::NoAnswer];

    /// The API's name: `always`, `busy` or `no-answer`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Always => "always",
            Self::Busy => "busy",
            Self::NoAnswer => "no-answer",
        }
    }

    /// Parses the API's name.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == input)
    }
}

impl fmt::Display for RuleType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How long a `<Dial>` rings before giving up: 5 to 60 seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RingTimeout(u8);

/// Why a value is not a ring timeout.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 5 to 60 seconds")]
pub struct InvalidRingTimeout;

impl RingTimeout {
    /// The shortest.
    pub const MIN: u8 = 5;
    /// The longest.
    pub const MAX: u8 = 60;
    /// Without a rule saying otherwise.
    pub const DEFAULT: Self = Self(20);

    /// Checks a number of seconds.
    ///
    /// # Errors
    /// [`InvalidRingTimeout`] outside 5..=60.
    pub fn new(seconds: i64) -> Result<Self, InvalidRingTimeout> {
        u8::try_from(seconds)
            .ok()
            .filter(|s| (Self::MIN..=Self::MAX).contains(s))
            .map(Self)
            .ok_or(InvalidRingTimeout)
    }

    /// The seconds.
    #[must_use]
    pub fn seconds(self) -> u32 {
        u32::from(self.0)
    }
}

impl Default for RingTimeout {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A forwarding rule of an owned number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardingRule {
    /// Its id.
    pub id: RuleId,
    /// The number it forwards calls to.
    pub number_id: OwnedNumberId,
    /// Where calls go.
    pub forward_to: PhoneNumber,
    /// When.
    pub kind: RuleType,
    /// How long the owner's browser rings first (`no-answer`), or the forward rings.
    pub ring_timeout: RingTimeout,
    /// Whether it applies.
    pub enabled: bool,
    /// When it was made.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

/// The fields a PATCH may change; `None` keeps the value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleChange {
    /// A new target.
    pub forward_to: Option<PhoneNumber>,
    /// A new type.
    pub kind: Option<RuleType>,
    /// A new ring timeout.
    pub ring_timeout: Option<RingTimeout>,
    /// Enable or disable.
    pub enabled: Option<bool>,
}

impl RuleChange {
    /// `rule` with the change applied, stamped `now`.
    #[must_use]
    pub fn applied_to(&self, rule: &ForwardingRule, now: OffsetDateTime) -> ForwardingRule {
        ForwardingRule {
            forward_to: self
                .forward_to
                .clone()
                .unwrap_or_else(|| rule.forward_to.clone()),
            kind: self.kind.unwrap_or(rule.kind),
            ring_timeout: self.ring_timeout.unwrap_or(rule.ring_timeout),
            enabled: self.enabled.unwrap_or(rule.enabled),
            updated_at: now,
            ..rule.clone()
        }
    }
}
