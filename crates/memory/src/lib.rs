//! In-memory adapter for Switchboard's store ports: the out-of-the-box default when no
//! `DATABASE_URL` is set, so the service runs without PostgreSQL.
//!
//! [`MemoryStore`] implements [`SessionStore`](switchboard_domain::ports::SessionStore),
//! [`PoolStore`](switchboard_domain::ports::PoolStore),
//! [`NumberStore`](switchboard_domain::ports::NumberStore),
//! [`RateLimitStore`](switchboard_domain::ports::RateLimitStore),
//! [`CallStore`](switchboard_domain::ports::CallStore),
//! [`RecordingStore`](switchboard_domain::ports::RecordingStore),
//! [`IdentityStore`](switchboard_domain::ports::IdentityStore),
//! [`IdempotencyStore`](switchboard_domain::ports::IdempotencyStore),
//! [`RoutingStore`](switchboard_domain::ports::RoutingStore),
//! [`MessageStore`](switchboard_domain::ports::MessageStore),
//! [`EmailStore`](switchboard_domain::ports::EmailStore) and
//! [`HealthCheck`], and passes the same contract suite (`switchboard_domain::contract`,
//! feature `contract-tests`) as the PostgreSQL adapter, whose queries it follows for
//! ordering, tie-breaks and paging.
//!
//! # What it is not
//! - **Not durable.** Everything lives in the process: sessions, the pool, owned numbers,
//!   pending purchases, the call log, recordings, idempotency keys and rate-limit state are
//!   lost at exit. Numbers bought at Twilio while
//!   running on it stay on the Twilio account (and its bill); after a restart,
//!   reconciliation reports them as unassigned.
//! - **Not shared.** Leases and rate limits are exact within one process, not across
//!   replicas: two instances each have their own pool and their own limits. Run one
//!   instance, or use PostgreSQL.
//! - **Not bounded.** Past sessions, released numbers and one timestamp per rate-limit key
//!   stay until exit, as their rows stay in PostgreSQL; nothing is evicted.
//!
//! # Design
//! One [`std::sync::Mutex`] guards all state. Every operation takes it once, does its reads
//! and writes with no `.await` in between, and releases it: each operation is atomic with
//! respect to every other, which gives the contract's concurrency guarantees (no number
//! leased twice, no number both pooled and owned, rate limits exact). The lock is never held
//! across an `.await`; the compiler checks it, as the guard is not `Send` and the port
//! futures must be. Operations are short (most are logarithmic in the data or linear in a
//! page; the totals walk what they count, as PostgreSQL's do), so a blocking lock is
//! cheaper than an async one here.
//!
//! Each kind of data is kept in a map by its key plus ordered indexes standing in for
//! PostgreSQL's (see each module): leasing is O(log n) in the pool size, the inbound lookup
//! O(log k) in the sessions of the called number, and listings O(log n + page) plus the
//! items their filters skip, as PostgreSQL's index scans.
//!
//! Timestamps are kept as given (PostgreSQL keeps microseconds; the domain's
//! [`SystemClock`](switchboard_domain::SystemClock) truncates to them, so values read back
//! are the same either way).

mod calls;
mod emails;
mod idempotency;
mod identities;
mod messages;
mod numbers;
mod paging;
mod pool;
mod rate_limit;
mod recordings;
mod routing;
mod sessions;
mod usage;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use switchboard_domain::StoreError;
use switchboard_domain::ports::HealthCheck;
use time::OffsetDateTime;

/// Switchboard's stores in the process's memory: every store port over one shared state,
/// empty at start and lost at exit. Share it behind an `Arc`.
pub struct MemoryStore {
    state: Mutex<State>,
}

/// Everything the store holds, guarded by [`MemoryStore::state`].
#[derive(Debug, Default)]
struct State {
    pool: pool::Pool,
    sessions: sessions::Sessions,
    numbers: numbers::Numbers,
    /// Each rate-limit key's theoretical arrival time.
    rate_limits: HashMap<String, OffsetDateTime>,
    calls: calls::Calls,
    recordings: recordings::Recordings,
    identities: identities::Identities,
    claims: idempotency::Claims,
    routing: routing::Routing,
    messages: messages::Messages,
    emails: emails::Emails,
}

impl MemoryStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self {
            state: Mutex::new(State::default()),
        }
    }

    /// The state, locked for one operation.
    ///
    /// A poisoned lock is taken over rather than refused: no operation panics while it
    /// holds the lock (each checks everything that can refuse before its first write, and
    /// its writes are map and set insertions and removals), so a poisoned state is as
    /// consistent as an unpoisoned one. Refusing would instead fail every later call of a
    /// store that has no other copy of its data.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for MemoryStore {
    /// Sizes only: the contents can be large, and are users' data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MemoryStore")
            .field("pool_numbers", &state.pool.len())
            .field("sessions", &state.sessions.len())
            .field("owned_numbers", &state.numbers.len())
            .field("rate_limit_keys", &state.rate_limits.len())
            .field("calls", &state.calls.len())
            .field("recordings", &state.recordings.len())
            .field("idempotency_keys", &state.claims.len())
            .field("messages", &state.messages.len())
            .field("emails", &state.emails.len())
            .finish()
    }
}

#[async_trait]
impl HealthCheck for MemoryStore {
    /// Always answers: the state is in this process.
    async fn ping(&self) -> Result<(), StoreError> {
        Ok(())
    }
}
