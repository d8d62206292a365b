//! Numbers put on the account directly, as if bought outside Switchboard.

use crate::inventory::{Capabilities, NumberType};
use crate::phone::is_e164;
use crate::resources::IncomingNumber;
use crate::state::{Shared, SimState};

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
