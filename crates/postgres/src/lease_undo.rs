//! Undoing a lease whose outcome is unknown, so that a create answered 503 leaves nothing.
//!
//! The lease is one autocommit statement. When the connection breaks after it was sent (the
//! server killed or restarted, the backend terminated, the network gone), it may have
//! committed without the answer arriving. The request is answered 503 all the same, and the
//! session the statement would have made (its id is fresh, known only to this request) is
//! deleted and its number freed:
//!
//! 1. at once, before the 503 is answered: when the database answers, the 503 is true by the
//!    time the client reads it and an immediate retry finds the number free;
//! 2. otherwise by the same task, in the background: while the database is down, retried
//!    with backoff until it answers (or until the session would have expired by itself
//!    anyway); and when nothing was found while the statement might still be running on a
//!    server cut off from us, looked for once more when it cannot be running any more (its
//!    `statement_timeout` plus a margin after it was sent).
//!
//! Until then the orphan holds its number and shows in its user's list, like any session.
//! The background task lives in this process: if the process stops first, the orphan keeps
//! its number until it expires. A statement delayed in the network for longer than the
//! margin could still commit after the last check; that needs a partition that holds
//! packets, not a server restart.

use std::time::{Duration, Instant};

use diesel::sql_types::{BigInt, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use switchboard_domain::StoreError;
use switchboard_domain::voicemail::{NewSession, SessionId};
use tokio::sync::oneshot;

use crate::error;
use crate::store::PgStore;

/// Deletes session `$1` and, if its number is still leased to it, frees the number as of the
/// session's start (when it was free, so it is free again whatever the clock says now);
/// returns how many sessions were deleted (0 or 1).
const UNDO_LEASE_SQL: &str = "\
WITH gone AS (\
    DELETE FROM voicemail_sessions WHERE id = $1 RETURNING id, phone_number, created_at), \
freed AS (\
    UPDATE pool_numbers SET leased_until = gone.created_at, lease_session_id = NULL \
    FROM gone \
    WHERE pool_numbers.phone_number = gone.phone_number \
      AND pool_numbers.lease_session_id = gone.id) \
SELECT count(*) AS undone FROM gone";

/// How long after the statement was sent, beyond its `statement_timeout`, it is taken to be
/// finished one way or the other.
const SETTLE_MARGIN: Duration = Duration::from_secs(2);
const FIRST_RETRY: Duration = Duration::from_millis(100);
const LONGEST_RETRY: Duration = Duration::from_secs(5);

#[derive(diesel::QueryableByName)]
struct Undone {
    #[diesel(sql_type = BigInt)]
    undone: i64,
}

/// A lease statement that failed without saying whether it committed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InDoubtLease {
    /// The session the statement would have made.
    pub(crate) session: SessionId,
    /// When the statement was sent.
    pub(crate) sent: Instant,
    /// How long the session would have lasted: after that nothing is left to free.
    pub(crate) lasts: Duration,
}

impl InDoubtLease {
    /// The lease of `new`'s session, by a statement sent at `sent`.
    pub(crate) fn of(new: &NewSession, sent: Instant) -> Self {
        Self {
            session: new.id,
            sent,
            lasts: (new.expires_at - new.created_at).unsigned_abs(),
        }
    }
}

impl PgStore {
    /// Deletes the session `lease` would have made: a first attempt before this returns,
    /// then, if that is not certain to be the end of it, more in the background. Never
    /// fails: the request is answered 503 whatever happens here. The work runs in a task of
    /// its own, so a request dropped meanwhile (its client gone) does not stop it.
    pub(crate) async fn undo_lease(&self, lease: InDoubtLease) {
        let (tried, first_attempt) = oneshot::channel();
        tokio::spawn(self.clone().undo(lease, tried));
        // A closed channel only means the task has ended.
        let _ignored = first_attempt.await;
    }

    async fn undo(self, lease: InDoubtLease, tried: oneshot::Sender<()>) {
        let settled = lease.sent + self.statement_timeout() + SETTLE_MARGIN;
        let give_up = lease.sent + lease.lasts;
        let mut tried = Some(tried);
        let mut wait = FIRST_RETRY;
        loop {
            let attempt = self.undo_once(lease.session).await;
            let first = tried.take().map(|tried| tried.send(()));
            match attempt {
                Ok(true) => {
                    tracing::warn!(session_id = %lease.session, "a lease whose answer was lost had committed; undone");
                    return;
                }
                Ok(false) if Instant::now() >= settled => return,
                // Nothing yet, but the statement might still be running: look again then.
                Ok(false) => tokio::time::sleep_until(settled.into()).await,
                Err(e) if Instant::now() + wait >= give_up => {
                    tracing::error!(session_id = %lease.session, error = %e, "gave up undoing a lease whose outcome is unknown: the session has expired by now");
                    return;
                }
                Err(e) => {
                    if first.is_some() {
                        tracing::warn!(session_id = %lease.session, error = %e, "a lease whose outcome is unknown cannot be undone yet; retrying in the background");
                    }
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(LONGEST_RETRY);
                }
            }
        }
    }

    async fn undo_once(&self, session: SessionId) -> Result<bool, StoreError> {
        const CONTEXT: &str = "undoing a lease whose outcome is unknown";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Undone = diesel::sql_query(UNDO_LEASE_SQL)
            .bind::<SqlUuid, _>(session.as_uuid())
            .get_result(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        Ok(row.undone > 0)
    }
}
