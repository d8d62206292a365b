//! The control client's base URL: checked and parsed, shown without credentials.

use url::Url;

use super::error::ControlError;
use super::text::redact;

/// `base_url` checked and parsed.
pub(super) fn parse_base(base_url: &str, auth_token: &str) -> Result<Url, ControlError> {
    let invalid = |url: String, reason: &str| ControlError::InvalidUrl {
        url: redact(&url, auth_token),
        reason: reason.to_owned(),
    };
    let mut base = Url::parse(base_url.trim()).map_err(|e| {
        invalid(
            base_url.to_owned(),
            &format!("{e} (write it as http://HOST:PORT)"),
        )
    })?;
    if !base.username().is_empty() || base.password().is_some() {
        // The URL is shown without them.
        let shown = if base.set_username("").is_ok() && base.set_password(None).is_ok() {
            base.to_string()
        } else {
            "(a URL with credentials)".to_owned()
        };
        return Err(invalid(
            shown,
            "credentials belong in the account SID and auth token, not the URL",
        ));
    }
    if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
        return Err(invalid(
            base.to_string(),
            "it must start with http:// or https:// and name a host",
        ));
    }
    if base.query().is_some() || base.fragment().is_some() {
        return Err(invalid(
            base.to_string(),
            "it must not have a query or fragment",
        ));
    }
    Ok(base)
}
