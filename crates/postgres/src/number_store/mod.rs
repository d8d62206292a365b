//! Numbers users own and purchases in flight: one `owned_numbers` row per purchase, going
//! `pending` -> `held` -> `released` (or deleted while pending when the provider refused).
//! Pending rows are never numbers: every read of numbers filters them out.

mod rows;
mod sql;

pub use sql::LIST_USER_NUMBERS_SQL;

use async_trait::async_trait;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, RunQueryDsl};
use switchboard_domain::numbers::{
    FriendlyName, IncomingNumber, NumberChanges, NumberQuery, NumberStats, OwnedNumber,
    OwnedNumberId, PendingPurchase,
};
use switchboard_domain::ports::{BeginPurchaseError, CompletePurchaseError, NumberStore};
use switchboard_domain::{Amount, Page, PhoneNumber, StoreError, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use self::rows::{NumberRow, StatsRow, at_most_one_number, rows_into_owned};
use self::sql::{
    LIST_ALL_NUMBERS_SQL, STATS_ALL_SQL, STATS_USER_SQL, number_columns, select_numbers,
};
use crate::error;
use crate::number_lock::lock_number;
use crate::paging;
use crate::scalars::{Exists, count};
use crate::store::PgStore;

#[async_trait]
impl NumberStore for PgStore {
    async fn begin_purchase(&self, purchase: &PendingPurchase) -> Result<(), BeginPurchaseError> {
        const CONTEXT: &str = "recording a pending purchase";
        let mut conn = self.conn(CONTEXT).await?;
        conn.transaction(async |conn| {
            // See `number_lock`: the lock makes the pool check and the insert atomic with
            // respect to a concurrent `add_pool_number` of the same number.
            lock_number(conn, &purchase.phone_number).await?;
            let pooled: Exists = diesel::sql_query(
                "SELECT EXISTS (SELECT 1 FROM pool_numbers WHERE phone_number = $1) AS found",
            )
            .bind::<Text, _>(purchase.phone_number.as_str())
            .get_result(conn)
            .await?;
            if pooled.found {
                return Ok(Err(BeginPurchaseError::InPool));
            }
            // `owned_numbers_one_holder` refuses a second pending or held row of the number.
            let inserted = diesel::sql_query(
                "INSERT INTO owned_numbers (id, user_id, phone_number, state, \
                     requested_friendly_name, country, region, locality, voice, sms, mms, \
                     purchase_price, monthly_cost, price_unit, started_at) \
                 VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
                 ON CONFLICT (phone_number) WHERE state IN ('pending', 'held') DO NOTHING",
            )
            .bind::<SqlUuid, _>(purchase.id.as_uuid())
            .bind::<Text, _>(purchase.user_id.as_str())
            .bind::<Text, _>(purchase.phone_number.as_str())
            .bind::<Nullable<Text>, _>(purchase.friendly_name.as_ref().map(FriendlyName::as_str))
            .bind::<Text, _>(purchase.country.as_str())
            .bind::<Nullable<Text>, _>(purchase.region.as_deref())
            .bind::<Nullable<Text>, _>(purchase.locality.as_deref())
            .bind::<Bool, _>(purchase.capabilities.voice)
            .bind::<Bool, _>(purchase.capabilities.sms)
            .bind::<Bool, _>(purchase.capabilities.mms)
            .bind::<Nullable<BigInt>, _>(purchase.price.purchase.map(Amount::ten_thousandths))
            .bind::<Nullable<BigInt>, _>(purchase.price.monthly.map(Amount::ten_thousandths))
            .bind::<Text, _>(purchase.price.currency.as_str())
            .bind::<Timestamptz, _>(purchase.started_at)
            .execute(conn)
            .await?;
            Ok::<_, diesel::result::Error>(if inserted == 1 {
                Ok(())
            } else {
                Err(BeginPurchaseError::AlreadyOwned)
            })
        })
        .await
        .map_err(error::query(CONTEXT))?
    }

    async fn complete_purchase(
        &self,
        id: OwnedNumberId,
        bought: &IncomingNumber,
        at: OffsetDateTime,
    ) -> Result<OwnedNumber, CompletePurchaseError> {
        const CONTEXT: &str = "completing a purchase";
        let mut conn = self.conn(CONTEXT).await?;
        let completed = diesel::sql_query(concat!(
            "UPDATE owned_numbers SET state = 'held', twilio_sid = $2, friendly_name = $3, \
                 voice = $4, sms = $5, mms = $6, created_at = $7 \
             WHERE id = $1 AND state = 'pending' \
             RETURNING ",
            number_columns!()
        ))
        .bind::<SqlUuid, _>(id.as_uuid())
        .bind::<Text, _>(bought.sid.as_str())
        .bind::<Text, _>(&bought.friendly_name)
        .bind::<Bool, _>(bought.capabilities.voice)
        .bind::<Bool, _>(bought.capabilities.sms)
        .bind::<Bool, _>(bought.capabilities.mms)
        .bind::<Timestamptz, _>(at)
        .get_result(&mut conn)
        .await;
        at_most_one_number(completed, CONTEXT)?.ok_or(CompletePurchaseError::NotPending)
    }

    async fn abandon_purchase(&self, id: OwnedNumberId) -> Result<(), StoreError> {
        const CONTEXT: &str = "abandoning a purchase";
        let mut conn = self.conn(CONTEXT).await?;
        diesel::sql_query("DELETE FROM owned_numbers WHERE id = $1 AND state = 'pending'")
            .bind::<SqlUuid, _>(id.as_uuid())
            .execute(&mut conn)
            .await
            .map(drop)
            .map_err(error::query(CONTEXT))
    }

    async fn pending_purchases(&self) -> Result<Vec<PendingPurchase>, StoreError> {
        const CONTEXT: &str = "listing pending purchases";
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<NumberRow> = diesel::sql_query(select_numbers!(
            "WHERE state = 'pending' ORDER BY started_at, id"
        ))
        .load(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        rows.into_iter().map(NumberRow::into_pending).collect()
    }

    async fn number(&self, id: OwnedNumberId) -> Result<Option<OwnedNumber>, StoreError> {
        const CONTEXT: &str = "reading a number";
        let mut conn = self.conn(CONTEXT).await?;
        let row = diesel::sql_query(select_numbers!("WHERE id = $1 AND state <> 'pending'"))
            .bind::<SqlUuid, _>(id.as_uuid())
            .get_result(&mut conn)
            .await;
        at_most_one_number(row, CONTEXT)
    }

    async fn held_number(&self, phone: &PhoneNumber) -> Result<Option<OwnedNumber>, StoreError> {
        const CONTEXT: &str = "reading the holder of a number";
        let mut conn = self.conn(CONTEXT).await?;
        let row = diesel::sql_query(select_numbers!(
            "WHERE phone_number = $1 AND state = 'held'"
        ))
        .bind::<Text, _>(phone.as_str())
        .get_result(&mut conn)
        .await;
        at_most_one_number(row, CONTEXT)
    }

    async fn held_numbers(&self) -> Result<Vec<OwnedNumber>, StoreError> {
        const CONTEXT: &str = "listing held numbers";
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<NumberRow> = diesel::sql_query(select_numbers!(
            "WHERE state = 'held' ORDER BY created_at, id"
        ))
        .load(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        rows_into_owned(rows)
    }

    async fn list_numbers(&self, query: &NumberQuery) -> Result<Page<OwnedNumber>, StoreError> {
        const CONTEXT: &str = "listing numbers";
        let after = query
            .page
            .start_after(|key| Uuid::try_parse(key).ok(), CONTEXT, "a number")?;
        let mut select = match &query.owner {
            Some(owner) => diesel::sql_query(LIST_USER_NUMBERS_SQL)
                .into_boxed()
                .bind::<Text, _>(owner.as_str()),
            None => diesel::sql_query(LIST_ALL_NUMBERS_SQL).into_boxed(),
        };
        select = select
            .bind::<Nullable<Bool>, _>(query.active)
            .bind::<Nullable<Timestamptz>, _>(after.map(|(at, _)| at))
            .bind::<SqlUuid, _>(after.map_or(Uuid::nil(), |(_, id)| id))
            .bind::<BigInt, _>(paging::overfetch(&query.page));
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<NumberRow> = select
            .load(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        Ok(Page::from_overfetch(
            rows_into_owned(rows)?,
            query.page.limit,
            OwnedNumber::cursor,
        ))
    }

    async fn update_number(
        &self,
        id: OwnedNumberId,
        changes: &NumberChanges,
    ) -> Result<Option<OwnedNumber>, StoreError> {
        const CONTEXT: &str = "changing a number";
        let mut conn = self.conn(CONTEXT).await?;
        let updated = diesel::sql_query(concat!(
            "UPDATE owned_numbers \
             SET friendly_name = COALESCE($2, friendly_name), active = COALESCE($3, active) \
             WHERE id = $1 AND state = 'held' \
             RETURNING ",
            number_columns!()
        ))
        .bind::<SqlUuid, _>(id.as_uuid())
        .bind::<Nullable<Text>, _>(changes.friendly_name.as_ref().map(FriendlyName::as_str))
        .bind::<Nullable<Bool>, _>(changes.active)
        .get_result(&mut conn)
        .await;
        at_most_one_number(updated, CONTEXT)
    }

    async fn release_number(
        &self,
        id: OwnedNumberId,
        at: OffsetDateTime,
    ) -> Result<Option<OwnedNumber>, StoreError> {
        const CONTEXT: &str = "releasing a number";
        let mut conn = self.conn(CONTEXT).await?;
        // A released number is "released" again with its first release time kept, so one
        // statement answers both cases. A release that a concurrent call commits first is
        // seen: this update waits for its row lock, then re-checks the committed row.
        let released = diesel::sql_query(concat!(
            "UPDATE owned_numbers \
             SET state = 'released', released_at = COALESCE(released_at, $2) \
             WHERE id = $1 AND state IN ('held', 'released') \
             RETURNING ",
            number_columns!()
        ))
        .bind::<SqlUuid, _>(id.as_uuid())
        .bind::<Timestamptz, _>(at)
        .get_result(&mut conn)
        .await;
        at_most_one_number(released, CONTEXT)
    }

    async fn number_stats(&self, owner: Option<&UserId>) -> Result<NumberStats, StoreError> {
        const CONTEXT: &str = "totalling numbers";
        let mut conn = self.conn(CONTEXT).await?;
        let query = match owner {
            Some(owner) => diesel::sql_query(STATS_USER_SQL)
                .into_boxed()
                .bind::<Text, _>(owner.as_str()),
            None => diesel::sql_query(STATS_ALL_SQL).into_boxed(),
        };
        let row: StatsRow = query
            .get_result(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        Ok(NumberStats {
            total: count(row.total),
            active: count(row.active),
            inactive: count(row.inactive),
            released: count(row.released),
            purchase_cost_total: Amount::from_ten_thousandths(row.purchase_cost_total),
            monthly_cost_total: Amount::from_ten_thousandths(row.monthly_cost_total),
        })
    }
}
