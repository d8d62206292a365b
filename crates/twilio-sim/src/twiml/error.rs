//! Why a TwiML document is refused, with Twilio's error code for it.

use serde::{Deserialize, Serialize};

/// A refused TwiML document: Twilio's code and what is wrong. A refused document ends the
/// call with an application error.
///
/// Codes used (Twilio's error dictionary): 12100 "Document parse failure" (not well-formed
/// XML, or the root is not `<Response>`, a cause the 12100 page lists; Twilio also has 12102
/// for the latter); 12200 "Schema validation warning" (unknown or misspelled verbs, nouns and
/// attributes, text where none belongs, TwiML the stand-in does not carry out, and bad values
/// without a more specific code); 13212 "Dial: Invalid timeout value"; 13215 "Dial: Invalid
/// nested element" (also more than 10 `<Number>`s, for which no code was found); 13314
/// "Gather: Invalid numDigits value"; 13320 "Gather: Invalid nested verb"; 13322
/// "Gather->Say: Invalid loop value"; 13327 "Gather: Invalid speechTimeout value"; 13338
/// "Gather: Invalid actionOnEmptyResult value"; 13611 "Record: Invalid timeout value";
/// 13612 "Record: Invalid maxLength value". From memory, unverified: 13310 (Gather
/// finishOnKey), 13313 (Gather timeout), 13613 (Record finishOnKey). The engine adds 11200
/// "HTTP retrieval failure" for a request that fails or is not answered 2xx.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct TwimlError {
    /// Twilio's error code.
    pub code: u32,
    /// What is wrong, naming the element and attribute.
    pub message: String,
}

impl TwimlError {
    /// An error with `code` and `message`.
    #[must_use]
    pub fn new(code: u32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// 12100 "Document parse failure".
    #[must_use]
    pub fn parse_failure(message: impl Into<String>) -> Self {
        Self::new(PARSE_FAILURE, message)
    }

    /// 12200 "Schema validation warning".
    #[must_use]
    pub fn schema(message: impl Into<String>) -> Self {
        Self::new(SCHEMA_VALIDATION, message)
    }
}

/// 12100 "Document parse failure".
pub const PARSE_FAILURE: u32 = 12100;

/// 12200 "Schema validation warning".
pub const SCHEMA_VALIDATION: u32 = 12200;
