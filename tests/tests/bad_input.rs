//! Invalid requests are refused with a 4xx problem+json and create nothing: bad greeting
//! URLs and lengths, malformed or oversized bodies, wrong media types, unknown fields, bad
//! list queries, and users acting for someone else.

use serde_json::{Value, json};
use switchboard_e2e::{
    GREETING_URL, POOL_PATH, Problem, SESSIONS_PATH, TestApp, assert_problem, json_of, problem,
};

/// Asserts nothing was created: the only pool number is still free and neither user has
/// a session.
async fn assert_nothing_created(app: &TestApp) {
    assert_eq!(app.free_numbers().await, 1);
    for user in ["alice", "bob"] {
        let list = json_of(app.get(SESSIONS_PATH, &app.user_token(user)).await, 200).await;
        assert_eq!(list["items"], json!([]), "{user}'s sessions");
    }
}

#[tokio::test]
async fn invalid_session_fields_are_400_naming_the_field_and_create_nothing() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let alice = app.user_token("alice");
    let too_long = format!("https://cdn.example.com/{}", "a".repeat(2048));
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "greetingUrl": "not a url" }), "greetingUrl"),
        (
            json!({ "greetingUrl": "javascript:alert(1)" }),
            "greetingUrl",
        ),
        (
            json!({ "greetingUrl": "ftp://cdn.example.com/a.mp3" }),
            "greetingUrl",
        ),
        (
            json!({ "greetingUrl": "file:///etc/passwd" }),
            "greetingUrl",
        ),
        (
            json!({ "greetingUrl": "/greetings/hello.mp3" }),
            "greetingUrl",
        ),
        (json!({ "greetingUrl": "https://" }), "greetingUrl"),
        (json!({ "greetingUrl": too_long }), "greetingUrl"),
        (json!({ "greetingUrl": 42 }), "greetingUrl"),
        (json!({ "greetingUrl": null }), "greetingUrl"),
        (json!({}), "greetingUrl"),
        (
            json!({ "greetingUrl": GREETING_URL, "expiresInMinutes": 0 }),
            "expiresInMinutes",
        ),
        (
            json!({ "greetingUrl": GREETING_URL, "expiresInMinutes": 1441 }),
            "expiresInMinutes",
        ),
        (
            json!({ "greetingUrl": GREETING_URL, "expiresInMinutes": 100_000 }),
            "expiresInMinutes",
        ),
        (
            json!({ "greetingUrl": GREETING_URL, "expiresInMinutes": -5 }),
            "expiresInMinutes",
        ),
        (
            json!({ "greetingUrl": GREETING_URL, "expiresInMinutes": "5" }),
            "expiresInMinutes",
        ),
        (
            json!({ "greetingUrl": GREETING_URL, "expiresInMinutes": 1.5 }),
            "expiresInMinutes",
        ),
        (
            json!({ "greetingUrl": GREETING_URL, "color": "red" }),
            "color",
        ),
    ];
    for (body, field) in cases {
        let response = app.create_session(&alice, &body).await;
        let problem = problem(response, 400).await;
        assert_eq!(problem.code, "invalid_request", "{body}");
        let detail = problem.body["detail"].as_str().unwrap();
        assert!(
            detail.contains(field),
            "detail {detail:?} should name {field} for {body}"
        );
    }
    assert_nothing_created(&app).await;
}

#[tokio::test]
async fn malformed_bodies_are_refused_and_create_nothing() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let alice = app.user_token("alice");
    let valid = json!({ "greetingUrl": GREETING_URL }).to_string();

    for body in [
        r#"{"greetingUrl": "#.to_owned(),
        "{".to_owned(),
        String::new(),
        "[]".to_owned(),
        "null".to_owned(),
        r#""https://cdn.example.com/a.mp3""#.to_owned(),
        format!("{valid} trailing"),
        format!("{valid}{valid}"),
    ] {
        let response = app
            .post_raw(SESSIONS_PATH, &alice, "application/json", body.clone())
            .await;
        assert_eq!(
            assert_problem(response, 400).await,
            "invalid_request",
            "body {body:?}"
        );
    }

    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
    ] {
        let response = app
            .post_raw(SESSIONS_PATH, &alice, content_type, valid.clone())
            .await;
        assert_eq!(
            assert_problem(response, 415).await,
            "unsupported_media_type",
            "{content_type}"
        );
    }

    // 2 MB of otherwise valid JSON.
    let padding = "a".repeat(2 * 1024 * 1024);
    let huge = format!(r#"{{"greetingUrl": "https://cdn.example.com/{padding}"}}"#);
    let response = app
        .post_raw(SESSIONS_PATH, &alice, "application/json", huge)
        .await;
    assert_eq!(assert_problem(response, 413).await, "payload_too_large");

    assert_nothing_created(&app).await;
}

#[tokio::test]
async fn a_user_cannot_create_a_session_for_someone_else() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let response = app
        .create_session(
            &app.user_token("alice"),
            &json!({ "greetingUrl": GREETING_URL, "userId": "bob" }),
        )
        .await;
    assert_eq!(assert_problem(response, 403).await, "forbidden");

    // Naming oneself is allowed, and an admin naming an invalid user id is a 400.
    let invalid = app
        .create_session(
            &app.admin_token("root"),
            &json!({ "greetingUrl": GREETING_URL, "userId": "" }),
        )
        .await;
    assert_eq!(assert_problem(invalid, 400).await, "invalid_request");
    assert_nothing_created(&app).await;
    let own = app
        .create_session(
            &app.user_token("alice"),
            &json!({ "greetingUrl": GREETING_URL, "userId": "alice" }),
        )
        .await;
    assert_eq!(json_of(own, 201).await["userId"], "alice");
}

#[tokio::test]
async fn invalid_list_queries_are_400() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let admin = app.admin_token("root");
    let not_a_cursor = "bm90LWEtY3Vyc29y"; // base64 of "not-a-cursor"
    for query in [
        "limit=0".to_owned(),
        "limit=201".to_owned(),
        "limit=500".to_owned(),
        "limit=-1".to_owned(),
        "limit=ten".to_owned(),
        "cursor=garbage".to_owned(),
        format!("cursor={not_a_cursor}"),
        "status=bogus".to_owned(),
        "status=ACTIVE".to_owned(),
    ] {
        let response = app.get(&format!("{SESSIONS_PATH}?{query}"), &alice).await;
        assert_eq!(
            assert_problem(response, 400).await,
            "invalid_request",
            "sessions ?{query}"
        );
    }
    for query in ["limit=0", "limit=500", "cursor=garbage"] {
        let response = app.get(&format!("{POOL_PATH}?{query}"), &admin).await;
        assert_eq!(
            assert_problem(response, 400).await,
            "invalid_request",
            "pool ?{query}"
        );
    }
    // The bounds themselves are fine.
    for query in ["limit=1", "limit=200", "status=active", "status=expired"] {
        let response = app.get(&format!("{SESSIONS_PATH}?{query}"), &alice).await;
        assert_eq!(response.status(), 200, "?{query}");
    }
}

#[tokio::test]
async fn errors_say_what_was_wrong_in_the_api_words() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let alice = app.user_token("alice");
    let detail_of = |p: Problem| p.body["detail"].as_str().unwrap().to_owned();

    let string_minutes = app
        .create_session(
            &alice,
            &json!({ "greetingUrl": GREETING_URL, "expiresInMinutes": "10" }),
        )
        .await;
    assert_eq!(
        detail_of(problem(string_minutes, 400).await),
        "expiresInMinutes: must be an integer, not a string"
    );
    // Malformed JSON is blamed on the body, not on the field it broke off in.
    let cut = app
        .post_raw(
            SESSIONS_PATH,
            &alice,
            "application/json",
            r#"{"greetingUrl": "#.to_owned(),
        )
        .await;
    assert_eq!(
        detail_of(problem(cut, 400).await),
        "the request body ends before its JSON does"
    );
    let broken = app
        .post_raw(
            SESSIONS_PATH,
            &alice,
            "application/json",
            r#"{"greetingUrl" 1}"#.to_owned(),
        )
        .await;
    let detail = detail_of(problem(broken, 400).await);
    assert_eq!(
        detail,
        "the request body is not valid JSON (line 1, column 16)"
    );
    let missing = app.create_session(&alice, &json!({})).await;
    assert_eq!(
        detail_of(problem(missing, 400).await),
        "greetingUrl: required"
    );

    for (path, token) in [
        (format!("{SESSIONS_PATH}?colour=red"), alice.clone()),
        (format!("{POOL_PATH}?Limit=5"), app.admin_token("root")),
    ] {
        let detail = detail_of(problem(app.get(&path, &token).await, 400).await);
        assert!(
            detail.contains("unknown query parameter; this route takes"),
            "{path}: {detail}"
        );
    }
    assert_nothing_created(&app).await;
}
