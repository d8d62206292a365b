//! `LOG_FORMAT`.

use super::env::{ConfigError, Env, error, optional};

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

impl LogFormat {
    /// Reads `LOG_FORMAT`.
    ///
    /// # Errors
    /// When set to anything but `pretty` or `json`.
    pub fn from_env(env: &impl Env) -> Result<Self, ConfigError> {
        match optional(env, "LOG_FORMAT").as_deref() {
            None | Some("pretty") => Ok(Self::Pretty),
            Some("json") => Ok(Self::Json),
            Some(_) => Err(error("LOG_FORMAT", "must be `pretty` or `json`")),
        }
    }
}
