//! `DATABASE_URL` and `DATABASE_MAX_CONNECTIONS`.

use super::env::{ConfigError, Env, Secret, error, optional, required};

/// The database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseConfig {
    /// `DATABASE_URL`.
    pub url: Secret,
    /// `DATABASE_MAX_CONNECTIONS`.
    pub max_connections: usize,
}

impl DatabaseConfig {
    /// Reads `DATABASE_URL` and `DATABASE_MAX_CONNECTIONS`, or `None` when `DATABASE_URL` is
    /// unset (for `serve`, which then keeps its data in memory).
    ///
    /// # Errors
    /// As [`DatabaseConfig::from_env`], for a URL that is set.
    pub fn from_env_if_set(env: &impl Env) -> Result<Option<Self>, ConfigError> {
        match optional(env, "DATABASE_URL") {
            None => Ok(None),
            Some(_) => Self::from_env(env).map(Some),
        }
    }

    /// Reads `DATABASE_URL` and `DATABASE_MAX_CONNECTIONS`.
    ///
    /// # Errors
    /// When the URL is missing or not a `postgres://` / `postgresql://` URL, or the size is
    /// not a number from 1 to 1000.
    pub fn from_env(env: &impl Env) -> Result<Self, ConfigError> {
        let url = required(env, "DATABASE_URL")?;
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(error("DATABASE_URL", "must be a postgres:// URL"));
        }
        let max_connections = match optional(env, "DATABASE_MAX_CONNECTIONS") {
            None => 16,
            Some(raw) => raw
                .parse()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| {
                    error(
                        "DATABASE_MAX_CONNECTIONS",
                        "must be a number from 1 to 1000",
                    )
                })?,
        };
        Ok(Self {
            url: Secret(url),
            max_connections,
        })
    }
}
