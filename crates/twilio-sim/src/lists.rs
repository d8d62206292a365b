//! `GET Messages.json` and `GET Calls.json`: the account's messages and calls, newest first,
//! with Twilio's filters `To`, `From` and `DateSent>=` / `StartTime>=` (compared by day, as
//! Twilio does).

use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

use crate::error::TwilioError;
use crate::form::Params;
use crate::paging::{PageRequest, envelope};
use crate::resources::CallStatus;
use crate::state::{Shared, SimState};

/// The day of a `date-time` (or plain date) filter value.
fn day_of(params: &Params, name: &str) -> Result<Option<Date>, TwilioError> {
    let Some(raw) = params.non_empty(name) else {
        return Ok(None);
    };
    if let Ok(at) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Ok(Some(at.date()));
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(raw, &format)
        .map(Some)
        .map_err(|_| TwilioError::bad_request(20001, format!("Invalid {name}: {raw}")))
}

fn filters(params: &Params) -> Vec<(String, String)> {
    params
        .pairs()
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "PageSize" | "Page" | "PageToken"))
        .cloned()
        .collect()
}

/// `GET Messages.json`.
///
/// # Errors
/// 400 for an unreadable `DateSent>`, or a bad page request.
pub fn messages(
    shared: &Shared,
    state: &SimState,
    path: &str,
    params: &Params,
) -> Result<(u16, Value), TwilioError> {
    let request = PageRequest::from_params(params)?;
    let (to, from) = (params.non_empty("To"), params.non_empty("From"));
    let since = day_of(params, "DateSent>")?;
    let matching: Vec<_> = state
        .messages
        .iter()
        .rev()
        .filter(|m| to.is_none_or(|t| m.to == t))
        .filter(|m| from.is_none_or(|f| m.from.as_deref() == Some(f)))
        .filter(|m| since.is_none_or(|d| m.date_sent.unwrap_or(m.date_created).date() >= d))
        .collect();
    let account = &shared.config.account_sid;
    let body = envelope(
        &matching,
        |m| m.sid.as_str(),
        |m| m.to_json(account),
        &request,
        path,
        &filters(params),
        "messages",
    );
    Ok((200, body))
}

/// `GET Calls.json`, also filtered by `Status`. As at Twilio, a call still queued (not
/// dialled) has no start time and is never among those started since a day; a call dialled
/// but not answered yet, which Twilio gives its dialling time, counts here by its creation.
///
/// # Errors
/// 400 for an unreadable `StartTime>`, or a bad page request.
pub fn calls(
    shared: &Shared,
    state: &SimState,
    path: &str,
    params: &Params,
) -> Result<(u16, Value), TwilioError> {
    let request = PageRequest::from_params(params)?;
    let (to, from) = (params.non_empty("To"), params.non_empty("From"));
    let since = day_of(params, "StartTime>")?;
    let status = params.non_empty("Status");
    let matching: Vec<_> = state
        .calls
        .iter()
        .rev()
        .filter(|c| to.is_none_or(|t| c.to == t))
        .filter(|c| from.is_none_or(|f| c.from == f))
        .filter(|c| status.is_none_or(|s| c.status.as_str() == s))
        .filter(|c| {
            since.is_none_or(|d| match c.start_time {
                Some(start) => start.date() >= d,
                None => c.status != CallStatus::Queued && c.date_created.date() >= d,
            })
        })
        .collect();
    let account = &shared.config.account_sid;
    let body = envelope(
        &matching,
        |c| c.sid.as_str(),
        |c| c.to_json(account),
        &request,
        path,
        &filters(params),
        "calls",
    );
    Ok((200, body))
}
