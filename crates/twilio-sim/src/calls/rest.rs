//! The Calls REST operations: create, fetch and update (hang up, redirect).

use serde_json::Value;
use switchboard_domain::telephony::RecordingStatus;

use crate::config::AccountType;
use crate::dates::now;
use crate::error::TwilioError;
use crate::form::Params;
use crate::phone::{is_e164, is_voice_endpoint};
use crate::sid::is_sid;
use crate::state::{Shared, SimState};
use crate::webhooks::Callback;

use super::lookup::index_of;
use super::progress::transition;
use crate::resources::{Call, CallEvent, CallStatus};

/// `POST Calls.json`.
///
/// # Errors
/// 21201 without `To`, 21213 without `From`, 21211/21212 for a malformed `To`/`From`, 21210
/// for a `From` number that is neither the account's nor a verified caller ID, 21219 for an
/// unverified `To` on a trial account, 21205 without `Url`/`Twiml`/`ApplicationSid` or for a
/// malformed `Url`, 21502 for a malformed callback URL, and a 400 (code 400) for other
/// invalid values (`Timeout` outside 1–600, unknown `StatusCallbackEvent`, ...).
pub fn create(
    shared: &Shared,
    state: &mut SimState,
    params: &Params,
) -> Result<(u16, Value), TwilioError> {
    let to = params
        .non_empty("To")
        .ok_or_else(|| TwilioError::bad_request(21201, "No 'To' number is specified"))?;
    let from = params
        .non_empty("From")
        .ok_or_else(|| TwilioError::bad_request(21213, "No 'From' number is specified"))?;
    if !is_voice_endpoint(to) {
        return Err(TwilioError::bad_request(
            21211,
            format!("Invalid 'To' Phone Number: {to}"),
        ));
    }
    if !is_voice_endpoint(from) {
        return Err(TwilioError::bad_request(
            21212,
            format!("Invalid 'From' Phone Number: {from}"),
        ));
    }
    let from_number = state.number(from).map(|n| n.sid.clone());
    if is_e164(from) && from_number.is_none() && !state.verified_caller_ids.contains(from) {
        return Err(TwilioError::bad_request(
            21210,
            format!(
                "The source phone number provided, {from}, is not yet verified for your account. \
                 You may only make calls from phone numbers that you've verified or purchased from Twilio."
            ),
        ));
    }
    if shared.config.account_type == AccountType::Trial
        && is_e164(to)
        && !state.verified_caller_ids.contains(to)
    {
        return Err(TwilioError::bad_request(
            21219,
            format!(
                "The number {to} is unverified. Trial accounts may only make calls to verified numbers."
            ),
        ));
    }
    let url = params.http_url("Url", invalid_url)?;
    let twiml = params.non_empty("Twiml");
    let application_sid = params.non_empty("ApplicationSid");
    if url.is_none() && twiml.is_none() && application_sid.is_none() {
        return Err(TwilioError::bad_request(
            21205,
            "Url parameter is required. Provide Url, Twiml or ApplicationSid.",
        ));
    }
    if let Some(sid) = application_sid
        && !is_sid(sid, "AP")
    {
        return Err(TwilioError::invalid_parameter(format!(
            "ApplicationSid must be an Application SID (AP...), got '{sid}'"
        )));
    }
    if twiml.is_some_and(|t| t.chars().count() > 4000) {
        return Err(TwilioError::invalid_parameter(
            "Twiml must be at most 4000 characters",
        ));
    }
    let status_callback = params.http_url("StatusCallback", invalid_callback_url)?;
    let recording_status_callback =
        params.http_url("RecordingStatusCallback", invalid_callback_url)?;
    let mut events = Vec::new();
    for raw in params.all("StatusCallbackEvent") {
        // The TwiML attribute is space-separated; accept that form here too.
        for name in raw.split_whitespace() {
            let event = CallEvent::parse(name).ok_or_else(|| {
                TwilioError::invalid_parameter(format!(
                    "StatusCallbackEvent must be initiated, ringing, answered or completed, got '{name}'"
                ))
            })?;
            if !events.contains(&event) {
                events.push(event);
            }
        }
    }
    let mut recording_events = Vec::new();
    for raw in params.all("RecordingStatusCallbackEvent") {
        for name in raw.split_whitespace() {
            let event = RecordingStatus::parse(name)
                .filter(|s| {
                    matches!(
                        s,
                        RecordingStatus::InProgress
                            | RecordingStatus::Completed
                            | RecordingStatus::Absent
                    )
                })
                .ok_or_else(|| {
                    TwilioError::invalid_parameter(format!(
                        "RecordingStatusCallbackEvent must be in-progress, completed or absent, got '{name}'"
                    ))
                })?;
            recording_events.push(event);
        }
    }
    let channels = match params.non_empty("RecordingChannels") {
        None | Some("mono") => 1,
        Some("dual") => 2,
        Some(other) => {
            return Err(TwilioError::invalid_parameter(format!(
                "RecordingChannels must be mono or dual, got '{other}'"
            )));
        }
    };
    let timeout = params.integer("Timeout", 1, 600)?.unwrap_or(60);

    let mut call = Call::new(
        shared.ids.next("CA"),
        to,
        from,
        "outbound-api",
        CallStatus::Queued,
    );
    call.url = url.map(str::to_owned);
    call.twiml = twiml.map(str::to_owned);
    call.application_sid = application_sid.map(str::to_owned);
    call.method = params.method("Method", "POST")?;
    // With an ApplicationSid, the application's status callback applies instead (spec).
    call.status_callback = status_callback
        .filter(|_| application_sid.is_none())
        .map(str::to_owned);
    call.status_callback_method = params.method("StatusCallbackMethod", "POST")?;
    call.status_callback_events = events;
    call.record = params.bool("Record")?.unwrap_or(false);
    call.recording_channels = channels;
    call.recording_status_callback = recording_status_callback.map(str::to_owned);
    call.recording_status_callback_method =
        params.method("RecordingStatusCallbackMethod", "POST")?;
    call.recording_status_callback_events = recording_events;
    call.timeout = u32::try_from(timeout).unwrap_or(60);
    call.phone_number_sid = from_number;
    // A call through a TwiML App runs the app's voice URL and reports to its status callback.
    if let Some(app) =
        application_sid.and_then(|sid| state.applications.iter().find(|a| a.sid == sid))
    {
        call.url.clone_from(&app.voice_url);
        call.method.clone_from(&app.voice_method);
        call.status_callback.clone_from(&app.status_callback);
        call.status_callback_method
            .clone_from(&app.status_callback_method);
    }
    let body = call.to_json(&shared.config.account_sid);
    state.calls.push(call);
    Ok((201, body))
}

/// `GET Calls/{Sid}.json`.
///
/// # Errors
/// 404 20404 for an unknown call.
pub fn fetch(
    shared: &Shared,
    state: &SimState,
    sid: &str,
    path: &str,
) -> Result<(u16, Value), TwilioError> {
    let index = index_of(state, sid).ok_or_else(|| TwilioError::not_found(path))?;
    Ok((200, state.calls[index].to_json(&shared.config.account_sid)))
}

/// `POST Calls/{Sid}.json`: `Status=completed|canceled` ends the call (an ended call stays as
/// it is), `Url`/`Twiml` redirect a live one; also `StatusCallback`/`StatusCallbackMethod`.
/// Returns the callbacks the change triggers.
///
/// # Errors
/// 404 20404 for an unknown call; 21220 when redirecting a call that has ended; a 400 for an
/// invalid `Status` or URL.
pub fn update(
    shared: &Shared,
    state: &mut SimState,
    sid: &str,
    path: &str,
    params: &Params,
) -> Result<(u16, Value, Vec<Callback>), TwilioError> {
    let index = index_of(state, sid).ok_or_else(|| TwilioError::not_found(path))?;
    let requested = match params.non_empty("Status") {
        None => None,
        Some("completed") => Some(CallStatus::Completed),
        Some("canceled") => Some(CallStatus::Canceled),
        Some(other) => {
            return Err(TwilioError::invalid_parameter(format!(
                "Status must be canceled or completed, got '{other}'"
            )));
        }
    };
    let url = params.http_url("Url", invalid_url)?;
    // Inline TwiML redirects only when no `Url` is given.
    let twiml = url.is_none().then(|| params.non_empty("Twiml")).flatten();
    let status_callback = params.http_url("StatusCallback", invalid_callback_url)?;
    let method = params.method("Method", "POST")?;
    let status_callback_method = params.method("StatusCallbackMethod", "POST")?;
    let call = &mut state.calls[index];
    if (url.is_some() || twiml.is_some()) && requested.is_none() && call.status.is_final() {
        return Err(TwilioError::bad_request(
            21220,
            "Call is not in-progress. Cannot redirect.",
        ));
    }
    if let Some(url) = status_callback {
        call.status_callback = Some(url.to_owned());
    }
    if params.has("StatusCallbackMethod") {
        call.status_callback_method = status_callback_method;
    }
    if !call.status.is_final() {
        if let Some(url) = url {
            call.url = Some(url.to_owned());
            call.method = method;
            call.redirects.push(url.to_owned());
        } else if let Some(twiml) = twiml {
            call.twiml = Some(twiml.to_owned());
            call.redirects.push(twiml.to_owned());
        }
        call.date_updated = now();
    }
    let target = match (requested, call.status) {
        (Some(_), CallStatus::Queued | CallStatus::Ringing) => Some(CallStatus::Canceled),
        (Some(CallStatus::Completed), CallStatus::InProgress) => Some(CallStatus::Completed),
        _ => None,
    };
    let callbacks = match target {
        Some(next) => transition(shared, state, index, next, None).unwrap_or_default(),
        None => Vec::new(),
    };
    let body = state.calls[index].to_json(&shared.config.account_sid);
    Ok((200, body, callbacks))
}

/// 21205 for a `Url` that is not an absolute http(s) URL.
fn invalid_url(url: &str) -> TwilioError {
    TwilioError::bad_request(21205, format!("Invalid URL: {url}"))
}

/// 21502 for a callback URL that is not an absolute http(s) URL.
fn invalid_callback_url(url: &str) -> TwilioError {
    TwilioError::bad_request(21502, format!("Invalid callback url: {url}"))
}
