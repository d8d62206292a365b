//! The name shown for a number, as Twilio keeps it.

use std::fmt;

use crate::error::excerpt;

invalid_input!(
    /// Why a string is not a friendly name.
    InvalidFriendlyName, "{0:?} is not a friendly name (1 to 64 characters, no control characters)"
);

/// A name shown for a number: 1 to 64 characters (Twilio's limit), no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FriendlyName(String);

impl FriendlyName {
    /// The longest name Twilio keeps.
    pub const MAX_CHARS: usize = 64;

    /// Parses a name; surrounding whitespace is trimmed.
    ///
    /// # Errors
    /// [`InvalidFriendlyName`] when it is empty after trimming, too long, or has control
    /// characters.
    pub fn parse(input: &str) -> Result<Self, InvalidFriendlyName> {
        let trimmed = input.trim();
        let count = trimmed.chars().count();
        if (1..=Self::MAX_CHARS).contains(&count) && !trimmed.chars().any(char::is_control) {
            Ok(Self(trimmed.to_owned()))
        } else {
            Err(InvalidFriendlyName(excerpt(input)))
        }
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FriendlyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
