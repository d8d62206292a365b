//! The verbs that listen to the caller: `<Gather>` (digits or speech, with its nested
//! prompts) and `<Record>`.

use super::attrs::{Attrs, Bounds};
use super::error::{SCHEMA_VALIDATION, TwimlError};
use super::media;
use super::verbs::{Gather, Prompt, Record, SpeechTimeout};
use super::xml::{Element, Node};

/// 13314 "Gather: Invalid numDigits value".
const GATHER_NUM_DIGITS: u32 = 13314;
/// 13320 "Gather: Invalid nested verb".
const GATHER_NESTED: u32 = 13320;
/// 13338 "Gather: Invalid actionOnEmptyResult value".
const GATHER_EMPTY_RESULT: u32 = 13338;
/// 13310 "Gather: Invalid finishOnKey value" (from memory).
const GATHER_FINISH_ON_KEY: u32 = 13310;
/// 13313 "Gather: Invalid timeout value" (from memory).
const GATHER_TIMEOUT: u32 = 13313;
/// 13327 "Gather: Invalid speechTimeout value".
const GATHER_SPEECH_TIMEOUT: u32 = 13327;
/// 13613 "Record: Invalid finishOnKey value" (from memory).
const RECORD_FINISH_ON_KEY: u32 = 13613;
/// 13611 "Record: Invalid timeout value".
const RECORD_TIMEOUT: u32 = 13611;
/// 13612 "Record: Invalid maxLength value".
const RECORD_MAX_LENGTH: u32 = 13612;

/// The keys of a phone's keypad.
fn is_key(c: char) -> bool {
    c.is_ascii_digit() || c == '*' || c == '#'
}

/// `<Gather>`.
pub(super) fn gather(element: &Element) -> Result<Gather, TwimlError> {
    let attrs = Attrs::new(
        element,
        "Gather",
        &[
            "input",
            "action",
            "method",
            "timeout",
            "speechTimeout",
            "maxSpeechTime",
            "profanityFilter",
            "finishOnKey",
            "numDigits",
            "partialResultCallback",
            "partialResultCallbackMethod",
            "language",
            "hints",
            "bargeIn",
            "debug",
            "actionOnEmptyResult",
            "speechModel",
            "enhanced",
        ],
    )?;
    let (mut dtmf, mut speech) = (false, false);
    for word in attrs.raw("input").unwrap_or("dtmf").split_whitespace() {
        match word {
            "dtmf" => dtmf = true,
            "speech" => speech = true,
            other => {
                return Err(attrs.invalid(
                    SCHEMA_VALIDATION,
                    "input",
                    other,
                    "use dtmf, speech or \"dtmf speech\"",
                ));
            }
        }
    }
    if !dtmf && !speech {
        dtmf = true;
    }
    let finish_on_key = match attrs.raw("finishOnKey") {
        None => Some('#'),
        Some("") => None,
        Some(key) => {
            let mut chars = key.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if is_key(c) => Some(c),
                _ => {
                    return Err(attrs.invalid(
                        GATHER_FINISH_ON_KEY,
                        "finishOnKey",
                        key,
                        "use one key of 0-9, * or #, or an empty value",
                    ));
                }
            }
        }
    };
    let speech_timeout = match attrs.string("speechTimeout") {
        None => None,
        Some(value) if value == "auto" => Some(SpeechTimeout::Auto),
        Some(value) => match value.parse::<u32>() {
            Ok(seconds) if seconds <= 600 => Some(SpeechTimeout::Seconds(seconds)),
            _ => {
                return Err(attrs.invalid(
                    GATHER_SPEECH_TIMEOUT,
                    "speechTimeout",
                    &value,
                    "use a whole number of seconds or auto",
                ));
            }
        },
    };
    let mut prompts = Vec::new();
    for child in &element.children {
        match child {
            Node::Text(text) if text.trim().is_empty() => {}
            Node::Text(text) => {
                return Err(TwimlError::new(
                    GATHER_NESTED,
                    format!(
                        "text directly inside <Gather> (\"{}\"): put it in a <Say>",
                        text.trim()
                    ),
                ));
            }
            Node::Element(nested) => prompts.push(match nested.name.as_str() {
                "Say" => Prompt::Say(media::say(nested, "Gather->Say")?),
                "Play" => Prompt::Play(media::play(nested, "Gather->Play")?),
                "Pause" => Prompt::Pause(media::pause(nested, "Gather->Pause")?),
                other => {
                    return Err(TwimlError::new(
                        GATHER_NESTED,
                        format!("<Gather> may hold only <Say>, <Play> and <Pause>, not <{other}>"),
                    ));
                }
            }),
        }
    }
    Ok(Gather {
        dtmf,
        speech,
        action: attrs.string("action"),
        method: attrs.method("method")?,
        timeout: attrs.number("timeout", 5, Bounds::new(0, 600, GATHER_TIMEOUT))?,
        num_digits: attrs.optional_number("numDigits", Bounds::new(1, 100, GATHER_NUM_DIGITS))?,
        finish_on_key,
        speech_timeout,
        action_on_empty_result: attrs.boolean("actionOnEmptyResult", false, GATHER_EMPTY_RESULT)?,
        hints: attrs.string("hints"),
        prompts,
    })
}

/// `<Record>`.
pub(super) fn record(element: &Element) -> Result<Record, TwimlError> {
    let attrs = Attrs::new(
        element,
        "Record",
        &[
            "action",
            "method",
            "timeout",
            "finishOnKey",
            "maxLength",
            "playBeep",
            "trim",
            "recordingStatusCallback",
            "recordingStatusCallbackMethod",
            "recordingStatusCallbackEvent",
            "transcribe",
            "transcribeCallback",
            "recordingConfigurationId",
            "recordingChannels",
            "recordingTrack",
        ],
    )?;
    element.no_children("Record")?;
    let finish_on_key = attrs
        .raw("finishOnKey")
        .unwrap_or("1234567890*#")
        .to_owned();
    if !finish_on_key.chars().all(is_key) {
        return Err(attrs.invalid(
            RECORD_FINISH_ON_KEY,
            "finishOnKey",
            &finish_on_key,
            "use keys of 0-9, * and #",
        ));
    }
    Ok(Record {
        action: attrs.string("action"),
        method: attrs.method("method")?,
        max_length: attrs.number("maxLength", 3600, Bounds::new(1, 14_400, RECORD_MAX_LENGTH))?,
        play_beep: attrs.boolean("playBeep", true, SCHEMA_VALIDATION)?,
        timeout: attrs.number("timeout", 5, Bounds::new(0, 3600, RECORD_TIMEOUT))?,
        finish_on_key,
        recording_status_callback: attrs.string("recordingStatusCallback"),
        recording_status_callback_events: attrs.recording_events("recordingStatusCallbackEvent")?,
        recording_status_callback_method: attrs.method("recordingStatusCallbackMethod")?,
        trim: attrs.choice(
            "trim",
            "trim-silence",
            &["trim-silence", "do-not-trim"],
            SCHEMA_VALIDATION,
        )?,
    })
}
