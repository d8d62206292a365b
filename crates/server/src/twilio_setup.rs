//! `switchboard twilio setup`: creates or updates the TwiML App browser calls go through,
//! with its Voice URL and status callback under `PUBLIC_BASE_URL`, and prints the variable
//! to set.

use switchboard_domain::ApplicationSid;
use switchboard_domain::numbers::FriendlyName;
use switchboard_twilio::rest::{TwimlApp, TwimlAppSettings};

use crate::compose::rest_client;
use crate::config::{Env, TwilioSettings, public_base_url_from_env};
use crate::error::CliError;
use crate::output::say;

/// The name the app is created under, and found by when `TWILIO_TWIML_APP_SID` is unset.
pub const APP_NAME: &str = "Switchboard browser calling";

/// The app's settings under `public_base_url`.
///
/// # Errors
/// When the base URL does not make URLs (it was validated when read).
pub fn app_settings(public_base_url: &str) -> Result<TwimlAppSettings, CliError> {
    let url = |path: &str| {
        url::Url::parse(&format!("{public_base_url}{path}"))
            .map_err(|e| CliError::Argument(format!("PUBLIC_BASE_URL: {e}")))
    };
    Ok(TwimlAppSettings {
        friendly_name: FriendlyName::parse(APP_NAME)
            .map_err(|e| CliError::Argument(e.to_string()))?,
        voice_url: url("/webhooks/twilio/voice")?,
        status_callback: Some(url("/webhooks/twilio/voice/status")?),
    })
}

/// Creates or updates the app: the one `TWILIO_TWIML_APP_SID` names, else the one named
/// [`APP_NAME`], else a new one. Prints the `export` line to set.
///
/// # Errors
/// Missing or invalid variables, or Twilio refusing.
pub async fn twilio_setup(env: &impl Env) -> Result<(), CliError> {
    let twilio = TwilioSettings::from_env(env)?;
    let public_base_url = public_base_url_from_env(env)?;
    let client = rest_client(&twilio)?;
    let settings = app_settings(&public_base_url)?;
    let named = match twilio.voice.twiml_app_sid.as_deref() {
        Some(sid) => Some(
            ApplicationSid::parse(sid)
                .map_err(|e| CliError::Argument(format!("TWILIO_TWIML_APP_SID: {e}")))?,
        ),
        None => client
            .applications(Some(&settings.friendly_name))
            .await
            .map_err(|e| CliError::Twilio(e.to_string()))?
            .into_iter()
            .next()
            .map(|app: TwimlApp| app.sid),
    };
    let app = match &named {
        Some(sid) => client.update_application(sid, &settings).await,
        None => client.create_application(&settings).await,
    }
    .map_err(|e| CliError::Twilio(e.to_string()))?;
    say!(
        "# {} the TwiML App {} with its Voice URL at {}; set:",
        if named.is_some() {
            "updated"
        } else {
            "created"
        },
        app.sid,
        settings.voice_url
    );
    say!("export TWILIO_TWIML_APP_SID={}", app.sid);
    Ok(())
}
