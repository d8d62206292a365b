//! The IncomingPhoneNumbers REST operations: buy, list, fetch, update and release.

use serde_json::Value;

use super::settings::Settings;
use crate::dates::now;
use crate::error::TwilioError;
use crate::form::Params;
use crate::inventory::ContainsPattern;
use crate::paging::{PageRequest, envelope};
use crate::phone::is_e164;
use crate::resources::IncomingNumber;
use crate::state::{Shared, SimState};

fn render(shared: &Shared, state: &SimState, number: &IncomingNumber) -> Value {
    number.to_json(&shared.config.account_sid, state.key_case)
}

/// `POST IncomingPhoneNumbers.json`: buys `PhoneNumber`, or the first free number in
/// `AreaCode`.
///
/// # Errors
/// 400 with code 400 when neither is given ("did or area_code is required", Twilio's own
/// wording); 21421 for a `PhoneNumber` that is not E.164; 21422 when it is not for sale
/// (unknown or already owned); 21451 for a malformed `AreaCode`; 21452 when the area code has
/// no free number; 21402 for a malformed URL.
pub fn create(
    shared: &Shared,
    state: &mut SimState,
    params: &Params,
) -> Result<(u16, Value), TwilioError> {
    let settings = Settings::from_params(params)?;
    let available = if let Some(phone) = params.non_empty("PhoneNumber") {
        if !is_e164(phone) {
            return Err(TwilioError::bad_request(21421, "PhoneNumber is invalid"));
        }
        match shared.inventory.find(phone) {
            Some(n) if !state.owns(phone) => n,
            _ => {
                return Err(TwilioError::bad_request(
                    21422,
                    "PhoneNumber is not available",
                ));
            }
        }
    } else if let Some(area) = params.non_empty("AreaCode") {
        let area = area.trim();
        if area.len() != 3 || !area.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TwilioError::bad_request(
                21451,
                format!("Invalid area code: {area}"),
            ));
        }
        shared
            .inventory
            .first_in_area_code(area, |p| state.owns(p))
            .ok_or_else(|| {
                TwilioError::bad_request(
                    21452,
                    format!("No phone numbers found in area code {area}"),
                )
            })?
    } else {
        return Err(TwilioError::invalid_parameter(
            "did or area_code is required",
        ));
    };
    let mut number = IncomingNumber::new(
        shared.ids.next("PN"),
        &available.phone_number,
        available.number_type,
        available.capabilities,
    );
    number.friendly_name.clone_from(&available.friendly_name);
    settings.apply(&mut number);
    let body = render(shared, state, &number);
    state.numbers.push(number);
    Ok((201, body))
}

/// `GET IncomingPhoneNumbers.json`, filtered by `PhoneNumber` (partial, `*` wildcards),
/// `FriendlyName` (exact) and `Origin`, paged.
///
/// # Errors
/// A 400 for malformed paging parameters.
pub fn list(
    shared: &Shared,
    state: &SimState,
    path: &str,
    params: &Params,
) -> Result<(u16, Value), TwilioError> {
    let request = PageRequest::from_params(params)?;
    let phone_filter = params.non_empty("PhoneNumber");
    let pattern = phone_filter.and_then(|p| ContainsPattern::parse(p).ok());
    let friendly_filter = params.non_empty("FriendlyName");
    let origin_filter = params.non_empty("Origin");
    let matching: Vec<&IncomingNumber> = state
        .numbers
        .iter()
        .filter(|n| match (phone_filter, &pattern) {
            (None, _) => true,
            (Some(_), Some(pattern)) => pattern.matches(&n.phone_number),
            (Some(exact), None) => n.phone_number == exact,
        })
        .filter(|n| friendly_filter.is_none_or(|f| n.friendly_name == f))
        .filter(|_| origin_filter.is_none_or(|o| o == "twilio"))
        .collect();
    let filters: Vec<(String, String)> = params
        .pairs()
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "PageSize" | "Page" | "PageToken"))
        .cloned()
        .collect();
    let body = envelope(
        &matching,
        |n| n.sid.as_str(),
        |n| render(shared, state, n),
        &request,
        path,
        &filters,
        "incoming_phone_numbers",
    );
    Ok((200, body))
}

fn position(state: &SimState, sid: &str, path: &str) -> Result<usize, TwilioError> {
    state
        .numbers
        .iter()
        .position(|n| n.sid == sid)
        .ok_or_else(|| TwilioError::not_found(path))
}

/// `GET IncomingPhoneNumbers/{Sid}.json`.
///
/// # Errors
/// 404 20404 for an unknown SID.
pub fn fetch(
    shared: &Shared,
    state: &SimState,
    sid: &str,
    path: &str,
) -> Result<(u16, Value), TwilioError> {
    let index = position(state, sid, path)?;
    Ok((200, render(shared, state, &state.numbers[index])))
}

/// `POST IncomingPhoneNumbers/{Sid}.json`: changes the settings given.
///
/// # Errors
/// 404 20404 for an unknown SID; 21402 for a malformed URL; a 400 for an `AccountSid`
/// transfer (not modelled) or other invalid values.
pub fn update(
    shared: &Shared,
    state: &mut SimState,
    sid: &str,
    path: &str,
    params: &Params,
) -> Result<(u16, Value), TwilioError> {
    let index = position(state, sid, path)?;
    if let Some(target) = params.non_empty("AccountSid")
        && target != shared.config.account_sid
    {
        return Err(TwilioError::invalid_parameter(
            "Transferring numbers to another account is not supported by this stand-in",
        ));
    }
    let settings = Settings::from_params(params)?;
    let number = &mut state.numbers[index];
    settings.apply(number);
    number.date_updated = now();
    let body = number.to_json(&shared.config.account_sid, state.key_case);
    Ok((200, body))
}

/// `DELETE IncomingPhoneNumbers/{Sid}.json`: releases the number; it is for sale again.
///
/// # Errors
/// 404 20404 for an unknown SID.
pub fn delete(state: &mut SimState, sid: &str, path: &str) -> Result<(u16, Value), TwilioError> {
    let index = position(state, sid, path)?;
    state.numbers.remove(index);
    Ok((204, Value::Null))
}
