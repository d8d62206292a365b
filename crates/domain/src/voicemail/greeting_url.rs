//! The greeting a caller hears: an absolute http(s) URL.

use std::fmt;

/// An absolute `http` or `https` URL with a host, at most 2048 characters, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreetingUrl(String);

/// Why a string is not a greeting URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidGreetingUrl {
    /// Longer than 2048 characters.
    #[error("the greeting URL is longer than 2048 characters")]
    TooLong,
    /// Not an absolute URL with a host.
    #[error("the greeting URL is not an absolute URL with a host")]
    NotAbsolute,
    /// A scheme other than http or https (`javascript:`, `ftp:`, `file:` ...).
    #[error("the greeting URL must use http or https")]
    Scheme,
}

impl GreetingUrl {
    /// The longest accepted URL.
    pub const MAX_LEN: usize = 2048;

    /// Parses a greeting URL.
    ///
    /// # Errors
    /// [`InvalidGreetingUrl`] for anything but an absolute http(s) URL with a host of at most
    /// [`GreetingUrl::MAX_LEN`] characters, without whitespace or control characters.
    pub fn parse(input: &str) -> Result<Self, InvalidGreetingUrl> {
        if input.chars().count() > Self::MAX_LEN {
            return Err(InvalidGreetingUrl::TooLong);
        }
        if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(InvalidGreetingUrl::NotAbsolute);
        }
        let parsed = url::Url::parse(input).map_err(|_| InvalidGreetingUrl::NotAbsolute)?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(InvalidGreetingUrl::Scheme);
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(InvalidGreetingUrl::NotAbsolute);
        }
        Ok(Self(input.to_owned()))
    }

    /// The URL as given.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GreetingUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_http_and_https() {
        for ok in [
            "https://example.com/greeting.mp3",
            "http://cdn.example.com:8080/a?b=c&d=e",
        ] {
            assert_eq!(
                GreetingUrl::parse(ok).map(|u| u.to_string()),
                Ok(ok.to_owned())
            );
        }
    }

    #[test]
    fn rejects_other_schemes_relative_and_oversized() {
        assert_eq!(
            GreetingUrl::parse("javascript:alert(1)"),
            Err(InvalidGreetingUrl::Scheme)
        );
        assert_eq!(
            GreetingUrl::parse("ftp://example.com/a.mp3"),
            Err(InvalidGreetingUrl::Scheme)
        );
        assert_eq!(
            GreetingUrl::parse("/greeting.mp3"),
            Err(InvalidGreetingUrl::NotAbsolute)
        );
        assert_eq!(
            GreetingUrl::parse("not a url"),
            Err(InvalidGreetingUrl::NotAbsolute)
        );
        assert_eq!(
            GreetingUrl::parse("https://"),
            Err(InvalidGreetingUrl::NotAbsolute)
        );
        let long = format!("https://example.com/{}", "a".repeat(2048));
        assert_eq!(GreetingUrl::parse(&long), Err(InvalidGreetingUrl::TooLong));
    }
}
