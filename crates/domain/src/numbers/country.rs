//! The country a number is in: an ISO 3166-1 alpha-2 code.

use std::fmt;

use crate::error::excerpt;

invalid_input!(
    /// Why a string is not a country code.
    InvalidCountry, "{0:?} is not an ISO 3166-1 alpha-2 country code (like US)"
);

/// An ISO 3166-1 alpha-2 country code, upper case (`US`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CountryCode(String);

impl CountryCode {
    /// Parses a code, case-insensitively.
    ///
    /// # Errors
    /// [`InvalidCountry`] unless the input is two ASCII letters.
    pub fn parse(input: &str) -> Result<Self, InvalidCountry> {
        if input.len() == 2 && input.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Self(input.to_ascii_uppercase()))
        } else {
            Err(InvalidCountry(excerpt(input)))
        }
    }

    /// The United States, the default for searches.
    #[must_use]
    pub fn us() -> Self {
        Self("US".to_owned())
    }

    /// The code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
