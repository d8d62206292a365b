//! Inbound calls: a caller dials one of the account's numbers and the voice webhook goes to
//! the app.

use crate::error::SimError;
use crate::geo::geo_for;
use crate::phone::{is_e164, is_voice_endpoint};
use crate::state::{Shared, SimState};
use crate::webhooks::Callback;

use crate::resources::{Call, CallStatus};

/// Records an inbound call from `from` to the account's number `to` and returns its SID and
/// the voice webhook to send to the number's `VoiceUrl`.
///
/// # Errors
/// [`SimError::InvalidArgument`] for a `to` that is not E.164 or a malformed `from`,
/// [`SimError::NotFound`] when `to` is not on the account, [`SimError::NoWebhook`] when it
/// has no `VoiceUrl`.
pub fn start_inbound(
    shared: &Shared,
    state: &mut SimState,
    to: &str,
    from: &str,
) -> Result<(String, Callback), SimError> {
    if !is_e164(to) {
        return Err(SimError::InvalidArgument(format!(
            "{to} is not an E.164 number such as +14155550100"
        )));
    }
    if !is_voice_endpoint(from) {
        return Err(SimError::InvalidArgument(format!(
            "{from} is not a caller: use an E.164 number, client:identity or sip:user@host"
        )));
    }
    let number = state
        .number(to)
        .ok_or_else(|| SimError::NotFound(format!("incoming number {to}")))?;
    let url = number
        .voice_url
        .clone()
        .ok_or_else(|| SimError::NoWebhook {
            number: to.to_owned(),
            which: "VoiceUrl",
        })?;
    let mut call = Call::new(
        shared.ids.next("CA"),
        to,
        from,
        "inbound",
        CallStatus::Ringing,
    );
    call.url = Some(url.clone());
    call.method.clone_from(&number.voice_method);
    call.phone_number_sid = Some(number.sid.clone());
    call.status_callback.clone_from(&number.status_callback);
    call.status_callback_method
        .clone_from(&number.status_callback_method);
    let mut params = call.standard_params(&shared.config.account_sid, "ringing");
    params.extend(geo_for(shared, from, to));
    let callback = Callback {
        kind: "voice",
        url,
        method: call.method.clone(),
        params,
    };
    let sid = call.sid.clone();
    state.calls.push(call);
    Ok((sid, callback))
}
