//! The settings of a number that create and update accept, validated before anything
//! changes.

use crate::error::TwilioError;
use crate::form::Params;
use crate::resources::IncomingNumber;
use crate::sid::is_sid;

/// Settings shared by create and update, validated before anything changes.
#[derive(Debug, Default)]
pub(super) struct Settings {
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
    pub(super) fn from_params(params: &Params) -> Result<Self, TwilioError> {
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
            voice_url: params.url_setting("VoiceUrl")?,
            voice_method: params.method_setting("VoiceMethod")?,
            voice_fallback_url: params.url_setting("VoiceFallbackUrl")?,
            voice_fallback_method: params.method_setting("VoiceFallbackMethod")?,
            voice_application_sid: application_sid_param(params, "VoiceApplicationSid")?,
            voice_caller_id_lookup: params.bool("VoiceCallerIdLookup")?,
            voice_receive_mode: choice_param(params, "VoiceReceiveMode", &["voice", "fax"])?,
            sms_url: params.url_setting("SmsUrl")?,
            sms_method: params.method_setting("SmsMethod")?,
            sms_fallback_url: params.url_setting("SmsFallbackUrl")?,
            sms_fallback_method: params.method_setting("SmsFallbackMethod")?,
            sms_application_sid: application_sid_param(params, "SmsApplicationSid")?,
            status_callback: params.url_setting("StatusCallback")?,
            status_callback_method: params.method_setting("StatusCallbackMethod")?,
            emergency_status: choice_param(params, "EmergencyStatus", &["Active", "Inactive"])?,
        })
    }

    pub(super) fn apply(self, n: &mut IncomingNumber) {
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
