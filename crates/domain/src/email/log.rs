//! The email log: what each user sent, and whether the provider accepted it.

use time::OffsetDateTime;

use super::address::EmailAddress;
use crate::{PageCursor, PageRequest, UserId};

crate::id::uuid_id!(
    /// An email's id (a UUID v7).
    EmailId
);

/// Whether the provider took the email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmailStatus {
    /// The provider accepted it for delivery.
    Accepted,
    /// The provider refused it, or could not be reached.
    Failed,
}

impl EmailStatus {
    /// `accepted` or `failed`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Failed => "failed",
        }
    }

    /// Parses `accepted` or `failed`.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        match input {
            "accepted" => Some(Self::Accepted),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// One email in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailRecord {
    /// Its id.
    pub id: EmailId,
    /// Who sent it.
    pub user_id: UserId,
    /// Its recipients.
    pub to: Vec<EmailAddress>,
    /// Its sender.
    pub from: EmailAddress,
    /// Its subject (none for a template's own).
    pub subject: Option<String>,
    /// Whether the provider took it.
    pub status: EmailStatus,
    /// The provider's id (SendGrid's `X-Message-Id`).
    pub provider_message_id: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
    /// When it was sent.
    pub created_at: OffsetDateTime,
}

impl EmailRecord {
    /// The email's cursor in newest-first listings.
    #[must_use]
    pub fn cursor(&self) -> PageCursor {
        PageCursor {
            created_at: self.created_at,
            key: self.id.to_string(),
        }
    }
}

/// Which emails to list: one user's, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailQuery {
    /// Whose.
    pub owner: UserId,
    /// Which page.
    pub page: PageRequest,
}
