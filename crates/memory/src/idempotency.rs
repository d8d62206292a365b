//! Idempotency claims: one entry per user and key, with the response once finished.

use std::collections::HashMap;

use async_trait::async_trait;
use switchboard_domain::idempotency::{
    ABANDONED_AFTER, Claim, KeyClaim, RETENTION, StoredResponse,
};
use switchboard_domain::ports::IdempotencyStore;
use switchboard_domain::{StoreError, UserId};
use time::OffsetDateTime;

use crate::MemoryStore;

/// One key's claim.
#[derive(Debug)]
struct Entry {
    operation: String,
    fingerprint: String,
    claimed_at: OffsetDateTime,
    response: Option<(StoredResponse, OffsetDateTime)>,
}

impl Entry {
    /// Whether the entry no longer holds its key at `now`.
    fn lapsed(&self, now: OffsetDateTime) -> bool {
        match &self.response {
            Some((_, finished_at)) => *finished_at + RETENTION <= now,
            None => self.claimed_at + ABANDONED_AFTER <= now,
        }
    }
}

/// Every user's claims, by key.
#[derive(Debug, Default)]
pub(crate) struct Claims(HashMap<(UserId, String), Entry>);

impl Claims {
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

fn key_of(claim: &KeyClaim) -> (UserId, String) {
    (claim.user.clone(), claim.key.as_str().to_owned())
}

#[async_trait]
impl IdempotencyStore for MemoryStore {
    async fn claim(&self, claim: &KeyClaim) -> Result<Claim, StoreError> {
        let mut state = self.lock();
        let claims = &mut state.claims.0;
        let key = key_of(claim);
        if let Some(entry) = claims.get(&key)
            && !entry.lapsed(claim.now)
        {
            return Ok(
                if entry.operation != claim.operation || entry.fingerprint != claim.fingerprint {
                    Claim::Mismatch
                } else {
                    match &entry.response {
                        Some((response, _)) => Claim::Replay(response.clone()),
                        None => Claim::InUse,
                    }
                },
            );
        }
        claims.insert(
            key,
            Entry {
                operation: claim.operation.clone(),
                fingerprint: claim.fingerprint.clone(),
                claimed_at: claim.now,
                response: None,
            },
        );
        Ok(Claim::Claimed)
    }

    async fn finish(&self, claim: &KeyClaim, response: &StoredResponse) -> Result<(), StoreError> {
        let mut state = self.lock();
        if let Some(entry) = state.claims.0.get_mut(&key_of(claim))
            && entry.claimed_at == claim.now
            && entry.response.is_none()
        {
            entry.response = Some((response.clone(), claim.now));
        }
        Ok(())
    }

    async fn release(&self, claim: &KeyClaim) -> Result<(), StoreError> {
        let mut state = self.lock();
        let key = key_of(claim);
        if state
            .claims
            .0
            .get(&key)
            .is_some_and(|e| e.claimed_at == claim.now && e.response.is_none())
        {
            state.claims.0.remove(&key);
        }
        Ok(())
    }
}
