//! The URLs a webhook signature is checked against: the URL as received, and the same URL
//! with its port toggled, built by string surgery on the authority (never by re-parsing).

/// Where the port sits (or would sit) in a URL, as byte offsets into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PortSite {
    /// End of the host; an explicit port starts here with `:`, an added one is inserted here.
    host_end: usize,
    /// End of the authority (start of the path, query or fragment, or the end of the URL).
    authority_end: usize,
    /// Whether the authority carries an explicit `:port` (possibly empty, as in `host:`).
    has_port: bool,
    /// `:443` for `https`, `:80` for `http` (scheme compared case-insensitively), else `None`.
    default_port: Option<&'static str>,
}

/// The URLs a Twilio signature for a request to `url` may have been computed over, in the
/// order they are tried.
///
/// * The URL exactly as given comes first.
/// * If the authority has an explicit port (any port, as the official validators do), the
///   URL with `:port` removed comes second.
/// * If it has none, the URL with `:443` (`https`) or `:80` (`http`) inserted after the host
///   comes second. The scheme is compared case-insensitively, but its text is kept.
///
/// Only the port changes: scheme and host case, userinfo (`user:pass@`), path, the query's
/// percent-encoding and any fragment are kept byte for byte. IPv6 literals (`[::1]:8080`)
/// are handled. A string that is not an absolute `http(s)` URL with a well-formed authority
/// yields only itself.
#[must_use]
pub fn candidate_urls(url: &str) -> Vec<String> {
    let mut candidates = vec![url.to_owned()];
    let Some(site) = locate_port(url) else {
        return candidates;
    };
    if site.has_port {
        candidates.push(format!(
            "{}{}",
            &url[..site.host_end],
            &url[site.authority_end..]
        ));
    } else if let Some(port) = site.default_port {
        candidates.push(format!(
            "{}{port}{}",
            &url[..site.host_end],
            &url[site.host_end..]
        ));
    }
    candidates
}

/// Finds the host and port of `scheme://[userinfo@]host[:port]…`, or `None` if `url` does
/// not look like that.
fn locate_port(url: &str) -> Option<PortSite> {
    let scheme_end = url.find("://")?;
    let scheme = &url[..scheme_end];
    if !is_scheme(scheme) {
        return None;
    }
    let authority_start = scheme_end + "://".len();
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| authority_start + i);
    let authority = &url[authority_start..authority_end];
    let host_start = authority.rfind('@').map_or(0, |i| i + 1);
    let host_port = &authority[host_start..];

    let host_len = if host_port.starts_with('[') {
        // IPv6 literal: the host runs to the closing bracket; anything after it must be `:port`.
        let close = host_port.find(']')?;
        close + 1
    } else {
        host_port.find(':').unwrap_or(host_port.len())
    };
    if host_len == 0 {
        return None;
    }
    let port_part = &host_port[host_len..];
    let has_port = match port_part.strip_prefix(':') {
        Some(digits) if digits.bytes().all(|b| b.is_ascii_digit()) => true,
        Some(_) => return None,
        None if port_part.is_empty() => false,
        None => return None,
    };

    let default_port = if scheme.eq_ignore_ascii_case("https") {
        Some(":443")
    } else if scheme.eq_ignore_ascii_case("http") {
        Some(":80")
    } else {
        None
    };
    Some(PortSite {
        host_end: authority_start + host_start + host_len,
        authority_end,
        has_port,
        default_port,
    })
}

/// RFC 3986 scheme: a letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::candidate_urls;

    fn check(url: &str, expected: &[&str]) {
        assert_eq!(candidate_urls(url), expected, "candidates of {url}");
    }

    #[test]
    fn https_without_port_gains_443() {
        check(
            "https://mycompany.com/myapp.php?foo=1&bar=2",
            &[
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                "https://mycompany.com:443/myapp.php?foo=1&bar=2",
            ],
        );
    }

    #[test]
    fn http_without_port_gains_80() {
        check(
            "http://mycompany.com/myapp.php?foo=1&bar=2",
            &[
                "http://mycompany.com/myapp.php?foo=1&bar=2",
                "http://mycompany.com:80/myapp.php?foo=1&bar=2",
            ],
        );
    }

    #[test]
    fn scheme_case_picks_the_port_but_is_kept() {
        check(
            "HTTP://MyCompany.com/a",
            &["HTTP://MyCompany.com/a", "HTTP://MyCompany.com:80/a"],
        );
        check(
            "HtTpS://MyCompany.com/a",
            &["HtTpS://MyCompany.com/a", "HtTpS://MyCompany.com:443/a"],
        );
    }

    #[test]
    fn any_explicit_port_is_removed() {
        check(
            "https://mycompany.com:443/myapp.php",
            &[
                "https://mycompany.com:443/myapp.php",
                "https://mycompany.com/myapp.php",
            ],
        );
        check(
            "http://mycompany.com:80/x",
            &["http://mycompany.com:80/x", "http://mycompany.com/x"],
        );
        check(
            "https://mycompany.com:1234/myapp.php?foo=1&bar=2",
            &[
                "https://mycompany.com:1234/myapp.php?foo=1&bar=2",
                "https://mycompany.com/myapp.php?foo=1&bar=2",
            ],
        );
    }

    #[test]
    fn empty_explicit_port_is_removed() {
        check("https://host:/p", &["https://host:/p", "https://host/p"]);
    }

    #[test]
    fn userinfo_is_kept() {
        check(
            "https://user:pass@mycompany.com/myapp.php",
            &[
                "https://user:pass@mycompany.com/myapp.php",
                "https://user:pass@mycompany.com:443/myapp.php",
            ],
        );
        check(
            "http://Username:Password@MyCompany.com:8080/x",
            &[
                "http://Username:Password@MyCompany.com:8080/x",
                "http://Username:Password@MyCompany.com/x",
            ],
        );
        check(
            "https://user@host/x",
            &["https://user@host/x", "https://user@host:443/x"],
        );
    }

    #[test]
    fn ipv6_literals() {
        check(
            "http://[::1]:8080/hook",
            &["http://[::1]:8080/hook", "http://[::1]/hook"],
        );
        check(
            "https://[2001:db8::1]/hook",
            &[
                "https://[2001:db8::1]/hook",
                "https://[2001:db8::1]:443/hook",
            ],
        );
        check(
            "https://u:p@[::1]:8443?x=1",
            &["https://u:p@[::1]:8443?x=1", "https://u:p@[::1]?x=1"],
        );
    }

    #[test]
    fn port_goes_before_query_or_fragment_when_there_is_no_path() {
        check("https://host", &["https://host", "https://host:443"]);
        check(
            "https://host?a=1",
            &["https://host?a=1", "https://host:443?a=1"],
        );
        check("https://host#f", &["https://host#f", "https://host:443#f"]);
        check(
            "https://host:99?a=1",
            &["https://host:99?a=1", "https://host?a=1"],
        );
    }

    #[test]
    fn path_and_query_are_untouched() {
        check(
            "https://h/a:b/@c?x=It's+amazing&y=%2B&z=u@v:1",
            &[
                "https://h/a:b/@c?x=It's+amazing&y=%2B&z=u@v:1",
                "https://h:443/a:b/@c?x=It's+amazing&y=%2B&z=u@v:1",
            ],
        );
        check(
            "https://mycompany.com:443//myapp.php?foo=1&bar=2",
            &[
                "https://mycompany.com:443//myapp.php?foo=1&bar=2",
                "https://mycompany.com//myapp.php?foo=1&bar=2",
            ],
        );
        check(
            "https://mycompany.com/webhook/España?año=2023",
            &[
                "https://mycompany.com/webhook/España?año=2023",
                "https://mycompany.com:443/webhook/España?año=2023",
            ],
        );
    }

    #[test]
    fn other_schemes_keep_an_existing_port_toggle_only() {
        check("ftp://host/x", &["ftp://host/x"]);
        check("ws://host:9/x", &["ws://host:9/x", "ws://host/x"]);
    }

    #[test]
    fn malformed_input_yields_itself_only() {
        for url in [
            "",
            "not a url",
            "/relative?next=https://host/x",
            "https:///no-host",
            "https://user@/no-host",
            "https://host:abc/x",
            "https://host:1:2/x",
            "https://[::1/x",
            "https://[::1]x/y",
            "1http://host/x",
        ] {
            check(url, &[url]);
        }
    }
}
