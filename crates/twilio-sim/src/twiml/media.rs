//! The verbs that play something to the caller: `<Say>`, `<Play>` and `<Pause>`, alone or
//! nested in `<Gather>`.

use super::attrs::{Attrs, Bounds};
use super::error::{SCHEMA_VALIDATION, TwimlError};
use super::verbs::{Pause, Play, Say};
use super::xml::Element;

/// Elements `<Say>` may hold (SSML), whose text is spoken.
const SSML: &[&str] = &[
    "break",
    "emphasis",
    "lang",
    "p",
    "phoneme",
    "prosody",
    "s",
    "say-as",
    "sub",
    "w",
    "amazon:domain",
    "amazon:effect",
];

/// `<Say>` (also nested in `<Gather>`, named `path`).
pub(super) fn say(element: &Element, path: &str) -> Result<Say, TwimlError> {
    let attrs = Attrs::new(element, path, &["voice", "loop", "language"])?;
    for child in element.elements() {
        if !SSML.contains(&child.name.as_str()) {
            return Err(TwimlError::schema(format!(
                "<{path}> may hold text and SSML, not <{}>",
                child.name
            )));
        }
    }
    let loop_code = if path == "Say" {
        SCHEMA_VALIDATION
    } else {
        13322
    };
    Ok(Say {
        text: element.text().trim().to_owned(),
        voice: attrs.string("voice"),
        language: attrs.string("language"),
        loops: attrs.number("loop", 1, Bounds::new(0, 1000, loop_code))?,
    })
}

/// `<Play>` (also nested in `<Gather>`).
pub(super) fn play(element: &Element, path: &str) -> Result<Play, TwimlError> {
    let attrs = Attrs::new(element, path, &["loop", "digits"])?;
    element.no_children(path)?;
    let url = Some(element.own_text()).filter(|u| !u.is_empty());
    let digits = attrs.string("digits");
    if let Some(digits) = &digits
        && !digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '*' | '#' | 'w' | 'W'))
    {
        return Err(attrs.invalid(
            SCHEMA_VALIDATION,
            "digits",
            digits,
            "use 0-9, *, # and w (a half-second pause)",
        ));
    }
    if url.is_none() && digits.is_none() {
        return Err(TwimlError::schema(format!(
            "<{path}> needs an audio URL as its text, or digits"
        )));
    }
    Ok(Play {
        url,
        loops: attrs.number("loop", 1, Bounds::new(0, 1000, SCHEMA_VALIDATION))?,
        digits,
    })
}

/// `<Pause>` (also nested in `<Gather>`).
pub(super) fn pause(element: &Element, path: &str) -> Result<Pause, TwimlError> {
    let attrs = Attrs::new(element, path, &["length"])?;
    element.no_children(path)?;
    if !element.own_text().is_empty() {
        return Err(TwimlError::schema(format!("<{path}> holds no text")));
    }
    Ok(Pause {
        length: attrs.number("length", 1, Bounds::new(0, 3600, SCHEMA_VALIDATION))?,
    })
}
