//! Bearer JWT authentication: HS256 tokens with `sub` (the user id), `exp`, an optional
//! `role: "admin"`, an optional `nbf`, and `iss`/`aud` enforced when configured.

use std::fmt;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use switchboard_domain::{Actor, Role, UserId};

use crate::problem::ApiError;

/// A token's claims.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    /// Issued at, seconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// `"admin"` for administrators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Issuer, when configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Audience, when configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
}

/// How bearer tokens are verified.
pub struct AuthConfig {
    key: DecodingKey,
    validation: Validation,
}

impl AuthConfig {
    /// Verification with the shared HS256 secret, and issuer/audience when given.
    #[must_use]
    pub fn new(secret: &[u8], issuer: Option<&str>, audience: Option<&str>) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 30;
        // A token that says it is not valid yet (`nbf`) is refused until it is; jsonwebtoken
        // does not check `nbf` unless told to.
        validation.validate_nbf = true;
        let mut required = vec!["exp", "sub"];
        match issuer {
            Some(iss) => {
                validation.set_issuer(&[iss]);
                required.push("iss");
            }
            None => validation.iss = None,
        }
        match audience {
            Some(aud) => {
                validation.set_audience(&[aud]);
                required.push("aud");
            }
            None => validation.validate_aud = false,
        }
        validation.set_required_spec_claims(&required);
        Self {
            key: DecodingKey::from_secret(secret),
            validation,
        }
    }

    /// The caller a bearer token stands for.
    ///
    /// # Errors
    /// [`ApiError::Unauthorized`] for a token that is malformed, not HS256, wrongly signed,
    /// expired, not yet valid (`nbf`), or has a bad `sub`, `iss` or `aud`.
    pub fn verify(&self, token: &str) -> Result<Actor, ApiError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.key, &self.validation)
            .map_err(|_| ApiError::Unauthorized("the bearer token is invalid or expired"))?;
        let user_id = UserId::parse(&data.claims.sub)
            .map_err(|_| ApiError::Unauthorized("the token's sub is not a valid user id"))?;
        let role = if data.claims.role.as_deref() == Some("admin") {
            Role::Admin
        } else {
            Role::User
        };
        Ok(Actor { user_id, role })
    }
}

impl fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthConfig")
            .field("secret", &"[redacted]")
            .field("issuer", &self.validation.iss)
            .field("audience", &self.validation.aud)
            .finish()
    }
}

/// Mints tokens the service accepts (for the `token` command and for tests).
pub struct TokenIssuer {
    key: EncodingKey,
    issuer: Option<String>,
    audience: Option<String>,
}

impl TokenIssuer {
    /// An issuer with the shared HS256 secret, stamping `iss`/`aud` when given.
    #[must_use]
    pub fn new(secret: &[u8], issuer: Option<String>, audience: Option<String>) -> Self {
        Self {
            key: EncodingKey::from_secret(secret),
            issuer,
            audience,
        }
    }

    /// A token for `user`, an admin's if `admin`, valid for `ttl` from `now`.
    ///
    /// # Errors
    /// A [`jsonwebtoken::errors::Error`] if signing fails (it does not for HS256).
    pub fn mint(
        &self,
        user: &UserId,
        admin: bool,
        now: time::OffsetDateTime,
        ttl: time::Duration,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = Claims {
            sub: user.to_string(),
            exp: (now + ttl).unix_timestamp(),
            iat: Some(now.unix_timestamp()),
            role: admin.then(|| "admin".to_owned()),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.key)
    }
}

impl fmt::Debug for TokenIssuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenIssuer")
            .field("secret", &"[redacted]")
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::{Duration, OffsetDateTime};

    fn user() -> UserId {
        UserId::parse("alice").unwrap()
    }

    #[test]
    fn accepts_its_own_tokens_and_reads_the_role() {
        let issuer = TokenIssuer::new(b"secret", None, None);
        let auth = AuthConfig::new(b"secret", None, None);
        let now = OffsetDateTime::now_utc();
        let token = issuer
            .mint(&user(), true, now, Duration::minutes(5))
            .unwrap();
        assert_eq!(
            auth.verify(&token).unwrap(),
            Actor {
                user_id: user(),
                role: Role::Admin
            }
        );
        let token = issuer
            .mint(&user(), false, now, Duration::minutes(5))
            .unwrap();
        assert_eq!(auth.verify(&token).unwrap().role, Role::User);
    }

    #[test]
    fn rejects_wrong_secret_expired_and_wrong_issuer_or_audience() {
        let now = OffsetDateTime::now_utc();
        let good = TokenIssuer::new(b"secret", Some("iss".into()), Some("aud".into()));
        let auth = AuthConfig::new(b"secret", Some("iss"), Some("aud"));
        let ok = good
            .mint(&user(), false, now, Duration::minutes(5))
            .unwrap();
        assert!(auth.verify(&ok).is_ok());
        let expired = good
            .mint(
                &user(),
                false,
                now - Duration::hours(2),
                Duration::minutes(5),
            )
            .unwrap();
        assert!(auth.verify(&expired).is_err());
        let other_secret = TokenIssuer::new(b"other", Some("iss".into()), Some("aud".into()));
        assert!(
            auth.verify(
                &other_secret
                    .mint(&user(), false, now, Duration::minutes(5))
                    .unwrap()
            )
            .is_err()
        );
        let no_iss = TokenIssuer::new(b"secret", None, Some("aud".into()));
        assert!(
            auth.verify(
                &no_iss
                    .mint(&user(), false, now, Duration::minutes(5))
                    .unwrap()
            )
            .is_err()
        );
        let wrong_aud = TokenIssuer::new(b"secret", Some("iss".into()), Some("other".into()));
        assert!(
            auth.verify(
                &wrong_aud
                    .mint(&user(), false, now, Duration::minutes(5))
                    .unwrap()
            )
            .is_err()
        );
        assert!(auth.verify("not.a.token").is_err());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let shown = format!(
            "{:?} {:?}",
            AuthConfig::new(b"hunter2", None, None),
            TokenIssuer::new(b"hunter2", None, None)
        );
        assert!(!shown.contains("hunter2"));
    }
}
