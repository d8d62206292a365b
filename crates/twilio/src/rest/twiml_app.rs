//! TwiML Apps (Twilio's Applications resource): what the client sets on one and what it
//! reads back. Only the voice side is used: browser calls go to the app's Voice URL.

use switchboard_domain::ApplicationSid;
use switchboard_domain::numbers::FriendlyName;
use url::Url;

/// What [`TwilioRestClient::create_application`](super::TwilioRestClient::create_application)
/// and [`update_application`](super::TwilioRestClient::update_application) set. Both URLs
/// are called with `POST`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwimlAppSettings {
    /// The app's name (`FriendlyName`), also what a list is filtered by.
    pub friendly_name: FriendlyName,
    /// Where Twilio fetches TwiML for the app's calls (`VoiceUrl`).
    pub voice_url: Url,
    /// Where call status changes are sent (`StatusCallback`); `None` leaves it unset on
    /// create and unchanged on update.
    pub status_callback: Option<Url>,
}

/// A TwiML App as Twilio describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwimlApp {
    /// Its SID (`AP…`).
    pub sid: ApplicationSid,
    /// Its name (empty when it has none).
    pub friendly_name: String,
    /// Its Voice URL, when set.
    pub voice_url: Option<Url>,
    /// The method the Voice URL is called with (`GET` or `POST`), when Twilio says.
    pub voice_method: Option<String>,
    /// Its status callback URL, when set.
    pub status_callback: Option<Url>,
    /// The method the status callback is called with, when Twilio says.
    pub status_callback_method: Option<String>,
}
