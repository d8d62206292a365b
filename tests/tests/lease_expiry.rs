//! Leases end by time alone: when a session's time is up its number is leased again and
//! calls reach the new session, with no background job running.

use serde_json::json;
use switchboard_e2e::{
    SESSIONS_PATH, TestApp, Verb, assert_problem, inbound_call_params, json_of, parse_twiml,
};
use time::Duration;

#[tokio::test]
async fn an_expired_session_frees_its_number_without_a_job() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let alice = app.user_token("alice");
    let bob = app.user_token("bob");
    let first_greeting = "https://cdn.example.com/alice.mp3";
    let second_greeting = "https://cdn.example.com/bob.mp3";

    let first = json_of(
        app.create_session(
            &alice,
            &json!({ "greetingUrl": first_greeting, "expiresInMinutes": 1 }),
        )
        .await,
        201,
    )
    .await;
    let exhausted = app
        .create_session(&bob, &json!({ "greetingUrl": second_greeting }))
        .await;
    assert_eq!(assert_problem(exhausted, 409).await, "pool_exhausted");

    // One second before the end the number is still Alice's.
    app.clock.advance(Duration::seconds(59));
    let still_leased = app
        .create_session(&bob, &json!({ "greetingUrl": second_greeting }))
        .await;
    assert_eq!(assert_problem(still_leased, 409).await, "pool_exhausted");

    app.clock.advance(Duration::seconds(1));
    let second = json_of(
        app.create_session(&bob, &json!({ "greetingUrl": second_greeting }))
            .await,
        201,
    )
    .await;
    assert_eq!(second["phoneNumber"], first["phoneNumber"]);

    let number = first["phoneNumber"].as_str().unwrap();
    let call = app.signed_voice_webhook(&inbound_call_params(number)).await;
    assert_eq!(call.status(), 200);
    assert_eq!(
        parse_twiml(&call.text().await.unwrap()),
        [Verb::new("Play", second_greeting), Verb::new("Hangup", "")]
    );

    let first_now = json_of(
        app.get(
            &format!("{SESSIONS_PATH}/{}", first["id"].as_str().unwrap()),
            &alice,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(first_now["status"], "expired");
    assert_eq!(first_now["expiresAt"], first["expiresAt"]);
}
