//! Unit tests of the voicemail use cases over minimal fakes: who may do what, and in which
//! order the ports are called.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use futures::executor::block_on;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use crate::rate_limit::RateLimitStore;
use crate::voicemail::{LeaseError, SessionQuery, SessionStatus, SessionStore};
use crate::{
    Actor, Clock, Page, PageRequest, PhoneNumber, Quota, RateDecision, Role, StoreError, UserId,
};

const NOW: OffsetDateTime = datetime!(2030-01-01 12:00 UTC);

#[derive(Debug)]
struct FixedClock;
impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        NOW
    }
}

/// Holds sessions in a vector; leases a fixed number when `pool_has_number`.
#[derive(Debug, Default)]
struct FakeSessions {
    sessions: Mutex<Vec<VoicemailSession>>,
    leases: Mutex<u32>,
    pool_has_number: bool,
    /// The rate limit `lease_number_within` takes its event from.
    limits: Mutex<Option<FakeLimits>>,
}

#[async_trait]
impl SessionStore for FakeSessions {
    async fn lease_number(&self, new: NewSession) -> Result<VoicemailSession, LeaseError> {
        *self.leases.lock().unwrap() += 1;
        if !self.pool_has_number {
            return Err(LeaseError::PoolExhausted);
        }
        let s = VoicemailSession {
            id: new.id,
            user_id: new.user_id,
            phone_number: PhoneNumber::parse("+14155550100").unwrap(),
            greeting_url: new.greeting_url,
            created_at: new.created_at,
            expires_at: new.expires_at,
        };
        self.sessions.lock().unwrap().push(s.clone());
        Ok(s)
    }
    async fn lease_number_within(
        &self,
        new: NewSession,
        limit_key: &str,
        quota: Quota,
    ) -> Result<VoicemailSession, LeaseError> {
        let limits = self.limits.lock().unwrap().take();
        let decision = match &limits {
            Some(limits) => limits.acquire(limit_key, quota, new.created_at).await?,
            None => RateDecision::Allowed {
                new_tat: new.created_at,
            },
        };
        *self.limits.lock().unwrap() = limits;
        match decision {
            RateDecision::Allowed { .. } => self.lease_number(new).await,
            RateDecision::Limited { retry_after } => Err(LeaseError::RateLimited { retry_after }),
        }
    }
    async fn session(&self, id: SessionId) -> Result<Option<VoicemailSession>, StoreError> {
        Ok(self
            .sessions
            .lock()
            .unwrap()
            .iter()
            .find(|s| s.id == id)
            .cloned())
    }
    async fn list_sessions(&self, q: &SessionQuery) -> Result<Page<VoicemailSession>, StoreError> {
        let items = self
            .sessions
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.user_id == q.user_id)
            .cloned()
            .collect();
        Ok(Page { items, next: None })
    }
    async fn expire_session(
        &self,
        id: SessionId,
        now: OffsetDateTime,
    ) -> Result<Option<VoicemailSession>, StoreError> {
        let mut all = self.sessions.lock().unwrap();
        Ok(all.iter_mut().find(|s| s.id == id).map(|s| {
            s.expires_at = s.expires_at.min(now);
            s.clone()
        }))
    }
    async fn active_session_for(
        &self,
        n: &PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<Option<VoicemailSession>, StoreError> {
        Ok(self
            .sessions
            .lock()
            .unwrap()
            .iter()
            .find(|s| &s.phone_number == n && s.expires_at > now)
            .cloned())
    }
}

/// Allows everything, or refuses everything with a 12 s wait; or fails.
#[derive(Debug)]
enum FakeLimits {
    Allow,
    Refuse,
    Fail,
}

#[async_trait]
impl RateLimitStore for FakeLimits {
    async fn acquire(
        &self,
        _key: &str,
        _quota: Quota,
        now: OffsetDateTime,
    ) -> Result<RateDecision, StoreError> {
        match self {
            Self::Allow => Ok(RateDecision::Allowed { new_tat: now }),
            Self::Refuse => Ok(RateDecision::Limited {
                retry_after: Duration::seconds(12),
            }),
            Self::Fail => Err(StoreError::msg("checking a rate limit")),
        }
    }
}

fn service(sessions: &Arc<FakeSessions>, limits: FakeLimits) -> VoicemailSessions {
    *sessions.limits.lock().unwrap() = Some(limits);
    VoicemailSessions::new(
        sessions.clone(),
        Arc::new(FixedClock),
        Quota::per_minute(10).unwrap(),
    )
}

fn actor(name: &str, role: Role) -> Actor {
    Actor {
        user_id: UserId::parse(name).unwrap(),
        role,
    }
}

fn request(on_behalf_of: Option<&str>) -> CreateSession {
    CreateSession {
        greeting_url: GreetingUrl::parse("https://example.com/g.mp3").unwrap(),
        expires_in: ExpiresIn::minutes(5).unwrap(),
        on_behalf_of: on_behalf_of.map(|u| UserId::parse(u).unwrap()),
    }
}

fn with_pool() -> Arc<FakeSessions> {
    Arc::new(FakeSessions {
        pool_has_number: true,
        ..FakeSessions::default()
    })
}

#[test]
fn create_leases_for_the_caller_until_now_plus_the_length() {
    block_on(async {
        let sessions = with_pool();
        let created = service(&sessions, FakeLimits::Allow)
            .create(&actor("alice", Role::User), request(None))
            .await
            .unwrap();
        assert_eq!(created.user_id.as_str(), "alice");
        assert_eq!(
            (created.created_at, created.expires_at),
            (NOW, NOW + Duration::minutes(5))
        );
        assert_eq!(created.status_at(NOW), SessionStatus::Active);
    });
}

#[test]
fn only_admins_create_for_other_users() {
    block_on(async {
        let sessions = with_pool();
        let svc = service(&sessions, FakeLimits::Allow);
        let refused = svc
            .create(&actor("alice", Role::User), request(Some("bob")))
            .await;
        assert!(
            matches!(refused, Err(CreateSessionError::Forbidden)),
            "got {refused:?}"
        );
        assert_eq!(
            *sessions.leases.lock().unwrap(),
            0,
            "nothing leased when forbidden"
        );
        let own = svc
            .create(&actor("alice", Role::User), request(Some("alice")))
            .await
            .unwrap();
        assert_eq!(own.user_id.as_str(), "alice");
        let for_bob = svc
            .create(&actor("ops", Role::Admin), request(Some("bob")))
            .await
            .unwrap();
        assert_eq!(for_bob.user_id.as_str(), "bob");
    });
}

#[test]
fn a_limited_or_failed_rate_check_leases_nothing() {
    block_on(async {
        let sessions = with_pool();
        let limited = service(&sessions, FakeLimits::Refuse)
            .create(&actor("alice", Role::User), request(None))
            .await;
        assert!(
            matches!(limited, Err(CreateSessionError::RateLimited { retry_after }) if retry_after == Duration::seconds(12))
        );
        let failed = service(&sessions, FakeLimits::Fail)
            .create(&actor("alice", Role::User), request(None))
            .await;
        assert!(
            matches!(failed, Err(CreateSessionError::Store(_))),
            "a broken limiter must not let requests through"
        );
        assert_eq!(*sessions.leases.lock().unwrap(), 0);
    });
}

#[test]
fn an_empty_pool_is_reported_as_exhausted() {
    block_on(async {
        let sessions = Arc::new(FakeSessions::default());
        let result = service(&sessions, FakeLimits::Allow)
            .create(&actor("alice", Role::User), request(None))
            .await;
        assert!(
            matches!(result, Err(CreateSessionError::PoolExhausted)),
            "got {result:?}"
        );
    });
}

#[test]
fn other_users_sessions_are_not_found_but_admins_see_them() {
    block_on(async {
        let sessions = with_pool();
        let svc = service(&sessions, FakeLimits::Allow);
        let s = svc
            .create(&actor("alice", Role::User), request(None))
            .await
            .unwrap();
        assert!(matches!(
            svc.get(&actor("bob", Role::User), s.id).await,
            Err(SessionError::NotFound)
        ));
        assert!(matches!(
            svc.expire(&actor("bob", Role::User), s.id).await,
            Err(SessionError::NotFound)
        ));
        assert_eq!(
            sessions.sessions.lock().unwrap()[0].expires_at,
            s.expires_at,
            "bob changed nothing"
        );
        assert_eq!(
            svc.get(&actor("ops", Role::Admin), s.id).await.unwrap().id,
            s.id
        );
        let expired = svc.expire(&actor("ops", Role::Admin), s.id).await.unwrap();
        assert_eq!(expired.expires_at, NOW);
        assert!(matches!(
            svc.get(&actor("alice", Role::User), SessionId::new()).await,
            Err(SessionError::NotFound)
        ));
    });
}

#[test]
fn listing_shows_only_the_callers_sessions() {
    block_on(async {
        let sessions = with_pool();
        let svc = service(&sessions, FakeLimits::Allow);
        svc.create(&actor("alice", Role::User), request(None))
            .await
            .unwrap();
        svc.create(&actor("bob", Role::User), request(None))
            .await
            .unwrap();
        let page = svc
            .list(&actor("alice", Role::User), None, PageRequest::first())
            .await
            .unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].user_id.as_str(), "alice");
    });
}
