//! IncomingPhoneNumbers: buying (by number or area code), listing with paging, fetching,
//! updating and releasing the account's numbers.

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::config::CapabilityKeyCase;
use crate::dates::{now, rfc2822};
use crate::error::TwilioError;
use crate::form::Params;
use crate::inventory::{Capabilities, ContainsPattern, NumberType};
use crate::paging::{PageRequest, envelope};
use crate::phone::{friendly, is_e164};
use crate::sid::is_sid;
use crate::state::{Shared, SimState};

/// A number on the account.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingNumber {
    /// `PN` SID.
    pub sid: String,
    /// E.164.
    pub phone_number: String,
    /// Defaults to Twilio's formatting, e.g. `(415) 555-0100`.
    pub friendly_name: String,
    /// Local, toll-free or mobile.
    pub number_type: NumberType,
    /// What it can do.
    pub capabilities: Capabilities,
    /// `VoiceUrl` (`None` when unset).
    pub voice_url: Option<String>,
    /// `VoiceMethod` (`POST` by default).
    pub voice_method: String,
    /// `VoiceFallbackUrl`.
    pub voice_fallback_url: Option<String>,
    /// `VoiceFallbackMethod`.
    pub voice_fallback_method: String,
    /// `VoiceApplicationSid`.
    pub voice_application_sid: Option<String>,
    /// `VoiceCallerIdLookup`.
    pub voice_caller_id_lookup: bool,
    /// `VoiceReceiveMode` (`voice` or `fax`).
    pub voice_receive_mode: String,
    /// `SmsUrl`.
    pub sms_url: Option<String>,
    /// `SmsMethod`.
    pub sms_method: String,
    /// `SmsFallbackUrl`.
    pub sms_fallback_url: Option<String>,
    /// `SmsFallbackMethod`.
    pub sms_fallback_method: String,
    /// `SmsApplicationSid`.
    pub sms_application_sid: Option<String>,
    /// `StatusCallback` (call status for calls to this number).
    pub status_callback: Option<String>,
    /// `StatusCallbackMethod`.
    pub status_callback_method: String,
    /// `EmergencyStatus` (`Active` or `Inactive`).
    pub emergency_status: String,
    /// When it was bought or seeded.
    pub date_created: OffsetDateTime,
    /// When it last changed.
    pub date_updated: OffsetDateTime,
}

/// A number to put on the account directly, as if bought outside Switchboard
/// (`RunningSim::add_incoming_number`).
#[derive(Debug, Clone, Default)]
pub struct NumberSeed {
    /// E.164; need not be in the inventory.
    pub phone_number: String,
    /// Defaults to Twilio's formatting of the number.
    pub friendly_name: Option<String>,
    /// `VoiceUrl`.
    pub voice_url: Option<String>,
    /// `SmsUrl`.
    pub sms_url: Option<String>,
    /// `StatusCallback`.
    pub status_callback: Option<String>,
    /// Defaults to the inventory's capabilities, or voice+SMS+MMS for unknown numbers.
    pub capabilities: Option<Capabilities>,
}

impl NumberSeed {
    /// A seed for `phone_number` with nothing configured.
    #[must_use]
    pub fn new(phone_number: impl Into<String>) -> Self {
        Self {
            phone_number: phone_number.into(),
            ..Self::default()
        }
    }

    /// With `VoiceUrl` set.
    #[must_use]
    pub fn voice_url(mut self, url: impl Into<String>) -> Self {
        self.voice_url = Some(url.into());
        self
    }

    /// With `SmsUrl` set.
    #[must_use]
    pub fn sms_url(mut self, url: impl Into<String>) -> Self {
        self.sms_url = Some(url.into());
        self
    }

    /// With `FriendlyName` set.
    #[must_use]
    pub fn friendly_name(mut self, name: impl Into<String>) -> Self {
        self.friendly_name = Some(name.into());
        self
    }

    /// With `StatusCallback` set.
    #[must_use]
    pub fn status_callback(mut self, url: impl Into<String>) -> Self {
        self.status_callback = Some(url.into());
        self
    }
}

fn or_empty(value: Option<&String>) -> &str {
    value.map_or("", String::as_str)
}

impl IncomingNumber {
    fn new(
        sid: String,
        phone_number: &str,
        number_type: NumberType,
        capabilities: Capabilities,
    ) -> Self {
        let created = now();
        Self {
            sid,
            phone_number: phone_number.to_owned(),
            friendly_name: friendly(phone_number),
            number_type,
            capabilities,
            voice_url: None,
            voice_method: "POST".to_owned(),
            voice_fallback_url: None,
            voice_fallback_method: "POST".to_owned(),
            voice_application_sid: None,
            voice_caller_id_lookup: false,
            voice_receive_mode: "voice".to_owned(),
            sms_url: None,
            sms_method: "POST".to_owned(),
            sms_fallback_url: None,
            sms_fallback_method: "POST".to_owned(),
            sms_application_sid: None,
            status_callback: None,
            status_callback_method: "POST".to_owned(),
            emergency_status: "Inactive".to_owned(),
            date_created: created,
            date_updated: created,
        }
    }

    /// The IncomingPhoneNumber JSON. Unset URLs and application SIDs are `""`, as the live
    /// API renders them.
    #[must_use]
    pub fn to_json(&self, account_sid: &str, case: CapabilityKeyCase) -> Value {
        json!({
            "account_sid": account_sid,
            "address_requirements": "none",
            "address_sid": null,
            "api_version": "2010-04-01",
            "beta": false,
            "capabilities": self.capabilities.to_json(case),
            "date_created": rfc2822(self.date_created),
            "date_updated": rfc2822(self.date_updated),
            "emergency_status": self.emergency_status,
            "emergency_address_sid": null,
            "emergency_address_status": "unregistered",
            "friendly_name": self.friendly_name,
            "identity_sid": null,
            "origin": "twilio",
            "phone_number": self.phone_number,
            "sid": self.sid,
            "sms_application_sid": or_empty(self.sms_application_sid.as_ref()),
            "sms_fallback_method": self.sms_fallback_method,
            "sms_fallback_url": or_empty(self.sms_fallback_url.as_ref()),
            "sms_method": self.sms_method,
            "sms_url": or_empty(self.sms_url.as_ref()),
            "status_callback": or_empty(self.status_callback.as_ref()),
            "status_callback_method": self.status_callback_method,
            "trunk_sid": null,
            "uri": format!("/2010-04-01/Accounts/{account_sid}/IncomingPhoneNumbers/{}.json", self.sid),
            "voice_application_sid": or_empty(self.voice_application_sid.as_ref()),
            "voice_caller_id_lookup": self.voice_caller_id_lookup,
            "voice_fallback_method": self.voice_fallback_method,
            "voice_fallback_url": or_empty(self.voice_fallback_url.as_ref()),
            "voice_method": self.voice_method,
            "voice_url": or_empty(self.voice_url.as_ref()),
            "bundle_sid": null,
            "voice_receive_mode": self.voice_receive_mode,
            "status": "in-use",
            "type": self.number_type.type_field(),
        })
    }
}

/// Settings shared by create and update, validated before anything changes.
#[derive(Debug, Default)]
struct Settings {
    friendly_name: Option<String>,
    /// `Some(None)` clears the URL.
    voice_url: Option<Option<String>>,
    voice_method: Option<String>,
    voice_fallback_url: Option<Option<String>>,
    voice_fallback_method: Option<String>,
    voice_application_sid: Option<Option<String>>,
    voice_caller_id_lookup: Option<bool>,
    voice_receive_mode: Option<String>,
    sms_url: Option<Option<String>>,
    sms_method: Option<String>,
    sms_fallback_url: Option<Option<String>>,
    sms_fallback_method: Option<String>,
    sms_application_sid: Option<Option<String>>,
    status_callback: Option<Option<String>>,
    status_callback_method: Option<String>,
    emergency_status: Option<String>,
}

/// A URL parameter: absent, cleared with `""`, or an absolute http(s) URL (else 21402).
fn url_param(params: &Params, name: &str) -> Result<Option<Option<String>>, TwilioError> {
    match params.get(name) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(url) if crate::urls::is_http_url(url) => Ok(Some(Some(url.to_owned()))),
        Some(url) => Err(TwilioError::bad_request(
            21402,
            format!("{name} is not a valid URL: {url}"),
        )),
    }
}

fn method_param(params: &Params, name: &str) -> Result<Option<String>, TwilioError> {
    if params.non_empty(name).is_some() {
        params.method(name, "POST").map(Some)
    } else {
        Ok(None)
    }
}

fn application_sid_param(
    params: &Params,
    name: &str,
) -> Result<Option<Option<String>>, TwilioError> {
    match params.get(name) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(sid) if is_sid(sid, "AP") => Ok(Some(Some(sid.to_owned()))),
        Some(sid) => Err(TwilioError::invalid_parameter(format!(
            "{name} must be an Application SID (AP...), got '{sid}'"
        ))),
    }
}

fn choice_param(
    params: &Params,
    name: &str,
    allowed: &[&str],
) -> Result<Option<String>, TwilioError> {
    match params.non_empty(name) {
        None => Ok(None),
        Some(v) if allowed.contains(&v) => Ok(Some(v.to_owned())),
        Some(v) => Err(TwilioError::invalid_parameter(format!(
            "{name} must be one of {}, got '{v}'",
            allowed.join(", ")
        ))),
    }
}

impl Settings {
    fn from_params(params: &Params) -> Result<Self, TwilioError> {
        let friendly_name = match params.get("FriendlyName") {
            Some(name) if name.chars().count() > 64 => {
                return Err(TwilioError::invalid_parameter(
                    "FriendlyName must be at most 64 characters",
                ));
            }
            other => other.map(str::to_owned),
        };
        Ok(Self {
            friendly_name,
            voice_url: url_param(params, "VoiceUrl")?,
            voice_method: method_param(params, "VoiceMethod")?,
            voice_fallback_url: url_param(params, "VoiceFallbackUrl")?,
            voice_fallback_method: method_param(params, "VoiceFallbackMethod")?,
            voice_application_sid: application_sid_param(params, "VoiceApplicationSid")?,
            voice_caller_id_lookup: params.bool("VoiceCallerIdLookup")?,
            voice_receive_mode: choice_param(params, "VoiceReceiveMode", &["voice", "fax"])?,
            sms_url: url_param(params, "SmsUrl")?,
            sms_method: method_param(params, "SmsMethod")?,
            sms_fallback_url: url_param(params, "SmsFallbackUrl")?,
            sms_fallback_method: method_param(params, "SmsFallbackMethod")?,
            sms_application_sid: application_sid_param(params, "SmsApplicationSid")?,
            status_callback: url_param(params, "StatusCallback")?,
            status_callback_method: method_param(params, "StatusCallbackMethod")?,
            emergency_status: choice_param(params, "EmergencyStatus", &["Active", "Inactive"])?,
        })
    }

    fn apply(self, n: &mut IncomingNumber) {
        fn set<T>(target: &mut T, value: Option<T>) {
            if let Some(value) = value {
                *target = value;
            }
        }
        set(&mut n.friendly_name, self.friendly_name);
        set(&mut n.voice_url, self.voice_url);
        set(&mut n.voice_method, self.voice_method);
        set(&mut n.voice_fallback_url, self.voice_fallback_url);
        set(&mut n.voice_fallback_method, self.voice_fallback_method);
        set(&mut n.voice_application_sid, self.voice_application_sid);
        set(&mut n.voice_caller_id_lookup, self.voice_caller_id_lookup);
        set(&mut n.voice_receive_mode, self.voice_receive_mode);
        set(&mut n.sms_url, self.sms_url);
        set(&mut n.sms_method, self.sms_method);
        set(&mut n.sms_fallback_url, self.sms_fallback_url);
        set(&mut n.sms_fallback_method, self.sms_fallback_method);
        set(&mut n.sms_application_sid, self.sms_application_sid);
        set(&mut n.status_callback, self.status_callback);
        set(&mut n.status_callback_method, self.status_callback_method);
        set(&mut n.emergency_status, self.emergency_status);
    }
}

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

/// Seeds a number onto the account (see [`NumberSeed`]).
///
/// # Errors
/// A message when the number is not E.164, is already on the account, or a URL is invalid.
pub fn seed(
    shared: &Shared,
    state: &mut SimState,
    seed: NumberSeed,
) -> Result<IncomingNumber, String> {
    if !is_e164(&seed.phone_number) {
        return Err(format!("{} is not an E.164 number", seed.phone_number));
    }
    if state.owns(&seed.phone_number) {
        return Err(format!("{} is already on the account", seed.phone_number));
    }
    for url in [&seed.voice_url, &seed.sms_url, &seed.status_callback]
        .into_iter()
        .flatten()
    {
        if !crate::urls::is_http_url(url) {
            return Err(format!("{url} is not an absolute http(s) URL"));
        }
    }
    let known = shared.inventory.find(&seed.phone_number);
    let mut number = IncomingNumber::new(
        shared.ids.next("PN"),
        &seed.phone_number,
        known.map_or(NumberType::Local, |n| n.number_type),
        seed.capabilities
            .or(known.map(|n| n.capabilities))
            .unwrap_or(Capabilities::ALL_BUT_FAX),
    );
    if let Some(name) = seed.friendly_name {
        number.friendly_name = name;
    }
    number.voice_url = seed.voice_url;
    number.sms_url = seed.sms_url;
    number.status_callback = seed.status_callback;
    state.numbers.push(number.clone());
    Ok(number)
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
