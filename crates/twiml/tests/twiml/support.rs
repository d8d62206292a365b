//! Test support: parses XML with quick-xml's `Reader` into a tree that ignores attribute order
//! and `<X/>` vs `<X />`, so documents from different writers can be compared.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

/// A parsed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// `(version, encoding)` of the XML declaration, if there is one.
    pub declaration: Option<(String, Option<String>)>,
    /// The root element.
    pub root: Tree,
}

/// A parsed node: an element with sorted, unescaped attributes, or unescaped text (adjacent
/// text, entity and character references and CDATA are merged into one text node).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tree {
    Element {
        name: String,
        attrs: BTreeMap<String, String>,
        children: Vec<Tree>,
    },
    Text(String),
}

impl Tree {
    /// The children of an element (none for text).
    pub fn children(&self) -> &[Tree] {
        match self {
            Self::Element { children, .. } => children,
            Self::Text(_) => &[],
        }
    }

    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        match self {
            Self::Element { attrs, .. } => attrs.get(name).map(String::as_str),
            Self::Text(_) => None,
        }
    }

    /// All text directly inside this node.
    pub fn text(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Element { children, .. } => children
                .iter()
                .filter_map(|c| match c {
                    Self::Text(t) => Some(t.as_str()),
                    Self::Element { .. } => None,
                })
                .collect(),
        }
    }
}

/// Parses `xml`, panicking with the reason if it is not one well-formed element.
pub fn parse(xml: &str) -> Document {
    let mut reader = Reader::from_str(xml);
    let mut declaration = None;
    let mut stack: Vec<Tree> = Vec::new();
    let mut root = None;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{e} in {xml}"));
        match event {
            Event::Decl(decl) => {
                assert!(
                    root.is_none() && stack.is_empty(),
                    "misplaced declaration in {xml}"
                );
                let version =
                    String::from_utf8(decl.version().expect("declaration version").into_owned())
                        .expect("UTF-8 version");
                let encoding = decl.encoding().map(|e| {
                    String::from_utf8(e.expect("declaration encoding").into_owned())
                        .expect("UTF-8 encoding")
                });
                declaration = Some((version, encoding));
            }
            Event::Start(start) => stack.push(element(&start)),
            Event::Empty(start) => close(element(&start), &mut stack, &mut root, xml),
            Event::End(_) => {
                let done = stack.pop().expect("end tag without start");
                close(done, &mut stack, &mut root, xml);
            }
            Event::Text(text) => push_text(&mut stack, &text.decode().expect("UTF-8 text"), xml),
            Event::CData(cdata) => {
                push_text(&mut stack, &cdata.decode().expect("UTF-8 CDATA"), xml)
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference
                    .resolve_char_ref()
                    .expect("valid character reference")
                {
                    Some(c) => c.to_string(),
                    None => {
                        let name = reference.decode().expect("UTF-8 entity name");
                        resolve_predefined_entity(&name)
                            .unwrap_or_else(|| panic!("unknown entity &{name}; in {xml}"))
                            .to_owned()
                    }
                };
                push_text(&mut stack, &resolved, xml);
            }
            Event::Eof => break,
            other => panic!("unexpected {other:?} in {xml}"),
        }
    }
    assert!(stack.is_empty(), "unclosed elements in {xml}");
    Document {
        declaration,
        root: root.unwrap_or_else(|| panic!("no root element in {xml}")),
    }
}

/// Parses both documents and asserts they are the same tree.
#[track_caller]
pub fn assert_same_xml(actual: &str, expected: &str) {
    assert_eq!(
        parse(actual),
        parse(expected),
        "\nactual:   {actual}\nexpected: {expected}"
    );
}

fn element(start: &BytesStart<'_>) -> Tree {
    let name = String::from_utf8(start.name().as_ref().to_vec()).expect("UTF-8 element name");
    let mut attrs = BTreeMap::new();
    for attr in start.attributes() {
        let attr = attr.expect("well-formed attribute");
        let key = String::from_utf8(attr.key.as_ref().to_vec()).expect("UTF-8 attribute name");
        let value = attr
            .unescape_value()
            .expect("attribute value with valid escapes")
            .into_owned();
        assert!(
            attrs.insert(key.clone(), value).is_none(),
            "duplicate attribute {key}"
        );
    }
    Tree::Element {
        name,
        attrs,
        children: Vec::new(),
    }
}

fn close(done: Tree, stack: &mut [Tree], root: &mut Option<Tree>, xml: &str) {
    match stack.last_mut() {
        Some(Tree::Element { children, .. }) => children.push(done),
        Some(Tree::Text(_)) => unreachable!("text is never on the stack"),
        None => {
            assert!(root.is_none(), "more than one root element in {xml}");
            *root = Some(done);
        }
    }
}

fn push_text(stack: &mut [Tree], text: &str, xml: &str) {
    if text.is_empty() {
        return;
    }
    let Some(Tree::Element { children, .. }) = stack.last_mut() else {
        panic!("text {text:?} outside the root element in {xml}");
    };
    match children.last_mut() {
        Some(Tree::Text(previous)) => previous.push_str(text),
        _ => children.push(Tree::Text(text.to_owned())),
    }
}
