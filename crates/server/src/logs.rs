//! `switchboard logs`: upkeep and retention of the call, message and email logs' monthly
//! partitions on PostgreSQL.

use clap::Subcommand;
use switchboard_postgres::MONTHS_AHEAD;
use time::{Date, Month};

use crate::compose::connect;
use crate::config::{DatabaseConfig, ProcessEnv};
use crate::error::CliError;
use crate::output::say;

/// What `switchboard logs` does.
#[derive(Debug, Subcommand)]
pub(crate) enum LogsCommand {
    /// Forgets every call, message and email created before the month YYYY-MM began (UTC),
    /// with those calls' recordings: whole monthly partitions are detached and dropped.
    /// Irreversible; take a backup first if the rows matter.
    DropBefore {
        /// The first month kept, as YYYY-MM.
        #[arg(value_parser = parse_month)]
        month: Date,
    },
    /// Creates the partitions of the coming months now (`migrate` and `serve` do it, and
    /// `serve` again every day).
    EnsurePartitions {
        /// How many months after this one to create.
        #[arg(long, default_value_t = MONTHS_AHEAD)]
        months_ahead: u8,
    },
}

/// The first day of the month `raw` (YYYY-MM) names.
fn parse_month(raw: &str) -> Result<Date, String> {
    let wrong = || format!("{raw:?} is not a month like 2026-01");
    let (year, month) = raw.split_once('-').ok_or_else(wrong)?;
    if year.len() != 4 || month.len() != 2 {
        return Err(wrong());
    }
    let year: i32 = year.parse().map_err(|_| wrong())?;
    let month: u8 = month.parse().map_err(|_| wrong())?;
    let month = Month::try_from(month).map_err(|_| wrong())?;
    Date::from_calendar_date(year, month, 1).map_err(|_| wrong())
}

/// Runs a `logs` command against `DATABASE_URL`.
pub(crate) async fn logs(env: &ProcessEnv, command: LogsCommand) -> Result<(), CliError> {
    let database = DatabaseConfig::from_env(env)?;
    let store = connect(&database)?;
    match command {
        LogsCommand::DropBefore { month } => {
            let dropped = store.drop_logs_before(month).await?;
            for name in &dropped {
                say!("dropped partition {name}");
            }
            say!(
                "forgot the logs before {}-{:02} ({} partitions dropped)",
                month.year(),
                u8::from(month.month()),
                dropped.len()
            );
        }
        LogsCommand::EnsurePartitions { months_ahead } => {
            store.ensure_partitions(months_ahead).await?;
            say!("the logs have partitions up to {months_ahead} months ahead");
        }
    }
    Ok(())
}

/// How often `serve` creates the coming months' partitions (it does at start too, by
/// migrating).
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Creates the coming months' partitions every day, for as long as the server runs; a
/// failure is logged and tried again the next day (a month without a partition still
/// takes rows, in the default partition, so nothing is lost meanwhile).
pub(crate) async fn keep_partitions(store: switchboard_postgres::PgStore) {
    let start = tokio::time::Instant::now() + UPKEEP_EVERY;
    let mut every_day = tokio::time::interval_at(start, UPKEEP_EVERY);
    loop {
        every_day.tick().await;
        match store.ensure_partitions(MONTHS_AHEAD).await {
            Ok(()) => tracing::info!(
                months_ahead = MONTHS_AHEAD,
                "the logs' partitions are ready"
            ),
            Err(e) => {
                tracing::warn!(error = %e, "could not create the logs' coming partitions; trying again tomorrow")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::parse_month;

    #[test]
    fn months_are_year_dash_month() {
        assert_eq!(parse_month("2026-01"), Ok(date!(2026 - 01 - 01)));
        assert_eq!(parse_month("1999-12"), Ok(date!(1999 - 12 - 01)));
        for wrong in [
            "2026-13",
            "2026-1",
            "26-01",
            "2026",
            "2026-01-01",
            "abcd-ef",
        ] {
            assert!(parse_month(wrong).is_err(), "{wrong}");
        }
    }
}
