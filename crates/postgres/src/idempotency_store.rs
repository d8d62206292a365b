//! Idempotency claims on PostgreSQL: `idempotency_keys`, one row per user and key.

use async_trait::async_trait;
use diesel::OptionalExtension as _;
use diesel::QueryableByName;
use diesel::sql_types::{Nullable, SmallInt, Text, Timestamptz};
use diesel_async::RunQueryDsl;
use switchboard_domain::StoreError;
use switchboard_domain::idempotency::{
    ABANDONED_AFTER, Claim, KeyClaim, RETENTION, StoredResponse,
};
use switchboard_domain::ports::IdempotencyStore;

use crate::error;
use crate::store::PgStore;

/// Claims a key: inserts it, or takes over a lapsed row in place (finished before `$6`, or
/// claimed and unfinished before `$7`). Concurrent claims serialise on the primary key, so
/// exactly one returns a row.
const CLAIM_SQL: &str = "\
INSERT INTO idempotency_keys (user_id, key, operation, fingerprint, claimed_at) \
VALUES ($1, $2, $3, $4, $5) \
ON CONFLICT (user_id, key) DO UPDATE SET operation = EXCLUDED.operation, \
  fingerprint = EXCLUDED.fingerprint, claimed_at = EXCLUDED.claimed_at, \
  response_status = NULL, response_body = NULL, finished_at = NULL \
WHERE (idempotency_keys.finished_at IS NOT NULL AND idempotency_keys.finished_at <= $6) \
   OR (idempotency_keys.finished_at IS NULL AND idempotency_keys.claimed_at <= $7) \
RETURNING operation, fingerprint, response_status, response_body";

const READ_SQL: &str = "\
SELECT operation, fingerprint, response_status, response_body FROM idempotency_keys \
WHERE user_id = $1 AND key = $2";

#[derive(QueryableByName)]
struct ClaimRow {
    #[diesel(sql_type = Text)]
    operation: String,
    #[diesel(sql_type = Text)]
    fingerprint: String,
    #[diesel(sql_type = Nullable<SmallInt>)]
    response_status: Option<i16>,
    #[diesel(sql_type = Nullable<Text>)]
    response_body: Option<String>,
}

#[async_trait]
impl IdempotencyStore for PgStore {
    async fn claim(&self, claim: &KeyClaim) -> Result<Claim, StoreError> {
        const CONTEXT: &str = "claiming an idempotency key";
        let mut conn = self.conn(CONTEXT).await?;
        // A row released between the insert and the read is claimed again: at most a few
        // rounds, as each round either claims or finds a row.
        for _ in 0..3 {
            let claimed: Option<ClaimRow> = diesel::sql_query(CLAIM_SQL)
                .bind::<Text, _>(claim.user.as_str())
                .bind::<Text, _>(claim.key.as_str())
                .bind::<Text, _>(&claim.operation)
                .bind::<Text, _>(&claim.fingerprint)
                .bind::<Timestamptz, _>(claim.now)
                .bind::<Timestamptz, _>(claim.now - RETENTION)
                .bind::<Timestamptz, _>(claim.now - ABANDONED_AFTER)
                .get_result(&mut conn)
                .await
                .optional()
                .map_err(error::query(CONTEXT))?;
            if claimed.is_some() {
                return Ok(Claim::Claimed);
            }
            let held: Option<ClaimRow> = diesel::sql_query(READ_SQL)
                .bind::<Text, _>(claim.user.as_str())
                .bind::<Text, _>(claim.key.as_str())
                .get_result(&mut conn)
                .await
                .optional()
                .map_err(error::query(CONTEXT))?;
            let Some(held) = held else { continue };
            if held.operation != claim.operation || held.fingerprint != claim.fingerprint {
                return Ok(Claim::Mismatch);
            }
            return Ok(match (held.response_status, held.response_body) {
                (Some(status), Some(body)) => Claim::Replay(StoredResponse {
                    status: u16::try_from(status).unwrap_or(500),
                    body,
                }),
                _ => Claim::InUse,
            });
        }
        Ok(Claim::InUse)
    }

    async fn finish(&self, claim: &KeyClaim, response: &StoredResponse) -> Result<(), StoreError> {
        const CONTEXT: &str = "keeping an idempotent response";
        let mut conn = self.conn(CONTEXT).await?;
        diesel::sql_query(
            "UPDATE idempotency_keys SET response_status = $4, response_body = $5, \
             finished_at = $3 \
             WHERE user_id = $1 AND key = $2 AND claimed_at = $3 AND finished_at IS NULL",
        )
        .bind::<Text, _>(claim.user.as_str())
        .bind::<Text, _>(claim.key.as_str())
        .bind::<Timestamptz, _>(claim.now)
        .bind::<SmallInt, _>(i16::try_from(response.status).unwrap_or(i16::MAX))
        .bind::<Text, _>(&response.body)
        .execute(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        Ok(())
    }

    async fn release(&self, claim: &KeyClaim) -> Result<(), StoreError> {
        const CONTEXT: &str = "releasing an idempotency key";
        let mut conn = self.conn(CONTEXT).await?;
        diesel::sql_query(
            "DELETE FROM idempotency_keys \
             WHERE user_id = $1 AND key = $2 AND claimed_at = $3 AND finished_at IS NULL",
        )
        .bind::<Text, _>(claim.user.as_str())
        .bind::<Text, _>(claim.key.as_str())
        .bind::<Timestamptz, _>(claim.now)
        .execute(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        Ok(())
    }
}
