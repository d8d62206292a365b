//! Twilio and SendGrid outages under load (issue 14, point 4): while both providers fail in
//! each way for a while (connections refused, 5xx, 429 storms with `Retry-After`, writes
//! that take effect but whose answers are lost), several clients buy numbers, send SMS,
//! place calls and send emails, each request with an `Idempotency-Key` and retried with the
//! same key after a 5xx. Every answer is a success or a bounded 502/503 problem; once the
//! providers are back (no restart) every request succeeds, or, for an email whose outcome
//! is unknown, gets the definitive 409 `email_outcome_unknown`; and what the stand-ins hold
//! matches what the store holds: nothing lost, nothing done twice, nothing left pending.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use serde_json::{Value, json};
use switchboard_e2e::outage::{allow_updates_of, fail_updates_of, pending_purchases};
use switchboard_e2e::{
    Gate, GateMode, PUBLIC_BASE_URL, ProviderRoute, TestApp, TestAppOptions, TestStore, json_of,
    problem, start_sim,
};
use switchboard_sendgrid_sim::{SendGridSim, SendGridSimConfig};

/// How long each kind of failure lasts.
const PHASE: Duration = Duration::from_secs(15);
/// The adapters' timeout in this test.
const ADAPTER_TIMEOUT: Duration = Duration::from_secs(1);
/// The longest any answer may take, outage or not.
const ANSWER_BOUND: Duration = Duration::from_secs(12);
/// How long the clients have, once the providers are back, to get every request through.
const DRAIN: Duration = Duration::from_secs(25);
/// Clients (one user each).
const CLIENTS: usize = 4;
/// Requests each client starts at most.
const REQUESTS_PER_CLIENT: usize = 40;
/// Unfinished requests a client keeps retrying before it starts another.
const IN_FLIGHT: usize = 12;
/// The pause between a client's rounds (each round starts one request and retries the
/// unfinished ones).
const ROUND: Duration = Duration::from_millis(400);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Number,
    Message,
    Call,
    Email,
}

impl Kind {
    fn path(self) -> &'static str {
        match self {
            Self::Number => "/v1/numbers",
            Self::Message => "/v1/messages",
            Self::Call => "/v1/calls",
            Self::Email => "/v1/emails",
        }
    }
}

/// One request a client makes until it has a final answer.
#[derive(Debug)]
struct Request {
    kind: Kind,
    key: String,
    body: Value,
    /// The unique mark the stand-in's copy is found by (body, callee or subject).
    mark: String,
    attempts: u32,
}

/// A final answer.
#[derive(Debug)]
enum Outcome {
    /// 201/202 with the created resource.
    Done(Request, Value),
    /// 409 `email_outcome_unknown`: an earlier attempt may have sent it.
    Unknown(Request),
}

fn request(client: usize, n: usize) -> Request {
    let tag = format!("c{client}-r{n}");
    let (kind, body, mark) = match n % 4 {
        0 => {
            let area = ["415", "212", "312", "206", "512"][(client + n / 4) % 5];
            (Kind::Number, json!({ "areaCode": area }), String::new())
        }
        1 => {
            let text = format!("outage test {tag}");
            (
                Kind::Message,
                json!({ "to": "+14155550199", "body": text }),
                text,
            )
        }
        2 => {
            let to = format!("+1646555{:01}{:03}", client, n);
            (Kind::Call, json!({ "to": to, "say": "Hello" }), to)
        }
        _ => {
            let subject = format!("Outage test {tag}");
            (
                Kind::Email,
                json!({ "to": "ann@example.com", "subject": subject, "text": "Hello." }),
                subject,
            )
        }
    };
    Request {
        kind,
        key: format!("outage-{tag}"),
        body,
        mark,
        attempts: 0,
    }
}

/// Makes one attempt: the final outcome, or the request back after a bounded 502/503.
async fn attempt(app: &TestApp, token: &str, mut request: Request) -> Result<Outcome, Request> {
    request.attempts += 1;
    let started = Instant::now();
    let response = app
        .client
        .post(app.url(request.kind.path()))
        .bearer_auth(token)
        .header("Idempotency-Key", &request.key)
        .json(&request.body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{:?} {}: no answer: {e:?}", request.kind, request.key));
    let took = started.elapsed();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("read the body");
    assert!(
        took <= ANSWER_BOUND,
        "{:?} took {took:?} ({status} {text})",
        request.kind
    );
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON: {text}"));
    match status {
        201 | 202 => Ok(Outcome::Done(request, body)),
        409 if request.kind == Kind::Email && body["code"] == "email_outcome_unknown" => {
            Ok(Outcome::Unknown(request))
        }
        502 | 503 => {
            let content_type = headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            assert_eq!(content_type, "application/problem+json", "{text}");
            let code = body["code"].as_str().unwrap_or_default();
            let expected: &[&str] = if status == 502 {
                &["twilio_unavailable", "email_unavailable"]
            } else {
                &["twilio_rate_limited"]
            };
            assert!(expected.contains(&code), "{status} {text}");
            if status == 503 {
                assert!(
                    headers.contains_key(RETRY_AFTER),
                    "503 without Retry-After: {text}"
                );
            }
            Err(request)
        }
        _ => panic!("{:?} answered {status}: {text}", request.kind),
    }
}

/// One client: starts a request every round while the outage lasts, retries every
/// unfinished one (concurrently) with its key, and after the outage finishes them all.
async fn client(app: Arc<TestApp>, id: usize, over: Arc<AtomicBool>) -> (Vec<Outcome>, u32) {
    let token = app.user_token(&format!("client-{id}"));
    let mut pending: Vec<Request> = Vec::new();
    let mut done = Vec::new();
    let mut started = 0;
    let mut failed_attempts = 0;
    let mut drain_until = None;
    loop {
        let outage_over = over.load(Ordering::SeqCst);
        if outage_over && drain_until.is_none() {
            drain_until = Some(Instant::now() + DRAIN);
        }
        if !outage_over && pending.len() < IN_FLIGHT && started < REQUESTS_PER_CLIENT {
            pending.push(request(id, started));
            started += 1;
        }
        if outage_over && pending.is_empty() {
            return (done, failed_attempts);
        }
        if let Some(until) = drain_until {
            assert!(
                Instant::now() < until,
                "client {id}: still unfinished after the outage: {pending:#?}"
            );
        }
        let round = std::mem::take(&mut pending)
            .into_iter()
            .map(|request| attempt(&app, &token, request));
        for result in futures::future::join_all(round).await {
            match result {
                Ok(outcome) => done.push(outcome),
                Err(request) => {
                    failed_attempts += 1;
                    pending.push(request);
                }
            }
        }
        // A client's pause between rounds of retries.
        tokio::time::sleep(ROUND).await;
    }
}

async fn listed(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let page = json_of(app.get(&format!("{path}?limit=200"), token).await, 200).await;
    assert!(page["next"].is_null(), "{path}: more than one page");
    page["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn provider_outages_answer_bounded_problems_and_lose_or_repeat_nothing() {
    let sim = Arc::new(start_sim().await);
    let sendgrid = Arc::new(
        SendGridSim::start(SendGridSimConfig::default())
            .await
            .expect("the SendGrid stand-in starts"),
    );
    let twilio_gate = Gate::start(sim.base_url());
    let sendgrid_gate = Gate::start(sendgrid.base_url());
    let app = Arc::new(
        TestApp::spawn_with(TestAppOptions {
            sim: Some(sim.clone()),
            sendgrid: Some(sendgrid.clone()),
            providers_via: Some(ProviderRoute {
                twilio_base_url: twilio_gate.base_url(),
                sendgrid_base_url: sendgrid_gate.base_url(),
                timeout: ADAPTER_TIMEOUT,
            }),
            ..TestAppOptions::default()
        })
        .await,
    );
    let mut setup_numbers = Vec::new();
    for id in 0..CLIENTS {
        let token = app.user_token(&format!("client-{id}"));
        setup_numbers.push(app.own_number(&token).await.1);
    }

    let over = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|id| tokio::spawn(client(app.clone(), id, over.clone())))
        .collect();
    for mode in [
        GateMode::Refuse,
        GateMode::Fail(503),
        GateMode::Storm(1),
        GateMode::HoldWrites(ADAPTER_TIMEOUT * 2),
    ] {
        twilio_gate.set(mode);
        sendgrid_gate.set(mode);
        tokio::time::sleep(PHASE).await;
    }
    twilio_gate.set(GateMode::Pass);
    sendgrid_gate.set(GateMode::Pass);
    over.store(true, Ordering::SeqCst);
    let mut outcomes = Vec::new();
    let mut failed_attempts = 0;
    for handle in clients {
        let (done, failed) = handle.await.expect("a client finished");
        outcomes.extend(done);
        failed_attempts += failed;
    }
    let retried = outcomes
        .iter()
        .filter(|o| match o {
            Outcome::Done(r, _) | Outcome::Unknown(r) => r.attempts > 1,
        })
        .count();
    // With the providers back and no restart, new requests of every kind succeed at once.
    for id in 0..CLIENTS {
        let token = app.user_token(&format!("client-{id}"));
        for n in 900..904 {
            match attempt(&app, &token, request(id, n)).await {
                Ok(done @ Outcome::Done(..)) => outcomes.push(done),
                Ok(Outcome::Unknown(r)) | Err(r) => panic!("after the outage: {r:?}"),
            }
        }
    }

    // The outage bit: attempts failed, the gates answered faults and lost answers.
    assert!(failed_attempts > 0, "no attempt failed");
    for (name, gate) in [("Twilio", &twilio_gate), ("SendGrid", &sendgrid_gate)] {
        let counts = gate.counts();
        assert!(
            counts.failed > 0 && counts.held > 0,
            "{name} gate: {counts:?}"
        );
    }
    assert_eq!(sim.spec_violations(), Vec::<String>::new());

    // Numbers: every purchase answered 201 is on the account once, and the account holds
    // nothing else; nothing is left pending.
    let mut bought: Vec<String> = setup_numbers.clone();
    let mut by_kind: HashMap<Kind, usize> = HashMap::new();
    let mut messages_done = Vec::new();
    let mut calls_done = Vec::new();
    let mut emails_done = Vec::new();
    let mut emails_unknown = Vec::new();
    for outcome in &outcomes {
        match outcome {
            Outcome::Done(r, body) => {
                *by_kind.entry(r.kind).or_default() += 1;
                match r.kind {
                    Kind::Number => {
                        bought.push(body["phoneNumber"].as_str().expect("a number").to_owned())
                    }
                    Kind::Message => {
                        messages_done.push((r.mark.clone(), body["messageSid"].clone()))
                    }
                    Kind::Call => calls_done.push((r.mark.clone(), body["callSid"].clone())),
                    Kind::Email => emails_done.push(r.mark.clone()),
                }
            }
            Outcome::Unknown(r) => emails_unknown.push(r.mark.clone()),
        }
    }
    for kind in [Kind::Number, Kind::Message, Kind::Call] {
        assert!(
            by_kind.get(&kind).copied().unwrap_or(0) > 0,
            "no {kind:?} went through"
        );
    }
    let mut on_account: Vec<String> = sim
        .incoming_numbers()
        .into_iter()
        .map(|n| n.phone_number)
        .collect();
    on_account.sort();
    bought.sort();
    assert_eq!(
        on_account, bought,
        "the account against the purchases answered"
    );
    let TestStore::Postgres(db) = &app.store else {
        panic!("the test runs on PostgreSQL")
    };
    assert_eq!(pending_purchases(db).await, 0, "purchases left pending");

    // Messages and calls: each request's message or call exists at Twilio exactly once, with
    // the SID the app answered; the store lists exactly those.
    let sent: Vec<_> = sim
        .messages()
        .into_iter()
        .filter(|m| m.direction == "outbound-api")
        .collect();
    assert_eq!(sent.len(), messages_done.len(), "messages at Twilio");
    for (body, sid) in &messages_done {
        let copies: Vec<_> = sent.iter().filter(|m| &m.body == body).collect();
        assert_eq!(copies.len(), 1, "{body}");
        assert_eq!(sid.as_str(), Some(copies[0].sid.as_str()), "{body}");
    }
    let placed: Vec<_> = sim
        .calls()
        .into_iter()
        .filter(|c| c.direction == "outbound-api")
        .collect();
    assert_eq!(placed.len(), calls_done.len(), "calls at Twilio");
    for (to, sid) in &calls_done {
        let copies: Vec<_> = placed.iter().filter(|c| &c.to == to).collect();
        assert_eq!(copies.len(), 1, "{to}");
        assert_eq!(sid.as_str(), Some(copies[0].sid.as_str()), "{to}");
    }
    let (mut stored_messages, mut stored_calls, mut accepted_emails) = (0, 0, 0);
    for id in 0..CLIENTS {
        let token = app.user_token(&format!("client-{id}"));
        stored_messages += listed(&app, &token, "/v1/messages").await.len();
        stored_calls += listed(&app, &token, "/v1/calls")
            .await
            .iter()
            .filter(|c| c["direction"] == "outbound-api")
            .count();
        accepted_emails += listed(&app, &token, "/v1/emails")
            .await
            .iter()
            .filter(|e| e["status"] == "accepted")
            .count();
    }
    assert_eq!(stored_messages, sent.len(), "messages in the store");
    assert_eq!(stored_calls, placed.len(), "calls in the store");

    // Emails: SendGrid got each accepted email once and each email of unknown outcome at
    // most once; the store logs the accepted ones as accepted.
    let outbox = sendgrid.outbox();
    let copies = |subject: &str| {
        outbox
            .iter()
            .filter(|m| m.subject.as_deref() == Some(subject))
            .count()
    };
    for subject in &emails_done {
        assert_eq!(copies(subject), 1, "{subject}");
    }
    for subject in &emails_unknown {
        assert!(copies(subject) <= 1, "{subject}");
    }
    assert_eq!(
        accepted_emails,
        emails_done.len(),
        "accepted emails in the store"
    );
    assert_eq!(
        outbox.len(),
        emails_done.len() + emails_unknown.iter().filter(|s| copies(s) == 1).count(),
        "emails at SendGrid"
    );
    eprintln!(
        "outage: {} requests ({retried} retried, {failed_attempts} failed attempts), \
         {by_kind:?} done, {} emails of unknown outcome; Twilio gate {:?}, SendGrid gate {:?}",
        outcomes.len(),
        emails_unknown.len(),
        twilio_gate.counts(),
        sendgrid_gate.counts()
    );
}

#[tokio::test]
async fn late_status_callbacks_reconcile_a_message_and_a_call_whose_answers_were_lost() {
    let sim = Arc::new(start_sim().await);
    let gate = Gate::start(sim.base_url());
    let sendgrid = Arc::new(
        SendGridSim::start(SendGridSimConfig::default())
            .await
            .expect("the SendGrid stand-in starts"),
    );
    let sendgrid_gate = Gate::start(sendgrid.base_url());
    let app = TestApp::spawn_with(TestAppOptions {
        sim: Some(sim.clone()),
        sendgrid: Some(sendgrid),
        providers_via: Some(ProviderRoute {
            twilio_base_url: gate.base_url(),
            sendgrid_base_url: sendgrid_gate.base_url(),
            timeout: ADAPTER_TIMEOUT,
        }),
        ..TestAppOptions::default()
    })
    .await;
    let token = app.user_token("alice");
    app.own_number(&token).await;
    gate.set(GateMode::HoldWrites(ADAPTER_TIMEOUT * 2));
    let body = json!({ "to": "+14155550123", "body": "the answer to this is lost" });
    let lost = app.post_json("/v1/messages", &token, &body).await;
    assert_eq!(lost.status().as_u16(), 502);
    gate.set(GateMode::Pass);
    let at_twilio = sim
        .messages()
        .into_iter()
        .find(|m| m.body == "the answer to this is lost")
        .expect("Twilio took the message");
    let path = format!("/v1/messages/{}", at_twilio.sid);
    json_of(app.get(&path, &token).await, 404).await;

    // The same for a call.
    gate.set(GateMode::HoldWrites(ADAPTER_TIMEOUT * 2));
    let body = json!({ "to": "+14155550124", "say": "Hello" });
    let lost_call = app.post_json("/v1/calls", &token, &body).await;
    assert_eq!(lost_call.status().as_u16(), 502);
    gate.set(GateMode::Pass);
    let call_at_twilio = sim
        .calls()
        .into_iter()
        .find(|c| c.to == "+14155550124")
        .expect("Twilio took the call");
    let call_path = format!("/v1/calls/{}", call_at_twilio.sid);
    json_of(app.get(&call_path, &token).await, 404).await;

    // A store failure while the callback gives the row its SID is a 503 for Twilio to
    // retry, not a callback dropped as unknown.
    for (table, callback, params) in [
        (
            "message_keys",
            at_twilio.status_callback.clone(),
            vec![
                ("MessageSid", at_twilio.sid.to_string()),
                ("MessageStatus", "sent".to_owned()),
            ],
        ),
        (
            "call_keys",
            call_at_twilio.status_callback.clone(),
            vec![
                ("CallSid", call_at_twilio.sid.to_string()),
                ("CallStatus", "ringing".to_owned()),
                ("SequenceNumber", "1".to_owned()),
            ],
        ),
    ] {
        let callback = callback.expect("a status callback URL");
        let path = callback
            .strip_prefix(PUBLIC_BASE_URL)
            .expect("a callback to the app");
        assert!(path.contains("?record="), "{path}");
        let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fail_updates_of(app.db(), table).await;
        let refused = app.webhook(path, &params, true).await;
        assert!(refused.headers().contains_key(RETRY_AFTER), "{table}");
        assert_eq!(problem(refused, 503).await.code, "store_unavailable");
        allow_updates_of(app.db(), table).await;
    }
    json_of(app.get(&path, &token).await, 404).await;
    json_of(app.get(&call_path, &token).await, 404).await;

    sim.advance_message(&at_twilio.sid, switchboard_twilio_sim::MessageStatus::Sent)
        .await
        .expect("the stand-in reports the message sent");
    let found = json_of(app.get(&path, &token).await, 200).await;
    assert_eq!(found["status"], "sent", "{found}");
    assert_eq!(found["body"], "the answer to this is lost", "{found}");
    sim.advance_call(
        &call_at_twilio.sid,
        switchboard_twilio_sim::CallStatus::Ringing,
    )
    .await
    .expect("the stand-in reports the call ringing");
    let call = json_of(app.get(&call_path, &token).await, 200).await;
    assert_eq!(call["status"], "ringing", "{call}");
}

#[tokio::test]
async fn a_keyed_call_whose_answer_came_too_late_is_found_by_its_retry_not_placed_twice() {
    let sim = Arc::new(start_sim().await);
    let gate = Gate::start(sim.base_url());
    let sendgrid = Arc::new(
        SendGridSim::start(SendGridSimConfig::default())
            .await
            .expect("the SendGrid stand-in starts"),
    );
    let sendgrid_gate = Gate::start(sendgrid.base_url());
    let app = TestApp::spawn_with(TestAppOptions {
        sim: Some(sim.clone()),
        sendgrid: Some(sendgrid),
        providers_via: Some(ProviderRoute {
            twilio_base_url: gate.base_url(),
            sendgrid_base_url: sendgrid_gate.base_url(),
            timeout: ADAPTER_TIMEOUT,
        }),
        ..TestAppOptions::default()
    })
    .await;
    let token = app.user_token("alice");
    app.own_number(&token).await;
    // The stand-in places the call at once but answers after the adapter gave up.
    sim.answer_late_next_matching(1, "Calls.json", ADAPTER_TIMEOUT * 2);
    let call = Request {
        kind: Kind::Call,
        key: "late-call".to_owned(),
        body: json!({ "to": "+14155550177", "say": "Hello" }),
        mark: "+14155550177".to_owned(),
        attempts: 0,
    };
    let call = attempt(&app, &token, call)
        .await
        .expect_err("the first answer is lost: 502");
    let Ok(Outcome::Done(_, placed)) = attempt(&app, &token, call).await else {
        panic!("the retry finds the call")
    };
    let at_twilio: Vec<_> = sim
        .calls()
        .into_iter()
        .filter(|c| c.to == "+14155550177")
        .collect();
    assert_eq!(at_twilio.len(), 1, "placed once");
    assert_eq!(placed["callSid"], at_twilio[0].sid.as_str());
}

#[tokio::test]
async fn a_keyed_email_is_sent_by_its_retry_when_certainly_not_sent_and_never_twice_when_unknown() {
    let sim = Arc::new(start_sim().await);
    let gate = Gate::start(sim.base_url());
    let sendgrid = Arc::new(
        SendGridSim::start(SendGridSimConfig::default())
            .await
            .expect("the SendGrid stand-in starts"),
    );
    let sendgrid_gate = Gate::start(sendgrid.base_url());
    let app = TestApp::spawn_with(TestAppOptions {
        sim: Some(sim),
        sendgrid: Some(sendgrid.clone()),
        providers_via: Some(ProviderRoute {
            twilio_base_url: gate.base_url(),
            sendgrid_base_url: sendgrid_gate.base_url(),
            timeout: ADAPTER_TIMEOUT,
        }),
        ..TestAppOptions::default()
    })
    .await;
    let token = app.user_token("alice");
    let email = |key: &str, subject: &str| Request {
        kind: Kind::Email,
        key: key.to_owned(),
        body: json!({ "to": "ann@example.com", "subject": subject, "text": "Hello." }),
        mark: subject.to_owned(),
        attempts: 0,
    };
    let sent_as = |subject: &str| {
        sendgrid
            .outbox()
            .iter()
            .filter(|m| m.subject.as_deref() == Some(subject))
            .count()
    };

    // Refused connections: certainly not sent, so the retry sends it.
    sendgrid_gate.set(GateMode::Refuse);
    let refused = attempt(&app, &token, email("refused", "Refused first"))
        .await
        .expect_err("502 while SendGrid refuses connections");
    sendgrid_gate.set(GateMode::Pass);
    let Ok(Outcome::Done(_, accepted)) = attempt(&app, &token, refused).await else {
        panic!("the retry sends it")
    };
    assert_eq!(accepted["status"], "accepted", "{accepted}");
    assert_eq!(sent_as("Refused first"), 1);

    // An answer lost after SendGrid took it: the retry does not send it again.
    sendgrid_gate.set(GateMode::HoldWrites(ADAPTER_TIMEOUT * 2));
    let lost = attempt(&app, &token, email("lost", "Answer lost"))
        .await
        .expect_err("502 when the answer is lost");
    sendgrid_gate.set(GateMode::Pass);
    let Ok(Outcome::Unknown(lost)) = attempt(&app, &token, lost).await else {
        panic!("409 email_outcome_unknown")
    };
    let again = app
        .client
        .post(app.url("/v1/emails"))
        .bearer_auth(&token)
        .header("Idempotency-Key", &lost.key)
        .json(&lost.body)
        .send()
        .await
        .expect("the app answers");
    assert_eq!(again.status().as_u16(), 409);
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(sent_as("Answer lost"), 1, "sent once, by the first attempt");
    let logged = listed(&app, &token, "/v1/emails").await;
    let statuses: Vec<_> = logged
        .iter()
        .map(|e| (e["subject"].as_str(), e["status"].as_str()))
        .collect();
    assert!(
        statuses.contains(&(Some("Answer lost"), Some("failed")))
            && statuses.contains(&(Some("Refused first"), Some("accepted"))),
        "{statuses:?}"
    );
}
