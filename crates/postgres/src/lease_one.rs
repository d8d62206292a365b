//! One create's rate-limit event, lease and session in one statement: what a create runs
//! when it has no company (see `lease_batch`), and what a failed lease statement leaves.

use std::time::Instant;

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use switchboard_domain::ports::LeaseError;
use switchboard_domain::voicemail::{NewSession, VoicemailSession};
use switchboard_domain::{Quota, RateDecision};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error;
use crate::lease_queue::LimitedLease;
use crate::lease_undo::InDoubtLease;
use crate::prepared::prepared_statement;
use crate::session_store::session_of;
use crate::store::PgStore;

prepared_statement! {
    /// A create's one statement: one event of the creator's rate limit (GCRA, as
    /// `Quota::decide` computes it: the key's theoretical arrival time `tat` moves to
    /// `max(tat, now) + emission` when `max(tat, now) + emission - period <= now`, and a
    /// refused event changes nothing), then, only if it was allowed, `session_store`'s `LEASE_AND_RECORD_SQL`
    /// lease and session row. Returns the leased number (null when none), whether the event
    /// was allowed, and the key's `tat` as the statement found it (for a refusal's
    /// `Retry-After`). A new key is always allowed: a quota allows at least one event per
    /// period. One round trip, atomic without an explicit transaction, planned once per
    /// connection.
    LimitedLeaseStatement<'a> {
        now: OffsetDateTime => Timestamptz,
        until: OffsetDateTime => Timestamptz,
        id: Uuid => SqlUuid,
        user_id: &'a str => Text,
        greeting_url: &'a str => Text,
        key: &'a str => Text,
        emission_micros: i64 => BigInt,
        period_micros: i64 => BigInt,
    } = "WITH p AS (\
           SELECT $1::timestamptz AS now, $2::timestamptz AS until, $3::uuid AS id, \
                  $4::text AS user_id, $5::text AS greeting_url, $6::text AS key, \
                  $7::bigint * interval '1 microsecond' AS emission, \
                  $8::bigint * interval '1 microsecond' AS period), \
         allowed AS (\
           INSERT INTO rate_limits AS r (key, tat) SELECT key, now + emission FROM p \
           ON CONFLICT (key) DO UPDATE \
             SET tat = GREATEST(r.tat, (SELECT now FROM p)) + (SELECT emission FROM p) \
             WHERE GREATEST(r.tat, (SELECT now FROM p)) + (SELECT emission - period FROM p) \
                   <= (SELECT now FROM p) \
           RETURNING 1), \
         leased AS (\
           UPDATE pool_numbers \
           SET leased_until = (SELECT until FROM p), lease_session_id = (SELECT id FROM p) \
           WHERE EXISTS (SELECT 1 FROM allowed) AND phone_number = (\
               SELECT phone_number FROM pool_numbers \
               WHERE leased_until <= (SELECT now FROM p) \
               ORDER BY leased_until \
               LIMIT 1 \
               FOR UPDATE SKIP LOCKED) \
           RETURNING phone_number), \
         recorded AS (\
           INSERT INTO voicemail_sessions \
             (id, user_id, phone_number, greeting_url, created_at, expires_at) \
           SELECT p.id, p.user_id, leased.phone_number, p.greeting_url, p.now, p.until \
           FROM leased, p \
           RETURNING phone_number) \
         SELECT (SELECT phone_number FROM recorded) AS phone_number, \
                EXISTS (SELECT 1 FROM allowed) AS allowed, \
                (SELECT tat FROM rate_limits WHERE key = (SELECT key FROM p)) AS stored_tat"
}

#[derive(QueryableByName)]
struct LimitedLeased {
    #[diesel(sql_type = Nullable<Text>)]
    phone_number: Option<String>,
    #[diesel(sql_type = Bool)]
    allowed: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    stored_tat: Option<OffsetDateTime>,
}

impl PgStore {
    /// The error of a lease statement sent at `sent` that failed; when the failure leaves
    /// its outcome unknown (it may have committed), the lease is undone first, so that the
    /// 503 it becomes is true (see `lease_undo`).
    pub(crate) async fn failed_lease(
        &self,
        e: diesel::result::Error,
        new: &NewSession,
        sent: Instant,
        context: &'static str,
    ) -> LeaseError {
        if error::outcome_unknown(&e) {
            self.undo_lease(InDoubtLease::of(new, sent)).await;
        }
        error::query(context)(e).into()
    }

    /// One create's rate-limit event, lease and session, in [`LimitedLeaseStatement`].
    pub(crate) async fn lease_one_within(
        &self,
        lease: LimitedLease,
    ) -> Result<VoicemailSession, LeaseError> {
        let LimitedLease { new, key, quota } = lease;
        const CONTEXT: &str = "leasing a pool number";
        let micros = |d: time::Duration| i64::try_from(d.whole_microseconds()).unwrap_or(i64::MAX);
        let mut conn = self.conn(CONTEXT).await?;
        let sent = Instant::now();
        let statement = LimitedLeaseStatement {
            now: new.created_at,
            until: new.expires_at,
            id: new.id.as_uuid(),
            user_id: new.user_id.as_str(),
            greeting_url: new.greeting_url.as_str(),
            key: &key,
            emission_micros: micros(quota.emission_interval()),
            period_micros: micros(Quota::period()),
        };
        let result: LimitedLeased = match statement.get_result(&mut conn).await {
            Ok(result) => result,
            Err(e) => {
                drop(conn);
                return Err(self.failed_lease(e, &new, sent, CONTEXT).await);
            }
        };
        if !result.allowed {
            // Read before this statement's own (refused) event: decide says how long until
            // one is allowed; a later event by another replica only makes the wait longer.
            let retry_after = match quota.decide(result.stored_tat, new.created_at) {
                RateDecision::Limited { retry_after } => retry_after,
                RateDecision::Allowed { .. } => quota.emission_interval(),
            };
            return Err(LeaseError::RateLimited { retry_after });
        }
        let number = result.phone_number.ok_or(LeaseError::PoolExhausted)?;
        session_of(&new, &number)
    }
}
