//! `GET /metrics` from outside: the families api.md names, counted by what the app really
//! did, with bounded labels (route patterns, never an id or a phone number), and the pool
//! counted at scrape time.

use serde_json::json;
use switchboard_e2e::{TestApp, http_client, inbound_call_params, json_of};

async fn scrape(app: &TestApp) -> String {
    let response = http_client()
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("GET /metrics");
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("a text header")
        .to_owned();
    assert_eq!(content_type, "text/plain; version=0.0.4; charset=utf-8");
    response.text().await.expect("the metrics")
}

/// The value of the sample `name{labels}`, if present.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_webhooks_twilio_and_the_pool_with_bounded_labels() {
    let app = TestApp::spawn().await;
    let numbers = app.add_pool_numbers(3).await;
    let alice = app.user_token("alice");
    let session = app.create_session_for("alice").await;
    let id = session["id"].as_str().unwrap();
    json_of(
        app.get(&format!("/v1/voicemail-sessions/{id}"), &alice)
            .await,
        200,
    )
    .await;
    let bought = json_of(
        app.post_json("/v1/numbers", &alice, &json!({ "areaCode": "212" }))
            .await,
        201,
    )
    .await;
    let params = inbound_call_params(&numbers[0]);
    assert_eq!(app.signed_voice_webhook(&params).await.status(), 200);
    assert_eq!(
        app.voice_webhook(&params, Some("bm90IGEgc2lnbmF0dXJl"))
            .await
            .status(),
        403
    );

    let text = scrape(&app).await;
    for (series, at_least) in [
        (
            r#"http_requests_total{method="GET",route="/v1/voicemail-sessions/{id}",status="200"}"#,
            1.0,
        ),
        (
            r#"http_requests_total{method="POST",route="/v1/voicemail-sessions",status="201"}"#,
            1.0,
        ),
        (
            r#"http_request_duration_seconds_count{method="POST",route="/v1/numbers"}"#,
            1.0,
        ),
        (r#"webhook_requests_total{kind="voice",outcome="ok"}"#, 1.0),
        (
            r#"webhook_requests_total{kind="voice",outcome="invalid_signature"}"#,
            1.0,
        ),
        (
            r#"twilio_requests_total{operation="CreateIncomingPhoneNumber",outcome="ok"}"#,
            1.0,
        ),
        (r#"pool_numbers{state="free"}"#, 2.0),
        (r#"pool_numbers{state="leased"}"#, 1.0),
        ("db_pool_max_connections", 1.0),
        ("db_pool_connections", 1.0),
        ("db_pool_idle_connections", 0.0),
        ("db_pool_waiting_requests", 0.0),
    ] {
        let value = sample(&text, series).unwrap_or_else(|| panic!("{series} missing:\n{text}"));
        assert!(
            value >= at_least,
            "{series} = {value}, expected >= {at_least}"
        );
    }
    assert_eq!(sample(&text, r#"pool_numbers{state="free"}"#), Some(2.0));
    // No raw path, id or phone number in any label.
    for raw in [id, bought["id"].as_str().unwrap(), numbers[0].as_str()] {
        assert!(!text.contains(raw), "{raw} appears in the metrics:\n{text}");
    }

    // The pool is counted when scraped: the lease lapses with time alone, no request
    // writing anything, and the next scrape sees its number free.
    app.clock.advance(time::Duration::hours(25));
    let text = scrape(&app).await;
    assert_eq!(sample(&text, r#"pool_numbers{state="free"}"#), Some(3.0));
    assert_eq!(sample(&text, r#"pool_numbers{state="leased"}"#), Some(0.0));
}
