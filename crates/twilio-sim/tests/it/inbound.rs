//! Driving the app: inbound calls and messages posted, signed, to the number's webhooks.

use switchboard_twilio_sim::{CallStatus, NumberSeed, SimError};

use crate::common::{Api, Receiver, TOKEN, sim};

const TWIML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Hi</Say></Response>";

#[tokio::test]
async fn an_inbound_call_posts_the_voice_webhook_and_returns_the_apps_twiml() {
    let sim = sim().await;
    let app = Receiver::start(TWIML);
    sim.add_incoming_number(NumberSeed::new("+14155550100").voice_url(app.url("/voice")))
        .expect("a seed");
    let reply = sim
        .inbound_call("+14155550100", "+12125550199")
        .await
        .expect("the app answers");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, TWIML);
    assert!(
        reply
            .content_type
            .as_deref()
            .is_some_and(|c| c.starts_with("text/xml"))
    );
    let call_sid = reply.sid.expect("the call's sid");

    let received = app.received();
    assert_eq!(received.len(), 1);
    let webhook = &received[0];
    assert!(webhook.is_signed(TOKEN, &app.base_url));
    assert_eq!(webhook.path_and_query, "/voice");
    assert_eq!(webhook.param("CallSid"), Some(call_sid.as_str()));
    assert_eq!(webhook.param("AccountSid"), Some(sim.account_sid()));
    assert_eq!(webhook.param("From"), Some("+12125550199"));
    assert_eq!(webhook.param("To"), Some("+14155550100"));
    assert_eq!(webhook.param("Caller"), Some("+12125550199"));
    assert_eq!(webhook.param("Called"), Some("+14155550100"));
    assert_eq!(webhook.param("CallStatus"), Some("ringing"));
    assert_eq!(webhook.param("Direction"), Some("inbound"));
    assert_eq!(webhook.param("ApiVersion"), Some("2010-04-01"));
    assert_eq!(webhook.param("ToCity"), Some("San Francisco"));
    assert_eq!(webhook.param("FromState"), Some("NY"));
    assert_eq!(webhook.param("ToCountry"), Some("US"));

    // The engine carried the call out: the <Say>, then the end of the document.
    let call = sim.call(&call_sid).expect("the call is recorded");
    assert_eq!(call.direction, "inbound");
    assert_eq!(call.status, CallStatus::Completed);
    let transcript = call.transcript.expect("the engine ran");
    assert_eq!(transcript.documents(), [TWIML]);
    assert_eq!(transcript.status, "completed");
}

#[tokio::test]
async fn the_numbers_status_callback_hears_when_an_inbound_call_ends() {
    let sim = sim().await;
    let app = Receiver::start(TWIML);
    sim.add_incoming_number(
        NumberSeed::new("+14155550100")
            .voice_url(app.url("/voice"))
            .status_callback(app.url("/call-status")),
    )
    .expect("a seed");
    let reply = sim
        .inbound_call("+14155550100", "+12125550199")
        .await
        .expect("answered");
    // The call ends with its document: a one-word <Say> takes a (virtual) second.
    let call_sid = reply.sid.expect("a sid");
    let received = app.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].path_and_query, "/call-status");
    assert_eq!(received[1].param("CallSid"), Some(call_sid.as_str()));
    assert_eq!(received[1].param("CallStatus"), Some("completed"));
    assert_eq!(received[1].param("Direction"), Some("inbound"));
    assert_eq!(received[1].param("CallDuration"), Some("1"));
    assert!(received[1].is_signed(TOKEN, &app.base_url));
}

#[tokio::test]
async fn webhooks_to_the_public_url_are_delivered_locally_but_signed_for_the_public_url() {
    let sim = sim().await;
    let app = Receiver::start(TWIML);
    let public = "https://switchboard.example.com";
    sim.route_webhooks(public, &app.base_url)
        .expect("valid bases");
    sim.add_incoming_number(
        NumberSeed::new("+14155550100").voice_url(format!("{public}/webhooks/twilio/voice")),
    )
    .expect("a seed");
    let reply = sim
        .inbound_call("+14155550100", "+12125550199")
        .await
        .expect("answered");
    assert_eq!(reply.status, 200);
    let received = app.received();
    assert_eq!(received[0].path_and_query, "/webhooks/twilio/voice");
    assert!(received[0].is_signed(TOKEN, public));
    assert!(!received[0].is_signed(TOKEN, &app.base_url));
}

#[tokio::test]
async fn an_app_error_fails_the_call_and_is_returned() {
    let sim = sim().await;
    let app = Receiver::start_with_status(403, "forbidden");
    sim.add_incoming_number(NumberSeed::new("+14155550100").voice_url(app.url("/voice")))
        .expect("a seed");
    let reply = sim
        .inbound_call("+14155550100", "+12125550199")
        .await
        .expect("a reply");
    assert_eq!(reply.status, 403);
    let call = sim.call(&reply.sid.expect("a sid")).expect("recorded");
    assert_eq!(call.status, CallStatus::Failed);
}

#[tokio::test]
async fn inbound_calls_need_an_owned_number_with_a_voice_url() {
    let sim = sim().await;
    let malformed = sim.inbound_call("4155550100", "+12125550199").await;
    assert!(
        matches!(malformed, Err(SimError::InvalidArgument(_))),
        "{malformed:?}"
    );
    let missing = sim.inbound_call("+14155550100", "+12125550199").await;
    assert!(matches!(missing, Err(SimError::NotFound(_))), "{missing:?}");
    sim.add_incoming_number(NumberSeed::new("+14155550100"))
        .expect("a seed");
    let no_url = sim.inbound_call("+14155550100", "+12125550199").await;
    assert!(
        matches!(no_url, Err(SimError::NoWebhook { .. })),
        "{no_url:?}"
    );
    // An app that is not listening is a webhook error, not a hang.
    let api = Api::new(&sim);
    let (_, numbers) = api.get("IncomingPhoneNumbers.json", &[]).await;
    let sid = numbers["incoming_phone_numbers"][0]["sid"]
        .as_str()
        .expect("a sid")
        .to_owned();
    api.post(
        &format!("IncomingPhoneNumbers/{sid}.json"),
        &[("VoiceUrl", "http://127.0.0.1:9/voice")],
    )
    .await;
    let unreachable = sim.inbound_call("+14155550100", "+12125550199").await;
    assert!(
        matches!(unreachable, Err(SimError::Webhook { .. })),
        "{unreachable:?}"
    );
}

#[tokio::test]
async fn an_inbound_message_posts_the_sms_webhook() {
    let sim = sim().await;
    let app = Receiver::start("<Response><Message>Got it</Message></Response>");
    sim.add_incoming_number(NumberSeed::new("+13125550101").sms_url(app.url("/sms")))
        .expect("a seed");
    let reply = sim
        .inbound_message("+13125550101", "+12065550123", "Hello there")
        .await
        .expect("the app answers");
    assert_eq!(reply.body, "<Response><Message>Got it</Message></Response>");
    let message_sid = reply.sid.expect("a sid");
    let received = app.received();
    assert_eq!(received.len(), 1);
    let webhook = &received[0];
    assert!(webhook.is_signed(TOKEN, &app.base_url));
    assert_eq!(webhook.param("MessageSid"), Some(message_sid.as_str()));
    assert_eq!(webhook.param("SmsSid"), Some(message_sid.as_str()));
    assert_eq!(webhook.param("Body"), Some("Hello there"));
    assert_eq!(webhook.param("From"), Some("+12065550123"));
    assert_eq!(webhook.param("To"), Some("+13125550101"));
    assert_eq!(webhook.param("NumMedia"), Some("0"));
    assert_eq!(webhook.param("SmsStatus"), Some("received"));
    let message = sim.message(&message_sid).expect("recorded");
    assert_eq!(message.direction, "inbound");
    assert_eq!(message.body, "Hello there");
}

#[tokio::test]
async fn post_signed_sends_any_form_webhook() {
    let sim = sim().await;
    let app = Receiver::start("ok");
    let url = app.url("/custom?x=1");
    let reply = sim
        .post_signed(&url, &[("A", "1"), ("B", "two words"), ("A", "0")])
        .await
        .expect("delivered");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, "ok");
    let received = app.received();
    assert_eq!(received[0].params.len(), 3);
    assert!(received[0].is_signed(TOKEN, &app.base_url));
    assert!(sim.post_signed("/relative", &[]).await.is_err());
    assert_eq!(sim.webhook_deliveries().len(), 1);
}
