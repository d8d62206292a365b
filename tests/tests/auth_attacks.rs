//! Attacks on bearer tokens against the real app: other algorithms (`none`, HS384, HS512,
//! RS256 "signed" with the HMAC secret), wrong keys, expired and not-yet-valid tokens,
//! missing or mistyped claims, wrong issuer or audience, oversized tokens, malformed base64
//! and JSON, and the wrong number of segments. Every one is a 401 problem (or a 431 for a
//! token too large for a header), and a write made with it changes nothing.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::Algorithm;
use serde_json::{Value, json};
use switchboard_e2e::{
    GREETING_URL, JWT_SECRET, SESSIONS_PATH, TestApp, TestAppOptions, json_of, problem, sign,
    sign_hs256, valid_claims,
};

/// `header.claims.signature` with each part given raw (encoded base64url here) and the
/// signature the HMAC-SHA256 of the first two with `secret`, whatever `header` says.
fn hand_signed(header: &Value, claims: &Value, secret: &[u8]) -> String {
    use hmac::Mac as _;
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

/// A token with `header` and `claims` and an empty signature.
fn unsigned(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// Claims of a valid token for alice with `change` applied.
fn claims_with(change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut claims = valid_claims("alice", true);
    change(claims.as_object_mut().expect("an object"));
    claims
}

/// Claims of a valid token for alice with `key` set to `value`.
fn set(key: &str, value: Value) -> Value {
    claims_with(|c| {
        c.insert(key.to_owned(), value);
    })
}

/// Claims of a valid token for alice without `key`.
fn without(key: &str) -> Value {
    claims_with(|c| {
        c.remove(key);
    })
}

/// Every attack on an app that checks neither issuer nor audience, by name.
fn attacks() -> Vec<(&'static str, String)> {
    let secret = JWT_SECRET.as_bytes();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let good = || valid_claims("alice", true);
    let hs256 = json!({ "alg": "HS256", "typ": "JWT" });
    let genuine = sign_hs256(secret, &good());
    let [head, body, mac]: [&str; 3] = genuine
        .split('.')
        .collect::<Vec<_>>()
        .try_into()
        .expect("three segments");
    let huge_claim = claims_with(|c| {
        c.insert("pad".into(), json!("x".repeat(1024 * 1024)));
    });
    vec![
        // Algorithms other than HS256.
        ("alg none", unsigned(&json!({ "alg": "none" }), &good())),
        ("alg None", unsigned(&json!({ "alg": "None" }), &good())),
        ("alg NONE", unsigned(&json!({ "alg": "NONE" }), &good())),
        (
            "alg none with the genuine MAC",
            format!(
                "{}.{body}.{mac}",
                URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#)
            ),
        ),
        (
            "no alg",
            hand_signed(&json!({ "typ": "JWT" }), &good(), secret),
        ),
        (
            "HS384 with the secret",
            sign(Algorithm::HS384, secret, &good()),
        ),
        (
            "HS512 with the secret",
            sign(Algorithm::HS512, secret, &good()),
        ),
        (
            "RS256 header, MAC'd with the secret (key confusion)",
            hand_signed(&json!({ "alg": "RS256", "typ": "JWT" }), &good(), secret),
        ),
        (
            "ES256 header, MAC'd with the secret",
            hand_signed(&json!({ "alg": "ES256" }), &good(), secret),
        ),
        (
            "alg hs256 in lower case",
            hand_signed(&json!({ "alg": "hs256" }), &good(), secret),
        ),
        // Keys.
        (
            "another secret",
            sign_hs256(b"another-secret-another-secret-another-secret", &good()),
        ),
        ("an empty secret", hand_signed(&hs256, &good(), b"")),
        (
            "the secret with a byte more",
            hand_signed(&hs256, &good(), format!("{JWT_SECRET}x").as_bytes()),
        ),
        ("no signature", format!("{head}.{body}.")),
        ("the MAC of another token", {
            let other = sign_hs256(secret, &valid_claims("bob", false));
            format!(
                "{head}.{body}.{}",
                other.rsplit('.').next().unwrap_or_default()
            )
        }),
        (
            "the MAC in standard base64 with padding",
            format!(
                "{head}.{body}.{}",
                STANDARD.encode(URL_SAFE_NO_PAD.decode(mac).expect("base64url"))
            ),
        ),
        // Time.
        (
            "expired an hour ago",
            sign_hs256(
                secret,
                &claims_with(|c| {
                    c.insert("exp".into(), json!(now - 3600));
                    c.insert("iat".into(), json!(now - 7200));
                }),
            ),
        ),
        (
            "not valid for another hour (nbf)",
            sign_hs256(
                secret,
                &claims_with(|c| {
                    c.insert("nbf".into(), json!(now + 3600));
                }),
            ),
        ),
        (
            "exp as a string",
            sign_hs256(
                secret,
                &claims_with(|c| {
                    c.insert("exp".into(), json!((now + 3600).to_string()));
                }),
            ),
        ),
        ("exp negative", sign_hs256(secret, &set("exp", json!(-1)))),
        (
            "exp past i64",
            sign_hs256(secret, &set("exp", json!(u64::MAX))),
        ),
        ("exp a float", sign_hs256(secret, &set("exp", json!(1e300)))),
        // Claims.
        ("no sub", sign_hs256(secret, &without("sub"))),
        ("no exp", sign_hs256(secret, &without("exp"))),
        ("sub a number", sign_hs256(secret, &set("sub", json!(7)))),
        ("sub null", sign_hs256(secret, &set("sub", Value::Null))),
        (
            "sub with a control character",
            sign_hs256(secret, &set("sub", json!("ali\u{0}ce"))),
        ),
        (
            "sub of 10,000 characters",
            sign_hs256(secret, &set("sub", json!("a".repeat(10_000)))),
        ),
        (
            "claims an array",
            sign_hs256(secret, &json!([valid_claims("alice", true)])),
        ),
        (
            "claims nested 10,000 deep",
            format!(
                "{head}.{}.{mac}",
                URL_SAFE_NO_PAD.encode(format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)))
            ),
        ),
        // Size.
        ("a 1 MB claim", sign_hs256(secret, &huge_claim)),
        ("1 MB of junk", "a".repeat(1024 * 1024)),
        // Encoding and shape.
        ("garbage", "garbage".to_owned()),
        ("empty segments", "..".to_owned()),
        ("two segments", format!("{head}.{body}")),
        ("four segments", format!("{genuine}.{mac}")),
        ("a segment added in front", format!("{head}.{genuine}")),
        ("not base64", "!!!.@@@.###".to_owned()),
        ("the header padded", format!("{head}==.{body}.{mac}")),
        ("the claims in standard base64", {
            let raw = URL_SAFE_NO_PAD.decode(body).expect("base64url");
            format!("{head}.{}.{mac}", STANDARD.encode(raw))
        }),
        (
            "the header not JSON",
            format!("{}.{body}.{mac}", URL_SAFE_NO_PAD.encode("alg=HS256")),
        ),
        (
            "the claims not JSON",
            hand_signed_raw(br#"{"alg":"HS256"}"#, b"sub=alice", secret),
        ),
        (
            "the claims not UTF-8",
            hand_signed_raw(br#"{"alg":"HS256"}"#, b"{\"sub\":\"\xff\xfe\"}", secret),
        ),
        ("a space inside", format!("{head}.{body} .{mac}")),
    ]
}

/// Like [`hand_signed`] with the header and claims as raw bytes.
fn hand_signed_raw(header: &[u8], claims: &[u8], secret: &[u8]) -> String {
    use hmac::Mac as _;
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

/// Creates a session with `token` and asserts the refusal: a 401 problem with
/// `WWW-Authenticate: Bearer`; a token that may not fit the edge's request head limit (the
/// rest of the head counted generously) is sent by hand ([`oversized`]), which takes the
/// edge's 431 as well.
async fn assert_refused(app: &TestApp, case: &str, token: &str) {
    let head_limit = switchboard_http::EdgeSettings::default().max_head_bytes;
    if token.len() + 1024 > head_limit {
        oversized(app, case, token).await;
        return;
    }
    let response = app
        .client
        .post(app.url(SESSIONS_PATH))
        .header("authorization", format!("Bearer {token}"))
        .json(&json!({ "greetingUrl": GREETING_URL }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{case}: no answer: {e}"));
    let problem = problem(response, 401).await;
    assert_eq!(problem.code, "unauthorized", "{case}");
    let challenge = problem
        .headers
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(challenge.starts_with("Bearer"), "{case}: {challenge:?}");
}

/// Sends a create with a `token` too large for the server's request heads, over a
/// plain TCP connection, reading while writing: the server answers 431 once the head passes
/// its limit and closes the connection, and an HTTP client that only reads after writing
/// would see just the closed connection. A 401 would do as well; anything else fails.
async fn oversized(app: &TestApp, case: &str, token: &str) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let address = app.base_url.trim_start_matches("http://").to_owned();
    let stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect to the app");
    let (mut reader, mut writer) = stream.into_split();
    let body = json!({ "greetingUrl": GREETING_URL }).to_string();
    let request = format!(
        "POST {SESSIONS_PATH} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let writing = tokio::spawn(async move {
        // The server may stop reading and close the connection first: that is its answer.
        let _ = writer.write_all(request.as_bytes()).await;
    });
    let mut answer = Vec::new();
    let mut chunk = [0_u8; 4096];
    while let Ok(n) = reader.read(&mut chunk).await {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
    }
    writing.await.expect("the writer does not panic");
    let answer = String::from_utf8_lossy(&answer);
    let status = answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .unwrap_or_default();
    assert!(
        status == "431" || status == "401",
        "{case}: answered {:?}",
        answer.lines().next()
    );
}

/// The admin's view of the sessions and the pool: what no refused request may change.
async fn state_of(app: &TestApp) -> (Value, u64) {
    let sessions = json_of(
        app.get(SESSIONS_PATH, &app.admin_token("auditor")).await,
        200,
    )
    .await;
    (sessions["items"].clone(), app.free_numbers().await)
}

#[tokio::test]
async fn forged_malformed_and_stale_tokens_are_401_and_change_nothing() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let before = state_of(&app).await;
    assert_eq!(before.1, 1);

    let attacks = attacks();
    for (case, token) in &attacks {
        assert_refused(&app, case, token).await;
    }
    assert_eq!(
        state_of(&app).await,
        before,
        "a refused request changed something"
    );

    // The same request with a genuine token goes through, so the refusals were the token's.
    let genuine = sign_hs256(JWT_SECRET.as_bytes(), &valid_claims("alice", true));
    let created = app
        .create_session(&genuine, &json!({ "greetingUrl": GREETING_URL }))
        .await;
    assert_eq!(created.status(), 201);
    // And so does a token whose `nbf` has passed.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let started = sign_hs256(JWT_SECRET.as_bytes(), &set("nbf", json!(now - 60)));
    assert_eq!(app.get(SESSIONS_PATH, &started).await.status(), 200);
}

#[tokio::test]
async fn with_issuer_and_audience_configured_other_ones_are_401() {
    let app = TestApp::spawn_with(
        TestAppOptions::default().issuer_and_audience("https://auth.example", "switchboard"),
    )
    .await;
    let secret = JWT_SECRET.as_bytes();
    let with = |iss: Value, aud: Value| {
        let mut claims = valid_claims("alice", true);
        claims["iss"] = iss;
        claims["aud"] = aud;
        sign_hs256(secret, &claims)
    };
    let right_aud = json!("switchboard");
    let right_iss = json!("https://auth.example");
    for (case, token) in [
        (
            "issuer of another",
            with(json!("https://evil.example"), right_aud.clone()),
        ),
        (
            "issuer a prefix",
            with(json!("https://auth.example.evil"), right_aud.clone()),
        ),
        (
            "issuer in other case",
            with(json!("HTTPS://AUTH.EXAMPLE"), right_aud.clone()),
        ),
        ("issuer a number", with(json!(1), right_aud.clone())),
        (
            "issuer as a list",
            with(json!(["https://auth.example"]), right_aud),
        ),
        (
            "audience of another",
            with(right_iss.clone(), json!("other")),
        ),
        ("audience empty list", with(right_iss.clone(), json!([]))),
        (
            "audience others only",
            with(right_iss.clone(), json!(["a", "b"])),
        ),
        ("audience null", with(right_iss, Value::Null)),
        ("neither", sign_hs256(secret, &valid_claims("alice", true))),
    ] {
        assert_refused(&app, case, &token).await;
    }
    let right = with(json!("https://auth.example"), json!("switchboard"));
    assert_eq!(app.get(SESSIONS_PATH, &right).await.status(), 200);
}
