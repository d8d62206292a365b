//! A small OpenAPI 3.0 schema validator for response bodies, and the value checks shared with
//! request parameters.
//!
//! It understands `$ref` (to `#/components/schemas/...`), `type`, `properties`, `required`,
//! `nullable`, `enum`, `items`, `allOf`/`oneOf`/`anyOf`, `pattern`, `minLength`/`maxLength`,
//! `minimum`/`maximum` and the formats `date-time-rfc-2822` (loosely) and `uri`.
//!
//! Three rules go beyond plain OpenAPI, each because the spec's own examples (and Twilio's
//! live API) need it. They are covered by a test that validates every example in the subset:
//! - A declared, non-nullable property of a component schema must be present: Twilio always
//!   renders every field of a resource (unset ones as `null`). Inline schemas, such as list
//!   envelopes, only enforce `required` (the AvailablePhoneNumbers envelope carries just
//!   `available_phone_numbers` and `uri`).
//! - A `type: number` accepts a decimal string: Twilio serialises decimals such as `latitude`
//!   as strings (`"19.720000"` in the spec's example).
//! - A nullable string accepts `""` whatever its `pattern` or `format`: Twilio renders unset
//!   SIDs and URLs as `""` as well as `null` (the IncomingPhoneNumber examples do both).
//!
//! In requests, an empty value passes `format: uri`: sending `VoiceUrl=` is how a client
//! clears a URL setting.
//!
//! `format: phone-number-capabilities` objects match their property names case-insensitively,
//! since the live API sends `SMS`/`MMS` for some resources (see the notes, §1).

use serde_json::{Map, Value};

use super::pattern;
use crate::urls::is_http_url;

/// Where a value sits in a response body, for messages (`$.calls[0].status`).
pub(crate) type Pointer = String;

/// Validates response bodies against the schemas of one OpenAPI document.
pub(crate) struct SchemaValidator<'a> {
    document: &'a Value,
}

/// How deep `$ref`s may nest before the validator gives up (the spec has no recursion).
const MAX_DEPTH: usize = 32;

impl<'a> SchemaValidator<'a> {
    pub(crate) fn new(document: &'a Value) -> Self {
        Self { document }
    }

    /// The schema a `$ref` points at, if it is a local component reference that exists.
    pub(crate) fn resolve_ref(&self, reference: &str) -> Option<&'a Value> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        self.document.get("components")?.get("schemas")?.get(name)
    }

    /// `schema` with any chain of `$ref`s followed; `None` for a dangling reference.
    pub(crate) fn resolve(&self, schema: &'a Value) -> Option<&'a Value> {
        let mut current = schema;
        for _ in 0..MAX_DEPTH {
            match current.get("$ref").and_then(Value::as_str) {
                Some(reference) => current = self.resolve_ref(reference)?,
                None => return Some(current),
            }
        }
        None
    }

    /// Validates `value` against `schema`; problems are pushed to `out` as
    /// `(pointer, message)`.
    pub(crate) fn validate(
        &self,
        schema: &'a Value,
        value: &Value,
        pointer: &str,
        out: &mut Vec<(Pointer, String)>,
    ) {
        self.validate_at(schema, value, pointer, false, 0, out);
    }

    fn validate_at(
        &self,
        schema: &'a Value,
        value: &Value,
        pointer: &str,
        is_component: bool,
        depth: usize,
        out: &mut Vec<(Pointer, String)>,
    ) {
        if depth > MAX_DEPTH {
            out.push((pointer.to_owned(), "schema nests too deeply".to_owned()));
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            match self.resolve_ref(reference) {
                Some(target) => self.validate_at(target, value, pointer, true, depth + 1, out),
                None => out.push((pointer.to_owned(), format!("dangling $ref {reference}"))),
            }
            return;
        }
        if value.is_null() {
            if !is_nullable(schema) && declares_something(schema) {
                out.push((pointer.to_owned(), "is null but not nullable".to_owned()));
            }
            return;
        }
        for (keyword, all_must_match) in [("allOf", true), ("oneOf", false), ("anyOf", false)] {
            if let Some(subschemas) = schema.get(keyword).and_then(Value::as_array) {
                self.validate_combination(
                    keyword,
                    subschemas,
                    all_must_match,
                    value,
                    pointer,
                    depth,
                    out,
                );
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.contains(value)
        {
            out.push((
                pointer.to_owned(),
                format!("{value} is not one of {}", Value::Array(allowed.clone())),
            ));
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => {
                self.validate_object(schema, value, pointer, is_component, depth, out)
            }
            Some("array") => match value.as_array() {
                Some(items) => {
                    if let Some(item_schema) = schema.get("items") {
                        for (i, item) in items.iter().enumerate() {
                            let at = format!("{pointer}[{i}]");
                            self.validate_at(item_schema, item, &at, false, depth + 1, out);
                        }
                    }
                }
                None => out.push((
                    pointer.to_owned(),
                    format!("expected an array, got {value}"),
                )),
            },
            Some("string") => match value.as_str() {
                Some(text) => check_string(schema, text, ValueSource::Response)
                    .into_iter()
                    .for_each(|m| out.push((pointer.to_owned(), m))),
                None => out.push((
                    pointer.to_owned(),
                    format!("expected a string, got {value}"),
                )),
            },
            Some("integer") => {
                if value.as_i64().is_none() && value.as_u64().is_none() {
                    out.push((
                        pointer.to_owned(),
                        format!("expected an integer, got {value}"),
                    ));
                } else if let Some(n) = value.as_f64() {
                    check_bounds(schema, n)
                        .into_iter()
                        .for_each(|m| out.push((pointer.to_owned(), m)));
                }
            }
            Some("number") => {
                let number = value
                    .as_f64()
                    .or_else(|| value.as_str().and_then(|s| s.trim().parse::<f64>().ok()));
                match number {
                    Some(n) => check_bounds(schema, n)
                        .into_iter()
                        .for_each(|m| out.push((pointer.to_owned(), m))),
                    None => {
                        out.push((
                            pointer.to_owned(),
                            format!("expected a number, got {value}"),
                        ));
                    }
                }
            }
            Some("boolean") if !value.is_boolean() => {
                out.push((
                    pointer.to_owned(),
                    format!("expected a boolean, got {value}"),
                ));
            }
            Some("boolean") => {}
            Some(other) => out.push((pointer.to_owned(), format!("unknown schema type {other}"))),
            None => {}
        }
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the recursion state is passed explicitly"
    )]
    fn validate_combination(
        &self,
        keyword: &str,
        subschemas: &'a [Value],
        all_must_match: bool,
        value: &Value,
        pointer: &str,
        depth: usize,
        out: &mut Vec<(Pointer, String)>,
    ) {
        let results: Vec<Vec<(Pointer, String)>> = subschemas
            .iter()
            .map(|sub| {
                let mut found = Vec::new();
                self.validate_at(sub, value, pointer, false, depth + 1, &mut found);
                found
            })
            .collect();
        let matching = results.iter().filter(|r| r.is_empty()).count();
        if all_must_match {
            out.extend(results.into_iter().flatten());
        } else if keyword == "oneOf" && matching != 1 {
            out.push((
                pointer.to_owned(),
                format!("matches {matching} of the oneOf schemas, expected exactly 1"),
            ));
        } else if matching == 0 {
            out.push((
                pointer.to_owned(),
                format!("matches none of the {keyword} schemas"),
            ));
        }
    }

    fn validate_object(
        &self,
        schema: &'a Value,
        value: &Value,
        pointer: &str,
        is_component: bool,
        depth: usize,
        out: &mut Vec<(Pointer, String)>,
    ) {
        let Some(object) = value.as_object() else {
            out.push((
                pointer.to_owned(),
                format!("expected an object, got {value}"),
            ));
            return;
        };
        let case_insensitive =
            schema.get("format").and_then(Value::as_str) == Some("phone-number-capabilities");
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            for name in required {
                if lookup(object, name, case_insensitive).is_none() {
                    out.push((
                        pointer.to_owned(),
                        format!("missing required field `{name}`"),
                    ));
                }
            }
            return;
        };
        for (name, property_schema) in properties {
            let at = format!("{pointer}.{name}");
            match lookup(object, name, case_insensitive) {
                Some(field) => self.validate_at(property_schema, field, &at, false, depth + 1, out),
                None if required.contains(&name.as_str()) => {
                    out.push((
                        pointer.to_owned(),
                        format!("missing required field `{name}`"),
                    ));
                }
                None if is_component && !self.is_nullable_property(property_schema) => {
                    out.push((
                        pointer.to_owned(),
                        format!("missing field `{name}`, which is declared and not nullable"),
                    ));
                }
                None => {}
            }
        }
        for name in required {
            if !properties.contains_key(name) && lookup(object, name, case_insensitive).is_none() {
                out.push((
                    pointer.to_owned(),
                    format!("missing required field `{name}`"),
                ));
            }
        }
    }

    fn is_nullable_property(&self, schema: &'a Value) -> bool {
        is_nullable(schema) || self.resolve(schema).is_none_or(is_nullable)
    }
}

fn lookup<'v>(
    object: &'v Map<String, Value>,
    name: &str,
    case_insensitive: bool,
) -> Option<&'v Value> {
    object.get(name).or_else(|| {
        case_insensitive
            .then(|| {
                object
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v)
            })
            .flatten()
    })
}

fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
}

/// Whether the schema constrains anything at all (`{}` accepts `null` too).
fn declares_something(schema: &Value) -> bool {
    schema.as_object().is_some_and(|o| {
        o.keys()
            .any(|k| !matches!(k.as_str(), "description" | "x-twilio" | "example" | "title"))
    })
}

/// Whether a string value comes from a request (form or query) or a response body; `uri`
/// means an absolute URL in requests and a URI reference in responses, where Twilio's paging
/// fields (`first_page_uri`, ...) are relative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueSource {
    Request,
    Response,
}

/// Checks a string against `enum`, `pattern`, `minLength`/`maxLength` and `format`; returns
/// the problems found.
pub(crate) fn check_string(schema: &Value, text: &str, source: ValueSource) -> Vec<String> {
    let mut problems = Vec::new();
    if source == ValueSource::Response && text.is_empty() && is_nullable(schema) {
        return problems;
    }
    if source == ValueSource::Request
        && let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.iter().any(|a| a.as_str() == Some(text))
    {
        problems.push(format!(
            "`{text}` is not one of {}",
            Value::Array(allowed.clone())
        ));
    }
    let length = text.chars().count();
    if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
        && (length as u64) < min
    {
        problems.push(format!("`{text}` is shorter than {min} characters"));
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
        && (length as u64) > max
    {
        problems.push(format!("`{text}` is longer than {max} characters"));
    }
    if let Some(regex) = schema.get("pattern").and_then(Value::as_str) {
        match pattern::is_match(regex, text) {
            Ok(true) => {}
            Ok(false) => problems.push(format!("`{text}` does not match {regex}")),
            Err(e) => problems.push(e.to_string()),
        }
    }
    let ignore_format = schema
        .get("x-twilio")
        .and_then(|x| x.get("ignoreFormat"))
        .and_then(Value::as_bool)
        == Some(true);
    match schema.get("format").and_then(Value::as_str) {
        _ if ignore_format => {}
        Some("uri") => {
            let ok = match source {
                // An empty value is how a client clears a URL setting (`VoiceUrl=`).
                ValueSource::Request => text.is_empty() || is_http_url(text),
                ValueSource::Response => is_http_url(text) || text.starts_with('/'),
            };
            if !ok {
                problems.push(format!("`{text}` is not an absolute URL"));
            }
        }
        Some("date-time-rfc-2822") if !looks_like_rfc2822(text) => {
            problems.push(format!("`{text}` is not an RFC 2822 date-time"));
        }
        _ => {}
    }
    problems
}

/// Problems with `n` against `minimum`/`maximum`.
pub(crate) fn check_bounds(schema: &Value, n: f64) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
        && n < min
    {
        problems.push(format!("{n} is below the minimum {min}"));
    }
    if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
        && n > max
    {
        problems.push(format!("{n} is above the maximum {max}"));
    }
    problems
}

/// Loose RFC 2822 shape: `Thu, 30 Jul 2015 20:00:00 +0000` (day name optional).
pub(crate) fn looks_like_rfc2822(text: &str) -> bool {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let rest = match text.split_once(", ") {
        Some((day, rest)) if DAYS.contains(&day) => rest,
        Some(_) => return false,
        None => text,
    };
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, clock, zone] = parts.as_slice() else {
        return false;
    };
    let digits =
        |s: &str, lens: &[usize]| lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let clock_ok = {
        let fields: Vec<&str> = clock.split(':').collect();
        fields.len() == 3 && fields.iter().all(|f| digits(f, &[2]))
    };
    let zone_ok = zone.len() == 5
        && (zone.starts_with('+') || zone.starts_with('-'))
        && zone[1..].bytes().all(|b| b.is_ascii_digit());
    digits(day, &[1, 2]) && MONTHS.contains(month) && digits(year, &[4]) && clock_ok && zone_ok
}

#[cfg(test)]
mod tests {
    use super::{ValueSource, check_string, looks_like_rfc2822};
    use serde_json::json;

    #[test]
    fn rfc2822_shape_is_checked_loosely() {
        assert!(looks_like_rfc2822("Thu, 30 Jul 2015 20:00:00 +0000"));
        assert!(looks_like_rfc2822("Mon, 14 Feb 2022 22:23:00 +0100"));
        assert!(looks_like_rfc2822("1 Jan 2024 00:00:00 -0500"));
        assert!(!looks_like_rfc2822("2015-07-30T20:00:00Z"));
        assert!(!looks_like_rfc2822("Thu, 30 July 2015 20:00:00 +0000"));
        assert!(!looks_like_rfc2822("Xyz, 30 Jul 2015 20:00:00 +0000"));
    }

    #[test]
    fn uri_format_is_absolute_in_requests_and_a_reference_in_responses() {
        let schema = json!({"type": "string", "format": "uri"});
        assert!(check_string(&schema, "https://a.example/x", ValueSource::Request).is_empty());
        assert!(!check_string(&schema, "/relative", ValueSource::Request).is_empty());
        assert!(
            check_string(&schema, "", ValueSource::Request).is_empty(),
            "clears a URL"
        );
        assert!(!check_string(&schema, "ftp://a.example/x", ValueSource::Request).is_empty());
        assert!(check_string(&schema, "/2010-04-01/x.json", ValueSource::Response).is_empty());
    }

    #[test]
    fn nullable_strings_accept_empty_in_responses_only() {
        let schema = json!({"type": "string", "pattern": "^AP[0-9a-fA-F]{32}$", "nullable": true});
        assert!(check_string(&schema, "", ValueSource::Response).is_empty());
        assert!(!check_string(&schema, "", ValueSource::Request).is_empty());
    }
}
