//! The voicemail use cases the HTTP layer and CLI call.

use std::sync::Arc;

use time::Duration;

use super::greeting_url::GreetingUrl;
use super::pool::{PoolListing, PoolNumber, PoolQuery, PoolTotals};
use super::pool_store::{AddPoolNumberError, PoolStore, RetirePoolNumberError};
use super::session::{ExpiresIn, NewSession, SessionId, SessionQuery, VoicemailSession};
use super::session_store::{LeaseError, SessionStore};
use crate::{Actor, Clock, Page, PhoneNumber, Quota, StoreError, UserId};

/// A request to create a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateSession {
    /// What callers hear.
    pub greeting_url: GreetingUrl,
    /// How long the session lasts.
    pub expires_in: ExpiresIn,
    /// For whom; only admins may name another user. `None` means the caller.
    pub on_behalf_of: Option<UserId>,
}

/// Why a session could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateSessionError {
    /// A non-admin named another user.
    #[error("only admins may create sessions for other users")]
    Forbidden,
    /// The caller created too many sessions in the last minute.
    #[error("too many sessions created; retry later")]
    RateLimited {
        /// How long until one more is allowed.
        retry_after: Duration,
    },
    /// No pool number is free.
    #[error("no pool number is free")]
    PoolExhausted,
    /// The store failed; nothing was created.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a session could not be read or expired.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No such session, or not the caller's (callers cannot tell the two apart).
    #[error("session not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Voicemail-greeting sessions: create, read, list, expire.
#[derive(Debug, Clone)]
pub struct VoicemailSessions {
    store: Arc<dyn SessionStore>,
    clock: Arc<dyn Clock>,
    create_quota: Quota,
}

impl VoicemailSessions {
    /// The use cases over these ports; `create_quota` limits creations per user.
    #[must_use]
    pub fn new(store: Arc<dyn SessionStore>, clock: Arc<dyn Clock>, create_quota: Quota) -> Self {
        Self {
            store,
            clock,
            create_quota,
        }
    }

    /// Leases a free pool number to a new session, after the caller's rate limit allows it.
    ///
    /// # Errors
    /// See [`CreateSessionError`].
    pub async fn create(
        &self,
        actor: &Actor,
        request: CreateSession,
    ) -> Result<VoicemailSession, CreateSessionError> {
        let owner = actor
            .acting_for(request.on_behalf_of)
            .ok_or(CreateSessionError::Forbidden)?;
        let now = self.clock.now();
        let key = format!("voicemail-session-create:{}", actor.user_id);
        let new = NewSession {
            id: SessionId::new(),
            user_id: owner,
            greeting_url: request.greeting_url,
            created_at: now,
            expires_at: now + request.expires_in.duration(),
        };
        self.store
            .lease_number_within(new, &key, self.create_quota)
            .await
            .map_err(|e| match e {
                LeaseError::PoolExhausted => CreateSessionError::PoolExhausted,
                LeaseError::RateLimited { retry_after } => {
                    CreateSessionError::RateLimited { retry_after }
                }
                LeaseError::Store(e) => CreateSessionError::Store(e),
            })
    }

    /// One of the caller's sessions (any session for an admin).
    ///
    /// # Errors
    /// [`SessionError::NotFound`] for unknown ids and other users' sessions.
    pub async fn get(
        &self,
        actor: &Actor,
        id: SessionId,
    ) -> Result<VoicemailSession, SessionError> {
        match self.store.session(id).await? {
            Some(s) if actor.may_access(&s.user_id) => Ok(s),
            _ => Err(SessionError::NotFound),
        }
    }

    /// The caller's sessions, newest first.
    ///
    /// # Errors
    /// [`SessionError::Store`] when the store fails.
    pub async fn list(
        &self,
        actor: &Actor,
        status: Option<super::session::SessionStatus>,
        page: crate::PageRequest,
    ) -> Result<Page<VoicemailSession>, SessionError> {
        let query = SessionQuery {
            user_id: actor.user_id.clone(),
            status,
            now: self.clock.now(),
            page,
        };
        Ok(self.store.list_sessions(&query).await?)
    }

    /// Ends one of the caller's sessions now (any session for an admin) and frees its
    /// number. Expiring an expired session returns it unchanged.
    ///
    /// # Errors
    /// [`SessionError::NotFound`] for unknown ids and other users' sessions.
    pub async fn expire(
        &self,
        actor: &Actor,
        id: SessionId,
    ) -> Result<VoicemailSession, SessionError> {
        self.get(actor, id).await?;
        self.store
            .expire_session(id, self.clock.now())
            .await?
            .ok_or(SessionError::NotFound)
    }

    /// The clock these use cases read, so callers render statuses at the same instant.
    #[must_use]
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }
}

/// Why a pool administration request failed.
#[derive(Debug, thiserror::Error)]
pub enum PoolAdminError {
    /// The caller is not an admin.
    #[error("only admins administer the pool")]
    Forbidden,
    /// The number is already in the pool.
    #[error("the number is already in the pool")]
    AlreadyExists,
    /// A user holds the number; pool and owned numbers never overlap.
    #[error("the number is owned by a user")]
    OwnedByUser,
    /// The number is not in the pool.
    #[error("the number is not in the pool")]
    NotFound,
    /// The number is leased; it can be retired once the lease ends.
    #[error("the number is leased until {until}")]
    Leased {
        /// When the lease ends.
        until: time::OffsetDateTime,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Pool administration: add, list, retire numbers. Admins only.
#[derive(Debug, Clone)]
pub struct PoolAdmin {
    store: Arc<dyn PoolStore>,
    clock: Arc<dyn Clock>,
}

impl PoolAdmin {
    /// The use cases over this store.
    #[must_use]
    pub fn new(store: Arc<dyn PoolStore>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    fn require_admin(actor: &Actor) -> Result<(), PoolAdminError> {
        if actor.is_admin() {
            Ok(())
        } else {
            Err(PoolAdminError::Forbidden)
        }
    }

    /// Adds a number to the pool.
    ///
    /// # Errors
    /// See [`PoolAdminError`].
    pub async fn add(
        &self,
        actor: &Actor,
        number: PhoneNumber,
    ) -> Result<PoolNumber, PoolAdminError> {
        Self::require_admin(actor)?;
        self.store
            .add_pool_number(number, self.clock.now())
            .await
            .map_err(|e| match e {
                AddPoolNumberError::AlreadyExists => PoolAdminError::AlreadyExists,
                AddPoolNumberError::OwnedByUser => PoolAdminError::OwnedByUser,
                AddPoolNumberError::Store(e) => PoolAdminError::Store(e),
            })
    }

    /// One page of the pool with its totals.
    ///
    /// # Errors
    /// See [`PoolAdminError`].
    pub async fn list(
        &self,
        actor: &Actor,
        page: crate::PageRequest,
    ) -> Result<PoolListing, PoolAdminError> {
        Self::require_admin(actor)?;
        Ok(self
            .store
            .list_pool_numbers(&PoolQuery {
                now: self.clock.now(),
                page,
            })
            .await?)
    }

    /// How many pool numbers are free and leased now, for the service's own metrics (no
    /// caller to authorize: nothing but the two counts is read).
    ///
    /// # Errors
    /// When the store fails.
    pub async fn totals(&self) -> Result<PoolTotals, StoreError> {
        let listing = self
            .store
            .list_pool_numbers(&PoolQuery {
                now: self.clock.now(),
                page: crate::PageRequest {
                    limit: 1,
                    after: None,
                },
            })
            .await?;
        Ok(PoolTotals {
            free: listing.free,
            leased: listing.leased,
        })
    }

    /// Retires a number that is not leased.
    ///
    /// # Errors
    /// See [`PoolAdminError`].
    pub async fn retire(&self, actor: &Actor, number: &PhoneNumber) -> Result<(), PoolAdminError> {
        Self::require_admin(actor)?;
        self.store
            .retire_pool_number(number, self.clock.now())
            .await
            .map_err(|e| match e {
                RetirePoolNumberError::NotFound => PoolAdminError::NotFound,
                RetirePoolNumberError::Leased { until } => PoolAdminError::Leased { until },
                RetirePoolNumberError::Store(e) => PoolAdminError::Store(e),
            })
    }

    /// The clock these use cases read.
    #[must_use]
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
