//! The subset of Twilio's OpenAPI description the project uses, and a checker that holds
//! requests and responses against it.
//!
//! The subset (`openapi/twilio_api_v2010.subset.json`, made by `openapi/extract.py`) is
//! embedded in the binary and parsed once. [`Spec::check_request`] checks a request's path and
//! parameters the way Twilio declares them; [`Spec::check_response`] checks the status and
//! body of a response. Both return [`Violation`]s and never fail.

mod check;
mod error;
mod operation;
mod pattern;
mod schema;
mod values;
mod violation;

pub use error::SpecError;
pub use violation::Violation;

use std::sync::OnceLock;

use serde_json::Value;

use operation::Operation;
use schema::SchemaValidator;

/// The embedded subset of `twilio_api_v2010.json`.
pub const SUBSET_JSON: &str = include_str!("../../openapi/twilio_api_v2010.subset.json");

/// A loaded OpenAPI description and its operations, ready to check traffic.
#[derive(Debug)]
pub struct Spec {
    document: Value,
    operations: Vec<Operation>,
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

#[cfg(test)]
mod tests;
