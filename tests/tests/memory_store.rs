//! The out-of-the-box store over real HTTP: the in-memory store keeps the same guarantees
//! within one process as PostgreSQL does across replicas. Concurrent creates, served by
//! several actix workers on a multi-threaded runtime, lease each number once; the rate limit
//! is exact under concurrent requests; and the call and number flows work end to end.

use std::collections::HashSet;

use futures::future::join_all;
use serde_json::json;
use switchboard_e2e::{
    GREETING_URL, TestApp, TestAppOptions, Verb, assert_problem, inbound_call_params, json_of,
    parse_twiml,
};

async fn memory_app(options: TestAppOptions) -> TestApp {
    TestApp::spawn_with(options.in_memory()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_lease_each_pool_number_exactly_once() {
    let app = memory_app(TestAppOptions::default()).await;
    let pool: HashSet<String> = app.add_pool_numbers(100).await.into_iter().collect();

    let creates = (0..200).map(|i| {
        let token = app.user_token(&format!("user-{i}"));
        let app = &app;
        async move {
            app.create_session(&token, &json!({ "greetingUrl": GREETING_URL }))
                .await
        }
    });
    let mut leased = Vec::new();
    let mut exhausted = 0;
    for response in join_all(creates).await {
        match response.status().as_u16() {
            201 => leased.push(json_of(response, 201).await["phoneNumber"].to_string()),
            409 => {
                assert_eq!(assert_problem(response, 409).await, "pool_exhausted");
                exhausted += 1;
            }
            other => panic!("unexpected {other}: {:?}", response.text().await),
        }
    }
    assert_eq!((leased.len(), exhausted), (100, 100));
    let distinct: HashSet<String> = leased
        .iter()
        .map(|n| n.trim_matches('"').to_owned())
        .collect();
    assert_eq!(distinct, pool, "every pool number leased exactly once");
    let listing = app.pool_listing().await;
    assert_eq!(
        (listing["free"].as_u64(), listing["leased"].as_u64()),
        (Some(0), Some(100))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_is_exact_under_concurrent_requests() {
    let app = memory_app(TestAppOptions::default().session_rate_limit(7)).await;
    app.add_pool_numbers(50).await;
    let token = app.user_token("alice");
    let body = json!({ "greetingUrl": GREETING_URL });
    let creates = (0..40).map(|_| app.create_session(&token, &body));
    let statuses: Vec<u16> = join_all(creates)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        7,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        33,
        "{statuses:?}"
    );
    // Refused requests leased nothing.
    assert_eq!(app.free_numbers().await, 43);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_answers_calls_until_it_expires_and_numbers_can_be_bought() {
    let app = memory_app(TestAppOptions::default()).await;
    app.add_pool_numbers(1).await;
    let session = app.create_session_for("alice").await;
    let number = session["phoneNumber"].as_str().unwrap().to_owned();

    let params = inbound_call_params(&number);
    let greeting = app.signed_voice_webhook(&params).await;
    assert_eq!(greeting.status(), 200);
    assert_eq!(
        parse_twiml(&greeting.text().await.unwrap()),
        [Verb::new("Play", GREETING_URL), Verb::new("Hangup", "")]
    );

    let token = app.user_token("alice");
    let id = session["id"].as_str().unwrap();
    let expired = app
        .post_empty(&format!("/v1/voicemail-sessions/{id}/expire"), &token)
        .await;
    assert_eq!(json_of(expired, 200).await["status"], "expired");
    let after = app.signed_voice_webhook(&params).await;
    let verbs = parse_twiml(&after.text().await.unwrap());
    assert_eq!(
        verbs.first().map(|v| v.name.as_str()),
        Some("Say"),
        "{verbs:?}"
    );

    let bought = app
        .post_json("/v1/numbers", &token, &json!({ "areaCode": "415" }))
        .await;
    let bought = json_of(bought, 201).await;
    let stats = json_of(app.get("/v1/numbers/stats", &token).await, 200).await;
    assert_eq!(stats["total"], 1);
    assert_eq!(stats["purchaseCostTotal"], "1.15");
    assert!(bought["phoneNumber"].as_str().unwrap().starts_with("+1415"));
    assert!(
        app.sim.spec_violations().is_empty(),
        "{:?}",
        app.sim.spec_violations()
    );
}
