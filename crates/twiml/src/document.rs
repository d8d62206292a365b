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

/// Declares a `<Response>` document type whose verbs are the types implementing `$verb`:
/// the struct and the builder, accessor and rendering methods every kind of response shares.
macro_rules! response_document {
    ($(#[$meta:meta])* $name:ident, $verb:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name($crate::element::Element);

        impl $name {
            /// An empty `<Response/>`.
            #[must_use]
            pub fn new() -> Self {
                Self($crate::element::Element::new("Response"))
            }

            /// Appends a verb.
            #[must_use]
            pub fn with(mut self, verb: impl $verb) -> Self {
                self.push(verb);
                self
            }

            /// Appends a verb in place.
            pub fn push(&mut self, verb: impl $verb) -> &mut Self {
                self.0.push_child(verb);
                self
            }

            /// The `<Response>` element.
            #[must_use]
            pub fn element(&self) -> &$crate::element::Element {
                &self.0
            }

            /// The document: `<?xml version="1.0" encoding="UTF-8"?>` directly followed by
            /// the `<Response>`, without whitespace. Never panics.
            #[must_use]
            pub fn to_xml(&self) -> String {
                $crate::document::render_document(&self.0)
            }

            /// Writes the document (as [`to_xml`](Self::to_xml)) into `out` and returns it.
            ///
            /// # Errors
            /// Whatever `out` returns.
            pub fn write_to<W: std::io::Write>(&self, out: W) -> std::io::Result<W> {
                $crate::document::write_document(&self.0, out)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
    };
}

pub(crate) use response_document;
