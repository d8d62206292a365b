//! The TwiML App requests: create, update, and the account's apps page by page.

use switchboard_domain::numbers::FriendlyName;
use switchboard_domain::telephony::TelephonyError;
use switchboard_domain::{AccountSid, ApplicationSid};

use super::build::{Params, account_path, next_page_params, request};
use super::request::{HttpMethod, PlannedRequest};
use crate::rest::twiml_app::TwimlAppSettings;

/// The page size used to list apps: the spec's maximum `PageSize`.
pub(crate) const APPLICATIONS_PAGE_SIZE: u32 = 1000;

const LIST_TEMPLATE: &str = "/2010-04-01/Accounts/{AccountSid}/Applications.json";

fn settings_params(settings: &TwimlAppSettings) -> Params {
    let mut params = Params::new();
    params
        .add("FriendlyName", settings.friendly_name.as_str())
        .add("VoiceUrl", settings.voice_url.as_str())
        .add("VoiceMethod", "POST");
    if let Some(callback) = &settings.status_callback {
        params
            .add("StatusCallback", callback.as_str())
            .add("StatusCallbackMethod", "POST");
    }
    params
}

/// `POST Applications.json`: `FriendlyName`, `VoiceUrl` with `VoiceMethod=POST`, and
/// `StatusCallback` with `StatusCallbackMethod=POST` when set (answers 201).
#[must_use]
pub(crate) fn create_application(
    account: &AccountSid,
    settings: &TwimlAppSettings,
) -> PlannedRequest {
    request(
        Some("CreateApplication"),
        LIST_TEMPLATE,
        HttpMethod::Post,
        account_path(account, "Applications.json"),
        settings_params(settings),
        201,
    )
}

/// `POST Applications/{Sid}.json` with the same fields as [`create_application`].
#[must_use]
pub(crate) fn update_application(
    account: &AccountSid,
    sid: &ApplicationSid,
    settings: &TwimlAppSettings,
) -> PlannedRequest {
    request(
        Some("UpdateApplication"),
        "/2010-04-01/Accounts/{AccountSid}/Applications/{Sid}.json",
        HttpMethod::Post,
        account_path(account, &format!("Applications/{sid}.json")),
        settings_params(settings),
        200,
    )
}

/// `GET Applications.json?FriendlyName=…&PageSize=1000`: the first page of the account's
/// apps, only those named `friendly_name` when given.
#[must_use]
pub(crate) fn list_applications(
    account: &AccountSid,
    friendly_name: Option<&FriendlyName>,
) -> PlannedRequest {
    let mut params = Params::new();
    params
        .add_opt("FriendlyName", friendly_name.map(FriendlyName::as_str))
        .add("PageSize", APPLICATIONS_PAGE_SIZE.to_string());
    request(
        Some("ListApplication"),
        LIST_TEMPLATE,
        HttpMethod::Get,
        account_path(account, "Applications.json"),
        params,
        200,
    )
}

/// The request for the page a list answer's `next_page_uri` names; only its path and query
/// are kept (see `next_incoming_numbers_page`).
///
/// # Errors
/// [`TelephonyError::InvalidResponse`] when the URI is not the same account's
/// `Applications.json` list.
pub(crate) fn next_applications_page(
    account: &AccountSid,
    next_page_uri: &str,
) -> Result<PlannedRequest, TelephonyError> {
    let path = account_path(account, "Applications.json");
    let params = next_page_params(&path, next_page_uri, "application list")?;
    Ok(request(
        Some("ListApplication"),
        LIST_TEMPLATE,
        HttpMethod::Get,
        path,
        params,
        200,
    ))
}
