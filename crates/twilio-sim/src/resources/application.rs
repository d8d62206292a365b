//! A TwiML App (Application): what the stand-in keeps of it and its JSON.

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::dates::{now, rfc2822};

/// A TwiML App: the voice and messaging URLs Twilio uses for calls placed through it (a
/// browser's Voice SDK connects to one by its SID).
#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    /// `AP` SID.
    pub sid: String,
    /// `FriendlyName` (at most 64 characters).
    pub friendly_name: String,
    /// `ApiVersion` (`2010-04-01` unless set).
    pub api_version: String,
    /// `VoiceUrl`.
    pub voice_url: Option<String>,
    /// `VoiceMethod` (`POST` by default).
    pub voice_method: String,
    /// `VoiceFallbackUrl`.
    pub voice_fallback_url: Option<String>,
    /// `VoiceFallbackMethod`.
    pub voice_fallback_method: String,
    /// `StatusCallback`: call status for calls through the app.
    pub status_callback: Option<String>,
    /// `StatusCallbackMethod`.
    pub status_callback_method: String,
    /// `VoiceCallerIdLookup`.
    pub voice_caller_id_lookup: bool,
    /// `SmsUrl`.
    pub sms_url: Option<String>,
    /// `SmsMethod`.
    pub sms_method: String,
    /// `SmsFallbackUrl`.
    pub sms_fallback_url: Option<String>,
    /// `SmsFallbackMethod`.
    pub sms_fallback_method: String,
    /// `SmsStatusCallback`.
    pub sms_status_callback: Option<String>,
    /// `MessageStatusCallback`.
    pub message_status_callback: Option<String>,
    /// `PublicApplicationConnectEnabled`.
    pub public_application_connect_enabled: bool,
    /// Created.
    pub date_created: OffsetDateTime,
    /// Last changed.
    pub date_updated: OffsetDateTime,
}

impl Application {
    /// An application `sid` named `friendly_name` with nothing configured.
    pub(crate) fn new(sid: String, friendly_name: &str) -> Self {
        let created = now();
        Self {
            sid,
            friendly_name: friendly_name.to_owned(),
            api_version: "2010-04-01".to_owned(),
            voice_url: None,
            voice_method: "POST".to_owned(),
            voice_fallback_url: None,
            voice_fallback_method: "POST".to_owned(),
            status_callback: None,
            status_callback_method: "POST".to_owned(),
            voice_caller_id_lookup: false,
            sms_url: None,
            sms_method: "POST".to_owned(),
            sms_fallback_url: None,
            sms_fallback_method: "POST".to_owned(),
            sms_status_callback: None,
            message_status_callback: None,
            public_application_connect_enabled: false,
            date_created: created,
            date_updated: created,
        }
    }

    /// The Application JSON. Unset URLs are `null`, as in the spec's examples.
    #[must_use]
    pub fn to_json(&self, account_sid: &str) -> Value {
        json!({
            "account_sid": account_sid,
            "api_version": self.api_version,
            "date_created": rfc2822(self.date_created),
            "date_updated": rfc2822(self.date_updated),
            "friendly_name": self.friendly_name,
            "message_status_callback": self.message_status_callback,
            "public_application_connect_enabled": self.public_application_connect_enabled,
            "sid": self.sid,
            "sms_fallback_method": self.sms_fallback_method,
            "sms_fallback_url": self.sms_fallback_url,
            "sms_method": self.sms_method,
            "sms_status_callback": self.sms_status_callback,
            "sms_url": self.sms_url,
            "status_callback": self.status_callback,
            "status_callback_method": self.status_callback_method,
            "uri": format!("/2010-04-01/Accounts/{account_sid}/Applications/{}.json", self.sid),
            "voice_caller_id_lookup": self.voice_caller_id_lookup,
            "voice_fallback_method": self.voice_fallback_method,
            "voice_fallback_url": self.voice_fallback_url,
            "voice_method": self.voice_method,
            "voice_url": self.voice_url,
        })
    }
}
