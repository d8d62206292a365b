//! One example of every request shape the client sends, for checks against the OpenAPI
//! document and the Twilio stand-in.

use switchboard_domain::PhoneNumber;
use switchboard_domain::numbers::{
    AreaCode, AvailableNumberQuery, ContainsPattern, CountryCode, FriendlyName, NumberType,
    NumberWebhooks, PurchaseRequest,
};
use switchboard_domain::telephony::{
    CallEvent, CallInstructions, MediaFormat, OutboundCall, OutboundMessage,
};
use switchboard_domain::{
    AccountSid, ApplicationSid, CallSid, IncomingNumberSid, MessageSid, RecordingSid,
};
use url::Url;

use super::applications::{
    create_application, list_applications, next_applications_page, update_application,
};
use super::calls::{CallUpdateStatus, create_call, fetch_call, list_calls, update_call_status};
use super::messages::{create_message, fetch_message, list_messages};
use super::numbers::{
    fetch_account, list_incoming_numbers, next_incoming_numbers_page, purchase, release, rename,
    search_available,
};
use super::recordings::{delete_recording, fetch_recording, recording_media};
use super::request::PlannedRequest;
use crate::rest::twiml_app::TwimlAppSettings;

/// The example account SID used by [`describe_requests`].
pub(crate) const EXAMPLE_ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";

/// One request of every shape the client can send (each number type, optional parameters
/// present and absent, URL and TwiML calls, both call updates, both audio formats, TwiML
/// Apps with and without a status callback, follow-up list pages), with example values, in
/// no particular order.
#[must_use]
#[expect(
    clippy::unwrap_used,
    reason = "literal example values that are valid; a unit test builds every example"
)]
pub fn describe_requests() -> Vec<PlannedRequest> {
    let account = AccountSid::parse(EXAMPLE_ACCOUNT_SID).unwrap();
    let number = IncomingNumberSid::parse("PN0123456789abcdef0123456789abcdef").unwrap();
    let call = CallSid::parse("CA0123456789abcdef0123456789abcdef").unwrap();
    let recording = RecordingSid::parse("RE0123456789abcdef0123456789abcdef").unwrap();
    let message = MessageSid::parse("SM0123456789abcdef0123456789abcdef").unwrap();
    let phone = PhoneNumber::parse("+14155550100").unwrap();
    let webhooks =
        NumberWebhooks::under(&Url::parse("https://switchboard.example.com").unwrap()).unwrap();
    let name = FriendlyName::parse("Front desk").unwrap();

    let mut requests = Vec::new();
    for number_type in [NumberType::Local, NumberType::TollFree, NumberType::Mobile] {
        let mut query = AvailableNumberQuery::local(CountryCode::us());
        query.number_type = number_type;
        requests.push(search_available(&account, &query));
    }
    let full_query = AvailableNumberQuery {
        country: CountryCode::parse("ca").unwrap(),
        number_type: NumberType::Local,
        area_code: Some(AreaCode::parse("604").unwrap()),
        contains: Some(ContainsPattern::parse("55*").unwrap()),
        voice: Some(true),
        sms: Some(false),
        mms: Some(true),
        limit: 5,
    };
    requests.push(search_available(&account, &full_query));

    let mut buy = PurchaseRequest {
        phone_number: phone.clone(),
        friendly_name: None,
        webhooks: webhooks.clone(),
    };
    requests.push(purchase(&account, &buy));
    buy.friendly_name = Some(name.clone());
    requests.push(purchase(&account, &buy));
    requests.push(rename(&account, &number, &name));
    requests.push(super::numbers::configure_webhooks(
        &account, &number, &webhooks,
    ));
    requests.push(release(&account, &number));
    requests.push(list_incoming_numbers(&account));
    requests.push(
        next_incoming_numbers_page(
            &account,
            &format!(
                "/2010-04-01/Accounts/{EXAMPLE_ACCOUNT_SID}/IncomingPhoneNumbers.json?PageSize=1000&Page=1&PageToken=PAexample"
            ),
        )
        .unwrap(),
    );
    requests.push(fetch_account(&account));

    let minimal_call = OutboundCall {
        to: "+14155550199".to_owned(),
        from: phone.clone(),
        instructions: CallInstructions::Url(
            Url::parse("https://switchboard.example.com/webhooks/twilio/voice/outbound").unwrap(),
        ),
        status_callback: None,
        status_events: Vec::new(),
        record: false,
        recording_status_callback: None,
        timeout_seconds: None,
    };
    requests.push(create_call(&account, &minimal_call));
    let full_call = OutboundCall {
        to: "client:alice".to_owned(),
        instructions: CallInstructions::Twiml("<Response><Say>Hello</Say></Response>".to_owned()),
        status_callback: Some(webhooks.status_callback.clone()),
        status_events: CallEvent::ALL.to_vec(),
        record: true,
        recording_status_callback: Some(
            Url::parse("https://switchboard.example.com/webhooks/twilio/recordings").unwrap(),
        ),
        timeout_seconds: Some(30),
        ..minimal_call
    };
    requests.push(create_call(&account, &full_call));
    requests.push(fetch_call(&account, &call));
    requests.push(update_call_status(
        &account,
        &call,
        CallUpdateStatus::Canceled,
    ));
    requests.push(update_call_status(
        &account,
        &call,
        CallUpdateStatus::Completed,
    ));

    requests.push(fetch_recording(&account, &recording));
    requests.push(delete_recording(&account, &recording));
    requests.push(recording_media(&account, &recording, MediaFormat::Mp3));
    requests.push(recording_media(&account, &recording, MediaFormat::Wav));

    let application = ApplicationSid::parse("AP0123456789abcdef0123456789abcdef").unwrap();
    let mut app = TwimlAppSettings {
        friendly_name: FriendlyName::parse("Switchboard").unwrap(),
        voice_url: webhooks.voice_url.clone(),
        status_callback: None,
    };
    requests.push(create_application(&account, &app));
    requests.push(update_application(&account, &application, &app));
    app.status_callback = Some(webhooks.status_callback.clone());
    requests.push(create_application(&account, &app));
    requests.push(update_application(&account, &application, &app));
    requests.push(list_applications(&account, None));
    requests.push(list_applications(&account, Some(&app.friendly_name)));
    requests.push(
        next_applications_page(
            &account,
            &format!(
                "/2010-04-01/Accounts/{EXAMPLE_ACCOUNT_SID}/Applications.json?FriendlyName=Switchboard&PageSize=1000&Page=1&PageToken=PAexample"
            ),
        )
        .unwrap(),
    );

    let minimal_message = OutboundMessage {
        to: "+14155550199".to_owned(),
        from: phone.to_string(),
        body: Some("Hello".to_owned()),
        media_urls: Vec::new(),
        status_callback: None,
    };
    requests.push(create_message(&account, &minimal_message));
    let media_message = OutboundMessage {
        to: "whatsapp:+14155550199".to_owned(),
        from: "whatsapp:+14155550100".to_owned(),
        body: None,
        media_urls: vec![
            Url::parse("https://example.com/a.png").unwrap(),
            Url::parse("https://example.com/b.jpg").unwrap(),
        ],
        status_callback: Some(
            Url::parse("https://switchboard.example.com/webhooks/twilio/messages/status").unwrap(),
        ),
    };
    requests.push(create_message(&account, &media_message));
    requests.push(fetch_message(&account, &message));
    let since = time::macros::datetime!(2026-12-04 01:02:03 UTC);
    requests.push(list_messages(
        &account,
        &switchboard_domain::telephony::MessageSearch {
            to: "+14155550100".to_owned(),
            from: "whatsapp:+14155550101".to_owned(),
            sent_since: since,
        },
    ));
    for window in [
        switchboard_domain::telephony::CallWindow::StartedSince(since),
        switchboard_domain::telephony::CallWindow::Queued,
    ] {
        requests.push(list_calls(
            &account,
            &switchboard_domain::telephony::CallSearch {
                to: "+14155550100".to_owned(),
                from: switchboard_domain::PhoneNumber::parse("+14155550101").unwrap(),
                window,
            },
        ));
    }
    requests
}
