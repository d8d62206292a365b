//! Messages that move along by themselves: the message autopilot sends and delivers a
//! created message (or fails it, for the undeliverable number; reads it, on WhatsApp) with
//! a signed status callback at each step, in order.

use std::time::{Duration, Instant};

use serde_json::Value;
use switchboard_twilio_sim::{
    MessageAutopilot, MessageStatus, NumberSeed, RunningSim, UNDELIVERABLE_NUMBER, WebhookDelivery,
};

use crate::common::{Api, Receiver, TOKEN, assert_conforms, eventually, sim_with};

const FROM: &str = "+13125550101";
const TO: &str = "+13125559999";
const SEND: Duration = Duration::from_millis(30);
const DELIVER: Duration = Duration::from_millis(60);

async fn sim_flying(plan: Option<MessageAutopilot>) -> RunningSim {
    let sim = sim_with(|c| c.message_autopilot = plan).await;
    sim.add_incoming_number(NumberSeed::new(FROM))
        .expect("a seed");
    sim
}

fn quick() -> MessageAutopilot {
    MessageAutopilot::new(SEND, DELIVER)
}

/// Sends a message with `form` (plus its status callback at `app`'s `/status`); its JSON.
async fn send(api: &Api, app: &Receiver, form: &[(&str, &str)]) -> Value {
    let callback = app.url("/status");
    let mut form = form.to_vec();
    form.push(("StatusCallback", callback.as_str()));
    let (status, body) = api.post("Messages.json", &form).await;
    assert_eq!(status, 201, "{body}");
    body
}

/// The message status callbacks recorded for `sid`, in the order they were sent.
fn status_callbacks(sim: &RunningSim, sid: &str) -> Vec<WebhookDelivery> {
    sim.webhook_deliveries()
        .into_iter()
        .filter(|d| d.kind == "message-status")
        .filter(|d| d.params.iter().any(|(k, v)| k == "MessageSid" && v == sid))
        .collect()
}

fn param<'d>(delivery: &'d WebhookDelivery, name: &str) -> Option<&'d str> {
    delivery
        .params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn statuses(deliveries: &[WebhookDelivery]) -> Vec<&str> {
    deliveries
        .iter()
        .filter_map(|d| param(d, "MessageStatus"))
        .collect()
}

/// Waits until the autopilot of `sid` has ended and returns its status callbacks.
async fn flown(sim: &RunningSim, sid: &str) -> Vec<WebhookDelivery> {
    eventually("the message autopilot ends", || {
        !sim.message_autopilots().iter().any(|s| s == sid)
    })
    .await;
    status_callbacks(sim, sid)
}

#[tokio::test]
async fn a_created_sms_is_sent_and_delivered_with_a_signed_callback_at_each_step() {
    let sim = sim_flying(Some(quick())).await;
    let app = Receiver::start("");
    let api = Api::new(&sim);
    let started = Instant::now();
    let message = send(&api, &app, &[("To", TO), ("From", FROM), ("Body", "hi")]).await;
    let sid = message["sid"].as_str().expect("a sid");
    // Created queued, with no callback for that status (as on Twilio).
    assert_eq!(message["status"], "queued");

    let deliveries = flown(&sim, sid).await;
    assert!(started.elapsed() >= SEND + DELIVER, "real delays");
    assert_eq!(statuses(&deliveries), ["sent", "delivered"]);
    assert!(deliveries.iter().all(|d| d.status == Some(200)));
    let received = app.wait_for(2).await;
    assert_eq!(received.len(), 2);
    for (request, status) in received.iter().zip(["sent", "delivered"]) {
        assert_eq!(request.path_and_query, "/status");
        assert!(request.is_signed(TOKEN, &app.base_url));
        assert_eq!(request.param("MessageSid"), Some(sid));
        assert_eq!(request.param("SmsSid"), Some(sid));
        assert_eq!(request.param("MessageStatus"), Some(status));
        assert_eq!(request.param("SmsStatus"), Some(status));
        assert_eq!(request.param("AccountSid"), Some(sim.account_sid()));
        assert_eq!(request.param("From"), Some(FROM));
        assert_eq!(request.param("To"), Some(TO));
        assert_eq!(request.param("ApiVersion"), Some("2010-04-01"));
        assert_eq!(request.param("ErrorCode"), None);
    }
    let (_, fetched) = api.get(&format!("Messages/{sid}.json"), &[]).await;
    assert_eq!(fetched["status"], "delivered");
    assert!(fetched["date_sent"].is_string());
    assert_eq!(fetched["error_code"], Value::Null);
    assert_conforms(&sim);
}

#[tokio::test]
async fn the_undeliverable_number_ends_undelivered_with_error_30003() {
    let sim = sim_flying(Some(quick())).await;
    let app = Receiver::start("");
    let api = Api::new(&sim);
    let message = send(
        &api,
        &app,
        &[("To", UNDELIVERABLE_NUMBER), ("From", FROM), ("Body", "hi")],
    )
    .await;
    let sid = message["sid"].as_str().expect("a sid");
    let deliveries = flown(&sim, sid).await;
    assert_eq!(statuses(&deliveries), ["sent", "undelivered"]);
    assert_eq!(param(&deliveries[0], "ErrorCode"), None);
    assert_eq!(param(&deliveries[1], "ErrorCode"), Some("30003"));
    assert_eq!(param(&deliveries[1], "To"), Some(UNDELIVERABLE_NUMBER));
    let (_, fetched) = api.get(&format!("Messages/{sid}.json"), &[]).await;
    assert_eq!(fetched["status"], "undelivered");
    assert_eq!(fetched["error_code"], 30003);
    assert_conforms(&sim);
}

#[tokio::test]
async fn the_undeliverable_numbers_and_code_are_configurable() {
    let plan = quick().undeliverable([TO], 30005);
    let sim = sim_flying(Some(plan)).await;
    let app = Receiver::start("");
    let api = Api::new(&sim);
    let failing = send(&api, &app, &[("To", TO), ("From", FROM), ("Body", "hi")]).await;
    let passing = send(
        &api,
        &app,
        &[("To", UNDELIVERABLE_NUMBER), ("From", FROM), ("Body", "hi")],
    )
    .await;
    let failing = flown(&sim, failing["sid"].as_str().expect("a sid")).await;
    assert_eq!(statuses(&failing), ["sent", "undelivered"]);
    assert_eq!(param(&failing[1], "ErrorCode"), Some("30005"));
    let passing = flown(&sim, passing["sid"].as_str().expect("a sid")).await;
    assert_eq!(statuses(&passing), ["sent", "delivered"]);
}

#[tokio::test]
async fn whatsapp_messages_are_also_read_and_fail_the_same_way() {
    let sim = sim_flying(Some(quick().read_after(Duration::from_millis(40)))).await;
    let app = Receiver::start("");
    let api = Api::new(&sim);
    let to = format!("whatsapp:{TO}");
    let from = format!("whatsapp:{FROM}");
    let read = send(
        &api,
        &app,
        &[("To", to.as_str()), ("From", from.as_str()), ("Body", "hi")],
    )
    .await;
    let unreachable = format!("whatsapp:{UNDELIVERABLE_NUMBER}");
    let failed = send(
        &api,
        &app,
        &[
            ("To", unreachable.as_str()),
            ("From", from.as_str()),
            ("Body", "hi"),
        ],
    )
    .await;

    let read_sid = read["sid"].as_str().expect("a sid");
    let deliveries = flown(&sim, read_sid).await;
    assert_eq!(statuses(&deliveries), ["sent", "delivered", "read"]);
    for delivery in &deliveries {
        assert_eq!(param(delivery, "To"), Some(to.as_str()));
        assert_eq!(param(delivery, "From"), Some(from.as_str()));
    }
    assert_eq!(
        sim.message(read_sid).map(|m| m.status),
        Some(MessageStatus::Read)
    );
    // Read comes only after delivered: an undelivered message is never read.
    let failed = flown(&sim, failed["sid"].as_str().expect("a sid")).await;
    assert_eq!(statuses(&failed), ["sent", "undelivered"]);
    assert_conforms(&sim);
}

#[tokio::test]
async fn a_messaging_service_message_is_queued_first_and_each_message_keeps_its_order() {
    let sim = sim_flying(Some(quick())).await;
    let app = Receiver::start("");
    let api = Api::new(&sim);
    let service = send(
        &api,
        &app,
        &[
            ("To", TO),
            ("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"),
            ("Body", "hi"),
        ],
    )
    .await;
    assert_eq!(service["status"], "accepted");
    let mut sids = vec![service["sid"].as_str().expect("a sid").to_owned()];
    for body in ["one", "two", "three"] {
        let message = send(&api, &app, &[("To", TO), ("From", FROM), ("Body", body)]).await;
        sids.push(message["sid"].as_str().expect("a sid").to_owned());
    }
    let service_callbacks = flown(&sim, &sids[0]).await;
    assert_eq!(
        statuses(&service_callbacks),
        ["queued", "sent", "delivered"]
    );
    assert_eq!(
        param(&service_callbacks[0], "MessagingServiceSid"),
        Some("MG0123456789abcdef0123456789abcdef")
    );
    for sid in &sids[1..] {
        assert_eq!(statuses(&flown(&sim, sid).await), ["sent", "delivered"]);
    }
    // What the app received, per message, is in the same order.
    let received = app.wait_for(3 + 2 * 3).await;
    for sid in &sids {
        let seen: Vec<&str> = received
            .iter()
            .filter(|r| r.param("MessageSid") == Some(sid.as_str()))
            .filter_map(|r| r.param("MessageStatus"))
            .collect();
        assert_eq!(seen.last(), Some(&"delivered"), "{sid}: {seen:?}");
        assert_eq!(
            seen.first().copied(),
            Some(if sid == &sids[0] { "queued" } else { "sent" })
        );
    }
}

#[tokio::test]
async fn without_the_message_autopilot_messages_wait_for_their_driver() {
    let sim = sim_flying(None).await;
    let app = Receiver::start("");
    let api = Api::new(&sim);
    let message = send(&api, &app, &[("To", TO), ("From", FROM), ("Body", "hi")]).await;
    let sid = message["sid"].as_str().expect("a sid");
    // The autopilot would have been registered before the REST answer.
    assert!(sim.message_autopilots().is_empty());
    assert_eq!(
        sim.message(sid).map(|m| m.status),
        Some(MessageStatus::Queued)
    );
    let deliveries = sim
        .advance_message(sid, MessageStatus::Sent)
        .await
        .expect("forwards");
    assert_eq!(statuses(&deliveries), ["sent"]);
    assert_eq!(statuses(&status_callbacks(&sim, sid)), ["sent"]);
}

#[tokio::test]
async fn a_message_a_driver_moves_on_keeps_its_status_and_the_autopilot_stops() {
    // Sent at once, delivered only after 2 s: the driver gets there first.
    let plan = MessageAutopilot::new(Duration::ZERO, Duration::from_secs(2));
    let sim = sim_flying(Some(plan)).await;
    let app = Receiver::start("");
    let api = Api::new(&sim);
    let message = send(&api, &app, &[("To", TO), ("From", FROM), ("Body", "hi")]).await;
    let sid = message["sid"].as_str().expect("a sid");
    // Registered before the REST answer, running for 2 s more.
    assert_eq!(sim.message_autopilots(), [sid]);
    eventually("the sent callback is recorded", || {
        statuses(&status_callbacks(&sim, sid)) == ["sent"]
    })
    .await;
    sim.advance_message_with_error(sid, MessageStatus::Undelivered, Some(30006))
        .await
        .expect("forwards");
    // The autopilot's `delivered` step cannot be taken any more: it ends without a callback.
    let deliveries = flown(&sim, sid).await;
    assert_eq!(statuses(&deliveries), ["sent", "undelivered"]);
    assert_eq!(param(&deliveries[1], "ErrorCode"), Some("30006"));
    assert_eq!(
        sim.message(sid).map(|m| m.status),
        Some(MessageStatus::Undelivered)
    );
}
