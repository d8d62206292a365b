//! Patterns a searched number must contain, in Twilio's syntax.

use crate::error::excerpt;

invalid_input!(
    /// Why a string is not a search pattern.
    InvalidPattern, "{0:?} is not a number pattern (2 to 16 of 0-9, A-Z, a-z and *)"
);

/// A pattern a number must contain, in Twilio's syntax: digits, letters (matched as their
/// keypad digits) and `*` for any one digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContainsPattern(String);

impl ContainsPattern {
    /// Parses a pattern.
    ///
    /// # Errors
    /// [`InvalidPattern`] unless the input is 2 to 16 of `0-9`, `A-Z`, `a-z` and `*`.
    pub fn parse(input: &str) -> Result<Self, InvalidPattern> {
        let valid = (2..=16).contains(&input.len())
            && input
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'*');
        if valid {
            Ok(Self(input.to_owned()))
        } else {
            Err(InvalidPattern(excerpt(input)))
        }
    }

    /// The pattern.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
