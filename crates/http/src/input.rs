//! The one input rule every route applies, and errors that say what was wrong in the API's
//! words:
//!
//! - a JSON value has the type the document gives it (`"expiresInMinutes": 30` is a number,
//!   `"areaCode": "415"` a string; `"10"` for a number is refused, and so is `415` for a
//!   string);
//! - a field or query parameter the route does not take is refused, never ignored;
//! - a 400 `invalid_request` names the field and says what it must be, never how a Rust
//!   library failed to read it.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures::future::{Ready, ready};
use serde::de::DeserializeOwned;

use crate::problem::ApiError;

/// A 400 naming the field that failed.
pub(crate) fn invalid(field: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::InvalidRequest(format!("{field}: {e}"))
}

/// An optional RFC 3339 instant (a listing's `since` or `until`); anything else is a 400
/// naming `field`.
pub(crate) fn instant(
    field: &str,
    raw: Option<&str>,
) -> Result<Option<time::OffsetDateTime>, ApiError> {
    optional(field, raw, |r| {
        time::OffsetDateTime::parse(r, &time::format_description::well_known::Rfc3339)
            .map_err(|_| "must be an RFC 3339 date-time")
    })
}

/// Parses an optional field with `parse`; a failure is a 400 naming `field`.
pub(crate) fn optional<T, E: std::fmt::Display>(
    field: &str,
    raw: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Option<T>, ApiError> {
    raw.map(parse).transpose().map_err(|e| invalid(field, e))
}

/// An optional user id (`userId`, admins only): 400 naming `field` when invalid.
pub(crate) fn parse_user(
    field: &str,
    raw: Option<&str>,
) -> Result<Option<switchboard_domain::UserId>, ApiError> {
    optional(field, raw, switchboard_domain::UserId::parse)
}

/// Bytes as lowercase hexadecimal (digests and signatures).
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A `true`/`false` query parameter.
pub(crate) fn parse_bool(field: &str, raw: Option<&str>) -> Result<Option<bool>, ApiError> {
    match raw {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(invalid(field, "must be true or false")),
    }
}

/// The query string decoded into `T` (whose fields are the route's parameters; its
/// `deny_unknown_fields` makes an unknown parameter a 400 naming it).
#[derive(Debug)]
pub(crate) struct Query<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(form(req.query_string().as_bytes(), "query parameter").map(Self))
    }
}

/// Decodes an `application/x-www-form-urlencoded` string (a query, or a webhook's body) into
/// `T`; a wrong or unknown pair is a 400 naming it as a `kind` ("query parameter").
pub(crate) fn form<T: DeserializeOwned>(raw: &[u8], kind: &str) -> Result<T, ApiError> {
    let pairs = url::form_urlencoded::parse(raw);
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs)).map_err(|e| {
        ApiError::InvalidRequest(describe(
            &e.path().to_string(),
            &e.inner().to_string(),
            kind,
        ))
    })
}

/// Decodes a JSON object body into `T`: malformed JSON is blamed on the body, never on a
/// field; a wrong value on the field it is in.
#[cfg(test)]
pub(crate) fn json_object<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    json_fields(json_value(bytes)?)
}

/// Reads a JSON object: malformed JSON is blamed on the body.
pub(crate) fn json_value(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::InvalidRequest(match e.classify() {
            serde_json::error::Category::Eof => "the request body ends before its JSON does".into(),
            _ => format!(
                "the request body is not valid JSON (line {}, column {})",
                e.line(),
                e.column()
            ),
        })
    })?;
    if !value.is_object() {
        return Err(ApiError::InvalidRequest(
            "the request body must be a JSON object".into(),
        ));
    }
    Ok(value)
}

/// Decodes a JSON object into `T`: a wrong value is blamed on the field it is in.
pub(crate) fn json_fields<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        ApiError::InvalidRequest(describe(
            &e.path().to_string(),
            &e.inner().to_string(),
            "field",
        ))
    })
}

/// Reads an optional integer field as JSON Schema counts integers: `10` and `10.0` are the
/// same number, `10.5` is not an integer. (serde's own `i64` refuses `10.0`.)
///
/// # Errors
/// For anything that is not a whole number that fits an `i64`.
pub(crate) fn whole_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    struct Whole;
    impl serde::de::Visitor<'_> for Whole {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an integer")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
            // Exactly representable whole numbers only (|v| < 2^53).
            if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
                #[expect(clippy::cast_possible_truncation, reason = "whole and below 2^53")]
                Ok(v as i64)
            } else {
                Err(E::invalid_value(serde::de::Unexpected::Float(v), &self))
            }
        }
    }
    struct MaybeWhole;
    impl<'de> serde::de::Visitor<'de> for MaybeWhole {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an integer")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Whole).map(Some)
        }
    }
    deserializer.deserialize_option(MaybeWhole)
}

/// Says in the API's words what serde's `message` about the value at `path` means.
fn describe(path: &str, message: &str, kind: &str) -> String {
    let at = |name: &str| {
        if path == "." || path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, allowed) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = allowed.split('`').skip(1).step_by(2).collect();
        // serde_path_to_error's path already ends at the unknown key itself.
        let at = |name: &str| {
            if path == "." || path.is_empty() {
                name.to_owned()
            } else {
                path.to_owned()
            }
        };
        return if allowed.is_empty() {
            format!("{}: unknown {kind}; this route takes none", at(name))
        } else {
            format!(
                "{}: unknown {kind}; this route takes {}",
                at(name),
                allowed.join(", ")
            )
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        return format!("{}: required", at(rest.trim_end_matches('`')));
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        return format!("{}: given more than once", at(rest.trim_end_matches('`')));
    }
    let field = if path == "." {
        "the request body"
    } else {
        path
    };
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "{field}: must be {}, not {}",
            expected_words(expected),
            found_words(found)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (_, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!("{field}: must be {}", expected_words(expected));
    }
    if message.starts_with("invalid digit") || message.starts_with("cannot parse") {
        return format!("{field}: must be an integer");
    }
    format!("{field}: {message}")
}

/// serde's name of an expected type, as the API document names it.
fn expected_words(expected: &str) -> String {
    let integer = |t: &str| {
        let digits = t.trim_start_matches(['i', 'u']);
        t.len() > digits.len() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    match expected {
        t if integer(t) => "an integer".into(),
        "f32" | "f64" => "a number".into(),
        t if t.starts_with("struct ") || t.starts_with("a map") => "an object".into(),
        t if t.starts_with("a sequence") => "an array".into(),
        "a string" | "a borrowed string" => "a string".into(),
        "a boolean" => "true or false".into(),
        "" => "of the documented type".into(),
        other => other.to_owned(),
    }
}

/// serde's description of a value found, as JSON names it.
fn found_words(found: &str) -> &'static str {
    match found.split_whitespace().next().unwrap_or_default() {
        "string" => "a string",
        "integer" | "floating" => "a number",
        "boolean" => "a boolean",
        "null" | "unit" => "null",
        "map" => "an object",
        "sequence" => "an array",
        _ => "another type",
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[expect(dead_code, reason = "the fields are only decoded")]
    struct Body {
        expires_in_minutes: Option<i64>,
        area_code: Option<String>,
        active: Option<bool>,
        greeting_url: String,
    }

    fn detail(body: &str) -> String {
        match json_object::<Body>(body.as_bytes()) {
            Err(ApiError::InvalidRequest(d)) => d,
            other => panic!("expected a 400, got {other:?}"),
        }
    }

    #[test]
    fn wrong_types_are_named_in_json_words() {
        assert_eq!(
            detail(r#"{"greetingUrl": "x", "expiresInMinutes": "10"}"#),
            "expiresInMinutes: must be an integer, not a string"
        );
        assert_eq!(
            detail(r#"{"greetingUrl": "x", "areaCode": 415}"#),
            "areaCode: must be a string, not a number"
        );
        assert_eq!(
            detail(r#"{"greetingUrl": "x", "active": "yes"}"#),
            "active: must be true or false, not a string"
        );
    }

    #[test]
    fn unknown_and_missing_fields_are_named() {
        let unknown = detail(r#"{"greetingUrl": "x", "colour": 1}"#);
        assert!(
            unknown.starts_with("colour: unknown field; this route takes "),
            "{unknown}"
        );
        assert!(unknown.contains("expiresInMinutes"), "{unknown}");
        assert_eq!(detail("{}"), "greetingUrl: required");
    }

    #[test]
    fn malformed_json_is_blamed_on_the_body_not_a_field() {
        assert_eq!(
            detail(r#"{"greetingUrl": "x", "expiresInMinutes": 1,}"#),
            "the request body is not valid JSON (line 1, column 44)"
        );
        assert_eq!(
            detail(r#"{"greetingUrl": "#),
            "the request body ends before its JSON does"
        );
        assert_eq!(detail("[1]"), "the request body must be a JSON object");
    }

    #[test]
    fn no_detail_names_a_rust_type_or_a_source_position() {
        for body in [
            r#"{"greetingUrl": 5}"#,
            r#"{"greetingUrl": "x", "expiresInMinutes": 1.5}"#,
            r#"{"greetingUrl": "x", "expiresInMinutes": 99999999999999999999}"#,
            r#"{"greetingUrl": "x", "expiresInMinutes": null, "active": [true]}"#,
        ] {
            let d = detail(body);
            for internal in ["i64", "u16", "line 1", "struct", "Body"] {
                assert!(!d.contains(internal), "{body} -> {d}");
            }
        }
    }

    #[derive(Debug, Deserialize)]
    struct Minutes {
        #[serde(default, deserialize_with = "super::whole_number")]
        minutes: Option<i64>,
    }

    #[test]
    fn whole_numbers_are_integers_as_json_schema_counts_them() {
        let read = |body: &str| super::json_object::<Minutes>(body.as_bytes()).map(|m| m.minutes);
        assert_eq!(read(r#"{"minutes": 10}"#).ok(), Some(Some(10)));
        assert_eq!(read(r#"{"minutes": 10.0}"#).ok(), Some(Some(10)));
        assert_eq!(read(r#"{"minutes": -3}"#).ok(), Some(Some(-3)));
        assert_eq!(read(r#"{"minutes": null}"#).ok(), Some(None));
        assert_eq!(read("{}").ok(), Some(None));
        for (body, detail) in [
            (r#"{"minutes": 10.5}"#, "minutes: must be an integer"),
            (
                r#"{"minutes": "10"}"#,
                "minutes: must be an integer, not a string",
            ),
            (r#"{"minutes": 1e300}"#, "minutes: must be an integer"),
        ] {
            match read(body) {
                Err(ApiError::InvalidRequest(d)) => assert_eq!(d, detail, "{body}"),
                other => panic!("{body}: {other:?}"),
            }
        }
    }
}
