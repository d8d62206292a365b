//! One attempt and how each answer maps: 202 with `X-Message-Id`, SendGrid's errors[]
//! refusals, 5xx.

use serde_json::{Value, json};
use switchboard_domain::email::{EmailError, EmailSender};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{KEY, client, received, sendgrid_error, text_email};

#[tokio::test]
async fn an_accepted_email_is_one_authenticated_json_post_and_keeps_the_message_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/mail/send"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "personalizations": [{"to": [{"email": "alex@example.com"}]}],
            "from": {"email": "noreply@switchboard.example", "name": "Switchboard"},
            "subject": "Your voicemail",
            "content": [{"type": "text/plain", "value": "You have a new voicemail."}]
        })))
        .respond_with(
            ResponseTemplate::new(202).insert_header("X-Message-Id", "W3c2f1pLS8mXnLoVXAl5Hw"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (client, waits) = client(&server);
    let sent = client.send(&text_email()).await.unwrap();
    assert_eq!(
        sent.provider_message_id.as_deref(),
        Some("W3c2f1pLS8mXnLoVXAl5Hw")
    );
    assert!(waits.waits().is_empty());
}

#[tokio::test]
async fn an_accepted_email_without_a_message_id_is_still_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let sent = client.send(&text_email()).await.unwrap();
    assert_eq!(sent.provider_message_id, None);
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/proxy/sendgrid/v3/mail/send"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = crate::support::client_with(crate::support::config_for(&format!(
        "{}/proxy/sendgrid/",
        server.uri()
    )));
    assert!(client.send(&text_email()).await.is_ok());
}

#[tokio::test]
async fn sandbox_mode_is_asked_for_when_configured() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut config = crate::support::config_for(&server.uri());
    config.sandbox_mode = true;
    let (client, _) = crate::support::client_with(config);
    assert!(client.send(&text_email()).await.is_ok());
    let body: Value = serde_json::from_slice(&received(&server).await[0].body).unwrap();
    assert_eq!(
        body["mail_settings"],
        json!({"sandbox_mode": {"enable": true}})
    );
}

/// The error `client.send` returns when the server answers `status` with `body`, and how
/// many requests it made.
async fn refusal(status: u16, body: Value) -> (EmailError, usize) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    let (client, waits) = client(&server);
    let error = client
        .send(&text_email())
        .await
        .expect_err("the server refuses");
    assert!(waits.waits().is_empty(), "{status} was retried");
    (error, received(&server).await.len())
}

#[tokio::test]
async fn a_400_is_rejected_with_sendgrids_first_message() {
    let body = json!({"errors": [
        {"message": "The from address does not match a verified Sender Identity.", "field": "from", "help": "https://sendgrid.com/docs/for-developers/sending-email/sender-identity/"},
        {"message": "Another problem", "field": "subject", "help": null}
    ]});
    let (error, requests) = refusal(400, body).await;
    assert_eq!(
        error,
        EmailError::Rejected {
            status: 400,
            message: "The from address does not match a verified Sender Identity.".into()
        }
    );
    assert!(error.certainly_not_sent());
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn a_401_and_a_413_are_rejected_too() {
    let (error, requests) = refusal(401, sendgrid_error("authorization required", None)).await;
    assert_eq!(
        error,
        EmailError::Rejected {
            status: 401,
            message: "authorization required".into()
        }
    );
    assert_eq!(requests, 1);
    let (error, _) = refusal(413, sendgrid_error("content too large", None)).await;
    assert_eq!(
        error,
        EmailError::Rejected {
            status: 413,
            message: "content too large".into()
        }
    );
    let (error, _) = refusal(403, json!({"unexpected": true})).await;
    assert_eq!(
        error,
        EmailError::Rejected {
            status: 403,
            message: "Forbidden".into()
        }
    );
}

#[tokio::test]
async fn a_500_is_unavailable_and_not_retried() {
    let (error, requests) = refusal(500, sendgrid_error("internal server error", None)).await;
    assert!(
        matches!(&error, EmailError::Unavailable(reason) if reason.contains("500") && reason.contains("internal server error")),
        "{error:?}"
    );
    assert!(!error.certainly_not_sent());
    assert_eq!(
        requests, 1,
        "a 500 may have sent the email; it is not sent again"
    );
}

#[tokio::test]
async fn a_503_is_not_sent_and_not_retried() {
    let (error, requests) = refusal(503, json!({})).await;
    assert!(
        matches!(&error, EmailError::NotSent(reason) if reason.contains("503")),
        "{error:?}"
    );
    assert!(error.certainly_not_sent());
    assert_eq!(requests, 1);
}
