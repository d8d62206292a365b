//! The API key appears in no error's Display or Debug, even when SendGrid echoes it back,
//! nor in the client's Debug.

use std::net::TcpListener;
use std::time::Duration;

use switchboard_domain::email::EmailSender;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{KEY, client, client_with, config_for, sendgrid_error, text_email};

fn assert_hidden(printed: &str) {
    assert!(!printed.contains(KEY), "the key leaked: {printed}");
    assert!(
        !printed.contains("t3stKeyNeverShown"),
        "part of the key leaked: {printed}"
    );
}

#[tokio::test]
async fn no_error_shows_the_key() {
    let echo = format!("The provided authorization grant {KEY} is invalid, expired, or revoked");
    let mut errors = Vec::new();
    for (status, retry_after) in [(401, None), (400, None), (500, None), (429, Some("0"))] {
        let server = MockServer::start().await;
        let mut template =
            ResponseTemplate::new(status).set_body_json(sendgrid_error(&echo, Some(KEY)));
        if let Some(secs) = retry_after {
            template = template.insert_header("Retry-After", secs);
        }
        Mock::given(method("POST"))
            .respond_with(template)
            .mount(&server)
            .await;
        let (client, _) = client(&server);
        errors.push(client.send(&text_email()).await.unwrap_err());
    }
    let slow = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_delay(Duration::from_secs(5)))
        .mount(&slow)
        .await;
    let mut config = config_for(&slow.uri());
    config.timeout = Duration::from_millis(100);
    errors.push(client_with(config).0.send(&text_email()).await.unwrap_err());
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    errors.push(
        client_with(config_for(&format!("http://127.0.0.1:{port}")))
            .0
            .send(&text_email())
            .await
            .unwrap_err(),
    );
    assert_eq!(errors.len(), 6);
    for error in &errors {
        assert_hidden(&format!("{error} {error:?}"));
    }
    assert!(format!("{}", errors[0]).contains("[redacted]"));
}

#[tokio::test]
async fn the_client_and_its_config_do_not_show_the_key() {
    let config = config_for("http://127.0.0.1:9");
    assert_hidden(&format!("{config:?} {}", config.api_key));
    let (client, _) = client_with(config);
    assert_hidden(&format!("{client:?}"));
}
