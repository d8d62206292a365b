//! Messages end to end: sending through the stand-in, status callbacks that never move a
//! message backwards, inbound messages stored once with the number's auto-reply, and the
//! refusals of the contract.

use base64::Engine as _;
use reqwest::Method;
use serde_json::{Value, json};
use switchboard_domain::telephony::MessageStatus;
use switchboard_e2e::{TestApp, json_of, parse_twiml, problem};

async fn send(app: &TestApp, token: &str, body: Value) -> Value {
    json_of(app.post_json("/v1/messages", token, &body).await, 201).await
}

#[tokio::test]
async fn a_sent_message_is_logged_and_tracked_to_delivered_never_backwards() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (_, phone) = app.own_number(&alice).await;
    let sent = send(
        &app,
        &alice,
        json!({"to": "(415) 555-0123", "body": "Hello from Switchboard"}),
    )
    .await;
    let sid = sent["messageSid"].as_str().expect("a SID").to_owned();
    assert_eq!(
        (
            sent["from"].as_str(),
            sent["to"].as_str(),
            sent["channel"].as_str(),
            sent["direction"].as_str()
        ),
        (
            Some(phone.as_str()),
            Some("+14155550123"),
            Some("sms"),
            Some("outbound")
        ),
        "{sent}"
    );
    let at_twilio = app
        .sim
        .messages()
        .into_iter()
        .find(|m| m.sid == sid)
        .expect("Twilio has it");
    assert_eq!(at_twilio.body, "Hello from Switchboard");

    for status in [MessageStatus::Sent, MessageStatus::Delivered] {
        app.sim
            .advance_message(&sid, status)
            .await
            .expect("the stand-in moves it");
    }
    let late = [("MessageSid", sid.as_str()), ("MessageStatus", "sent")];
    assert_eq!(
        app.webhook("/webhooks/twilio/messages/status", &late, true)
            .await
            .status(),
        204
    );
    let undelivered = [
        ("MessageSid", sid.as_str()),
        ("MessageStatus", "undelivered"),
        ("ErrorCode", "30003"),
    ];
    assert_eq!(
        app.webhook("/webhooks/twilio/messages/status", &undelivered, true)
            .await
            .status(),
        204
    );
    let read = json_of(app.get(&format!("/v1/messages/{sid}"), &alice).await, 200).await;
    assert_eq!(
        (read["status"].as_str(), read["errorCode"].as_u64()),
        (Some("delivered"), None),
        "{read}"
    );
    let forged = app
        .webhook(
            "/webhooks/twilio/messages/status",
            &[("MessageSid", sid.as_str()), ("MessageStatus", "failed")],
            false,
        )
        .await;
    assert_eq!(problem(forged, 403).await.code, "invalid_signature");

    let listed = json_of(
        app.get("/v1/messages?direction=outbound&status=delivered", &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );
    assert_eq!(
        app.get(&format!("/v1/messages/{sid}"), &app.user_token("bob"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn inbound_messages_are_stored_once_and_answered_with_the_auto_reply() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let (id, phone) = app.own_number(&alice).await;
    let quiet = app
        .sim
        .inbound_message(&phone, "+14155550177", "Is anyone there?")
        .await
        .expect("delivered");
    assert_eq!(quiet.status, 200);
    // twilio-python 9.13.0's `MessagingResponse()`, compared as a tree.
    assert_eq!(
        parse_twiml(&quiet.body),
        parse_twiml(r#"<?xml version="1.0" encoding="UTF-8"?><Response />"#)
    );
    assert!(
        !quiet.body.contains("<Message>"),
        "no auto-reply yet: {}",
        quiet.body
    );

    let defaults = json_of(
        app.get(&format!("/v1/numbers/{id}/auto-reply"), &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(defaults, json!({"enabled": false, "body": ""}));
    let reply = json!({"enabled": true, "body": "Thanks! We will call you back."});
    json_of(
        app.send_json(
            Method::PUT,
            &format!("/v1/numbers/{id}/auto-reply"),
            &alice,
            &reply,
        )
        .await,
        200,
    )
    .await;
    let answered = app
        .sim
        .inbound_message(&phone, "+14155550177", "Hello?")
        .await
        .expect("delivered");
    // twilio-python 9.13.0's `MessagingResponse().message(...)`, compared as a tree.
    assert_eq!(
        parse_twiml(&answered.body),
        parse_twiml(
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks! We will call you back.</Message></Response>"#
        )
    );
    assert!(
        answered
            .body
            .contains("<Message>Thanks! We will call you back.</Message>"),
        "{}",
        answered.body
    );

    // Twilio retries a webhook it got no answer to: the message is stored once.
    let sid = answered.sid.expect("the message's SID");
    let params = [
        ("MessageSid", sid.as_str()),
        ("From", "+14155550177"),
        ("To", phone.as_str()),
        ("Body", "Hello?"),
        ("NumMedia", "1"),
        ("MediaUrl0", "https://example.com/photo.jpg"),
    ];
    assert_eq!(
        app.webhook("/webhooks/twilio/messages", &params, true)
            .await
            .status(),
        200
    );
    let inbound = json_of(app.get("/v1/messages?direction=inbound", &alice).await, 200).await;
    let items = inbound["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{inbound}");
    assert!(
        items
            .iter()
            .all(|m| m["mediaUrls"].as_array().is_some_and(|u| u.is_empty())),
        "the retry did not replace the stored message: {inbound}"
    );
    assert_eq!(
        (items[0]["from"].as_str(), items[0]["status"].as_str()),
        (Some("+14155550177"), Some("received"))
    );
}

#[tokio::test]
async fn sending_refuses_bad_input_foreign_senders_and_users_without_numbers() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let carol = app.user_token("carol");
    let p = problem(
        app.post_json(
            "/v1/messages",
            &carol,
            &json!({"to": "+14155550123", "body": "hi"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p.code, "no_sender");
    app.own_number(&alice).await;
    let p = problem(
        app.post_json(
            "/v1/messages",
            &alice,
            &json!({"to": "+14155550123", "from": "+14155559999", "body": "hi"}),
        )
        .await,
        403,
    )
    .await;
    assert_eq!(p.code, "sender_not_owned");
    for (body, field) in [
        (json!({"to": "+14155550123"}), "body"),
        (json!({"to": "not a number", "body": "hi"}), "to"),
        (
            json!({"to": "+14155550123", "body": "x".repeat(1601)}),
            "body",
        ),
        (
            json!({"to": "+14155550123", "mediaUrls": ["ftp://example.com/a.jpg"]}),
            "mediaUrls[0]",
        ),
        (
            json!({"to": "+14155550123", "channel": "whatsapp", "mediaUrls": ["https://e.com/a.jpg", "https://e.com/b.jpg"]}),
            "mediaUrls",
        ),
        (
            json!({"to": "+14155550123", "channel": "fax", "body": "hi"}),
            "channel",
        ),
    ] {
        let p = problem(app.post_json("/v1/messages", &alice, &body).await, 400).await;
        assert!(p.detail().contains(field), "{field}: {}", p.detail());
    }
    assert!(
        app.sim.messages().is_empty(),
        "nothing refused reached Twilio"
    );
}

#[tokio::test]
async fn mms_and_whatsapp_reach_twilio_with_their_addressing_and_failures_carry_their_code() {
    let app = TestApp::spawn_with(
        switchboard_e2e::TestAppOptions::default().whatsapp_from("+14155238886"),
    )
    .await;
    let alice = app.user_token("alice");
    let (_, phone) = app.own_number(&alice).await;
    let mms = send(&app, &alice, json!({"to": "+14155550123", "body": "Menu", "mediaUrls": ["https://example.com/menu.jpg"]})).await;
    let at_twilio = app
        .sim
        .messages()
        .into_iter()
        .find(|m| Some(m.sid.as_str()) == mms["messageSid"].as_str())
        .expect("Twilio has the MMS");
    assert_eq!(at_twilio.media_urls, ["https://example.com/menu.jpg"]);
    assert_eq!(mms["from"].as_str(), Some(phone.as_str()));

    let wa = send(
        &app,
        &alice,
        json!({"channel": "whatsapp", "to": "+14155550124", "body": "Hi on WhatsApp"}),
    )
    .await;
    assert_eq!(
        (
            wa["channel"].as_str(),
            wa["from"].as_str(),
            wa["to"].as_str()
        ),
        (Some("whatsapp"), Some("+14155238886"), Some("+14155550124")),
        "{wa}"
    );
    let sid = wa["messageSid"].as_str().expect("a SID").to_owned();
    let at_twilio = app
        .sim
        .messages()
        .into_iter()
        .find(|m| m.sid == sid)
        .expect("Twilio has it");
    assert_eq!(
        (at_twilio.to.as_str(), at_twilio.from.as_deref()),
        ("whatsapp:+14155550124", Some("whatsapp:+14155238886"))
    );

    // A reply to the shared sender belongs to whoever last wrote to that address from it.
    let params = [
        ("MessageSid", "SM0000000000000000000000000000beef"),
        ("From", "whatsapp:+14155550124"),
        ("To", "whatsapp:+14155238886"),
        ("Body", "Thanks!"),
    ];
    assert_eq!(
        app.webhook("/webhooks/twilio/messages", &params, true)
            .await
            .status(),
        200
    );
    let inbound = json_of(
        app.get("/v1/messages?channel=whatsapp&direction=inbound", &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(inbound["items"][0]["body"], "Thanks!", "{inbound}");

    let photo = app
        .sim
        .inbound_message_with_media(
            &phone,
            "+14155550177",
            "A photo",
            &["https://example.com/p.jpg"],
        )
        .await
        .expect("delivered");
    assert_eq!(photo.status, 200);
    let stored = json_of(
        app.get(
            &format!("/v1/messages/{}", photo.sid.expect("a SID")),
            &alice,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        stored["mediaUrls"],
        json!(["https://example.com/p.jpg"]),
        "{stored}"
    );

    app.sim
        .advance_message(&sid, MessageStatus::Sent)
        .await
        .expect("sent");
    app.sim
        .advance_message_with_error(&sid, MessageStatus::Undelivered, Some(63016))
        .await
        .expect("undelivered");
    let failed = json_of(app.get(&format!("/v1/messages/{sid}"), &alice).await, 200).await;
    assert_eq!(
        (failed["status"].as_str(), failed["errorCode"].as_u64()),
        (Some("undelivered"), Some(63016)),
        "{failed}"
    );
}

#[tokio::test]
async fn an_idempotency_key_sends_a_message_and_an_email_once_and_only_email_takes_large_bodies() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    app.own_number(&alice).await;
    let post = |path: &'static str, key: &'static str, body: String| {
        let (app, alice) = (&app, alice.clone());
        async move {
            app.client
                .post(app.url(path))
                .bearer_auth(alice)
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .body(body)
                .send()
                .await
                .expect("send")
        }
    };
    let text = r#"{"to": "+14155550123", "body": "once"}"#.to_owned();
    let first = post("/v1/messages", "m-1", text.clone()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.expect("json");
    let again = post("/v1/messages", "m-1", text).await;
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    let again: Value = again.json().await.expect("json");
    assert_eq!(again, first);
    assert_eq!(app.sim.messages().len(), 1, "Twilio saw one message");

    // 200 KB of attachment: over the 64 KB limit of other routes, within email's.
    let big = base64::engine::general_purpose::STANDARD.encode(vec![b'x'; 150_000]);
    let email = json!({"to": "ann@example.com", "subject": "big", "text": "see attached",
        "attachments": [{"filename": "big.txt", "content": big}]})
    .to_string();
    assert_eq!(post("/v1/emails", "e-1", email.clone()).await.status(), 202);
    let replay = post("/v1/emails", "e-1", email).await;
    assert_eq!(
        (
            replay.status().as_u16(),
            replay.headers().get("idempotent-replayed").is_some()
        ),
        (202, true)
    );
    assert_eq!(app.sendgrid.outbox().len(), 1, "SendGrid saw one email");
    let huge = json!({"to": "+14155550123", "body": "x".repeat(70_000)}).to_string();
    assert_eq!(
        problem(post("/v1/messages", "m-2", huge).await, 413)
            .await
            .code,
        "payload_too_large"
    );
}

#[tokio::test]
async fn the_message_rate_limit_holds_across_two_replicas_and_refusals_do_not_count() {
    let one =
        TestApp::spawn_with(switchboard_e2e::TestAppOptions::default().message_rate_limit(2)).await;
    let two = TestApp::spawn_with(
        switchboard_e2e::TestAppOptions::default()
            .sharing(&one)
            .message_rate_limit(2),
    )
    .await;
    let alice = one.user_token("alice");
    one.own_number(&alice).await;
    let text = json!({"to": "+14155550123", "body": "hi"});
    assert_eq!(
        problem(
            one.post_json("/v1/messages", &alice, &json!({"to": "+14155550123"}))
                .await,
            400
        )
        .await
        .code,
        "invalid_request"
    );
    assert_eq!(
        problem(
            two.post_json(
                "/v1/messages",
                &alice,
                &json!({"to": "+14155550123", "from": "+14155559999", "body": "hi"})
            )
            .await,
            403
        )
        .await
        .code,
        "sender_not_owned"
    );
    send(&one, &alice, text.clone()).await;
    assert_eq!(
        two.post_json("/v1/messages", &alice, &text).await.status(),
        201,
        "refusals did not use the quota"
    );
    let limited = problem(one.post_json("/v1/messages", &alice, &text).await, 429).await;
    assert_eq!(limited.code, "rate_limited");
    assert!(limited.headers.get("retry-after").is_some());
    assert_eq!(
        problem(two.post_json("/v1/messages", &alice, &text).await, 429)
            .await
            .code,
        "rate_limited"
    );
}
