//! Browser calls: a Voice SDK client connects through the account's TwiML App, and the
//! app's voice request goes to the app's `VoiceUrl`.

use crate::error::SimError;
use crate::pairs::owned_pairs;
use crate::resources::{Call, CallStatus};
use crate::state::{Shared, SimState};
use crate::webhooks::Callback;

/// What a browser asks for when it connects: who it is and what `device.connect` passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientCallRequest<'a> {
    /// The client's identity (the access token's).
    pub identity: &'a str,
    /// The number dialled (`To`), as the browser sends it: not checked, the app normalises.
    pub to: &'a str,
    /// The custom parameter `CallerId`, when given.
    pub caller_id: Option<&'a str>,
    /// Whether the custom parameter `Record=true` is sent.
    pub record: bool,
}

/// Records a call from `client:{identity}` through the account's TwiML App (the oldest
/// with a `VoiceUrl`) and returns its SID and the voice request to send: the standard
/// parameters with `From`/`Caller` = `client:{identity}`, `To`/`Called` = the number,
/// `Direction=inbound`, `CallStatus=ringing`, plus `ApplicationSid` and the custom
/// parameters, as Twilio sends them for a Voice SDK call.
///
/// # Errors
/// [`SimError::InvalidArgument`] for an empty identity or `to`, or an identity with
/// whitespace; [`SimError::NoApplication`] when no TwiML App has a `VoiceUrl`.
pub fn start_client_call(
    shared: &Shared,
    state: &mut SimState,
    request: ClientCallRequest<'_>,
) -> Result<(String, Callback), SimError> {
    let identity = request.identity;
    if identity.is_empty() || identity.contains(char::is_whitespace) {
        return Err(SimError::InvalidArgument(format!(
            "'{identity}' is not a client identity: use letters, digits and underscores"
        )));
    }
    if request.to.trim().is_empty() {
        return Err(SimError::InvalidArgument(
            "To is required: the number the browser dials".to_owned(),
        ));
    }
    let app = state
        .applications
        .iter()
        .find(|a| a.voice_url.is_some())
        .ok_or(SimError::NoApplication)?;
    let url = app.voice_url.clone().ok_or(SimError::NoApplication)?;
    let mut call = Call::new(
        shared.ids.next("CA"),
        request.to,
        &format!("client:{identity}"),
        "inbound",
        CallStatus::Ringing,
    );
    call.application_sid = Some(app.sid.clone());
    call.url = Some(url.clone());
    call.method.clone_from(&app.voice_method);
    call.status_callback.clone_from(&app.status_callback);
    call.status_callback_method
        .clone_from(&app.status_callback_method);
    let mut params = call.standard_params(&shared.config.account_sid, "ringing");
    params.extend(owned_pairs([("ApplicationSid", app.sid.as_str())]));
    if let Some(caller_id) = request.caller_id {
        params.extend(owned_pairs([("CallerId", caller_id)]));
    }
    if request.record {
        params.extend(owned_pairs([("Record", "true")]));
    }
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
