//! The calls requests: place, fetch, cancel or hang up.

use switchboard_domain::telephony::{
    CallEvent, CallInstructions, CallSearch, CallWindow, OutboundCall,
};
use switchboard_domain::{AccountSid, CallSid};

use super::build::{Params, account_path, request};
use super::request::{HttpMethod, PlannedRequest};

/// The status a call is moved to by [`update_call_status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CallUpdateStatus {
    /// Ends a queued or ringing call (no effect once answered).
    Canceled,
    /// Hangs up the call.
    Completed,
}

impl CallUpdateStatus {
    /// `canceled` or `completed` (the spec's `call_enum_update_status`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Canceled => "canceled",
            Self::Completed => "completed",
        }
    }
}

/// `POST Calls.json`: `To`, `From`, then `Url` (with `Method=POST`) or `Twiml`;
/// `StatusCallback` with `StatusCallbackMethod=POST` and one `StatusCallbackEvent` per event
/// when a callback is set; `Record=true` and `RecordingChannels=dual` when recording, with
/// `RecordingStatusCallback`, `RecordingStatusCallbackMethod=POST` and the events
/// in-progress, completed and absent when it has a callback; `Timeout` when set.
#[must_use]
pub(crate) fn create_call(account: &AccountSid, call: &OutboundCall) -> PlannedRequest {
    let mut params = Params::new();
    params
        .add("To", call.to.as_str())
        .add("From", call.from.as_str());
    match &call.instructions {
        CallInstructions::Url(url) => {
            params.add("Url", url.as_str()).add("Method", "POST");
        }
        CallInstructions::Twiml(twiml) => {
            params.add("Twiml", twiml.as_str());
        }
    }
    if let Some(callback) = &call.status_callback {
        params
            .add("StatusCallback", callback.as_str())
            .add("StatusCallbackMethod", "POST");
        for event in &call.status_events {
            params.add("StatusCallbackEvent", CallEvent::as_str(*event));
        }
    }
    if call.record {
        params
            .add("Record", "true")
            .add("RecordingChannels", "dual");
    }
    if let Some(callback) = &call.recording_status_callback {
        params
            .add("RecordingStatusCallback", callback.as_str())
            .add("RecordingStatusCallbackMethod", "POST");
        for event in ["in-progress", "completed", "absent"] {
            params.add("RecordingStatusCallbackEvent", event);
        }
    }
    params.add_opt("Timeout", call.timeout_seconds.map(|t| t.to_string()));
    request(
        Some("CreateCall"),
        "/2010-04-01/Accounts/{AccountSid}/Calls.json",
        HttpMethod::Post,
        account_path(account, "Calls.json"),
        params,
        201,
    )
}

/// `GET Calls/{Sid}.json`.
#[must_use]
pub(crate) fn fetch_call(account: &AccountSid, sid: &CallSid) -> PlannedRequest {
    request(
        Some("FetchCall"),
        "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json",
        HttpMethod::Get,
        account_path(account, &format!("Calls/{sid}.json")),
        Params::new(),
        200,
    )
}

/// `POST Calls/{Sid}.json` with `Status=canceled|completed`.
#[must_use]
pub(crate) fn update_call_status(
    account: &AccountSid,
    sid: &CallSid,
    status: CallUpdateStatus,
) -> PlannedRequest {
    let mut params = Params::new();
    params.add("Status", status.as_str());
    request(
        Some("UpdateCall"),
        "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json",
        HttpMethod::Post,
        account_path(account, &format!("Calls/{sid}.json")),
        params,
        200,
    )
}

/// How many calls one lookup reads (one page; Twilio allows up to 1000).
pub(crate) const CALL_SEARCH_PAGE_SIZE: u16 = 1000;

/// `GET Calls.json` with the filters `To`, `From`, and `StartTime>=` (a day) or
/// `Status=queued`.
#[must_use]
pub(crate) fn list_calls(account: &AccountSid, search: &CallSearch) -> PlannedRequest {
    let mut params = Params::new();
    params
        .add("To", search.to.as_str())
        .add("From", search.from.as_str());
    match search.window {
        CallWindow::StartedSince(since) => {
            params.add("StartTime>", super::build::date_time(since));
        }
        CallWindow::Queued => {
            params.add("Status", "queued");
        }
    }
    params.add("PageSize", CALL_SEARCH_PAGE_SIZE.to_string());
    request(
        Some("ListCall"),
        "/2010-04-01/Accounts/{AccountSid}/Calls.json",
        HttpMethod::Get,
        account_path(account, "Calls.json"),
        params,
        200,
    )
}
