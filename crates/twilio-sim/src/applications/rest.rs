//! The Applications REST operations: create, list (with `FriendlyName`), fetch, update and
//! delete.

use serde_json::Value;

use super::settings::Settings;
use crate::dates::now;
use crate::error::TwilioError;
use crate::form::Params;
use crate::paging::{PageRequest, envelope};
use crate::resources::Application;
use crate::state::{Shared, SimState};

/// `POST Applications.json`. Without `FriendlyName`, the application is named by its SID, as
/// Twilio names it.
///
/// # Errors
/// A 400 for invalid settings (see the update).
pub fn create(
    shared: &Shared,
    state: &mut SimState,
    params: &Params,
) -> Result<(u16, Value), TwilioError> {
    let settings = Settings::from_params(params)?;
    let sid = shared.ids.next("AP");
    let mut app = Application::new(sid.clone(), &sid);
    settings.apply(&mut app);
    let body = app.to_json(&shared.config.account_sid);
    state.applications.push(app);
    Ok((201, body))
}

/// `GET Applications.json`, filtered by `FriendlyName` (exact), paged, oldest first.
///
/// # Errors
/// A 400 for malformed paging parameters.
pub fn list(
    shared: &Shared,
    state: &SimState,
    path: &str,
    params: &Params,
) -> Result<(u16, Value), TwilioError> {
    let request = PageRequest::from_params(params)?;
    let name = params.non_empty("FriendlyName");
    let matching: Vec<&Application> = state
        .applications
        .iter()
        .filter(|a| name.is_none_or(|n| a.friendly_name == n))
        .collect();
    let filters: Vec<(String, String)> = params
        .pairs()
        .iter()
        .filter(|(k, _)| k == "FriendlyName")
        .cloned()
        .collect();
    let body = envelope(
        &matching,
        |a| a.sid.as_str(),
        |a| a.to_json(&shared.config.account_sid),
        &request,
        path,
        &filters,
        "applications",
    );
    Ok((200, body))
}

fn position(state: &SimState, sid: &str, path: &str) -> Result<usize, TwilioError> {
    state
        .applications
        .iter()
        .position(|a| a.sid == sid)
        .ok_or_else(|| TwilioError::not_found(path))
}

/// `GET Applications/{Sid}.json`.
///
/// # Errors
/// 404 20404 for an unknown SID.
pub fn fetch(
    shared: &Shared,
    state: &SimState,
    sid: &str,
    path: &str,
) -> Result<(u16, Value), TwilioError> {
    let index = position(state, sid, path)?;
    Ok((
        200,
        state.applications[index].to_json(&shared.config.account_sid),
    ))
}

/// `POST Applications/{Sid}.json`: changes the settings given (`""` clears a URL).
///
/// # Errors
/// 404 20404 for an unknown SID; 21402 for a malformed URL; a 400 for other invalid values.
pub fn update(
    shared: &Shared,
    state: &mut SimState,
    sid: &str,
    path: &str,
    params: &Params,
) -> Result<(u16, Value), TwilioError> {
    let index = position(state, sid, path)?;
    let settings = Settings::from_params(params)?;
    let app = &mut state.applications[index];
    settings.apply(app);
    app.date_updated = now();
    Ok((200, app.to_json(&shared.config.account_sid)))
}

/// `DELETE Applications/{Sid}.json`.
///
/// # Errors
/// 404 20404 for an unknown SID.
pub fn delete(state: &mut SimState, sid: &str, path: &str) -> Result<(u16, Value), TwilioError> {
    let index = position(state, sid, path)?;
    state.applications.remove(index);
    Ok((204, Value::Null))
}
