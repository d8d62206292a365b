//! Rate-limited leases in batches: when creates arrive faster than their statements finish,
//! the ones waiting are leased together, in one statement (one round trip, one plan, one
//! commit for all of them).
//!
//! The rate-limit keys are split between a few lanes (`lease_queue`), and each lane runs one
//! lease statement at a time. A create whose lane is idle runs at once, alone, with the
//! one-create statement (`lease_one`); one whose lane is busy waits in its queue, and the
//! lane's next statement takes everything queued there (up to `MOST_PER_BATCH`). Under light
//! load nothing waits; under heavy load PostgreSQL runs a few statements of many creates
//! instead of many statements of one, and the batches grow with the load.
//!
//! The batch statement decides exactly what the creates one by one would have decided: the
//! rate-limit events of one key are taken in arrival order (the first `k` allowed, the rest
//! refused and not counted), each allowed create leases its own number or finds the pool
//! exhausted, and none leases a number another holds. Keys are locked in key order, so two
//! batches never deadlock. A batch runs in a task of its own, so a client that goes away
//! cancels nothing; a batch whose outcome is unknown is undone create by create, as a single
//! lease is (`lease_undo`).

use std::time::Instant;

use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use futures::future::join_all;
use switchboard_domain::ports::LeaseError;
use switchboard_domain::voicemail::VoicemailSession;
use switchboard_domain::{Quota, RateDecision, StoreError};
use time::OffsetDateTime;
use tokio::sync::oneshot;
use uuid::Uuid;

use crate::error;
use crate::lease_queue::{LimitedLease, Waiting};
use crate::lease_undo::InDoubtLease;
use crate::prepared::prepared_statement;
use crate::session_store::session_of;
use crate::store::PgStore;

/// The text of [`BatchLeaseStatement`]: many creates' rate-limit events, leases and
/// sessions in one statement (binds and results there). Public for the plan tests.
pub const BATCH_LEASE_SQL: &str = "WITH req AS (\
           SELECT r.*, row_number() OVER (PARTITION BY r.key ORDER BY r.ord) AS nth \
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], \
                       $5::timestamptz[], $6::timestamptz[]) \
             WITH ORDINALITY AS r(id, user_id, greeting_url, key, created_at, expires_at, ord)), \
         p AS (\
           SELECT min(created_at) AS now, $7::bigint AS e, $8::bigint AS per FROM req), \
         granted AS (\
           INSERT INTO rate_limits AS r (key, tat, granted) \
           SELECT k.key, p.now + LEAST(k.m, p.per / NULLIF(p.e, 0)) * p.e * interval '1 microsecond', \
                  LEAST(k.m, p.per / NULLIF(p.e, 0)) \
           FROM (SELECT key, count(*) AS m FROM req GROUP BY key) k, p \
           ORDER BY k.key \
           ON CONFLICT (key) DO UPDATE SET \
             granted = LEAST(EXCLUDED.granted, floor((extract(epoch FROM \
                 (SELECT now FROM p) - GREATEST(r.tat, (SELECT now FROM p))) * 1000000 \
                 + (SELECT per FROM p)) / NULLIF((SELECT e FROM p), 0))), \
             tat = GREATEST(r.tat, (SELECT now FROM p)) + LEAST(EXCLUDED.granted, \
                 floor((extract(epoch FROM \
                 (SELECT now FROM p) - GREATEST(r.tat, (SELECT now FROM p))) * 1000000 \
                 + (SELECT per FROM p)) / NULLIF((SELECT e FROM p), 0))) \
                 * (SELECT e FROM p) * interval '1 microsecond' \
           WHERE GREATEST(r.tat, (SELECT now FROM p)) \
                 + ((SELECT e FROM p) - (SELECT per FROM p)) * interval '1 microsecond' \
                 <= (SELECT now FROM p) \
           RETURNING key, granted, tat), \
         wanted AS (\
           SELECT req.*, row_number() OVER (ORDER BY req.ord) AS n \
           FROM req JOIN granted g ON g.key = req.key WHERE req.nth <= g.granted), \
         free AS (\
           SELECT phone_number, row_number() OVER (ORDER BY leased_until) AS n FROM (\
             SELECT phone_number, leased_until FROM pool_numbers \
             WHERE leased_until <= (SELECT now FROM p) \
             ORDER BY leased_until \
             LIMIT (SELECT count(*) FROM wanted) \
             FOR UPDATE SKIP LOCKED) f), \
         leased AS (\
           UPDATE pool_numbers AS pn SET leased_until = w.expires_at, lease_session_id = w.id \
           FROM free f JOIN wanted w ON w.n = f.n \
           WHERE pn.phone_number = f.phone_number \
           RETURNING pn.phone_number, w.id), \
         recorded AS (\
           INSERT INTO voicemail_sessions \
             (id, user_id, phone_number, greeting_url, created_at, expires_at) \
           SELECT w.id, w.user_id, l.phone_number, w.greeting_url, w.created_at, w.expires_at \
           FROM leased l JOIN wanted w ON w.id = l.id \
           RETURNING id, phone_number) \
         SELECT req.nth <= COALESCE(g.granted, 0) AS allowed, rec.phone_number, \
                COALESCE(g.tat, (SELECT tat FROM rate_limits s WHERE s.key = req.key)) AS tat \
         FROM req \
         LEFT JOIN granted g ON g.key = req.key \
         LEFT JOIN recorded rec ON rec.id = req.id \
         ORDER BY req.ord";

prepared_statement! {
    /// Many creates' rate-limit events, leases and sessions in one statement; the creates are
    /// the rows of the arrays `$1` to `$6`, the quota is `$7` and `$8` (emission interval
    /// and period, in microseconds). `now` is the earliest create's time.
    ///
    /// Per key with `m` creates, in key order: the stored `tat` locked, `k` = how many of the
    /// `m` events GCRA allows from `base = max(tat, now)`: `min(m, (now + period - base) /
    /// emission)`, and `tat = base + k * emission` (a new key allows `min(m, period /
    /// emission)`); `granted` records `k`, and a key allowing none is not written. The first
    /// `k` creates of the key (in array order) then lease the free numbers whose leases
    /// ended longest ago, one each, and record their sessions. Returns, per create in array
    /// order: whether it was allowed, its number (null when the pool ran out), and the key's
    /// `tat` after the batch (or, when the key allowed none, as the statement found it). An
    /// emission interval under a microsecond is 0 here, and allows every event (the
    /// quotients are null, and `LEAST` ignores nulls), as the one-create statement does.
    BatchLeaseStatement<'a> {
        ids: &'a [Uuid] => Array<SqlUuid>,
        user_ids: &'a [&'a str] => Array<Text>,
        greeting_urls: &'a [&'a str] => Array<Text>,
        keys: &'a [&'a str] => Array<Text>,
        created_at: &'a [OffsetDateTime] => Array<Timestamptz>,
        expires_at: &'a [OffsetDateTime] => Array<Timestamptz>,
        emission_micros: i64 => BigInt,
        period_micros: i64 => BigInt,
    } = BATCH_LEASE_SQL
}

#[derive(diesel::QueryableByName)]
struct Leased {
    #[diesel(sql_type = Bool)]
    allowed: bool,
    #[diesel(sql_type = Nullable<Text>)]
    phone_number: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    tat: Option<OffsetDateTime>,
}

fn micros(d: time::Duration) -> i64 {
    i64::try_from(d.whole_microseconds()).unwrap_or(i64::MAX)
}

/// What a create's row of the batch says, as the one-create statement would say it.
fn outcome(lease: &LimitedLease, row: Leased) -> Result<VoicemailSession, LeaseError> {
    if !row.allowed {
        // The key's tat after the batch's allowed events: decide says how long until the
        // next one is allowed.
        let retry_after = match lease.quota.decide(row.tat, lease.new.created_at) {
            RateDecision::Limited { retry_after } => retry_after,
            RateDecision::Allowed { .. } => lease.quota.emission_interval(),
        };
        return Err(LeaseError::RateLimited { retry_after });
    }
    let number = row.phone_number.ok_or(LeaseError::PoolExhausted)?;
    session_of(&lease.new, &number)
}

impl PgStore {
    /// Leases `lease`'s number within its quota: at once when its lane is idle, else with
    /// the creates waiting in the lane alongside it.
    pub(crate) async fn lease_within(
        &self,
        lease: LimitedLease,
    ) -> Result<VoicemailSession, LeaseError> {
        let lane = self.leases().lane_of(&lease.key);
        let (answer, answered) = oneshot::channel();
        if let Some(queue) = self.leases().lane(lane) {
            queue.queue().push_back(Waiting { lease, answer });
        }
        self.start_batch(lane);
        answered.await.unwrap_or_else(|_| {
            Err(StoreError::msg("a lease batch ended without answering").into())
        })
    }

    /// Starts a batch in lane `lane` if it is idle and creates wait there. A batch gives its
    /// slot back and then looks at the queue again, so a create queued while the lane was
    /// busy is always taken by the next batch.
    fn start_batch(&self, lane: usize) {
        let Some(queue) = self.leases().lane(lane) else {
            return;
        };
        let Ok(slot) = queue.slot.clone().try_acquire_owned() else {
            return;
        };
        let batch = queue.next_batch();
        if batch.is_empty() {
            return;
        }
        let store = self.clone();
        tokio::spawn(async move {
            store.run_batch(batch).await;
            drop(slot);
            store.start_batch(lane);
        });
    }

    async fn run_batch(&self, mut batch: Vec<Waiting>) {
        if batch.len() == 1 {
            if let Some(Waiting { lease, answer }) = batch.pop() {
                let result = self.lease_one_within(lease).await;
                // A create whose client went away has nobody to answer.
                let _ignored = answer.send(result);
            }
            return;
        }
        let (leases, answers): (Vec<LimitedLease>, Vec<_>) =
            batch.into_iter().map(|w| (w.lease, w.answer)).unzip();
        let results = self.lease_many(&leases).await;
        for (answer, result) in answers.into_iter().zip(results) {
            let _ignored = answer.send(result);
        }
    }

    /// The batch statement for `leases` (two or more, one quota): one result per lease, in
    /// order.
    async fn lease_many(
        &self,
        leases: &[LimitedLease],
    ) -> Vec<Result<VoicemailSession, LeaseError>> {
        const CONTEXT: &str = "leasing pool numbers for a batch of creates";
        let failed = |e: &dyn std::fmt::Display| {
            let text = e.to_string();
            leases
                .iter()
                .map(|_| Err(StoreError::new(CONTEXT, text.clone()).into()))
                .collect()
        };
        let mut conn = match self.conn(CONTEXT).await {
            Ok(conn) => conn,
            Err(e) => return failed(&e),
        };
        let ids: Vec<Uuid> = leases.iter().map(|l| l.new.id.as_uuid()).collect();
        let user_ids: Vec<&str> = leases.iter().map(|l| l.new.user_id.as_str()).collect();
        let greeting_urls: Vec<&str> = leases.iter().map(|l| l.new.greeting_url.as_str()).collect();
        let keys: Vec<&str> = leases.iter().map(|l| l.key.as_str()).collect();
        let created_at: Vec<OffsetDateTime> = leases.iter().map(|l| l.new.created_at).collect();
        let expires_at: Vec<OffsetDateTime> = leases.iter().map(|l| l.new.expires_at).collect();
        let emission = leases
            .first()
            .map_or(Quota::period(), |l| l.quota.emission_interval());
        let statement = BatchLeaseStatement {
            ids: &ids,
            user_ids: &user_ids,
            greeting_urls: &greeting_urls,
            keys: &keys,
            created_at: &created_at,
            expires_at: &expires_at,
            emission_micros: micros(emission),
            period_micros: micros(Quota::period()),
        };
        let sent = Instant::now();
        let rows: Vec<Leased> = match statement.load(&mut conn).await {
            Ok(rows) => rows,
            Err(e) => {
                drop(conn);
                if error::outcome_unknown(&e) {
                    join_all(
                        leases
                            .iter()
                            .map(|lease| self.undo_lease(InDoubtLease::of(&lease.new, sent))),
                    )
                    .await;
                }
                return failed(&e);
            }
        };
        if rows.len() != leases.len() {
            return failed(&"the batch statement answered for another number of creates");
        }
        leases
            .iter()
            .zip(rows)
            .map(|(lease, row)| outcome(lease, row))
            .collect()
    }
}
