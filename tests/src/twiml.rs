//! An independent TwiML reader: what a call would do, parsed with quick-xml rather than
//! compared as text with the app's renderer.

/// One verb of a TwiML `<Response>`: its name and its text content, unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verb {
    /// `Play`, `Say`, `Hangup` ...
    pub name: String,
    /// The text content, entity references resolved.
    pub text: String,
}

impl Verb {
    /// A verb with `name` and `text`.
    #[must_use]
    pub fn new(name: &str, text: &str) -> Self {
        Self {
            name: name.to_owned(),
            text: text.to_owned(),
        }
    }
}

/// Parses a TwiML document whose root is `<Response>` with flat verbs (no nested elements),
/// independently of the app's renderer.
///
/// # Panics
/// When the document is not well-formed, the root is not `Response`, or a verb nests.
#[must_use]
pub fn parse_twiml(xml: &str) -> Vec<Verb> {
    use quick_xml::escape::resolve_predefined_entity;
    use quick_xml::events::Event;

    fn name_of(raw: &[u8]) -> String {
        String::from_utf8(raw.to_vec()).expect("UTF-8 element name")
    }

    let mut reader = quick_xml::Reader::from_str(xml);
    let mut open: Vec<String> = Vec::new();
    let mut seen_root = false;
    let mut verbs: Vec<Verb> = Vec::new();
    let text_of_verb = |open: &[String], text: &str, verbs: &mut Vec<Verb>| {
        if open.len() == 2 {
            if let Some(verb) = verbs.last_mut() {
                verb.text.push_str(text);
            }
        } else {
            assert!(text.trim().is_empty(), "stray text {text:?} in {xml}");
        }
    };
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("malformed TwiML ({e}): {xml}"));
        match event {
            Event::Decl(_) | Event::Comment(_) => {}
            Event::Start(start) => {
                let name = name_of(start.name().as_ref());
                match open.len() {
                    0 => {
                        assert!(!seen_root, "a second root <{name}> in {xml}");
                        assert_eq!(name, "Response", "the root of {xml}");
                        seen_root = true;
                    }
                    1 => verbs.push(Verb::new(&name, "")),
                    _ => panic!("<{name}> nested in a verb: {xml}"),
                }
                open.push(name);
            }
            Event::Empty(empty) => {
                let name = name_of(empty.name().as_ref());
                match open.len() {
                    0 => {
                        assert!(!seen_root, "a second root <{name}/> in {xml}");
                        assert_eq!(name, "Response", "the root of {xml}");
                        seen_root = true;
                    }
                    1 => verbs.push(Verb::new(&name, "")),
                    _ => panic!("<{name}/> nested in a verb: {xml}"),
                }
            }
            Event::End(end) => {
                let name = name_of(end.name().as_ref());
                assert_eq!(open.pop(), Some(name), "mismatched end tag in {xml}");
            }
            Event::Text(text) => {
                let text = text.decode().expect("UTF-8 text");
                text_of_verb(&open, &text, &mut verbs);
            }
            Event::CData(data) => {
                let text = data.decode().expect("UTF-8 CDATA");
                text_of_verb(&open, &text, &mut verbs);
            }
            Event::GeneralRef(reference) => {
                let resolved = if reference.is_char_ref() {
                    reference
                        .resolve_char_ref()
                        .ok()
                        .flatten()
                        .unwrap_or_else(|| panic!("bad character reference in {xml}"))
                        .to_string()
                } else {
                    let name = reference.decode().expect("UTF-8 entity name");
                    resolve_predefined_entity(&name)
                        .unwrap_or_else(|| panic!("unknown entity &{name}; in {xml}"))
                        .to_owned()
                };
                text_of_verb(&open, &resolved, &mut verbs);
            }
            Event::Eof => break,
            other => panic!("unexpected {other:?} in {xml}"),
        }
    }
    assert!(seen_root, "no <Response> in {xml}");
    assert!(open.is_empty(), "unclosed elements {open:?} in {xml}");
    verbs
}
