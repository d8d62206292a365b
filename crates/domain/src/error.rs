//! The opaque infrastructure failure every port may return.

use std::error::Error;
use std::fmt;

/// A store (or other adapter) failed for a reason the caller cannot act on: the database is
/// down, a query timed out, a connection broke. The message says what was being done; the
/// source keeps the driver's error for logs. Never shown to API clients.
#[derive(Debug)]
pub struct StoreError {
    context: String,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl StoreError {
    /// A failure while doing `context` (e.g. "leasing a pool number"), caused by `source`.
    pub fn new(
        context: impl Into<String>,
        source: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self {
            context: context.into(),
            source: Some(source.into()),
        }
    }

    /// A failure with no underlying error value.
    pub fn msg(context: impl Into<String>) -> Self {
        Self {
            context: context.into(),
            source: None,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "store failure while {}", self.context)
    }
}

impl Error for StoreError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

/// The start of a rejected input (at most 40 characters), for validation errors that quote
/// what they refused without echoing an unbounded string.
pub(crate) fn excerpt(input: &str) -> String {
    input.chars().take(40).collect()
}
