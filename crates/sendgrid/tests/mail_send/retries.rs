//! 429s are retried as `Retry-After` says, within bounds; connections that never opened are
//! retried; timeouts are not.

use std::net::TcpListener;
use std::time::Duration;

use switchboard_domain::email::{EmailError, EmailSender};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{client, client_with, config_for, received, sendgrid_error, text_email};

fn throttled(retry_after: Option<&str>) -> ResponseTemplate {
    let template =
        ResponseTemplate::new(429).set_body_json(sendgrid_error("too many requests", None));
    match retry_after {
        Some(secs) => template.insert_header("Retry-After", secs),
        None => template,
    }
}

#[tokio::test]
async fn a_429_then_a_202_waits_as_retry_after_says_and_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(throttled(Some("2")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).insert_header("X-Message-Id", "after-retry"))
        .with_priority(2)
        .mount(&server)
        .await;
    let (client, waits) = client(&server);
    let sent = client.send(&text_email()).await.unwrap();
    assert_eq!(sent.provider_message_id.as_deref(), Some("after-retry"));
    assert_eq!(waits.waits(), [Duration::from_secs(2)]);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].body, requests[1].body,
        "the same email is sent again"
    );
}

#[tokio::test]
async fn a_429_storm_ends_unavailable_after_three_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(throttled(None))
        .mount(&server)
        .await;
    let (client, waits) = client(&server);
    let error = client.send(&text_email()).await.unwrap_err();
    assert!(
        matches!(&error, EmailError::NotSent(reason) if reason.contains("429") && reason.contains("3 attempts")),
        "{error:?}"
    );
    assert_eq!(received(&server).await.len(), 3);
    assert_eq!(
        waits.waits(),
        [Duration::from_millis(500), Duration::from_secs(1)],
        "without Retry-After the backoff doubles"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_gives_up_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(throttled(Some("60")))
        .mount(&server)
        .await;
    let (client, waits) = client(&server);
    let error = client.send(&text_email()).await.unwrap_err();
    assert!(
        matches!(&error, EmailError::NotSent(reason) if reason.contains("60 s")),
        "{error:?}"
    );
    assert_eq!(received(&server).await.len(), 1);
    assert!(waits.waits().is_empty());
}

#[tokio::test]
async fn the_waits_never_add_up_to_more_than_ten_seconds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(throttled(Some("6")))
        .mount(&server)
        .await;
    let (client, waits) = client(&server);
    assert!(client.send(&text_email()).await.is_err());
    assert_eq!(waits.waits(), [Duration::from_secs(6)]);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_unavailable() {
    // A port that was free a moment ago and now has no listener.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let (client, waits) = client_with(config_for(&format!("http://127.0.0.1:{port}")));
    let error = client.send(&text_email()).await.unwrap_err();
    assert!(
        matches!(&error, EmailError::NotSent(reason) if reason.contains("could not connect")),
        "{error:?}"
    );
    assert_eq!(waits.waits().len(), 2, "three attempts in all");
}

#[tokio::test]
async fn a_timeout_is_unavailable_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let mut config = config_for(&server.uri());
    config.timeout = Duration::from_millis(200);
    let (client, waits) = client_with(config);
    let error = client.send(&text_email()).await.unwrap_err();
    assert!(
        matches!(&error, EmailError::Unavailable(reason) if reason.contains("timed out")),
        "{error:?}"
    );
    assert!(
        waits.waits().is_empty(),
        "a timed-out send may have been accepted"
    );
    assert_eq!(received(&server).await.len(), 1);
}
