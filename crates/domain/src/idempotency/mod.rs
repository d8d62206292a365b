//! Idempotent POSTs: a client's `Idempotency-Key` claims one execution of a request; its
//! response is kept and replayed to retries with the same body. Claims live in a store so
//! that every replica agrees.

mod store;

pub use store::{Claim, IdempotencyStore, KeyClaim, StoredResponse};

use time::Duration;

/// How long a finished request's response is kept and replayed (at least 24 hours, as the
/// API promises).
pub const RETENTION: Duration = Duration::hours(24);

/// How long a claim may stay unfinished before another request may take it over: a request
/// whose process died never finishes, and its key must not stay locked for a day.
pub const ABANDONED_AFTER: Duration = Duration::minutes(2);

/// The query parameter of a status callback URL that names the record (message or call)
/// it was made for, so a callback for a SID the log does not know (the provider's answer was
/// lost) can still find its row.
pub const RECORD_PARAMETER: &str = "record";

/// `callback` with [`RECORD_PARAMETER`] naming `record`: the status callback URL of the
/// message or call `record` (the parameter is signed with the rest of the URL).
#[must_use]
pub fn callback_for_record(callback: &url::Url, record: impl std::fmt::Display) -> url::Url {
    let mut url = callback.clone();
    url.query_pairs_mut()
        .append_pair(RECORD_PARAMETER, &record.to_string());
    url
}

/// An `Idempotency-Key` header: 1..=255 printable ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

/// Why a header is not an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Idempotency-Key is 1 to 255 printable ASCII characters")]
pub struct InvalidIdempotencyKey;

impl IdempotencyKey {
    /// Parses a key.
    ///
    /// # Errors
    /// [`InvalidIdempotencyKey`] unless 1..=255 characters from `!` to `~` or space.
    pub fn parse(input: &str) -> Result<Self, InvalidIdempotencyKey> {
        if (1..=255).contains(&input.len()) && input.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            Ok(Self(input.to_owned()))
        } else {
            Err(InvalidIdempotencyKey)
        }
    }

    /// The key as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_printable_ascii_up_to_255() {
        for good in ["a", "order-42 retry", &"k".repeat(255), "~!"] {
            assert!(IdempotencyKey::parse(good).is_ok(), "{good}");
        }
        for bad in ["", "tab\there", "é", &"k".repeat(256), "nl\n"] {
            assert_eq!(
                IdempotencyKey::parse(bad),
                Err(InvalidIdempotencyKey),
                "{bad}"
            );
        }
    }
}
