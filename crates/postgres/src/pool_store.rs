//! Pool administration. Never-leased numbers hold `-infinity` in `leased_until`, which
//! `time` cannot represent, so reads map it to NULL. A number joins the pool only when no
//! user holds or is buying it (see `number_lock`).

use async_trait::async_trait;
use diesel::OptionalExtension;
use diesel::prelude::QueryableByName;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, RunQueryDsl};
use switchboard_domain::ports::{AddPoolNumberError, PoolStore, RetirePoolNumberError};
use switchboard_domain::voicemail::{PoolListing, PoolNumber, PoolQuery};
use switchboard_domain::{Page, PhoneNumber, StoreError};
use time::OffsetDateTime;

use crate::error;
use crate::number_lock::lock_number;
use crate::paging;
use crate::scalars::{Exists, count};
use crate::store::PgStore;

const POOL_COLUMNS: &str =
    "phone_number, NULLIF(leased_until, '-infinity') AS leased_until, created_at";

#[derive(QueryableByName)]
struct PoolRow {
    #[diesel(sql_type = Text)]
    phone_number: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    leased_until: Option<OffsetDateTime>,
    #[diesel(sql_type = Timestamptz)]
    created_at: OffsetDateTime,
}

impl PoolRow {
    fn into_domain(self) -> Result<PoolNumber, StoreError> {
        Ok(PoolNumber {
            phone_number: PhoneNumber::parse(&self.phone_number)
                .map_err(|e| StoreError::new("reading the pool: a stored number is invalid", e))?,
            leased_until: self.leased_until,
            created_at: self.created_at,
        })
    }
}

#[derive(QueryableByName)]
struct PoolCounts {
    #[diesel(sql_type = BigInt)]
    free: i64,
    #[diesel(sql_type = BigInt)]
    leased: i64,
}

#[derive(QueryableByName)]
struct LeaseEnd {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    leased_until: Option<OffsetDateTime>,
}

#[async_trait]
impl PoolStore for PgStore {
    async fn add_pool_number(
        &self,
        number: PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<PoolNumber, AddPoolNumberError> {
        const CONTEXT: &str = "adding a pool number";
        let mut conn = self.conn(CONTEXT).await?;
        let added = conn
            .transaction(async |conn| {
                // See `number_lock`: the lock makes the check and the insert atomic with
                // respect to a concurrent purchase of the same number.
                lock_number(conn, &number).await?;
                let owned: Exists = diesel::sql_query(
                    "SELECT EXISTS (SELECT 1 FROM owned_numbers \
                     WHERE phone_number = $1 AND state IN ('pending', 'held')) AS found",
                )
                .bind::<Text, _>(number.as_str())
                .get_result(conn)
                .await?;
                if owned.found {
                    return Ok(Err(AddPoolNumberError::OwnedByUser));
                }
                let row: Option<PoolRow> = diesel::sql_query(format!(
                    "INSERT INTO pool_numbers (phone_number, created_at) VALUES ($1, $2) \
                     ON CONFLICT (phone_number) DO NOTHING RETURNING {POOL_COLUMNS}"
                ))
                .bind::<Text, _>(number.as_str())
                .bind::<Timestamptz, _>(now)
                .get_result(conn)
                .await
                .optional()?;
                Ok::<_, diesel::result::Error>(row.ok_or(AddPoolNumberError::AlreadyExists))
            })
            .await
            .map_err(error::query(CONTEXT))??;
        Ok(added.into_domain()?)
    }

    async fn list_pool_numbers(&self, query: &PoolQuery) -> Result<PoolListing, StoreError> {
        const CONTEXT: &str = "listing the pool";
        let conn = self.conn(CONTEXT).await?;
        let after = query.page.after.as_ref();
        let page = diesel::sql_query(format!(
            "SELECT {POOL_COLUMNS} FROM pool_numbers \
             WHERE $1::timestamptz IS NULL OR (created_at, phone_number) < ($1, $2) \
             ORDER BY created_at DESC, phone_number DESC LIMIT $3"
        ))
        .bind::<Nullable<Timestamptz>, _>(after.map(|a| a.created_at))
        .bind::<Text, _>(after.map_or("", |a| a.key.as_str()))
        .bind::<BigInt, _>(paging::overfetch(&query.page))
        .load::<PoolRow>(&mut &*conn);
        let counts = diesel::sql_query(
            "SELECT count(*) FILTER (WHERE leased_until <= $1) AS free, \
                    count(*) FILTER (WHERE leased_until > $1) AS leased \
             FROM pool_numbers",
        )
        .bind::<Timestamptz, _>(query.now)
        .get_result::<PoolCounts>(&mut &*conn);
        // Polled together through a shared reference, the two queries are pipelined: one
        // round trip.
        let (rows, counts) = futures::try_join!(page, counts).map_err(error::query(CONTEXT))?;
        let items = rows
            .into_iter()
            .map(PoolRow::into_domain)
            .collect::<Result<Vec<_>, _>>()?;
        let page = Page::from_overfetch(items, query.page.limit, PoolNumber::cursor);
        Ok(PoolListing {
            items: page.items,
            free: count(counts.free),
            leased: count(counts.leased),
            next: page.next,
        })
    }

    async fn retire_pool_number(
        &self,
        number: &PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<(), RetirePoolNumberError> {
        const CONTEXT: &str = "retiring a pool number";
        let mut conn = self.conn(CONTEXT).await?;
        let deleted = diesel::sql_query(
            "DELETE FROM pool_numbers WHERE phone_number = $1 AND leased_until <= $2",
        )
        .bind::<Text, _>(number.as_str())
        .bind::<Timestamptz, _>(now)
        .execute(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        if deleted == 1 {
            return Ok(());
        }
        let lease: Option<LeaseEnd> = diesel::sql_query(
            "SELECT NULLIF(leased_until, '-infinity') AS leased_until FROM pool_numbers WHERE phone_number = $1",
        )
        .bind::<Text, _>(number.as_str())
        .get_result(&mut conn)
        .await
        .optional()
        .map_err(error::query(CONTEXT))?;
        match lease {
            None => Err(RetirePoolNumberError::NotFound),
            Some(lease) => Err(RetirePoolNumberError::Leased {
                until: lease.leased_until.unwrap_or(now),
            }),
        }
    }
}
