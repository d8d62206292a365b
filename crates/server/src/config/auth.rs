//! The `AUTH_JWT_*` variables: how bearer tokens are signed and checked.

use super::env::{ConfigError, Env, Secret, error, optional, required};

/// Bearer-token settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSettings {
    /// `AUTH_JWT_SECRET`.
    pub secret: Secret,
    /// `AUTH_JWT_ISSUER`.
    pub issuer: Option<String>,
    /// `AUTH_JWT_AUDIENCE`.
    pub audience: Option<String>,
}

impl AuthSettings {
    /// The shortest accepted secret, in bytes.
    pub const MIN_SECRET_LEN: usize = 32;

    /// Reads the `AUTH_JWT_*` variables.
    ///
    /// # Errors
    /// When the secret is missing or shorter than 32 bytes.
    pub fn from_env(env: &impl Env) -> Result<Self, ConfigError> {
        let secret = required(env, "AUTH_JWT_SECRET")?;
        if secret.len() < Self::MIN_SECRET_LEN {
            return Err(error("AUTH_JWT_SECRET", "must be at least 32 bytes long"));
        }
        Ok(Self::signing_with(env, Secret(secret)))
    }

    /// Reads the `AUTH_JWT_*` variables; when `AUTH_JWT_SECRET` is unset, signs with
    /// `generated` instead (a random secret for one run) and says so in the second value.
    ///
    /// # Errors
    /// When a secret that is set is shorter than 32 bytes.
    pub fn from_env_or(env: &impl Env, generated: Secret) -> Result<(Self, bool), ConfigError> {
        if optional(env, "AUTH_JWT_SECRET").is_some() {
            return Ok((Self::from_env(env)?, false));
        }
        Ok((Self::signing_with(env, generated), true))
    }

    /// `secret` with the issuer and audience the environment requires.
    fn signing_with(env: &impl Env, secret: Secret) -> Self {
        Self {
            secret,
            issuer: optional(env, "AUTH_JWT_ISSUER"),
            audience: optional(env, "AUTH_JWT_AUDIENCE"),
        }
    }
}

/// A random HS256 secret for one run: 64 hex digits (244 random bits from the OS).
#[must_use]
pub fn random_jwt_secret() -> Secret {
    let a = uuid::Uuid::new_v4().simple();
    let b = uuid::Uuid::new_v4().simple();
    Secret(format!("{a}{b}"))
}
