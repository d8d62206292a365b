//! Ending a session early: the owner (or an admin) expires it, the number is free at once,
//! expiring again answers the same session, and nobody else can see or end it.

use serde_json::json;
use switchboard_domain::Clock as _;
use switchboard_e2e::{GREETING_URL, SESSIONS_PATH, TestApp, assert_problem, json_of, timestamp};
use time::Duration;

fn expire_path(id: &str) -> String {
    format!("{SESSIONS_PATH}/{id}/expire")
}

#[tokio::test]
async fn expiring_ends_the_session_now_and_frees_its_number_at_once() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let alice = app.user_token("alice");
    let session = app.create_session_for("alice").await;
    let id = session["id"].as_str().unwrap();
    app.clock.advance(Duration::minutes(5));
    let now = app.clock.now();

    let expired = json_of(app.post_empty(&expire_path(id), &alice).await, 200).await;
    assert_eq!(expired["status"], "expired");
    assert_eq!(timestamp(&expired["expiresAt"]), now);
    for unchanged in ["id", "userId", "phoneNumber", "greetingUrl", "createdAt"] {
        assert_eq!(expired[unchanged], session[unchanged], "{unchanged}");
    }
    let read = json_of(app.get(&format!("{SESSIONS_PATH}/{id}"), &alice).await, 200).await;
    assert_eq!(read, expired);

    // The pool had one number; without moving the clock, a new session gets it.
    assert_eq!(app.free_numbers().await, 1);
    let next = app.create_session_for("bob").await;
    assert_eq!(next["phoneNumber"], session["phoneNumber"]);
}

#[tokio::test]
async fn expiring_twice_answers_the_same_expired_session() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let alice = app.user_token("alice");
    let id = app.create_session_for("alice").await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let first = json_of(app.post_empty(&expire_path(&id), &alice).await, 200).await;
    app.clock.advance(Duration::seconds(30));
    let second = json_of(app.post_empty(&expire_path(&id), &alice).await, 200).await;
    assert_eq!(second, first, "the second expiry changes nothing");
}

#[tokio::test]
async fn expiring_does_not_free_a_number_that_was_since_leased_to_someone_else() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let alice = app.user_token("alice");
    let response = app
        .create_session(
            &alice,
            &json!({ "greetingUrl": GREETING_URL, "expiresInMinutes": 1 }),
        )
        .await;
    let old = json_of(response, 201).await;
    app.clock.advance(Duration::minutes(1));
    let new = app.create_session_for("bob").await;
    assert_eq!(new["phoneNumber"], old["phoneNumber"]);

    // Alice "expires" her already-ended session: Bob keeps the number.
    let again = json_of(
        app.post_empty(&expire_path(old["id"].as_str().unwrap()), &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(again["status"], "expired");
    assert_eq!(again["expiresAt"], old["expiresAt"]);
    let listing = app.pool_listing().await;
    assert_eq!(listing["leased"], 1);
    assert_eq!(listing["items"][0]["leasedUntil"], new["expiresAt"]);
}

#[tokio::test]
async fn an_admin_may_expire_another_users_session() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let session = app.create_session_for("alice").await;
    let id = session["id"].as_str().unwrap();

    let expired = json_of(
        app.post_empty(&expire_path(id), &app.admin_token("root"))
            .await,
        200,
    )
    .await;
    assert_eq!(expired["status"], "expired");
    assert_eq!(expired["userId"], "alice");
    assert_eq!(app.free_numbers().await, 1);
}

#[tokio::test]
async fn another_users_session_is_not_found_for_reading_and_expiring() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let session = app.create_session_for("alice").await;
    let id = session["id"].as_str().unwrap();
    let mallory = app.user_token("mallory");

    let read = app.get(&format!("{SESSIONS_PATH}/{id}"), &mallory).await;
    assert_eq!(assert_problem(read, 404).await, "not_found");
    let expire = app.post_empty(&expire_path(id), &mallory).await;
    assert_eq!(assert_problem(expire, 404).await, "not_found");

    // Still active for its owner, and still holding the number.
    let read = json_of(
        app.get(&format!("{SESSIONS_PATH}/{id}"), &app.user_token("alice"))
            .await,
        200,
    )
    .await;
    assert_eq!(read["status"], "active");
    assert_eq!(app.free_numbers().await, 0);
}

#[tokio::test]
async fn malformed_session_ids_are_not_found_never_a_server_error() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let long = "a".repeat(4000);
    let malformed = [
        "nope",
        "123",
        "0190c5a2-zzzz-7abc-8def-0123456789ab",
        "0190c5a2-1b2c-7abc-8def-0123456789ab0",
        "%00",
        "%27%20OR%201%3D1",
        long.as_str(),
    ];
    for id in malformed {
        let read = app.get(&format!("{SESSIONS_PATH}/{id}"), &alice).await;
        assert_eq!(assert_problem(read, 404).await, "not_found", "GET {id}");
        let expire = app.post_empty(&expire_path(id), &alice).await;
        assert_eq!(
            assert_problem(expire, 404).await,
            "not_found",
            "expire {id}"
        );
    }
}
