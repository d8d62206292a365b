//! Voicemail-greeting sessions: a user's lease of one pool number until `expires_at`.

use std::fmt;

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::greeting_url::GreetingUrl;
use crate::paging::{PageCursor, PageRequest};
use crate::{PhoneNumber, UserId};

/// A session's id (a UUID, v7 for new sessions so ids sort by creation time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionId(Uuid);

/// Why a string is not a session id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a session id")]
pub struct InvalidSessionId;

impl SessionId {
    /// A new time-ordered id.
    #[must_use]
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }

    /// Wraps a stored UUID.
    #[must_use]
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// Parses the hyphenated UUID form.
    ///
    /// # Errors
    /// [`InvalidSessionId`] when the text is not a UUID.
    pub fn parse(input: &str) -> Result<Self, InvalidSessionId> {
        Uuid::try_parse(input)
            .map(Self)
            .map_err(|_| InvalidSessionId)
    }

    /// The UUID.
    #[must_use]
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl Default for SessionId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// How long a session lasts: 1 to 1440 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiresIn(u16);

/// Why a duration is not a session length.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be between 1 and 1440 minutes")]
pub struct InvalidExpiry;

impl ExpiresIn {
    /// The default length, 30 minutes.
    pub const DEFAULT: Self = Self(30);

    /// A length in minutes.
    ///
    /// # Errors
    /// [`InvalidExpiry`] outside 1..=1440.
    pub fn minutes(minutes: i64) -> Result<Self, InvalidExpiry> {
        u16::try_from(minutes)
            .ok()
            .filter(|m| (1..=1440).contains(m))
            .map(Self)
            .ok_or(InvalidExpiry)
    }

    /// The length as a duration.
    #[must_use]
    pub fn duration(&self) -> Duration {
        Duration::minutes(i64::from(self.0))
    }
}

/// Whether a session still holds its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    /// Before `expires_at`: calls to the number play the greeting.
    Active,
    /// At or after `expires_at`: the number is free for others.
    Expired,
}

/// A voicemail-greeting session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoicemailSession {
    /// The session's id.
    pub id: SessionId,
    /// The owner.
    pub user_id: UserId,
    /// The leased pool number.
    pub phone_number: PhoneNumber,
    /// What callers hear.
    pub greeting_url: GreetingUrl,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it ends (or ended: set to the expiry time when expired early).
    pub expires_at: OffsetDateTime,
}

impl VoicemailSession {
    /// The status at `now`: a session is active strictly before `expires_at`.
    #[must_use]
    pub fn status_at(&self, now: OffsetDateTime) -> SessionStatus {
        if now < self.expires_at {
            SessionStatus::Active
        } else {
            SessionStatus::Expired
        }
    }

    /// The session's cursor in newest-first listings.
    #[must_use]
    pub fn cursor(&self) -> PageCursor {
        PageCursor {
            created_at: self.created_at,
            key: self.id.to_string(),
        }
    }
}

/// A session to create: the store picks the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The new session's id.
    pub id: SessionId,
    /// The owner.
    pub user_id: UserId,
    /// What callers hear.
    pub greeting_url: GreetingUrl,
    /// Now: numbers whose lease ended at or before this instant are free.
    pub created_at: OffsetDateTime,
    /// When the lease ends.
    pub expires_at: OffsetDateTime,
}

/// Which sessions to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionQuery {
    /// Whose sessions.
    pub user_id: UserId,
    /// Only sessions with this status at `now`, or all.
    pub status: Option<SessionStatus>,
    /// The instant the status refers to.
    pub now: OffsetDateTime,
    /// Which page.
    pub page: PageRequest,
}
