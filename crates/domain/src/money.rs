//! Money as exact decimals: Twilio prices have up to four decimal places (`"-0.0085"`).

use std::fmt;
use std::str::FromStr;

/// An exact amount in ten-thousandths of a currency unit. It prints as a plain decimal with
/// at least two decimal places (`1.15`, `-0.0085`) and never goes through floating point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Amount(i64);

/// Why a string is not a decimal amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a decimal amount with at most 4 decimal places")]
pub struct InvalidAmount(pub String);

impl Amount {
    /// Ten-thousandths in one unit.
    pub const SCALE: i64 = 10_000;
    /// Zero.
    pub const ZERO: Self = Self(0);

    /// An amount of `n` ten-thousandths.
    #[must_use]
    pub const fn from_ten_thousandths(n: i64) -> Self {
        Self(n)
    }

    /// The amount in ten-thousandths.
    #[must_use]
    pub const fn ten_thousandths(self) -> i64 {
        self.0
    }

    /// The amount without its sign (Twilio prints charges as negative amounts).
    #[must_use]
    pub const fn abs(self) -> Self {
        Self(self.0.saturating_abs())
    }

    /// Parses `"1.15"`, `"-0.0085"`, `"2"`. At most 4 decimal places; no exponent.
    ///
    /// # Errors
    /// [`InvalidAmount`] for anything else, or an amount beyond ±900 trillion.
    pub fn parse(input: &str) -> Result<Self, InvalidAmount> {
        let invalid = || InvalidAmount(crate::error::excerpt(input));
        let (negative, digits) = match input.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, input),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || whole.len() > 14
            || fraction.len() > 4
            || !all_digits(whole)
            || !all_digits(fraction)
            || (digits.contains('.') && fraction.is_empty())
        {
            return Err(invalid());
        }
        let whole: i64 = whole.parse().map_err(|_| invalid())?;
        let mut frac: i64 = 0;
        for (i, b) in fraction.bytes().enumerate() {
            let place = 10_i64.pow(3 - u32::try_from(i).map_err(|_| invalid())?);
            frac += i64::from(b - b'0') * place;
        }
        let value = whole * Self::SCALE + frac;
        Ok(Self(if negative { -value } else { value }))
    }

    /// The sum, or `None` on overflow.
    #[must_use]
    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).map(Self)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let scale = Self::SCALE.unsigned_abs();
        let whole = abs / scale;
        let mut frac = format!("{:04}", abs % scale);
        while frac.len() > 2 && frac.ends_with('0') {
            frac.pop();
        }
        write!(f, "{sign}{whole}.{frac}")
    }
}

impl FromStr for Amount {
    type Err = InvalidAmount;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// An ISO 4217 currency code as Twilio prints it (`USD`): three upper-case letters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Currency(String);

/// Why a string is not a currency code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a currency code (three letters, like USD)")]
pub struct InvalidCurrency(pub String);

impl Currency {
    /// Parses a code, case-insensitively (Twilio prints `USD`, sometimes `usd`).
    ///
    /// # Errors
    /// [`InvalidCurrency`] unless the input is three ASCII letters.
    pub fn parse(input: &str) -> Result<Self, InvalidCurrency> {
        if input.len() == 3 && input.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Self(input.to_ascii_uppercase()))
        } else {
            Err(InvalidCurrency(crate::error::excerpt(input)))
        }
    }

    /// US dollars.
    #[must_use]
    pub fn usd() -> Self {
        Self("USD".to_owned())
    }

    /// The code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exact_decimals() {
        for (input, printed) in [
            ("1.15", "1.15"),
            ("-0.0085", "-0.0085"),
            ("2", "2.00"),
            ("0.5", "0.50"),
            ("1000.1234", "1000.1234"),
        ] {
            let amount = Amount::parse(input).unwrap();
            assert_eq!(amount.to_string(), printed, "{input}");
            assert_eq!(Amount::parse(printed), Ok(amount));
        }
        assert_eq!(Amount::parse("1.15").unwrap().ten_thousandths(), 11_500);
        assert_eq!(Amount::parse("-0.0085").unwrap().ten_thousandths(), -85);
    }

    #[test]
    fn rejects_what_is_not_a_plain_decimal() {
        for bad in [
            "",
            "-",
            ".5",
            "1.",
            "1.23456",
            "1e3",
            "1,15",
            " 1",
            "abc",
            "999999999999999",
        ] {
            assert!(Amount::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn currency_codes_are_upper_cased() {
        assert_eq!(Currency::parse("usd").unwrap().as_str(), "USD");
        assert!(Currency::parse("US").is_err());
        assert!(Currency::parse("U$D").is_err());
    }
}
