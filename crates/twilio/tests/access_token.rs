//! Voice Access Tokens: every header field and claim, the signature, the refusals, secret
//! hygiene, and equality with the token twilio-python's own code makes
//! (`twilio-vectors.md` §3, "Derived").

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use switchboard_domain::{AccountSid, ApiKeySid, ApplicationSid};
use switchboard_twilio::rest::Secret;
use switchboard_twilio::{TokenError, VoiceTokenMinter};
use time::{Duration, OffsetDateTime};

const ACCOUNT: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const KEY: &str = "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const SECRET: &str = "test-api-key-secret";
const APP: &str = "APcccccccccccccccccccccccccccccccc";
const NOW: i64 = 1_700_000_000;

/// twilio-python's token for the same inputs (identity `alice`, ttl 3600, frozen at
/// 1700000000), whose voice grant also carries a `push_credential_sid`.
const PYTHON_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsImN0eSI6InR3aWxpby1mcGE7dj0xIiwidHlwIjoiSldUIn0.eyJqdGkiOiJTS2JiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiLTE3MDAwMDAwMDAiLCJncmFudHMiOnsidm9pY2UiOnsiaW5jb21pbmciOnsiYWxsb3ciOnRydWV9LCJvdXRnb2luZyI6eyJhcHBsaWNhdGlvbl9zaWQiOiJBUGNjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjIn0sInB1c2hfY3JlZGVudGlhbF9zaWQiOiJDUmRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkIn0sImlkZW50aXR5IjoiYWxpY2UifSwiaXNzIjoiU0tiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYiIsImV4cCI6MTcwMDAwMzYwMCwibmJmIjoxNzAwMDAwMDAwLCJzdWIiOiJBQ2FhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhIn0.RQfrVDqfuqwngYCDdhtsEuw0Mjzh0onWiG-XqZ7JjXM";

fn minter() -> VoiceTokenMinter {
    VoiceTokenMinter::new(
        AccountSid::parse(ACCOUNT).expect("a valid fixture"),
        ApiKeySid::parse(KEY).expect("a valid fixture"),
        Secret::new(SECRET),
        ApplicationSid::parse(APP).expect("a valid fixture"),
    )
}

fn at(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(seconds).expect("a valid time")
}

/// A token's header and claims, read as JSON without checking anything.
fn parts(token: &str) -> (Value, Value) {
    let segments: Vec<&str> = token.split('.').collect();
    assert_eq!(segments.len(), 3, "{token}");
    let read = |segment: &str| -> Value {
        let bytes = URL_SAFE_NO_PAD.decode(segment).expect("base64url");
        serde_json::from_slice(&bytes).expect("JSON")
    };
    (read(segments[0]), read(segments[1]))
}

/// The claims after verifying the signature with `secret` (times are not checked: the
/// fixtures are dated 2023).
fn verified(token: &str, secret: &str) -> Result<Value, jsonwebtoken::errors::Error> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(
        token,
        &DecodingKey::from_secret(secret.as_bytes()),
        &validation,
    )
    .map(|data| data.claims)
}

#[test]
fn the_header_and_every_claim_are_twilio_s() {
    let minted = minter()
        .mint("alice", Duration::seconds(3600), at(NOW))
        .unwrap();
    assert_eq!(minted.expires_at, at(NOW + 3600));
    let (header, claims) = parts(&minted.token);
    assert_eq!(
        header,
        json!({"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"})
    );
    assert_eq!(
        claims,
        json!({
            "jti": format!("{KEY}-{NOW}"),
            "iss": KEY,
            "sub": ACCOUNT,
            "iat": NOW,
            "nbf": NOW,
            "exp": NOW + 3600,
            "grants": {
                "identity": "alice",
                "voice": {
                    "incoming": {"allow": true},
                    "outgoing": {"application_sid": APP}
                }
            }
        })
    );
    let decoded_header = jsonwebtoken::decode_header(&minted.token).unwrap();
    assert_eq!(decoded_header.alg, Algorithm::HS256);
    assert_eq!(decoded_header.typ.as_deref(), Some("JWT"));
    assert_eq!(decoded_header.cty.as_deref(), Some("twilio-fpa;v=1"));
}

#[test]
fn the_lifetime_sets_exp_and_time_is_taken_to_the_second() {
    let now = at(NOW) + Duration::milliseconds(999);
    for ttl in [60, 100, 86_400] {
        let minted = minter().mint("bob_2", Duration::seconds(ttl), now).unwrap();
        let (_, claims) = parts(&minted.token);
        assert_eq!(claims["iat"], NOW);
        assert_eq!(claims["nbf"], NOW);
        assert_eq!(claims["exp"], NOW + ttl);
        assert_eq!(claims["jti"], format!("{KEY}-{NOW}"));
        assert_eq!(minted.expires_at, at(NOW + ttl));
    }
}

#[test]
fn the_signature_verifies_with_the_secret_only() {
    let now = OffsetDateTime::now_utc();
    let minted = minter().mint("alice", Duration::seconds(600), now).unwrap();
    // The library's own checks, exp and nbf included, pass for a token minted now.
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_nbf = true;
    let data = jsonwebtoken::decode::<Value>(
        &minted.token,
        &DecodingKey::from_secret(SECRET.as_bytes()),
        &validation,
    )
    .unwrap();
    assert_eq!(data.claims["grants"]["identity"], "alice");
    let wrong = verified(&minted.token, "another-secret").unwrap_err();
    assert_eq!(
        *wrong.kind(),
        jsonwebtoken::errors::ErrorKind::InvalidSignature
    );
    // Nor does an altered claim keep a valid signature.
    let segments: Vec<&str> = minted.token.split('.').collect();
    let (_, mut claims) = parts(&minted.token);
    claims["grants"]["identity"] = json!("mallory");
    let forged = format!(
        "{}.{}.{}",
        segments[0],
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        segments[2]
    );
    assert!(verified(&forged, SECRET).is_err());
}

#[test]
fn the_claims_equal_twilio_python_s_except_for_iat() {
    let python_claims = verified(PYTHON_TOKEN, SECRET).expect("the vector verifies");
    let (python_header, _) = parts(PYTHON_TOKEN);
    let minted = minter()
        .mint("alice", Duration::seconds(3600), at(NOW))
        .unwrap();
    let (header, ours) = parts(&minted.token);
    assert_eq!(header, python_header);
    let mut expected = python_claims;
    // The vector's grant also names a push credential, which Switchboard does not use.
    let voice = expected["grants"]["voice"]
        .as_object_mut()
        .expect("a voice grant");
    assert!(voice.remove("push_credential_sid").is_some());
    // twilio-python sends no iat; the contract (like twilio-node) does, equal to nbf.
    assert_eq!(expected.get("iat"), None);
    expected["iat"] = json!(NOW);
    assert_eq!(ours, expected);
    assert!(verified(&minted.token, SECRET).is_ok());
}

#[test]
fn identities_other_than_letters_digits_and_underscores_are_refused() {
    let minter = minter();
    let ttl = Duration::seconds(3600);
    for good in ["a", "user_0192abcDEF", &"x".repeat(121)] {
        assert!(minter.mint(good, ttl, at(NOW)).is_ok(), "{good}");
    }
    for bad in [
        "",
        &"x".repeat(122),
        "alice@example.com",
        "client:alice",
        "with space",
        "dash-ed",
        "ünicode",
        "tab\t",
    ] {
        assert!(
            matches!(
                minter.mint(bad, ttl, at(NOW)),
                Err(TokenError::InvalidIdentity(_))
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn lifetimes_outside_60_to_86400_whole_seconds_are_refused() {
    let minter = minter();
    for ttl in [
        Duration::ZERO,
        Duration::seconds(59),
        Duration::seconds(86_401),
        Duration::seconds(-3600),
        Duration::milliseconds(90_500),
    ] {
        assert_eq!(
            minter.mint("alice", ttl, at(NOW)),
            Err(TokenError::InvalidTtl(ttl)),
            "{ttl}"
        );
    }
    assert!(matches!(
        minter.mint("alice", Duration::seconds(3600), at(-1)),
        Err(TokenError::InvalidTime(_))
    ));
}

#[test]
fn debug_output_never_shows_the_secret_or_the_token() {
    let minter = minter();
    let minted = minter
        .mint("alice", Duration::seconds(3600), at(NOW))
        .unwrap();
    let printed = format!("{minter:?} {minted:?}");
    assert!(!printed.contains(SECRET), "{printed}");
    assert!(!printed.contains(&minted.token), "{printed}");
    assert!(printed.contains("[redacted]"));
    assert!(printed.contains(KEY) && printed.contains(APP));
    let refused = minter
        .mint("bad identity", Duration::seconds(3600), at(NOW))
        .unwrap_err();
    assert!(!format!("{refused} {refused:?}").contains(SECRET));
}
