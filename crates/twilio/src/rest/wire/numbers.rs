//! Available numbers, incoming (owned) numbers and the account, as Twilio prints them.

use serde::Deserialize;
use switchboard_domain::numbers::{
    AccountInfo, AvailableNumber, Capabilities, CountryCode, IncomingNumber,
};
use switchboard_domain::telephony::TelephonyError;
use switchboard_domain::{AccountSid, IncomingNumberSid, PhoneNumber};

use super::{capabilities, date, non_empty, parse_field, required};

/// `GET AvailablePhoneNumbers/{Country}/{Type}.json`.
#[derive(Debug, Deserialize)]
pub(crate) struct AvailableNumberList {
    available_phone_numbers: Option<Vec<AvailableNumberWire>>,
}

#[derive(Debug, Deserialize)]
struct AvailableNumberWire {
    phone_number: Option<String>,
    friendly_name: Option<String>,
    locality: Option<String>,
    region: Option<String>,
    iso_country: Option<String>,
    #[serde(default, deserialize_with = "capabilities")]
    capabilities: Capabilities,
}

impl AvailableNumberList {
    /// The numbers, at most `limit`; `country` stands in for a missing `iso_country`.
    pub fn into_domain(
        self,
        country: &CountryCode,
        limit: usize,
    ) -> Result<Vec<AvailableNumber>, TelephonyError> {
        let list = required(
            self.available_phone_numbers,
            "available number list",
            "available_phone_numbers",
        )?;
        list.into_iter()
            .take(limit)
            .map(|n| n.into_domain(country))
            .collect()
    }
}

impl AvailableNumberWire {
    fn into_domain(self, country: &CountryCode) -> Result<AvailableNumber, TelephonyError> {
        const WHAT: &str = "available number";
        let number = required(self.phone_number, WHAT, "phone_number")?;
        let phone_number = parse_field(&number, WHAT, "phone_number", PhoneNumber::parse)?;
        let country = match non_empty(self.iso_country) {
            Some(code) => parse_field(&code, WHAT, "iso_country", CountryCode::parse)?,
            None => country.clone(),
        };
        Ok(AvailableNumber {
            friendly_name: non_empty(self.friendly_name).unwrap_or(number),
            phone_number,
            locality: non_empty(self.locality),
            region: non_empty(self.region),
            country,
            capabilities: self.capabilities,
        })
    }
}

/// An incoming phone number resource.
#[derive(Debug, Deserialize)]
pub(crate) struct IncomingNumberWire {
    sid: Option<String>,
    phone_number: Option<String>,
    friendly_name: Option<String>,
    #[serde(default, deserialize_with = "capabilities")]
    capabilities: Capabilities,
    voice_url: Option<String>,
    sms_url: Option<String>,
    date_created: Option<String>,
}

impl IncomingNumberWire {
    /// The domain's number; `sid` and `phone_number` are required.
    pub fn into_domain(self) -> Result<IncomingNumber, TelephonyError> {
        const WHAT: &str = "incoming phone number";
        let sid = required(self.sid, WHAT, "sid")?;
        let number = required(self.phone_number, WHAT, "phone_number")?;
        Ok(IncomingNumber {
            sid: parse_field(&sid, WHAT, "sid", IncomingNumberSid::parse)?,
            phone_number: parse_field(&number, WHAT, "phone_number", PhoneNumber::parse)?,
            friendly_name: non_empty(self.friendly_name).unwrap_or(number),
            capabilities: self.capabilities,
            voice_url: non_empty(self.voice_url),
            sms_url: non_empty(self.sms_url),
            created_at: date(self.date_created, WHAT, "date_created")?,
        })
    }
}

/// One page of `GET IncomingPhoneNumbers.json`.
#[derive(Debug, Deserialize)]
pub(crate) struct IncomingNumberPage {
    incoming_phone_numbers: Option<Vec<IncomingNumberWire>>,
    next_page_uri: Option<String>,
}

impl IncomingNumberPage {
    /// The page's numbers and the next page's URI, if there is one.
    pub fn into_domain(self) -> Result<(Vec<IncomingNumber>, Option<String>), TelephonyError> {
        let numbers = required(
            self.incoming_phone_numbers,
            "incoming phone number list",
            "incoming_phone_numbers",
        )?
        .into_iter()
        .map(IncomingNumberWire::into_domain)
        .collect::<Result<_, _>>()?;
        Ok((numbers, non_empty(self.next_page_uri)))
    }
}

/// The account resource. Its `auth_token` field is deliberately not read.
#[derive(Debug, Deserialize)]
pub(crate) struct AccountWire {
    sid: Option<String>,
    friendly_name: Option<String>,
    status: Option<String>,
    #[serde(rename = "type")]
    account_type: Option<String>,
}

impl AccountWire {
    /// The domain's account; `sid`, `status` and `type` are required.
    pub fn into_domain(self) -> Result<AccountInfo, TelephonyError> {
        const WHAT: &str = "account";
        let sid = required(self.sid, WHAT, "sid")?;
        Ok(AccountInfo {
            sid: parse_field(&sid, WHAT, "sid", AccountSid::parse)?,
            friendly_name: self.friendly_name.unwrap_or_default(),
            status: required(non_empty(self.status), WHAT, "status")?,
            account_type: required(non_empty(self.account_type), WHAT, "type")?,
        })
    }
}
