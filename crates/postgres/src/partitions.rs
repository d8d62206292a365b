//! Upkeep of the logs' monthly partitions (see the migration `..._partitioned_logs`):
//! creating the months ahead, and retention by dropping whole months.

use diesel::QueryableByName;
use diesel::sql_types::{Integer, Text, Timestamptz};
use diesel_async::RunQueryDsl;
use switchboard_domain::StoreError;
use time::{Date, OffsetDateTime, Time, UtcOffset};

use crate::error;
use crate::store::PgStore;

/// How many months after this one `migrate` and `serve` keep partitions for.
pub const MONTHS_AHEAD: u8 = 1;

#[derive(QueryableByName)]
struct Dropped {
    #[diesel(sql_type = Text)]
    name: String,
}

/// The first instant (UTC) of the month of `date`.
#[must_use]
pub fn month_start(date: Date) -> OffsetDateTime {
    date.replace_day(1)
        .unwrap_or(date)
        .with_time(Time::MIDNIGHT)
        .assume_offset(UtcOffset::UTC)
}

impl PgStore {
    /// Creates the call, message and email logs' partitions from last month to
    /// `months_ahead` months after this one (UTC), moving any of their rows the default
    /// partitions hold into them. Idempotent; safe to run from several replicas at once.
    ///
    /// # Errors
    /// [`StoreError`] when the database is unreachable or refuses.
    pub async fn ensure_partitions(&self, months_ahead: u8) -> Result<(), StoreError> {
        const CONTEXT: &str = "creating the logs' partitions";
        let mut conn = self.conn(CONTEXT).await?;
        diesel::sql_query("SELECT switchboard_ensure_partitions($1)")
            .bind::<Integer, _>(i32::from(months_ahead))
            .execute(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        Ok(())
    }

    /// Retention: forgets every call, message and email created before the month of
    /// `month` (UTC) began, with those calls' recordings. Whole monthly partitions are
    /// detached and dropped; only the key tables and the default partitions are deleted
    /// from row by row. Returns the dropped partitions' names.
    ///
    /// # Errors
    /// [`StoreError`] when the database is unreachable or refuses.
    pub async fn drop_logs_before(&self, month: Date) -> Result<Vec<String>, StoreError> {
        const CONTEXT: &str = "dropping old months of the logs";
        let mut conn = self.conn(CONTEXT).await?;
        let dropped: Vec<Dropped> =
            diesel::sql_query("SELECT name FROM switchboard_drop_logs_before($1) AS name")
                .bind::<Timestamptz, _>(month_start(month))
                .load(&mut conn)
                .await
                .map_err(error::query(CONTEXT))?;
        Ok(dropped.into_iter().map(|d| d.name).collect())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::month_start;

    #[test]
    fn a_month_starts_at_midnight_utc_on_its_first_day() {
        assert_eq!(
            month_start(date!(2026 - 12 - 17)),
            datetime!(2026-12-01 0:00 UTC)
        );
    }
}
