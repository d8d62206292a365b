//! The first pass of parsing: a document's bytes to a plain element tree with quick-xml,
//! refusing what is not well-formed XML with exactly one root element (Twilio's 12100).

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;

use super::error::TwimlError;

/// How deep elements may nest before the document is refused: TwiML needs four levels
/// (`Response`, `Dial`, `Client`, `Parameter`); the bound keeps hostile input cheap.
const MAX_DEPTH: usize = 32;

/// An element: its name as written (with any prefix), its attributes in order, and its
/// children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// What an element holds: elements and text (entity references resolved, CDATA as text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The value of attribute `name`, if present.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The element's text, its child texts joined (elements among them are skipped).
    pub fn text(&self) -> String {
        let mut text = String::new();
        for child in &self.children {
            match child {
                Node::Text(t) => text.push_str(t),
                Node::Element(e) => text.push_str(&e.text()),
            }
        }
        text
    }

    /// The child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Refuses child elements (12200), naming this element `path`.
    pub fn no_children(&self, path: &str) -> Result<(), TwimlError> {
        match self.elements().next() {
            None => Ok(()),
            Some(child) => Err(TwimlError::schema(format!(
                "<{path}> cannot hold <{}>",
                child.name
            ))),
        }
    }

    /// The text directly inside this element (not inside its children), trimmed.
    pub fn own_text(&self) -> String {
        let mut text = String::new();
        for child in &self.children {
            if let Node::Text(t) = child {
                text.push_str(t);
            }
        }
        text.trim().to_owned()
    }
}

/// Parses `body` into its root element.
///
/// # Errors
/// 12100 when `body` is not well-formed XML: unclosed or mismatched tags, bad attributes,
/// unknown entities, text or a second element outside the root, no root at all.
pub(super) fn parse_xml(body: &str) -> Result<Element, TwimlError> {
    let mut reader = Reader::from_str(body);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| malformed(&format!("{e} (near byte {position})")))?;
        match event {
            Event::Start(start) => {
                if root.is_some() {
                    return Err(malformed("a second element after the root element"));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(malformed("elements nest too deeply"));
                }
                stack.push(open(&start)?);
            }
            Event::Empty(start) => {
                if root.is_some() {
                    return Err(malformed("a second element after the root element"));
                }
                let element = open(&start)?;
                close(&mut stack, &mut root, element);
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| malformed("a closing tag without an opening one"))?;
                close(&mut stack, &mut root, element);
            }
            Event::Text(text) => {
                let text = text
                    .decode()
                    .map_err(|e| malformed(&format!("text is not UTF-8: {e}")))?;
                push_text(&mut stack, &text)?;
            }
            Event::CData(data) => {
                let text = data
                    .decode()
                    .map_err(|e| malformed(&format!("CDATA is not UTF-8: {e}")))?;
                push_text(&mut stack, &text)?;
            }
            Event::GeneralRef(reference) => {
                let resolved = resolve(&reference)?;
                push_text(&mut stack, &resolved)?;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::DocType(_) => {
                return Err(malformed("a DOCTYPE, which TwiML does not use"));
            }
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(malformed(&format!("<{}> is never closed", open.name)));
    }
    root.ok_or_else(|| malformed("the document has no root element"))
}

/// A new element from its opening tag.
fn open(start: &BytesStart<'_>) -> Result<Element, TwimlError> {
    let name = String::from_utf8(start.name().as_ref().to_vec())
        .map_err(|_| malformed("an element name is not UTF-8"))?;
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute =
            attribute.map_err(|e| malformed(&format!("bad attribute in <{name}>: {e}")))?;
        let key = String::from_utf8(attribute.key.as_ref().to_vec())
            .map_err(|_| malformed("an attribute name is not UTF-8"))?;
        let value = attribute
            .unescape_value()
            .map_err(|e| malformed(&format!("bad value of {key} in <{name}>: {e}")))?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attributes,
        children: Vec::new(),
    })
}

/// Puts a finished `element` into its parent, or makes it the root.
fn close(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None => *root = Some(element),
    }
}

/// Appends `text` to the open element; outside the root only whitespace may appear.
fn push_text(stack: &mut [Element], text: &str) -> Result<(), TwimlError> {
    match stack.last_mut() {
        Some(parent) => {
            if let Some(Node::Text(previous)) = parent.children.last_mut() {
                previous.push_str(text);
            } else {
                parent.children.push(Node::Text(text.to_owned()));
            }
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(malformed("text outside the root element")),
    }
}

/// The text of an entity or character reference: the five XML entities and `&#N;`.
fn resolve(reference: &BytesRef<'_>) -> Result<String, TwimlError> {
    if let Some(c) = reference
        .resolve_char_ref()
        .map_err(|e| malformed(&format!("bad character reference: {e}")))?
    {
        return Ok(c.to_string());
    }
    let name = reference
        .decode()
        .map_err(|_| malformed("an entity name is not UTF-8"))?;
    let text = match name.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        other => return Err(malformed(&format!("unknown entity &{other};"))),
    };
    Ok(text.to_owned())
}

/// 12100 with `reason`.
fn malformed(reason: &str) -> TwimlError {
    TwimlError::parse_failure(format!("the document is not well-formed XML: {reason}"))
}

#[cfg(test)]
mod tests {
    use super::{Node, parse_xml};

    #[test]
    fn entities_cdata_and_attributes_are_decoded() {
        let root = parse_xml(
            "<?xml version=\"1.0\"?><Response a=\"x&amp;y\"><Say>1 &lt; 2 &#38; <![CDATA[<3>]]></Say></Response>",
        )
        .expect("well-formed");
        assert_eq!(root.attribute("a"), Some("x&y"));
        let say = root.elements().next().expect("a child");
        assert_eq!(say.children, [Node::Text("1 < 2 & <3>".to_owned())]);
    }

    #[test]
    fn what_is_not_well_formed_is_12100() {
        for body in [
            "",
            "   ",
            "<Response>",
            "<Response></Say>",
            "<Response/><Response/>",
            "text<Response/>",
            "<Response>&nbsp;</Response>",
            "<Response a=1/>",
            "<Response a=\"1\" a=\"2\"/>",
        ] {
            let error = parse_xml(body).expect_err(body);
            assert_eq!(error.code, 12100, "{body}: {error:?}");
        }
    }
}
