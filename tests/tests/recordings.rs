//! Recordings end to end: a recorded call's recording callbacks stored, listed by call,
//! played through the service (signed link or bearer token, `Range` passed through to the
//! stand-in), and deleted at Twilio and here.

use serde_json::{Value, json};
use switchboard_e2e::{TestApp, json_of, problem};

async fn recorded_call(app: &TestApp, token: &str) -> (String, Value) {
    json_of(
        app.post_json("/v1/numbers", token, &json!({ "areaCode": "415" }))
            .await,
        201,
    )
    .await;
    let call = json_of(
        app.post_json(
            "/v1/calls",
            token,
            &json!({ "to": "+14155550133", "record": true }),
        )
        .await,
        201,
    )
    .await;
    let sid = call["callSid"].as_str().expect("a SID").to_owned();
    let created = app.sim.call(&sid).expect("at the stand-in");
    assert!(created.record, "Twilio was asked to record");
    assert_eq!(created.recording_channels, 2);
    assert!(
        created
            .recording_status_callback
            .expect("a callback")
            .ends_with("/webhooks/twilio/recordings")
    );
    app.sim.complete_call(&sid, 20).await.expect("complete");
    let listed = json_of(
        app.get(&format!("/v1/recordings?callSid={sid}"), token)
            .await,
        200,
    )
    .await;
    let recording = listed["items"][0].clone();
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );
    (sid, recording)
}

async fn get_anonymous(app: &TestApp, path: &str, range: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(range) = range {
        request = request.header("Range", range);
    }
    request.send().await.expect("send")
}

#[tokio::test]
async fn a_recorded_call_can_be_listed_played_with_ranges_and_deleted() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (call_sid, recording) = recorded_call(&app, &alice).await;
    assert_eq!(recording["callSid"], call_sid.as_str());
    assert_eq!(recording["kind"], "call");
    assert_eq!(recording["status"], "completed");
    assert_eq!(recording["channels"], 2);
    assert_eq!(recording["userId"], "alice");
    let sid = recording["recordingSid"]
        .as_str()
        .expect("a SID")
        .to_owned();
    let call = json_of(app.get(&format!("/v1/calls/{call_sid}"), &alice).await, 200).await;
    assert_eq!(call["recorded"], true);

    let media = recording["mediaUrl"]
        .as_str()
        .expect("a media link")
        .to_owned();
    assert!(
        media.starts_with(&format!("/v1/recordings/{sid}/media?expires=")),
        "{media}"
    );
    let whole = get_anonymous(&app, &media, None).await;
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["content-type"], "audio/mpeg");
    assert_eq!(whole.headers()["accept-ranges"], "bytes");
    let audio = whole.bytes().await.expect("audio");
    assert!(audio.len() > 10);

    let part = get_anonymous(&app, &media, Some("bytes=2-9")).await;
    assert_eq!(part.status(), 206);
    let range = part.headers()["content-range"]
        .to_str()
        .expect("text")
        .to_owned();
    assert_eq!(range, format!("bytes 2-9/{}", audio.len()));
    assert_eq!(part.bytes().await.expect("audio"), audio.slice(2..10));
    let beyond = get_anonymous(&app, &media, Some(&format!("bytes={}-", audio.len() + 10))).await;
    assert_eq!(beyond.status(), 416);
    let bad_range = get_anonymous(&app, &media, Some("bytes=9-2")).await;
    assert_eq!(problem(bad_range, 400).await.code, "invalid_request");

    let wav = get_anonymous(&app, &format!("{media}&format=wav"), None).await;
    assert_eq!(wav.status(), 200);
    assert_eq!(wav.headers()["content-type"], "audio/wav");

    let altered =
        media
            .replacen("signature=", "signature=0", 1)
            .replacen("signature=00", "signature=01", 1);
    assert_eq!(
        problem(get_anonymous(&app, &altered, None).await, 401)
            .await
            .code,
        "unauthorized"
    );
    let unsigned = format!("/v1/recordings/{sid}/media");
    assert_eq!(
        problem(get_anonymous(&app, &unsigned, None).await, 401)
            .await
            .code,
        "unauthorized"
    );
    assert_eq!(
        app.get(&unsigned, &alice).await.status(),
        200,
        "a bearer token plays it too"
    );
    for bad in ["?expires=soon", "?expires=1.5&signature=00"] {
        let with_token = app.get(&format!("{unsigned}{bad}"), &alice).await;
        let refusal = problem(with_token, 400).await;
        assert!(
            refusal.detail().starts_with("expires:"),
            "{bad}: {}",
            refusal.detail()
        );
    }
    assert_eq!(
        problem(app.get(&unsigned, &app.user_token("bob")).await, 404)
            .await
            .code,
        "not_found"
    );

    let one = json_of(app.get(&format!("/v1/recordings/{sid}"), &alice).await, 200).await;
    assert_eq!(one["recordingSid"], sid.as_str());
    assert_eq!(
        app.delete(&format!("/v1/recordings/{sid}"), &alice)
            .await
            .status(),
        204
    );
    assert_eq!(
        app.delete(&format!("/v1/recordings/{sid}"), &alice)
            .await
            .status(),
        204
    );
    let gone = json_of(app.get(&format!("/v1/recordings/{sid}"), &alice).await, 200).await;
    assert_eq!(gone["status"], "deleted");
    assert_eq!(
        problem(app.get(&unsigned, &alice).await, 409).await.code,
        "recording_deleted"
    );
    let violations = app.sim.spec_violations();
    assert!(violations.is_empty(), "{violations:#?}");
}

#[tokio::test]
async fn recording_callbacks_are_signed_and_stored_idempotently() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (call_sid, recording) = recorded_call(&app, &alice).await;
    let sid = recording["recordingSid"].as_str().expect("a SID");
    let params = [
        ("RecordingSid", sid),
        ("CallSid", call_sid.as_str()),
        ("RecordingStatus", "in-progress"),
    ];
    assert_eq!(
        problem(
            app.webhook("/webhooks/twilio/recordings", &params, false)
                .await,
            403
        )
        .await
        .code,
        "invalid_signature"
    );
    assert_eq!(
        app.webhook("/webhooks/twilio/recordings", &params, true)
            .await
            .status(),
        204
    );
    let still = json_of(app.get(&format!("/v1/recordings/{sid}"), &alice).await, 200).await;
    assert_eq!(
        still["status"], "completed",
        "a late in-progress never moves it back"
    );
    let unknown = [
        ("RecordingSid", "RE000000000000000000000000000000ff"),
        ("CallSid", "CA000000000000000000000000000000ff"),
        ("RecordingStatus", "completed"),
    ];
    assert_eq!(
        app.webhook("/webhooks/twilio/recordings", &unknown, true)
            .await
            .status(),
        204
    );
    assert_eq!(
        app.get("/v1/recordings/RE000000000000000000000000000000ff", &alice)
            .await
            .status(),
        404
    );
    let voicemails = json_of(app.get("/v1/recordings?kind=voicemail", &alice).await, 200).await;
    assert_eq!(voicemails["items"], json!([]));
}
