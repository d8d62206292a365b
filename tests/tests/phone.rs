//! The console's local phone channel end to end: `/v1/phone...` over HTTP against the app,
//! with the Twilio stand-in carrying the calls out: a browser call placed through the TwiML
//! App and logged `outbound-browser`, an inbound call ringing every tab, answered on one
//! (the others hear it) or rejected to voicemail, and the refusals.

use std::sync::Arc;

use serde_json::{Value, json};
use switchboard_e2e::{
    PUBLIC_BASE_URL, TEST_TWIML_APP_SID, TestApp, TestAppOptions, json_of, problem,
};
use switchboard_twilio_sim::{ApplicationSeed, CallScript, Transcript};

const CALLER: &str = "+14155550111";

async fn app_with_phone() -> TestApp {
    let app = TestApp::spawn_with(TestAppOptions::default().with_local_phone()).await;
    app.sim
        .add_application(
            ApplicationSeed::new()
                .sid(TEST_TWIML_APP_SID)
                .voice_url(format!("{PUBLIC_BASE_URL}/webhooks/twilio/voice"))
                .status_callback(format!("{PUBLIC_BASE_URL}/webhooks/twilio/voice/status")),
        )
        .expect("the TwiML App");
    app
}

/// One long poll: the events and the next position.
async fn poll(app: &TestApp, token: &str, after: Option<u64>) -> (Vec<Value>, u64) {
    let path = match after {
        Some(after) => format!("/v1/phone/events?after={after}&wait=10"),
        None => "/v1/phone/events".to_owned(),
    };
    let body = json_of(app.get(&path, token).await, 200).await;
    let events = body["events"].as_array().expect("events").clone();
    (events, body["next"].as_u64().expect("next"))
}

/// Polls from `after` until an event in `state` for `call_sid` arrives; returns the
/// position after it.
async fn until_state(app: &TestApp, token: &str, after: u64, call_sid: &str, state: &str) -> u64 {
    let mut after = after;
    loop {
        let (events, next) = poll(app, token, Some(after)).await;
        assert!(
            !events.is_empty(),
            "an event within the wait, waiting for {state}"
        );
        if events
            .iter()
            .any(|e| e["callSid"] == call_sid && e["state"] == state)
        {
            return next;
        }
        after = next;
    }
}

/// An inbound call from [`CALLER`] to `to`, run by the stand-in in the background.
fn inbound_call(app: &TestApp, to: &str) -> tokio::task::JoinHandle<Transcript> {
    let sim = Arc::clone(&app.sim);
    let to = to.to_owned();
    tokio::spawn(async move {
        sim.run_inbound_call(&to, CALLER, CallScript::default().record_seconds(4))
            .await
            .expect("the call runs")
    })
}

#[tokio::test]
async fn the_channel_is_local_on_the_stand_in_and_refused_elsewhere() {
    let app = app_with_phone().await;
    let alice = app.user_token("alice");
    let channel = json_of(app.get("/v1/phone", &alice).await, 200).await;
    assert_eq!(channel["channel"], "local");
    let token = json_of(app.get("/v1/voice/token", &alice).await, 200).await;
    assert_eq!(
        channel["identity"], token["identity"],
        "the browser identity"
    );

    let sdk = TestApp::spawn().await;
    let bob = sdk.user_token("bob");
    let channel = json_of(sdk.get("/v1/phone", &bob).await, 200).await;
    assert_eq!(channel["channel"], "voice-sdk");
    let refused = problem(sdk.get("/v1/phone/events", &bob).await, 409).await;
    assert_eq!(refused.code, "local_phone_unavailable");
    let refused = problem(
        sdk.post_json("/v1/phone/calls", &bob, &json!({"to": "+14155550123"}))
            .await,
        409,
    )
    .await;
    assert_eq!(refused.code, "local_phone_unavailable");
}

#[tokio::test]
async fn a_browser_call_is_placed_through_the_twiml_app_and_logged_outbound_browser() {
    let app = app_with_phone().await;
    let alice = app.user_token("alice");
    let (_, number) = app.own_number(&alice).await;
    let (_, start) = poll(&app, &alice, None).await;
    let placed = json_of(
        app.post_json(
            "/v1/phone/calls",
            &alice,
            &json!({"to": "(415) 555-0123", "callerId": number}),
        )
        .await,
        202,
    )
    .await;
    assert_eq!(placed["state"], "ringing");
    let sid = placed["callSid"].as_str().expect("a SID").to_owned();
    let next = until_state(&app, &alice, start, &sid, "in-progress").await;
    let call = json_of(app.get(&format!("/v1/calls/{sid}"), &alice).await, 200).await;
    assert_eq!(
        (
            call["direction"].as_str(),
            call["to"].as_str(),
            call["from"].as_str()
        ),
        (
            Some("outbound-browser"),
            Some("+14155550123"),
            Some(number.as_str())
        ),
        "{call}"
    );
    assert_eq!(call["status"], "in-progress", "{call}");

    let hung_up = app
        .post_empty(&format!("/v1/phone/calls/{sid}/hangup"), &alice)
        .await;
    assert_eq!(hung_up.status(), 204);
    until_state(&app, &alice, next, &sid, "completed").await;
    let call = json_of(app.get(&format!("/v1/calls/{sid}"), &alice).await, 200).await;
    assert_eq!(call["status"], "completed", "{call}");
    let again = problem(
        app.post_empty(&format!("/v1/phone/calls/{sid}/hangup"), &alice)
            .await,
        404,
    )
    .await;
    assert_eq!(again.code, "not_found");
}

#[tokio::test]
async fn a_number_the_app_refuses_ends_the_call_with_the_apps_words() {
    let app = app_with_phone().await;
    let alice = app.user_token("alice");
    app.own_number(&alice).await;
    let (_, start) = poll(&app, &alice, None).await;
    let placed = json_of(
        app.post_json("/v1/phone/calls", &alice, &json!({"to": "12"}))
            .await,
        202,
    )
    .await;
    let sid = placed["callSid"].as_str().expect("a SID");
    let mut after = start;
    let ended = loop {
        let (events, next) = poll(&app, &alice, Some(after)).await;
        assert!(!events.is_empty(), "an event");
        if let Some(end) = events.iter().find(|e| e["state"] != "ringing") {
            break end.clone();
        }
        after = next;
    };
    assert_eq!(ended["callSid"], sid);
    assert_eq!(ended["state"], "completed");
    assert!(
        ended["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "the app said why: {ended}"
    );
}

#[tokio::test]
async fn an_inbound_call_rings_every_tab_and_is_answered_on_one() {
    let app = app_with_phone().await;
    let alice = app.user_token("alice");
    let (_, number) = app.own_number(&alice).await;
    // Two tabs start listening.
    let (_, tab_one) = poll(&app, &alice, None).await;
    let (_, tab_two) = poll(&app, &alice, None).await;
    let call = inbound_call(&app, &number);

    let (events, one_next) = poll(&app, &alice, Some(tab_one)).await;
    let ring = events
        .iter()
        .find(|e| e["type"] == "incoming")
        .expect("the ring")
        .clone();
    assert_eq!(
        (
            ring["from"].as_str(),
            ring["to"].as_str(),
            ring["state"].as_str()
        ),
        (Some(CALLER), Some(number.as_str()), Some("ringing")),
        "{ring}"
    );
    let (events, two_next) = poll(&app, &alice, Some(tab_two)).await;
    assert!(events.contains(&ring), "the second tab rings too");
    let sid = ring["callSid"].as_str().expect("a handle");

    let bob = app.user_token("bob");
    let not_bobs = problem(
        app.post_empty(&format!("/v1/phone/calls/{sid}/accept"), &bob)
            .await,
        404,
    )
    .await;
    assert_eq!(not_bobs.code, "not_found");
    let accepted = app
        .post_empty(&format!("/v1/phone/calls/{sid}/accept"), &alice)
        .await;
    assert_eq!(accepted.status(), 204);
    let late = problem(
        app.post_empty(&format!("/v1/phone/calls/{sid}/accept"), &alice)
            .await,
        409,
    )
    .await;
    assert_eq!(late.code, "call_not_ringing", "the other tab is too late");
    // The other tab hears that it was answered.
    until_state(&app, &alice, two_next, sid, "in-progress").await;
    let one_next = until_state(&app, &alice, one_next, sid, "in-progress").await;

    let hung_up = app
        .post_empty(&format!("/v1/phone/calls/{sid}/hangup"), &alice)
        .await;
    assert_eq!(hung_up.status(), 204);
    let transcript = call.await.expect("the call ends");
    assert!(transcript.ran_to_end(), "{transcript}");
    assert_eq!(transcript.status, "completed", "{transcript}");
    until_state(&app, &alice, one_next, sid, "completed").await;
    let log = json_of(
        app.get(&format!("/v1/calls/{}", transcript.call_sid), &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(
        (log["direction"].as_str(), log["status"].as_str()),
        (Some("inbound"), Some("completed")),
        "{log}"
    );
    let recordings = json_of(app.get("/v1/recordings?kind=voicemail", &alice).await, 200).await;
    assert_eq!(recordings["items"], json!([]), "answered: no voicemail");
}

#[tokio::test]
async fn a_rejected_call_goes_to_voicemail() {
    let app = app_with_phone().await;
    let alice = app.user_token("alice");
    let (_, number) = app.own_number(&alice).await;
    let (_, start) = poll(&app, &alice, None).await;
    let call = inbound_call(&app, &number);
    let (events, _) = poll(&app, &alice, Some(start)).await;
    let sid = events[0]["callSid"].as_str().expect("a handle");
    let too_soon = problem(
        app.post_empty(&format!("/v1/phone/calls/{sid}/hangup"), &alice)
            .await,
        409,
    )
    .await;
    assert_eq!(
        too_soon.code, "call_not_active",
        "a ringing call is rejected, not hung up"
    );
    let rejected = app
        .post_empty(&format!("/v1/phone/calls/{sid}/reject"), &alice)
        .await;
    assert_eq!(rejected.status(), 204);
    let transcript = call.await.expect("the call ends");
    let documents = transcript.documents().join("\n");
    assert!(
        documents.contains("<Record") && documents.contains("kind=voicemail"),
        "{transcript}"
    );
    let recordings = json_of(app.get("/v1/recordings?kind=voicemail", &alice).await, 200).await;
    assert_eq!(
        (
            recordings["items"][0]["from"].as_str(),
            recordings["items"][0]["duration"].as_u64()
        ),
        (Some(CALLER), Some(4)),
        "{recordings}"
    );
}

#[tokio::test]
async fn bad_polls_and_calls_are_400s() {
    let app = app_with_phone().await;
    let alice = app.user_token("alice");
    for path in [
        "/v1/phone/events?wait=21",
        "/v1/phone/events?after=-1",
        "/v1/phone/events?after=9223372036854775808",
        "/v1/phone/events?since=3",
    ] {
        let refused = problem(app.get(path, &alice).await, 400).await;
        assert_eq!(refused.code, "invalid_request", "{path}");
    }
    for body in [
        json!({"to": ""}),
        json!({"to": "+14155550123", "callerId": "415"}),
        json!({"to": "+14155550123", "record": true}),
    ] {
        let refused = problem(app.post_json("/v1/phone/calls", &alice, &body).await, 400).await;
        assert_eq!(refused.code, "invalid_request", "{body}");
    }
    let unknown = problem(
        app.post_empty(
            "/v1/phone/calls/CA0123456789abcdef0123456789abcdef/accept",
            &alice,
        )
        .await,
        404,
    )
    .await;
    assert_eq!(unknown.code, "not_found");
}
