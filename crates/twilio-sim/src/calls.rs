//! Calls: outbound calls over REST, inbound calls driven by tests, the status machine, and
//! the status and recording callbacks each transition sends.

use std::fmt;

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::config::AccountType;
use crate::dates::{now, rfc2822};
use crate::error::{SimError, TwilioError};
use crate::form::Params;
use crate::phone::{friendly, is_e164, is_voice_endpoint};
use crate::recordings::Recording;
use crate::sid::is_sid;
use crate::state::{Shared, SimState};
use crate::webhooks::{Callback, is_http_url};

/// A call's status, as in the spec's `call_enum_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallStatus {
    /// Accepted, not yet dialled.
    Queued,
    /// The far end is ringing.
    Ringing,
    /// Answered.
    InProgress,
    /// Answered, then ended.
    Completed,
    /// The far end was busy.
    Busy,
    /// The call could not be placed.
    Failed,
    /// Nobody answered.
    NoAnswer,
    /// Hung up while queued or ringing.
    Canceled,
}

impl CallStatus {
    /// The wire value (`in-progress`, `no-answer`, ...).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Ringing => "ringing",
            Self::InProgress => "in-progress",
            Self::Completed => "completed",
            Self::Busy => "busy",
            Self::Failed => "failed",
            Self::NoAnswer => "no-answer",
            Self::Canceled => "canceled",
        }
    }

    /// Parses a wire value.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Queued,
            Self::Ringing,
            Self::InProgress,
            Self::Completed,
            Self::Busy,
            Self::Failed,
            Self::NoAnswer,
            Self::Canceled,
        ]
        .into_iter()
        .find(|status| status.as_str() == s)
    }

    /// Whether the call has ended.
    #[must_use]
    pub fn is_terminal(self) -> bool {
        !matches!(self, Self::Queued | Self::Ringing | Self::InProgress)
    }

    /// Whether a call may move from `self` to `next`: forwards only, `completed` only after
    /// it was answered, `busy`/`no-answer`/`failed`/`canceled` only before.
    #[must_use]
    pub fn can_become(self, next: Self) -> bool {
        match next {
            Self::Queued => false,
            Self::Ringing => self == Self::Queued,
            Self::InProgress => matches!(self, Self::Queued | Self::Ringing),
            Self::Completed => self == Self::InProgress,
            Self::Busy | Self::Failed | Self::NoAnswer | Self::Canceled => {
                matches!(self, Self::Queued | Self::Ringing)
            }
        }
    }
}

impl fmt::Display for CallStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A call-progress event a status callback can subscribe to (`StatusCallbackEvent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallEvent {
    /// Dialling started (the call left the queue).
    Initiated,
    /// Ringing.
    Ringing,
    /// Answered.
    Answered,
    /// Ended, whatever the outcome.
    Completed,
}

impl CallEvent {
    /// The wire value.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initiated => "initiated",
            Self::Ringing => "ringing",
            Self::Answered => "answered",
            Self::Completed => "completed",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [
            Self::Initiated,
            Self::Ringing,
            Self::Answered,
            Self::Completed,
        ]
        .into_iter()
        .find(|e| e.as_str() == s)
    }
}

/// A call, inbound or outbound.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// `CA` SID.
    pub sid: String,
    /// Callee.
    pub to: String,
    /// Caller.
    pub from: String,
    /// `outbound-api` or `inbound`.
    pub direction: String,
    /// Status now.
    pub status: CallStatus,
    /// The TwiML URL (`Url`, or the number's `VoiceUrl` for inbound calls).
    pub url: Option<String>,
    /// Inline `Twiml`.
    pub twiml: Option<String>,
    /// `ApplicationSid`.
    pub application_sid: Option<String>,
    /// `Method` for `url`.
    pub method: String,
    /// `StatusCallback`.
    pub status_callback: Option<String>,
    /// `StatusCallbackMethod`.
    pub status_callback_method: String,
    /// `StatusCallbackEvent`s (empty: only `completed`).
    pub status_callback_events: Vec<CallEvent>,
    /// `Record`.
    pub record: bool,
    /// `RecordingChannels` as a count (1 mono, 2 dual).
    pub recording_channels: u8,
    /// `RecordingStatusCallback`.
    pub recording_status_callback: Option<String>,
    /// `RecordingStatusCallbackMethod`.
    pub recording_status_callback_method: String,
    /// `RecordingStatusCallbackEvent`s (empty: only `completed`).
    pub recording_status_callback_events: Vec<String>,
    /// `Timeout` in seconds (default 60).
    pub timeout: u32,
    /// The account number the call was placed from or received on.
    pub phone_number_sid: Option<String>,
    /// The recording, once recording started.
    pub recording_sid: Option<String>,
    /// `Url`s and `Twiml`s the call was redirected to with an update, in order.
    pub redirects: Vec<String>,
    /// The next `SequenceNumber`.
    pub sequence_number: u32,
    /// Created.
    pub date_created: OffsetDateTime,
    /// Last changed.
    pub date_updated: OffsetDateTime,
    /// Answered.
    pub start_time: Option<OffsetDateTime>,
    /// Ended.
    pub end_time: Option<OffsetDateTime>,
    /// Seconds, once ended.
    pub duration: Option<u32>,
}

impl Call {
    fn new(sid: String, to: &str, from: &str, direction: &str, status: CallStatus) -> Self {
        let created = now();
        Self {
            sid,
            to: to.to_owned(),
            from: from.to_owned(),
            direction: direction.to_owned(),
            status,
            url: None,
            twiml: None,
            application_sid: None,
            method: "POST".to_owned(),
            status_callback: None,
            status_callback_method: "POST".to_owned(),
            status_callback_events: Vec::new(),
            record: false,
            recording_channels: 1,
            recording_status_callback: None,
            recording_status_callback_method: "POST".to_owned(),
            recording_status_callback_events: Vec::new(),
            timeout: 60,
            phone_number_sid: None,
            recording_sid: None,
            redirects: Vec::new(),
            sequence_number: 0,
            date_created: created,
            date_updated: created,
            start_time: None,
            end_time: None,
            duration: None,
        }
    }

    /// The Call JSON.
    #[must_use]
    pub fn to_json(&self, account_sid: &str) -> Value {
        let base = format!("/2010-04-01/Accounts/{account_sid}/Calls/{}", self.sid);
        let sub = |name: &str| format!("{base}/{name}.json");
        let billed = self.duration.filter(|d| *d > 0);
        json!({
            "account_sid": account_sid,
            "answered_by": null,
            "api_version": "2010-04-01",
            "caller_name": null,
            "date_created": rfc2822(self.date_created),
            "date_updated": rfc2822(self.date_updated),
            "direction": self.direction,
            "duration": self.duration.map(|d| d.to_string()),
            "end_time": self.end_time.map(rfc2822),
            "forwarded_from": null,
            "from": self.from,
            "from_formatted": friendly(&self.from),
            "group_sid": null,
            "parent_call_sid": null,
            "phone_number_sid": self.phone_number_sid,
            "price": billed.map(|d| format!("-{:.5}", 0.014 * f64::from(d.div_ceil(60)))),
            "price_unit": "USD",
            "sid": self.sid,
            "start_time": self.start_time.map(rfc2822),
            "status": self.status.as_str(),
            "subresource_uris": {
                "notifications": sub("Notifications"),
                "recordings": sub("Recordings"),
                "payments": sub("Payments"),
                "events": sub("Events"),
                "siprec": sub("Siprec"),
                "streams": sub("Streams"),
                "transcriptions": sub("Transcriptions"),
                "user_defined_message_subscriptions": sub("UserDefinedMessageSubscriptions"),
                "user_defined_messages": sub("UserDefinedMessages"),
            },
            "to": self.to,
            "to_formatted": friendly(&self.to),
            "trunk_sid": null,
            "uri": format!("{base}.json"),
            "queue_time": "0",
        })
    }

    fn subscribed(&self, event: CallEvent) -> bool {
        self.status_callback.is_some()
            && if self.status_callback_events.is_empty() {
                event == CallEvent::Completed
            } else {
                self.status_callback_events.contains(&event)
            }
    }

    fn recording_subscribed(&self, event: &str) -> bool {
        self.recording_status_callback.is_some()
            && if self.recording_status_callback_events.is_empty() {
                event == "completed"
            } else {
                self.recording_status_callback_events
                    .iter()
                    .any(|e| e == event)
            }
    }

    /// The standard parameters every call webhook carries.
    fn standard_params(&self, account_sid: &str, call_status: &str) -> Vec<(String, String)> {
        [
            ("CallSid", self.sid.as_str()),
            ("AccountSid", account_sid),
            ("From", &self.from),
            ("To", &self.to),
            ("Caller", &self.from),
            ("Called", &self.to),
            ("CallStatus", call_status),
            ("Direction", &self.direction),
            ("ApiVersion", "2010-04-01"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    }

    /// A status callback for `event`, if subscribed; advances the sequence number.
    fn status_callback_for(
        &mut self,
        account_sid: &str,
        event: CallEvent,
        call_status: &str,
        extra: Vec<(String, String)>,
    ) -> Option<Callback> {
        if !self.subscribed(event) {
            return None;
        }
        let url = self.status_callback.clone()?;
        let mut params = self.standard_params(account_sid, call_status);
        params.push(("Timestamp".to_owned(), rfc2822(now())));
        params.push((
            "CallbackSource".to_owned(),
            "call-progress-events".to_owned(),
        ));
        params.push((
            "SequenceNumber".to_owned(),
            self.sequence_number.to_string(),
        ));
        params.extend(extra);
        self.sequence_number += 1;
        Some(Callback {
            kind: "call-status",
            url,
            method: self.status_callback_method.clone(),
            params,
        })
    }
}

fn pairs(items: &[(&str, String)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

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
    let url = params.non_empty("Url");
    let twiml = params.non_empty("Twiml");
    let application_sid = params.non_empty("ApplicationSid");
    if url.is_none() && twiml.is_none() && application_sid.is_none() {
        return Err(TwilioError::bad_request(
            21205,
            "Url parameter is required. Provide Url, Twiml or ApplicationSid.",
        ));
    }
    if let Some(url) = url
        && !is_http_url(url)
    {
        return Err(TwilioError::bad_request(
            21205,
            format!("Invalid URL: {url}"),
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
    let callback_url = |name: &str| -> Result<Option<String>, TwilioError> {
        match params.non_empty(name) {
            None => Ok(None),
            Some(url) if is_http_url(url) => Ok(Some(url.to_owned())),
            Some(url) => Err(TwilioError::bad_request(
                21502,
                format!("Invalid callback url: {url}"),
            )),
        }
    };
    let status_callback = callback_url("StatusCallback")?;
    let recording_status_callback = callback_url("RecordingStatusCallback")?;
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
            if !matches!(name, "in-progress" | "completed" | "absent") {
                return Err(TwilioError::invalid_parameter(format!(
                    "RecordingStatusCallbackEvent must be in-progress, completed or absent, got '{name}'"
                )));
            }
            recording_events.push(name.to_owned());
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
    call.status_callback = status_callback.filter(|_| application_sid.is_none());
    call.status_callback_method = params.method("StatusCallbackMethod", "POST")?;
    call.status_callback_events = events;
    call.record = params.bool("Record")?.unwrap_or(false);
    call.recording_channels = channels;
    call.recording_status_callback = recording_status_callback;
    call.recording_status_callback_method =
        params.method("RecordingStatusCallbackMethod", "POST")?;
    call.recording_status_callback_events = recording_events;
    call.timeout = u32::try_from(timeout).unwrap_or(60);
    call.phone_number_sid = from_number;
    let body = call.to_json(&shared.config.account_sid);
    state.calls.push(call);
    Ok((201, body))
}

fn index_of(state: &SimState, sid: &str) -> Option<usize> {
    state.calls.iter().position(|c| c.sid == sid)
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
    let redirect = params
        .non_empty("Url")
        .map(|u| (u, true))
        .or_else(|| params.non_empty("Twiml").map(|t| (t, false)));
    if let Some((url, true)) = redirect
        && !is_http_url(url)
    {
        return Err(TwilioError::bad_request(
            21205,
            format!("Invalid URL: {url}"),
        ));
    }
    if let Some(url) = params.non_empty("StatusCallback")
        && !is_http_url(url)
    {
        return Err(TwilioError::bad_request(
            21502,
            format!("Invalid callback url: {url}"),
        ));
    }
    let method = params.method("Method", "POST")?;
    let status_callback_method = params.method("StatusCallbackMethod", "POST")?;
    let call = &mut state.calls[index];
    if redirect.is_some() && requested.is_none() && call.status.is_terminal() {
        return Err(TwilioError::bad_request(
            21220,
            "Call is not in-progress. Cannot redirect.",
        ));
    }
    if let Some(url) = params.non_empty("StatusCallback") {
        call.status_callback = Some(url.to_owned());
    }
    if params.has("StatusCallbackMethod") {
        call.status_callback_method = status_callback_method;
    }
    if let Some((target, is_url)) = redirect
        && !call.status.is_terminal()
    {
        if is_url {
            call.url = Some(target.to_owned());
            call.method = method;
        } else {
            call.twiml = Some(target.to_owned());
        }
        call.redirects.push(target.to_owned());
    }
    call.date_updated = now();
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

/// Moves call `sid` to `next` and returns the callbacks to send (status callbacks for
/// subscribed events, recording callbacks). `answered_for` is the talk time in seconds for
/// a transition to `in-progress` (backdating the start) or `completed`.
///
/// # Errors
/// [`SimError::NotFound`] for an unknown call, [`SimError::InvalidTransition`] when the call
/// cannot move to `next`.
pub fn advance(
    shared: &Shared,
    state: &mut SimState,
    sid: &str,
    next: CallStatus,
    answered_for: Option<u32>,
) -> Result<Vec<Callback>, SimError> {
    let index = index_of(state, sid).ok_or_else(|| SimError::NotFound(format!("call {sid}")))?;
    transition(shared, state, index, next, answered_for)
}

fn transition(
    shared: &Shared,
    state: &mut SimState,
    index: usize,
    next: CallStatus,
    answered_for: Option<u32>,
) -> Result<Vec<Callback>, SimError> {
    let account_sid = shared.config.account_sid.as_str();
    let call = &mut state.calls[index];
    let previous = call.status;
    if !previous.can_become(next) {
        return Err(SimError::InvalidTransition {
            sid: call.sid.clone(),
            from: previous.to_string(),
            to: next.to_string(),
        });
    }
    let at = now();
    call.status = next;
    call.date_updated = at;
    let mut callbacks = Vec::new();
    if previous == CallStatus::Queued && next != CallStatus::Canceled {
        callbacks.extend(call.status_callback_for(
            account_sid,
            CallEvent::Initiated,
            "initiated",
            Vec::new(),
        ));
    }
    let mut new_recording = None;
    match next {
        CallStatus::Queued => {}
        CallStatus::Ringing => {
            callbacks.extend(call.status_callback_for(
                account_sid,
                CallEvent::Ringing,
                "ringing",
                Vec::new(),
            ));
        }
        CallStatus::InProgress => {
            let talk = time::Duration::seconds(i64::from(answered_for.unwrap_or(0)));
            call.start_time = Some(at - talk);
            callbacks.extend(call.status_callback_for(
                account_sid,
                CallEvent::Answered,
                "in-progress",
                Vec::new(),
            ));
            if call.record {
                let recording = Recording::started(
                    shared.ids.next("RE"),
                    &call.sid,
                    call.recording_channels,
                    at - talk,
                );
                call.recording_sid = Some(recording.sid.clone());
                if call.recording_subscribed("in-progress") {
                    callbacks.push(recording_callback(shared, call, &recording));
                }
                new_recording = Some(recording);
            }
        }
        CallStatus::Completed
        | CallStatus::Busy
        | CallStatus::Failed
        | CallStatus::NoAnswer
        | CallStatus::Canceled => {
            let talked = match (previous, call.start_time) {
                (CallStatus::InProgress, Some(start)) => answered_for.unwrap_or_else(|| {
                    u32::try_from((at - start).whole_seconds().max(0)).unwrap_or(u32::MAX)
                }),
                _ => 0,
            };
            call.end_time = Some(at);
            call.duration = Some(talked);
            let mut extra = pairs(&[
                ("CallDuration", talked.to_string()),
                ("Duration", talked.div_ceil(60).to_string()),
            ]);
            if let Some(recording_sid) = call.recording_sid.clone() {
                extra.extend(pairs(&[
                    ("RecordingSid", recording_sid.clone()),
                    (
                        "RecordingUrl",
                        format!(
                            "{}{}/Recordings/{recording_sid}",
                            shared.base_url,
                            shared.account_path()
                        ),
                    ),
                    ("RecordingDuration", talked.to_string()),
                ]));
            }
            callbacks.extend(call.status_callback_for(
                account_sid,
                CallEvent::Completed,
                next.as_str(),
                extra,
            ));
        }
    }
    if let Some(recording) = new_recording {
        state.recordings.push(recording);
    }
    // Finish the recording when an answered call ends.
    let call = &state.calls[index];
    if next.is_terminal()
        && let Some(recording_sid) = call.recording_sid.clone()
        && let Some(recording) = state.recordings.iter_mut().find(|r| r.sid == recording_sid)
    {
        recording.finish(call.duration.unwrap_or(0));
        if call.recording_subscribed("completed") {
            callbacks.push(recording_callback(shared, call, recording));
        }
    }
    Ok(callbacks)
}

/// The recording status callback for `recording` of `call`, in its current status.
fn recording_callback(shared: &Shared, call: &Call, recording: &Recording) -> Callback {
    let mut params = pairs(&[
        ("AccountSid", shared.config.account_sid.clone()),
        ("CallSid", call.sid.clone()),
        ("RecordingSid", recording.sid.clone()),
        ("RecordingUrl", recording.media_url(shared)),
        ("RecordingStatus", recording.status.clone()),
        ("RecordingChannels", recording.channels.to_string()),
        ("RecordingSource", recording.source.clone()),
        ("RecordingStartTime", rfc2822(recording.start_time)),
    ]);
    if recording.status == "completed" {
        params.push((
            "RecordingDuration".to_owned(),
            recording.duration.to_string(),
        ));
    }
    Callback {
        kind: "recording-status",
        url: call.recording_status_callback.clone().unwrap_or_default(),
        method: call.recording_status_callback_method.clone(),
        params,
    }
}

/// Geographic webhook fields (`FromCity`, ... `ToCountry`) for a number, from the inventory.
fn geo_params(shared: &Shared, prefix: &str, number: &str) -> Vec<(String, String)> {
    let known = shared.inventory.locate(number);
    let field = |f: fn(&crate::inventory::AvailableNumber) -> Option<&String>| {
        known.and_then(f).cloned().unwrap_or_default()
    };
    let country = known.map_or_else(
        || {
            if number.starts_with("+1") {
                "US".to_owned()
            } else {
                String::new()
            }
        },
        |n| n.iso_country.clone(),
    );
    vec![
        (format!("{prefix}City"), field(|n| n.locality.as_ref())),
        (format!("{prefix}State"), field(|n| n.region.as_ref())),
        (format!("{prefix}Zip"), field(|n| n.postal_code.as_ref())),
        (format!("{prefix}Country"), country),
    ]
}

/// The geographic fields for both ends, under both the `From`/`To` and the legacy
/// `Caller`/`Called` names.
pub(crate) fn geo_for(shared: &Shared, from: &str, to: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    for (prefix, number) in [("From", from), ("Caller", from), ("To", to), ("Called", to)] {
        params.extend(geo_params(shared, prefix, number));
    }
    params
}

/// Records an inbound call from `from` to the account's number `to` and returns its SID and
/// the voice webhook to send to the number's `VoiceUrl`.
///
/// # Errors
/// [`SimError::NotFound`] when `to` is not on the account, [`SimError::NoWebhook`] when it
/// has no `VoiceUrl`, [`SimError::InvalidArgument`] for a malformed `from`.
pub fn start_inbound(
    shared: &Shared,
    state: &mut SimState,
    to: &str,
    from: &str,
) -> Result<(String, Callback), SimError> {
    if !is_voice_endpoint(from) {
        return Err(SimError::InvalidArgument(format!("{from} is not a caller")));
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

#[cfg(test)]
mod tests {
    use super::CallStatus;

    #[test]
    fn calls_only_move_forwards() {
        use CallStatus::*;
        assert!(Queued.can_become(Ringing));
        assert!(Queued.can_become(InProgress));
        assert!(Ringing.can_become(NoAnswer));
        assert!(InProgress.can_become(Completed));
        assert!(!Ringing.can_become(Queued));
        assert!(!InProgress.can_become(Ringing));
        assert!(!Queued.can_become(Completed));
        assert!(!InProgress.can_become(Busy));
        assert!(!Completed.can_become(Completed));
        assert!(!Canceled.can_become(InProgress));
    }

    #[test]
    fn statuses_round_trip_through_their_wire_names() {
        for name in [
            "queued",
            "ringing",
            "in-progress",
            "completed",
            "busy",
            "failed",
            "no-answer",
            "canceled",
        ] {
            assert_eq!(CallStatus::parse(name).map(CallStatus::as_str), Some(name));
        }
        assert_eq!(CallStatus::parse("initiated"), None);
    }
}
