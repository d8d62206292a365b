//! A small OpenAPI 3.0 schema validator for response bodies. The checks of single values it
//! shares with request parameters are in `values`.
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
//! `format: phone-number-capabilities` objects match their property names case-insensitively,
//! since the live API sends `SMS`/`MMS` for some resources (see the notes, §1).

use serde_json::{Map, Value};

use super::values::{ValueSource, check_bounds, check_string, is_nullable};

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

/// Whether the schema constrains anything at all (`{}` accepts `null` too).
fn declares_something(schema: &Value) -> bool {
    schema.as_object().is_some_and(|o| {
        o.keys()
            .any(|k| !matches!(k.as_str(), "description" | "x-twilio" | "example" | "title"))
    })
}
