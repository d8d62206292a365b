//! `HTTP_HEADER_READ_TIMEOUT_SECONDS`, `HTTP_BODY_READ_TIMEOUT_SECONDS` and
//! `HTTP_KEEP_ALIVE_SECONDS`: the deadlines of slow clients (docs/limits.md).

use std::time::Duration;

use switchboard_http::EdgeSettings;

use super::env::{ConfigError, Env, error, optional};

/// The longest deadline that may be set, in seconds.
const MAX_SECONDS: u64 = 300;

/// Reads the edge's deadlines; its size limits are fixed.
///
/// # Errors
/// When a variable is not a whole number of seconds from 1 to 300.
pub(super) fn edge_settings(env: &impl Env) -> Result<EdgeSettings, ConfigError> {
    let defaults = EdgeSettings::default();
    Ok(EdgeSettings {
        header_read_timeout: seconds(
            env,
            "HTTP_HEADER_READ_TIMEOUT_SECONDS",
            defaults.header_read_timeout,
        )?,
        body_read_timeout: seconds(
            env,
            "HTTP_BODY_READ_TIMEOUT_SECONDS",
            defaults.body_read_timeout,
        )?,
        keep_alive: seconds(env, "HTTP_KEEP_ALIVE_SECONDS", defaults.keep_alive)?,
        ..defaults
    })
}

fn seconds(env: &impl Env, var: &'static str, default: Duration) -> Result<Duration, ConfigError> {
    match optional(env, var) {
        None => Ok(default),
        Some(raw) => raw
            .parse::<u64>()
            .ok()
            .filter(|s| (1..=MAX_SECONDS).contains(s))
            .map(Duration::from_secs)
            .ok_or_else(|| {
                error(
                    var,
                    format!("must be a whole number of seconds from 1 to {MAX_SECONDS}"),
                )
            }),
    }
}
