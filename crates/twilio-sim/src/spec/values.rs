//! Checks of single string and number values against a schema, shared by response bodies
//! and request parameters.
//!
//! In requests, an empty value passes `format: uri`: sending `VoiceUrl=` is how a client
//! clears a URL setting.

use serde_json::Value;

use super::pattern;
use crate::urls::is_http_url;

/// Whether the schema says `nullable: true`.
pub(super) fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
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
