//! Reading a TwiML element's attributes: only the names Twilio documents for it, each value
//! checked as Twilio checks it, with its defaults.

use switchboard_domain::telephony::{CallEvent, RecordingStatus};

use super::error::TwimlError;
use super::verbs::Method;
use super::xml::Element;

/// The attributes of one element, checked against the names it may have.
pub(super) struct Attrs<'e> {
    element: &'e Element,
    /// How errors name the element: `Gather`, `Dial->Number`, ...
    path: String,
}

/// A bound on a whole-number attribute and the code of the error when it is out of bounds.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounds {
    pub min: u32,
    pub max: u32,
    pub code: u32,
}

impl Bounds {
    /// `min..=max`, refused with `code`.
    pub const fn new(min: u32, max: u32, code: u32) -> Self {
        Self { min, max, code }
    }
}

impl<'e> Attrs<'e> {
    /// The attributes of `element` (named `path` in errors), refusing any name not in
    /// `allowed` (12200: Twilio's "misspelled or unknown attributes"). Namespace
    /// declarations are always allowed.
    pub fn new(element: &'e Element, path: &str, allowed: &[&str]) -> Result<Self, TwimlError> {
        for (name, _) in &element.attributes {
            let declaration = name == "xmlns" || name.starts_with("xmlns:");
            if !declaration && !allowed.contains(&name.as_str()) {
                return Err(TwimlError::schema(format!(
                    "<{path}> has no attribute {name}"
                )));
            }
        }
        Ok(Self {
            element,
            path: path.to_owned(),
        })
    }

    /// The raw value of `name`.
    pub fn raw(&self, name: &str) -> Option<&'e str> {
        self.element.attribute(name)
    }

    /// The value of `name`, trimmed, `None` when absent or empty.
    pub fn string(&self, name: &str) -> Option<String> {
        self.raw(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// An error naming this element's attribute `name` and its `value`.
    pub fn invalid(&self, code: u32, name: &str, value: &str, expected: &str) -> TwimlError {
        TwimlError::new(
            code,
            format!("<{}> {name}=\"{value}\" is invalid: {expected}", self.path),
        )
    }

    /// `GET` or `POST` (any case), default `POST`.
    pub fn method(&self, name: &str) -> Result<Method, TwimlError> {
        match self.string(name) {
            None => Ok(Method::Post),
            Some(value) if value.eq_ignore_ascii_case("POST") => Ok(Method::Post),
            Some(value) if value.eq_ignore_ascii_case("GET") => Ok(Method::Get),
            Some(value) => Err(self.invalid(
                super::error::SCHEMA_VALIDATION,
                name,
                &value,
                "use GET or POST",
            )),
        }
    }

    /// A whole number within `bounds`, `default` when absent.
    pub fn number(&self, name: &str, default: u32, bounds: Bounds) -> Result<u32, TwimlError> {
        Ok(self.optional_number(name, bounds)?.unwrap_or(default))
    }

    /// A whole number within `bounds`, if present.
    pub fn optional_number(&self, name: &str, bounds: Bounds) -> Result<Option<u32>, TwimlError> {
        let Some(value) = self.string(name) else {
            return Ok(None);
        };
        let expected = format!("use a whole number from {} to {}", bounds.min, bounds.max);
        let parsed: u32 = value
            .parse()
            .map_err(|_| self.invalid(bounds.code, name, &value, &expected))?;
        if parsed < bounds.min || parsed > bounds.max {
            return Err(self.invalid(bounds.code, name, &value, &expected));
        }
        Ok(Some(parsed))
    }

    /// `true` or `false` (any case), `default` when absent.
    pub fn boolean(&self, name: &str, default: bool, code: u32) -> Result<bool, TwimlError> {
        match self.string(name) {
            None => Ok(default),
            Some(value) if value.eq_ignore_ascii_case("true") => Ok(true),
            Some(value) if value.eq_ignore_ascii_case("false") => Ok(false),
            Some(value) => Err(self.invalid(code, name, &value, "use true or false")),
        }
    }

    /// One of `allowed`, `default` when absent.
    pub fn choice(
        &self,
        name: &str,
        default: &str,
        allowed: &[&str],
        code: u32,
    ) -> Result<String, TwimlError> {
        match self.string(name) {
            None => Ok(default.to_owned()),
            Some(value) if allowed.contains(&value.as_str()) => Ok(value),
            Some(value) => Err(self.invalid(
                code,
                name,
                &value,
                &format!("use one of {}", allowed.join(", ")),
            )),
        }
    }

    /// Space-separated call progress events (`initiated ringing answered completed`).
    pub fn call_events(&self, name: &str) -> Result<Vec<CallEvent>, TwimlError> {
        let mut events = Vec::new();
        for word in self.raw(name).unwrap_or_default().split_whitespace() {
            let event = CallEvent::parse(word).ok_or_else(|| {
                self.invalid(
                    super::error::SCHEMA_VALIDATION,
                    name,
                    word,
                    "use initiated, ringing, answered or completed",
                )
            })?;
            if !events.contains(&event) {
                events.push(event);
            }
        }
        Ok(events)
    }

    /// Space-separated recording events (`in-progress completed absent`), `completed` when
    /// absent.
    pub fn recording_events(&self, name: &str) -> Result<Vec<RecordingStatus>, TwimlError> {
        let mut events = Vec::new();
        for word in self.raw(name).unwrap_or_default().split_whitespace() {
            let event = RecordingStatus::parse(word)
                .filter(|s| {
                    matches!(
                        s,
                        RecordingStatus::InProgress
                            | RecordingStatus::Completed
                            | RecordingStatus::Absent
                    )
                })
                .ok_or_else(|| {
                    self.invalid(
                        super::error::SCHEMA_VALIDATION,
                        name,
                        word,
                        "use in-progress, completed or absent",
                    )
                })?;
            if !events.contains(&event) {
                events.push(event);
            }
        }
        if events.is_empty() {
            events.push(RecordingStatus::Completed);
        }
        Ok(events)
    }
}
