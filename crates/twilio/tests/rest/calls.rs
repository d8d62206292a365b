//! CallControl: placing, reading and ending calls.

use serde_json::json;
use switchboard_domain::ports::CallControl;
use switchboard_domain::telephony::{
    CallEvent, CallInstructions, CallStatus, OutboundCall, TelephonyError,
};
use switchboard_domain::{Amount, Currency};
use url::Url;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

fn call_path() -> String {
    account_path(&format!("Calls/{CALL_SID}.json"))
}

async fn mount_create(server: &MockServer, status: u16, body: serde_json::Value) {
    answer_json("POST", account_path("Calls.json"), status, body)
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_call_with_a_url_sends_to_from_url_and_method_only() {
    let server = MockServer::start().await;
    mount_create(&server, 201, call_json("queued")).await;
    let call = client(&server)
        .place_call(&outbound_call(CallInstructions::Url(
            Url::parse("https://switchboard.example.com/twiml/outbound?x=1&y=2").unwrap(),
        )))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "POST", &account_path("Calls.json"));
    assert_eq!(
        form(&request),
        pairs(&[
            ("To", "+14155550199"),
            ("From", "+14155550100"),
            (
                "Url",
                "https://switchboard.example.com/twiml/outbound?x=1&y=2"
            ),
            ("Method", "POST"),
        ])
    );
    assert_eq!(call.sid, call_sid());
    assert_eq!(call.status, CallStatus::Queued);
}

#[tokio::test]
async fn a_full_call_repeats_status_callback_event_and_maps_the_answer() {
    let server = MockServer::start().await;
    mount_create(&server, 201, call_json("completed")).await;
    let twiml = "<Response><Say>Hi & bye</Say></Response>";
    let call = OutboundCall {
        status_callback: Some(
            Url::parse("https://switchboard.example.com/webhooks/twilio/voice/status").unwrap(),
        ),
        status_events: vec![
            CallEvent::Initiated,
            CallEvent::Ringing,
            CallEvent::Answered,
            CallEvent::Completed,
        ],
        record: true,
        recording_status_callback: Some(
            Url::parse("https://switchboard.example.com/webhooks/twilio/recordings").unwrap(),
        ),
        timeout_seconds: Some(45),
        ..outbound_call(CallInstructions::Twiml(twiml.to_owned()))
    };
    let info = client(&server).place_call(&call).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(
        form(&request),
        pairs(&[
            ("To", "+14155550199"),
            ("From", "+14155550100"),
            ("Twiml", twiml),
            (
                "StatusCallback",
                "https://switchboard.example.com/webhooks/twilio/voice/status"
            ),
            ("StatusCallbackMethod", "POST"),
            ("StatusCallbackEvent", "initiated"),
            ("StatusCallbackEvent", "ringing"),
            ("StatusCallbackEvent", "answered"),
            ("StatusCallbackEvent", "completed"),
            ("Record", "true"),
            ("RecordingChannels", "dual"),
            (
                "RecordingStatusCallback",
                "https://switchboard.example.com/webhooks/twilio/recordings"
            ),
            ("RecordingStatusCallbackMethod", "POST"),
            ("RecordingStatusCallbackEvent", "in-progress"),
            ("RecordingStatusCallbackEvent", "completed"),
            ("RecordingStatusCallbackEvent", "absent"),
            ("Timeout", "45"),
        ])
    );
    let raw = String::from_utf8(request.body.clone()).unwrap();
    assert_eq!(
        raw.split('&')
            .filter(|pair| pair.starts_with("StatusCallbackEvent="))
            .count(),
        4,
        "one key per event, not a joined list: {raw}"
    );

    assert_eq!(info.status, CallStatus::Completed);
    assert_eq!(info.from, "+14155550100");
    assert_eq!(info.to, "+14155550199");
    assert_eq!(info.direction, "outbound-api");
    assert_eq!(info.duration_seconds, Some(15));
    assert_eq!(info.price, Some(Amount::parse("-0.03").unwrap()));
    assert_eq!(info.price_unit, Some(Currency::usd()));
    assert_eq!(
        info.start_time.map(|t| t.unix_timestamp()),
        Some(1_283_286_989)
    );
    assert_eq!(
        info.end_time.map(|t| t.unix_timestamp()),
        Some(1_283_287_004)
    );
}

#[tokio::test]
async fn an_invalid_destination_is_invalid_to() {
    let server = MockServer::start().await;
    mount_create(
        &server,
        400,
        error_json(
            21211,
            "The 'To' number +1555 is not a valid phone number.",
            400,
        ),
    )
    .await;
    let err = client(&server)
        .place_call(&OutboundCall {
            to: "+1555".to_owned(),
            ..outbound_call(CallInstructions::Twiml("<Response/>".to_owned()))
        })
        .await
        .unwrap_err();
    assert_eq!(
        err,
        TelephonyError::InvalidTo {
            message: "The 'To' number +1555 is not a valid phone number.".into()
        }
    );
}

#[tokio::test]
async fn reading_a_call_maps_nulls_and_an_unknown_call_is_not_found() {
    let server = MockServer::start().await;
    let mut ringing = call_json("ringing");
    for field in ["duration", "price", "price_unit", "start_time", "end_time"] {
        ringing[field] = serde_json::Value::Null;
    }
    answer_json("GET", call_path(), 200, ringing)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    answer_json("GET", call_path(), 404, not_found_json())
        .mount(&server)
        .await;
    let client = client(&server);
    let call = client.call(&call_sid()).await.unwrap();
    assert_eq!(call.status, CallStatus::Ringing);
    assert_eq!(call.duration_seconds, None);
    assert_eq!(call.price, None);
    assert_eq!(call.price_unit, None);
    assert_eq!(call.start_time, None);
    assert_eq!(
        client.call(&call_sid()).await,
        Err(TelephonyError::NotFound)
    );
    let requests = received(&server).await;
    assert_request(&requests[0], "GET", &call_path());
    assert!(requests[0].url.query().is_none());
}

/// Mounts `GET` of the call answering `status`.
async fn mount_fetch(server: &MockServer, status: &str) {
    answer_json("GET", call_path(), 200, call_json(status))
        .mount(server)
        .await;
}

/// Mounts one `POST` to the call answering the call in `status`.
async fn mount_update(server: &MockServer, status: &str) {
    answer_json("POST", call_path(), 200, call_json(status))
        .expect(1)
        .mount(server)
        .await;
}

/// The `Status` values of every update the server received.
async fn updates(server: &MockServer) -> Vec<Vec<(String, String)>> {
    received(server)
        .await
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| {
            assert_request(r, "POST", &call_path());
            form(r)
        })
        .collect()
}

#[tokio::test]
async fn ending_an_answered_call_completes_it() {
    let server = MockServer::start().await;
    mount_fetch(&server, "in-progress").await;
    mount_update(&server, "completed").await;
    let ended = client(&server).end_call(&call_sid()).await.unwrap();
    assert_eq!(ended.status, CallStatus::Completed);
    assert_eq!(
        updates(&server).await,
        vec![pairs(&[("Status", "completed")])]
    );
}

#[tokio::test]
async fn ending_a_ringing_call_cancels_it() {
    let server = MockServer::start().await;
    mount_fetch(&server, "ringing").await;
    mount_update(&server, "canceled").await;
    let ended = client(&server).end_call(&call_sid()).await.unwrap();
    assert_eq!(ended.status, CallStatus::Canceled);
    assert_eq!(
        updates(&server).await,
        vec![pairs(&[("Status", "canceled")])]
    );
}

#[tokio::test]
async fn ending_an_ended_call_changes_nothing() {
    let server = MockServer::start().await;
    mount_fetch(&server, "no-answer").await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let ended = client(&server).end_call(&call_sid()).await.unwrap();
    assert_eq!(ended.status, CallStatus::NoAnswer);
    assert!(updates(&server).await.is_empty());
}

#[tokio::test]
async fn a_call_answered_while_being_canceled_is_then_completed() {
    let server = MockServer::start().await;
    mount_fetch(&server, "queued").await;
    Mock::given(method("POST"))
        .and(path(call_path()))
        .and(body_string_contains("Status=canceled"))
        .respond_with(ResponseTemplate::new(200).set_body_json(call_json("in-progress")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(call_path()))
        .and(body_string_contains("Status=completed"))
        .respond_with(ResponseTemplate::new(200).set_body_json(call_json("completed")))
        .expect(1)
        .mount(&server)
        .await;
    let ended = client(&server).end_call(&call_sid()).await.unwrap();
    assert_eq!(ended.status, CallStatus::Completed);
    assert_eq!(
        updates(&server).await,
        vec![
            pairs(&[("Status", "canceled")]),
            pairs(&[("Status", "completed")])
        ]
    );
}

#[tokio::test]
async fn a_call_that_ends_before_the_hang_up_is_returned_as_ended() {
    let server = MockServer::start().await;
    answer_json("GET", call_path(), 200, call_json("in-progress"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_fetch(&server, "completed").await;
    answer_json(
        "POST",
        call_path(),
        400,
        error_json(21220, "Call is not in-progress. Cannot redirect.", 400),
    )
    .expect(1)
    .mount(&server)
    .await;
    let ended = client(&server).end_call(&call_sid()).await.unwrap();
    assert_eq!(ended.status, CallStatus::Completed);
    let methods: Vec<_> = received(&server)
        .await
        .iter()
        .map(|r| r.method.to_string())
        .collect();
    assert_eq!(methods, ["GET", "POST", "GET"]);
}

#[tokio::test]
async fn ending_an_unknown_call_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "code": 20404, "message": "not found", "status": 404
        })))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server).end_call(&call_sid()).await,
        Err(TelephonyError::NotFound)
    );
}
