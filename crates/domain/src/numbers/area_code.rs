//! North American area codes, to search and buy numbers by.

use std::fmt;

use crate::error::excerpt;

invalid_input!(
    /// Why a string is not an area code.
    InvalidAreaCode, "{0:?} is not an area code (three digits, the first 2-9)"
);

/// A North American area code: three digits, the first 2-9 (`415`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AreaCode(u16);

impl AreaCode {
    /// Parses three digits.
    ///
    /// # Errors
    /// [`InvalidAreaCode`] unless the input is three digits starting with 2-9.
    pub fn parse(input: &str) -> Result<Self, InvalidAreaCode> {
        let b = input.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_digit) && b[0] >= b'2' {
            input
                .parse()
                .map(Self)
                .map_err(|_| InvalidAreaCode(excerpt(input)))
        } else {
            Err(InvalidAreaCode(excerpt(input)))
        }
    }

    /// The code as a number (`415`).
    #[must_use]
    pub fn get(self) -> u16 {
        self.0
    }
}

impl fmt::Display for AreaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
