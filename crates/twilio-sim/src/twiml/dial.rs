//! `<Dial>` and its nouns: `<Number>`s (at most 10), `<Client>` (identity as text or
//! `<Identity>`, with `<Parameter>`s), or a bare number as the Dial's text.

use super::attrs::{Attrs, Bounds};
use super::error::{SCHEMA_VALIDATION, TwimlError};
use super::verbs::{Dial, DialTarget, LegCallbacks};
use super::xml::{Element, Node};

/// How many `<Number>`s one `<Dial>` may ring (Twilio's limit).
pub const MAX_NUMBERS: usize = 10;

/// 13212 "Dial: Invalid timeout value".
const DIAL_TIMEOUT: u32 = 13212;
/// 13215 "Dial: Invalid nested element".
const DIAL_NESTED: u32 = 13215;

/// Nouns of `<Dial>` the stand-in does not carry out.
const NOT_CARRIED_OUT: &[&str] = &[
    "Conference",
    "Queue",
    "Sip",
    "Sim",
    "Application",
    "WhatsApp",
];

/// `<Dial>`.
pub(super) fn dial(element: &Element) -> Result<Dial, TwimlError> {
    let attrs = Attrs::new(
        element,
        "Dial",
        &[
            "action",
            "method",
            "timeout",
            "hangupOnStar",
            "timeLimit",
            "callerId",
            "record",
            "trim",
            "recordingStatusCallback",
            "recordingStatusCallbackMethod",
            "recordingStatusCallbackEvent",
            "answerOnBridge",
            "ringTone",
            "recordingTrack",
            "sequential",
            "referUrl",
            "referMethod",
            "events",
            "recordingConfigurationId",
            "callReason",
        ],
    )?;
    let mut targets = Vec::new();
    let mut bare = String::new();
    for child in &element.children {
        match child {
            Node::Text(text) => bare.push_str(text),
            Node::Element(noun) => targets.push(target(noun)?),
        }
    }
    let bare = bare.trim();
    match (bare.is_empty(), targets.is_empty()) {
        (false, false) => {
            return Err(TwimlError::new(
                DIAL_NESTED,
                format!("<Dial> holds both a bare number (\"{bare}\") and nouns"),
            ));
        }
        (false, true) => targets.push(DialTarget::Number {
            number: bare.to_owned(),
            callbacks: LegCallbacks::default(),
        }),
        (true, true) => {
            return Err(TwimlError::new(
                DIAL_NESTED,
                "<Dial> names nothing to dial: give a number, <Number> or <Client>",
            ));
        }
        (true, false) => {}
    }
    let numbers = targets
        .iter()
        .filter(|t| matches!(t, DialTarget::Number { .. }))
        .count();
    if numbers > MAX_NUMBERS {
        return Err(TwimlError::new(
            DIAL_NESTED,
            format!("<Dial> holds {numbers} <Number>s; Twilio dials at most {MAX_NUMBERS}"),
        ));
    }
    Ok(Dial {
        action: attrs.string("action"),
        method: attrs.method("method")?,
        timeout: attrs.number("timeout", 30, Bounds::new(1, 600, DIAL_TIMEOUT))?,
        answer_on_bridge: attrs.boolean("answerOnBridge", false, SCHEMA_VALIDATION)?,
        caller_id: attrs.string("callerId"),
        record: attrs.choice(
            "record",
            "do-not-record",
            &[
                "do-not-record",
                "record-from-answer",
                "record-from-ringing",
                "record-from-answer-dual",
                "record-from-ringing-dual",
                "true",
                "false",
            ],
            SCHEMA_VALIDATION,
        )?,
        targets,
    })
}

/// A noun inside `<Dial>`.
fn target(noun: &Element) -> Result<DialTarget, TwimlError> {
    match noun.name.as_str() {
        "Number" => {
            let attrs = Attrs::new(
                noun,
                "Dial->Number",
                &[
                    "sendDigits",
                    "url",
                    "method",
                    "statusCallbackEvent",
                    "statusCallback",
                    "statusCallbackMethod",
                    "byoc",
                    "machineDetection",
                    "machineDetectionTimeout",
                    "amdStatusCallback",
                    "amdStatusCallbackMethod",
                    "machineDetectionSpeechThreshold",
                    "machineDetectionSpeechEndThreshold",
                    "machineDetectionSilenceTimeout",
                ],
            )?;
            noun.no_children("Dial->Number")?;
            let number = noun.own_text();
            if number.is_empty() {
                return Err(TwimlError::schema(
                    "<Number> needs a phone number as its text",
                ));
            }
            Ok(DialTarget::Number {
                number,
                callbacks: callbacks(&attrs)?,
            })
        }
        "Client" => client(noun),
        name if NOT_CARRIED_OUT.contains(&name) => Err(TwimlError::schema(format!(
            "<Dial><{name}> is TwiML the stand-in does not carry out"
        ))),
        name => Err(TwimlError::new(
            DIAL_NESTED,
            format!("<Dial> may hold <Number> or <Client>, not <{name}>"),
        )),
    }
}

/// `<Client>`: identity as text, or `<Identity>` with `<Parameter>`s.
fn client(noun: &Element) -> Result<DialTarget, TwimlError> {
    let attrs = Attrs::new(
        noun,
        "Dial->Client",
        &[
            "url",
            "method",
            "statusCallbackEvent",
            "statusCallback",
            "statusCallbackMethod",
        ],
    )?;
    let mut identity = noun.own_text();
    let mut parameters = Vec::new();
    for child in noun.elements() {
        match child.name.as_str() {
            "Identity" => {
                Attrs::new(child, "Client->Identity", &[])?;
                child.no_children("Client->Identity")?;
                identity = child.own_text();
            }
            "Parameter" => {
                let parameter = Attrs::new(child, "Client->Parameter", &["name", "value"])?;
                child.no_children("Client->Parameter")?;
                let name = parameter
                    .string("name")
                    .ok_or_else(|| TwimlError::schema("<Parameter> needs a name"))?;
                parameters.push((name, parameter.raw("value").unwrap_or_default().to_owned()));
            }
            other => {
                return Err(TwimlError::new(
                    DIAL_NESTED,
                    format!("<Client> may hold <Identity> and <Parameter>, not <{other}>"),
                ));
            }
        }
    }
    if identity.is_empty() {
        return Err(TwimlError::schema(
            "<Client> needs an identity, as its text or in <Identity>",
        ));
    }
    Ok(DialTarget::Client {
        identity,
        parameters,
        callbacks: callbacks(&attrs)?,
    })
}

/// The call-progress attributes of a `<Number>` or `<Client>`.
fn callbacks(attrs: &Attrs<'_>) -> Result<LegCallbacks, TwimlError> {
    Ok(LegCallbacks {
        status_callback: attrs.string("statusCallback"),
        status_callback_events: attrs.call_events("statusCallbackEvent")?,
        status_callback_method: attrs.method("statusCallbackMethod")?,
        url: attrs.string("url"),
        method: attrs.method("method")?,
    })
}
