//! One way a request or response departs from the spec.

use std::fmt;

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
