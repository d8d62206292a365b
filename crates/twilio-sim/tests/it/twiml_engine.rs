//! The TwiML engine: inbound calls carried through the app's documents as Twilio would,
//! with the caller following a script, in virtual time.

use switchboard_twilio_sim::{CallScript, CallStatus, DialOutcome, Step, Transcript};

use crate::common::Received;
use crate::twiml_app::{CALLER, NUMBER, TwimlApp, sim_for};

/// Runs an inbound call to the app with `script`, asserting every request was signed.
async fn call(
    app: &TwimlApp,
    script: CallScript,
) -> (switchboard_twilio_sim::RunningSim, Transcript) {
    let sim = sim_for(app).await;
    let transcript = sim
        .run_inbound_call(NUMBER, CALLER, script)
        .await
        .expect("the call runs");
    app.assert_all_signed();
    (sim, transcript)
}

fn param<'r>(request: &'r Received, name: &str) -> Option<&'r str> {
    request.param(name)
}

#[tokio::test]
async fn say_play_and_pause_are_carried_out_in_virtual_time() {
    let app = TwimlApp::start(&[(
        "/voice",
        "<Response><Say voice=\"alice\" loop=\"2\">Hello there</Say><Pause length=\"3\"/>\
         <Play>tone.mp3</Play><Play digits=\"1w2\"/></Response>",
    )]);
    let (sim, transcript) = call(&app, CallScript::default()).await;
    assert_eq!(
        transcript.steps[1..5],
        [
            Step::Said {
                text: "Hello there".into(),
                loops: 2
            },
            Step::Paused { seconds: 3 },
            Step::Played {
                url: Some(app.url("/tone.mp3")),
                digits: None,
                loops: 1
            },
            Step::Played {
                url: None,
                digits: Some("1w2".into()),
                loops: 1
            },
        ]
    );
    assert_eq!(transcript.steps[5], Step::DocumentEnded);
    assert_eq!(transcript.status, "completed");
    // 2 x 1 s of speech, 3 s of pause, 1 s per play.
    assert_eq!(transcript.duration, 7);
    assert!(transcript.ran_to_end());
    let completed = app.to("/call-status");
    assert_eq!(completed.len(), 1);
    assert_eq!(param(&completed[0], "CallDuration"), Some("7"));
    assert_eq!(param(&completed[0], "SequenceNumber"), Some("0"));
    let call = sim.call(&transcript.call_sid).expect("the call");
    assert_eq!(call.status, CallStatus::Completed);
    assert_eq!(call.duration, Some(7));
    assert_eq!(call.transcript.as_ref(), Some(&transcript));
    let printed = transcript.to_string();
    assert!(
        printed.contains("said \"Hello there\" (2 times)"),
        "{printed}"
    );
    assert!(printed.ends_with("completed after 7 s"), "{printed}");
}

const MENU: &str = "<Response><Gather input=\"dtmf speech\" numDigits=\"1\" action=\"gather?menu=1\">\
    <Say>Press 1 for sales</Say></Gather><Redirect>/no-input</Redirect></Response>";

#[tokio::test]
async fn a_gather_sends_the_digits_to_its_relative_action() {
    let app = TwimlApp::start(&[
        ("/voice", MENU),
        ("/gather", "<Response><Say>Sales</Say><Hangup/></Response>"),
    ]);
    let (_sim, transcript) = call(&app, CallScript::default().with_digits(["12"])).await;
    let gathered = app.to("/gather");
    assert_eq!(gathered.len(), 1);
    assert_eq!(gathered[0].path_and_query, "/gather?menu=1");
    assert_eq!(gathered[0].method, "POST");
    // numDigits="1" cuts the entry.
    assert_eq!(param(&gathered[0], "Digits"), Some("1"));
    assert_eq!(param(&gathered[0], "CallStatus"), Some("in-progress"));
    assert_eq!(param(&gathered[0], "From"), Some(CALLER));
    assert!(app.to("/no-input").is_empty());
    assert!(transcript.steps.contains(&Step::Gathered {
        digits: Some("1".into()),
        speech: None
    }));
    assert!(transcript.steps.contains(&Step::HungUp));
}

#[tokio::test]
async fn a_gather_takes_speech_when_no_digits_are_left() {
    let app = TwimlApp::start(&[("/voice", MENU)]);
    let (_sim, transcript) = call(&app, CallScript::default().with_speech(["sales please"])).await;
    let gathered = app.to("/gather");
    assert_eq!(param(&gathered[0], "SpeechResult"), Some("sales please"));
    assert!(param(&gathered[0], "Confidence").is_some());
    assert_eq!(param(&gathered[0], "Digits"), None);
    assert!(transcript.steps.contains(&Step::Gathered {
        digits: None,
        speech: Some("sales please".into())
    }));
}

#[tokio::test]
async fn a_gather_without_input_falls_through_to_the_next_verb() {
    let app = TwimlApp::start(&[
        ("/voice", MENU),
        ("/no-input", "<Response><Say>Goodbye</Say></Response>"),
    ]);
    // Digits go only to Gathers that take DTMF; this one left over is not used.
    let (_sim, transcript) = call(&app, CallScript::default()).await;
    assert!(app.to("/gather").is_empty());
    assert_eq!(app.to("/no-input").len(), 1);
    assert!(transcript.steps.contains(&Step::GatherTimedOut {
        seconds: 5,
        action_requested: false
    }));
    assert!(transcript.steps.contains(&Step::Redirected {
        url: app.url("/no-input")
    }));
    // The prompt (2 s), the timeout (5 s), the goodbye (1 s).
    assert_eq!(transcript.duration, 8);
}

#[tokio::test]
async fn action_on_empty_result_requests_the_action_on_silence() {
    let app = TwimlApp::start(&[(
        "/voice",
        "<Response><Gather actionOnEmptyResult=\"true\" timeout=\"3\" action=\"/empty\"/>\
         <Say>not reached</Say></Response>",
    )]);
    let (_sim, transcript) = call(&app, CallScript::default()).await;
    let empty = app.to("/empty");
    assert_eq!(empty.len(), 1, "{empty:#?}");
    assert_eq!(param(&empty[0], "Digits"), None);
    assert!(transcript.steps.contains(&Step::GatherTimedOut {
        seconds: 3,
        action_requested: true
    }));
}

const FORWARD: &str = "<Response><Dial timeout=\"20\" action=\"/dial-result\">\
    <Number statusCallback=\"/leg\" statusCallbackEvent=\"initiated ringing answered completed\">\
    +14155550123</Number></Dial><Say>not reached</Say></Response>";

#[tokio::test]
async fn an_answered_dial_bridges_a_child_leg_and_reports_completed() {
    let app = TwimlApp::start(&[
        ("/voice", FORWARD),
        ("/dial-result", "<Response><Hangup/></Response>"),
    ]);
    let (sim, transcript) = call(&app, CallScript::default()).await;
    let result = app.to("/dial-result");
    assert_eq!(result.len(), 1);
    let leg_sid = param(&result[0], "DialCallSid").expect("a leg").to_owned();
    assert_eq!(param(&result[0], "DialCallStatus"), Some("completed"));
    assert_eq!(param(&result[0], "DialCallDuration"), Some("10"));
    assert_eq!(param(&result[0], "DialBridged"), Some("true"));
    assert_eq!(
        param(&result[0], "CallSid"),
        Some(transcript.call_sid.as_str())
    );
    assert_ne!(leg_sid, transcript.call_sid);

    let leg = sim.call(&leg_sid).expect("the leg is a call");
    assert_eq!(leg.direction, "outbound-dial");
    assert_eq!(
        leg.parent_call_sid.as_deref(),
        Some(transcript.call_sid.as_str())
    );
    assert_eq!(leg.to, "+14155550123");
    assert_eq!(leg.from, CALLER);
    assert_eq!(leg.status, CallStatus::Completed);
    assert_eq!(leg.duration, Some(10));

    // The leg's callbacks, in order, numbered, each naming the parent.
    let callbacks = app.to("/leg");
    let statuses: Vec<_> = callbacks
        .iter()
        .filter_map(|r| param(r, "CallStatus"))
        .collect();
    assert_eq!(
        statuses,
        ["initiated", "ringing", "in-progress", "completed"]
    );
    for (n, callback) in callbacks.iter().enumerate() {
        assert_eq!(
            param(callback, "SequenceNumber"),
            Some(n.to_string().as_str())
        );
        assert_eq!(param(callback, "CallSid"), Some(leg_sid.as_str()));
        assert_eq!(
            param(callback, "ParentCallSid"),
            Some(transcript.call_sid.as_str())
        );
        assert_eq!(param(callback, "Direction"), Some("outbound-dial"));
    }
    assert_eq!(param(&callbacks[3], "CallDuration"), Some("10"));
    let [dialled] = transcript
        .steps
        .iter()
        .filter(|s| matches!(s, Step::Dialled { .. }))
        .collect::<Vec<_>>()[..]
    else {
        panic!("one Dial: {transcript:#?}");
    };
    assert_eq!(
        *dialled,
        Step::Dialled {
            targets: vec!["+14155550123".into()],
            outcome: "completed".into(),
            rang_seconds: 5,
            talked_seconds: 10,
            legs: vec![leg_sid.clone()],
        }
    );
    // Ring 5 s and talk 10 s; the parent's call lasts as long.
    assert_eq!(transcript.duration, 15);
    let printed = transcript.to_string();
    assert!(
        printed.contains("dialled +14155550123 -> answered after 5 s, talked 10 s"),
        "{printed}"
    );
}

#[tokio::test]
async fn a_busy_or_unanswered_dial_reports_it_to_its_action() {
    for (outcome, status, rang) in [
        (DialOutcome::Busy, "busy", 2),
        (DialOutcome::NoAnswer, "no-answer", 20),
    ] {
        let app = TwimlApp::start(&[
            ("/voice", FORWARD),
            (
                "/dial-result",
                "<Response><Dial><Number>+14155550199</Number></Dial></Response>",
            ),
        ]);
        let (sim, transcript) = call(&app, CallScript::default().first_dial(outcome)).await;
        let result = app.to("/dial-result");
        assert_eq!(param(&result[0], "DialCallStatus"), Some(status));
        assert_eq!(param(&result[0], "DialCallDuration"), Some("0"));
        assert_eq!(param(&result[0], "DialBridged"), Some("false"));
        let leg = sim
            .call(param(&result[0], "DialCallSid").expect("the leg"))
            .expect("known");
        assert_eq!(leg.status.as_str(), status);
        let legs = app.to("/leg");
        assert_eq!(
            legs.last().and_then(|r| param(r, "CallStatus")),
            Some(status),
            "{legs:#?}"
        );
        // Only the first Dial follows the script: the second is answered.
        let dials: Vec<_> = transcript
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Dialled {
                    outcome,
                    rang_seconds,
                    ..
                } => Some((outcome.as_str(), *rang_seconds)),
                _ => None,
            })
            .collect();
        assert_eq!(dials, [(status, rang), ("completed", 5)]);
        assert_eq!(transcript.status, "completed");
    }
}

#[tokio::test]
async fn a_dial_without_action_continues_with_the_next_verb() {
    let app = TwimlApp::start(&[(
        "/voice",
        "<Response><Dial>+14155550123</Dial><Say>After the dial</Say></Response>",
    )]);
    let (_sim, transcript) = call(
        &app,
        CallScript::default().first_dial(DialOutcome::NoAnswer),
    )
    .await;
    assert_eq!(app.to("/voice").len(), 1);
    assert!(transcript.steps.contains(&Step::Said {
        text: "After the dial".into(),
        loops: 1
    }));
    // The default Dial timeout: 30 s of ringing.
    assert!(transcript.steps.iter().any(|s| matches!(
        s,
        Step::Dialled { outcome, rang_seconds: 30, .. } if outcome == "no-answer"
    )));
}

#[tokio::test]
async fn several_numbers_ring_at_once_and_the_first_to_answer_wins() {
    let app = TwimlApp::start(&[(
        "/voice",
        "<Response><Dial action=\"/dial-result\"><Number statusCallback=\"/a\">+14155550001</Number>\
         <Number statusCallback=\"/b\">+14155550002</Number></Dial></Response>",
    )]);
    let (sim, _transcript) = call(&app, CallScript::default()).await;
    let result = app.to("/dial-result");
    let winner = param(&result[0], "DialCallSid").expect("a leg");
    assert_eq!(
        sim.call(winner).map(|c| c.to),
        Some("+14155550001".to_owned())
    );
    assert_eq!(param(&app.to("/a")[0], "CallStatus"), Some("completed"));
    assert_eq!(param(&app.to("/b")[0], "CallStatus"), Some("canceled"));
}
