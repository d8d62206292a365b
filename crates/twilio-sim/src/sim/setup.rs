//! Setting a running stand-in up: API keys, verified caller IDs, numbers and TwiML Apps on
//! the account, webhook routing and how capabilities are spelled.

use switchboard_domain::sid::ApiKeySid;

use super::RunningSim;
use crate::applications::{self, ApplicationSeed};
use crate::config::CapabilityKeyCase;
use crate::error::SimError;
use crate::numbers;
use crate::numbers::NumberSeed;
use crate::resources::{Application, IncomingNumber};
use crate::state::ApiKeyKind;
use crate::webhooks::WebhookRouting;

impl RunningSim {
    /// Accepts a Standard API key (`SK` + 32 hex) with `secret` as Basic-auth credentials.
    /// Standard keys cannot fetch the Account resource, as on Twilio.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed SID or empty secret.
    pub fn add_api_key(&self, sid: &str, secret: &str) -> Result<(), SimError> {
        self.add_key(sid, secret, ApiKeyKind::Standard)
    }

    /// Accepts a Main API key, which can do everything the account credentials can.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed SID or empty secret.
    pub fn add_main_api_key(&self, sid: &str, secret: &str) -> Result<(), SimError> {
        self.add_key(sid, secret, ApiKeyKind::Main)
    }

    fn add_key(&self, sid: &str, secret: &str, kind: ApiKeyKind) -> Result<(), SimError> {
        if ApiKeySid::parse(sid).is_err() || secret.is_empty() {
            return Err(SimError::InvalidArgument(format!(
                "an API key needs an SK SID and a secret, got '{sid}'"
            )));
        }
        self.shared
            .lock()
            .api_keys
            .insert(sid.to_owned(), (secret.to_owned(), kind));
        Ok(())
    }

    /// Adds a verified caller ID: calls may come `From` it, and trial accounts may call or
    /// message it.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] when `number` is not E.164.
    pub fn add_verified_caller_id(&self, number: &str) -> Result<(), SimError> {
        if !crate::phone::is_e164(number) {
            return Err(SimError::InvalidArgument(format!("{number} is not E.164")));
        }
        self.shared
            .lock()
            .verified_caller_ids
            .insert(number.to_owned());
        Ok(())
    }

    /// Puts a number on the account directly, as if bought outside Switchboard.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed number or URL, or a number already on
    /// the account.
    pub fn add_incoming_number(&self, seed: NumberSeed) -> Result<IncomingNumber, SimError> {
        let mut state = self.shared.lock();
        numbers::seed(&self.shared, &mut state, seed).map_err(SimError::InvalidArgument)
    }

    /// Puts a TwiML App on the account directly, with the SID the seed names (or a fresh
    /// one), as if created outside Switchboard.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] for a malformed or taken SID or a malformed URL.
    pub fn add_application(&self, seed: ApplicationSeed) -> Result<Application, SimError> {
        let mut state = self.shared.lock();
        applications::seed(&self.shared, &mut state, seed).map_err(SimError::InvalidArgument)
    }

    /// Delivers webhooks for URLs under `public_base` (the app's `PUBLIC_BASE_URL`) to
    /// `actual_base` (where it listens), still signing the public URL as Twilio would.
    ///
    /// # Errors
    /// [`SimError::InvalidArgument`] when either is not an absolute http(s) URL.
    pub fn route_webhooks(&self, public_base: &str, actual_base: &str) -> Result<(), SimError> {
        let routing = WebhookRouting::new(public_base, actual_base)?;
        self.shared.lock().routing = Some(routing);
        Ok(())
    }

    /// Switches how `capabilities` keys are spelled in responses from now on.
    pub fn set_capability_key_case(&self, case: CapabilityKeyCase) {
        self.shared.lock().key_case = case;
    }
}
