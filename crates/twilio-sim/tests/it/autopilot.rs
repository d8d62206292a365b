//! Calls that come alive: the autopilot rings, answers and completes a created call on its
//! own; answering fetches the call's `Url`; ending a call over REST stops the autopilot.

use std::time::Duration;

use switchboard_twilio_sim::{Autopilot, CallStatus, RunningSim};

use crate::common::{Api, Received, Receiver, TOKEN, assert_conforms, eventually, sim_with};

const FROM: &str = "+14155550110";
const TO: &str = "+14155551234";
const TWIML: &str = "<Response><Say>Hello from the app</Say></Response>";

async fn sim_flying(ring: Duration, talk: Duration) -> RunningSim {
    let sim = sim_with(|c| c.autopilot = Some(Autopilot::new(ring, talk))).await;
    sim.add_incoming_number(switchboard_twilio_sim::NumberSeed::new(FROM))
        .expect("a seed");
    sim
}

/// Creates a call whose `Url`, status and recording callbacks all go to `app`.
async fn create_call(api: &Api, app: &Receiver, record: bool) -> String {
    let url = app.url("/answer");
    let status = app.url("/status");
    let recording = app.url("/recording");
    let mut form = vec![
        ("To", TO),
        ("From", FROM),
        ("Url", url.as_str()),
        ("StatusCallback", status.as_str()),
        (
            "StatusCallbackEvent",
            "initiated ringing answered completed",
        ),
    ];
    if record {
        form.extend([
            ("Record", "true"),
            ("RecordingChannels", "dual"),
            ("RecordingStatusCallback", recording.as_str()),
            (
                "RecordingStatusCallbackEvent",
                "in-progress completed absent",
            ),
        ]);
    }
    let (code, body) = api.post("Calls.json", &form).await;
    assert_eq!(code, 201, "{body}");
    body["sid"].as_str().expect("a sid").to_owned()
}

fn at<'r>(received: &'r [Received], path: &str) -> Vec<&'r Received> {
    received
        .iter()
        .filter(|r| r.path_and_query == path)
        .collect()
}

fn status_of(sim: &RunningSim, sid: &str) -> Option<CallStatus> {
    sim.call(sid).map(|c| c.status)
}

#[tokio::test]
async fn a_created_call_rings_is_answered_and_completes_on_its_own() {
    let sim = sim_flying(Duration::from_millis(50), Duration::from_millis(1100)).await;
    let app = Receiver::start(TWIML);
    let api = Api::new(&sim);
    let sid = create_call(&api, &app, true).await;
    eventually("the recording's completed callback arrives", || {
        at(&app.received(), "/recording").len() == 2
    })
    .await;
    assert_eq!(status_of(&sim, &sid), Some(CallStatus::Completed));

    let received = app.received();
    let paths: Vec<&str> = received.iter().map(|r| r.path_and_query.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/status",
            "/status",
            "/answer",
            "/status",
            "/recording",
            "/status",
            "/recording"
        ]
    );
    for request in &received {
        assert!(
            request.is_signed(TOKEN, &app.base_url),
            "{}",
            request.path_and_query
        );
        assert_eq!(request.param("CallSid"), Some(sid.as_str()));
        assert_eq!(request.param("AccountSid"), Some(sim.account_sid()));
    }

    let answer = at(&received, "/answer")[0];
    assert_eq!(answer.method, "POST");
    assert_eq!(answer.param("From"), Some(FROM));
    assert_eq!(answer.param("To"), Some(TO));
    assert_eq!(answer.param("CallStatus"), Some("in-progress"));
    assert_eq!(answer.param("Direction"), Some("outbound-api"));
    assert_eq!(answer.param("ApiVersion"), Some("2010-04-01"));
    let reply = sim
        .call(&sid)
        .and_then(|c| c.voice_reply)
        .expect("the app's TwiML is kept");
    assert_eq!((reply.status, reply.body.as_str()), (200, TWIML));

    let statuses = at(&received, "/status");
    let seen: Vec<(Option<&str>, Option<&str>)> = statuses
        .iter()
        .map(|r| (r.param("CallStatus"), r.param("SequenceNumber")))
        .collect();
    assert_eq!(
        seen,
        [
            (Some("initiated"), Some("0")),
            (Some("ringing"), Some("1")),
            (Some("in-progress"), Some("2")),
            (Some("completed"), Some("3")),
        ]
    );
    for status in &statuses {
        assert_eq!(status.param("CallbackSource"), Some("call-progress-events"));
        assert!(
            status
                .param("Timestamp")
                .is_some_and(|t| t.ends_with(" +0000")),
            "an RFC 2822 Timestamp"
        );
    }
    let completed = statuses[3];
    // The talk lasted 1.1 s: at least one whole second.
    let duration = completed.param("CallDuration").expect("CallDuration");
    assert!(duration.parse::<u32>().is_ok_and(|d| d >= 1), "{duration}");
    assert_eq!(completed.param("Duration"), Some(duration));

    let recordings = at(&received, "/recording");
    let recording_sid = recordings[0].param("RecordingSid").expect("a recording");
    for (callback, status) in recordings.iter().zip(["in-progress", "completed"]) {
        assert_eq!(callback.param("RecordingStatus"), Some(status));
        assert_eq!(callback.param("RecordingSid"), Some(recording_sid));
        assert_eq!(callback.param("RecordingChannels"), Some("2"));
        assert_eq!(callback.param("RecordingSource"), Some("OutboundAPI"));
        assert!(callback.param("RecordingStartTime").is_some());
        assert!(
            callback
                .param("RecordingUrl")
                .is_some_and(|u| u.ends_with(recording_sid))
        );
    }
    assert_eq!(recordings[1].param("RecordingDuration"), Some(duration));
    assert_eq!(completed.param("RecordingSid"), Some(recording_sid));
    assert!(sim.autopilots().is_empty());
    assert_conforms(&sim);
}

#[tokio::test]
async fn hanging_up_over_rest_stops_the_autopilot_and_completes_once() {
    // The callee would talk for a minute: only the hang-up can end the call in the test.
    let sim = sim_flying(Duration::from_millis(20), Duration::from_secs(60)).await;
    let app = Receiver::start(TWIML);
    let api = Api::new(&sim);
    let sid = create_call(&api, &app, false).await;
    eventually("the call is answered", || {
        at(&app.received(), "/status")
            .iter()
            .any(|r| r.param("CallStatus") == Some("in-progress"))
    })
    .await;
    assert_eq!(sim.autopilots(), std::slice::from_ref(&sid));
    let (code, body) = api
        .post(&format!("Calls/{sid}.json"), &[("Status", "completed")])
        .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["status"], "completed");
    eventually("the autopilot stops", || sim.autopilots().is_empty()).await;
    eventually("the completed callback arrives", || {
        at(&app.received(), "/status").len() == 4
    })
    .await;
    let completed: Vec<Received> = app
        .received()
        .into_iter()
        .filter(|r| r.param("CallStatus") == Some("completed"))
        .collect();
    assert_eq!(completed.len(), 1);
    assert_eq!(completed[0].param("SequenceNumber"), Some("3"));
    assert_eq!(status_of(&sim, &sid), Some(CallStatus::Completed));
    assert_conforms(&sim);
}

#[tokio::test]
async fn canceling_a_ringing_call_stops_the_autopilot_before_the_answer() {
    let sim = sim_flying(Duration::from_secs(60), Duration::from_secs(60)).await;
    let app = Receiver::start(TWIML);
    let api = Api::new(&sim);
    let sid = create_call(&api, &app, true).await;
    eventually("the ringing callback arrives", || {
        at(&app.received(), "/status")
            .iter()
            .any(|r| r.param("CallStatus") == Some("ringing"))
    })
    .await;
    assert_eq!(status_of(&sim, &sid), Some(CallStatus::Ringing));
    let (code, body) = api
        .post(&format!("Calls/{sid}.json"), &[("Status", "canceled")])
        .await;
    assert_eq!(code, 200, "{body}");
    eventually("the autopilot stops", || sim.autopilots().is_empty()).await;
    eventually("the canceled callback arrives", || {
        at(&app.received(), "/status").len() == 3
    })
    .await;
    let received = app.received();
    let statuses: Vec<Option<&str>> = received.iter().map(|r| r.param("CallStatus")).collect();
    assert_eq!(
        statuses,
        [Some("initiated"), Some("ringing"), Some("canceled")]
    );
    assert!(at(&received, "/answer").is_empty(), "never answered");
    assert!(sim.recordings().is_empty(), "never recorded");
    assert_eq!(status_of(&sim, &sid), Some(CallStatus::Canceled));
}

#[tokio::test]
async fn without_the_autopilot_a_driven_call_still_fetches_its_url_when_answered() {
    let sim = sim_with(|_| {}).await;
    sim.add_incoming_number(switchboard_twilio_sim::NumberSeed::new(FROM))
        .expect("a seed");
    let app = Receiver::start(TWIML);
    let api = Api::new(&sim);
    let sid = create_call(&api, &app, false).await;
    assert_eq!(status_of(&sim, &sid), Some(CallStatus::Queued));
    assert!(sim.autopilots().is_empty());
    let deliveries = sim.complete_call(&sid, 5).await.expect("completes");
    let kinds: Vec<&str> = deliveries.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "call-status",
            "call-status",
            "voice",
            "call-status",
            "call-status"
        ]
    );
    let received = app.received();
    let answer = at(&received, "/answer")[0];
    assert!(answer.is_signed(TOKEN, &app.base_url));
    assert_eq!(answer.param("CallStatus"), Some("in-progress"));
    assert_eq!(
        sim.call(&sid).and_then(|c| c.voice_reply).map(|r| r.body),
        Some(TWIML.to_owned())
    );
}
