//! Escaping of text and attribute values, and removal of characters XML 1.0 cannot carry.

use std::borrow::Cow;

/// Escapes text content: `&`, `<`, `>` become entities and `\r` a character reference (so a
/// parser's line-end normalisation keeps it). Quotes stay as they are, as twilio-python writes
/// them. Characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are dropped.
pub(crate) fn escape_text(raw: &str) -> Cow<'_, str> {
    escape(raw, false)
}

/// Escapes a double-quoted attribute value: as [`escape_text`], plus `"` and the whitespace
/// characters `\t` and `\n`, which a parser would otherwise normalise to spaces.
pub(crate) fn escape_attr(raw: &str) -> Cow<'_, str> {
    escape(raw, true)
}

fn escape(raw: &str, in_attr: bool) -> Cow<'_, str> {
    let needs_work = |c: char| {
        matches!(c, '&' | '<' | '>' | '\r')
            || (in_attr && matches!(c, '"' | '\n' | '\t'))
            || !is_xml_char(c)
    };
    let Some(first) = raw.find(needs_work) else {
        return Cow::Borrowed(raw);
    };
    let mut out = String::with_capacity(raw.len() + 16);
    out.push_str(&raw[..first]);
    for c in raw[first..].chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if in_attr => out.push_str("&quot;"),
            '\n' if in_attr => out.push_str("&#10;"),
            '\t' if in_attr => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// Whether XML 1.0 allows `c` anywhere in a document (the `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            escape_text("Hello, wörld"),
            Cow::Borrowed("Hello, wörld")
        ));
        assert!(matches!(escape_attr("a b"), Cow::Borrowed("a b")));
    }

    #[test]
    fn text_escapes_markup_but_not_quotes() {
        assert_eq!(
            escape_text(r#"Press 1 <now> & "quote" ]]> it's"#),
            r#"Press 1 &lt;now&gt; &amp; "quote" ]]&gt; it's"#
        );
        assert_eq!(escape_text("a\r\nb\tc"), "a&#13;\nb\tc");
    }

    #[test]
    fn attributes_escape_quotes_and_whitespace() {
        assert_eq!(
            escape_attr("?x=1&y=\"2\"\n\t<"),
            "?x=1&amp;y=&quot;2&quot;&#10;&#9;&lt;"
        );
        assert_eq!(escape_attr("it's"), "it's");
    }

    #[test]
    fn forbidden_characters_are_dropped() {
        assert_eq!(escape_text("a\u{0}b\u{1b}c\u{FFFE}d\u{FFFF}"), "abcd");
        assert_eq!(escape_attr("\u{8}x"), "x");
        assert_eq!(escape_text("😀\u{E000}"), "😀\u{E000}");
    }
}
