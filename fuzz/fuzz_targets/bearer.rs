//! Bearer tokens. The first byte chooses what the rest is: a whole token (mode 0), the
//! claims of a token the target signs with the right HS256 key (mode 1), or its header and
//! claims separated by a NUL byte (mode 2). Never a panic or a 5xx; a token that is
//! accepted carries the key's HS256 MAC, says HS256, and has a string `sub` and a
//! numeric `exp`.
#![no_main]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;
use sha2::Sha256;
use switchboard_http::AuthConfig;
use switchboard_http::fuzzing::is_server_error;

const SECRET: &[u8] = b"fuzz-jwt-secret-of-at-least-32-bytes!";

fn signed(header: &[u8], claims: &[u8]) -> String {
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET).expect("any key length");
    mac.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

/// What an accepted token must be: three segments, the third the HS256 MAC of the first
/// two with the key, a header saying HS256, and claims with a string `sub` and a numeric
/// `exp`.
fn assert_genuine(token: &str) {
    let parts: Vec<&str> = token.trim().split('.').collect();
    assert_eq!(parts.len(), 3, "{token:?}");
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).expect("base64url");
    let signed = signed(&decode(parts[0]), &decode(parts[1]));
    let recomputed = signed.rsplit('.').next().unwrap_or_default();
    assert_eq!(
        decode(recomputed),
        decode(parts[2]),
        "a wrong MAC accepted: {token:?}"
    );
    // Read as leniently as a JWT library reads them: other members are skipped unchecked.
    let header: Header = serde_json::from_slice(&decode(parts[0])).expect("a header with alg");
    assert_eq!(header.alg, "HS256", "{token:?}");
    let _: Claims = serde_json::from_slice(&decode(parts[1])).expect("a string sub, a number exp");
}

#[derive(serde::Deserialize)]
struct Header {
    alg: String,
}

#[derive(serde::Deserialize)]
struct Claims {
    #[expect(dead_code, reason = "only its type is checked")]
    sub: String,
    #[expect(dead_code, reason = "only its type is checked")]
    exp: serde_json::Number,
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let header: &[u8] = br#"{"alg":"HS256","typ":"JWT"}"#;
    let token = match mode % 3 {
        0 => String::from_utf8_lossy(rest).into_owned(),
        1 => signed(header, rest),
        _ => {
            let mut parts = rest.splitn(2, |&b| b == 0);
            let header = parts.next().unwrap_or_default();
            let claims = parts.next().unwrap_or_default();
            signed(header, claims)
        }
    };
    let auth = AuthConfig::new(SECRET, None, None);
    match auth.verify(&token) {
        Ok(_) => assert_genuine(&token),
        Err(e) => assert!(!is_server_error(&e), "a 5xx for a token: {e:?}"),
    }
});
