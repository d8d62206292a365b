//! Holding traffic against the spec: [`Spec::check_request`] and [`Spec::check_response`].

use std::collections::BTreeMap;

use serde_json::Value;

use super::Spec;
use super::operation::RequestParams;
use super::schema::SchemaValidator;
use super::values::{ValueSource, check_bounds, check_string};
use super::violation::Violation;

impl Spec {
    /// Checks a request: that an operation matches `method` and `path` (path parameters
    /// against their `pattern`), and that `params` (the decoded form body for POST, the query
    /// for GET and DELETE) are all declared, well typed (`string`, `integer`, `number`,
    /// `boolean` as `true`/`false`), within `enum`, absolute URLs where `format: uri`,
    /// repeated only for arrays, and that required ones are present.
    #[must_use]
    pub fn check_request(
        &self,
        method: &str,
        path: &str,
        params: &[(String, String)],
    ) -> Vec<Violation> {
        let (operation, path) = match self.find(method, path) {
            Ok(found) => found,
            Err(violation) => return vec![violation],
        };
        let context = operation.name();
        let mut out = Vec::new();
        let mut push = |location: String, message: String| {
            out.push(Violation {
                operation: context.clone(),
                location,
                message,
            });
        };

        for (name, value) in operation.bind_path(path) {
            if let Some(schema) = operation.path_params.get(&name) {
                let schema = self.resolve(schema);
                for problem in check_param_value(schema, &value) {
                    push(format!("path {name}"), problem);
                }
            }
        }

        let RequestParams {
            kind,
            declared,
            required,
        } = &operation.params;

        let mut grouped: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, value) in params {
            grouped.entry(name).or_default().push(value);
        }
        for (name, values) in &grouped {
            let Some(schema) = declared.get(*name) else {
                push(
                    format!("param {name}"),
                    format!("`{name}` is not a declared {kind} of this operation"),
                );
                continue;
            };
            let schema = self.resolve(schema);
            let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
            if values.len() > 1 && !is_array {
                push(
                    format!("param {name}"),
                    format!(
                        "`{name}` is repeated {} times but is not an array",
                        values.len()
                    ),
                );
            }
            let item_schema = if is_array {
                schema
                    .get("items")
                    .map_or(&Value::Null, |s| self.resolve(s))
            } else {
                schema
            };
            for value in values {
                for problem in check_param_value(item_schema, value) {
                    push(format!("param {name}"), problem);
                }
            }
        }
        for name in required {
            if !grouped.contains_key(name.as_str()) {
                push(
                    format!("param {name}"),
                    format!("required {kind} `{name}` is missing"),
                );
            }
        }
        out
    }

    /// Checks a response: the status must be one the operation declares and the body must
    /// validate against that response's schema (`Value::Null` stands for an empty body).
    /// Error statuses (4xx/5xx) are not in Twilio's spec; their body must be Twilio's error
    /// object `{"code": int, "message": string, "more_info": string, "status": int}` with
    /// `status` equal to the HTTP status.
    #[must_use]
    pub fn check_response(
        &self,
        method: &str,
        path: &str,
        status: u16,
        body: &Value,
    ) -> Vec<Violation> {
        let operation = match self.find(method, path) {
            Ok((op, _)) => op,
            Err(violation) => return vec![violation],
        };
        let context = operation.name();
        let violation = |location: &str, message: String| Violation {
            operation: context.clone(),
            location: location.to_owned(),
            message,
        };
        if status >= 400 {
            return check_error_body(status, body)
                .into_iter()
                .map(|m| violation("error body", m))
                .collect();
        }
        let Some(schema) = operation.responses.get(&status) else {
            let declared: Vec<String> = operation.responses.keys().map(u16::to_string).collect();
            return vec![violation(
                "status",
                format!(
                    "status {status} is not declared (declared: {})",
                    declared.join(", ")
                ),
            )];
        };
        match schema {
            None if body.is_null() => Vec::new(),
            None => vec![violation(
                "body",
                format!("status {status} declares no body, but one was sent"),
            )],
            Some(schema) => {
                let mut found = Vec::new();
                SchemaValidator::new(&self.document).validate(schema, body, "$", &mut found);
                found
                    .into_iter()
                    .map(|(pointer, message)| violation(&format!("body{pointer}"), message))
                    .collect()
            }
        }
    }
}

/// Checks one form or query value (always a string on the wire) against its schema.
fn check_param_value(schema: &Value, value: &str) -> Vec<String> {
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => match value.parse::<i64>() {
            Ok(n) => check_bounds(schema, n as f64),
            Err(_) => vec![format!("`{value}` is not an integer")],
        },
        Some("number") => match value.parse::<f64>() {
            Ok(n) if n.is_finite() => check_bounds(schema, n),
            _ => vec![format!("`{value}` is not a number")],
        },
        Some("boolean") => match value {
            "true" | "false" => Vec::new(),
            _ => vec![format!("`{value}` is not a boolean (`true` or `false`)")],
        },
        _ => check_string(schema, value, ValueSource::Request),
    }
}

/// Problems with a Twilio error body for HTTP `status`.
fn check_error_body(status: u16, body: &Value) -> Vec<String> {
    let Some(object) = body.as_object() else {
        return vec![format!("expected Twilio's error object, got {body}")];
    };
    let mut problems = Vec::new();
    let integer = |name: &str| object.get(name).and_then(Value::as_i64);
    let string = |name: &str| object.get(name).and_then(Value::as_str);
    if integer("code").is_none() {
        problems.push("`code` must be an integer".to_owned());
    }
    if string("message").is_none() {
        problems.push("`message` must be a string".to_owned());
    }
    if string("more_info").is_none() {
        problems.push("`more_info` must be a string".to_owned());
    }
    match integer("status") {
        Some(s) if s == i64::from(status) => {}
        Some(s) => problems.push(format!("`status` is {s} but the HTTP status is {status}")),
        None => problems.push("`status` must be an integer".to_owned()),
    }
    problems
}
