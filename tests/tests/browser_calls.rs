//! Browser calling end to end: the Voice access token (decoded with a standard JWT library
//! and checked claim by claim against the contract, which is what Twilio's helper libraries
//! make), and the TwiML App's voice request as the stand-in sends it for the Voice JS SDK:
//! the dial, every refusal, and the dialled leg's callbacks applied to the browser call.

use std::collections::BTreeMap;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use switchboard_e2e::{
    PUBLIC_BASE_URL, TEST_API_KEY_SECRET, TEST_API_KEY_SID, TEST_TWIML_APP_SID, TestApp,
    TestAppOptions, json_of, problem,
};
use switchboard_twilio_sim::ApplicationSeed;

/// An element of a TwiML document: name, attributes, text and children, compared whatever
/// the attribute order or whitespace between elements.
#[derive(Debug, PartialEq, Eq)]
struct Node {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    children: Vec<Node>,
}

fn tree(xml: &str) -> Node {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Node> = vec![Node {
        name: String::new(),
        attrs: BTreeMap::new(),
        text: String::new(),
        children: Vec::new(),
    }];
    let node = |e: &quick_xml::events::BytesStart<'_>| Node {
        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("an attribute");
                (
                    String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    a.unescape_value().expect("a value").into_owned(),
                )
            })
            .collect(),
        text: String::new(),
        children: Vec::new(),
    };
    loop {
        match reader.read_event().expect("well-formed TwiML") {
            Event::Start(e) => stack.push(node(&e)),
            Event::Empty(e) => stack.last_mut().expect("a parent").children.push(node(&e)),
            Event::Text(t) => {
                let text = t.decode().expect("text").into_owned();
                stack
                    .last_mut()
                    .expect("a parent")
                    .text
                    .push_str(text.trim());
            }
            Event::End(_) => {
                let done = stack.pop().expect("an open element");
                stack.last_mut().expect("a parent").children.push(done);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack
        .pop()
        .expect("the document")
        .children
        .pop()
        .expect("a root")
}

async fn own_number(app: &TestApp, token: &str) -> String {
    app.own_number(token).await.1
}

fn with_twiml_app(app: &TestApp) {
    app.sim
        .add_application(
            ApplicationSeed::new()
                .sid(TEST_TWIML_APP_SID)
                .voice_url(format!("{PUBLIC_BASE_URL}/webhooks/twilio/voice"))
                .status_callback(format!("{PUBLIC_BASE_URL}/webhooks/twilio/voice/status")),
        )
        .expect("the TwiML App");
}

#[tokio::test]
async fn the_voice_token_is_a_twilio_access_token_for_the_users_identity() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let number = own_number(&app, &alice).await;
    let body = json_of(app.get("/v1/voice/token?ttl=600", &alice).await, 200).await;
    assert_eq!(body["identity"], "u_alice");
    assert_eq!(body["numbers"], json!([number]));

    let token = body["token"].as_str().expect("a token");
    let header = jsonwebtoken::decode_header(token).expect("a JWT header");
    assert_eq!(header.alg, Algorithm::HS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    assert_eq!(header.cty.as_deref(), Some("twilio-fpa;v=1"));
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_nbf = true;
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "sub"]);
    let claims = jsonwebtoken::decode::<Value>(
        token,
        &DecodingKey::from_secret(TEST_API_KEY_SECRET.as_bytes()),
        &validation,
    )
    .expect("signed with the API key secret")
    .claims;
    let iat = claims["iat"].as_i64().expect("iat");
    assert_eq!(claims["iss"], TEST_API_KEY_SID);
    assert_eq!(claims["sub"], app.sim.account_sid());
    assert_eq!(claims["jti"], format!("{TEST_API_KEY_SID}-{iat}"));
    assert_eq!(claims["nbf"].as_i64(), Some(iat));
    assert_eq!(claims["exp"].as_i64(), Some(iat + 600));
    assert_eq!(
        claims["grants"],
        json!({
            "identity": "u_alice",
            "voice": { "incoming": { "allow": true }, "outgoing": { "application_sid": TEST_TWIML_APP_SID } }
        })
    );
    let expires = time::OffsetDateTime::parse(
        body["expiresAt"].as_str().expect("expiresAt"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("RFC 3339");
    assert_eq!(expires.unix_timestamp(), iat + 600);
    assert!(
        jsonwebtoken::decode::<Value>(
            token,
            &DecodingKey::from_secret(b"another secret"),
            &validation
        )
        .is_err()
    );

    // A user id the pure rule cannot carry gets a stored identity, the same every time.
    let mail = app.user_token("carol@example.com");
    let first = json_of(app.get("/v1/voice/token", &mail).await, 200).await;
    let second = json_of(app.get("/v1/voice/token", &mail).await, 200).await;
    let identity = first["identity"].as_str().expect("an identity");
    assert!(
        identity.starts_with("m_") && identity.len() <= 121,
        "{identity}"
    );
    assert_eq!(first["identity"], second["identity"]);
    assert_eq!(first["numbers"], json!([]));

    for ttl in ["59", "86401", "ten"] {
        let p = problem(
            app.get(&format!("/v1/voice/token?ttl={ttl}"), &alice).await,
            400,
        )
        .await;
        assert!(p.detail().starts_with("ttl"), "{}", p.detail());
    }
}

#[tokio::test]
async fn without_an_api_key_or_twiml_app_the_token_is_503_naming_what_is_missing() {
    let app = TestApp::spawn_with(TestAppOptions::default().without_voice()).await;
    let p = problem(
        app.get("/v1/voice/token", &app.user_token("alice")).await,
        503,
    )
    .await;
    assert_eq!(p.code, "voice_not_configured");
    assert!(p.detail().contains("TWILIO_API_KEY_SID"), "{}", p.detail());
}

#[tokio::test]
async fn a_browser_call_dials_from_an_owned_number_and_is_tracked_through_its_leg() {
    let app = TestApp::spawn().await;
    with_twiml_app(&app);
    let alice = app.user_token("alice");
    let number = own_number(&app, &alice).await;
    let reply = app
        .sim
        .client_call("u_alice", "415 555 0177", None, true)
        .await
        .expect("the app answers");
    assert_eq!(reply.status, 200);
    let expected = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial callerId="{number}" answerOnBridge="true" action="{PUBLIC_BASE_URL}/webhooks/twilio/voice/dial-result?leg=browser" record="record-from-answer-dual" recordingStatusCallback="{PUBLIC_BASE_URL}/webhooks/twilio/recordings"><Number statusCallback="{PUBLIC_BASE_URL}/webhooks/twilio/voice/status" statusCallbackEvent="initiated ringing answered completed">+14155550177</Number></Dial></Response>"#
    );
    assert_eq!(tree(&reply.body), tree(&expected), "{}", reply.body);

    let parent = reply.sid.expect("the browser leg's SID");
    let call = json_of(app.get(&format!("/v1/calls/{parent}"), &alice).await, 200).await;
    assert_eq!(call["direction"], "outbound-browser");
    assert_eq!(call["client"], "u_alice");
    assert_eq!(
        (call["from"].as_str(), call["to"].as_str()),
        (Some(number.as_str()), Some("+14155550177"))
    );

    // The stand-in dialled the number: its leg's status callbacks carry ParentCallSid and
    // moved the browser call to its end (the stand-in's default talk time is 10 s).
    let legs: Vec<_> = app
        .sim
        .calls()
        .into_iter()
        .filter(|c| c.parent_call_sid.as_deref() == Some(parent.as_str()))
        .collect();
    assert_eq!(legs.len(), 1, "one dialled leg: {legs:?}");
    let done = json_of(app.get(&format!("/v1/calls/{parent}"), &alice).await, 200).await;
    assert_eq!(done["status"], "completed");
    assert_eq!(done["duration"], 10);

    let hangup = app
        .webhook(
            "/webhooks/twilio/voice/dial-result?leg=browser",
            &[
                ("CallSid", parent.as_str()),
                ("DialCallStatus", "completed"),
            ],
            true,
        )
        .await;
    let body = hangup.text().await.expect("TwiML");
    assert_eq!(tree(&body), tree("<Response><Hangup/></Response>"));

    // A retried request for the same browser leg is answered the same, logging nothing new.
    let listed = json_of(
        app.get("/v1/calls?direction=outbound-browser", &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn browser_calls_are_refused_for_unknown_identities_foreign_caller_ids_bad_numbers_and_the_limit()
 {
    let app = TestApp::spawn_with(TestAppOptions::default().call_rate_limit(1)).await;
    with_twiml_app(&app);
    let alice = app.user_token("alice");
    own_number(&app, &alice).await;
    let refused = |xml: &str| {
        let doc = tree(xml);
        assert_eq!(doc.name, "Response");
        let names: Vec<&str> = doc.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Say", "Hangup"], "{xml}");
        doc.children[0].text.clone()
    };
    let unknown = app
        .sim
        .client_call("someone_else", "+14155550177", None, false)
        .await
        .expect("reply");
    refused(&unknown.body);
    let nobody = app
        .sim
        .client_call("u_nobody", "+14155550177", None, false)
        .await
        .expect("reply");
    refused(&nobody.body);
    let foreign = app
        .sim
        .client_call("u_alice", "+14155550177", Some("+14155550999"), false)
        .await
        .expect("reply");
    assert!(refused(&foreign.body).contains("caller ID"));
    let bad = app
        .sim
        .client_call("u_alice", "not a number", None, false)
        .await
        .expect("reply");
    refused(&bad.body);
    let listed = json_of(app.get("/v1/calls", &alice).await, 200).await;
    assert_eq!(listed["items"], json!([]), "no call was placed");

    let first = app
        .sim
        .client_call("u_alice", "+14155550177", None, false)
        .await
        .expect("reply");
    assert_eq!(tree(&first.body).children[0].name, "Dial");
    let limited = app
        .sim
        .client_call("u_alice", "+14155550178", None, false)
        .await
        .expect("reply");
    assert!(refused(&limited.body).contains("too many"));
    // API calls share the limit.
    let p = problem(
        app.post_json("/v1/calls", &alice, &json!({ "to": "+14155550179" }))
            .await,
        429,
    )
    .await;
    assert_eq!(p.code, "rate_limited");
}
