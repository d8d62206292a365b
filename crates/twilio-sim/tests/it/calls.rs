//! Calls: create, fetch, update, the status machine and signed status callbacks.

use serde_json::Value;
use switchboard_twilio_sim::{AccountType, CallStatus, NumberSeed, SimError};

use crate::common::{
    Api, Receiver, TOKEN, assert_conforms, assert_error, sim, sim_owning, sim_with,
};

const FROM: &str = "+14155550110";
const TO: &str = "+14155551234";

async fn create_call(api: &Api, extra: &[(&str, &str)]) -> Value {
    let mut form = vec![
        ("To", TO),
        ("From", FROM),
        ("Url", "https://app.example/twiml"),
    ];
    form.extend_from_slice(extra);
    let (status, body) = api.post("Calls.json", &form).await;
    assert_eq!(status, 201, "{body}");
    body
}

fn sid(body: &Value) -> String {
    body["sid"].as_str().expect("a sid").to_owned()
}

#[tokio::test]
async fn a_new_call_is_queued_outbound_api() {
    let sim = sim().await;
    let owned = sim
        .add_incoming_number(NumberSeed::new(FROM))
        .expect("a seed");
    let api = Api::new(&sim);
    let body = create_call(&api, &[]).await;
    let call_sid = sid(&body);
    assert!(call_sid.starts_with("CA") && call_sid.len() == 34);
    assert_eq!(body["status"], "queued");
    assert_eq!(body["direction"], "outbound-api");
    assert_eq!(body["to"], TO);
    assert_eq!(body["from"], FROM);
    assert_eq!(body["from_formatted"], "(415) 555-0110");
    assert_eq!(body["phone_number_sid"], owned.sid);
    assert_eq!(body["duration"], Value::Null);
    assert_eq!(body["start_time"], Value::Null);
    assert_eq!(body["api_version"], "2010-04-01");
    let (status, fetched) = api.get(&format!("Calls/{call_sid}.json"), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(fetched["sid"], body["sid"]);
    assert_eq!(
        sim.call(&call_sid).map(|c| c.status),
        Some(CallStatus::Queued)
    );
    assert_conforms(&sim);
}

#[tokio::test]
async fn invalid_call_requests_get_twilios_codes() {
    let sim = sim_owning(FROM).await;
    let api = Api::new(&sim);
    let url = ("Url", "https://app.example/twiml");
    assert_error(
        &api.post("Calls.json", &[("To", "12345"), ("From", FROM), url])
            .await,
        400,
        21211,
    );
    assert_error(
        &api.post("Calls.json", &[("From", FROM), url]).await,
        400,
        21201,
    );
    assert_error(
        &api.post("Calls.json", &[("To", TO), url]).await,
        400,
        21213,
    );
    assert_error(
        &api.post("Calls.json", &[("To", TO), ("From", "+14155559876"), url])
            .await,
        400,
        21210,
    );
    assert_error(
        &api.post("Calls.json", &[("To", TO), ("From", FROM)]).await,
        400,
        21205,
    );
    assert_error(
        &api.post(
            "Calls.json",
            &[("To", TO), ("From", FROM), ("Url", "/relative")],
        )
        .await,
        400,
        21205,
    );
    assert_error(
        &api.post(
            "Calls.json",
            &[("To", TO), ("From", FROM), url, ("Timeout", "601")],
        )
        .await,
        400,
        400,
    );
    assert_error(
        &api.post(
            "Calls.json",
            &[
                ("To", TO),
                ("From", FROM),
                url,
                ("StatusCallbackEvent", "hungup"),
            ],
        )
        .await,
        400,
        400,
    );
    // Clients and SIP endpoints are valid destinations.
    let (status, _) = api
        .post(
            "Calls.json",
            &[
                ("To", "client:alice"),
                ("From", FROM),
                ("Twiml", "<Response/>"),
            ],
        )
        .await;
    assert_eq!(status, 201);
    let (status, _) = api
        .post(
            "Calls.json",
            &[("To", "sip:bob@example.com"), ("From", FROM), url],
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(sim.calls().len(), 2);
}

#[tokio::test]
async fn verified_caller_ids_may_place_calls_and_trials_only_call_verified_numbers() {
    let sim = sim_with(|c| c.account_type = AccountType::Trial).await;
    let api = Api::new(&sim);
    sim.add_verified_caller_id("+14155559876").expect("E.164");
    let form = [
        ("To", TO),
        ("From", "+14155559876"),
        ("Url", "https://app.example/twiml"),
    ];
    let trial = api.post("Calls.json", &form).await;
    assert_error(&trial, 400, 21219);
    sim.add_verified_caller_id(TO).expect("E.164");
    let (status, body) = api.post("Calls.json", &form).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["phone_number_sid"], Value::Null);
}

#[tokio::test]
async fn each_subscribed_transition_posts_a_signed_status_callback() {
    let sim = sim_owning(FROM).await;
    let receiver = Receiver::start("");
    let api = Api::new(&sim);
    let callback = receiver.url("/status?leg=a");
    let call = create_call(
        &api,
        &[
            ("StatusCallback", callback.as_str()),
            ("StatusCallbackEvent", "initiated"),
            ("StatusCallbackEvent", "ringing"),
            ("StatusCallbackEvent", "answered"),
            ("StatusCallbackEvent", "completed"),
        ],
    )
    .await;
    let call_sid = sid(&call);
    let ringing = sim
        .advance_call(&call_sid, CallStatus::Ringing)
        .await
        .expect("forwards");
    assert_eq!(ringing.len(), 2, "initiated then ringing: {ringing:?}");
    assert!(ringing.iter().all(|d| d.status == Some(200)));
    sim.advance_call(&call_sid, CallStatus::InProgress)
        .await
        .expect("forwards");
    sim.advance_call(&call_sid, CallStatus::Completed)
        .await
        .expect("forwards");

    let received = receiver.received();
    let statuses: Vec<&str> = received
        .iter()
        .filter_map(|r| r.param("CallStatus"))
        .collect();
    assert_eq!(
        statuses,
        ["initiated", "ringing", "in-progress", "completed"]
    );
    for (n, request) in received.iter().enumerate() {
        assert!(
            request.is_signed(TOKEN, &receiver.base_url),
            "callback {n} is signed"
        );
        assert_eq!(request.method, "POST");
        assert_eq!(request.path_and_query, "/status?leg=a");
        assert_eq!(request.user_agent.as_deref(), Some("TwilioProxy/1.1"));
        assert_eq!(
            request.content_type.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            request.param("SequenceNumber"),
            Some(n.to_string().as_str())
        );
        assert_eq!(request.param("CallSid"), Some(call_sid.as_str()));
        assert_eq!(request.param("AccountSid"), Some(sim.account_sid()));
        assert_eq!(request.param("From"), Some(FROM));
        assert_eq!(request.param("To"), Some(TO));
        assert_eq!(request.param("Direction"), Some("outbound-api"));
        assert_eq!(request.param("ApiVersion"), Some("2010-04-01"));
        assert_eq!(
            request.param("CallbackSource"),
            Some("call-progress-events")
        );
        assert!(
            request
                .param("Timestamp")
                .is_some_and(|t| t.ends_with("+0000"))
        );
    }
    let completed = &received[3];
    assert!(completed.param("CallDuration").is_some());
    let fetched = api.get(&format!("Calls/{call_sid}.json"), &[]).await.1;
    assert_eq!(fetched["status"], "completed");
    assert!(fetched["end_time"].is_string());
    // The four callbacks, and the fetch of the call's `Url` (to nowhere) when it was answered.
    let kinds: Vec<String> = sim
        .webhook_deliveries()
        .into_iter()
        .map(|d| d.kind)
        .collect();
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
    assert_conforms(&sim);
}

#[tokio::test]
async fn without_events_only_completed_is_posted_with_the_duration() {
    let sim = sim_owning(FROM).await;
    let receiver = Receiver::start("");
    let api = Api::new(&sim);
    let callback = receiver.url("/status");
    let call = create_call(&api, &[("StatusCallback", callback.as_str())]).await;
    let deliveries = sim.complete_call(&sid(&call), 42).await.expect("completes");
    // The fetch of the call's `Url` when it was answered, then the one callback.
    assert_eq!(deliveries.len(), 2);
    assert_eq!(deliveries[0].kind, "voice");
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].param("CallStatus"), Some("completed"));
    assert_eq!(received[0].param("CallDuration"), Some("42"));
    assert_eq!(received[0].param("Duration"), Some("42"));
    assert_eq!(received[0].param("SequenceNumber"), Some("0"));
    let (_, fetched) = api.get(&format!("Calls/{}.json", sid(&call)), &[]).await;
    assert_eq!(fetched["duration"], "42");
    assert!(
        fetched["price"]
            .as_str()
            .is_some_and(|p| p.starts_with('-'))
    );
    assert_conforms(&sim);
}

#[tokio::test]
async fn calls_never_go_backwards() {
    let sim = sim_owning(FROM).await;
    let api = Api::new(&sim);
    let call_sid = sid(&create_call(&api, &[]).await);
    sim.advance_call(&call_sid, CallStatus::InProgress)
        .await
        .expect("forwards");
    let backwards = sim.advance_call(&call_sid, CallStatus::Ringing).await;
    assert!(
        matches!(backwards, Err(SimError::InvalidTransition { .. })),
        "{backwards:?}"
    );
    let busy = sim.advance_call(&call_sid, CallStatus::Busy).await;
    assert!(matches!(busy, Err(SimError::InvalidTransition { .. })));
    sim.advance_call(&call_sid, CallStatus::Completed)
        .await
        .expect("forwards");
    assert!(sim.complete_call(&call_sid, 5).await.is_err());
    assert!(matches!(
        sim.advance_call("CA00000000000000000000000000000000", CallStatus::Ringing)
            .await,
        Err(SimError::NotFound(_))
    ));
}

#[tokio::test]
async fn hanging_up_over_rest_completes_or_cancels_and_posts_the_callback() {
    let sim = sim_owning(FROM).await;
    let receiver = Receiver::start("");
    let api = Api::new(&sim);
    let callback = receiver.url("/status");

    let live = sid(&create_call(&api, &[("StatusCallback", callback.as_str())]).await);
    sim.advance_call(&live, CallStatus::InProgress)
        .await
        .expect("answered");
    let (status, body) = api
        .post(&format!("Calls/{live}.json"), &[("Status", "completed")])
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "completed");
    // The callback is sent asynchronously, as Twilio does.
    let received = receiver.wait_for(1).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].param("CallStatus"), Some("completed"));
    assert!(received[0].is_signed(TOKEN, &receiver.base_url));

    let queued = sid(&create_call(&api, &[]).await);
    let (_, body) = api
        .post(&format!("Calls/{queued}.json"), &[("Status", "completed")])
        .await;
    assert_eq!(body["status"], "canceled");
    // An ended call stays as it is.
    let (status, body) = api
        .post(&format!("Calls/{queued}.json"), &[("Status", "canceled")])
        .await;
    assert_eq!((status, body["status"].as_str()), (200, Some("canceled")));
    assert_error(
        &api.post(
            &format!("Calls/{queued}.json"),
            &[("Url", "https://app.example/next")],
        )
        .await,
        400,
        21220,
    );
    assert_conforms(&sim);
}

#[tokio::test]
async fn a_live_call_can_be_redirected() {
    let sim = sim_owning(FROM).await;
    let api = Api::new(&sim);
    let call_sid = sid(&create_call(&api, &[]).await);
    sim.advance_call(&call_sid, CallStatus::InProgress)
        .await
        .expect("answered");
    let (status, body) = api
        .post(
            &format!("Calls/{call_sid}.json"),
            &[("Url", "https://app.example/hold"), ("Method", "GET")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "in-progress");
    let (status, _) = api
        .post(
            &format!("Calls/{call_sid}.json"),
            &[("Twiml", "<Response><Hangup/></Response>")],
        )
        .await;
    assert_eq!(status, 200);
    let call = sim.call(&call_sid).expect("the call");
    assert_eq!(call.url.as_deref(), Some("https://app.example/hold"));
    assert_eq!(call.method, "GET");
    assert_eq!(call.redirects.len(), 2);
    assert_conforms(&sim);
}

#[tokio::test]
async fn get_status_callbacks_carry_the_parameters_in_a_signed_query() {
    let sim = sim_owning(FROM).await;
    let receiver = Receiver::start("");
    let api = Api::new(&sim);
    let callback = receiver.url("/status");
    let call = create_call(
        &api,
        &[
            ("StatusCallback", callback.as_str()),
            ("StatusCallbackMethod", "GET"),
        ],
    )
    .await;
    sim.complete_call(&sid(&call), 3).await.expect("completes");
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method, "GET");
    assert!(received[0].path_and_query.contains("CallStatus=completed"));
    assert!(received[0].is_signed(TOKEN, &receiver.base_url));
}

/// As at Twilio, a call not dialled yet has no start time: `StartTime>` lists the dialled
/// calls only, and `Status=queued` finds the others.
#[tokio::test]
async fn the_calls_list_filters_by_start_time_and_status() {
    let sim = sim().await;
    sim.add_incoming_number(NumberSeed::new(FROM))
        .expect("a seed");
    let api = Api::new(&sim);
    let queued = sid(&create_call(&api, &[]).await);
    let dialled = sid(&create_call(&api, &[]).await);
    sim.advance_call(&dialled, CallStatus::Ringing)
        .await
        .expect("rings");
    let listed = |query: Vec<(&'static str, String)>| {
        let api = &api;
        async move {
            let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = api.get("Calls.json", &pairs).await;
            assert_eq!(status, 200, "{body}");
            let sids: Vec<String> = body["calls"]
                .as_array()
                .expect("calls")
                .iter()
                .map(sid)
                .collect();
            sids
        }
    };
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let base = || vec![("To", TO.to_owned()), ("From", FROM.to_owned())];
    let mut started = base();
    started.push(("StartTime>", today));
    assert_eq!(listed(started).await, std::slice::from_ref(&dialled));
    let mut waiting = base();
    waiting.push(("Status", "queued".to_owned()));
    assert_eq!(listed(waiting).await, std::slice::from_ref(&queued));
    assert_eq!(listed(base()).await, [dialled, queued], "newest first");
}
