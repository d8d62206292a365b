//! Browser identities minted for user ids the pure rule cannot carry, both ways.

use std::collections::HashMap;

use async_trait::async_trait;
use switchboard_domain::calls::BrowserIdentity;
use switchboard_domain::ports::IdentityStore;
use switchboard_domain::{StoreError, UserId};

use crate::MemoryStore;

/// The mapping, both ways.
#[derive(Debug, Default)]
pub(crate) struct Identities {
    by_user: HashMap<UserId, BrowserIdentity>,
    by_identity: HashMap<BrowserIdentity, UserId>,
}

#[async_trait]
impl IdentityStore for MemoryStore {
    async fn mapped_identity(
        &self,
        user: &UserId,
        candidate: &BrowserIdentity,
    ) -> Result<BrowserIdentity, StoreError> {
        let mut state = self.lock();
        let map = &mut state.identities;
        if let Some(identity) = map.by_user.get(user) {
            return Ok(identity.clone());
        }
        map.by_user.insert(user.clone(), candidate.clone());
        map.by_identity.insert(candidate.clone(), user.clone());
        Ok(candidate.clone())
    }

    async fn identity_user(
        &self,
        identity: &BrowserIdentity,
    ) -> Result<Option<UserId>, StoreError> {
        Ok(self.lock().identities.by_identity.get(identity).cloned())
    }
}

impl Identities {
    /// The identity minted for `user`, if one was.
    pub(crate) fn of(&self, user: &UserId) -> Option<BrowserIdentity> {
        self.by_user.get(user).cloned()
    }
}
