//! The inbound voice webhook: a call to a leased number plays the session's greeting, any
//! other call hears that the number is not active, and only Twilio-signed requests (signed
//! over the public URL) are answered.

use serde_json::{Value, json};
use switchboard_e2e::{
    GREETING_URL, PUBLIC_BASE_URL, SESSIONS_PATH, TestApp, VOICE_WEBHOOK_PATH, Verb,
    assert_problem, inbound_call_params, json_of, parse_twiml, twilio_signature,
};

const NOT_ACTIVE: &str = "This number is not in service: it is not active right now. Goodbye.";

async fn twiml_of(response: reqwest::Response) -> (String, Vec<Verb>) {
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("an ASCII content type")
        .to_owned();
    assert!(
        content_type.starts_with("text/xml"),
        "content type {content_type}"
    );
    let body = response.text().await.expect("read the TwiML body");
    let verbs = parse_twiml(&body);
    (body, verbs)
}

#[tokio::test]
async fn a_call_to_a_leased_number_plays_the_greeting_then_hangs_up() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(2).await;
    let session = app.create_session_for("alice").await;
    let number = session["phoneNumber"].as_str().unwrap();
    // Twilio adds caller-name lookups as free text: it must survive form decoding intact.
    let mut params = inbound_call_params(number);
    params.push(("CallerName".to_owned(), "José Pérez & Co + 100%".to_owned()));

    let (_, verbs) = twiml_of(app.signed_voice_webhook(&params).await).await;
    assert_eq!(
        verbs,
        [Verb::new("Play", GREETING_URL), Verb::new("Hangup", "")]
    );
}

#[tokio::test]
async fn a_greeting_url_with_markup_characters_is_escaped_and_plays_exactly() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let greeting = "https://cdn.example.com/greet.mp3?voice=en&sig=a<b>'\"";
    let session = json_of(
        app.create_session(
            &app.user_token("alice"),
            &json!({ "greetingUrl": greeting }),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(session["greetingUrl"], greeting);
    let number = session["phoneNumber"].as_str().unwrap();

    let (body, verbs) =
        twiml_of(app.signed_voice_webhook(&inbound_call_params(number)).await).await;
    assert!(
        body.contains("voice=en&amp;sig=a&lt;b"),
        "escaped in {body}"
    );
    assert!(!body.contains("en&sig"), "a raw & in {body}");
    assert_eq!(
        verbs,
        [Verb::new("Play", greeting), Verb::new("Hangup", "")]
    );
}

#[tokio::test]
async fn a_call_to_a_number_without_an_active_session_hears_it_is_not_active() {
    let app = TestApp::spawn().await;
    let pool = app.add_pool_numbers(2).await;
    let session = app.create_session_for("alice").await;
    let free = pool.iter().find(|n| session["phoneNumber"] != **n).unwrap();

    let not_active = [Verb::new("Say", NOT_ACTIVE), Verb::new("Hangup", "")];
    for to in [
        free.as_str(),
        "+442071838750",
        "client:alice",
        "sip:x@example.com",
        "",
    ] {
        let (_, verbs) = twiml_of(app.signed_voice_webhook(&inbound_call_params(to)).await).await;
        assert_eq!(verbs, not_active, "a call to {to:?}");
    }
}

#[tokio::test]
async fn a_call_after_the_session_was_expired_hears_it_is_not_active() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let session = app.create_session_for("alice").await;
    let number = session["phoneNumber"].as_str().unwrap();
    let expire = app
        .post_empty(
            &format!("{SESSIONS_PATH}/{}/expire", session["id"].as_str().unwrap()),
            &app.user_token("alice"),
        )
        .await;
    assert_eq!(expire.status(), 200);

    let (_, verbs) = twiml_of(app.signed_voice_webhook(&inbound_call_params(number)).await).await;
    assert_eq!(
        verbs,
        [Verb::new("Say", NOT_ACTIVE), Verb::new("Hangup", "")]
    );
}

/// What the webhook could conceivably change: the session and the pool.
async fn observable_state(app: &TestApp, session_id: &str) -> (Value, Value) {
    let session = json_of(
        app.get(
            &format!("{SESSIONS_PATH}/{session_id}"),
            &app.user_token("alice"),
        )
        .await,
        200,
    )
    .await;
    (session, app.pool_listing().await)
}

/// A refused webhook: what it is, its parameters, its signature header.
type Case<'a> = (&'a str, &'a [(String, String)], Option<String>);

#[tokio::test]
async fn webhooks_without_a_valid_signature_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(2).await;
    let session = app.create_session_for("alice").await;
    let id = session["id"].as_str().unwrap();
    let number = session["phoneNumber"].as_str().unwrap();
    let params = inbound_call_params(number);
    let public_url = format!("{PUBLIC_BASE_URL}{VOICE_WEBHOOK_PATH}");
    let before = observable_state(&app, id).await;

    let good = twilio_signature(&public_url, &params);
    let mut tampered = params.clone();
    for (key, value) in &mut tampered {
        if key == "To" {
            *value = "+14155559999".to_owned();
        }
    }
    let local_url = app.url(VOICE_WEBHOOK_PATH);
    let other_token = switchboard_twilio::compute_signature("other-token", &public_url, &params);
    let cases: [Case<'_>; 6] = [
        ("missing signature", &params, None),
        ("empty signature", &params, Some(String::new())),
        (
            "garbage signature",
            &params,
            Some("bm90IGEgc2lnbmF0dXJl".to_owned()),
        ),
        ("signed with another auth token", &params, Some(other_token)),
        ("signed, then To changed", &tampered, Some(good.clone())),
        (
            "signed for the local http URL instead of the public one",
            &params,
            Some(twilio_signature(&local_url, &params)),
        ),
    ];
    for (case, params, signature) in cases {
        let response = app.voice_webhook(params, signature.as_deref()).await;
        assert_eq!(
            assert_problem(response, 403).await,
            "invalid_signature",
            "{case}"
        );
    }
    // A query string Twilio did not sign is refused too.
    let response = app
        .client
        .post(app.url(&format!("{VOICE_WEBHOOK_PATH}?extra=1")))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", &good)
        .body(serde_urlencoded::to_string(&params).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(assert_problem(response, 403).await, "invalid_signature");

    // A query string that Twilio did sign (a Voice URL configured with one) is accepted.
    let with_query = format!("{VOICE_WEBHOOK_PATH}?tenant=a%20b&x=1");
    let response = app
        .client
        .post(app.url(&with_query))
        .header("content-type", "application/x-www-form-urlencoded")
        .header(
            "X-Twilio-Signature",
            twilio_signature(&format!("{PUBLIC_BASE_URL}{with_query}"), &params),
        )
        .body(serde_urlencoded::to_string(&params).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // The webhook only reads; this checks that a refused one left the session and the pool
    // as they were.
    assert_eq!(observable_state(&app, id).await, before);

    // And the genuine request is still answered.
    let (_, verbs) = twiml_of(app.signed_voice_webhook(&params).await).await;
    assert_eq!(verbs[0], Verb::new("Play", GREETING_URL));
}

#[tokio::test]
async fn a_get_webhook_signed_over_its_query_string_is_answered_too() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let session = app.create_session_for("alice").await;
    let number = session["phoneNumber"].as_str().unwrap();
    let query = serde_urlencoded::to_string(inbound_call_params(number)).unwrap();
    let path = format!("{VOICE_WEBHOOK_PATH}?{query}");
    let signature = twilio_signature(&format!("{PUBLIC_BASE_URL}{path}"), &[]);

    let signed = app
        .client
        .get(app.url(&path))
        .header("X-Twilio-Signature", &signature)
        .send()
        .await
        .unwrap();
    let (_, verbs) = twiml_of(signed).await;
    assert_eq!(
        verbs,
        [Verb::new("Play", GREETING_URL), Verb::new("Hangup", "")]
    );

    let unsigned = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(assert_problem(unsigned, 403).await, "invalid_signature");
}
