//! Inbound routing end to end: forwarding rules, IVR menus and voicemail through the HTTP
//! API, and calls carried out by the Twilio stand-in's TwiML engine against the app.

use reqwest::Method;
use serde_json::{Value, json};
use switchboard_e2e::{TestApp, json_of, problem};
use switchboard_twilio_sim::{CallScript, DialOutcome, Transcript};

const CALLER: &str = "+14155550111";

/// Buys a number for `token`'s user: its id and phone number.
async fn add_rule(app: &TestApp, token: &str, number: &str, body: Value) -> Value {
    json_of(
        app.post_json(
            &format!("/v1/numbers/{number}/forwarding-rules"),
            token,
            &body,
        )
        .await,
        201,
    )
    .await
}

async fn call(app: &TestApp, to: &str, script: CallScript) -> Transcript {
    let transcript = app
        .sim
        .run_inbound_call(to, CALLER, script)
        .await
        .expect("the call runs");
    assert!(transcript.ran_to_end(), "{transcript}");
    transcript
}

/// The documents the app returned, joined, for `contains` checks.
fn docs(t: &Transcript) -> Vec<String> {
    t.documents().into_iter().map(str::to_owned).collect()
}

fn menu() -> Value {
    json!({
        "prompt": {"say": "Press 1 for sales, 2 for support."},
        "input": "dtmf speech", "timeout": 5, "maxAttempts": 3,
        "options": [
            {"digits": "1", "speech": "sales", "action": {"type": "forward", "to": "+14155550123"}},
            {"digits": "2", "action": {"type": "client"}},
            {"digits": "3", "action": {"type": "voicemail"}},
            {"digits": "4", "action": {"type": "say", "say": "We are open 9 to 5."}},
            {"digits": "5", "action": {"type": "menu", "menu": {
                "prompt": {"play": "https://example.com/billing.mp3"},
                "options": [{"digits": "9", "action": {"type": "hangup"}}]}}},
            {"digits": "0", "action": {"type": "repeat"}},
            {"digits": "9", "action": {"type": "hangup"}}
        ],
        "onNoInput": {"type": "voicemail"}
    })
}

#[tokio::test]
async fn an_inbound_call_rings_the_owners_browser_and_is_logged() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (_, phone) = app.own_number(&alice).await;
    let t = call(&app, &phone, CallScript::default()).await;
    let d = docs(&t);
    assert!(
        d[0].contains("<Client>u_alice</Client>")
            && d[0].contains(r#"answerOnBridge="true""#)
            && d[0].contains(r#"timeout="20""#),
        "{t}"
    );
    assert!(
        d[1].contains("<Hangup"),
        "after an answered leg the call hangs up: {t}"
    );
    let calls = json_of(app.get("/v1/calls?direction=inbound", &alice).await, 200).await;
    assert_eq!(calls["items"][0]["from"], CALLER);
    assert_eq!(calls["items"][0]["to"], phone.as_str());
    // The stand-in's status callbacks ended the logged call: ring, answered leg, talk.
    assert_eq!(calls["items"][0]["status"], "completed", "{calls}");
    assert_eq!(
        calls["items"][0]["duration"].as_u64(),
        Some(u64::from(t.duration)),
        "{calls}"
    );
}

#[tokio::test]
async fn an_unanswered_call_leaves_a_voicemail_listed_with_the_callers_number() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (_, phone) = app.own_number(&alice).await;
    let t = call(
        &app,
        &phone,
        CallScript::default()
            .first_dial(DialOutcome::NoAnswer)
            .record_seconds(7),
    )
    .await;
    let d = docs(&t);
    assert!(
        d[1].contains("<Record") && d[1].contains("kind=voicemail"),
        "{t}"
    );
    assert!(
        d[2].contains("Thank you") && !d[2].contains("<Record"),
        "{t}"
    );
    let recordings = json_of(app.get("/v1/recordings", &alice).await, 200).await;
    let vm = &recordings["items"][0];
    assert_eq!(
        (
            vm["kind"].as_str(),
            vm["from"].as_str(),
            vm["duration"].as_u64()
        ),
        (Some("voicemail"), Some(CALLER), Some(7)),
        "{recordings}"
    );
}

#[tokio::test]
async fn a_no_answer_forward_that_fails_ends_in_voicemail_and_busy_goes_to_the_busy_rule() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (id, phone) = app.own_number(&alice).await;
    add_rule(
        &app,
        &alice,
        &id,
        json!({"forwardTo": "(415) 555-0122", "type": "no-answer", "ringTimeout": 10}),
    )
    .await;
    add_rule(
        &app,
        &alice,
        &id,
        json!({"forwardTo": "+14155550133", "type": "busy"}),
    )
    .await;

    let t = call(
        &app,
        &phone,
        CallScript::default()
            .first_dial(DialOutcome::NoAnswer)
            .then_dials([DialOutcome::NoAnswer]),
    )
    .await;
    let d = docs(&t);
    assert!(
        d[0].contains("<Client>u_alice</Client>") && d[0].contains(r#"timeout="10""#),
        "{t}"
    );
    assert!(
        d[1].contains("<Number>+14155550122</Number>") && d[1].contains("leg=forward"),
        "{t}"
    );
    assert!(
        d[2].contains("<Record"),
        "a failed forward goes to voicemail: {t}"
    );

    let t = call(
        &app,
        &phone,
        CallScript::default().first_dial(DialOutcome::Busy),
    )
    .await;
    let d = docs(&t);
    assert!(d[1].contains("<Number>+14155550133</Number>"), "{t}");
    assert!(d[2].contains("<Hangup"), "{t}");
}

#[tokio::test]
async fn an_always_rule_forwards_at_once_and_a_failed_forward_takes_a_voicemail() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (id, phone) = app.own_number(&alice).await;
    add_rule(
        &app,
        &alice,
        &id,
        json!({"forwardTo": "+14155550144", "type": "always"}),
    )
    .await;
    let t = call(&app, &phone, CallScript::default()).await;
    assert!(
        docs(&t)[0].contains("<Number>+14155550144</Number>") && !docs(&t)[0].contains("<Client>"),
        "{t}"
    );
    let t = call(
        &app,
        &phone,
        CallScript::default().first_dial(DialOutcome::Busy),
    )
    .await;
    assert!(docs(&t)[1].contains("<Record"), "{t}");
}

#[tokio::test]
async fn every_ivr_action_runs_from_the_menu() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (id, phone) = app.own_number(&alice).await;
    let put = json_of(
        app.send_json(
            Method::PUT,
            &format!("/v1/numbers/{id}/ivr"),
            &alice,
            &menu(),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        put["options"][4]["action"]["menu"]["maxAttempts"], 3,
        "defaults are filled in: {put}"
    );
    assert_eq!(
        json_of(app.get(&format!("/v1/numbers/{id}/ivr"), &alice).await, 200).await,
        put
    );

    let run =
        |digits: Vec<&'static str>| call(&app, &phone, CallScript::default().with_digits(digits));
    let t = run(vec!["1"]).await;
    assert!(
        docs(&t)[0].contains("<Gather") && docs(&t)[1].contains("<Number>+14155550123</Number>"),
        "{t}"
    );
    let t = run(vec!["2"]).await;
    assert!(docs(&t)[1].contains("<Client>u_alice</Client>"), "{t}");
    let t = run(vec!["3"]).await;
    assert!(docs(&t)[1].contains("<Record"), "{t}");
    let t = run(vec!["4", "9"]).await;
    assert!(
        docs(&t)[1].contains("We are open 9 to 5.") && docs(&t)[1].contains("<Gather"),
        "{t}"
    );
    let t = run(vec!["5", "9"]).await;
    assert!(
        docs(&t)[1].contains("billing.mp3") && docs(&t)[1].contains("menu=4"),
        "{t}"
    );
    assert!(docs(&t)[2].contains("<Hangup"), "{t}");
    let t = run(vec!["0", "9"]).await;
    assert!(
        docs(&t)[1].contains("<Gather") && docs(&t)[2].contains("<Hangup"),
        "{t}"
    );
    let t = run(vec!["7", "8", "6"]).await;
    let d = docs(&t);
    assert!(
        d[1].contains("not a valid choice") && d[2].contains("not a valid choice"),
        "{t}"
    );
    assert!(
        d[3].contains("<Record"),
        "the third miss takes onNoInput: {t}"
    );
    let t = run(vec![]).await;
    let d = docs(&t);
    assert!(
        !d[1].contains("not a valid choice") && d[1].contains("attempt=2"),
        "silence replays: {t}"
    );
    assert!(d[3].contains("<Record"), "{t}");
    let t = call(
        &app,
        &phone,
        CallScript::default().with_speech(["I'd like SALES please"]),
    )
    .await;
    assert!(
        docs(&t)[1].contains("<Number>+14155550123</Number>"),
        "speech picks an option: {t}"
    );

    assert_eq!(
        app.delete(&format!("/v1/numbers/{id}/ivr"), &alice)
            .await
            .status(),
        204
    );
    assert_eq!(
        app.get(&format!("/v1/numbers/{id}/ivr"), &alice)
            .await
            .status(),
        404
    );
    // Deleting again is idempotent: the number has no menu either way.
    assert_eq!(
        app.delete(&format!("/v1/numbers/{id}/ivr"), &alice)
            .await
            .status(),
        204
    );
}

#[tokio::test]
async fn voicemail_off_says_not_available_and_an_inactive_number_is_not_in_service() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (id, phone) = app.own_number(&alice).await;
    let defaults = json_of(
        app.get(&format!("/v1/numbers/{id}/voicemail"), &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(
        (
            defaults["enabled"].as_bool(),
            defaults["maxLength"].as_u64()
        ),
        (Some(true), Some(120))
    );
    assert!(defaults["greeting"]["say"].is_string());
    let off = json!({"enabled": false, "greeting": {"play": "https://example.com/vm.mp3"}, "maxLength": 60});
    json_of(
        app.send_json(
            Method::PUT,
            &format!("/v1/numbers/{id}/voicemail"),
            &alice,
            &off,
        )
        .await,
        200,
    )
    .await;
    let t = call(
        &app,
        &phone,
        CallScript::default().first_dial(DialOutcome::NoAnswer),
    )
    .await;
    assert!(
        docs(&t)[1].contains("not available") && docs(&t)[1].contains("<Hangup"),
        "{t}"
    );

    json_of(
        app.send_json(
            Method::PATCH,
            &format!("/v1/numbers/{id}"),
            &alice,
            &json!({"active": false}),
        )
        .await,
        200,
    )
    .await;
    let t = call(&app, &phone, CallScript::default()).await;
    assert!(docs(&t)[0].contains("not in service"), "{t}");
}

#[tokio::test]
async fn rules_refuse_loops_conflicts_and_other_users() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (a, a_phone) = app.own_number(&alice).await;
    let (b, b_phone) = app.own_number(&alice).await;
    let path = |n: &str| format!("/v1/numbers/{n}/forwarding-rules");
    let p = problem(
        app.post_json(
            &path(&a),
            &alice,
            &json!({"forwardTo": a_phone, "type": "always"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p.code, "forwarding_loop");
    add_rule(
        &app,
        &alice,
        &a,
        json!({"forwardTo": b_phone, "type": "always"}),
    )
    .await;
    let p = problem(
        app.post_json(
            &path(&b),
            &alice,
            &json!({"forwardTo": a_phone, "type": "always"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p.code, "forwarding_loop");
    let p = problem(
        app.post_json(
            &path(&a),
            &alice,
            &json!({"forwardTo": "+14155550155", "type": "always"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p.code, "rule_conflict");
    let spare = add_rule(
        &app,
        &alice,
        &a,
        json!({"forwardTo": "+14155550155", "type": "always", "enabled": false}),
    )
    .await;
    let rule = format!("/v1/forwarding-rules/{}", spare["id"].as_str().expect("id"));
    assert_eq!(
        problem(app.post_empty(&format!("{rule}/toggle"), &alice).await, 409)
            .await
            .code,
        "rule_conflict"
    );
    let patched = json_of(
        app.send_json(
            Method::PATCH,
            &rule,
            &alice,
            &json!({"type": "busy", "ringTimeout": 30}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (
            patched["type"].as_str(),
            patched["ringTimeout"].as_u64(),
            patched["enabled"].as_bool()
        ),
        (Some("busy"), Some(30), Some(false))
    );
    let toggled = json_of(app.post_empty(&format!("{rule}/toggle"), &alice).await, 200).await;
    assert_eq!(toggled["enabled"], true);
    let listed = json_of(app.get(&path(&a), &alice).await, 200).await;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));

    let bad = problem(
        app.post_json(
            &path(&a),
            &alice,
            &json!({"forwardTo": "+14155550166", "type": "no-answer", "ringTimeout": 61}),
        )
        .await,
        400,
    )
    .await;
    assert!(bad.detail().contains("ringTimeout"), "{}", bad.detail());
    let bad = problem(app.send_json(Method::PUT, &format!("/v1/numbers/{a}/ivr"), &alice, &json!({"prompt": {"say": "Hi"}, "options": [{"digits": "1", "action": {"type": "hangup"}}, {"digits": "1", "action": {"type": "repeat"}}]})).await, 400).await;
    assert!(
        bad.detail().contains("options[1].digits"),
        "{}",
        bad.detail()
    );

    let bob = app.user_token("bob");
    assert_eq!(app.get(&path(&a), &bob).await.status(), 404);
    assert_eq!(app.get(&rule, &bob).await.status(), 404);
    assert_eq!(app.delete(&rule, &bob).await.status(), 404);
    assert_eq!(app.delete(&rule, &alice).await.status(), 204);
    assert_eq!(app.get(&rule, &alice).await.status(), 404);
}

#[tokio::test]
async fn forged_routing_callbacks_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (_, phone) = app.own_number(&alice).await;
    let number = phone.replace('+', "%2B");
    for path in [
        format!("/webhooks/twilio/voice/gather?number={number}&menu=&attempt=1"),
        format!("/webhooks/twilio/voice/dial-result?leg=client&number={number}"),
        format!("/webhooks/twilio/voice/voicemail-done?number={number}"),
    ] {
        let params = [
            ("CallSid", "CA00000000000000000000000000000009"),
            ("Digits", "1"),
            ("DialCallStatus", "no-answer"),
        ];
        let forged = app.webhook(&path, &params, false).await;
        assert_eq!(
            problem(forged, 403).await.code,
            "invalid_signature",
            "{path}"
        );
    }
    let voice = [
        ("CallSid", "CA00000000000000000000000000000009"),
        ("From", CALLER),
        ("To", phone.as_str()),
    ];
    assert_eq!(
        app.webhook("/webhooks/twilio/voice", &voice, false)
            .await
            .status(),
        403
    );
    let calls = json_of(app.get("/v1/calls?direction=inbound", &alice).await, 200).await;
    assert_eq!(
        calls["items"].as_array().map(Vec::len),
        Some(0),
        "a forged call is not logged"
    );
}
