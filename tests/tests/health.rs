//! Operations endpoints and the edges of the route table: liveness, readiness (and its 503
//! when the store does not answer), and problem+json for unknown routes and wrong methods.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use switchboard_e2e::{
    ManualClock, RunningServer, SESSIONS_PATH, TestApp, TestAppOptions, assert_problem,
    http_client, json_of, problem, settings, start_sim, twilio_client,
};
use switchboard_postgres::{PgConfig, PgStore};
use switchboard_server::compose::app_state;

#[tokio::test]
async fn liveness_and_readiness_probes_answer_200() {
    let app = TestApp::spawn().await;
    let health = json_of(app.get_anonymous("/healthz").await, 200).await;
    assert_eq!(health, json!({ "status": "ok" }));
    let ready = json_of(app.get_anonymous("/readyz").await, 200).await;
    assert_eq!(
        ready,
        json!({ "status": "ready", "store": "ok", "twilio": "ok" })
    );
}

fn account_fetches(app: &TestApp) -> usize {
    app.sim
        .requests()
        .iter()
        .filter(|r| {
            r.method == "GET" && r.path.ends_with(".json") && r.path.matches('/').count() == 3
        })
        .count()
}

#[tokio::test]
async fn readiness_stays_200_when_twilio_does_not_answer_and_reports_it() {
    let app = TestApp::spawn().await;
    app.sim.set_unavailable(true);
    let ready = json_of(app.get_anonymous("/readyz").await, 200).await;
    assert_eq!(
        ready,
        json!({ "status": "ready", "store": "ok", "twilio": "unreachable" })
    );
    let before = account_fetches(&app);
    // Twilio answering again is seen only at the next check, at most every 30 s: probes in
    // between report the last answer and send Twilio nothing.
    app.sim.set_unavailable(false);
    for _ in 0..5 {
        let ready = json_of(app.get_anonymous("/readyz").await, 200).await;
        assert_eq!(ready["twilio"], "unreachable");
    }
    assert_eq!(account_fetches(&app), before, "{:?}", app.sim.requests());
}

#[tokio::test]
async fn readiness_is_503_while_liveness_stays_200_when_the_store_does_not_answer() {
    // Nothing listens on port 1: every connection attempt is refused at once.
    let store = PgStore::connect(&PgConfig {
        connect_timeout: Duration::from_secs(2),
        ..PgConfig::new("postgres://switchboard@127.0.0.1:1/switchboard")
    })
    .unwrap();
    let sim = start_sim().await;
    let state = app_state(
        Arc::new(store),
        twilio_client(&sim),
        Arc::new(ManualClock::new()),
        &settings(&TestAppOptions::default()),
        Arc::new(switchboard_http::Metrics::new()),
    )
    .unwrap();
    let server = RunningServer::start(state);
    let client = http_client();

    let ready = client
        .get(format!("{}/readyz", server.base_url))
        .send()
        .await
        .unwrap();
    let problem = problem(ready, 503).await;
    assert_eq!(problem.code, "store_unavailable");
    assert!(problem.headers.contains_key("retry-after"));
    let detail = problem.body["detail"].as_str().unwrap();
    assert!(
        !detail.contains("127.0.0.1"),
        "internal causes leak: {detail}"
    );

    let live = client
        .get(format!("{}/healthz", server.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), 200);
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_are_problem_json() {
    let app = TestApp::spawn().await;
    for path in [
        "/nope",
        "/v1/nope",
        "/v1/voicemail-sessions/a/b/c",
        "/webhooks/twilio/unknown",
    ] {
        let response = app.get_anonymous(path).await;
        assert_eq!(assert_problem(response, 404).await, "not_found", "{path}");
    }
    let token = app.user_token("alice");
    let wrong_methods = [
        app.client.post(app.url("/healthz")),
        app.client.delete(app.url("/readyz")),
        app.client.put(app.url(SESSIONS_PATH)).bearer_auth(&token),
        app.client
            .delete(app.url(SESSIONS_PATH))
            .bearer_auth(&token),
        app.client
            .patch(app.url("/v1/pool/numbers"))
            .bearer_auth(&token),
        app.client.put(app.url("/webhooks/twilio/voice")),
    ];
    for request in wrong_methods {
        let response = request.send().await.unwrap();
        let url = response.url().to_string();
        assert_eq!(
            assert_problem(response, 405).await,
            "method_not_allowed",
            "{url}"
        );
    }
}

/// RFC 9110 §15.5.6: "The origin server MUST generate an Allow header field in a 405
/// response containing a list of the target resource's currently supported methods."
#[tokio::test]
async fn a_wrong_method_answer_lists_the_allowed_methods() {
    let app = TestApp::spawn().await;
    for (method, path, allowed) in [
        (reqwest::Method::POST, "/healthz", &["GET"][..]),
        (reqwest::Method::PUT, SESSIONS_PATH, &["GET", "POST"][..]),
        (
            reqwest::Method::DELETE,
            "/v1/pool/numbers",
            &["GET", "POST"][..],
        ),
    ] {
        let response = app
            .client
            .request(method.clone(), app.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{method} {path}");
        let allow = response
            .headers()
            .get("allow")
            .unwrap_or_else(|| panic!("{method} {path}: 405 without an Allow header"))
            .to_str()
            .unwrap()
            .to_owned();
        let mut listed: Vec<&str> = allow.split(',').map(str::trim).collect();
        listed.sort_unstable();
        listed.retain(|m| *m != "HEAD");
        assert_eq!(listed, allowed, "{method} {path}: Allow {allow:?}");
    }
}
