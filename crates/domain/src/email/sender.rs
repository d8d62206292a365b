//! The port an email provider implements, and how sending can fail.

use std::fmt::Debug;

use async_trait::async_trait;

use super::message::OutgoingEmail;

/// What the provider said when it accepted an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentEmail {
    /// The provider's id for the message (SendGrid's `X-Message-Id`), when it gave one.
    pub provider_message_id: Option<String>,
}

/// Why the provider did not accept an email. Texts never hold credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// The provider refused the email or the credentials (a 4xx other than 429): sending
    /// it again unchanged will not help. Nothing was sent.
    #[error("the email provider refused the email ({status}): {message}")]
    Rejected {
        /// The provider's HTTP status.
        status: u16,
        /// The provider's first error message.
        message: String,
    },
    /// The provider could not be reached, timed out, failed (5xx) or kept throttling (429)
    /// after the adapter's retries. Whether the email was sent is unknown after a timeout
    /// or a 5xx.
    #[error("the email provider is unavailable: {0}")]
    Unavailable(String),
    /// The provider could not be reached (the connection was refused) or kept throttling
    /// (429) after the adapter's retries: nothing was sent.
    #[error("the email provider is unavailable: {0}")]
    NotSent(String),
}

impl EmailError {
    /// Whether the email was certainly not sent (the provider refused it), as opposed to
    /// an outcome that is unknown.
    #[must_use]
    pub fn certainly_not_sent(&self) -> bool {
        matches!(self, Self::Rejected { .. } | Self::NotSent(_))
    }
}

/// Sends emails through a provider (SendGrid).
///
/// # Errors
/// Implementations MUST return [`EmailError::Rejected`] when the provider refuses the
/// request with a 4xx other than 429 (with the provider's first error message),
/// [`EmailError::NotSent`] when it cannot be connected to or still answers 429 after a
/// bounded number of retries, and [`EmailError::Unavailable`] when the outcome is unknown
/// (a timeout, a 5xx, a connection lost after the request was sent). They MUST NOT put credentials in either.
#[async_trait]
pub trait EmailSender: Send + Sync + Debug {
    /// Sends `email` to all its recipients at once.
    ///
    /// # Errors
    /// As the trait says.
    async fn send(&self, email: &OutgoingEmail) -> Result<SentEmail, EmailError>;
}
