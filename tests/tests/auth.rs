//! Bearer-token authentication of `/v1`: HS256 tokens with `sub` and `exp`, minted here
//! independently of the app; anything else is a 401 problem with `WWW-Authenticate`.

use jsonwebtoken::Algorithm;
use serde_json::json;
use switchboard_e2e::{
    JWT_SECRET, SESSIONS_PATH, TestApp, TestAppOptions, problem, sign, sign_hs256, unsigned_token,
    valid_claims,
};

async fn assert_unauthorized(response: reqwest::Response, case: &str) {
    let problem = problem(response, 401).await;
    assert_eq!(problem.code, "unauthorized", "{case}");
    let challenge = problem
        .headers
        .get("www-authenticate")
        .unwrap_or_else(|| panic!("{case}: no WWW-Authenticate"))
        .to_str()
        .expect("an ASCII challenge");
    assert!(challenge.starts_with("Bearer"), "{case}: {challenge}");
}

#[tokio::test]
async fn requests_without_a_valid_bearer_token_are_unauthorized() {
    let app = TestApp::spawn().await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let secret = JWT_SECRET.as_bytes();
    let mut expired = valid_claims("alice", false);
    expired["iat"] = json!(now - 7200);
    expired["exp"] = json!(now - 3600);
    let mut no_exp = valid_claims("alice", false);
    no_exp.as_object_mut().unwrap().remove("exp");
    let mut no_sub = valid_claims("alice", false);
    no_sub.as_object_mut().unwrap().remove("sub");
    let mut long_sub = valid_claims("alice", false);
    long_sub["sub"] = json!("x".repeat(129));
    let mut empty_sub = valid_claims("alice", false);
    empty_sub["sub"] = json!("");
    let good = sign_hs256(secret, &valid_claims("alice", false));
    let mut truncated_signature = good.clone();
    truncated_signature.pop();

    let tokens = [
        ("garbage", "garbage".to_owned()),
        ("three garbage parts", "a.b.c".to_owned()),
        (
            "wrong secret",
            sign_hs256(
                b"another-secret-another-secret-another",
                &valid_claims("alice", false),
            ),
        ),
        ("expired", sign_hs256(secret, &expired)),
        ("no exp", sign_hs256(secret, &no_exp)),
        ("no sub", sign_hs256(secret, &no_sub)),
        ("sub over 128 chars", sign_hs256(secret, &long_sub)),
        ("empty sub", sign_hs256(secret, &empty_sub)),
        ("alg none", unsigned_token(&valid_claims("alice", true))),
        (
            "HS512 with the right secret",
            sign(Algorithm::HS512, secret, &valid_claims("alice", false)),
        ),
        ("tampered signature", truncated_signature),
    ];
    for (case, token) in &tokens {
        assert_unauthorized(app.get(SESSIONS_PATH, token).await, case).await;
    }

    assert_unauthorized(app.get_anonymous(SESSIONS_PATH).await, "no header").await;
    for (case, header) in [
        ("basic scheme", format!("Basic {good}")),
        ("no scheme", good.clone()),
        ("empty bearer", "Bearer ".to_owned()),
    ] {
        let response = app
            .client
            .get(app.url(SESSIONS_PATH))
            .header("authorization", header)
            .send()
            .await
            .unwrap();
        assert_unauthorized(response, case).await;
    }

    // Every /v1 route is behind it, including writes.
    let create = app
        .client
        .post(app.url(SESSIONS_PATH))
        .json(&json!({ "greetingUrl": "https://cdn.example.com/a.mp3" }))
        .send()
        .await
        .unwrap();
    assert_unauthorized(create, "create without a token").await;
    let pool = app.get_anonymous("/v1/pool/numbers").await;
    assert_unauthorized(pool, "pool without a token").await;

    // The same token, correctly signed, is accepted.
    assert_eq!(app.get(SESSIONS_PATH, &good).await.status(), 200);
}

#[tokio::test]
async fn issuer_and_audience_are_enforced_when_configured() {
    let app = TestApp::spawn_with(
        TestAppOptions::default().issuer_and_audience("https://auth.example", "switchboard"),
    )
    .await;
    let secret = JWT_SECRET.as_bytes();
    let with = |iss: Option<&str>, aud: Option<&str>| {
        let mut claims = valid_claims("alice", false);
        if let Some(iss) = iss {
            claims["iss"] = json!(iss);
        }
        if let Some(aud) = aud {
            claims["aud"] = json!(aud);
        }
        sign_hs256(secret, &claims)
    };

    for (case, token) in [
        ("neither", with(None, None)),
        ("no issuer", with(None, Some("switchboard"))),
        ("no audience", with(Some("https://auth.example"), None)),
        (
            "wrong issuer",
            with(Some("https://evil.example"), Some("switchboard")),
        ),
        (
            "wrong audience",
            with(Some("https://auth.example"), Some("other")),
        ),
    ] {
        assert_unauthorized(app.get(SESSIONS_PATH, &token).await, case).await;
    }

    let right = with(Some("https://auth.example"), Some("switchboard"));
    assert_eq!(app.get(SESSIONS_PATH, &right).await.status(), 200);
    assert_eq!(
        app.get(SESSIONS_PATH, &app.user_token("alice"))
            .await
            .status(),
        200
    );
}
