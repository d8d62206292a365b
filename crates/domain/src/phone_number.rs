//! E.164 phone numbers.

use std::fmt;
use std::str::FromStr;

/// A phone number in E.164 form: `+`, a country code that does not start with 0, and at most
/// 15 digits in all (`+14155550100`). Parsing accepts exactly that form and nothing looser:
/// no spaces, dashes or national prefixes, so what is stored is what Twilio sends back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

/// Why a string is not an E.164 number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an E.164 phone number (expected + then 2 to 15 digits, first digit 1-9)")]
pub struct InvalidPhoneNumber(pub String);

impl PhoneNumber {
    /// Parses an E.164 number.
    ///
    /// # Errors
    /// [`InvalidPhoneNumber`] unless the input matches `^\+[1-9][0-9]{1,14}$`.
    pub fn parse(input: &str) -> Result<Self, InvalidPhoneNumber> {
        let invalid = || InvalidPhoneNumber(crate::error::excerpt(input));
        let digits = input.strip_prefix('+').ok_or_else(invalid)?;
        let valid = (2..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if valid {
            Ok(Self(input.to_owned()))
        } else {
            Err(invalid())
        }
    }

    /// Normalises a number as a person types it: spaces, dashes, dots and brackets are
    /// dropped, and ten digits without `+` are a US number (`(415) 555-0100` is
    /// `+14155550100`). What is left must be E.164.
    ///
    /// # Errors
    /// [`InvalidPhoneNumber`] for anything else.
    pub fn normalize(input: &str) -> Result<Self, InvalidPhoneNumber> {
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        if compact.len() == 10 && compact.bytes().all(|b| b.is_ascii_digit()) {
            Self::parse(&format!("+1{compact}"))
        } else {
            Self::parse(&compact)
        }
        .map_err(|_| InvalidPhoneNumber(crate::error::excerpt(input)))
    }

    /// The number as `+` and digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the number is in a range reserved for fiction, which no subscriber has:
    /// NANP `NPA-555-0100` to `0199`, and Ofcom's drama ranges `020 7946 0xxx`,
    /// `07700 900xxx` and `0808 157 0xxx`. The Twilio stand-in deals only in these.
    #[must_use]
    pub fn is_fictional(&self) -> bool {
        let digits = &self.0[1..];
        let nanp =
            digits.len() == 11 && digits.starts_with('1') && digits[4..].starts_with("55501");
        let drama = digits.len() == 12
            && ["442079460", "447700900", "448081570"]
                .iter()
                .any(|prefix| digits.starts_with(prefix));
        nanp || drama
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PhoneNumber {
    type Err = InvalidPhoneNumber;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for PhoneNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_e164_numbers() {
        for ok in ["+14155550100", "+442071838750", "+12", "+123456789012345"] {
            assert_eq!(
                PhoneNumber::parse(ok).map(|n| n.to_string()),
                Ok(ok.to_owned())
            );
        }
    }

    #[test]
    fn normalizes_what_people_type() {
        for (typed, e164) in [
            ("(415) 555-0100", "+14155550100"),
            ("415.555.0100", "+14155550100"),
            ("+44 20 7183 8750", "+442071838750"),
            ("+1-415-555-0100", "+14155550100"),
        ] {
            assert_eq!(
                PhoneNumber::normalize(typed).map(|n| n.to_string()),
                Ok(e164.to_owned())
            );
        }
        for bad in [
            "",
            "555-0100",
            "14155550100",
            "+1 415 555 01OO",
            "tel:+14155550100",
            "+0123",
        ] {
            assert!(PhoneNumber::normalize(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "",
            "+",
            "+1",
            "14155550100",
            "+04155550100",
            "+1415555010a",
            "+1 415 555 0100",
            "+1234567890123456",
            "++14155550100",
            "+1415-555-0100",
            " +14155550100",
            "+١٢٣٤",
        ] {
            assert!(
                PhoneNumber::parse(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn fictional_ranges_are_recognised_and_real_looking_numbers_are_not() {
        let fictional = |n: &str| PhoneNumber::parse(n).unwrap().is_fictional();
        for n in [
            "+14155550100",
            "+16285550119",
            "+18005550199",
            "+442079460100",
            "+447700900123",
            "+448081570999",
        ] {
            assert!(fictional(n), "{n}");
        }
        for n in [
            "+14155550200",
            "+14155552671",
            "+442079461100",
            "+447700901123",
            "+4420794601000",
            "+33155550100",
        ] {
            assert!(!fictional(n), "{n}");
        }
    }
}
