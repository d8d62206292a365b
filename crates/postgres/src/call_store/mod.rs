//! The call log on PostgreSQL: `calls`, partitioned by month, and its unpartitioned
//! `call_keys` (see the migrations `..._calls` and `..._partitioned_logs`). Every statement
//! that writes a call writes its key in the same statement.

mod rows;
mod sql;

use async_trait::async_trait;
use diesel::OptionalExtension as _;
use diesel::result::Error as DieselError;
use diesel::sql_types::{
    BigInt, Bool, Integer, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::RunQueryDsl;
use switchboard_domain::calls::{
    Applied, Call, CallDirection, CallId, CallLogStatus, CallQuery, CallStats, LogCallError,
    NewCall, StatsQuery, StatusFilter, StatusReport,
};
use switchboard_domain::money::{Amount, Currency};
use switchboard_domain::ports::CallStore;
use switchboard_domain::sid::CallSid;
use switchboard_domain::{Page, StoreError};
use time::OffsetDateTime;

pub(crate) use rows::CallRow;
pub use sql::{
    APPLY_STATUS_SQL, CALL_BY_SID_SQL, CALL_STATS_SQL, LIST_ALL_CALLS_SQL, LIST_USER_CALLS_SQL,
};
use sql::{call_columns, call_key, keyed};

use crate::error;
use crate::paging;
use crate::prepared::prepared_statement;
use crate::scalars::count;
use crate::store::PgStore;

/// Logs a call: its key first (a known id or SID inserts nothing, and then neither does
/// the log), then its row, in one statement.
const INSERT_SQL: &str = concat!(
    "WITH k AS (INSERT INTO call_keys (id, call_sid, created_at) VALUES ($1, $2, $10) \
     ON CONFLICT DO NOTHING RETURNING id) \
     INSERT INTO calls (id, call_sid, user_id, direction, from_number, to_number, client, \
     number_id, status, created_at, updated_at) \
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10 FROM k RETURNING ",
    call_columns!()
);

/// Sets the SID of call `$1` to `$2` if it has none, or this one: on its key, then on its
/// row (in the partition the key names).
const ATTACH_SQL: &str = "WITH k AS (UPDATE call_keys SET call_sid = $2 \
     WHERE id = $1 AND (call_sid IS NULL OR call_sid = $2) \
     RETURNING id AS call_id, created_at AS call_created_at) \
     UPDATE calls SET call_sid = $2 FROM k \
     WHERE calls.id = k.call_id AND calls.created_at = k.call_created_at RETURNING calls.id";

prepared_statement! {
    /// [`APPLY_STATUS_SQL`], planned once per connection.
    ApplyStatusStatement<'a> {
        sid: &'a str => Text,
        status: &'a str => Text,
        rank: i16 => SmallInt,
        sequence: Option<i64> => Nullable<BigInt>,
        at: OffsetDateTime => Timestamptz,
        duration: Option<i32> => Nullable<Integer>,
        now: OffsetDateTime => Timestamptz,
    } = APPLY_STATUS_SQL
}

#[derive(diesel::QueryableByName)]
struct Attached {
    #[diesel(sql_type = SqlUuid)]
    #[expect(dead_code, reason = "only whether a row came back matters")]
    id: uuid::Uuid,
}

fn sequence(report: &StatusReport) -> Option<i64> {
    report.sequence.map(i64::from)
}

fn seconds(d: Option<u32>) -> Option<i32> {
    d.map(|d| i32::try_from(d).unwrap_or(i32::MAX))
}

impl PgStore {
    async fn call_by_sid(
        &self,
        sid: &CallSid,
        context: &'static str,
    ) -> Result<Option<Call>, StoreError> {
        let mut conn = self.conn(context).await?;
        let row: Option<CallRow> = diesel::sql_query(CALL_BY_SID_SQL)
            .bind::<Text, _>(sid.as_str())
            .get_result(&mut conn)
            .await
            .optional()
            .map_err(error::query(context))?;
        row.map(CallRow::into_domain).transpose()
    }
}

#[async_trait]
impl CallStore for PgStore {
    async fn log_call(&self, new: &NewCall) -> Result<Call, LogCallError> {
        const CONTEXT: &str = "logging a call";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<CallRow> = diesel::sql_query(INSERT_SQL)
            .bind::<SqlUuid, _>(new.id.as_uuid())
            .bind::<Nullable<Text>, _>(new.sid.as_ref().map(CallSid::as_str))
            .bind::<Text, _>(new.user_id.as_str())
            .bind::<Text, _>(new.direction.as_str())
            .bind::<Text, _>(new.from.as_str())
            .bind::<Text, _>(new.to.as_str())
            .bind::<Nullable<Text>, _>(new.client.as_ref().map(|c| c.as_str()))
            .bind::<Nullable<SqlUuid>, _>(new.number_id.map(|n| n.as_uuid()))
            .bind::<Text, _>(new.status.as_str())
            .bind::<Timestamptz, _>(new.created_at)
            .get_result(&mut conn)
            .await
            .optional()
            .map_err(error::query(CONTEXT))?;
        match row {
            Some(row) => Ok(row.into_domain()?),
            None => Err(LogCallError::Duplicate),
        }
    }

    async fn attach_sid(
        &self,
        id: CallId,
        sid: &CallSid,
        report: &StatusReport,
    ) -> Result<Option<Call>, StoreError> {
        const CONTEXT: &str = "recording a call's SID";
        let mut conn = self.conn(CONTEXT).await?;
        // No row: the id is unknown or has another SID; a unique violation: the SID is
        // another call's. Either way nothing changed.
        let attached: Option<Attached> = match diesel::sql_query(ATTACH_SQL)
            .bind::<SqlUuid, _>(id.as_uuid())
            .bind::<Text, _>(sid.as_str())
            .get_result(&mut conn)
            .await
        {
            Ok(row) => Some(row),
            Err(DieselError::NotFound) => None,
            Err(e) if error::unique_violation(&e) => None,
            Err(e) => return Err(error::query(CONTEXT)(e)),
        };
        if attached.is_none() {
            return Ok(None);
        }
        drop(conn);
        match self.apply_status(sid, report, report.at).await? {
            Applied::Changed(call) | Applied::Unchanged(call) => Ok(Some(call)),
            Applied::Unknown => Ok(None),
        }
    }

    async fn refuse_call(&self, id: CallId, at: OffsetDateTime) -> Result<(), StoreError> {
        const CONTEXT: &str = "marking a refused call";
        let mut conn = self.conn(CONTEXT).await?;
        diesel::sql_query(
            "UPDATE calls SET status = 'failed', ended_at = $2, updated_at = $2 FROM call_keys k \
             WHERE k.id = $1 AND calls.id = k.id AND calls.created_at = k.created_at \
             AND calls.call_sid IS NULL",
        )
        .bind::<SqlUuid, _>(id.as_uuid())
        .bind::<Timestamptz, _>(at)
        .execute(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        Ok(())
    }

    async fn call(&self, sid: &CallSid) -> Result<Option<Call>, StoreError> {
        self.call_by_sid(sid, "reading a call").await
    }

    async fn apply_status(
        &self,
        sid: &CallSid,
        report: &StatusReport,
        now: OffsetDateTime,
    ) -> Result<Applied<Call>, StoreError> {
        const CONTEXT: &str = "applying a call status";
        let mut conn = self.conn(CONTEXT).await?;
        let statement = ApplyStatusStatement {
            sid: sid.as_str(),
            status: report.status.as_str(),
            rank: i16::from(report.status.rank()),
            sequence: sequence(report),
            at: report.at,
            duration: seconds(report.duration),
            now,
        };
        let row: Option<CallRow> = statement
            .get_result(&mut conn)
            .await
            .optional()
            .map_err(error::query(CONTEXT))?;
        drop(conn);
        if let Some(row) = row {
            return Ok(Applied::Changed(row.into_domain()?));
        }
        Ok(match self.call_by_sid(sid, CONTEXT).await? {
            Some(call) => Applied::Unchanged(call),
            None => Applied::Unknown,
        })
    }

    async fn set_price(
        &self,
        sid: &CallSid,
        price: Amount,
        unit: &Currency,
        now: OffsetDateTime,
    ) -> Result<Option<Call>, StoreError> {
        const CONTEXT: &str = "recording a call's price";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<CallRow> = diesel::sql_query(concat!(
            "WITH ",
            call_key!("$1"),
            " UPDATE calls SET price = $2, price_unit = $3, \
             updated_at = CASE WHEN price IS DISTINCT FROM $2 OR price_unit IS DISTINCT FROM $3 \
                          THEN $4 ELSE updated_at END \
             FROM k WHERE ",
            keyed!(),
            " RETURNING ",
            call_columns!()
        ))
        .bind::<Text, _>(sid.as_str())
        .bind::<BigInt, _>(price.ten_thousandths())
        .bind::<Text, _>(unit.as_str())
        .bind::<Timestamptz, _>(now)
        .get_result(&mut conn)
        .await
        .optional()
        .map_err(error::query(CONTEXT))?;
        row.map(CallRow::into_domain).transpose()
    }

    async fn list_calls(&self, query: &CallQuery) -> Result<Page<Call>, StoreError> {
        const CONTEXT: &str = "listing calls";
        let after = query.page.start_after(CallId::parse, CONTEXT, "a call")?;
        let (status, active) = match query.status {
            Some(StatusFilter::Is(s)) => (Some(s.as_str()), false),
            Some(StatusFilter::Active) => (None, true),
            None => (None, false),
        };
        let sql = if query.owner.is_some() {
            LIST_USER_CALLS_SQL
        } else {
            LIST_ALL_CALLS_SQL
        };
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<CallRow> = diesel::sql_query(sql)
            .bind::<Nullable<Text>, _>(query.owner.as_ref().map(|o| o.as_str()))
            .bind::<Nullable<Text>, _>(status)
            .bind::<Bool, _>(active)
            .bind::<Nullable<Text>, _>(query.direction.map(CallDirection::as_str))
            .bind::<Nullable<Text>, _>(query.number.as_ref().map(|n| n.as_str()))
            .bind::<Nullable<Timestamptz>, _>(query.since)
            .bind::<Nullable<Timestamptz>, _>(query.until)
            .bind::<Nullable<Timestamptz>, _>(after.map(|(at, _)| at))
            .bind::<Nullable<SqlUuid>, _>(after.map(|(_, id)| id.as_uuid()))
            .bind::<BigInt, _>(paging::overfetch(&query.page))
            .load(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        let items = rows
            .into_iter()
            .map(CallRow::into_domain)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(items, query.page.limit, Call::cursor))
    }

    async fn call_stats(&self, query: &StatsQuery) -> Result<CallStats, StoreError> {
        const CONTEXT: &str = "counting calls";
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<rows::StatsRow> = diesel::sql_query(CALL_STATS_SQL)
            .bind::<Nullable<Text>, _>(query.owner.as_ref().map(|o| o.as_str()))
            .bind::<Nullable<Timestamptz>, _>(query.since)
            .bind::<Nullable<Timestamptz>, _>(query.until)
            .load(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        let mut stats = CallStats::default();
        for row in rows {
            let corrupt = || {
                StoreError::msg(format!(
                    "{CONTEXT}: a stored status or direction is invalid"
                ))
            };
            let status = CallLogStatus::parse(&row.status).ok_or_else(corrupt)?;
            let direction = CallDirection::parse(&row.direction).ok_or_else(corrupt)?;
            let n = count(row.calls);
            stats.total += n;
            if !status.is_terminal() {
                stats.active += n;
            }
            *stats.by_status.entry(status).or_default() += n;
            *stats.by_direction.entry(direction).or_default() += n;
            stats.total_duration += count(row.total_duration);
            stats.with_duration += count(row.timed);
        }
        Ok(stats)
    }
}
