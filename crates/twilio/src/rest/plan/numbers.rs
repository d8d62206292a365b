//! The numbers requests: search, purchase, rename, webhooks, release, the account's
//! numbers page by page, and the account itself.

use switchboard_domain::numbers::{
    AvailableNumberQuery, FriendlyName, NumberType, NumberWebhooks, PurchaseRequest,
};
use switchboard_domain::telephony::TelephonyError;
use switchboard_domain::{AccountSid, IncomingNumberSid};

use super::build::{API_PREFIX, Params, account_path, next_page_params, request};
use super::request::{HttpMethod, PlannedRequest};

/// The page size used to list the account's numbers: the spec's maximum `PageSize`.
pub(crate) const INCOMING_NUMBERS_PAGE_SIZE: u32 = 1000;

/// `GET AvailablePhoneNumbers/{Country}/Local.json` (or `TollFree.json`, `Mobile.json`):
/// `AreaCode`, `Contains`, `VoiceEnabled`, `SmsEnabled`, `MmsEnabled` when set, and
/// `PageSize` = the query's limit.
#[must_use]
pub(crate) fn search_available(
    account: &AccountSid,
    query: &AvailableNumberQuery,
) -> PlannedRequest {
    let (operation_id, template, resource) = match query.number_type {
        NumberType::Local => (
            "ListAvailablePhoneNumberLocal",
            "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json",
            "Local",
        ),
        NumberType::TollFree => (
            "ListAvailablePhoneNumberTollFree",
            "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/TollFree.json",
            "TollFree",
        ),
        NumberType::Mobile => (
            "ListAvailablePhoneNumberMobile",
            "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Mobile.json",
            "Mobile",
        ),
    };
    let mut params = Params::new();
    params
        .add_opt("AreaCode", query.area_code.map(|a| a.to_string()))
        .add_opt("Contains", query.contains.as_ref().map(|c| c.as_str()))
        .add_bool("VoiceEnabled", query.voice)
        .add_bool("SmsEnabled", query.sms)
        .add_bool("MmsEnabled", query.mms)
        .add("PageSize", query.page_size().to_string());
    request(
        Some(operation_id),
        template,
        HttpMethod::Get,
        account_path(
            account,
            &format!("AvailablePhoneNumbers/{}/{resource}.json", query.country),
        ),
        params,
        200,
    )
}

fn add_webhooks(params: &mut Params, webhooks: &NumberWebhooks) {
    params
        .add("VoiceUrl", webhooks.voice_url.as_str())
        .add("VoiceMethod", "POST")
        .add("SmsUrl", webhooks.sms_url.as_str())
        .add("SmsMethod", "POST")
        .add("StatusCallback", webhooks.status_callback.as_str())
        .add("StatusCallbackMethod", "POST");
}

/// `POST IncomingPhoneNumbers.json`: buys `PhoneNumber` (with `FriendlyName` when given)
/// and points its webhooks in the same request.
#[must_use]
pub(crate) fn purchase(account: &AccountSid, purchase: &PurchaseRequest) -> PlannedRequest {
    let mut params = Params::new();
    params
        .add("PhoneNumber", purchase.phone_number.as_str())
        .add_opt(
            "FriendlyName",
            purchase.friendly_name.as_ref().map(FriendlyName::as_str),
        );
    add_webhooks(&mut params, &purchase.webhooks);
    request(
        Some("CreateIncomingPhoneNumber"),
        "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json",
        HttpMethod::Post,
        account_path(account, "IncomingPhoneNumbers.json"),
        params,
        201,
    )
}

fn update_incoming_number(
    account: &AccountSid,
    sid: &IncomingNumberSid,
    params: Params,
) -> PlannedRequest {
    request(
        Some("UpdateIncomingPhoneNumber"),
        "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json",
        HttpMethod::Post,
        account_path(account, &format!("IncomingPhoneNumbers/{sid}.json")),
        params,
        200,
    )
}

/// `POST IncomingPhoneNumbers/{Sid}.json` with `FriendlyName`.
#[must_use]
pub(crate) fn rename(
    account: &AccountSid,
    sid: &IncomingNumberSid,
    name: &FriendlyName,
) -> PlannedRequest {
    let mut params = Params::new();
    params.add("FriendlyName", name.as_str());
    update_incoming_number(account, sid, params)
}

/// `POST IncomingPhoneNumbers/{Sid}.json` with the voice, SMS and status callback URLs
/// (each method `POST`).
#[must_use]
pub(crate) fn configure_webhooks(
    account: &AccountSid,
    sid: &IncomingNumberSid,
    webhooks: &NumberWebhooks,
) -> PlannedRequest {
    let mut params = Params::new();
    add_webhooks(&mut params, webhooks);
    update_incoming_number(account, sid, params)
}

/// `DELETE IncomingPhoneNumbers/{Sid}.json` (answers 204).
#[must_use]
pub(crate) fn release(account: &AccountSid, sid: &IncomingNumberSid) -> PlannedRequest {
    request(
        Some("DeleteIncomingPhoneNumber"),
        "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json",
        HttpMethod::Delete,
        account_path(account, &format!("IncomingPhoneNumbers/{sid}.json")),
        Params::new(),
        204,
    )
}

const LIST_INCOMING_TEMPLATE: &str = "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json";

/// `GET IncomingPhoneNumbers.json?PageSize=1000`: the first page of the account's numbers.
#[must_use]
pub(crate) fn list_incoming_numbers(account: &AccountSid) -> PlannedRequest {
    let mut params = Params::new();
    params.add("PageSize", INCOMING_NUMBERS_PAGE_SIZE.to_string());
    request(
        Some("ListIncomingPhoneNumber"),
        LIST_INCOMING_TEMPLATE,
        HttpMethod::Get,
        account_path(account, "IncomingPhoneNumbers.json"),
        params,
        200,
    )
}

/// The request for the page a list answer's `next_page_uri` names (a path with its query,
/// relative to the API host). Only the path and query are kept, so the request goes to the
/// configured base URL and the credentials never go to another host.
///
/// # Errors
/// [`TelephonyError::InvalidResponse`] when the URI is not the same account's
/// `IncomingPhoneNumbers.json` list.
pub(crate) fn next_incoming_numbers_page(
    account: &AccountSid,
    next_page_uri: &str,
) -> Result<PlannedRequest, TelephonyError> {
    let expected = account_path(account, "IncomingPhoneNumbers.json");
    let params = next_page_params(&expected, next_page_uri, "number list")?;
    Ok(request(
        Some("ListIncomingPhoneNumber"),
        LIST_INCOMING_TEMPLATE,
        HttpMethod::Get,
        expected,
        params,
        200,
    ))
}

/// `GET /2010-04-01/Accounts/{Sid}.json`: the account itself.
#[must_use]
pub(crate) fn fetch_account(account: &AccountSid) -> PlannedRequest {
    request(
        Some("FetchAccount"),
        "/2010-04-01/Accounts/{Sid}.json",
        HttpMethod::Get,
        format!("{API_PREFIX}/Accounts/{account}.json"),
        Params::new(),
        200,
    )
}
