//! A document to its typed tree: `<Response>` and its verbs, refusing what Twilio refuses.
//! `<Say>`, `<Play>` and `<Pause>` are read in `media`, `<Gather>` and `<Record>` in
//! `input`, `<Dial>` in `dial`.

use super::attrs::Attrs;
use super::error::{SCHEMA_VALIDATION, TwimlError};
use super::verbs::{Document, Redirect, Reject, RejectReason, Verb};
use super::xml::{Element, Node, parse_xml};
use super::{dial, input, media};

/// Verbs of voice TwiML the stand-in knows but does not carry out.
const NOT_CARRIED_OUT: &[&str] = &[
    "Connect", "Echo", "Enqueue", "Leave", "Pay", "Prompt", "Queue", "Refer", "Sms", "Message",
    "Start", "Stop",
];

/// Parses a voice TwiML document.
///
/// # Errors
/// A [`TwimlError`]: 12100 for what is not well-formed XML or has a root other than
/// `<Response>`, 12200 for unknown verbs, nouns and attributes, and the verb-specific codes
/// listed on [`TwimlError`] for wrong nesting and bad values.
pub fn parse(body: &str) -> Result<Document, TwimlError> {
    let root = parse_xml(body)?;
    if root.name != "Response" {
        return Err(TwimlError::parse_failure(format!(
            "the root element must be <Response>, not <{}>",
            root.name
        )));
    }
    Attrs::new(&root, "Response", &[])?;
    let mut verbs = Vec::new();
    for child in &root.children {
        match child {
            Node::Text(text) if text.trim().is_empty() => {}
            Node::Text(text) => {
                return Err(TwimlError::schema(format!(
                    "text directly inside <Response> (\"{}\"): put it in a <Say>",
                    text.trim()
                )));
            }
            Node::Element(element) => verbs.push(verb(element)?),
        }
    }
    Ok(Document { verbs })
}

/// One verb inside `<Response>`.
fn verb(element: &Element) -> Result<Verb, TwimlError> {
    match element.name.as_str() {
        "Say" => media::say(element, "Say").map(Verb::Say),
        "Play" => media::play(element, "Play").map(Verb::Play),
        "Pause" => media::pause(element, "Pause").map(Verb::Pause),
        "Gather" => input::gather(element).map(Verb::Gather),
        "Record" => input::record(element).map(Verb::Record),
        "Dial" => dial::dial(element).map(Verb::Dial),
        "Redirect" => redirect(element).map(Verb::Redirect),
        "Hangup" => {
            Attrs::new(element, "Hangup", &[])?;
            element.no_children("Hangup")?;
            Ok(Verb::Hangup)
        }
        "Reject" => reject(element).map(Verb::Reject),
        "Number" | "Client" | "Identity" | "Parameter" | "Conference" | "Sip" | "Sim" => {
            Err(TwimlError::schema(format!(
                "<{}> is a noun of <Dial>, not a verb of <Response>",
                element.name
            )))
        }
        name if NOT_CARRIED_OUT.contains(&name) => Err(TwimlError::schema(format!(
            "<{name}> is TwiML the stand-in does not carry out"
        ))),
        name => Err(TwimlError::schema(format!(
            "<{name}> is not a TwiML voice verb (verbs are case-sensitive: Say, Play, Pause, \
             Gather, Dial, Record, Redirect, Hangup, Reject)"
        ))),
    }
}

/// `<Redirect>`.
fn redirect(element: &Element) -> Result<Redirect, TwimlError> {
    let attrs = Attrs::new(element, "Redirect", &["method"])?;
    element.no_children("Redirect")?;
    let url = element.own_text();
    if url.is_empty() {
        return Err(TwimlError::schema("<Redirect> needs a URL as its text"));
    }
    Ok(Redirect {
        url,
        method: attrs.method("method")?,
    })
}

/// `<Reject>`.
fn reject(element: &Element) -> Result<Reject, TwimlError> {
    let attrs = Attrs::new(element, "Reject", &["reason"])?;
    element.no_children("Reject")?;
    let reason = match attrs
        .choice(
            "reason",
            "rejected",
            &["rejected", "busy"],
            SCHEMA_VALIDATION,
        )?
        .as_str()
    {
        "busy" => RejectReason::Busy,
        _ => RejectReason::Rejected,
    };
    Ok(Reject { reason })
}
