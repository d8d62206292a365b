//! `X-Request-Id` (api.md, "Operations (fixed, continued)"): the client's id when it is
//! 1..128 visible ASCII characters, else a new one; echoed on every response; `requestId`
//! in every problem+json body.

use serde_json::json;
use switchboard_e2e::{SESSIONS_PATH, TestApp, json_of, problem};

async fn get_with_id(app: &TestApp, path: &str, id: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("X-Request-Id", id)
        .send()
        .await
        .expect("the server answers")
}

fn echoed(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("x-request-id")
        .expect("every response carries X-Request-Id")
        .to_str()
        .expect("a visible ASCII header")
        .to_owned()
}

#[tokio::test]
async fn a_sane_client_id_is_echoed_and_carried_by_problem_bodies() {
    let app = TestApp::spawn().await;
    let id = "req-42.alpha_BETA~!";
    let ok = get_with_id(&app, "/healthz", id).await;
    assert_eq!(echoed(&ok), id);
    assert_eq!(json_of(ok, 200).await, json!({ "status": "ok" }));

    let longest = "x".repeat(128);
    let missing = get_with_id(&app, "/no/such/route", &longest).await;
    assert_eq!(echoed(&missing), longest);
    let body = problem(missing, 404).await.body;
    assert_eq!(body["requestId"], longest.as_str());
    assert_eq!(body["code"], "not_found");

    let unauthorized = get_with_id(&app, SESSIONS_PATH, id).await;
    let body = problem(unauthorized, 401).await.body;
    assert_eq!(body["requestId"], id);
    assert_eq!(body["code"], "unauthorized");
}

#[tokio::test]
async fn an_absent_or_unfit_client_id_is_replaced_by_a_new_one() {
    let app = TestApp::spawn().await;
    let too_long = "x".repeat(129);
    let mut seen = Vec::new();
    for id in [
        None,
        Some(""),
        Some("has space"),
        Some(too_long.as_str()),
        Some("tab\tin"),
    ] {
        let mut request = app.client.get(app.url("/no/such/route"));
        if let Some(id) = id {
            request = request.header("X-Request-Id", id);
        }
        let response = request.send().await.unwrap();
        let given = echoed(&response);
        assert_ne!(Some(given.as_str()), id);
        uuid::Uuid::parse_str(&given).expect("a generated id is a UUID");
        let body = problem(response, 404).await.body;
        assert_eq!(body["requestId"], given.as_str());
        seen.push(given);
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5, "each request gets its own id");
}

#[tokio::test]
async fn bad_input_and_wrong_methods_carry_the_request_id_too() {
    let app = TestApp::spawn().await;
    let token = app.user_token("alice");
    let response = app
        .client
        .post(app.url(SESSIONS_PATH))
        .bearer_auth(&token)
        .header("X-Request-Id", "bad-json-1")
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed(&response), "bad-json-1");
    let body = problem(response, 400).await.body;
    assert_eq!(body["requestId"], "bad-json-1");
    assert_eq!(body["code"], "invalid_request");

    let response = app
        .client
        .put(app.url("/healthz"))
        .header("X-Request-Id", "wrong-method-1")
        .send()
        .await
        .unwrap();
    let body = problem(response, 405).await.body;
    assert_eq!(body["requestId"], "wrong-method-1");
}
