//! Who is asking: the authenticated user and their role.

use std::fmt;

/// A user id as carried in a token's `sub`: 1 to 128 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(String);

/// Why a string is not a user id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a user id is 1 to 128 characters with no control characters")]
pub struct InvalidUserId;

impl UserId {
    /// Parses a user id.
    ///
    /// # Errors
    /// [`InvalidUserId`] when empty, longer than 128 characters, or containing control characters.
    pub fn parse(input: &str) -> Result<Self, InvalidUserId> {
        let len = input.chars().count();
        if (1..=128).contains(&len) && !input.chars().any(char::is_control) {
            Ok(Self(input.to_owned()))
        } else {
            Err(InvalidUserId)
        }
    }

    /// The id as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a user may do beyond their own resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Sees and changes only their own resources.
    User,
    /// Administers the pool and may act on any user's resources.
    Admin,
}

/// The authenticated caller of a use case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The caller's user id.
    pub user_id: UserId,
    /// The caller's role.
    pub role: Role,
}

impl Actor {
    /// Whether the caller is an administrator.
    #[must_use]
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether the caller may see or change a resource owned by `owner`.
    #[must_use]
    pub fn may_access(&self, owner: &UserId) -> bool {
        self.is_admin() || &self.user_id == owner
    }

    /// Whose resources a request acts on: the `named` user if the caller may access theirs
    /// (see [`Actor::may_access`]), the caller when no one is named; `None` when a non-admin
    /// names another user.
    #[must_use]
    pub fn acting_for(&self, named: Option<UserId>) -> Option<UserId> {
        match named {
            Some(user) => self.may_access(&user).then_some(user),
            None => Some(self.user_id.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_are_bounded() {
        assert!(UserId::parse("alice").is_ok());
        assert!(UserId::parse(&"x".repeat(128)).is_ok());
        assert_eq!(UserId::parse(""), Err(InvalidUserId));
        assert_eq!(UserId::parse(&"x".repeat(129)), Err(InvalidUserId));
        assert_eq!(UserId::parse("a\nb"), Err(InvalidUserId));
    }

    #[test]
    fn only_owner_or_admin_may_access() {
        let alice = UserId::parse("alice").unwrap_or_else(|_| unreachable!());
        let bob = UserId::parse("bob").unwrap_or_else(|_| unreachable!());
        let user = Actor {
            user_id: alice.clone(),
            role: Role::User,
        };
        let admin = Actor {
            user_id: bob.clone(),
            role: Role::Admin,
        };
        assert!(user.may_access(&alice));
        assert!(!user.may_access(&bob));
        assert!(admin.may_access(&alice));
    }

    #[test]
    fn only_admins_act_for_another_user() {
        let alice = UserId::parse("alice").unwrap_or_else(|_| unreachable!());
        let bob = UserId::parse("bob").unwrap_or_else(|_| unreachable!());
        let user = Actor {
            user_id: alice.clone(),
            role: Role::User,
        };
        let admin = Actor {
            user_id: bob.clone(),
            role: Role::Admin,
        };
        assert_eq!(user.acting_for(None), Some(alice.clone()));
        assert_eq!(user.acting_for(Some(alice.clone())), Some(alice.clone()));
        assert_eq!(user.acting_for(Some(bob.clone())), None);
        assert_eq!(admin.acting_for(Some(alice.clone())), Some(alice));
        assert_eq!(admin.acting_for(None), Some(bob));
    }
}
