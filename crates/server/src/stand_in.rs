//! The local Twilio stand-in's account as `serve`, `twilio-sim` and `simulate` share it: the
//! same fictional account every run, owning the same fictional pool numbers; the embedded
//! stand-in also has a fixed API key and TwiML App, for browser calling.

use std::time::Duration;

use switchboard_twilio_sim::{
    ApplicationSeed, Autopilot, MessageAutopilot, NumberSeed, RunningSim, SimConfig,
};

use crate::config::{Secret, VoiceSettings};
use crate::error::CliError;

/// How many fictional numbers the embedded stand-in's account starts with; all go to the pool.
pub const STAND_IN_POOL_SIZE: u16 = 20;

/// The embedded stand-in's API key (`TWILIO_API_KEY_SID`): a Standard key of its fictional
/// account, fixed so that access tokens minted for it are stable across runs.
pub const STAND_IN_API_KEY_SID: &str = "SK5715c4b0a2d20100000000000000a91e";

/// The secret of [`STAND_IN_API_KEY_SID`] (`TWILIO_API_KEY_SECRET`): a documented development
/// value of the stand-in, not a real secret.
pub const STAND_IN_API_KEY_SECRET: &str = "standinkeysecret00000000000000sb";

/// The embedded stand-in's TwiML App (`TWILIO_TWIML_APP_SID`), whose Voice URL is the app's
/// `/webhooks/twilio/voice` and whose StatusCallback is `/webhooks/twilio/voice/status`.
pub const STAND_IN_TWIML_APP_SID: &str = "AP5715c4b0a2d20100000000000000a91e";

/// The embedded stand-in's pool: `+1 (628) 555-0100` and up, lines reserved for fiction and
/// outside the stand-in's for-sale inventory, so that pool and purchases never meet.
pub(crate) fn stand_in_pool_numbers() -> impl Iterator<Item = String> {
    (0..STAND_IN_POOL_SIZE).map(|n| format!("+1628555{:04}", 100 + n))
}

/// The stand-in's account: the same fictional one every run (its credentials are documented),
/// with `auth_token` (`TWILIO_SIM_AUTH_TOKEN`) instead of its development token when given,
/// so that `switchboard simulate` can drive any stand-in `serve` or `twilio-sim` starts.
/// Messages created on it move along by themselves ([`stand_in_messages`]), in `serve`'s
/// embedded stand-in and in `twilio-sim` alike.
pub(crate) fn stand_in_account(auth_token: Option<&str>) -> SimConfig {
    let config = SimConfig {
        message_autopilot: Some(stand_in_messages()),
        ..SimConfig::default()
    };
    match auth_token {
        Some(token) => {
            let sid = config.account_sid.clone();
            config.with_credentials(sid, token)
        }
        None => config,
    }
}

/// How a message sent through the stand-in moves on: sent after 200 ms, delivered 1 s later
/// (read 1 s after that, on WhatsApp); one to the fictional +15005550009
/// (`UNDELIVERABLE_NUMBER`) ends undelivered with error 30003 instead.
pub(crate) fn stand_in_messages() -> MessageAutopilot {
    MessageAutopilot::default()
}

/// How long a call placed through the embedded stand-in rings before the callee answers.
pub const STAND_IN_RING: Duration = Duration::from_secs(2);

/// How long an answered call through the embedded stand-in lasts before the callee hangs up.
pub const STAND_IN_TALK: Duration = Duration::from_secs(10);

/// The embedded stand-in `serve` starts: [`stand_in_account`] whose created calls ring for
/// [`STAND_IN_RING`], are answered and last [`STAND_IN_TALK`] on their own, as real calls
/// would (a `POST /v1/calls` runs to its end with no one driving it).
pub(crate) fn embedded_stand_in(auth_token: Option<&str>) -> SimConfig {
    SimConfig {
        autopilot: Some(Autopilot::new(STAND_IN_RING, STAND_IN_TALK)),
        ..stand_in_account(auth_token)
    }
}

/// Puts the fictional pool numbers on `sim`'s account.
///
/// # Errors
/// When the stand-in refuses one.
pub(crate) fn seed_numbers(sim: &RunningSim) -> Result<(), CliError> {
    for number in stand_in_pool_numbers() {
        sim.add_incoming_number(NumberSeed::new(number))?;
    }
    Ok(())
}

/// Sets the embedded stand-in up for the app at `public_base_url` (its `PUBLIC_BASE_URL`):
/// the fictional pool numbers, the API key [`STAND_IN_API_KEY_SID`] and the TwiML App
/// [`STAND_IN_TWIML_APP_SID`] pointing at the app's voice and status webhooks.
///
/// # Errors
/// When the stand-in refuses a number, the key or the app (a malformed base URL).
pub(crate) fn set_up_stand_in(sim: &RunningSim, public_base_url: &str) -> Result<(), CliError> {
    seed_numbers(sim)?;
    sim.add_api_key(STAND_IN_API_KEY_SID, STAND_IN_API_KEY_SECRET)?;
    let base = public_base_url.trim_end_matches('/');
    sim.add_application(
        ApplicationSeed::new()
            .sid(STAND_IN_TWIML_APP_SID)
            .friendly_name("Switchboard (local stand-in)")
            .voice_url(format!("{base}/webhooks/twilio/voice"))
            .status_callback(format!("{base}/webhooks/twilio/voice/status")),
    )?;
    Ok(())
}

/// Browser calling on the embedded stand-in: its fixed API key signs access tokens, and
/// its fixed TwiML App carries browser calls.
///
/// # Errors
/// Never in practice (the constants are valid).
pub(crate) fn stand_in_voice() -> Result<VoiceSettings, CliError> {
    let sid = switchboard_domain::ApiKeySid::parse(STAND_IN_API_KEY_SID)
        .map_err(|e| CliError::Twilio(format!("the stand-in's API key: {e}")))?;
    Ok(VoiceSettings {
        api_key: Some((sid, Secret::new(STAND_IN_API_KEY_SECRET))),
        twiml_app_sid: Some(STAND_IN_TWIML_APP_SID.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_in_pool_is_twenty_distinct_fictional_numbers() {
        let numbers: std::collections::BTreeSet<String> = stand_in_pool_numbers().collect();
        assert_eq!(numbers.len(), usize::from(STAND_IN_POOL_SIZE));
        for n in &numbers {
            switchboard_domain::PhoneNumber::parse(n).unwrap();
            assert!(n.starts_with("+16285550"), "{n}");
        }
    }

    #[test]
    fn the_fixed_key_and_app_sids_are_well_formed() {
        for (sid, prefix) in [(STAND_IN_API_KEY_SID, "SK"), (STAND_IN_TWIML_APP_SID, "AP")] {
            assert_eq!(sid.len(), 34, "{sid}");
            assert!(sid.starts_with(prefix), "{sid}");
            assert!(sid[2..].bytes().all(|b| b.is_ascii_hexdigit()), "{sid}");
        }
        assert_eq!(STAND_IN_API_KEY_SECRET.len(), 32);
    }

    #[tokio::test]
    async fn the_embedded_stand_in_gets_its_key_and_twiml_app() {
        let config = embedded_stand_in(None);
        assert!(
            config.autopilot.is_some(),
            "the embedded stand-in's calls run"
        );
        assert!(
            config.message_autopilot.is_some(),
            "the embedded stand-in's messages move on"
        );
        assert!(
            stand_in_account(None).message_autopilot.is_some(),
            "so do twilio-sim's"
        );
        let sim = switchboard_twilio_sim::TwilioSim::start(config)
            .await
            .unwrap();
        set_up_stand_in(&sim, "https://sb.example.com/").unwrap();
        let apps = sim.applications();
        assert_eq!(apps.len(), 1);
        assert_eq!(apps[0].sid, STAND_IN_TWIML_APP_SID);
        assert_eq!(
            apps[0].voice_url.as_deref(),
            Some("https://sb.example.com/webhooks/twilio/voice")
        );
        assert_eq!(
            apps[0].status_callback.as_deref(),
            Some("https://sb.example.com/webhooks/twilio/voice/status")
        );
        assert_eq!(
            sim.incoming_numbers().len(),
            usize::from(STAND_IN_POOL_SIZE)
        );
        sim.stop().await;
    }
}
