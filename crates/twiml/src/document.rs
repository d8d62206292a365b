//! Writing a whole TwiML document: the XML declaration, then the root element, no whitespace.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, Event};

use crate::element::Element;

/// Writes `<?xml version="1.0" encoding="UTF-8"?>` and `root` into `out`, returning `out`.
pub(crate) fn write_document<W: io::Write>(root: &Element, out: W) -> io::Result<W> {
    let mut writer = Writer::new(out);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    root.write(&mut writer)?;
    Ok(writer.into_inner())
}

/// Renders the document as a string.
///
/// Writing into a `Vec<u8>` does not fail (`impl Write for Vec<u8>` only ever returns `Ok`)
/// and everything written comes from `&str`, so both fallbacks below are unreachable in
/// practice; they exist so that rendering never panics. Should writing fail, the result is
/// the empty string, which Twilio reports as a document parse error rather than acting on a
/// truncated document.
pub(crate) fn render_document(root: &Element) -> String {
    match write_document(root, Vec::with_capacity(256)) {
        Ok(bytes) => String::from_utf8(bytes)
            .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned()),
        Err(_) => String::new(),
    }
}
