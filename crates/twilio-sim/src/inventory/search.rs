//! The filters of an AvailablePhoneNumbers search, read from its query parameters.

use crate::error::TwilioError;
use crate::form::Params;
use crate::paging::page_size;
use crate::phone::nanp_area_code;

use super::available::{AvailableNumber, NumberType};
use super::contains::ContainsPattern;

/// The filters of one AvailablePhoneNumbers search.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    /// Upper-case ISO country.
    pub country: String,
    /// Which sub-resource.
    pub number_type: NumberType,
    /// `AreaCode` (US and Canada only; ignored elsewhere, as Twilio documents).
    pub area_code: Option<u16>,
    /// `Contains`.
    pub contains: Option<ContainsPattern>,
    /// `VoiceEnabled`.
    pub voice: Option<bool>,
    /// `SmsEnabled`.
    pub sms: Option<bool>,
    /// `MmsEnabled`.
    pub mms: Option<bool>,
    /// `FaxEnabled`.
    pub fax: Option<bool>,
    /// `InRegion`, `InLocality`, `InPostalCode`, `InLata`, `InRateCenter` (exact,
    /// case-insensitive).
    pub in_fields: Vec<(LocationField, String)>,
    /// `PageSize` (default 50, at most 1000).
    pub page_size: usize,
}

/// A location filter of the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationField {
    /// `InRegion`.
    Region,
    /// `InLocality`.
    Locality,
    /// `InPostalCode`.
    PostalCode,
    /// `InLata`.
    Lata,
    /// `InRateCenter`.
    RateCenter,
}

impl SearchQuery {
    /// Reads the query parameters of a search.
    ///
    /// # Errors
    /// 400 21451 for an `AreaCode` that is not a three-digit integer; 400 (code 400) for a
    /// malformed `Contains`, boolean or `PageSize`.
    pub fn from_params(
        country: &str,
        number_type: NumberType,
        params: &Params,
    ) -> Result<Self, TwilioError> {
        let area_code = match params.non_empty("AreaCode") {
            None => None,
            Some(raw) => match raw.trim().parse::<u16>() {
                Ok(code) if (200..=999).contains(&code) => Some(code),
                _ => {
                    return Err(TwilioError::bad_request(
                        21451,
                        format!("Invalid area code: {raw}"),
                    ));
                }
            },
        };
        let contains = params
            .non_empty("Contains")
            .map(ContainsPattern::parse)
            .transpose()
            .map_err(TwilioError::invalid_parameter)?;
        let mut in_fields = Vec::new();
        for (name, field) in [
            ("InRegion", LocationField::Region),
            ("InLocality", LocationField::Locality),
            ("InPostalCode", LocationField::PostalCode),
            ("InLata", LocationField::Lata),
            ("InRateCenter", LocationField::RateCenter),
        ] {
            if let Some(value) = params.non_empty(name) {
                in_fields.push((field, value.to_owned()));
            }
        }
        let page_size = page_size(params)?;
        Ok(Self {
            country: country.to_ascii_uppercase(),
            number_type,
            area_code,
            contains,
            voice: params.bool("VoiceEnabled")?,
            sms: params.bool("SmsEnabled")?,
            mms: params.bool("MmsEnabled")?,
            fax: params.bool("FaxEnabled")?,
            in_fields,
            page_size,
        })
    }

    pub(super) fn accepts(&self, n: &AvailableNumber) -> bool {
        let capability_ok = |wanted: Option<bool>, has: bool| wanted.is_none_or(|w| w == has);
        let area_ok = match (self.area_code, nanp_area_code(&n.phone_number)) {
            (Some(wanted), Some(code)) => code == wanted.to_string(),
            (Some(_), None) => !matches!(self.country.as_str(), "US" | "CA"),
            (None, _) => true,
        };
        let location_ok = self.in_fields.iter().all(|(field, wanted)| {
            let value = match field {
                LocationField::Region => &n.region,
                LocationField::Locality => &n.locality,
                LocationField::PostalCode => &n.postal_code,
                LocationField::Lata => &n.lata,
                LocationField::RateCenter => &n.rate_center,
            };
            value
                .as_deref()
                .is_some_and(|v| v.eq_ignore_ascii_case(wanted))
        });
        n.iso_country == self.country
            && n.number_type == self.number_type
            && area_ok
            && location_ok
            && self
                .contains
                .as_ref()
                .is_none_or(|c| c.matches(&n.phone_number))
            && capability_ok(self.voice, n.capabilities.voice)
            && capability_ok(self.sms, n.capabilities.sms)
            && capability_ok(self.mms, n.capabilities.mms)
            && capability_ok(self.fax, n.capabilities.fax)
    }
}
