//! Numbers users search for, buy and own.

use std::fmt;

use time::OffsetDateTime;
use url::Url;
use uuid::Uuid;

use crate::error::excerpt;
use crate::money::{Amount, Currency};
use crate::sid::{AccountSid, IncomingNumberSid};
use crate::{PageCursor, PageRequest, PhoneNumber, UserId};

macro_rules! invalid_input {
    ($(#[$doc:meta])* $name:ident, $message:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[error($message)]
        pub struct $name(pub String);
    };
}

invalid_input!(
    /// Why a string is not a country code.
    InvalidCountry, "{0:?} is not an ISO 3166-1 alpha-2 country code (like US)"
);
invalid_input!(
    /// Why a string is not a number type.
    InvalidNumberType, "{0:?} is not a number type (local, tollfree or mobile)"
);
invalid_input!(
    /// Why a string is not an area code.
    InvalidAreaCode, "{0:?} is not an area code (three digits, the first 2-9)"
);
invalid_input!(
    /// Why a string is not a search pattern.
    InvalidPattern, "{0:?} is not a number pattern (2 to 16 of 0-9, A-Z, a-z and *)"
);
invalid_input!(
    /// Why a string is not a friendly name.
    InvalidFriendlyName, "{0:?} is not a friendly name (1 to 64 characters, no control characters)"
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

/// What a number can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Capabilities {
    /// Voice calls.
    pub voice: bool,
    /// SMS.
    pub sms: bool,
    /// MMS.
    pub mms: bool,
}

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

/// Where Twilio sends a number's calls, messages and status callbacks: this service's
/// webhook routes under its public base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberWebhooks {
    /// Voice URL (`/webhooks/twilio/voice`).
    pub voice_url: Url,
    /// Messaging URL (`/webhooks/twilio/messages`).
    pub sms_url: Url,
    /// Call status callback (`/webhooks/twilio/voice/status`).
    pub status_callback: Url,
}

impl NumberWebhooks {
    /// The webhook routes under `public_base_url` (which may have a path prefix).
    ///
    /// # Errors
    /// [`url::ParseError`] when the base cannot be joined (it is not a base URL).
    pub fn under(public_base_url: &Url) -> Result<Self, url::ParseError> {
        let mut base = public_base_url.clone();
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Ok(Self {
            voice_url: base.join("webhooks/twilio/voice")?,
            sms_url: base.join("webhooks/twilio/messages")?,
            status_callback: base.join("webhooks/twilio/voice/status")?,
        })
    }
}

/// Buy this exact number and point it at these webhooks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseRequest {
    /// The number to buy.
    pub phone_number: PhoneNumber,
    /// Its name at Twilio; Twilio's default display form when `None`.
    pub friendly_name: Option<FriendlyName>,
    /// Where Twilio sends its traffic.
    pub webhooks: NumberWebhooks,
}

/// A number on the Twilio account, as Twilio describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingNumber {
    /// Twilio's id.
    pub sid: IncomingNumberSid,
    /// The number.
    pub phone_number: PhoneNumber,
    /// Its name at Twilio.
    pub friendly_name: String,
    /// What it can do.
    pub capabilities: Capabilities,
    /// Its voice webhook, if any.
    pub voice_url: Option<String>,
    /// Its messaging webhook, if any.
    pub sms_url: Option<String>,
    /// When it was bought, if Twilio says.
    pub created_at: Option<OffsetDateTime>,
}

/// The Twilio account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    /// Its SID.
    pub sid: AccountSid,
    /// Its name.
    pub friendly_name: String,
    /// `active`, `suspended` or `closed`.
    pub status: String,
    /// `Trial` or `Full`.
    pub account_type: String,
}

/// The id of a number a user owns (a UUID v7, so ids sort by creation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OwnedNumberId(Uuid);

impl OwnedNumberId {
    /// A new time-ordered id.
    #[must_use]
    pub fn new_v7() -> Self {
        Self(Uuid::now_v7())
    }

    /// Wraps a stored id.
    #[must_use]
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// Parses an id; `None` when it is not a UUID (the API answers 404 then).
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Uuid::parse_str(input).ok().map(Self)
    }

    /// The UUID.
    #[must_use]
    pub fn as_uuid(self) -> Uuid {
        self.0
    }
}

impl fmt::Display for OwnedNumberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a number costs: the price charged at purchase and each month after, in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberPrice {
    /// Charged when bought (Twilio charges the first month up front).
    pub purchase: Option<Amount>,
    /// Charged each month while held.
    pub monthly: Option<Amount>,
    /// The currency of both.
    pub currency: Currency,
}

/// A purchase recorded before Twilio is asked, so that a number Twilio sells is never left
/// without a row even if the process dies before the purchase is completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingPurchase {
    /// The id the number gets.
    pub id: OwnedNumberId,
    /// Who will own it.
    pub user_id: UserId,
    /// The number being bought.
    pub phone_number: PhoneNumber,
    /// The name asked for, if any.
    pub friendly_name: Option<FriendlyName>,
    /// Its country.
    pub country: CountryCode,
    /// Its region, from the search.
    pub region: Option<String>,
    /// Its locality, from the search.
    pub locality: Option<String>,
    /// Its capabilities, from the search.
    pub capabilities: Capabilities,
    /// What it costs.
    pub price: NumberPrice,
    /// When the purchase started.
    pub started_at: OffsetDateTime,
}

impl PendingPurchase {
    /// The held number this purchase becomes once the provider sold it as `bought`, at
    /// `at`: the provider's sid, name and capabilities, this purchase's owner, place and
    /// price, switched on.
    #[must_use]
    pub fn complete(&self, bought: &IncomingNumber, at: OffsetDateTime) -> OwnedNumber {
        OwnedNumber {
            id: self.id,
            phone_number: self.phone_number.clone(),
            friendly_name: bought.friendly_name.clone(),
            twilio_sid: bought.sid.clone(),
            user_id: self.user_id.clone(),
            country: self.country.clone(),
            region: self.region.clone(),
            locality: self.locality.clone(),
            capabilities: bought.capabilities,
            active: true,
            price: self.price.clone(),
            created_at: at,
            released_at: None,
        }
    }
}

/// A number a user owns (or owned: released numbers are kept as history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedNumber {
    /// Switchboard's id.
    pub id: OwnedNumberId,
    /// The number.
    pub phone_number: PhoneNumber,
    /// Its name.
    pub friendly_name: String,
    /// Twilio's id.
    pub twilio_sid: IncomingNumberSid,
    /// The owner.
    pub user_id: UserId,
    /// Its country.
    pub country: CountryCode,
    /// Its region, when known.
    pub region: Option<String>,
    /// Its locality, when known.
    pub locality: Option<String>,
    /// What it can do.
    pub capabilities: Capabilities,
    /// Whether the owner has it switched on.
    pub active: bool,
    /// What it costs.
    pub price: NumberPrice,
    /// When it was bought.
    pub created_at: OffsetDateTime,
    /// When it was released, if it was.
    pub released_at: Option<OffsetDateTime>,
}

impl OwnedNumber {
    /// The number's cursor in newest-first listings.
    #[must_use]
    pub fn cursor(&self) -> PageCursor {
        PageCursor {
            created_at: self.created_at,
            key: self.id.to_string(),
        }
    }

    /// Applies `changes`; `None` fields stay as they are.
    pub fn apply(&mut self, changes: &NumberChanges) {
        if let Some(name) = &changes.friendly_name {
            name.as_str().clone_into(&mut self.friendly_name);
        }
        if let Some(active) = changes.active {
            self.active = active;
        }
    }
}

/// A change to a number; `None` fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NumberChanges {
    /// A new name.
    pub friendly_name: Option<FriendlyName>,
    /// Switch it on or off.
    pub active: Option<bool>,
}

/// Which numbers to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberQuery {
    /// Only this user's numbers; `None` for everyone's (admins only).
    pub owner: Option<UserId>,
    /// Only active (`true`) or inactive (`false`) held numbers; `None` for all, released
    /// ones included.
    pub active: Option<bool>,
    /// Which page.
    pub page: PageRequest,
}

/// Totals over a user's numbers (or everyone's).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NumberStats {
    /// Numbers ever bought.
    pub total: u64,
    /// Held and switched on.
    pub active: u64,
    /// Held and switched off.
    pub inactive: u64,
    /// Released.
    pub released: u64,
    /// What all purchases cost.
    pub purchase_cost_total: Amount,
    /// What the numbers still held cost each month.
    pub monthly_cost_total: Amount,
}
