//! A small JSON Schema validator for the keywords SendGrid's Mail Send schema uses:
//! `$ref` (to `#/components/schemas/...`, with sibling keywords applied too, as OpenAPI 3.1
//! allows), `type` (a name or a list of names), `nullable`, `enum`, `format: email`,
//! `minLength`/`maxLength`, `minimum`/`maximum`, `items`, `minItems`/`maxItems`,
//! `uniqueItems`, `properties`, `required`, `additionalProperties` and `maxProperties`.
//!
//! One rule is stricter than JSON Schema, on purpose: an object whose schema declares
//! `properties` (and says nothing of `additionalProperties`) may hold only those, so that
//! a misspelt field is reported instead of silently ignored. Free-form objects (`headers`,
//! `dynamic_template_data`, `custom_args`: no `properties`) take anything.

use serde_json::Value;
use switchboard_domain::email::EmailAddress;

use super::violation::Violation;

/// How deep `$ref`s and nesting may go before the validator gives up.
const MAX_DEPTH: usize = 64;

/// Validates values against the schemas of one OpenAPI document.
pub(crate) struct Validator<'a> {
    document: &'a Value,
}

impl<'a> Validator<'a> {
    pub(crate) fn new(document: &'a Value) -> Self {
        Self { document }
    }

    /// The schema a local `$ref` points at (`#/components/...`), if it exists.
    pub(crate) fn resolve_ref(&self, reference: &str) -> Option<&'a Value> {
        let pointer = reference.strip_prefix('#')?;
        self.document.pointer(pointer)
    }

    /// Validates `value` against `schema`; `field` is where the value sits, in SendGrid's
    /// dotted notation (`personalizations.0.to.1.email`, empty for the root).
    pub(crate) fn validate(
        &self,
        schema: &'a Value,
        value: &Value,
        field: &str,
        out: &mut Vec<Violation>,
    ) {
        self.validate_at(schema, value, field, 0, out);
    }

    fn validate_at(
        &self,
        schema: &'a Value,
        value: &Value,
        field: &str,
        depth: usize,
        out: &mut Vec<Violation>,
    ) {
        if depth > MAX_DEPTH {
            out.push(Violation::new(field, "is nested too deeply"));
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            match self.resolve_ref(reference) {
                Some(target) => self.validate_at(target, value, field, depth + 1, out),
                None => out.push(Violation::new(
                    field,
                    format!("has a schema with a dangling reference {reference}"),
                )),
            }
        }
        if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
            return;
        }
        if let Some(problem) = type_problem(schema, value) {
            out.push(Violation::new(field, problem));
            return;
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.contains(value)
        {
            let names: Vec<String> = allowed.iter().map(Value::to_string).collect();
            out.push(Violation::new(
                field,
                format!("must be one of {}", names.join(", ")),
            ));
        }
        match value {
            Value::String(text) => check_string(schema, text, field, out),
            Value::Number(_) => check_number(schema, value, field, out),
            Value::Array(items) => self.check_array(schema, items, field, depth, out),
            Value::Object(_) => self.check_object(schema, value, field, depth, out),
            Value::Null | Value::Bool(_) => {}
        }
    }

    fn check_array(
        &self,
        schema: &'a Value,
        items: &[Value],
        field: &str,
        depth: usize,
        out: &mut Vec<Violation>,
    ) {
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
            && items.len() as u64 > max
        {
            out.push(Violation::new(
                field,
                format!("may have at most {max} items"),
            ));
        }
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            out.push(Violation::new(field, format!("needs at least {min} items")));
        }
        if schema.get("uniqueItems") == Some(&Value::Bool(true))
            && items
                .iter()
                .enumerate()
                .any(|(i, item)| items[..i].contains(item))
        {
            out.push(Violation::new(field, "may not hold the same item twice"));
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                self.validate_at(
                    item_schema,
                    item,
                    &join(field, &i.to_string()),
                    depth + 1,
                    out,
                );
            }
        }
    }

    fn check_object(
        &self,
        schema: &'a Value,
        value: &Value,
        field: &str,
        depth: usize,
        out: &mut Vec<Violation>,
    ) {
        let Some(object) = value.as_object() else {
            return;
        };
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !object.contains_key(name) {
                out.push(Violation::new(&join(field, name), "is required"));
            }
        }
        if let Some(max) = schema.get("maxProperties").and_then(Value::as_u64)
            && object.len() as u64 > max
        {
            out.push(Violation::new(
                field,
                format!("may have at most {max} properties"),
            ));
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        for (name, item) in object {
            let at = join(field, name);
            match (properties.and_then(|p| p.get(name)), additional) {
                (Some(declared), _) => self.validate_at(declared, item, &at, depth + 1, out),
                (None, Some(Value::Bool(false))) => {
                    out.push(Violation::new(&at, "is not a field of this object"));
                }
                (None, Some(extra)) if extra.is_object() => {
                    self.validate_at(extra, item, &at, depth + 1, out);
                }
                (None, None) if properties.is_some() => {
                    out.push(Violation::new(&at, "is not a field of this object"));
                }
                (None, _) => {}
            }
        }
    }
}

/// `field.name`, or `name` at the root.
fn join(field: &str, name: &str) -> String {
    if field.is_empty() {
        name.to_owned()
    } else {
        format!("{field}.{name}")
    }
}

/// Why `value` is not of the schema's `type`, if it is not.
fn type_problem(schema: &Value, value: &Value) -> Option<String> {
    let names: Vec<&str> = match schema.get("type")? {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let fits = |name: &str| match name {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        _ => true,
    };
    if names.iter().any(|n| fits(n)) {
        None
    } else {
        Some(format!("must be of type {}", names.join(" or ")))
    }
}

fn check_string(schema: &Value, text: &str, field: &str, out: &mut Vec<Violation>) {
    let length = text.chars().count() as u64;
    if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
        && length < min
    {
        out.push(Violation::new(
            field,
            format!(
                "must have at least {min} character{}",
                if min == 1 { "" } else { "s" }
            ),
        ));
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
        && length > max
    {
        out.push(Violation::new(
            field,
            format!("may have at most {max} characters"),
        ));
    }
    if schema.get("format").and_then(Value::as_str) == Some("email")
        && EmailAddress::parse(text).is_err()
    {
        out.push(Violation::new(field, "must be a valid email address"));
    }
}

fn check_number(schema: &Value, value: &Value, field: &str, out: &mut Vec<Violation>) {
    let Some(n) = value.as_f64() else {
        return;
    };
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
        && n < min
    {
        out.push(Violation::new(field, format!("must be at least {min}")));
    }
    if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
        && n > max
    {
        out.push(Violation::new(field, format!("must be at most {max}")));
    }
}
