//! Base URLs: `PUBLIC_BASE_URL` and `TWILIO_API_BASE_URL`.

use super::env::{ConfigError, Env, error, required};

/// Reads and checks `PUBLIC_BASE_URL` alone (for commands that configure webhooks).
///
/// # Errors
/// When it is missing or not an absolute http(s) URL.
pub fn public_base_url_from_env(env: &impl Env) -> Result<String, ConfigError> {
    public_base_url(required(env, "PUBLIC_BASE_URL")?)
}

/// Checks and normalises `PUBLIC_BASE_URL`: an absolute http(s) URL with a host, no query or
/// fragment; a trailing slash is dropped.
pub(super) fn public_base_url(raw: String) -> Result<String, ConfigError> {
    http_url("PUBLIC_BASE_URL", raw, "https://switchboard.example.com")
}

/// Checks and normalises a base URL: absolute http(s) with a host, no query or fragment;
/// a trailing slash is dropped.
pub(super) fn http_url(
    var: &'static str,
    raw: String,
    example: &str,
) -> Result<String, ConfigError> {
    let bad = || {
        error(
            var,
            format!("must be an absolute http(s) URL such as {example}"),
        )
    };
    let lower = raw.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || raw.contains(['?', '#']) || raw.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(raw.trim_end_matches('/').to_owned())
}
