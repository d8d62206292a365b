//! A number on the account: what the stand-in keeps of it and its JSON.

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::config::CapabilityKeyCase;
use crate::dates::{now, rfc2822};
use crate::inventory::{Capabilities, NumberType};
use crate::phone::friendly;

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

fn or_empty(value: Option<&String>) -> &str {
    value.map_or("", String::as_str)
}

impl IncomingNumber {
    pub(crate) fn new(
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
