//! User-supplied strings survive rendering exactly, in text and in attribute values.

use crate::support::parse;
use switchboard_twiml::{
    Client, Dial, Element, Message, MessagingResponse, Redirect, Say, VoiceResponse,
};

const HOSTILE: &str = "]]> \"double\" 'single' <script>alert('x')</script> &amp; café 日本語 😀 €";

#[test]
fn hostile_text_round_trips() {
    let xml = VoiceResponse::new().with(Say::new(HOSTILE)).to_xml();
    assert!(!xml.contains("<script>"), "{xml}");
    assert!(!xml.contains("]]>"), "{xml}");
    assert!(
        xml.contains("café 日本語 😀 €"),
        "non-ASCII is written raw as UTF-8: {xml}"
    );
    assert_eq!(parse(&xml).root.children()[0].text(), HOSTILE);
}

#[test]
fn hostile_attribute_values_round_trip() {
    let xml = VoiceResponse::new()
        .with(Say::new("x").voice(HOSTILE).language(HOSTILE))
        .with(
            Dial::new()
                .caller_id(HOSTILE)
                .with(Client::new(HOSTILE).parameter(HOSTILE, HOSTILE)),
        )
        .with(Redirect::new(HOSTILE))
        .to_xml();
    assert!(!xml.contains("<script>"), "{xml}");
    let root = parse(&xml).root;
    let [say, dial, redirect] = root.children() else {
        panic!("three verbs in {xml}")
    };
    assert_eq!(say.attr("voice"), Some(HOSTILE));
    assert_eq!(say.attr("language"), Some(HOSTILE));
    assert_eq!(dial.attr("callerId"), Some(HOSTILE));
    let [identity, parameter] = dial.children()[0].children() else {
        panic!("{xml}")
    };
    assert_eq!(identity.text(), HOSTILE);
    assert_eq!(parameter.attr("name"), Some(HOSTILE));
    assert_eq!(parameter.attr("value"), Some(HOSTILE));
    assert_eq!(redirect.text(), HOSTILE);
}

#[test]
fn messaging_text_round_trips() {
    let xml = MessagingResponse::new()
        .with(Message::new("").body(HOSTILE).to(HOSTILE).media(HOSTILE))
        .to_xml();
    let root = parse(&xml).root;
    let message = &root.children()[0];
    assert_eq!(message.attr("to"), Some(HOSTILE));
    assert_eq!(message.text(), "", "body given only as <Body>: {xml}");
    let [body, media] = message.children() else {
        panic!("{xml}")
    };
    assert_eq!(body.text(), HOSTILE);
    assert_eq!(media.text(), HOSTILE);
}

#[test]
fn whitespace_survives_in_text_and_attributes() {
    let value = "line 1\r\nline 2\n\tindented  two spaces ";
    let xml = VoiceResponse::new()
        .with(Say::new(value).voice(value))
        .to_xml();
    assert!(
        !xml.contains('\r'),
        "CR is written as a character reference: {xml}"
    );
    let root = parse(&xml).root;
    let say = &root.children()[0];
    assert_eq!(say.text(), value);
    assert_eq!(say.attr("voice"), Some(value));
}

#[test]
fn characters_xml_cannot_carry_are_dropped() {
    let xml = VoiceResponse::new()
        .with(Say::new("a\u{0}b\u{7}c\u{1b}d\u{FFFF}e").voice("\u{1}x\u{FFFE}"))
        .to_xml();
    let root = parse(&xml).root;
    let say = &root.children()[0];
    assert_eq!(say.text(), "abcde");
    assert_eq!(say.attr("voice"), Some("x"));
}

#[test]
fn empty_text_renders_an_empty_element() {
    let xml = VoiceResponse::new().with(Say::new("")).to_xml();
    assert_eq!(
        xml,
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say/></Response>"#
    );
}

#[test]
fn generic_elements_are_escaped_too() {
    let element = Element::new("Say")
        .with_attr("voice", HOSTILE)
        .with_text(HOSTILE);
    let mut out = quick_xml::Writer::new(Vec::new());
    element.write(&mut out).unwrap();
    let xml = String::from_utf8(out.into_inner()).unwrap();
    let root = parse(&xml).root;
    assert_eq!(root.attr("voice"), Some(HOSTILE));
    assert_eq!(root.text(), HOSTILE);
}
