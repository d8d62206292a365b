//! Retries: 429 and 503 are retried with backoff or `Retry-After`; nothing else is.

use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_domain::numbers::{AvailableNumberQuery, CountryCode};
use switchboard_domain::ports::{MessageSender, NumberProvider};
use switchboard_domain::telephony::{OutboundMessage, TelephonyError};
use switchboard_twilio::rest::{RetryPolicy, TwilioRestClient};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

fn throttled() -> ResponseTemplate {
    ResponseTemplate::new(429).set_body_json(error_json(20429, "Too Many Requests", 429))
}

fn unavailable() -> ResponseTemplate {
    ResponseTemplate::new(503)
        .set_body_json(json!({"message": "Service Unavailable", "status": 503}))
}

fn empty_search() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"available_phone_numbers": []}))
}

/// Answers `first` `times` times, then `then` forever.
async fn server(first: ResponseTemplate, times: u64, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any()).respond_with(then).mount(&server).await;
    server
}

async fn search(client: &TwilioRestClient) -> Result<usize, TelephonyError> {
    client
        .search_available(&AvailableNumberQuery::local(CountryCode::us()))
        .await
        .map(|found| found.len())
}

fn a_text() -> OutboundMessage {
    OutboundMessage {
        to: "+14155550199".to_owned(),
        from: "+14155550100".to_owned(),
        body: Some("hi".to_owned()),
        media_urls: Vec::new(),
        status_callback: None,
    }
}

#[tokio::test]
async fn throttling_is_retried_with_backoff_until_it_succeeds() {
    let server = server(throttled(), 2, empty_search()).await;
    assert_eq!(search(&client(&server)).await, Ok(0));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "two 429s, then the success");
    for request in &requests {
        assert_eq!(
            query(request),
            pairs(&[("PageSize", "20")]),
            "the same request each time"
        );
    }
}

#[tokio::test]
async fn retry_after_is_honoured_before_retrying() {
    let server = server(
        throttled().insert_header("Retry-After", "1"),
        1,
        empty_search(),
    )
    .await;
    let started = Instant::now();
    assert_eq!(search(&client(&server)).await, Ok(0));
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(1), "waited only {elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "waited {elapsed:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn throttling_that_outlasts_the_retries_is_rate_limited_after_max_retries() {
    let server = server(throttled(), u64::MAX, empty_search()).await;
    let err = search(&client(&server)).await.unwrap_err();
    assert_eq!(err, TelephonyError::RateLimited { retry_after: None });
    assert_eq!(
        received(&server).await.len(),
        4,
        "the first attempt and max_retries = 3 retries"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_gives_up_at_once_and_reports_the_wait() {
    let server = server(
        throttled().insert_header("Retry-After", "120"),
        u64::MAX,
        empty_search(),
    )
    .await;
    let started = Instant::now();
    let err = search(&client(&server)).await.unwrap_err();
    assert_eq!(
        err,
        TelephonyError::RateLimited {
            retry_after: Some(time::Duration::seconds(120))
        }
    );
    assert_eq!(received(&server).await.len(), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_post_is_retried_after_429_because_twilio_did_not_process_it() {
    let server = server(
        throttled(),
        1,
        ResponseTemplate::new(201).set_body_json(json!({
            "sid": MESSAGE_SID, "status": "queued", "to": "+14155550199",
            "from": "+14155550100", "body": "hi"
        })),
    )
    .await;
    let sent = client(&server).send_message(&a_text()).await.unwrap();
    assert_eq!(sent.sid.as_str(), MESSAGE_SID);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(form(&requests[0]), form(&requests[1]));
}

#[tokio::test]
async fn a_503_is_retried_until_it_succeeds() {
    let server = server(unavailable(), 2, empty_search()).await;
    assert_eq!(search(&client(&server)).await, Ok(0));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn a_503_that_outlasts_the_retries_is_unavailable_with_the_providers_wait() {
    let server = server(
        unavailable().insert_header("Retry-After", "0"),
        u64::MAX,
        empty_search(),
    )
    .await;
    let err = search(&client(&server)).await.unwrap_err();
    match err {
        TelephonyError::Unavailable {
            reason,
            retry_after,
        } => {
            assert!(reason.contains("503"), "{reason}");
            assert_eq!(retry_after, Some(time::Duration::ZERO));
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 4);
}

#[tokio::test]
async fn with_no_retries_a_429_is_answered_at_once() {
    let server = server(throttled(), u64::MAX, empty_search()).await;
    let mut config = config(&server);
    config.retry = RetryPolicy::none();
    let client = TwilioRestClient::new(config).unwrap();
    assert_eq!(
        search(&client).await,
        Err(TelephonyError::RateLimited { retry_after: None })
    );
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    for status in [400_u16, 401, 403, 404, 409] {
        let server = server(
            ResponseTemplate::new(status).set_body_json(error_json(21000, "no", status)),
            u64::MAX,
            empty_search(),
        )
        .await;
        assert!(search(&client(&server)).await.is_err());
        assert_eq!(received(&server).await.len(), 1, "HTTP {status}");
    }
}
