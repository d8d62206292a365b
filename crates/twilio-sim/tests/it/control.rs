//! The control API over HTTP (`/_sim/...`), with the typed client and with a plain one: the
//! same drivers as in-process, behind the same Basic auth, outside the spec and the request
//! log.

use std::time::Duration;

use serde_json::{Value, json};
use switchboard_twilio_sim::{
    CallStatus, ControlError, DEFAULT_INBOUND_FROM, NumberSeed, RunningSim, SimControl,
};

use crate::common::{Api, KEY_SECRET, KEY_SID, Receiver, TOKEN, assert_conforms, http, sim};

const TWIML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Hi</Say></Response>";
const NUMBER: &str = "+14155550100";
const CALLER: &str = "+12125550199";

fn control(sim: &RunningSim) -> SimControl {
    SimControl::new(sim.base_url(), sim.account_sid(), sim.auth_token()).expect("a client")
}

/// Control exchanges are neither checked against the spec nor recorded as REST requests.
fn assert_untouched_by_control(sim: &RunningSim) {
    assert_conforms(sim);
    assert!(sim.requests().is_empty(), "{:#?}", sim.requests());
}

/// Asserts `error` mentions `needle` and never the auth token.
fn assert_reads(error: &ControlError, needle: &str) {
    let text = error.to_string();
    assert!(text.contains(needle), "{text}");
    assert!(!text.contains('\n'), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!format!("{error:?}").contains(TOKEN), "{error:?}");
}

/// A raw control POST with the account's credentials: status and JSON body.
async fn raw_post(sim: &RunningSim, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = http()
        .post(format!("{}{path}", sim.base_url()))
        .basic_auth(sim.account_sid(), Some(sim.auth_token()))
        .form(form)
        .send()
        .await
        .expect("the stand-in answers");
    let status = response.status().as_u16();
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    (status, response.json().await.expect("a JSON body"))
}

#[tokio::test]
async fn an_inbound_call_over_http_returns_the_apps_twiml_and_signs_the_webhook() {
    let sim = sim().await;
    let app = Receiver::start(TWIML);
    sim.add_incoming_number(NumberSeed::new(NUMBER).voice_url(app.url("/voice")))
        .expect("a seed");
    let reply = control(&sim)
        .inbound_call(NUMBER, Some(CALLER))
        .await
        .expect("the app answers");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, TWIML);
    assert!(
        reply
            .content_type
            .as_deref()
            .is_some_and(|c| c.starts_with("text/xml")),
        "{reply:?}"
    );
    let call_sid = reply.sid.expect("the call's SID");
    assert!(call_sid.starts_with("CA"), "{call_sid}");

    let received = app.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].is_signed(TOKEN, &app.base_url));
    assert_eq!(received[0].path_and_query, "/voice");
    assert_eq!(received[0].param("CallSid"), Some(call_sid.as_str()));
    assert_eq!(received[0].param("From"), Some(CALLER));
    assert_eq!(received[0].param("To"), Some(NUMBER));
    // The engine carried the call out to its end (no status callback is configured).
    assert_eq!(
        sim.call(&call_sid).map(|c| c.status),
        Some(CallStatus::Completed)
    );
    assert_eq!(sim.webhook_deliveries().len(), 1);
    assert_untouched_by_control(&sim);
}

#[tokio::test]
async fn the_control_json_has_the_documented_shape_and_from_has_a_default() {
    let sim = sim().await;
    let app = Receiver::start(TWIML);
    sim.add_incoming_number(NumberSeed::new(NUMBER).voice_url(app.url("/voice")))
        .expect("a seed");
    let (status, body) = raw_post(&sim, "/_sim/InboundCalls", &[("To", NUMBER)]).await;
    assert_eq!(status, 200, "{body}");
    let call_sid = body["call_sid"].as_str().expect("a call SID").to_owned();
    let transcript = body["transcript"].clone();
    assert_eq!(
        body,
        json!({
            "call_sid": call_sid,
            "status": 200,
            "content_type": "text/xml",
            "body": TWIML,
            "transcript": transcript,
        })
    );
    assert_eq!(transcript["call_sid"], call_sid.as_str());
    assert_eq!(transcript["status"], "completed");
    assert_eq!(transcript["duration"], 1);
    assert_eq!(transcript["error"], Value::Null);
    assert_eq!(
        transcript["steps"][0],
        json!({
            "kind": "document",
            "url": app.url("/voice"),
            "method": "POST",
            "status": 200,
            "body": TWIML,
            "error": null,
        })
    );
    assert_eq!(
        transcript["steps"][1],
        json!({"kind": "said", "text": "Hi", "loops": 1})
    );
    assert_eq!(app.received()[0].param("From"), Some(DEFAULT_INBOUND_FROM));
    assert_eq!(
        sim.call(&call_sid).map(|c| c.from),
        Some(DEFAULT_INBOUND_FROM.to_owned())
    );
    assert_untouched_by_control(&sim);
}

#[tokio::test]
async fn an_app_that_answers_with_an_error_is_a_reply_not_a_control_error() {
    let sim = sim().await;
    let app = Receiver::start_with_status(500, "boom");
    sim.add_incoming_number(NumberSeed::new(NUMBER).voice_url(app.url("/voice")))
        .expect("a seed");
    let reply = control(&sim)
        .inbound_call(NUMBER, None)
        .await
        .expect("a reply");
    assert_eq!(reply.status, 500);
    assert_eq!(reply.body, "boom");
    let call = sim.call(&reply.sid.expect("a SID")).expect("recorded");
    assert_eq!(call.status, CallStatus::Failed);
    assert_untouched_by_control(&sim);
}

#[tokio::test]
async fn wrong_credentials_get_twilios_401_and_api_keys_work() {
    let sim = sim().await;
    let app = Receiver::start(TWIML);
    sim.add_incoming_number(NumberSeed::new(NUMBER).voice_url(app.url("/voice")))
        .expect("a seed");
    let response = http()
        .post(format!("{}/_sim/InboundCalls", sim.base_url()))
        .basic_auth(sim.account_sid(), Some("not-the-token"))
        .form(&[("To", NUMBER)])
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 401);
    assert_eq!(
        response.headers()["www-authenticate"],
        "Basic realm=\"Twilio API\""
    );
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(body["code"], 20003);

    let wrong =
        SimControl::new(sim.base_url(), sim.account_sid(), "not-the-token").expect("a client");
    let error = wrong.inbound_call(NUMBER, None).await.expect_err("refused");
    let account_sid = sim.account_sid();
    assert!(
        matches!(&error, ControlError::Unauthorized { username, .. } if username == account_sid),
        "{error:?}"
    );
    assert_reads(&error, "401");
    assert!(!error.to_string().contains("not-the-token"), "{error}");
    // Nothing reached the app.
    assert!(app.received().is_empty());

    sim.add_api_key(KEY_SID, KEY_SECRET).expect("a key");
    let with_key = SimControl::new(sim.base_url(), KEY_SID, KEY_SECRET).expect("a client");
    let reply = with_key
        .inbound_call(NUMBER, None)
        .await
        .expect("a key authenticates");
    assert_eq!(reply.status, 200);
    assert_untouched_by_control(&sim);
}

#[tokio::test]
async fn an_unknown_number_is_404_and_a_missing_or_bad_to_is_400() {
    let sim = sim().await;
    let control = control(&sim);
    let (status, body) = raw_post(&sim, "/_sim/InboundCalls", &[("To", NUMBER)]).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["status"], 404);
    assert_eq!(body["error"], "unknown_number");
    let error = control
        .inbound_call(NUMBER, None)
        .await
        .expect_err("not on the account");
    assert!(
        matches!(error, ControlError::UnknownNumber { .. }),
        "{error:?}"
    );
    assert_reads(&error, NUMBER);
    assert_reads(&error, sim.account_sid());

    let (status, body) = raw_post(&sim, "/_sim/InboundCalls", &[("From", CALLER)]).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "invalid_request");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("To is required")),
        "{body}"
    );
    for (to, from) in [("", None), ("4155550100", None), (NUMBER, Some("nobody"))] {
        let error = control.inbound_call(to, from).await.expect_err("malformed");
        assert!(
            matches!(error, ControlError::InvalidRequest { .. }),
            "{to} {from:?}: {error:?}"
        );
        assert_reads(&error, "invalid request: ");
    }
    assert!(sim.calls().is_empty());
    assert_untouched_by_control(&sim);
}

#[tokio::test]
async fn a_number_without_a_voice_url_is_409() {
    let sim = sim().await;
    sim.add_incoming_number(NumberSeed::new(NUMBER))
        .expect("a seed");
    let (status, body) = raw_post(&sim, "/_sim/InboundCalls", &[("To", NUMBER)]).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"], "no_webhook");
    let error = control(&sim)
        .inbound_message(NUMBER, None, "hi")
        .await
        .expect_err("no SmsUrl");
    assert!(matches!(error, ControlError::NoWebhook { .. }), "{error:?}");
    assert_reads(&error, "SmsUrl");
    assert_untouched_by_control(&sim);
}

#[tokio::test]
async fn an_unreachable_app_is_502_app_unreachable() {
    let sim = sim().await;
    let dead = "http://127.0.0.1:9/voice";
    sim.add_incoming_number(NumberSeed::new(NUMBER).voice_url(dead))
        .expect("a seed");
    let (status, body) = raw_post(&sim, "/_sim/InboundCalls", &[("To", NUMBER)]).await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["error"], "app_unreachable");
    let error = control(&sim)
        .inbound_call(NUMBER, None)
        .await
        .expect_err("nobody listens");
    assert!(
        matches!(error, ControlError::AppUnreachable { .. }),
        "{error:?}"
    );
    assert_reads(&error, dead);
    assert_reads(&error, "voice webhook");
    // As in-process: the call is recorded, and failed.
    let calls = sim.calls();
    assert_eq!(calls.len(), 2);
    assert!(calls.iter().all(|c| c.status == CallStatus::Failed));
    assert_untouched_by_control(&sim);
}

#[tokio::test]
async fn an_inbound_message_over_http_posts_the_signed_sms_webhook() {
    let sim = sim().await;
    let app = Receiver::start("<Response><Message>Got it</Message></Response>");
    sim.add_incoming_number(NumberSeed::new(NUMBER).sms_url(app.url("/sms")))
        .expect("a seed");
    let reply = control(&sim)
        .inbound_message(NUMBER, Some(CALLER), "Hello & bye")
        .await
        .expect("the app answers");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, "<Response><Message>Got it</Message></Response>");
    let message_sid = reply.sid.expect("the message's SID");
    let received = app.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].is_signed(TOKEN, &app.base_url));
    assert_eq!(received[0].param("MessageSid"), Some(message_sid.as_str()));
    assert_eq!(received[0].param("Body"), Some("Hello & bye"));
    assert_eq!(received[0].param("From"), Some(CALLER));
    assert_eq!(
        sim.message(&message_sid).map(|m| m.body),
        Some("Hello & bye".to_owned())
    );

    let (status, body) = raw_post(&sim, "/_sim/InboundMessages", &[("To", NUMBER)]).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| m.contains("Body")),
        "{body}"
    );
    assert_untouched_by_control(&sim);
}

#[tokio::test]
async fn a_call_can_be_completed_over_http() {
    let sim = sim().await;
    let app = Receiver::start(TWIML);
    sim.add_incoming_number(
        NumberSeed::new(NUMBER)
            .voice_url(app.url("/voice"))
            .status_callback(app.url("/call-status")),
    )
    .expect("a seed");
    let control = control(&sim);
    // Inbound calls end with their TwiML; a call placed over REST waits for its driver.
    let voice = app.url("/voice");
    let status_callback = app.url("/call-status");
    let (status, call) = Api::new(&sim)
        .post(
            "Calls.json",
            &[
                ("To", CALLER),
                ("From", NUMBER),
                ("Url", voice.as_str()),
                ("StatusCallback", status_callback.as_str()),
            ],
        )
        .await;
    assert_eq!(status, 201, "{call}");
    let call_sid = call["sid"].as_str().expect("a SID").to_owned();
    let webhooks = control.complete_call(&call_sid, 8).await.expect("hung up");
    // The fetch of the call's Url when it was answered, then the completed callback.
    assert_eq!(webhooks.len(), 2, "{webhooks:#?}");
    assert_eq!(webhooks[0].kind, "voice");
    assert_eq!(webhooks[1].kind, "call-status");
    assert_eq!(webhooks[1].status, Some(200));
    assert!(
        webhooks[1]
            .params
            .contains(&("CallDuration".to_owned(), "8".to_owned()))
    );
    assert_eq!(sim.webhook_deliveries()[..], webhooks[..]);
    assert_eq!(
        sim.call(&call_sid).map(|c| c.status),
        Some(CallStatus::Completed)
    );

    let again = control
        .complete_call(&call_sid, 8)
        .await
        .expect_err("already ended");
    assert!(matches!(again, ControlError::CallEnded { .. }), "{again:?}");
    assert_reads(&again, &call_sid);
    let unknown = control
        .complete_call("CA00000000000000000000000000000000", 1)
        .await
        .expect_err("no such call");
    assert!(
        matches!(unknown, ControlError::UnknownCall { .. }),
        "{unknown:?}"
    );
    let path = format!("/_sim/Calls/{call_sid}/Complete");
    let (status, body) = raw_post(&sim, &path, &[("Duration", "-1")]).await;
    assert_eq!(status, 400, "{body}");
    assert_conforms(&sim);
    assert_eq!(sim.requests().len(), 1, "only the REST call creation");
}

#[tokio::test]
async fn unknown_control_paths_are_404_and_other_methods_405() {
    let sim = sim().await;
    let (status, body) = raw_post(&sim, "/_sim/Conferences", &[]).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"], "not_found");
    let response = http()
        .get(format!("{}/_sim/InboundCalls", sim.base_url()))
        .basic_auth(sim.account_sid(), Some(sim.auth_token()))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 405);
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(body["error"], "method_not_allowed");
    // Authentication comes first, as on the Twilio routes.
    let response = http()
        .post(format!("{}/_sim/Conferences", sim.base_url()))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 401);
    assert_untouched_by_control(&sim);
}

#[tokio::test]
async fn injected_faults_do_not_apply_to_the_control_api() {
    let sim = sim().await;
    let app = Receiver::start(TWIML);
    sim.add_incoming_number(NumberSeed::new(NUMBER).voice_url(app.url("/voice")))
        .expect("a seed");
    sim.set_unavailable(true);
    sim.fail_next(1, 500, 20500, "Internal Server Error");
    let reply = control(&sim)
        .inbound_call(NUMBER, None)
        .await
        .expect("the control API still works");
    assert_eq!(reply.status, 200);
    assert_untouched_by_control(&sim);
}

#[tokio::test]
async fn transport_failures_name_the_stand_in_url() {
    // Nothing listens (port 1 is privileged and never served here; a stopped stand-in's
    // port could be taken by a parallel test): unreachable.
    let base = "http://127.0.0.1:1".to_owned();
    let client = SimControl::new(&base, "AC1", TOKEN).expect("a client");
    let error = client
        .inbound_call(NUMBER, None)
        .await
        .expect_err("nobody listens");
    assert!(
        matches!(error, ControlError::Unreachable { .. }),
        "{error:?}"
    );
    assert_reads(&error, &base);

    // Something that is not a stand-in: a 200 that is not control JSON.
    let other = Receiver::start("<html>hello</html>");
    let error = SimControl::new(&other.base_url, "AC1", TOKEN)
        .expect("a client")
        .inbound_call(NUMBER, None)
        .await
        .expect_err("not a stand-in");
    assert!(
        matches!(error, ControlError::Unexpected { status: 200, .. }),
        "{error:?}"
    );
    assert_reads(&error, &other.base_url);

    // A server that accepts the connection and never answers: a timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let silent_url = format!("http://{}", silent.local_addr().expect("an address"));
    let waited = Duration::from_millis(300);
    let error = SimControl::new(&silent_url, "AC1", TOKEN)
        .expect("a client")
        .with_timeout(waited)
        .inbound_call(NUMBER, None)
        .await
        .expect_err("no answer");
    assert!(
        matches!(error, ControlError::Timeout { timeout, .. } if timeout == waited),
        "{error:?}"
    );
    assert_reads(&error, &silent_url);
}
