//! The URLs of routed calls' callbacks: each under the public base URL, with what routing
//! needs (number, menu path, attempt, leg) in its query, so no session state is kept. The
//! query is covered by Twilio's signature, so it cannot be altered.

use switchboard_domain::{Callback, PhoneNumber};
use switchboard_twiml::CallbackUrls as Resolve;

use crate::state::CallbackUrls;

/// `+` and other reserved characters of a number, percent-encoded for a query.
fn number(n: &PhoneNumber) -> String {
    n.as_str().replace('+', "%2B")
}

impl Resolve for CallbackUrls {
    fn url(&self, callback: &Callback) -> String {
        let base = &self.base;
        match callback {
            Callback::Gather {
                number: n,
                menu,
                attempt,
                no_input,
            } => {
                let silence = if *no_input { "&noInput=true" } else { "" };
                format!(
                    "{base}/webhooks/twilio/voice/gather?number={}&menu={menu}&attempt={attempt}{silence}",
                    number(n)
                )
            }
            Callback::DialResult { number: n, leg } => {
                format!(
                    "{base}/webhooks/twilio/voice/dial-result?leg={}&number={}",
                    leg.as_str(),
                    number(n)
                )
            }
            Callback::VoicemailDone { number: n } => {
                format!(
                    "{base}/webhooks/twilio/voice/voicemail-done?number={}",
                    number(n)
                )
            }
            Callback::VoicemailRecording { number: n } => {
                format!(
                    "{base}/webhooks/twilio/recordings?kind=voicemail&number={}",
                    number(n)
                )
            }
        }
    }
}
