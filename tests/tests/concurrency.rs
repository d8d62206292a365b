//! Two replicas behind one database never lease a pool number twice: concurrent creates
//! across both get every number exactly once and the rest a clean `pool_exhausted`.

use std::collections::HashSet;

use futures::future::join_all;
use serde_json::json;
use switchboard_e2e::{GREETING_URL, TestApp, TestAppOptions, assert_problem, json_of};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_lease_each_pool_number_exactly_once_under_concurrent_creates() {
    let a = TestApp::spawn().await;
    let b = TestApp::spawn_with(TestAppOptions::default().sharing(&a)).await;
    let pool: HashSet<String> = a.add_pool_numbers(100).await.into_iter().collect();

    let creates = (0..200).map(|i| {
        let app = if i % 2 == 0 { &a } else { &b };
        let token = app.user_token(&format!("user-{i}"));
        async move {
            app.create_session(&token, &json!({ "greetingUrl": GREETING_URL }))
                .await
        }
    });
    let responses = join_all(creates).await;

    let mut leased = Vec::new();
    let mut exhausted = 0;
    for response in responses {
        match response.status().as_u16() {
            201 => leased.push(
                json_of(response, 201).await["phoneNumber"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            ),
            409 => {
                assert_eq!(assert_problem(response, 409).await, "pool_exhausted");
                exhausted += 1;
            }
            other => panic!("unexpected {other}: {}", response.text().await.unwrap()),
        }
    }
    assert_eq!(leased.len(), 100);
    assert_eq!(exhausted, 100);
    let distinct: HashSet<String> = leased.into_iter().collect();
    assert_eq!(distinct, pool, "every pool number leased exactly once");

    // Both replicas see the same, fully leased pool.
    for app in [&a, &b] {
        let listing = app.pool_listing().await;
        assert_eq!(listing["free"], 0);
        assert_eq!(listing["leased"], 100);
    }
}
