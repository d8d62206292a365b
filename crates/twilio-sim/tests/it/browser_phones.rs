//! The browser-client channel: a listening identity's tabs ring on a `<Dial><Client>`, the
//! first to answer decides, an accepted call lasts until a tab hangs up, and a browser
//! places calls through the TwiML App.

use std::sync::Arc;
use std::time::Duration;

use switchboard_twilio_sim::{
    ApplicationSeed, BrowserPhones, CallScript, PhoneCallState, PhoneDirection, PhoneError,
    PhoneEvent, PhoneEventKind, RunningSim, Step,
};

use crate::twiml_app::{CALLER, NUMBER, TwimlApp, sim_for};

const RING_ALICE: &str = "<Response><Dial timeout=\"20\" answerOnBridge=\"true\" \
    action=\"/result\"><Client>alice</Client></Dial></Response>";

/// How long a test waits for an event it expects.
const WAIT: Duration = Duration::from_secs(10);

async fn phones_on(sim: &RunningSim) -> Arc<BrowserPhones> {
    BrowserPhones::attach(sim)
}

/// Polls from `after` until an event arrives.
async fn next_events(phones: &BrowserPhones, after: u64) -> (Vec<PhoneEvent>, u64) {
    let (events, next) = phones.events("alice", Some(after), WAIT).await;
    assert!(!events.is_empty(), "an event within {WAIT:?}");
    (events, next)
}

#[tokio::test]
async fn every_listening_tab_rings_and_the_call_lasts_until_one_hangs_up() {
    let app = TwimlApp::start(&[("/voice", RING_ALICE)]);
    let sim = Arc::new(sim_for(&app).await);
    let phones = phones_on(&sim).await;
    let (none, start) = phones.events("alice", None, WAIT).await;
    assert!(none.is_empty(), "a tab starts from now");

    let call = tokio::spawn({
        let sim = sim.clone();
        async move {
            sim.run_inbound_call(NUMBER, CALLER, CallScript::default())
                .await
        }
    });
    let (events, next) = next_events(&phones, start).await;
    let ring = &events[0];
    assert_eq!(ring.kind, PhoneEventKind::Incoming);
    assert_eq!(ring.direction, PhoneDirection::Inbound);
    assert_eq!(ring.state, PhoneCallState::Ringing);
    assert_eq!((ring.from.as_str(), ring.to.as_str()), (CALLER, NUMBER));
    // A second tab polling from the same start hears the same ring.
    let (second_tab, _) = phones.events("alice", Some(start), WAIT).await;
    assert_eq!(second_tab, events);

    phones.accept("alice", &ring.call_sid).expect("ringing");
    assert_eq!(
        phones.accept("alice", &ring.call_sid),
        Err(PhoneError::NotRinging),
        "the other tab is too late"
    );
    let (answered, next) = next_events(&phones, next).await;
    assert_eq!(answered[0].state, PhoneCallState::InProgress);
    assert_eq!(answered[0].call_sid, ring.call_sid);
    assert!(!call.is_finished(), "the call goes on until a tab hangs up");

    phones
        .hang_up("alice", &ring.call_sid)
        .expect("in progress");
    let transcript = call.await.expect("joins").expect("the call runs");
    assert_eq!(
        app.to("/result")[0].param("DialCallStatus"),
        Some("completed")
    );
    assert!(
        transcript
            .steps
            .iter()
            .any(|s| matches!(s, Step::Dialled { outcome, .. } if outcome == "completed"))
    );
    let (ended, _) = next_events(&phones, next).await;
    assert_eq!(ended[0].state, PhoneCallState::Completed);
    assert_eq!(
        phones.hang_up("alice", &ring.call_sid),
        Err(PhoneError::UnknownCall)
    );
}

#[tokio::test]
async fn a_rejected_ring_is_busy_and_cannot_be_accepted_after() {
    let app = TwimlApp::start(&[("/voice", RING_ALICE)]);
    let sim = Arc::new(sim_for(&app).await);
    let phones = phones_on(&sim).await;
    let (_, start) = phones.events("alice", None, WAIT).await;
    let call = tokio::spawn({
        let sim = sim.clone();
        async move {
            sim.run_inbound_call(NUMBER, CALLER, CallScript::default())
                .await
        }
    });
    let (events, next) = next_events(&phones, start).await;
    let sid = events[0].call_sid.clone();
    assert_eq!(
        phones.accept("bob", &sid),
        Err(PhoneError::UnknownCall),
        "not bob's"
    );
    phones.reject("alice", &sid).expect("ringing");
    call.await.expect("joins").expect("the call runs");
    assert_eq!(app.to("/result")[0].param("DialCallStatus"), Some("busy"));
    let (rejected, _) = next_events(&phones, next).await;
    assert_eq!(rejected[0].state, PhoneCallState::Busy);
    assert_eq!(rejected[0].reason.as_deref(), Some("rejected"));
    assert_eq!(phones.accept("alice", &sid), Err(PhoneError::UnknownCall));
}

#[tokio::test]
async fn an_identity_nobody_listens_for_is_left_to_the_script() {
    let app = TwimlApp::start(&[("/voice", RING_ALICE)]);
    let sim = Arc::new(sim_for(&app).await);
    let phones = phones_on(&sim).await;
    sim.run_inbound_call(NUMBER, CALLER, CallScript::default())
        .await
        .expect("the call runs");
    assert_eq!(
        app.to("/result")[0].param("DialCallStatus"),
        Some("completed")
    );
    let (events, _) = phones.events("alice", Some(0), Duration::ZERO).await;
    assert!(events.is_empty(), "nobody was rung");
}

#[tokio::test]
async fn a_placed_call_rings_answers_and_ends_when_the_browser_hangs_up() {
    let app = TwimlApp::start(&[(
        "/voice",
        "<Response><Dial callerId=\"+14155550100\" answerOnBridge=\"true\" action=\"/result\">\
         <Number>+14155551234</Number></Dial></Response>",
    )]);
    let sim = Arc::new(sim_for(&app).await);
    sim.add_application(ApplicationSeed::new().voice_url(app.url("/voice")))
        .expect("a TwiML App");
    let phones = phones_on(&sim).await;
    let (_, start) = phones.events("alice", None, WAIT).await;
    let sid = phones
        .place("alice", "+14155551234", Some(NUMBER))
        .expect("placed");
    let mut states = Vec::new();
    let mut after = start;
    while !states.contains(&PhoneCallState::InProgress) {
        let (events, next) = next_events(&phones, after).await;
        assert!(
            events
                .iter()
                .all(|e| e.call_sid == sid && e.direction == PhoneDirection::Outbound)
        );
        states.extend(events.iter().map(|e| e.state));
        after = next;
    }
    assert_eq!(
        states,
        vec![PhoneCallState::Ringing, PhoneCallState::InProgress]
    );
    phones.hang_up("alice", &sid).expect("in progress");
    let (ended, _) = next_events(&phones, after).await;
    assert_eq!(ended[0].state, PhoneCallState::Completed);
    let voice = app.to("/voice");
    assert_eq!(voice[0].param("From"), Some("client:alice"));
    assert_eq!(voice[0].param("CallerId"), Some(NUMBER));
}

#[tokio::test]
async fn a_placed_call_the_app_refuses_ends_with_what_the_app_said() {
    let app = TwimlApp::start(&[(
        "/voice",
        "<Response><Say>That number is not valid</Say><Hangup/></Response>",
    )]);
    let sim = Arc::new(sim_for(&app).await);
    sim.add_application(ApplicationSeed::new().voice_url(app.url("/voice")))
        .expect("a TwiML App");
    let phones = phones_on(&sim).await;
    let (_, start) = phones.events("alice", None, WAIT).await;
    let sid = phones.place("alice", "12", None).expect("placed");
    let mut last = None;
    let mut after = start;
    while last
        .as_ref()
        .is_none_or(|e: &PhoneEvent| e.state == PhoneCallState::Ringing)
    {
        let (events, next) = next_events(&phones, after).await;
        last = events.last().cloned();
        after = next;
    }
    let last = last.expect("an end");
    assert_eq!(last.call_sid, sid);
    assert_eq!(last.state, PhoneCallState::Completed);
    assert_eq!(last.reason.as_deref(), Some("That number is not valid"));
}
