//! Why the spec could not be loaded.

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
