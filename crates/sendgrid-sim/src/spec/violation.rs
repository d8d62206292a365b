//! One departure from SendGrid's rules, named as SendGrid names fields.

use serde::{Deserialize, Serialize};

/// What is wrong with one field of a request (or, in tests, of an answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// The field in SendGrid's dotted notation (`personalizations.0.to.1.email`); `None`
    /// for the body as a whole.
    pub field: Option<String>,
    /// What is wrong, a sentence that starts with the field.
    pub message: String,
}

impl Violation {
    /// A violation at `field` (empty for the whole body); `problem` completes the sentence
    /// that starts with the field's name ("is required").
    pub(crate) fn new(field: &str, problem: impl AsRef<str>) -> Self {
        let problem = problem.as_ref();
        if field.is_empty() {
            Self {
                field: None,
                message: format!("The request body {problem}."),
            }
        } else {
            Self {
                field: Some(field.to_owned()),
                message: format!("{field} {problem}."),
            }
        }
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
