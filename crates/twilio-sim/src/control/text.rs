//! Text the control client shows: answers shortened to one line, secrets redacted.

/// `text` with every occurrence of `secret` replaced by `[redacted]`.
pub(super) fn redact(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        text.to_owned()
    } else {
        text.replace(secret, "[redacted]")
    }
}

/// The first 200 characters of `text`, on one line.
pub(super) fn snippet(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        return "an empty body".to_owned();
    }
    match one_line.char_indices().nth(200) {
        Some((end, _)) => format!("{}…", &one_line[..end]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::snippet;

    #[test]
    fn snippets_are_short_single_lines() {
        assert_eq!(
            snippet("<html>\n  <b>hi</b>\n</html>"),
            "<html> <b>hi</b> </html>"
        );
        assert_eq!(snippet(" \n"), "an empty body");
        assert_eq!(snippet(&"x".repeat(500)).chars().count(), 201);
    }
}
