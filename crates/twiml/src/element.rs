//! The generic TwiML element tree and how it is written with quick-xml.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};

use crate::escape::{escape_attr, escape_text};

/// One XML element: a name, attributes in insertion order, and child nodes.
///
/// The typed verbs ([`Say`](crate::Say), [`Dial`](crate::Dial), …) build these; use it
/// directly only for TwiML this crate has no type for. Setting an attribute twice replaces
/// the value, so a rendered element never repeats an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    name: &'static str,
    attrs: Vec<(&'static str, String)>,
    children: Vec<Node>,
}

/// A child of an [`Element`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A nested element.
    Element(Element),
    /// Text, stored unescaped.
    Text(String),
}

impl Element {
    /// An element with no attributes and no children.
    #[must_use]
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// The element name, such as `Say`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The attributes, unescaped, in the order they were first set.
    #[must_use]
    pub fn attrs(&self) -> &[(&'static str, String)] {
        &self.attrs
    }

    /// The value of one attribute, if set.
    #[must_use]
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The child nodes, in order.
    #[must_use]
    pub fn children(&self) -> &[Node] {
        &self.children
    }

    /// Sets an attribute, replacing any earlier value of the same name.
    pub fn set_attr(&mut self, name: &'static str, value: impl Into<String>) {
        let value = value.into();
        match self.attrs.iter_mut().find(|(n, _)| *n == name) {
            Some((_, old)) => *old = value,
            None => self.attrs.push((name, value)),
        }
    }

    /// Builder form of [`set_attr`](Self::set_attr).
    #[must_use]
    pub fn with_attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.set_attr(name, value);
        self
    }

    /// Sets an attribute if `value` is `Some`; `None` leaves the element unchanged.
    #[must_use]
    pub fn with_attr_opt(self, name: &'static str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(value) => self.with_attr(name, value),
            None => self,
        }
    }

    /// Appends text. Empty text adds nothing, so `Say::new("")` renders as `<Say/>`.
    pub fn push_text(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !text.is_empty() {
            self.children.push(Node::Text(text));
        }
    }

    /// Builder form of [`push_text`](Self::push_text).
    #[must_use]
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.push_text(text);
        self
    }

    /// Appends a child element.
    pub fn push_child(&mut self, child: impl Into<Element>) {
        self.children.push(Node::Element(child.into()));
    }

    /// Builder form of [`push_child`](Self::push_child).
    #[must_use]
    pub fn with_child(mut self, child: impl Into<Element>) -> Self {
        self.push_child(child);
        self
    }

    /// Sets a list attribute as its items joined by single spaces; an empty list sets nothing.
    pub(crate) fn with_list_attr<T>(
        self,
        name: &'static str,
        items: impl IntoIterator<Item = T>,
        as_str: fn(T) -> &'static str,
    ) -> Self {
        let joined = items.into_iter().map(as_str).collect::<Vec<_>>().join(" ");
        if joined.is_empty() {
            self
        } else {
            self.with_attr(name, joined)
        }
    }

    /// Writes the element and its children, escaping text and attribute values. An element
    /// without children is written as `<Name/>`.
    ///
    /// # Errors
    /// Whatever the underlying writer returns.
    pub fn write<W: io::Write>(&self, writer: &mut Writer<W>) -> io::Result<()> {
        let mut start = BytesStart::new(self.name);
        for (name, value) in &self.attrs {
            let value = escape_attr(value);
            start.push_attribute((name.as_bytes(), value.as_bytes()));
        }
        if self.children.is_empty() {
            return writer.write_event(Event::Empty(start));
        }
        writer.write_event(Event::Start(start))?;
        for child in &self.children {
            match child {
                Node::Element(element) => element.write(writer)?,
                Node::Text(text) => {
                    writer.write_event(Event::Text(BytesText::from_escaped(escape_text(text))))?;
                }
            }
        }
        writer.write_event(Event::End(BytesEnd::new(self.name)))
    }
}

/// `"true"` or `"false"`, as the official libraries render booleans.
pub(crate) fn bool_str(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_attr_replaces_instead_of_repeating() {
        let element = Element::new("Play")
            .with_attr("loop", "1")
            .with_attr("loop", "0");
        assert_eq!(element.attrs(), &[("loop", "0".to_owned())]);
        assert_eq!(element.attr("loop"), Some("0"));
        assert_eq!(element.attr("digits"), None);
    }

    #[test]
    fn optional_and_list_attributes() {
        let element = Element::new("X")
            .with_attr_opt("a", None::<String>)
            .with_attr_opt("b", Some("1"))
            .with_list_attr("c", Vec::<&'static str>::new(), |s| s)
            .with_list_attr("d", ["x", "y"], |s| s);
        assert_eq!(
            element.attrs(),
            &[("b", "1".to_owned()), ("d", "x y".to_owned())]
        );
    }

    #[test]
    fn empty_text_adds_no_child() {
        assert!(Element::new("Say").with_text("").children().is_empty());
    }
}
