//! `<Record>` carried out by the engine: a recording with media, its signed recording
//! callback, then the action; an empty recording is `absent` and falls through.

use switchboard_twilio_sim::{CallScript, Step};

use crate::common::http;
use crate::twiml_app::{CALLER, NUMBER, TwimlApp, sim_for};

const VOICEMAIL: &str = "<Response><Say>Leave a message</Say><Record maxLength=\"30\" \
    action=\"/voicemail-done\" recordingStatusCallback=\"/recordings?kind=voicemail\" \
    recordingStatusCallbackEvent=\"completed absent\"/><Say>Nothing recorded</Say></Response>";

#[tokio::test]
async fn a_record_makes_a_recording_with_media_and_sends_its_callback_then_the_action() {
    let app = TwimlApp::start(&[
        ("/voice", VOICEMAIL),
        (
            "/voicemail-done",
            "<Response><Say>Thanks</Say><Hangup/></Response>",
        ),
    ]);
    let sim = sim_for(&app).await;
    let transcript = sim
        .run_inbound_call(NUMBER, CALLER, CallScript::default().record_seconds(12))
        .await
        .expect("the call runs");
    app.assert_all_signed();

    let recordings = sim.recordings();
    assert_eq!(recordings.len(), 1);
    let recording = &recordings[0];
    assert!(recording.sid.starts_with("RE"));
    assert_eq!(recording.call_sid, transcript.call_sid);
    assert_eq!(recording.source, "RecordVerb");
    assert_eq!(recording.channels, 1);
    assert_eq!(recording.status, "completed");
    assert_eq!(recording.duration, 12);

    let callbacks = app.to("/recordings");
    assert_eq!(callbacks.len(), 1);
    let callback = &callbacks[0];
    assert_eq!(callback.path_and_query, "/recordings?kind=voicemail");
    assert_eq!(callback.param("RecordingSid"), Some(recording.sid.as_str()));
    assert_eq!(callback.param("RecordingStatus"), Some("completed"));
    assert_eq!(callback.param("RecordingDuration"), Some("12"));
    assert_eq!(callback.param("RecordingChannels"), Some("1"));
    assert_eq!(callback.param("RecordingSource"), Some("RecordVerb"));
    assert_eq!(
        callback.param("CallSid"),
        Some(transcript.call_sid.as_str())
    );
    assert_eq!(callback.param("AccountSid"), Some(sim.account_sid()));
    let media = callback
        .param("RecordingUrl")
        .expect("a media URL")
        .to_owned();

    // The callback goes before the action, which has the recording too.
    let received = app.received();
    let position = |path: &str| {
        received
            .iter()
            .position(|r| r.path_and_query.starts_with(path))
            .expect(path)
    };
    assert!(position("/recordings") < position("/voicemail-done"));
    let done = &app.to("/voicemail-done")[0];
    assert_eq!(done.param("RecordingUrl"), Some(media.as_str()));
    assert_eq!(done.param("RecordingSid"), Some(recording.sid.as_str()));
    assert_eq!(done.param("RecordingDuration"), Some("12"));
    assert_eq!(done.param("Digits"), Some("#"));
    assert!(transcript.steps.contains(&Step::Recorded {
        recording_sid: recording.sid.clone(),
        seconds: 12
    }));
    // Verbs after a <Record> with an action are never reached.
    assert!(!transcript.steps.contains(&Step::Said {
        text: "Nothing recorded".into(),
        loops: 1
    }));

    // The media is served, whole and by range.
    let mp3 = http()
        .get(format!("{media}.mp3"))
        .send()
        .await
        .expect("the media is served");
    assert_eq!(mp3.status(), 200);
    assert_eq!(
        mp3.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("audio/mpeg")
    );
    let part = http()
        .get(format!("{media}.wav"))
        .header("Range", "bytes=0-3")
        .send()
        .await
        .expect("a range is served");
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.expect("bytes").as_ref(), b"RIFF");
    // "Leave a message" 2 s, the beep 1 s, 12 s recorded, "Thanks" 1 s.
    assert_eq!(transcript.duration, 16);
}

#[tokio::test]
async fn silence_leaves_an_absent_recording_and_no_action_request() {
    let app = TwimlApp::start(&[("/voice", VOICEMAIL)]);
    let sim = sim_for(&app).await;
    let transcript = sim
        .run_inbound_call(NUMBER, CALLER, CallScript::default().record_seconds(0))
        .await
        .expect("the call runs");
    let callbacks = app.to("/recordings");
    assert_eq!(callbacks.len(), 1);
    assert_eq!(callbacks[0].param("RecordingStatus"), Some("absent"));
    assert_eq!(callbacks[0].param("RecordingDuration"), None);
    assert!(
        app.to("/voicemail-done").is_empty(),
        "Twilio skips the action"
    );
    // The call goes on with the next verb.
    assert!(transcript.steps.contains(&Step::Said {
        text: "Nothing recorded".into(),
        loops: 1
    }));
    assert_eq!(sim.recordings()[0].status, "absent");
}

#[tokio::test]
async fn a_record_without_action_requests_the_current_document_again() {
    let app = TwimlApp::start(&[("/voice", "<Response><Record maxLength=\"5\"/></Response>")]);
    let sim = sim_for(&app).await;
    let transcript = sim
        .run_inbound_call(NUMBER, CALLER, CallScript::default().record_seconds(60))
        .await
        .expect("the call runs");
    // Every request of /voice records again: the engine's document bound ends the loop.
    let voice = app.to("/voice");
    assert_eq!(voice.len(), switchboard_twilio_sim::MAX_DOCUMENTS);
    assert_eq!(
        voice[1].param("RecordingDuration"),
        Some("5"),
        "capped at maxLength"
    );
    assert!(voice[1].param("RecordingUrl").is_some());
    assert_eq!(transcript.status, "completed");
    assert!(transcript.error.is_some());
}
