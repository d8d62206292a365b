//! The kind of number Twilio sells: local, toll-free or mobile.

use crate::PhoneNumber;
use crate::error::excerpt;

invalid_input!(
    /// Why a string is not a number type.
    InvalidNumberType, "{0:?} is not a number type (local, tollfree or mobile)"
);

/// The kind of number, as Twilio sells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NumberType {
    /// A geographic number.
    #[default]
    Local,
    /// A toll-free number.
    TollFree,
    /// A mobile number (not sold in every country; none in the US).
    Mobile,
}

impl NumberType {
    /// The kind a number is most likely of when nobody said: toll-free for the North
    /// American toll-free area codes (800, 833, 844, 855, 866, 877, 888), else local.
    /// Only prices and the one best-effort search depend on it.
    #[must_use]
    pub fn likely_of(number: &PhoneNumber) -> Self {
        const TOLL_FREE: [&str; 7] = ["800", "833", "844", "855", "866", "877", "888"];
        let digits = number.as_str().trim_start_matches('+');
        let nanp_area = digits
            .strip_prefix('1')
            .filter(|rest| rest.len() == 10)
            .map(|rest| &rest[..3]);
        match nanp_area {
            Some(area) if TOLL_FREE.contains(&area) => Self::TollFree,
            _ => Self::Local,
        }
    }

    /// `local`, `tollfree` or `mobile`, as the API spells them.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::TollFree => "tollfree",
            Self::Mobile => "mobile",
        }
    }

    /// Parses the API spelling.
    ///
    /// # Errors
    /// [`InvalidNumberType`] for anything but `local`, `tollfree` or `mobile`.
    pub fn parse(input: &str) -> Result<Self, InvalidNumberType> {
        match input {
            "local" => Ok(Self::Local),
            "tollfree" => Ok(Self::TollFree),
            "mobile" => Ok(Self::Mobile),
            other => Err(InvalidNumberType(excerpt(other))),
        }
    }
}
