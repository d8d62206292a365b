//! Number usage on PostgreSQL, counted from `calls` and `messages` by their number indexes.

use std::collections::HashMap;

use async_trait::async_trait;
use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use switchboard_domain::StoreError;
use switchboard_domain::numbers::{NumberUsage, OwnedNumberId};
use switchboard_domain::ports::UsageStore;
use uuid::Uuid;

use crate::error;
use crate::scalars::count;
use crate::store::PgStore;

/// The usage of each number of `$1` (a uuid array): one statement, a probe of
/// `calls_by_number` and `messages_by_number` per number.
pub const NUMBER_USAGE_SQL: &str = "\
SELECT n AS number_id, \
       (SELECT count(*) FROM calls c WHERE c.number_id = n AND c.call_sid IS NOT NULL) AS calls, \
       (SELECT coalesce(sum((coalesce(c.duration, 0) + 59) / 60), 0)::bigint FROM calls c \
         WHERE c.number_id = n AND c.call_sid IS NOT NULL) AS minutes, \
       (SELECT count(*) FROM messages m WHERE m.number_id = n AND m.message_sid IS NOT NULL) AS messages \
FROM unnest($1::uuid[]) AS n";

#[derive(QueryableByName)]
struct UsageRow {
    #[diesel(sql_type = SqlUuid)]
    number_id: Uuid,
    #[diesel(sql_type = BigInt)]
    calls: i64,
    #[diesel(sql_type = BigInt)]
    minutes: i64,
    #[diesel(sql_type = BigInt)]
    messages: i64,
}

#[async_trait]
impl UsageStore for PgStore {
    async fn usage(
        &self,
        numbers: &[OwnedNumberId],
    ) -> Result<HashMap<OwnedNumberId, NumberUsage>, StoreError> {
        const CONTEXT: &str = "counting number usage";
        if numbers.is_empty() {
            return Ok(HashMap::new());
        }
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<UsageRow> = diesel::sql_query(NUMBER_USAGE_SQL)
            .bind::<Array<SqlUuid>, _>(numbers.iter().map(|n| n.as_uuid()).collect::<Vec<_>>())
            .load(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let usage = NumberUsage {
                    calls: count(r.calls),
                    minutes: count(r.minutes),
                    messages: count(r.messages),
                };
                (OwnedNumberId::from_uuid(r.number_id), usage)
            })
            .collect())
    }
}
