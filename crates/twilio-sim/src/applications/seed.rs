//! Applications put on the account directly, with a SID of the caller's choosing: the
//! embedded stand-in's fixed TwiML App.

use crate::resources::Application;
use crate::sid::is_sid;
use crate::state::{Shared, SimState};
use crate::urls::is_http_url;

/// A TwiML App to put on the account directly (`RunningSim::add_application`).
#[derive(Debug, Clone, Default)]
pub struct ApplicationSeed {
    /// `AP` + 32 hex digits; a fresh SID when `None`.
    pub sid: Option<String>,
    /// Defaults to the SID.
    pub friendly_name: Option<String>,
    /// `VoiceUrl`.
    pub voice_url: Option<String>,
    /// `StatusCallback`.
    pub status_callback: Option<String>,
}

impl ApplicationSeed {
    /// A seed with a fresh SID and nothing configured.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// With this SID instead of a fresh one.
    #[must_use]
    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.sid = Some(sid.into());
        self
    }

    /// With `FriendlyName` set.
    #[must_use]
    pub fn friendly_name(mut self, name: impl Into<String>) -> Self {
        self.friendly_name = Some(name.into());
        self
    }

    /// With `VoiceUrl` set.
    #[must_use]
    pub fn voice_url(mut self, url: impl Into<String>) -> Self {
        self.voice_url = Some(url.into());
        self
    }

    /// With `StatusCallback` set.
    #[must_use]
    pub fn status_callback(mut self, url: impl Into<String>) -> Self {
        self.status_callback = Some(url.into());
        self
    }
}

/// Seeds an application onto the account (see [`ApplicationSeed`]).
///
/// # Errors
/// A message when the SID is malformed or taken, or a URL is not absolute http(s).
pub fn seed(
    shared: &Shared,
    state: &mut SimState,
    seed: ApplicationSeed,
) -> Result<Application, String> {
    if let Some(sid) = &seed.sid {
        if !is_sid(sid, "AP") {
            return Err(format!("{sid} is not AP followed by 32 hex digits"));
        }
        if state.applications.iter().any(|a| &a.sid == sid) {
            return Err(format!("application {sid} is already on the account"));
        }
    }
    for url in [&seed.voice_url, &seed.status_callback]
        .into_iter()
        .flatten()
    {
        if !is_http_url(url) {
            return Err(format!("{url} is not an absolute http(s) URL"));
        }
    }
    let sid = seed.sid.unwrap_or_else(|| shared.ids.next("AP"));
    let name = seed.friendly_name.unwrap_or_else(|| sid.clone());
    let mut app = Application::new(sid, &name);
    app.voice_url = seed.voice_url;
    app.status_callback = seed.status_callback;
    state.applications.push(app.clone());
    Ok(app)
}
