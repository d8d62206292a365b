//! Session creation is rate limited per user, across replicas: the request over the limit is
//! a 429 `rate_limited` with `Retry-After`, and the allowance comes back with time.

use serde_json::json;
use switchboard_e2e::{GREETING_URL, TestApp, TestAppOptions, json_of, problem};
use time::Duration;

async fn create(app: &TestApp, user: &str) -> reqwest::Response {
    app.create_session(
        &app.user_token(user),
        &json!({ "greetingUrl": GREETING_URL, "expiresInMinutes": 1 }),
    )
    .await
}

/// Asserts a 429 `rate_limited` with a whole-seconds `Retry-After` of at least 1; returns it.
async fn assert_rate_limited(response: reqwest::Response) -> u64 {
    let problem = problem(response, 429).await;
    assert_eq!(problem.code, "rate_limited");
    let retry_after: u64 = problem
        .headers
        .get("retry-after")
        .expect("a Retry-After header")
        .to_str()
        .expect("an ASCII Retry-After")
        .parse()
        .expect("Retry-After in whole seconds");
    assert!(retry_after >= 1, "Retry-After {retry_after}");
    retry_after
}

#[tokio::test]
async fn a_user_over_the_limit_gets_429_with_retry_after_until_time_passes() {
    let app = TestApp::spawn_with(TestAppOptions::default().session_rate_limit(3)).await;
    app.add_pool_numbers(10).await;

    for _ in 0..3 {
        assert_eq!(create(&app, "alice").await.status(), 201);
    }
    let retry_after = assert_rate_limited(create(&app, "alice").await).await;
    assert!(retry_after <= 60, "Retry-After {retry_after}");
    // The refused request leased nothing.
    assert_eq!(app.free_numbers().await, 7);

    // Another user has their own allowance.
    assert_eq!(create(&app, "bob").await.status(), 201);

    app.clock.advance(Duration::seconds(60));
    let again = json_of(create(&app, "alice").await, 201).await;
    assert_eq!(again["userId"], "alice");
}

#[tokio::test]
async fn the_limit_holds_across_replicas_sharing_the_database() {
    let a = TestApp::spawn_with(TestAppOptions::default().session_rate_limit(3)).await;
    let b = TestApp::spawn_with(TestAppOptions::default().session_rate_limit(3).sharing(&a)).await;
    a.add_pool_numbers(10).await;

    assert_eq!(create(&a, "alice").await.status(), 201);
    assert_eq!(create(&a, "alice").await.status(), 201);
    assert_eq!(create(&b, "alice").await.status(), 201);
    assert_rate_limited(create(&a, "alice").await).await;
    assert_rate_limited(create(&b, "alice").await).await;
    assert_eq!(a.free_numbers().await, 7);
}
