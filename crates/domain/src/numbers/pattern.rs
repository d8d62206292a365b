//! Patterns a searched number must contain, in Twilio's syntax.

use crate::error::excerpt;

invalid_input!(
    /// Why a string is not a search pattern.
    InvalidPattern, "{0:?} is not a number pattern (2 to 16 of 0-9, A-Z, a-z and *, at least 2 of them digits or letters)"
);

/// A pattern a number must contain, in Twilio's syntax: digits, letters (matched as their
/// keypad digits) and `*` for any one digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContainsPattern(String);

impl ContainsPattern {
    /// Parses a pattern.
    ///
    /// # Errors
    /// [`InvalidPattern`] unless the input is 2 to 16 of `0-9`, `A-Z`, `a-z` and `*` with
    /// at least two digits or letters (Twilio refuses a pattern of wildcards and one key).
    pub fn parse(input: &str) -> Result<Self, InvalidPattern> {
        let valid = (2..=16).contains(&input.len())
            && input
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'*')
            && input.bytes().filter(u8::is_ascii_alphanumeric).count() >= 2;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_needs_two_keys_besides_its_wildcards() {
        for ok in ["55", "a1", "5*5", "*555*", "SALES"] {
            assert!(ContainsPattern::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["5", "a*", "**", "*5*", "55-5", "12345678901234567"] {
            assert!(ContainsPattern::parse(bad).is_err(), "{bad}");
        }
    }
}
