//! The application (TwiML App) resource and its list pages, as Twilio prints them.

use serde::Deserialize;
use switchboard_domain::ApplicationSid;
use switchboard_domain::telephony::TelephonyError;
use url::Url;

use super::{non_empty, parse_field, required};
use crate::rest::twiml_app::TwimlApp;

/// An application resource.
#[derive(Debug, Deserialize)]
pub(crate) struct ApplicationWire {
    sid: Option<String>,
    friendly_name: Option<String>,
    voice_url: Option<String>,
    voice_method: Option<String>,
    status_callback: Option<String>,
    status_callback_method: Option<String>,
}

impl ApplicationWire {
    /// The app; `sid` is required, and URLs that are set must parse.
    pub fn into_domain(self) -> Result<TwimlApp, TelephonyError> {
        const WHAT: &str = "application";
        let sid = required(self.sid, WHAT, "sid")?;
        let url = |value: Option<String>, field: &str| {
            non_empty(value)
                .map(|v| parse_field(v.trim(), WHAT, field, Url::parse))
                .transpose()
        };
        Ok(TwimlApp {
            sid: parse_field(&sid, WHAT, "sid", ApplicationSid::parse)?,
            friendly_name: self.friendly_name.unwrap_or_default(),
            voice_url: url(self.voice_url, "voice_url")?,
            voice_method: non_empty(self.voice_method),
            status_callback: url(self.status_callback, "status_callback")?,
            status_callback_method: non_empty(self.status_callback_method),
        })
    }
}

/// One page of `GET Applications.json`.
#[derive(Debug, Deserialize)]
pub(crate) struct ApplicationPage {
    applications: Option<Vec<ApplicationWire>>,
    next_page_uri: Option<String>,
}

impl ApplicationPage {
    /// The page's apps and the next page's URI, if there is one.
    pub fn into_domain(self) -> Result<(Vec<TwimlApp>, Option<String>), TelephonyError> {
        let apps = required(self.applications, "application list", "applications")?
            .into_iter()
            .map(ApplicationWire::into_domain)
            .collect::<Result<_, _>>()?;
        Ok((apps, non_empty(self.next_page_uri)))
    }
}
