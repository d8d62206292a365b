//! The settings of an application that create and update accept, validated before anything
//! changes.

use crate::error::TwilioError;
use crate::form::Params;
use crate::resources::Application;

/// Settings shared by create and update; `Some(None)` clears a URL.
#[derive(Debug, Default)]
pub(super) struct Settings {
    pub(super) friendly_name: Option<String>,
    api_version: Option<String>,
    voice_url: Option<Option<String>>,
    voice_method: Option<String>,
    voice_fallback_url: Option<Option<String>>,
    voice_fallback_method: Option<String>,
    status_callback: Option<Option<String>>,
    status_callback_method: Option<String>,
    voice_caller_id_lookup: Option<bool>,
    sms_url: Option<Option<String>>,
    sms_method: Option<String>,
    sms_fallback_url: Option<Option<String>>,
    sms_fallback_method: Option<String>,
    sms_status_callback: Option<Option<String>>,
    message_status_callback: Option<Option<String>>,
    public_application_connect_enabled: Option<bool>,
}

impl Settings {
    /// Reads and checks every setting `params` carries.
    ///
    /// # Errors
    /// A 400 for a `FriendlyName` over 64 characters, an `ApiVersion` other than
    /// `2010-04-01`/`2008-08-01`, a malformed URL (21402), method or boolean.
    pub(super) fn from_params(params: &Params) -> Result<Self, TwilioError> {
        let friendly_name = match params.get("FriendlyName") {
            Some(name) if name.chars().count() > 64 => {
                return Err(TwilioError::invalid_parameter(
                    "FriendlyName must be at most 64 characters",
                ));
            }
            other => other.map(str::to_owned),
        };
        let api_version = match params.non_empty("ApiVersion") {
            None => None,
            Some(v @ ("2010-04-01" | "2008-08-01")) => Some(v.to_owned()),
            Some(other) => {
                return Err(TwilioError::invalid_parameter(format!(
                    "ApiVersion must be 2010-04-01 or 2008-08-01, got '{other}'"
                )));
            }
        };
        Ok(Self {
            friendly_name,
            api_version,
            voice_url: params.url_setting("VoiceUrl")?,
            voice_method: params.method_setting("VoiceMethod")?,
            voice_fallback_url: params.url_setting("VoiceFallbackUrl")?,
            voice_fallback_method: params.method_setting("VoiceFallbackMethod")?,
            status_callback: params.url_setting("StatusCallback")?,
            status_callback_method: params.method_setting("StatusCallbackMethod")?,
            voice_caller_id_lookup: params.bool("VoiceCallerIdLookup")?,
            sms_url: params.url_setting("SmsUrl")?,
            sms_method: params.method_setting("SmsMethod")?,
            sms_fallback_url: params.url_setting("SmsFallbackUrl")?,
            sms_fallback_method: params.method_setting("SmsFallbackMethod")?,
            sms_status_callback: params.url_setting("SmsStatusCallback")?,
            message_status_callback: params.url_setting("MessageStatusCallback")?,
            public_application_connect_enabled: params.bool("PublicApplicationConnectEnabled")?,
        })
    }

    /// Applies the settings given to `app`.
    pub(super) fn apply(self, app: &mut Application) {
        fn set<T>(target: &mut T, value: Option<T>) {
            if let Some(value) = value {
                *target = value;
            }
        }
        set(&mut app.friendly_name, self.friendly_name);
        set(&mut app.api_version, self.api_version);
        set(&mut app.voice_url, self.voice_url);
        set(&mut app.voice_method, self.voice_method);
        set(&mut app.voice_fallback_url, self.voice_fallback_url);
        set(&mut app.voice_fallback_method, self.voice_fallback_method);
        set(&mut app.status_callback, self.status_callback);
        set(&mut app.status_callback_method, self.status_callback_method);
        set(&mut app.voice_caller_id_lookup, self.voice_caller_id_lookup);
        set(&mut app.sms_url, self.sms_url);
        set(&mut app.sms_method, self.sms_method);
        set(&mut app.sms_fallback_url, self.sms_fallback_url);
        set(&mut app.sms_fallback_method, self.sms_fallback_method);
        set(&mut app.sms_status_callback, self.sms_status_callback);
        set(
            &mut app.message_status_callback,
            self.message_status_callback,
        );
        set(
            &mut app.public_application_connect_enabled,
            self.public_application_connect_enabled,
        );
    }
}
