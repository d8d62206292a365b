//! Browser identities: the Twilio Client identity a user's browser registers under.
//!
//! Twilio allows at most 121 characters of ASCII letters, digits and underscores. A user id
//! made of those characters and at most [`PLAIN_MAX`] long is carried as is, behind the
//! prefix `u_` (so `alice` is `u_alice`): a pure rule, both ways. Any other user id (one with
//! `@`, `-`, `.`, non-ASCII, or too long) gets `m_` and a fresh 32-hex-digit key (a UUID v7), minted once
//! and kept by an [`IdentityStore`], which maps it back. The prefixes keep the two kinds
//! apart, so identities are unique per user.

use async_trait::async_trait;
use uuid::Uuid;

use crate::{StoreError, UserId};

/// The longest identity Twilio accepts.
pub const MAX_LEN: usize = 121;
/// The longest user id carried as is (121 minus the prefix `u_`).
pub const PLAIN_MAX: usize = MAX_LEN - 2;

const PLAIN: &str = "u_";
const MAPPED: &str = "m_";

/// A browser client identity: 1..=121 ASCII letters, digits and underscores.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BrowserIdentity(String);

/// Why a string is not a browser identity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a browser identity is 1 to 121 ASCII letters, digits and underscores")]
pub struct InvalidIdentity;

/// Where a browser identity leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityKind {
    /// It carries its user id.
    Plain(UserId),
    /// It is a key an [`IdentityStore`] maps to a user.
    Mapped,
    /// It is not one of ours.
    Foreign,
}

impl BrowserIdentity {
    /// Parses an identity.
    ///
    /// # Errors
    /// [`InvalidIdentity`] unless it is 1..=121 ASCII letters, digits and underscores.
    pub fn parse(input: &str) -> Result<Self, InvalidIdentity> {
        if (1..=MAX_LEN).contains(&input.len()) && input.bytes().all(is_identity_byte) {
            Ok(Self(input.to_owned()))
        } else {
            Err(InvalidIdentity)
        }
    }

    /// The identity a user id carries by the pure rule, if it can.
    #[must_use]
    pub fn plain(user: &UserId) -> Option<Self> {
        let id = user.as_str();
        (id.len() <= PLAIN_MAX && id.bytes().all(is_identity_byte))
            .then(|| Self(format!("{PLAIN}{id}")))
    }

    /// A new key for a user id the pure rule cannot carry.
    #[must_use]
    pub fn new_mapped() -> Self {
        Self(format!("{MAPPED}{}", Uuid::now_v7().simple()))
    }

    /// What the identity leads to.
    #[must_use]
    pub fn kind(&self) -> IdentityKind {
        if let Some(id) = self.0.strip_prefix(PLAIN) {
            UserId::parse(id).map_or(IdentityKind::Foreign, IdentityKind::Plain)
        } else if self.0.starts_with(MAPPED) {
            IdentityKind::Mapped
        } else {
            IdentityKind::Foreign
        }
    }

    /// The identity as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for BrowserIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_identity_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The stored half of the identity mapping: keys for user ids the pure rule cannot carry.
#[async_trait]
pub trait IdentityStore: Send + Sync + std::fmt::Debug + 'static {
    /// The user's mapped identity, storing `candidate` as it if the user has none yet.
    ///
    /// # Errors
    /// - MUST return the same identity for a user on every call, whatever the concurrency
    ///   (the first stored candidate wins).
    /// - MUST return [`StoreError`] only on infrastructure failure.
    async fn mapped_identity(
        &self,
        user: &UserId,
        candidate: &BrowserIdentity,
    ) -> Result<BrowserIdentity, StoreError>;

    /// The user a mapped identity belongs to.
    ///
    /// # Errors
    /// MUST return `Ok(None)` for an identity never stored, and [`StoreError`] only on
    /// infrastructure failure.
    async fn identity_user(&self, identity: &BrowserIdentity)
    -> Result<Option<UserId>, StoreError>;
}

/// The identity of `user`'s browser: by the pure rule when it fits, else from `store`.
///
/// # Errors
/// [`StoreError`] when the store fails.
pub async fn identity_of(
    store: &dyn IdentityStore,
    user: &UserId,
) -> Result<BrowserIdentity, StoreError> {
    match BrowserIdentity::plain(user) {
        Some(identity) => Ok(identity),
        None => {
            store
                .mapped_identity(user, &BrowserIdentity::new_mapped())
                .await
        }
    }
}

/// The user whose browser registered as `identity`, if it is one of ours.
///
/// # Errors
/// [`StoreError`] when the store fails.
pub async fn user_of(
    store: &dyn IdentityStore,
    identity: &BrowserIdentity,
) -> Result<Option<UserId>, StoreError> {
    match identity.kind() {
        IdentityKind::Plain(user) => Ok(Some(user)),
        IdentityKind::Mapped => store.identity_user(identity).await,
        IdentityKind::Foreign => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str) -> UserId {
        UserId::parse(id).expect("a valid user id")
    }

    #[test]
    fn plain_ids_carry_themselves_both_ways() {
        for id in ["alice", "user_42", "A", &"x".repeat(PLAIN_MAX)] {
            let identity = BrowserIdentity::plain(&user(id)).expect("fits the pure rule");
            assert!(identity.as_str().len() <= MAX_LEN);
            assert_eq!(
                BrowserIdentity::parse(identity.as_str()),
                Ok(identity.clone())
            );
            assert_eq!(identity.kind(), IdentityKind::Plain(user(id)));
        }
    }

    #[test]
    fn other_ids_need_the_mapping() {
        for id in ["alice@example.com", "a-b", "é", &"x".repeat(PLAIN_MAX + 1)] {
            assert_eq!(BrowserIdentity::plain(&user(id)), None, "{id}");
        }
        let mapped = BrowserIdentity::new_mapped();
        assert_eq!(mapped.kind(), IdentityKind::Mapped);
        assert_eq!(mapped.as_str().len(), 34);
        assert_eq!(BrowserIdentity::parse(mapped.as_str()), Ok(mapped));
    }

    #[test]
    fn identities_are_validated() {
        for bad in ["", "a b", "client:alice", &"x".repeat(MAX_LEN + 1), "ü"] {
            assert_eq!(BrowserIdentity::parse(bad), Err(InvalidIdentity), "{bad}");
        }
        let foreign = BrowserIdentity::parse("someone_else").expect("valid");
        assert_eq!(foreign.kind(), IdentityKind::Foreign);
        // `u_` followed by nothing is not a user.
        let empty = BrowserIdentity::parse("u_").expect("valid");
        assert_eq!(empty.kind(), IdentityKind::Foreign);
    }
}
