//! Messages: SMS, MMS, WhatsApp and Messaging Service sends, errors, delivery callbacks.

use serde_json::Value;
use switchboard_twilio_sim::{AccountType, MessageStatus, NumberSeed, SimError};

use crate::common::{Api, Receiver, TOKEN, assert_conforms, assert_error, sim_owning, sim_with};

const FROM: &str = "+13125550101";
const TO: &str = "+13125559999";

async fn send(api: &Api, form: &[(&str, &str)]) -> Value {
    let (status, body) = api.post("Messages.json", form).await;
    assert_eq!(status, 201, "{body}");
    body
}

/// Sends "hi" from `FROM` to `TO` with its status callback at `receiver`'s `/sms-status`.
async fn send_with_status_callback(api: &Api, receiver: &Receiver) -> Value {
    let callback = receiver.url("/sms-status");
    send(
        api,
        &[
            ("To", TO),
            ("From", FROM),
            ("Body", "hi"),
            ("StatusCallback", callback.as_str()),
        ],
    )
    .await
}

#[tokio::test]
async fn an_sms_is_queued_with_its_segments_counted() {
    let sim = sim_owning(FROM).await;
    let api = Api::new(&sim);
    let long_body = "x".repeat(200);
    let body = send(
        &api,
        &[("To", TO), ("From", FROM), ("Body", long_body.as_str())],
    )
    .await;
    let sid = body["sid"].as_str().expect("a sid");
    assert!(sid.starts_with("SM") && sid.len() == 34);
    assert_eq!(body["status"], "queued");
    assert_eq!(body["direction"], "outbound-api");
    assert_eq!(body["num_segments"], "2");
    assert_eq!(body["num_media"], "0");
    assert_eq!(body["price"], Value::Null);
    assert_eq!(body["date_sent"], Value::Null);
    assert_eq!(body["body"], long_body.as_str());
    let (status, fetched) = api.get(&format!("Messages/{sid}.json"), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(fetched["sid"], sid);
    assert_conforms(&sim);
}

#[tokio::test]
async fn mms_whatsapp_and_messaging_service_sends() {
    let sim = sim_owning(FROM).await;
    let api = Api::new(&sim);
    let mms = send(
        &api,
        &[
            ("To", TO),
            ("From", FROM),
            ("MediaUrl", "https://cdn.example/a.png"),
            ("MediaUrl", "https://cdn.example/b.png"),
        ],
    )
    .await;
    assert!(mms["sid"].as_str().is_some_and(|s| s.starts_with("MM")));
    assert_eq!(mms["num_media"], "2");
    let whatsapp_to = format!("whatsapp:{TO}");
    let whatsapp_from = format!("whatsapp:{FROM}");
    let whatsapp = send(
        &api,
        &[
            ("To", whatsapp_to.as_str()),
            ("From", whatsapp_from.as_str()),
            ("Body", "hi"),
        ],
    )
    .await;
    assert_eq!(whatsapp["to"], whatsapp_to.as_str());
    let service = send(
        &api,
        &[
            ("To", TO),
            ("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"),
            ("Body", "hi"),
        ],
    )
    .await;
    assert_eq!(service["status"], "accepted");
    assert_eq!(service["from"], Value::Null);
    assert_eq!(
        service["messaging_service_sid"],
        "MG0123456789abcdef0123456789abcdef"
    );
    assert_eq!(sim.messages().len(), 3);
    assert_conforms(&sim);
}

#[tokio::test]
async fn invalid_messages_get_twilios_codes() {
    let sim = sim_owning(FROM).await;
    // A voice-only number cannot send SMS.
    sim.add_incoming_number(NumberSeed::new("+14155550104"))
        .expect("a seed");
    let api = Api::new(&sim);
    let body = ("Body", "hello");
    assert_error(
        &api.post("Messages.json", &[("From", FROM), body]).await,
        400,
        21604,
    );
    assert_error(
        &api.post("Messages.json", &[("To", "555"), ("From", FROM), body])
            .await,
        400,
        21211,
    );
    assert_error(
        &api.post("Messages.json", &[("To", TO), body]).await,
        400,
        21603,
    );
    assert_error(
        &api.post(
            "Messages.json",
            &[("To", TO), ("From", "+13125550150"), body],
        )
        .await,
        400,
        21606,
    );
    assert_error(
        &api.post(
            "Messages.json",
            &[("To", TO), ("From", "+14155550104"), body],
        )
        .await,
        400,
        21606,
    );
    assert_error(
        &api.post("Messages.json", &[("To", TO), ("From", FROM)])
            .await,
        400,
        21619,
    );
    let too_long = "y".repeat(1601);
    assert_error(
        &api.post(
            "Messages.json",
            &[("To", TO), ("From", FROM), ("Body", too_long.as_str())],
        )
        .await,
        400,
        21617,
    );
    let whatsapp_to = format!("whatsapp:{TO}");
    assert_error(
        &api.post(
            "Messages.json",
            &[("To", whatsapp_to.as_str()), ("From", FROM), body],
        )
        .await,
        400,
        21910,
    );
    assert!(sim.messages().is_empty());
}

#[tokio::test]
async fn trial_accounts_only_message_verified_numbers() {
    let sim = sim_with(|c| c.account_type = AccountType::Trial).await;
    sim.add_incoming_number(NumberSeed::new(FROM))
        .expect("a seed");
    let api = Api::new(&sim);
    let form = [("To", TO), ("From", FROM), ("Body", "hi")];
    assert_error(&api.post("Messages.json", &form).await, 400, 21608);
    sim.add_verified_caller_id(TO).expect("E.164");
    send(&api, &form).await;
}

#[tokio::test]
async fn advancing_a_message_posts_signed_status_callbacks() {
    let sim = sim_owning(FROM).await;
    let receiver = Receiver::start("");
    let api = Api::new(&sim);
    let message = send_with_status_callback(&api, &receiver).await;
    let sid = message["sid"].as_str().expect("a sid");
    sim.advance_message(sid, MessageStatus::Sent)
        .await
        .expect("forwards");
    sim.advance_message(sid, MessageStatus::Delivered)
        .await
        .expect("forwards");
    let backwards = sim.advance_message(sid, MessageStatus::Sending).await;
    assert!(matches!(backwards, Err(SimError::InvalidTransition { .. })));

    let received = receiver.received();
    let statuses: Vec<&str> = received
        .iter()
        .filter_map(|r| r.param("MessageStatus"))
        .collect();
    assert_eq!(statuses, ["sent", "delivered"]);
    for request in &received {
        assert!(request.is_signed(TOKEN, &receiver.base_url));
        assert_eq!(request.param("MessageSid"), Some(sid));
        assert_eq!(request.param("SmsSid"), Some(sid));
        assert_eq!(request.param("SmsStatus"), request.param("MessageStatus"));
        assert_eq!(request.param("AccountSid"), Some(sim.account_sid()));
        assert_eq!(request.param("From"), Some(FROM));
        assert_eq!(request.param("To"), Some(TO));
        assert_eq!(request.param("ApiVersion"), Some("2010-04-01"));
    }
    let (_, fetched) = api.get(&format!("Messages/{sid}.json"), &[]).await;
    assert_eq!(fetched["status"], "delivered");
    assert!(fetched["date_sent"].is_string());
    assert!(fetched["price"].is_string());
    assert_conforms(&sim);
}

#[tokio::test]
async fn an_undelivered_message_reports_its_error_code() {
    let sim = sim_owning(FROM).await;
    let receiver = Receiver::start("");
    let api = Api::new(&sim);
    let message = send_with_status_callback(&api, &receiver).await;
    let sid = message["sid"].as_str().expect("a sid");
    sim.advance_message(sid, MessageStatus::Sent)
        .await
        .expect("forwards");
    sim.advance_message_with_error(sid, MessageStatus::Undelivered, Some(30003))
        .await
        .expect("forwards");
    let received = receiver.received();
    assert_eq!(received[1].param("MessageStatus"), Some("undelivered"));
    assert_eq!(received[1].param("ErrorCode"), Some("30003"));
    let (_, fetched) = api.get(&format!("Messages/{sid}.json"), &[]).await;
    assert_eq!(fetched["error_code"], 30003);
    assert_conforms(&sim);
}
