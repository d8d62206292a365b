//! The request-building layer: every request the REST client can send, as plain data
//! (method, path, parameters), built by pure functions. The client sends exactly what these
//! functions return, so a test can check each of them against Twilio's OpenAPI document
//! ([`describe_requests`] lists one example of every shape).

use std::fmt;

use switchboard_domain::numbers::{
    AvailableNumberQuery, FriendlyName, NumberType, NumberWebhooks, PurchaseRequest,
};
use switchboard_domain::telephony::{
    CallEvent, CallInstructions, MediaFormat, OutboundCall, OutboundMessage, TelephonyError,
};
use switchboard_domain::{AccountSid, CallSid, IncomingNumberSid, MessageSid, RecordingSid};
use url::Url;

/// The API version prefix of every path.
pub(crate) const API_PREFIX: &str = "/2010-04-01";

/// The page size used to list the account's numbers: the spec's maximum `PageSize`.
pub(crate) const INCOMING_NUMBERS_PAGE_SIZE: u32 = 1000;

/// An HTTP method the client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`: parameters go in the query string.
    Get,
    /// `POST`: parameters go in an `application/x-www-form-urlencoded` body.
    Post,
    /// `DELETE`: parameters (none today) go in the query string.
    Delete,
}

impl HttpMethod {
    /// `GET`, `POST` or `DELETE`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a request's parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// In the URL's query string.
    Query,
    /// In an `application/x-www-form-urlencoded` body.
    FormBody,
}

/// One request, ready to send: what the client puts on the wire, minus the host and the
/// `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRequest {
    /// The OpenAPI `operationId` (`CreateCall`, ...), or `None` for the one request that is
    /// not in the spec: downloading recording audio (`Recordings/{Sid}.mp3|.wav`).
    pub operation_id: Option<&'static str>,
    /// The spec's path template (`/2010-04-01/Accounts/{AccountSid}/Calls.json`).
    pub path_template: &'static str,
    /// The method.
    pub method: HttpMethod,
    /// The concrete path, starting with `/2010-04-01`, appended to the base URL's path.
    pub path: String,
    /// Parameters in order; a key repeats for each element of an array parameter
    /// (`StatusCallbackEvent`, `MediaUrl`). Booleans are `true`/`false`.
    pub params: Vec<(String, String)>,
    /// The success status the spec documents (201 create, 200 fetch/update/list, 204 delete).
    pub expected_status: u16,
}

impl PlannedRequest {
    /// Where [`Self::params`] go: the query string for `GET`/`DELETE`, a form body for `POST`.
    #[must_use]
    pub fn param_location(&self) -> ParamLocation {
        match self.method {
            HttpMethod::Post => ParamLocation::FormBody,
            HttpMethod::Get | HttpMethod::Delete => ParamLocation::Query,
        }
    }

    /// The values of a parameter, in order.
    #[must_use]
    pub fn param_values(&self, name: &str) -> Vec<&str> {
        self.params
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A short label for logs and error reasons: `POST /2010-04-01/Accounts/AC…/Calls.json`.
    #[must_use]
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

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

struct Params(Vec<(String, String)>);

impl Params {
    fn new() -> Self {
        Self(Vec::new())
    }

    fn add(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.0.push((key.to_owned(), value.into()));
        self
    }

    fn add_opt(&mut self, key: &str, value: Option<impl Into<String>>) -> &mut Self {
        if let Some(value) = value {
            self.add(key, value);
        }
        self
    }

    fn add_bool(&mut self, key: &str, value: Option<bool>) -> &mut Self {
        self.add_opt(key, value.map(|b| if b { "true" } else { "false" }))
    }
}

fn account_path(account: &AccountSid, rest: &str) -> String {
    format!("{API_PREFIX}/Accounts/{account}/{rest}")
}

fn request(
    operation_id: Option<&'static str>,
    path_template: &'static str,
    method: HttpMethod,
    path: String,
    params: Params,
    expected_status: u16,
) -> PlannedRequest {
    PlannedRequest {
        operation_id,
        path_template,
        method,
        path,
        params: params.0,
        expected_status,
    }
}

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
    let invalid = || TelephonyError::InvalidResponse {
        reason: format!(
            "next_page_uri {:?} is not this account's number list",
            next_page_uri.chars().take(200).collect::<String>()
        ),
    };
    let anchor = Url::parse("https://api.twilio.com/").map_err(|_| invalid())?;
    let url = anchor.join(next_page_uri).map_err(|_| invalid())?;
    let expected = account_path(account, "IncomingPhoneNumbers.json");
    if url.path() != expected {
        return Err(invalid());
    }
    let mut params = Params::new();
    for (key, value) in url.query_pairs() {
        params.add(&key, value);
    }
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

/// `POST Calls.json`: `To`, `From`, then `Url` (with `Method=POST`) or `Twiml`;
/// `StatusCallback` with `StatusCallbackMethod=POST` and one `StatusCallbackEvent` per event
/// when a callback is set; `Record=true` with `RecordingStatusCallback` and
/// `RecordingStatusCallbackMethod=POST` when recording; `Timeout` when set.
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
        params.add("Record", "true");
    }
    if let Some(callback) = &call.recording_status_callback {
        params
            .add("RecordingStatusCallback", callback.as_str())
            .add("RecordingStatusCallbackMethod", "POST");
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

/// `GET Recordings/{Sid}.json`.
#[must_use]
pub(crate) fn fetch_recording(account: &AccountSid, sid: &RecordingSid) -> PlannedRequest {
    request(
        Some("FetchRecording"),
        "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json",
        HttpMethod::Get,
        account_path(account, &format!("Recordings/{sid}.json")),
        Params::new(),
        200,
    )
}

/// `DELETE Recordings/{Sid}.json` (answers 204).
#[must_use]
pub(crate) fn delete_recording(account: &AccountSid, sid: &RecordingSid) -> PlannedRequest {
    request(
        Some("DeleteRecording"),
        "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json",
        HttpMethod::Delete,
        account_path(account, &format!("Recordings/{sid}.json")),
        Params::new(),
        204,
    )
}

/// `GET Recordings/{Sid}.mp3` or `.wav`: the audio. Not an operation of the OpenAPI
/// document (`operation_id` is `None`); Twilio serves it at the recording's URI with the
/// extension swapped.
#[must_use]
pub(crate) fn recording_media(
    account: &AccountSid,
    sid: &RecordingSid,
    format: MediaFormat,
) -> PlannedRequest {
    let template = match format {
        MediaFormat::Mp3 => "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.mp3",
        MediaFormat::Wav => "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.wav",
    };
    request(
        None,
        template,
        HttpMethod::Get,
        account_path(account, &format!("Recordings/{sid}.{}", format.extension())),
        Params::new(),
        200,
    )
}

/// `POST Messages.json`: `To`, `From`, `Body` when set, one `MediaUrl` per attachment,
/// `StatusCallback` when set.
#[must_use]
pub(crate) fn create_message(account: &AccountSid, message: &OutboundMessage) -> PlannedRequest {
    let mut params = Params::new();
    params
        .add("To", message.to.as_str())
        .add("From", message.from.as_str())
        .add_opt("Body", message.body.as_deref());
    for media in &message.media_urls {
        params.add("MediaUrl", media.as_str());
    }
    params.add_opt(
        "StatusCallback",
        message.status_callback.as_ref().map(Url::as_str),
    );
    request(
        Some("CreateMessage"),
        "/2010-04-01/Accounts/{AccountSid}/Messages.json",
        HttpMethod::Post,
        account_path(account, "Messages.json"),
        params,
        201,
    )
}

/// `GET Messages/{Sid}.json`.
#[must_use]
pub(crate) fn fetch_message(account: &AccountSid, sid: &MessageSid) -> PlannedRequest {
    request(
        Some("FetchMessage"),
        "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
        HttpMethod::Get,
        account_path(account, &format!("Messages/{sid}.json")),
        Params::new(),
        200,
    )
}

mod examples;

pub use examples::describe_requests;

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> AccountSid {
        AccountSid::parse(examples::EXAMPLE_ACCOUNT_SID).unwrap()
    }

    #[test]
    fn every_example_is_built_under_the_account() {
        let requests = describe_requests();
        let prefix = format!("{API_PREFIX}/Accounts/{}", examples::EXAMPLE_ACCOUNT_SID);
        for r in &requests {
            assert!(r.path.starts_with(&prefix), "{}", r.label());
            assert!(
                r.path_template.starts_with("/2010-04-01/Accounts/{"),
                "{}",
                r.label()
            );
        }
        let mut ids: Vec<_> = requests.iter().filter_map(|r| r.operation_id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(
            ids,
            [
                "CreateCall",
                "CreateIncomingPhoneNumber",
                "CreateMessage",
                "DeleteIncomingPhoneNumber",
                "DeleteRecording",
                "FetchAccount",
                "FetchCall",
                "FetchMessage",
                "FetchRecording",
                "ListAvailablePhoneNumberLocal",
                "ListAvailablePhoneNumberMobile",
                "ListAvailablePhoneNumberTollFree",
                "ListIncomingPhoneNumber",
                "UpdateCall",
                "UpdateIncomingPhoneNumber",
            ]
        );
        assert_eq!(
            requests.iter().filter(|r| r.operation_id.is_none()).count(),
            2
        );
    }

    #[test]
    fn next_page_keeps_path_and_query_only_and_refuses_other_lists() {
        let account = account();
        let ok = next_incoming_numbers_page(
            &account,
            "https://evil.example/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/IncomingPhoneNumbers.json?PageSize=1000&Page=2&PageToken=PA%2Bx",
        )
        .unwrap();
        assert_eq!(
            ok.path,
            "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/IncomingPhoneNumbers.json"
        );
        assert_eq!(ok.param_values("PageToken"), ["PA+x"]);
        assert_eq!(ok.param_values("Page"), ["2"]);
        for bad in [
            "/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/IncomingPhoneNumbers.json?Page=1",
            "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json?Page=1",
            "",
        ] {
            assert!(matches!(
                next_incoming_numbers_page(&account, bad),
                Err(TelephonyError::InvalidResponse { .. })
            ));
        }
    }
}
