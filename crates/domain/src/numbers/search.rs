//! Searching for numbers that can be bought, and what the search finds.

use super::area_code::AreaCode;
use super::capabilities::Capabilities;
use super::country::CountryCode;
use super::number_type::NumberType;
use super::pattern::ContainsPattern;
use crate::PhoneNumber;

/// The largest search page.
pub const MAX_SEARCH_LIMIT: u8 = 50;

/// A search for numbers that can be bought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailableNumberQuery {
    /// Country to search in.
    pub country: CountryCode,
    /// Kind of number.
    pub number_type: NumberType,
    /// Only numbers in this area code (US and Canada).
    pub area_code: Option<AreaCode>,
    /// Only numbers containing this pattern.
    pub contains: Option<ContainsPattern>,
    /// `Some(true)`: only numbers with voice; `None`: either.
    pub voice: Option<bool>,
    /// `Some(true)`: only numbers with SMS; `None`: either.
    pub sms: Option<bool>,
    /// `Some(true)`: only numbers with MMS; `None`: either.
    pub mms: Option<bool>,
    /// At most this many results, 1..=[`MAX_SEARCH_LIMIT`].
    pub limit: u8,
}

impl AvailableNumberQuery {
    /// The default number of results.
    pub const DEFAULT_LIMIT: u8 = 20;

    /// Local numbers in `country`, any capability, the default limit.
    #[must_use]
    pub fn local(country: CountryCode) -> Self {
        Self {
            country,
            number_type: NumberType::Local,
            area_code: None,
            contains: None,
            voice: None,
            sms: None,
            mms: None,
            limit: Self::DEFAULT_LIMIT,
        }
    }

    /// How many results to ask for: `limit`, and at least one (a provider treats 0 as its
    /// own default page size).
    #[must_use]
    pub fn page_size(&self) -> u8 {
        self.limit.max(1)
    }
}

/// A number that can be bought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailableNumber {
    /// The number.
    pub phone_number: PhoneNumber,
    /// Twilio's display form (`(415) 555-0100`).
    pub friendly_name: String,
    /// City, when Twilio knows it.
    pub locality: Option<String>,
    /// State or region, when Twilio knows it.
    pub region: Option<String>,
    /// Country.
    pub country: CountryCode,
    /// What it can do.
    pub capabilities: Capabilities,
}
