//! A number for sale: its kind, what it can do, and its AvailablePhoneNumber JSON.

use serde_json::{Value, json};

use crate::config::CapabilityKeyCase;

/// The kind of number, as in the AvailablePhoneNumbers sub-resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberType {
    /// A geographic number (`Local.json`).
    Local,
    /// A toll-free number (`TollFree.json`).
    TollFree,
    /// A mobile number (`Mobile.json`).
    Mobile,
}

impl NumberType {
    /// The IncomingPhoneNumber `type` value.
    #[must_use]
    pub fn type_field(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::TollFree => "toll-free",
            Self::Mobile => "mobile",
        }
    }
}

/// What a number can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Voice calls.
    pub voice: bool,
    /// SMS.
    pub sms: bool,
    /// MMS.
    pub mms: bool,
    /// Fax.
    pub fax: bool,
}

impl Capabilities {
    /// Voice, SMS and MMS, no fax.
    pub const ALL_BUT_FAX: Self = Self {
        voice: true,
        sms: true,
        mms: true,
        fax: false,
    };

    /// The `capabilities` object with keys spelled as `case` asks.
    #[must_use]
    pub fn to_json(self, case: CapabilityKeyCase) -> Value {
        match case {
            CapabilityKeyCase::Lower => json!({
                "voice": self.voice, "sms": self.sms, "mms": self.mms, "fax": self.fax
            }),
            CapabilityKeyCase::Upper => json!({
                "voice": self.voice, "SMS": self.sms, "MMS": self.mms, "fax": self.fax
            }),
        }
    }
}

/// A number in the inventory, with the fields an AvailablePhoneNumber has.
#[derive(Debug, Clone, PartialEq)]
pub struct AvailableNumber {
    /// E.164.
    pub phone_number: String,
    /// `(415) 555-0100` for NANP numbers, the E.164 form otherwise.
    pub friendly_name: String,
    /// Local, toll-free or mobile.
    pub number_type: NumberType,
    /// ISO 3166-1 alpha-2 country.
    pub iso_country: String,
    /// City, if geographic.
    pub locality: Option<String>,
    /// State or region code, if geographic.
    pub region: Option<String>,
    /// Postal code, if geographic.
    pub postal_code: Option<String>,
    /// LATA (US only).
    pub lata: Option<String>,
    /// Rate center (US only).
    pub rate_center: Option<String>,
    /// Latitude as Twilio renders it (a decimal string).
    pub latitude: Option<String>,
    /// Longitude as Twilio renders it (a decimal string).
    pub longitude: Option<String>,
    /// What the number can do.
    pub capabilities: Capabilities,
}

impl AvailableNumber {
    /// The AvailablePhoneNumber JSON object.
    #[must_use]
    pub fn to_json(&self, case: CapabilityKeyCase) -> Value {
        json!({
            "friendly_name": self.friendly_name,
            "phone_number": self.phone_number,
            "lata": self.lata,
            "locality": self.locality,
            "rate_center": self.rate_center,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "region": self.region,
            "postal_code": self.postal_code,
            "iso_country": self.iso_country,
            "address_requirements": "none",
            "beta": false,
            "capabilities": self.capabilities.to_json(case),
        })
    }
}
