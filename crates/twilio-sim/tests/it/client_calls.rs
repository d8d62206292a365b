//! Browser calls: the Voice SDK's call through the account's TwiML App, sent signed to the
//! app's `VoiceUrl` in-process and over the control API.

use switchboard_twilio_sim::{
    ApplicationSeed, CallStatus, ControlError, RunningSim, SimControl, SimError,
};

use crate::common::{Received, Receiver, TOKEN, assert_conforms, sim};

const APP_SID: &str = "AP0123456789abcdef0123456789abcdef";
const DIAL: &str =
    "<Response><Dial callerId=\"+14155550100\"><Number>+14155551234</Number></Dial></Response>";

fn control(sim: &RunningSim) -> SimControl {
    SimControl::new(sim.base_url(), sim.account_sid(), sim.auth_token()).expect("a client")
}

/// A stand-in whose TwiML App sends voice requests to `app`'s `/voice`.
async fn sim_with_app(app: &Receiver) -> RunningSim {
    let sim = sim().await;
    sim.add_application(
        ApplicationSeed::new()
            .sid(APP_SID)
            .voice_url(app.url("/voice"))
            .status_callback(app.url("/status")),
    )
    .expect("a seed");
    sim
}

/// Asserts `request` is the Voice SDK's signed voice request for `identity` dialling `to`.
fn assert_voice_request(request: &Received, sim: &RunningSim, app: &Receiver, to: &str) {
    assert!(request.is_signed(TOKEN, &app.base_url), "signed");
    assert_eq!(request.method, "POST");
    assert_eq!(request.path_and_query, "/voice");
    assert!(
        request
            .param("CallSid")
            .is_some_and(|s| s.starts_with("CA"))
    );
    assert_eq!(request.param("AccountSid"), Some(sim.account_sid()));
    assert_eq!(request.param("ApplicationSid"), Some(APP_SID));
    assert_eq!(request.param("From"), Some("client:alice_1"));
    assert_eq!(request.param("Caller"), Some("client:alice_1"));
    assert_eq!(request.param("To"), Some(to));
    assert_eq!(request.param("Called"), Some(to));
    assert_eq!(request.param("Direction"), Some("inbound"));
    assert_eq!(request.param("CallStatus"), Some("ringing"));
    assert_eq!(request.param("ApiVersion"), Some("2010-04-01"));
}

#[tokio::test]
async fn a_browser_call_posts_the_twiml_apps_signed_voice_request() {
    let app = Receiver::start(DIAL);
    let sim = sim_with_app(&app).await;
    let reply = sim
        .client_call("alice_1", "+14155551234", Some("+14155550100"), true)
        .await
        .expect("the app answers");
    assert_eq!((reply.status, reply.body.as_str()), (200, DIAL));
    let call_sid = reply.sid.expect("the call's SID");
    let received = app.received();
    assert_voice_request(&received[0], &sim, &app, "+14155551234");
    assert_eq!(received[0].param("CallSid"), Some(call_sid.as_str()));
    assert_eq!(received[0].param("CallerId"), Some("+14155550100"));
    assert_eq!(received[0].param("Record"), Some("true"));

    // The engine dialled the number (a child leg), which answered; the Dial has no action,
    // so the document ended and the call with it.
    let call = sim.call(&call_sid).expect("the call is recorded");
    assert_eq!(call.status, CallStatus::Completed);
    assert_eq!(call.from, "client:alice_1");
    assert_eq!(call.application_sid.as_deref(), Some(APP_SID));
    assert_eq!(call.voice_reply.map(|r| r.body), Some(DIAL.to_owned()));
    let leg = sim
        .calls()
        .into_iter()
        .find(|c| c.parent_call_sid.as_deref() == Some(call_sid.as_str()))
        .expect("a child leg");
    assert_eq!(leg.direction, "outbound-dial");
    assert_eq!(leg.to, "+14155551234");
    assert_eq!(leg.from, "+14155550100", "the Dial's callerId");
    assert_eq!(leg.status, CallStatus::Completed);

    // The end reports to the app's status callback.
    assert_eq!(received.len(), 2, "{received:#?}");
    let status = &received[1];
    assert_eq!(status.path_and_query, "/status");
    assert_eq!(status.param("CallStatus"), Some("completed"));
    assert_eq!(status.param("From"), Some("client:alice_1"));
    assert_conforms(&sim);
}

#[tokio::test]
async fn a_browser_call_over_http_returns_the_apps_twiml() {
    let app = Receiver::start(DIAL);
    let sim = sim_with_app(&app).await;
    let reply = control(&sim)
        .client_call("alice_1", "(415) 555-1234", None, false)
        .await
        .expect("the app answers");
    assert_eq!((reply.status, reply.body.as_str()), (200, DIAL));
    // The voice request, then the call's completed callback to the app's status callback.
    let received = app.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].path_and_query, "/status");
    // `To` goes as the browser sent it: the app normalises it.
    assert_voice_request(&received[0], &sim, &app, "(415) 555-1234");
    assert_eq!(received[0].param("CallerId"), None);
    assert_eq!(received[0].param("Record"), None);
    assert_eq!(reply.sid.as_deref(), received[0].param("CallSid"));
    assert!(sim.requests().is_empty(), "control requests are not REST");
}

#[tokio::test]
async fn a_browser_call_needs_a_twiml_app_and_an_identity() {
    let sim = sim().await;
    let error = sim
        .client_call("alice_1", "+14155551234", None, false)
        .await
        .expect_err("no app");
    assert!(matches!(error, SimError::NoApplication), "{error:?}");
    let error = control(&sim)
        .client_call("alice_1", "+14155551234", None, false)
        .await
        .expect_err("no app");
    assert!(matches!(error, ControlError::NoWebhook { .. }), "{error:?}");
    assert!(error.to_string().contains("TwiML App"), "{error}");
    assert!(!error.to_string().contains(TOKEN), "{error}");

    let app = Receiver::start(DIAL);
    sim.add_application(ApplicationSeed::new().voice_url(app.url("/voice")))
        .expect("a seed");
    for (identity, to) in [
        ("", "+14155551234"),
        ("al ice", "+14155551234"),
        ("alice", ""),
    ] {
        let error = control(&sim)
            .client_call(identity, to, None, false)
            .await
            .expect_err("refused");
        assert!(
            matches!(error, ControlError::InvalidRequest { .. }),
            "{identity:?} {to:?}: {error:?}"
        );
    }
    assert!(app.received().is_empty());
    assert!(sim.calls().is_empty());
}
