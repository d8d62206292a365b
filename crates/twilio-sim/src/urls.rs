//! Which strings are absolute `http`/`https` URLs: what webhooks, media and callback
//! parameters must be.

/// Whether `url` is an absolute `http`/`https` URL with a host.
#[must_use]
pub fn is_http_url(url: &str) -> bool {
    url::Url::parse(url)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

#[cfg(test)]
mod tests {
    use super::is_http_url;

    #[test]
    fn only_absolute_http_urls_are_webhook_urls() {
        assert!(is_http_url("https://a.example/x"));
        assert!(is_http_url("http://127.0.0.1:8080/x"));
        assert!(!is_http_url("ftp://a.example/x"));
        assert!(!is_http_url("/x"));
        assert!(!is_http_url("mailto:a@b.c"));
    }
}
