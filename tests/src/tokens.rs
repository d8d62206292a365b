//! Bearer tokens minted with `jsonwebtoken` directly, not with the app's own `TokenIssuer`,
//! so authentication is checked by an independent client.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use time::OffsetDateTime;

/// The HS256 secret every test app verifies bearer tokens with.
pub const JWT_SECRET: &str = "switchboard-e2e-jwt-secret-of-at-least-32-bytes";

/// Claims of a valid token for `sub` without issuer or audience: `sub`, `iat` now, `exp` in
/// an hour, and `role: "admin"` if `admin`.
#[must_use]
pub fn valid_claims(sub: &str, admin: bool) -> Value {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let mut claims = json!({ "sub": sub, "iat": now, "exp": now + 3600 });
    if admin {
        claims["role"] = json!("admin");
    }
    claims
}

/// An HS256 JWT of `claims` signed with `secret`.
///
/// # Panics
/// Never for HS256 and JSON claims.
#[must_use]
pub fn sign_hs256(secret: &[u8], claims: &Value) -> String {
    sign(Algorithm::HS256, secret, claims)
}

/// A JWT of `claims` signed with `secret` using the HMAC algorithm `alg`.
///
/// # Panics
/// Never for HMAC algorithms and JSON claims.
#[must_use]
pub fn sign(alg: Algorithm, secret: &[u8], claims: &Value) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret))
        .expect("HMAC signing does not fail")
}

/// An unsigned `alg: none` token of `claims`.
#[must_use]
pub fn unsigned_token(claims: &Value) -> String {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{header}.{payload}.")
}
