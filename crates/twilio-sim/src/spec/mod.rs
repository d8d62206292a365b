//! The subset of Twilio's OpenAPI description the project uses, and a checker that holds
//! requests and responses against it.
//!
//! The subset (`openapi/twilio_api_v2010.subset.json`, made by `openapi/extract.py`) is
//! embedded in the binary and parsed once. [`Spec::check_request`] checks a request's path and
//! parameters the way Twilio declares them; [`Spec::check_response`] checks the status and
//! body of a response. Both return [`Violation`]s and never fail.

mod pattern;
mod schema;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde_json::Value;

use schema::{SchemaValidator, ValueSource, check_bounds, check_string};

/// The embedded subset of `twilio_api_v2010.json`.
pub const SUBSET_JSON: &str = include_str!("../../openapi/twilio_api_v2010.subset.json");

/// One way a request or response departs from the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// What was checked, such as `POST /2010-04-01/Accounts/{AccountSid}/Calls.json`
    /// (the operation's template when one matched, else the concrete path).
    pub operation: String,
    /// Which part: `path`, `param Foo`, `status`, `body$.calls[0].sid`, ...
    pub location: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.operation, self.location, self.message)
    }
}

/// Why the spec could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// The document is not JSON.
    #[error("the OpenAPI document is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The document is JSON but not shaped like an OpenAPI 3 description.
    #[error("the OpenAPI document is malformed: {0}")]
    Malformed(String),
}

/// A loaded OpenAPI description and its operations, ready to check traffic.
#[derive(Debug)]
pub struct Spec {
    document: Value,
    operations: Vec<Operation>,
}

#[derive(Debug)]
struct Operation {
    method: String,
    template: String,
    segments: Vec<Segment>,
    path_params: BTreeMap<String, Value>,
    /// What a request may carry besides the path.
    params: RequestParams,
    /// Declared statuses → JSON schema of the body (`None` for a body-less response).
    responses: BTreeMap<u16, Option<Value>>,
}

/// The parameters a request is checked against: the fields of an
/// `application/x-www-form-urlencoded` body when the operation declares one, else its query
/// parameters.
#[derive(Debug)]
struct RequestParams {
    /// `form field` or `query parameter`, for messages.
    kind: &'static str,
    /// Name → schema.
    declared: BTreeMap<String, Value>,
    /// The names a request must carry.
    required: Vec<String>,
}

#[derive(Debug)]
enum Segment {
    Literal(String),
    /// `{Name}` followed by a literal suffix such as `.json`.
    Param {
        name: String,
        suffix: String,
    },
}

static EMBEDDED: OnceLock<Result<Spec, String>> = OnceLock::new();

impl Spec {
    /// The embedded subset, parsed on first use.
    ///
    /// # Errors
    /// [`SpecError::Malformed`] if the embedded document cannot be loaded (a build defect).
    pub fn embedded() -> Result<&'static Spec, SpecError> {
        EMBEDDED
            .get_or_init(|| Spec::from_json(SUBSET_JSON).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| SpecError::Malformed(e.clone()))
    }

    /// Loads an OpenAPI 3.0 description from JSON text.
    ///
    /// # Errors
    /// [`SpecError`] when the text is not JSON or has no `paths` object.
    pub fn from_json(text: &str) -> Result<Self, SpecError> {
        let document: Value = serde_json::from_str(text)?;
        let paths = document
            .get("paths")
            .and_then(Value::as_object)
            .ok_or_else(|| SpecError::Malformed("no `paths` object".to_owned()))?;
        let mut operations = Vec::new();
        for (template, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(op) = item.get(method) {
                    operations.push(Operation::parse(&document, template, method, op)?);
                }
            }
        }
        Ok(Self {
            document,
            operations,
        })
    }

    /// `METHOD template` of every operation, e.g. `GET /2010-04-01/Accounts/{Sid}.json`.
    #[must_use]
    pub fn operations(&self) -> Vec<String> {
        self.operations.iter().map(Operation::name).collect()
    }

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

    /// The property names the `status` response of `method path` declares for its body
    /// (the resource's fields, or a list envelope's), `$ref`s followed; `None` when the
    /// operation or response is unknown or has no body.
    #[must_use]
    pub fn declared_properties(
        &self,
        method: &str,
        path: &str,
        status: u16,
    ) -> Option<Vec<String>> {
        let (op, _) = self.find(method, path).ok()?;
        let schema = self.resolve(op.responses.get(&status)?.as_ref()?);
        let properties = schema.get("properties")?.as_object()?;
        Some(properties.keys().cloned().collect())
    }

    /// The operation for `method` and `path` and the path without its query, or the violation
    /// explaining why there is none.
    fn find<'p>(&self, method: &str, path: &'p str) -> Result<(&Operation, &'p str), Violation> {
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let method = method.to_ascii_uppercase();
        let mut matching: Vec<&Operation> = self
            .operations
            .iter()
            .filter(|op| op.matches_path(path))
            .collect();
        // Prefer templates with more literal text (`Local.json` over `{Sid}.json`).
        matching.sort_by_key(|op| std::cmp::Reverse(op.literal_len()));
        if let Some(op) = matching.iter().find(|op| op.method == method) {
            return Ok((op, path));
        }
        let message = match matching.first() {
            Some(op) => format!(
                "{method} is not declared for {} (declared: {})",
                op.template,
                self.operations
                    .iter()
                    .filter(|other| other.template == op.template)
                    .map(|other| other.method.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "no operation in the spec matches this path".to_owned(),
        };
        Err(Violation {
            operation: format!("{method} {path}"),
            location: "path".to_owned(),
            message,
        })
    }

    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        SchemaValidator::new(&self.document)
            .resolve(schema)
            .unwrap_or(&Value::Null)
    }

    /// The JSON schema of `method path`'s `status` response, `$ref`s resolved (test support).
    #[cfg(test)]
    pub(crate) fn response_schema(&self, method: &str, path: &str, status: u16) -> Option<&Value> {
        let (op, _) = self.find(method, path).ok()?;
        let schema = op.responses.get(&status)?.as_ref()?;
        Some(self.resolve(schema))
    }

    #[cfg(test)]
    pub(crate) fn document(&self) -> &Value {
        &self.document
    }
}

impl Operation {
    fn parse(
        document: &Value,
        template: &str,
        method: &str,
        op: &Value,
    ) -> Result<Self, SpecError> {
        let malformed = |what: &str| SpecError::Malformed(format!("{method} {template}: {what}"));
        let validator = SchemaValidator::new(document);
        let mut path_params = BTreeMap::new();
        let mut query = BTreeMap::new();
        for param in op
            .get("parameters")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let param = validator
                .resolve(param)
                .ok_or_else(|| malformed("dangling parameter"))?;
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| malformed("parameter without a name"))?;
            let schema = param.get("schema").cloned().unwrap_or(Value::Null);
            match param.get("in").and_then(Value::as_str) {
                Some("path") => {
                    path_params.insert(name.to_owned(), schema);
                }
                Some("query") => {
                    let required = param.get("required").and_then(Value::as_bool) == Some(true);
                    query.insert(name.to_owned(), (schema, required));
                }
                _ => {}
            }
        }
        let form_schema = op
            .get("requestBody")
            .and_then(|b| b.get("content"))
            .and_then(|c| c.get("application/x-www-form-urlencoded"))
            .and_then(|m| m.get("schema"))
            .and_then(|s| validator.resolve(s));
        let params = match form_schema {
            Some(form) => RequestParams {
                kind: "form field",
                declared: form
                    .get("properties")
                    .and_then(Value::as_object)
                    .map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default(),
                required: form
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| {
                        r.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
            },
            None => RequestParams {
                kind: "query parameter",
                required: query
                    .iter()
                    .filter(|(_, (_, required))| *required)
                    .map(|(name, _)| name.clone())
                    .collect(),
                declared: query
                    .into_iter()
                    .map(|(name, (schema, _))| (name, schema))
                    .collect(),
            },
        };
        let mut responses = BTreeMap::new();
        for (status, response) in op
            .get("responses")
            .and_then(Value::as_object)
            .ok_or_else(|| malformed("no responses"))?
        {
            let Ok(status) = status.parse::<u16>() else {
                continue;
            };
            let schema = response
                .get("content")
                .and_then(|c| c.get("application/json"))
                .and_then(|m| m.get("schema"))
                .cloned();
            responses.insert(status, schema);
        }
        Ok(Self {
            method: method.to_ascii_uppercase(),
            template: template.to_owned(),
            segments: parse_template(template),
            path_params,
            params,
            responses,
        })
    }

    /// `METHOD template`, as violations name it.
    fn name(&self) -> String {
        format!("{} {}", self.method, self.template)
    }

    fn literal_len(&self) -> usize {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Literal(text) => text.len(),
                Segment::Param { suffix, .. } => suffix.len(),
            })
            .sum()
    }

    fn matches_path(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').collect();
        parts.len() == self.segments.len()
            && self
                .segments
                .iter()
                .zip(&parts)
                .all(|(segment, part)| match segment {
                    Segment::Literal(text) => text == part,
                    Segment::Param { suffix, .. } => {
                        part.len() > suffix.len() && part.ends_with(suffix.as_str())
                    }
                })
    }

    /// `(name, percent-decoded value)` of each path parameter in a matching `path`.
    fn bind_path(&self, path: &str) -> Vec<(String, String)> {
        self.segments
            .iter()
            .zip(path.split('/'))
            .filter_map(|(segment, part)| match segment {
                Segment::Param { name, suffix } => {
                    let raw = &part[..part.len().saturating_sub(suffix.len())];
                    Some((name.clone(), percent_decode(raw)))
                }
                Segment::Literal(_) => None,
            })
            .collect()
    }
}

fn parse_template(template: &str) -> Vec<Segment> {
    template
        .split('/')
        .map(
            |part| match part.strip_prefix('{').and_then(|p| p.split_once('}')) {
                Some((name, suffix)) => Segment::Param {
                    name: name.to_owned(),
                    suffix: suffix.to_owned(),
                },
                None => Segment::Literal(part.to_owned()),
            },
        )
        .collect()
}

/// Decodes `%XX` escapes in a path segment (invalid UTF-8 is replaced).
pub(crate) fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = raw.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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

#[cfg(test)]
mod tests;
