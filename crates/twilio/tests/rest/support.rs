//! Shared fixtures: a client pointed at a mock server, the expected auth header, request
//! readers and Twilio-shaped JSON.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use switchboard_domain::telephony::{CallInstructions, OutboundCall};
use switchboard_domain::{AccountSid, CallSid, PhoneNumber};
use switchboard_twilio::rest::{Credentials, RestConfig, RetryPolicy, Secret, TwilioRestClient};
use url::Url;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
pub const TOKEN: &str = "tok5ecretNeverShown0123456789abcd";
pub const NUMBER_SID: &str = "PN0123456789abcdef0123456789abcdef";
pub const CALL_SID: &str = "CA0123456789abcdef0123456789abcdef";
pub const RECORDING_SID: &str = "RE0123456789abcdef0123456789abcdef";
pub const MESSAGE_SID: &str = "SM0123456789abcdef0123456789abcdef";

/// A configuration for `server`: auth-token credentials, a 2 s timeout and millisecond
/// retry delays.
pub fn config(server: &MockServer) -> RestConfig {
    config_for(Url::parse(&server.uri()).expect("a valid fixture"))
}

/// As [`config`], for a server at `base_url`.
pub fn config_for(base_url: Url) -> RestConfig {
    let mut config = RestConfig::new(
        AccountSid::parse(ACCOUNT).expect("a valid fixture"),
        Credentials::AuthToken(Secret::new(TOKEN)),
    )
    .with_base_url(base_url);
    config.timeout = Duration::from_secs(2);
    config.retry = RetryPolicy {
        max_retries: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        max_retry_after: Duration::from_secs(30),
    };
    config
}

pub fn client(server: &MockServer) -> TwilioRestClient {
    TwilioRestClient::new(config(server)).expect("the client builds")
}

/// A mock answering `http_method` requests to `request_path` with `status` and a JSON body;
/// add `.expect(..)`, `.up_to_n_times(..)` or `.with_priority(..)`, then mount it.
pub fn answer_json(http_method: &str, request_path: String, status: u16, body: Value) -> Mock {
    Mock::given(method(http_method))
        .and(path(request_path))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
}

/// A server answering every request with `template`.
pub async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// `Basic base64(user:password)`.
pub fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
}

/// The header every request made with [`config`] carries.
pub fn auth_header() -> String {
    basic(ACCOUNT, TOKEN)
}

/// `/2010-04-01/Accounts/{ACCOUNT}/{rest}`.
pub fn account_path(rest: &str) -> String {
    format!("/2010-04-01/Accounts/{ACCOUNT}/{rest}")
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

/// The form body's pairs, sorted (repeated keys stay repeated).
pub fn form(request: &Request) -> Vec<(String, String)> {
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    sorted(
        url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect(),
    )
}

/// The query string's pairs, sorted.
pub fn query(request: &Request) -> Vec<(String, String)> {
    sorted(request.url.query_pairs().into_owned().collect())
}

/// Expected pairs, sorted, from literals.
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    sorted(
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

/// Every request the server received.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// The one request the server received (fails if there were more).
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = received(server).await;
    assert_eq!(all.len(), 1, "expected exactly one request");
    all.remove(0)
}

/// The `Authorization` header of a received request, when it is text.
pub fn authorization(request: &Request) -> Option<&str> {
    request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
}

/// Asserts method, path and the Basic auth header of a received request.
pub fn assert_request(request: &Request, method: &str, path: &str) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), path);
    assert_eq!(authorization(request), Some(auth_header().as_str()));
}

/// An incoming phone number resource as the spec's example prints it.
pub fn incoming_number_json(phone: &str, friendly_name: &str) -> Value {
    json!({
        "account_sid": ACCOUNT,
        "address_requirements": "none",
        "api_version": "2010-04-01",
        "beta": false,
        "capabilities": {"voice": true, "sms": false, "mms": true, "fax": false},
        "date_created": "Thu, 30 Jul 2015 23:19:04 +0000",
        "date_updated": "Thu, 30 Jul 2015 23:19:04 +0000",
        "friendly_name": friendly_name,
        "phone_number": phone,
        "sid": NUMBER_SID,
        "sms_method": "POST",
        "sms_url": "https://switchboard.example.com/webhooks/twilio/messages",
        "status_callback": "https://switchboard.example.com/webhooks/twilio/voice/status",
        "status_callback_method": "POST",
        "voice_method": "POST",
        "voice_url": "https://switchboard.example.com/webhooks/twilio/voice",
        "uri": format!("/2010-04-01/Accounts/{ACCOUNT}/IncomingPhoneNumbers/{NUMBER_SID}.json"),
        "status": "in-use"
    })
}

/// A call resource in `status`.
pub fn call_json(status: &str) -> Value {
    json!({
        "account_sid": ACCOUNT,
        "annotation": null,
        "answered_by": null,
        "api_version": "2010-04-01",
        "caller_name": null,
        "date_created": "Tue, 31 Aug 2010 20:36:28 +0000",
        "date_updated": "Tue, 31 Aug 2010 20:36:44 +0000",
        "direction": "outbound-api",
        "duration": "15",
        "end_time": "Tue, 31 Aug 2010 20:36:44 +0000",
        "forwarded_from": null,
        "from": "+14155550100",
        "from_formatted": "(415) 555-0100",
        "parent_call_sid": null,
        "phone_number_sid": NUMBER_SID,
        "price": "-0.03000",
        "price_unit": "USD",
        "sid": CALL_SID,
        "start_time": "Tue, 31 Aug 2010 20:36:29 +0000",
        "status": status,
        "to": "+14155550199",
        "to_formatted": "(415) 555-0199",
        "uri": format!("/2010-04-01/Accounts/{ACCOUNT}/Calls/{CALL_SID}.json")
    })
}

/// The fixture call's SID.
pub fn call_sid() -> CallSid {
    CallSid::parse(CALL_SID).expect("a valid fixture")
}

/// A call from +14155550100 to +14155550199 following `instructions`, with nothing else set.
pub fn outbound_call(instructions: CallInstructions) -> OutboundCall {
    OutboundCall {
        to: "+14155550199".to_owned(),
        from: PhoneNumber::parse("+14155550100").expect("a valid fixture"),
        instructions,
        status_callback: None,
        status_events: Vec::new(),
        record: false,
        recording_status_callback: None,
        timeout_seconds: None,
    }
}

/// Twilio's 20404 body.
pub fn not_found_json() -> Value {
    error_json(20404, "The requested resource was not found", 404)
}

/// A Twilio error body.
pub fn error_json(code: u32, message: &str, status: u16) -> Value {
    json!({
        "code": code,
        "message": message,
        "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
        "status": status
    })
}
