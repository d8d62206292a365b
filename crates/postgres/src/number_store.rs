//! Numbers users own and purchases in flight: one `owned_numbers` row per purchase, going
//! `pending` -> `held` -> `released` (or deleted while pending when the provider refused).
//! Pending rows are never numbers: every read of numbers filters them out.

use async_trait::async_trait;
use diesel::OptionalExtension;
use diesel::prelude::QueryableByName;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, RunQueryDsl};
use switchboard_domain::numbers::{
    Capabilities, CountryCode, FriendlyName, IncomingNumber, NumberChanges, NumberPrice,
    NumberQuery, NumberStats, OwnedNumber, OwnedNumberId, PendingPurchase,
};
use switchboard_domain::ports::{BeginPurchaseError, CompletePurchaseError, NumberStore};
use switchboard_domain::{
    Amount, Currency, IncomingNumberSid, Page, PhoneNumber, StoreError, UserId,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error;
use crate::number_lock::lock_number;
use crate::paging;
use crate::pool_store::Exists;
use crate::store::PgStore;

/// Every column of `owned_numbers`, as [`NumberRow`] reads them.
macro_rules! number_columns {
    () => {
        "id, user_id, phone_number, state, twilio_sid, friendly_name, requested_friendly_name, \
         country, region, locality, voice, sms, mms, active, purchase_price, monthly_cost, \
         price_unit, started_at, created_at, released_at"
    };
}

/// `SELECT` of every column from `owned_numbers`, then the rest of the query.
macro_rules! select_numbers {
    ($rest:literal) => {
        concat!("SELECT ", number_columns!(), " FROM owned_numbers ", $rest)
    };
}

/// One page of a user's numbers (held and released, never pending), newest first. Binds:
/// `$1` user id; `$2` active filter (NULL: held and released; true/false: held numbers
/// switched on/off); `$3`, `$4` the cursor's creation time and id (`$3` NULL on the first
/// page); `$5` how many rows (the page size plus one). A range scan of
/// `owned_numbers_by_user` that stops after `$5` rows.
pub const LIST_USER_NUMBERS_SQL: &str = select_numbers!(
    "WHERE user_id = $1 AND state <> 'pending' \
       AND ($2::boolean IS NULL OR (state = 'held' AND active = $2)) \
       AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4)) \
     ORDER BY created_at DESC, id DESC \
     LIMIT $5"
);

/// Everyone's numbers, as [`LIST_USER_NUMBERS_SQL`] without the user: binds `$1` active
/// filter, `$2`, `$3` cursor, `$4` row count. Admins only; a scan with a top-N sort (see
/// the migration for why there is no global index).
const LIST_ALL_NUMBERS_SQL: &str = select_numbers!(
    "WHERE state <> 'pending' \
       AND ($1::boolean IS NULL OR (state = 'held' AND active = $1)) \
       AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3)) \
     ORDER BY created_at DESC, id DESC \
     LIMIT $4"
);

/// The totals in one pass. Sums of BIGINT are NUMERIC in PostgreSQL, so they stay exact;
/// the cast back to BIGINT fails loudly rather than wrap. NULL prices add nothing.
macro_rules! stats_select {
    () => {
        "SELECT count(*) FILTER (WHERE state IN ('held', 'released')) AS total, \
                count(*) FILTER (WHERE state = 'held' AND active) AS active, \
                count(*) FILTER (WHERE state = 'held' AND NOT active) AS inactive, \
                count(*) FILTER (WHERE state = 'released') AS released, \
                COALESCE(sum(purchase_price) FILTER (WHERE state IN ('held', 'released')), 0)::bigint \
                    AS purchase_cost_total, \
                COALESCE(sum(monthly_cost) FILTER (WHERE state = 'held'), 0)::bigint \
                    AS monthly_cost_total \
         FROM owned_numbers "
    };
}

const STATS_ALL_SQL: &str = concat!(stats_select!(), "WHERE state <> 'pending'");
const STATS_USER_SQL: &str = concat!(stats_select!(), "WHERE user_id = $1 AND state <> 'pending'");

const STATE_PENDING: &str = "pending";

/// One `owned_numbers` row (the table has more columns than diesel's default `table!`
/// supports, so the SQL types are named here).
#[derive(QueryableByName)]
struct NumberRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    user_id: String,
    #[diesel(sql_type = Text)]
    phone_number: String,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Nullable<Text>)]
    twilio_sid: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    friendly_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    requested_friendly_name: Option<String>,
    #[diesel(sql_type = Text)]
    country: String,
    #[diesel(sql_type = Nullable<Text>)]
    region: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    locality: Option<String>,
    #[diesel(sql_type = Bool)]
    voice: bool,
    #[diesel(sql_type = Bool)]
    sms: bool,
    #[diesel(sql_type = Bool)]
    mms: bool,
    #[diesel(sql_type = Bool)]
    active: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    purchase_price: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    monthly_cost: Option<i64>,
    #[diesel(sql_type = Text)]
    price_unit: String,
    #[diesel(sql_type = Timestamptz)]
    started_at: OffsetDateTime,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    created_at: Option<OffsetDateTime>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    released_at: Option<OffsetDateTime>,
}

fn corrupt(id: Uuid, what: &str) -> StoreError {
    StoreError::msg(format!("reading number {id}: stored {what} is invalid"))
}

impl NumberRow {
    fn price(&self) -> Result<NumberPrice, StoreError> {
        Ok(NumberPrice {
            purchase: self.purchase_price.map(Amount::from_ten_thousandths),
            monthly: self.monthly_cost.map(Amount::from_ten_thousandths),
            currency: Currency::parse(&self.price_unit)
                .map_err(|_| corrupt(self.id, "price unit"))?,
        })
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            voice: self.voice,
            sms: self.sms,
            mms: self.mms,
        }
    }

    fn into_owned(self) -> Result<OwnedNumber, StoreError> {
        let id = self.id;
        let price = self.price()?;
        let capabilities = self.capabilities();
        let (Some(sid), Some(friendly_name), Some(created_at)) =
            (&self.twilio_sid, self.friendly_name, self.created_at)
        else {
            return Err(corrupt(id, "state (a pending purchase read as a number)"));
        };
        Ok(OwnedNumber {
            id: OwnedNumberId::from_uuid(id),
            phone_number: PhoneNumber::parse(&self.phone_number)
                .map_err(|_| corrupt(id, "phone number"))?,
            friendly_name,
            twilio_sid: IncomingNumberSid::parse(sid).map_err(|_| corrupt(id, "Twilio sid"))?,
            user_id: UserId::parse(&self.user_id).map_err(|_| corrupt(id, "user id"))?,
            country: CountryCode::parse(&self.country).map_err(|_| corrupt(id, "country"))?,
            region: self.region,
            locality: self.locality,
            capabilities,
            active: self.active,
            price,
            created_at,
            released_at: self.released_at,
        })
    }

    fn into_pending(self) -> Result<PendingPurchase, StoreError> {
        let id = self.id;
        if self.state != STATE_PENDING {
            return Err(corrupt(id, "state (a number read as a pending purchase)"));
        }
        let price = self.price()?;
        let capabilities = self.capabilities();
        Ok(PendingPurchase {
            id: OwnedNumberId::from_uuid(id),
            user_id: UserId::parse(&self.user_id).map_err(|_| corrupt(id, "user id"))?,
            phone_number: PhoneNumber::parse(&self.phone_number)
                .map_err(|_| corrupt(id, "phone number"))?,
            friendly_name: self
                .requested_friendly_name
                .as_deref()
                .map(FriendlyName::parse)
                .transpose()
                .map_err(|_| corrupt(id, "requested friendly name"))?,
            country: CountryCode::parse(&self.country).map_err(|_| corrupt(id, "country"))?,
            region: self.region,
            locality: self.locality,
            capabilities,
            price,
            started_at: self.started_at,
        })
    }
}

#[derive(QueryableByName)]
struct StatsRow {
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = BigInt)]
    active: i64,
    #[diesel(sql_type = BigInt)]
    inactive: i64,
    #[diesel(sql_type = BigInt)]
    released: i64,
    #[diesel(sql_type = BigInt)]
    purchase_cost_total: i64,
    #[diesel(sql_type = BigInt)]
    monthly_cost_total: i64,
}

fn rows_into_owned(rows: Vec<NumberRow>) -> Result<Vec<OwnedNumber>, StoreError> {
    rows.into_iter().map(NumberRow::into_owned).collect()
}

/// A count from PostgreSQL (never negative) as the domain's `u64`.
pub(crate) fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// The result of a query that matches at most one completed number.
fn at_most_one_number(
    row: diesel::QueryResult<NumberRow>,
    context: &'static str,
) -> Result<Option<OwnedNumber>, StoreError> {
    row.optional()
        .map_err(error::query(context))?
        .map(NumberRow::into_owned)
        .transpose()
}

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
