//! The spec's operations: what each declares (path template, parameters, responses), read
//! from the document, and how a concrete path matches and binds a template.

use std::collections::BTreeMap;

use serde_json::Value;

use super::error::SpecError;
use super::schema::SchemaValidator;

/// One operation of the spec: its method and path template, what a request may carry, and
/// the responses it declares.
#[derive(Debug)]
pub(super) struct Operation {
    pub(super) method: String,
    pub(super) template: String,
    segments: Vec<Segment>,
    pub(super) path_params: BTreeMap<String, Value>,
    /// What a request may carry besides the path.
    pub(super) params: RequestParams,
    /// Declared statuses → JSON schema of the body (`None` for a body-less response).
    pub(super) responses: BTreeMap<u16, Option<Value>>,
}

/// The parameters a request is checked against: the fields of an
/// `application/x-www-form-urlencoded` body when the operation declares one, else its query
/// parameters.
#[derive(Debug)]
pub(super) struct RequestParams {
    /// `form field` or `query parameter`, for messages.
    pub(super) kind: &'static str,
    /// Name → schema.
    pub(super) declared: BTreeMap<String, Value>,
    /// The names a request must carry.
    pub(super) required: Vec<String>,
}

/// One `/`-separated part of a path template.
#[derive(Debug)]
enum Segment {
    Literal(String),
    /// `{Name}` followed by a literal suffix such as `.json`.
    Param {
        name: String,
        suffix: String,
    },
}

impl Operation {
    pub(super) fn parse(
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
    pub(super) fn name(&self) -> String {
        format!("{} {}", self.method, self.template)
    }

    pub(super) fn literal_len(&self) -> usize {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Literal(text) => text.len(),
                Segment::Param { suffix, .. } => suffix.len(),
            })
            .sum()
    }

    pub(super) fn matches_path(&self, path: &str) -> bool {
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
    pub(super) fn bind_path(&self, path: &str) -> Vec<(String, String)> {
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
