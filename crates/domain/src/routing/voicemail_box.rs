//! A number's voicemail: whether callers may leave one, the greeting, the longest message.

use crate::call_plan::Prompt;

/// The greeting of a number that has not set its own.
pub const DEFAULT_GREETING: &str =
    "The person you are calling is not available. Please leave a message after the beep.";

/// A number's voicemail settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoicemailBox {
    /// Whether callers may leave a message.
    pub enabled: bool,
    /// What they hear first.
    pub greeting: Prompt,
    /// The longest message, in seconds.
    pub max_length: MaxLength,
}

impl Default for VoicemailBox {
    fn default() -> Self {
        Self {
            enabled: true,
            greeting: Prompt::spoken(DEFAULT_GREETING),
            max_length: MaxLength::DEFAULT,
        }
    }
}

/// The longest voicemail: 1 to 600 seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MaxLength(u16);

/// Why a value is not a voicemail length.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 1 to 600 seconds")]
pub struct InvalidMaxLength;

impl MaxLength {
    /// Without a setting.
    pub const DEFAULT: Self = Self(120);

    /// Checks a number of seconds.
    ///
    /// # Errors
    /// [`InvalidMaxLength`] outside 1..=600.
    pub fn new(seconds: i64) -> Result<Self, InvalidMaxLength> {
        u16::try_from(seconds)
            .ok()
            .filter(|s| (1..=600).contains(s))
            .map(Self)
            .ok_or(InvalidMaxLength)
    }

    /// The seconds.
    #[must_use]
    pub fn seconds(self) -> u32 {
        u32::from(self.0)
    }
}
