//! A database that does not answer: every route that needs it answers 503
//! `store_unavailable` with `Retry-After`, quickly, never a 500 and never a hang; a webhook
//! still refuses a bad signature before it would touch the store.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_e2e::{JWT_SECRET, sign_hs256, valid_claims};
use switchboard_e2e::{
    ManualClock, RunningServer, SESSIONS_PATH, TestAppOptions, http_client, problem, settings,
    start_sim, twilio_client,
};
use switchboard_e2e::{PUBLIC_BASE_URL, VOICE_WEBHOOK_PATH, inbound_call_params, twilio_signature};
use switchboard_postgres::{PgConfig, PgStore};
use switchboard_server::compose::app_state;

#[tokio::test]
async fn every_store_backed_route_is_503_without_a_hang() {
    // Nothing listens on port 1: every connection attempt is refused.
    let store = PgStore::connect(&PgConfig {
        connect_timeout: Duration::from_secs(2),
        ..PgConfig::new("postgres://switchboard:not-a-real-password@127.0.0.1:1/switchboard")
    })
    .unwrap();
    let sim = start_sim().await;
    let server = RunningServer::start(
        app_state(
            Arc::new(store),
            twilio_client(&sim),
            Arc::new(ManualClock::new()),
            &settings(&TestAppOptions::default()),
            Arc::new(switchboard_http::Metrics::new()),
        )
        .unwrap(),
    );
    let client = http_client();
    let user = sign_hs256(JWT_SECRET.as_bytes(), &valid_claims("alice", false));
    let admin = sign_hs256(JWT_SECRET.as_bytes(), &valid_claims("ops", true));
    let url = |path: &str| format!("{}{path}", server.base_url);

    let params = inbound_call_params("+14155550100");
    let signature = twilio_signature(&format!("{PUBLIC_BASE_URL}{VOICE_WEBHOOK_PATH}"), &params);
    let requests = [
        client
            .post(url(SESSIONS_PATH))
            .bearer_auth(&user)
            .json(&json!({ "greetingUrl": "https://example.com/g.mp3" })),
        client.get(url(SESSIONS_PATH)).bearer_auth(&user),
        client
            .get(url(&format!("{SESSIONS_PATH}/{}", uuid::Uuid::now_v7())))
            .bearer_auth(&user),
        client
            .post(url(&format!(
                "{SESSIONS_PATH}/{}/expire",
                uuid::Uuid::now_v7()
            )))
            .bearer_auth(&user),
        client
            .post(url("/v1/pool/numbers"))
            .bearer_auth(&admin)
            .json(&json!({ "phoneNumber": "+14155550100" })),
        client.get(url("/v1/pool/numbers")).bearer_auth(&admin),
        client
            .delete(url("/v1/pool/numbers/%2B14155550100"))
            .bearer_auth(&admin),
        client
            .post(url(VOICE_WEBHOOK_PATH))
            .header("X-Twilio-Signature", signature)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(&params).unwrap()),
    ];
    for request in requests {
        let request = request.build().unwrap();
        let described = format!("{} {}", request.method(), request.url().path());
        let started = Instant::now();
        let response = client.execute(request).await.unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{described} took {:?}",
            started.elapsed()
        );
        let problem = problem(response, 503).await;
        assert_eq!(problem.code, "store_unavailable", "{described}");
        assert!(problem.headers.contains_key("retry-after"), "{described}");
        let detail = problem.body["detail"].as_str().unwrap();
        assert!(
            !detail.contains("not-a-real-password") && !detail.contains("127.0.0.1"),
            "{described}: {detail}"
        );
    }

    let unsigned = client
        .post(url(VOICE_WEBHOOK_PATH))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(&params).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(problem(unsigned, 403).await.code, "invalid_signature");
}
