//! Twilio's JSON, as serde structs private to the adapter, and their conversion into the
//! domain's types. Everything is read leniently where Twilio is loose (capability key case,
//! numbers printed as strings, empty strings for "none") and strictly where a wrong value
//! would mislead (SIDs, statuses, dates): those give [`TelephonyError::InvalidResponse`].

pub(crate) mod applications;
pub(crate) mod calls;
pub(crate) mod messages;
pub(crate) mod numbers;
pub(crate) mod recordings;

use std::collections::BTreeMap;

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use switchboard_domain::numbers::Capabilities;
use switchboard_domain::telephony::TelephonyError;
use switchboard_domain::{Amount, Currency};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc2822;

use super::plan::PlannedRequest;

fn invalid(reason: impl Into<String>) -> TelephonyError {
    TelephonyError::InvalidResponse {
        reason: reason.into(),
    }
}

/// Parses a JSON answer to `request`.
pub(crate) fn decode<T: DeserializeOwned>(
    request: &PlannedRequest,
    body: &[u8],
) -> Result<T, TelephonyError> {
    serde_json::from_slice(body).map_err(|e| invalid(format!("{}: {e}", request.label())))
}

/// A field Twilio must send.
pub(crate) fn required<T>(
    value: Option<T>,
    resource: &str,
    field: &str,
) -> Result<T, TelephonyError> {
    value.ok_or_else(|| invalid(format!("the {resource} has no {field}")))
}

/// A value parsed with a domain parser; a failure names the field.
pub(crate) fn parse_field<T, E: std::fmt::Display>(
    value: &str,
    resource: &str,
    field: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, TelephonyError> {
    parse(value).map_err(|e| invalid(format!("the {resource}'s {field}: {e}")))
}

/// `None` for a missing, null or empty string.
pub(crate) fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// An RFC 2822 date (`Fri, 18 Oct 2019 17:00:00 +0000`); absent, null or empty is `None`.
pub(crate) fn date(
    value: Option<String>,
    resource: &str,
    field: &str,
) -> Result<Option<OffsetDateTime>, TelephonyError> {
    non_empty(value)
        .map(|v| {
            OffsetDateTime::parse(v.trim(), &Rfc2822)
                .map_err(|e| invalid(format!("the {resource}'s {field} {v:?}: {e}")))
        })
        .transpose()
}

/// A price: a decimal string, usually negative (a cost), often null. More than four decimal
/// places are rounded half away from zero to four (the domain's precision).
pub(crate) fn price(
    value: Option<String>,
    resource: &str,
) -> Result<Option<Amount>, TelephonyError> {
    let Some(text) = non_empty(value) else {
        return Ok(None);
    };
    let text = text.trim();
    let bad = || invalid(format!("the {resource}'s price {text:?} is not a decimal"));
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() <= 4 {
        return Amount::parse(text).map(Some).map_err(|_| bad());
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let (kept, dropped) = fraction.split_at(4);
    let truncated = Amount::parse(&format!("{whole}.{kept}")).map_err(|_| bad())?;
    let round_up = dropped.as_bytes().first().is_some_and(|d| *d >= b'5');
    if !round_up {
        return Ok(Some(truncated));
    }
    let step = if whole.starts_with('-') { -1 } else { 1 };
    truncated
        .checked_add(Amount::from_ten_thousandths(step))
        .map(Some)
        .ok_or_else(bad)
}

/// A currency code; absent or empty is `None`.
pub(crate) fn currency(
    value: Option<String>,
    resource: &str,
) -> Result<Option<Currency>, TelephonyError> {
    non_empty(value)
        .map(|v| parse_field(v.trim(), resource, "price_unit", Currency::parse))
        .transpose()
}

#[derive(Deserialize)]
#[serde(untagged)]
enum NumberOrText {
    Number(u64),
    Text(String),
}

/// A whole number Twilio prints as a string (`"15"`), tolerating a JSON number; null or
/// empty is `None`.
pub(crate) fn lenient_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    match Option::<NumberOrText>::deserialize(d)? {
        None => Ok(None),
        Some(NumberOrText::Number(n)) => u32::try_from(n).map(Some).map_err(D::Error::custom),
        Some(NumberOrText::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(NumberOrText::Text(t)) => t
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("{t:?} is not a whole number"))),
    }
}

/// A capabilities object with keys in any case (`sms`/`SMS`, `voice`/`Voice`); a key that
/// appears in several spellings is true if any of them is. Missing or null: no capability.
pub(crate) fn capabilities<'de, D: Deserializer<'de>>(d: D) -> Result<Capabilities, D::Error> {
    let map = Option::<BTreeMap<String, serde_json::Value>>::deserialize(d)?.unwrap_or_default();
    let mut caps = Capabilities::default();
    for (key, value) in map {
        let on = value.as_bool().unwrap_or(false);
        match key.to_ascii_lowercase().as_str() {
            "voice" => caps.voice |= on,
            "sms" => caps.sms |= on,
            "mms" => caps.mms |= on,
            _ => {}
        }
    }
    Ok(caps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Caps {
        #[serde(default, deserialize_with = "capabilities")]
        capabilities: Capabilities,
    }

    fn caps(json: &str) -> Capabilities {
        serde_json::from_str::<Caps>(json).unwrap().capabilities
    }

    #[test]
    fn capabilities_are_read_in_any_case() {
        let all = Capabilities {
            voice: true,
            sms: true,
            mms: true,
        };
        assert_eq!(
            caps(r#"{"capabilities": {"voice": true, "sms": true, "mms": true, "fax": false}}"#),
            all
        );
        assert_eq!(
            caps(r#"{"capabilities": {"Voice": true, "SMS": true, "MMS": true}}"#),
            all
        );
        assert_eq!(
            caps(r#"{"capabilities": {"voice": true, "SMS": false, "MMS": true}}"#),
            Capabilities {
                voice: true,
                sms: false,
                mms: true
            }
        );
        assert_eq!(caps(r#"{"capabilities": null}"#), Capabilities::default());
        assert_eq!(caps("{}"), Capabilities::default());
    }

    #[test]
    fn prices_are_exact_and_rounded_to_four_places() {
        let p = |s: &str| {
            price(Some(s.to_owned()), "call")
                .unwrap()
                .map(|a| a.to_string())
        };
        assert_eq!(p("-0.0085"), Some("-0.0085".into()));
        assert_eq!(p("-0.00750"), Some("-0.0075".into()));
        assert_eq!(p("-0.00755"), Some("-0.0076".into()));
        assert_eq!(p("1.00004"), Some("1.00".into()));
        assert_eq!(p(""), None);
        assert_eq!(price(None, "call").unwrap(), None);
        assert!(price(Some("free".into()), "call").is_err());
        assert!(price(Some("1.2345x".into()), "call").is_err());
    }

    #[test]
    fn dates_are_rfc_2822() {
        let parsed = date(
            Some("Fri, 18 Oct 2019 17:00:00 +0000".into()),
            "call",
            "start_time",
        )
        .unwrap()
        .unwrap();
        assert_eq!(parsed.unix_timestamp(), 1_571_418_000);
        assert_eq!(date(None, "call", "start_time").unwrap(), None);
        assert!(date(Some("2019-10-18T17:00:00Z".into()), "call", "start_time").is_err());
    }

    #[derive(Deserialize)]
    struct Dur {
        #[serde(default, deserialize_with = "lenient_u32")]
        duration: Option<u32>,
    }

    #[test]
    fn numbers_printed_as_strings_are_read() {
        let d = |json: &str| serde_json::from_str::<Dur>(json).map(|d| d.duration);
        assert_eq!(d(r#"{"duration": "15"}"#).unwrap(), Some(15));
        assert_eq!(d(r#"{"duration": 15}"#).unwrap(), Some(15));
        assert_eq!(d(r#"{"duration": null}"#).unwrap(), None);
        assert_eq!(d("{}").unwrap(), None);
        assert!(d(r#"{"duration": "soon"}"#).is_err());
        assert!(d(r#"{"duration": -1}"#).is_err());
    }
}
