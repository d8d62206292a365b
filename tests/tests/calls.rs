//! Calls end to end: the HTTP API, the store, the REST adapter and the Twilio stand-in
//! (whose every request is checked against Twilio's OpenAPI spec): placing, tracking by
//! signed status callbacks, listing with filters and pages, ending, stats, idempotent
//! replays and the rate limit across two replicas.

use std::time::Duration;

use serde_json::{Value, json};
use switchboard_e2e::{TestApp, TestAppOptions, assert_problem, json_of, problem};
use switchboard_twilio_sim::CallStatus;

const CALLS: &str = "/v1/calls";
const STATUS: &str = "/webhooks/twilio/voice/status";

fn assert_spec_clean(app: &TestApp) {
    let violations = app.sim.spec_violations();
    assert!(
        violations.is_empty(),
        "outside Twilio's spec: {violations:#?}"
    );
}

/// Buys a number in area code 415 for `token`'s user and returns it.
async fn own_number(app: &TestApp, token: &str) -> String {
    app.own_number(token).await.1
}

async fn place(app: &TestApp, token: &str, body: Value) -> Value {
    json_of(app.post_json(CALLS, token, &body).await, 201).await
}

async fn call_of(app: &TestApp, token: &str, sid: &str) -> Value {
    json_of(app.get(&format!("{CALLS}/{sid}"), token).await, 200).await
}

fn sid_of(call: &Value) -> String {
    call["callSid"].as_str().expect("a call SID").to_owned()
}

#[tokio::test]
async fn a_call_is_placed_tracked_by_its_callbacks_listed_and_counted() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let from = own_number(&app, &alice).await;
    let call = place(
        &app,
        &alice,
        json!({ "to": "(415) 555-0142", "say": "Hello there" }),
    )
    .await;
    assert_eq!(call["to"], "+14155550142");
    assert_eq!(call["from"], from);
    assert_eq!(call["direction"], "outbound-api");
    assert_eq!(call["userId"], "alice");
    assert_eq!(call["recorded"], false);
    assert!(call["price"].is_null());
    let sid = sid_of(&call);

    // What Twilio was asked: the answer URL with the text, the status callback and events.
    let created = app.sim.call(&sid).expect("the stand-in has the call");
    let url = created.url.expect("a Url");
    assert!(
        url.contains("/webhooks/twilio/voice/answer?say=Hello"),
        "{url}"
    );
    assert!(
        created
            .status_callback
            .expect("a callback")
            .contains(&format!("{STATUS}?record="))
    );
    assert_eq!(created.status_callback_events.len(), 4);

    // The stand-in rings, answers and completes it; its signed callbacks reach the app.
    app.sim
        .advance_call(&sid, CallStatus::Ringing)
        .await
        .expect("ring");
    let ringing = call_of(&app, &alice, &sid).await;
    assert_eq!(ringing["status"], "ringing");
    assert!(!ringing["startedAt"].is_null());
    let deliveries = app.sim.complete_call(&sid, 42).await.expect("complete");
    let statuses: Vec<Option<u16>> = deliveries
        .iter()
        .filter(|d| d.kind == "call-status")
        .map(|d| d.status)
        .collect();
    assert!(
        !statuses.is_empty() && statuses.iter().all(|s| *s == Some(204)),
        "{deliveries:#?}"
    );
    let done = call_of(&app, &alice, &sid).await;
    assert_eq!(done["status"], "completed");
    assert_eq!(done["duration"], 42);
    assert!(!done["answeredAt"].is_null() && !done["endedAt"].is_null());

    // Ending an ended call returns it as it is.
    let ended = json_of(
        app.post_empty(&format!("{CALLS}/{sid}/end"), &alice).await,
        200,
    )
    .await;
    assert_eq!(ended["status"], "completed");

    let second = place(&app, &alice, json!({ "to": "+14155550143" })).await;
    let listed = json_of(app.get(CALLS, &alice).await, 200).await;
    let sids: Vec<&str> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["callSid"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(sids, [sid_of(&second).as_str(), sid.as_str()]);
    let active = json_of(
        app.get(&format!("{CALLS}?status=active"), &alice).await,
        200,
    )
    .await;
    assert_eq!(active["items"].as_array().map(Vec::len), Some(1));
    let completed = json_of(
        app.get(
            &format!("{CALLS}?status=completed&direction=outbound-api&number=%2B14155550142"),
            &alice,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(completed["items"][0]["callSid"], sid.as_str());
    let page = json_of(app.get(&format!("{CALLS}?limit=1"), &alice).await, 200).await;
    let cursor = page["nextCursor"].as_str().expect("a next page");
    let next = json_of(
        app.get(&format!("{CALLS}?limit=1&cursor={cursor}"), &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(next["items"][0]["callSid"], sid.as_str());
    assert!(next["nextCursor"].is_null());
    let future = json_of(
        app.get(&format!("{CALLS}?since=2999-01-01T00:00:00Z"), &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(future["items"], json!([]));

    let stats = json_of(app.get(&format!("{CALLS}/stats"), &alice).await, 200).await;
    assert_eq!(stats["total"], 2);
    assert_eq!(stats["active"], 1);
    assert_eq!(stats["byStatus"]["completed"], 1);
    assert_eq!(stats["byDirection"]["outbound-api"], 2);
    assert_eq!(stats["totalDuration"], 42);
    assert_eq!(stats["averageDuration"], 42.0);

    // Another user sees none of it; an admin may ask for alice's.
    let bob = app.user_token("bob");
    assert_problem(app.get(&format!("{CALLS}/{sid}"), &bob).await, 404).await;
    let bobs = json_of(app.get(CALLS, &bob).await, 200).await;
    assert_eq!(bobs["items"], json!([]));
    assert_problem(app.get(&format!("{CALLS}?userId=alice"), &bob).await, 403).await;
    let admin = app.admin_token("root");
    let alices = json_of(
        app.get(&format!("{CALLS}/stats?userId=alice"), &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(alices["total"], 2);
    assert_spec_clean(&app);
}

#[tokio::test]
async fn ending_a_live_call_cancels_or_completes_it_at_twilio() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    own_number(&app, &alice).await;
    let ringing = sid_of(&place(&app, &alice, json!({ "to": "+14155550150" })).await);
    app.sim
        .advance_call(&ringing, CallStatus::Ringing)
        .await
        .expect("ring");
    let canceled = json_of(
        app.post_empty(&format!("{CALLS}/{ringing}/end"), &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(canceled["status"], "canceled");
    assert_eq!(
        app.sim.call(&ringing).expect("known").status,
        CallStatus::Canceled
    );

    let live = sid_of(&place(&app, &alice, json!({ "to": "+14155550151" })).await);
    app.sim
        .advance_call(&live, CallStatus::Ringing)
        .await
        .expect("ring");
    app.sim
        .advance_call(&live, CallStatus::InProgress)
        .await
        .expect("answer");
    let completed = json_of(
        app.post_empty(&format!("{CALLS}/{live}/end"), &alice).await,
        200,
    )
    .await;
    assert_eq!(completed["status"], "completed");
    assert_problem(
        app.post_empty(&format!("{CALLS}/CA0/end"), &alice).await,
        404,
    )
    .await;
    assert_spec_clean(&app);
}

#[tokio::test]
async fn caller_ids_and_destinations_are_checked_before_twilio_is_asked() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let p = problem(
        app.post_json(CALLS, &alice, &json!({ "to": "+14155550160" }))
            .await,
        409,
    )
    .await;
    assert_eq!(p.code, "no_caller_id");
    own_number(&app, &alice).await;
    let p = problem(
        app.post_json(
            CALLS,
            &alice,
            &json!({ "to": "+14155550160", "from": "+14155550199" }),
        )
        .await,
        403,
    )
    .await;
    assert_eq!(p.code, "caller_id_not_owned");
    for bad in ["555-0100", "call me", "+0123"] {
        let p = problem(
            app.post_json(CALLS, &alice, &json!({ "to": bad })).await,
            400,
        )
        .await;
        assert!(p.detail().starts_with("to"), "{}", p.detail());
    }
    let p = problem(
        app.post_json(
            CALLS,
            &alice,
            &json!({ "to": "+14155550160", "say": "x".repeat(1001) }),
        )
        .await,
        400,
    )
    .await;
    assert!(p.detail().starts_with("say"), "{}", p.detail());
    assert!(app.sim.calls().is_empty(), "Twilio was asked nothing");
}

#[tokio::test]
async fn twilio_refusing_a_call_is_422_with_its_code() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    own_number(&app, &alice).await;
    app.sim
        .fail_next_matching(1, "Calls.json", 400, 21211, "Invalid 'To' Phone Number");
    let p = problem(
        app.post_json(CALLS, &alice, &json!({ "to": "+14155550170" }))
            .await,
        422,
    )
    .await;
    assert_eq!(p.code, "call_rejected");
    assert_eq!(p.body["twilioCode"], 21211);
    let listed = json_of(app.get(CALLS, &alice).await, 200).await;
    assert_eq!(listed["items"], json!([]), "a refused call is not listed");
}

#[tokio::test]
async fn status_callbacks_are_signed_idempotent_and_never_move_a_call_backwards() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    own_number(&app, &alice).await;
    let sid = sid_of(&place(&app, &alice, json!({ "to": "+14155550180" })).await);
    let callback = |status: &'static str, seq: &'static str| {
        vec![
            ("CallSid", sid.clone()),
            ("CallStatus", status.to_owned()),
            ("SequenceNumber", seq.to_owned()),
            ("CallDuration", "30".to_owned()),
            ("Timestamp", "Thu, 03 Dec 2026 10:00:00 +0000".to_owned()),
        ]
    };
    let post = |params: Vec<(&'static str, String)>, signed: bool| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.webhook(STATUS, &pairs, signed).await
        }
    };
    let forged = post(callback("completed", "3"), false).await;
    assert_eq!(problem(forged, 403).await.code, "invalid_signature");
    assert_eq!(
        call_of(&app, &alice, &sid).await["status"],
        "queued",
        "nothing written"
    );

    assert_eq!(post(callback("completed", "3"), true).await.status(), 204);
    assert_eq!(post(callback("completed", "3"), true).await.status(), 204);
    assert_eq!(post(callback("ringing", "1"), true).await.status(), 204);
    let after = call_of(&app, &alice, &sid).await;
    assert_eq!(after["status"], "completed");
    assert_eq!(after["duration"], 30);
    assert!(
        !after["startedAt"].is_null(),
        "the late ringing still tells when it started"
    );

    let unknown = vec![
        ("CallSid", "CA0000000000000000000000000000dead".to_owned()),
        ("CallStatus", "completed".to_owned()),
    ];
    assert_eq!(post(unknown, true).await.status(), 204);
    let bad = vec![
        ("CallSid", sid.clone()),
        ("CallStatus", "exploded".to_owned()),
    ];
    assert_eq!(
        problem(post(bad, true).await, 400).await.code,
        "invalid_request"
    );
}

#[tokio::test]
async fn an_idempotency_key_runs_a_call_once_and_replays_it() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    own_number(&app, &alice).await;
    let send = |key: &'static str, body: &'static str| {
        let app = &app;
        let alice = alice.clone();
        async move {
            app.client
                .post(app.url(CALLS))
                .bearer_auth(alice)
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .body(body)
                .send()
                .await
                .expect("send")
        }
    };
    let first = send("k-1", r#"{"to": "+14155550190", "record": false}"#).await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.expect("json");
    let again = send("k-1", r#"{ "record":false,"to":"+14155550190" }"#).await;
    assert_eq!(again.status(), 201);
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    assert_eq!(again.json::<Value>().await.expect("json"), first);
    assert_eq!(app.sim.calls().len(), 1, "Twilio saw one request");
    let other = send("k-1", r#"{"to": "+14155550191"}"#).await;
    assert_eq!(problem(other, 422).await.code, "idempotency_key_reused");
    let bob = app.user_token("bob");
    own_number(&app, &bob).await;
    let bobs = app
        .client
        .post(app.url(CALLS))
        .bearer_auth(&bob)
        .header("Idempotency-Key", "k-1")
        .json(&json!({"to": "+14155550190"}))
        .send()
        .await
        .expect("send");
    assert_eq!(bobs.status(), 201, "another user's equal key is unrelated");
    let bad = app
        .client
        .post(app.url(CALLS))
        .bearer_auth(&alice)
        .header("Idempotency-Key", "")
        .json(&json!({"to": "+14155550190"}))
        .send()
        .await
        .expect("send");
    assert_eq!(problem(bad, 400).await.code, "invalid_request");

    // Two at once with one key: one runs, the other is told it is in use or gets the replay.
    app.sim
        .delay_next_matching(1, "Calls.json", Duration::from_millis(400));
    let (a, b) = tokio::join!(
        send("k-2", r#"{"to": "+14155550192"}"#),
        send("k-2", r#"{"to": "+14155550192"}"#)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert!(
        statuses == [201, 409] || statuses == [201, 201],
        "{statuses:?}"
    );
    let to_192 = app
        .sim
        .calls()
        .into_iter()
        .filter(|c| c.to == "+14155550192")
        .count();
    assert_eq!(to_192, 1, "Twilio saw one request");
}

#[tokio::test]
async fn the_call_rate_limit_holds_across_two_replicas() {
    let app = TestApp::spawn_with(TestAppOptions::default().call_rate_limit(2)).await;
    let replica =
        TestApp::spawn_with(TestAppOptions::default().call_rate_limit(2).sharing(&app)).await;
    let alice = app.user_token("alice");
    own_number(&app, &alice).await;
    place(&app, &alice, json!({ "to": "+14155550101" })).await;
    place(&replica, &alice, json!({ "to": "+14155550102" })).await;
    let limited = replica
        .post_json(CALLS, &alice, &json!({ "to": "+14155550103" }))
        .await;
    let retry_after: u64 = limited
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!(retry_after >= 1);
    assert_eq!(problem(limited, 429).await.code, "rate_limited");
    let bob = app.user_token("bob");
    own_number(&app, &bob).await;
    place(&app, &bob, json!({ "to": "+14155550104" })).await;
}
