//! How the engine moves between documents and ends calls: `<Redirect>` and relative URLs,
//! `<Reject>`, refused documents and failed requests (application errors), the call's own
//! status callbacks, the control API, REST calls and a `<Client>` answered by a responder.

use std::sync::Arc;

use switchboard_twilio_sim::{
    ApplicationSeed, CallScript, CallStatus, ClientResponder, ClientRing, DialOutcome, NumberSeed,
    ResponderFuture, SimControl, Step,
};

use crate::common::{Api, TOKEN, sim};
use crate::twiml_app::{CALLER, NUMBER, TwimlApp, sim_for};

#[tokio::test]
async fn a_redirect_fetches_its_url_resolved_against_the_document() {
    let app = TwimlApp::start(&[
        (
            "/webhooks/twilio/voice",
            "<Response><Redirect method=\"GET\">menu?attempt=2</Redirect></Response>",
        ),
        (
            "/webhooks/twilio/menu",
            "<Response><Say>Menu</Say></Response>",
        ),
    ]);
    let sim = sim().await;
    sim.add_incoming_number(NumberSeed::new(NUMBER).voice_url(app.url("/webhooks/twilio/voice")))
        .expect("a seed");
    let transcript = sim
        .run_inbound_call(NUMBER, CALLER, CallScript::default())
        .await
        .expect("the call runs");
    app.assert_all_signed();
    let menu = app.to("/webhooks/twilio/menu");
    assert_eq!(menu.len(), 1);
    assert_eq!(menu[0].method, "GET");
    assert!(
        menu[0]
            .path_and_query
            .starts_with("/webhooks/twilio/menu?attempt=2&")
    );
    assert_eq!(menu[0].param("CallStatus"), Some("in-progress"));
    assert_eq!(transcript.documents().len(), 2);
    assert!(transcript.steps.contains(&Step::Redirected {
        url: app.url("/webhooks/twilio/menu?attempt=2")
    }));
}

#[tokio::test]
async fn a_redirect_loop_ends_with_an_application_error() {
    let app = TwimlApp::start(&[("/voice", "<Response><Redirect>/voice</Redirect></Response>")]);
    let sim = sim_for(&app).await;
    let transcript = sim
        .run_inbound_call(NUMBER, CALLER, CallScript::default())
        .await
        .expect("the call runs");
    assert_eq!(
        app.to("/voice").len(),
        switchboard_twilio_sim::MAX_DOCUMENTS
    );
    let error = transcript.error.expect("an application error");
    assert!(error.message.contains("documents"), "{error:?}");
    assert_eq!(transcript.status, "completed");
}

#[tokio::test]
async fn a_first_reject_ends_the_call_unanswered() {
    for (reason, status) in [
        ("busy", CallStatus::Busy),
        ("rejected", CallStatus::NoAnswer),
    ] {
        let document = format!("<Response><Reject reason=\"{reason}\"/></Response>");
        let app = TwimlApp::start(&[("/voice", document.as_str())]);
        let sim = sim_for(&app).await;
        let transcript = sim
            .run_inbound_call(NUMBER, CALLER, CallScript::default())
            .await
            .expect("the call runs");
        assert_eq!(transcript.status, status.as_str());
        assert_eq!(transcript.duration, 0);
        let call = sim.call(&transcript.call_sid).expect("known");
        assert_eq!(call.status, status);
        assert_eq!(call.start_time, None, "never answered");
        let ended = app.to("/call-status");
        assert_eq!(ended.len(), 1);
        assert_eq!(ended[0].param("CallStatus"), Some(status.as_str()));
    }
}

#[tokio::test]
async fn every_refused_document_ends_the_call_with_an_application_error() {
    let eleven: String = (0..11)
        .map(|n| format!("<Number>+1415555{n:04}</Number>"))
        .collect();
    let eleven = format!("<Response><Dial>{eleven}</Dial></Response>");
    for (document, code) in [
        ("<Response><Sya>Hi</Sya></Response>", 12200),
        (
            "<Response><Gather><Dial>+14155550123</Dial></Gather></Response>",
            13320,
        ),
        (eleven.as_str(), 13215),
        ("<Response><Say>Hi</Response>", 12100),
        ("<Say>Hi</Say>", 12100),
        ("<Response><Number>+14155550123</Number></Response>", 12200),
        (
            "<Response><Dial timeout=\"soon\">+14155550123</Dial></Response>",
            13212,
        ),
    ] {
        let app = TwimlApp::start(&[("/voice", document)]);
        let sim = sim_for(&app).await;
        let transcript = sim
            .run_inbound_call(NUMBER, CALLER, CallScript::default())
            .await
            .expect("the call runs");
        let error = transcript.error.clone().expect(document);
        assert_eq!(error.code, code, "{document}: {error:?}");
        assert_eq!(transcript.status, "completed", "{document}");
        assert!(transcript.steps.iter().any(|s| matches!(
            s,
            Step::ApplicationError { code: c, .. } if *c == code
        )));
        let printed = transcript.to_string();
        assert!(
            printed.contains(&format!("application error {code}")),
            "{printed}"
        );
        assert!(
            printed.contains("An application error has occurred"),
            "{printed}"
        );
        // The caller hears the message (3 s) and Twilio hangs up.
        assert_eq!(app.to("/call-status")[0].param("CallDuration"), Some("3"));
    }
}

#[tokio::test]
async fn an_action_answered_with_an_error_is_an_application_error() {
    let app = TwimlApp::start(&[("/voice", "<Response><Gather action=\"/fail\"/></Response>")]);
    let sim = sim_for(&app).await;
    let transcript = sim
        .run_inbound_call(NUMBER, CALLER, CallScript::default().with_digits(["5"]))
        .await
        .expect("the call runs");
    assert_eq!(transcript.error.map(|e| e.code), Some(11200));
    assert_eq!(transcript.status, "completed");
}

#[tokio::test]
async fn the_calls_status_callbacks_go_in_order_with_increasing_sequence_numbers() {
    let app = TwimlApp::start(&[(
        "/voice",
        "<Response><Dial action=\"/done\"><Client statusCallback=\"/leg\" \
         statusCallbackEvent=\"ringing answered completed\">alice</Client></Dial></Response>",
    )]);
    let sim = sim_for(&app).await;
    let transcript = sim
        .run_inbound_call(NUMBER, CALLER, CallScript::default())
        .await
        .expect("the call runs");
    let legs = app.to("/leg");
    let numbers: Vec<_> = legs
        .iter()
        .filter_map(|r| r.param("SequenceNumber"))
        .collect();
    assert_eq!(numbers, ["0", "1", "2"]);
    assert_eq!(legs[0].param("To"), Some("client:alice"));
    // The voice request, the Dial's leg, its action, then the call's completed callback.
    let paths: Vec<String> = app
        .received()
        .iter()
        .map(|r| r.path_and_query.clone())
        .collect();
    assert_eq!(
        paths,
        ["/voice", "/leg", "/leg", "/leg", "/done", "/call-status"]
    );
    let ended = &app.to("/call-status")[0];
    assert_eq!(ended.param("CallSid"), Some(transcript.call_sid.as_str()));
    assert_eq!(ended.param("SequenceNumber"), Some("0"));
    assert_eq!(ended.param("CallbackSource"), Some("call-progress-events"));
    assert!(
        ended
            .param("Timestamp")
            .is_some_and(|t| t.ends_with("+0000"))
    );
}

#[tokio::test]
async fn the_control_api_runs_a_scripted_call_and_returns_its_transcript() {
    let app = TwimlApp::start(&[
        (
            "/voice",
            "<Response><Gather numDigits=\"1\" action=\"/menu\"/></Response>",
        ),
        (
            "/menu",
            "<Response><Dial action=\"/result\">+14155550123</Dial></Response>",
        ),
    ]);
    let sim = sim_for(&app).await;
    let control =
        SimControl::new(sim.base_url(), sim.account_sid(), sim.auth_token()).expect("a client");
    let script = CallScript::default()
        .with_digits(["2"])
        .first_dial(DialOutcome::NoAnswer);
    let transcript = control
        .run_inbound_call(NUMBER, Some(CALLER), &script)
        .await
        .expect("the call runs");
    assert_eq!(app.to("/menu")[0].param("Digits"), Some("2"));
    assert_eq!(
        app.to("/result")[0].param("DialCallStatus"),
        Some("no-answer")
    );
    assert_eq!(transcript.documents().len(), 3);
    assert_eq!(
        sim.call(&transcript.call_sid).and_then(|c| c.transcript),
        Some(transcript)
    );
    assert!(sim.requests().is_empty(), "control requests are not REST");
    assert!(!format!("{control:?}").contains(TOKEN));
}

#[tokio::test]
async fn a_browser_call_through_the_twiml_app_dials_a_child_leg() {
    let app = TwimlApp::start(&[(
        "/client",
        "<Response><Dial callerId=\"+14155550100\"><Number statusCallback=\"/leg\">\
         +14155551234</Number></Dial></Response>",
    )]);
    let sim = sim().await;
    sim.add_application(ApplicationSeed::new().voice_url(app.url("/client")))
        .expect("a TwiML App");
    let transcript = sim
        .run_client_call("alice", "+14155551234", None, false, CallScript::default())
        .await
        .expect("the call runs");
    let leg = &app.to("/leg")[0];
    assert_eq!(
        leg.param("ParentCallSid"),
        Some(transcript.call_sid.as_str())
    );
    assert_eq!(leg.param("From"), Some("+14155550100"));
    assert_eq!(transcript.status, "completed");
}

#[tokio::test]
async fn a_rest_call_carries_out_its_twiml_when_answered_and_waits_for_its_driver() {
    let app = TwimlApp::start(&[(
        "/answer",
        "<Response><Say>Connecting</Say><Dial><Number statusCallback=\"/leg\">+14155550123\
         </Number></Dial></Response>",
    )]);
    let sim = sim().await;
    sim.add_incoming_number(NumberSeed::new(NUMBER))
        .expect("a seed");
    let answer = app.url("/answer");
    let (status, call) = Api::new(&sim)
        .post(
            "Calls.json",
            &[("To", CALLER), ("From", NUMBER), ("Url", answer.as_str())],
        )
        .await;
    assert_eq!(status, 201, "{call}");
    let sid = call["sid"].as_str().expect("a SID").to_owned();
    sim.advance_call(&sid, CallStatus::InProgress)
        .await
        .expect("answered");
    assert_eq!(app.to("/leg")[0].param("ParentCallSid"), Some(sid.as_str()));
    let call = sim.call(&sid).expect("known");
    assert_eq!(call.status, CallStatus::InProgress, "the driver ends it");
    let transcript = call.transcript.expect("the engine ran");
    assert!(
        transcript
            .steps
            .iter()
            .any(|s| matches!(s, Step::Dialled { .. }))
    );
    sim.complete_call(&sid, 30)
        .await
        .expect("the driver hangs up");
}

/// A browser that rejects every call.
#[derive(Debug)]
struct Rejecting;

impl ClientResponder for Rejecting {
    fn respond<'a>(&'a self, ring: &'a ClientRing) -> ResponderFuture<'a> {
        Box::pin(async move {
            assert_eq!(ring.identity, "alice");
            Some(DialOutcome::Busy)
        })
    }
}

#[tokio::test]
async fn a_client_responder_decides_how_a_client_leg_ends() {
    let app = TwimlApp::start(&[(
        "/voice",
        "<Response><Dial answerOnBridge=\"true\" action=\"/result\"><Client>alice</Client>\
         </Dial></Response>",
    )]);
    let sim = sim_for(&app).await;
    sim.set_client_responder(Some(Arc::new(Rejecting)));
    sim.run_inbound_call(NUMBER, CALLER, CallScript::default())
        .await
        .expect("the call runs");
    assert_eq!(app.to("/result")[0].param("DialCallStatus"), Some("busy"));
    // answerOnBridge: nothing was bridged, so the caller was still ringing.
    assert_eq!(app.to("/result")[0].param("CallStatus"), Some("ringing"));
}
