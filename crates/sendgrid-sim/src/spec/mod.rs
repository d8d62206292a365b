//! The `POST /v3/mail/send` part of SendGrid's OpenAPI description (see
//! `openapi/SOURCE.md`), embedded, and a checker that holds request bodies (and, in tests,
//! error answers) against it. What SendGrid refuses that the schema does not say is in
//! [`crate::rules`].

mod schema;
mod violation;

pub use violation::Violation;

use std::sync::OnceLock;

use serde_json::Value;

use schema::Validator;

/// The embedded subset of `tsg_mail_v3.json`.
pub const SUBSET_JSON: &str = include_str!("../../openapi/tsg_mail_v3.mail_send.json");

/// Where the request body's schema sits in the document.
const REQUEST_SCHEMA: &str =
    "/components/requestBodies/PostMailSend/content/application~1json/schema";
/// Where the operation sits.
const OPERATION: &str = "/paths/~1v3~1mail~1send/post";

/// Why a document cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// Not JSON, or without the mail-send operation and its request body schema.
    #[error("unusable SendGrid OpenAPI document: {0}")]
    Malformed(String),
}

/// A loaded description of `POST /v3/mail/send`, ready to check bodies.
#[derive(Debug)]
pub struct MailSendSpec {
    document: Value,
}

static EMBEDDED: OnceLock<Result<MailSendSpec, SpecError>> = OnceLock::new();

impl MailSendSpec {
    /// The embedded subset, parsed on first use.
    ///
    /// # Errors
    /// [`SpecError::Malformed`] if the embedded document cannot be loaded (a build defect).
    pub fn embedded() -> Result<&'static MailSendSpec, SpecError> {
        EMBEDDED
            .get_or_init(|| Self::from_json(SUBSET_JSON))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Loads a description from JSON text (the subset, or the whole `tsg_mail_v3.json`).
    ///
    /// # Errors
    /// [`SpecError::Malformed`] when the text is not JSON or lacks the operation or its
    /// request body's schema.
    pub fn from_json(text: &str) -> Result<Self, SpecError> {
        let document: Value =
            serde_json::from_str(text).map_err(|e| SpecError::Malformed(e.to_string()))?;
        let spec = Self { document };
        if spec.document.pointer(OPERATION).is_none() {
            return Err(SpecError::Malformed("no POST /v3/mail/send".to_owned()));
        }
        if spec.request_schema().is_none() {
            return Err(SpecError::Malformed(
                "no application/json schema for PostMailSend".to_owned(),
            ));
        }
        Ok(spec)
    }

    fn request_schema(&self) -> Option<&Value> {
        let schema = self.document.pointer(REQUEST_SCHEMA)?;
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => Validator::new(&self.document).resolve_ref(reference),
            None => Some(schema),
        }
    }

    /// Every way `body` departs from the request body's schema; empty when it fits.
    #[must_use]
    pub fn check_request(&self, body: &Value) -> Vec<Violation> {
        let mut found = Vec::new();
        if let Some(schema) = self.request_schema() {
            Validator::new(&self.document).validate(schema, body, "", &mut found);
        }
        found
    }

    /// The statuses the operation documents, ascending (`202`, `400`, ...).
    #[must_use]
    pub fn documented_statuses(&self) -> Vec<u16> {
        let mut statuses: Vec<u16> = self
            .document
            .pointer(&format!("{OPERATION}/responses"))
            .and_then(Value::as_object)
            .map(|r| r.keys().filter_map(|k| k.parse().ok()).collect())
            .unwrap_or_default();
        statuses.sort_unstable();
        statuses
    }

    /// Every way an error answer's `body` departs from the schema documented for `status`
    /// (SendGrid's `ErrorResponse`); a status the operation does not document is checked
    /// against `ErrorResponse` itself.
    #[must_use]
    pub fn check_error_body(&self, status: u16, body: &Value) -> Vec<Violation> {
        let validator = Validator::new(&self.document);
        let documented = self
            .document
            .pointer(&format!("{OPERATION}/responses/{status}/$ref"))
            .and_then(Value::as_str)
            .and_then(|r| validator.resolve_ref(r))
            .and_then(|r| r.pointer("/content/application~1json/schema"));
        let fallback = validator.resolve_ref("#/components/schemas/ErrorResponse");
        let mut found = Vec::new();
        match documented.or(fallback) {
            Some(schema) => validator.validate(schema, body, "", &mut found),
            None => found.push(Violation::new("", "has no documented schema")),
        }
        found
    }

    /// The request body examples the document gives, by name.
    #[must_use]
    pub fn request_examples(&self) -> Vec<(String, Value)> {
        self.document
            .pointer("/components/requestBodies/PostMailSend/content/application~1json/examples")
            .and_then(Value::as_object)
            .map(|examples| {
                examples
                    .iter()
                    .filter_map(|(name, e)| Some((name.clone(), e.get("value")?.clone())))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
