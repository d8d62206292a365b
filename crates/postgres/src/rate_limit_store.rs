//! Rate-limit state: one row per key, locked for the length of one decision.

use async_trait::async_trait;
use diesel::prelude::QueryableByName;
use diesel::sql_types::{Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, RunQueryDsl};
use switchboard_domain::ports::RateLimitStore;
use switchboard_domain::{Quota, RateDecision, StoreError};
use time::OffsetDateTime;

use crate::error;
use crate::store::PgStore;

#[derive(QueryableByName)]
struct Tat {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    tat: Option<OffsetDateTime>,
}

#[async_trait]
impl RateLimitStore for PgStore {
    async fn acquire(
        &self,
        key: &str,
        quota: Quota,
        now: OffsetDateTime,
    ) -> Result<RateDecision, StoreError> {
        const CONTEXT: &str = "checking a rate limit";
        let mut conn = self.conn(CONTEXT).await?;
        conn.transaction(async |conn| {
            // Creates the key or locks its row; either way the row stays locked until commit.
            let stored: Tat = diesel::sql_query(
                "INSERT INTO rate_limits (key, tat) VALUES ($1, NULL) \
                 ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key RETURNING tat",
            )
            .bind::<Text, _>(key)
            .get_result(conn)
            .await?;
            let decision = quota.decide(stored.tat, now);
            if let RateDecision::Allowed { new_tat } = decision {
                diesel::sql_query("UPDATE rate_limits SET tat = $2 WHERE key = $1")
                    .bind::<Text, _>(key)
                    .bind::<Timestamptz, _>(new_tat)
                    .execute(conn)
                    .await?;
            }
            Ok::<_, diesel::result::Error>(decision)
        })
        .await
        .map_err(error::query(CONTEXT))
    }
}
