//! MessageSender: sending and reading messages.

use serde_json::json;
use switchboard_domain::ports::MessageSender;
use switchboard_domain::telephony::{MessageStatus, OutboundMessage, TelephonyError};
use switchboard_domain::{Amount, Currency, MessageSid};
use url::Url;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

fn message_json(status: &str, price: Option<&str>) -> serde_json::Value {
    json!({
        "account_sid": ACCOUNT,
        "api_version": "2010-04-01",
        "body": "Hello there",
        "date_created": "Thu, 24 Aug 2023 05:01:45 +0000",
        "date_sent": "Thu, 24 Aug 2023 05:01:45 +0000",
        "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000",
        "direction": "outbound-api",
        "error_code": null,
        "error_message": null,
        "from": "+14155550100",
        "messaging_service_sid": null,
        "num_media": "0",
        "num_segments": "1",
        "price": price,
        "price_unit": "USD",
        "sid": MESSAGE_SID,
        "status": status,
        "subresource_uris": {},
        "to": "+14155550199",
        "uri": format!("/2010-04-01/Accounts/{ACCOUNT}/Messages/{MESSAGE_SID}.json")
    })
}

fn text(body: &str) -> OutboundMessage {
    OutboundMessage {
        to: "+14155550199".to_owned(),
        from: "+14155550100".to_owned(),
        body: Some(body.to_owned()),
        media_urls: Vec::new(),
        status_callback: None,
    }
}

#[tokio::test]
async fn a_text_sends_to_from_and_body_and_maps_the_message() {
    let server = MockServer::start().await;
    answer_json(
        "POST",
        account_path("Messages.json"),
        201,
        message_json("queued", None),
    )
    .expect(1)
    .mount(&server)
    .await;
    let sent = client(&server)
        .send_message(&text("Hello there & welcome = 100%"))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "POST", &account_path("Messages.json"));
    assert_eq!(
        form(&request),
        pairs(&[
            ("To", "+14155550199"),
            ("From", "+14155550100"),
            ("Body", "Hello there & welcome = 100%"),
        ])
    );
    assert_eq!(sent.sid, MessageSid::parse(MESSAGE_SID).unwrap());
    assert_eq!(sent.status, MessageStatus::Queued);
    assert_eq!(sent.body.as_deref(), Some("Hello there"));
    assert_eq!(sent.num_segments, Some(1));
    assert_eq!(sent.price, None);
    assert_eq!(sent.price_unit, Some(Currency::usd()));
    assert_eq!(
        sent.created_at.map(|t| t.unix_timestamp()),
        Some(1_692_853_305)
    );
}

#[tokio::test]
async fn media_urls_are_repeated_keys_and_the_callback_is_sent() {
    let server = MockServer::start().await;
    answer_json(
        "POST",
        account_path("Messages.json"),
        201,
        message_json("accepted", None),
    )
    .expect(1)
    .mount(&server)
    .await;
    let message = OutboundMessage {
        to: "whatsapp:+14155550199".to_owned(),
        from: "whatsapp:+14155550100".to_owned(),
        body: None,
        media_urls: vec![
            Url::parse("https://example.com/a.png").unwrap(),
            Url::parse("https://example.com/b.jpg?size=large").unwrap(),
        ],
        status_callback: Some(
            Url::parse("https://switchboard.example.com/webhooks/twilio/messages/status").unwrap(),
        ),
    };
    client(&server).send_message(&message).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        form(&request),
        pairs(&[
            ("To", "whatsapp:+14155550199"),
            ("From", "whatsapp:+14155550100"),
            ("MediaUrl", "https://example.com/a.png"),
            ("MediaUrl", "https://example.com/b.jpg?size=large"),
            (
                "StatusCallback",
                "https://switchboard.example.com/webhooks/twilio/messages/status"
            ),
        ])
    );
}

#[tokio::test]
async fn reading_a_message_maps_its_price() {
    let server = MockServer::start().await;
    let message_path = account_path(&format!("Messages/{MESSAGE_SID}.json"));
    answer_json(
        "GET",
        message_path.clone(),
        200,
        message_json("delivered", Some("-0.00790")),
    )
    .expect(1)
    .mount(&server)
    .await;
    let message = client(&server)
        .message(&MessageSid::parse(MESSAGE_SID).unwrap())
        .await
        .unwrap();
    assert_request(&only_request(&server).await, "GET", &message_path);
    assert_eq!(message.status, MessageStatus::Delivered);
    assert_eq!(message.price, Some(Amount::parse("-0.0079").unwrap()));
}

#[tokio::test]
async fn an_invalid_recipient_is_invalid_to() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(error_json(
            21211,
            "Invalid 'To' Phone Number: +1555",
            400,
        )))
        .mount(&server)
        .await;
    let err = client(&server)
        .send_message(&OutboundMessage {
            to: "+1555".to_owned(),
            ..text("hi")
        })
        .await
        .unwrap_err();
    assert_eq!(
        err,
        TelephonyError::InvalidTo {
            message: "Invalid 'To' Phone Number: +1555".into()
        }
    );
}
