//! The creates waiting to be leased together, and the slots for lease statements (see
//! `lease_batch`).

use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use switchboard_domain::Quota;
use switchboard_domain::ports::LeaseError;
use switchboard_domain::voicemail::{NewSession, VoicemailSession};
use tokio::sync::{Semaphore, oneshot};

/// How many lanes a process has. One: measured on a 2-core machine with PostgreSQL on it
/// (docs/benchmarks.md), two lanes made 0.8 to 1.0 times the creates of one, because two
/// lease statements at once contend for the same pages of the lease-end index, and a lane
/// with batches of up to [`MOST_PER_BATCH`] already leases about 10,000 numbers a second.
/// Replicas each have their own.
pub(crate) const LANES: usize = 1;

/// The most creates one statement takes.
pub(crate) const MOST_PER_BATCH: usize = 32;

/// A create waiting for its lease.
pub(crate) struct LimitedLease {
    pub(crate) new: NewSession,
    pub(crate) key: String,
    pub(crate) quota: Quota,
}

pub(crate) struct Waiting {
    pub(crate) lease: LimitedLease,
    pub(crate) answer: oneshot::Sender<Result<VoicemailSession, LeaseError>>,
}

/// The creates waiting for their lane's statement, one lane per share of the keys.
///
/// A lane runs one lease statement at a time. Two statements at once that take events of
/// one key would queue on its rate-limit row, so the keys are split between the lanes (by a
/// hash), and lanes run side by side without ever waiting on each other's rows (the numbers
/// they lease are locked with `SKIP LOCKED`).
pub(crate) struct LeaseBatches {
    lanes: Vec<Lane>,
}

/// One lane: its queue and its one statement slot.
pub(crate) struct Lane {
    queue: Mutex<VecDeque<Waiting>>,
    pub(crate) slot: Arc<Semaphore>,
}

impl std::fmt::Debug for LeaseBatches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeaseBatches")
            .field("lanes", &self.lanes.len())
            .finish_non_exhaustive()
    }
}

impl LeaseBatches {
    /// The lanes, [`LANES`] of them.
    pub(crate) fn new() -> Self {
        Self {
            lanes: (0..LANES)
                .map(|_| Lane {
                    queue: Mutex::new(VecDeque::new()),
                    slot: Arc::new(Semaphore::new(1)),
                })
                .collect(),
        }
    }

    /// The lane of rate-limit key `key`.
    pub(crate) fn lane_of(&self, key: &str) -> usize {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        let lanes = u64::try_from(self.lanes.len()).unwrap_or(1).max(1);
        usize::try_from(hasher.finish() % lanes).unwrap_or(0)
    }

    /// Lane `index` (as [`Self::lane_of`] gave it).
    pub(crate) fn lane(&self, index: usize) -> Option<&Lane> {
        self.lanes.get(index)
    }
}

impl Lane {
    pub(crate) fn queue(&self) -> MutexGuard<'_, VecDeque<Waiting>> {
        // The queue is only pushed to and drained, never left half-changed.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The creates the next statement takes: the oldest waiting and those after it with the
    /// same quota (one statement applies one quota), at most [`MOST_PER_BATCH`]. A create
    /// whose client has gone away meanwhile is dropped: it never reached the database.
    pub(crate) fn next_batch(&self) -> Vec<Waiting> {
        let mut queue = self.queue();
        queue.retain(|w| !w.answer.is_closed());
        let Some(quota) = queue.front().map(|w| w.lease.quota) else {
            return Vec::new();
        };
        let mut batch = Vec::new();
        let mut rest = VecDeque::with_capacity(queue.len());
        while let Some(waiting) = queue.pop_front() {
            if batch.len() < MOST_PER_BATCH && waiting.lease.quota == quota {
                batch.push(waiting);
            } else {
                rest.push_back(waiting);
            }
        }
        *queue = rest;
        batch
    }
}
