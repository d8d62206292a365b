//! Single values both stores read back: whether a row exists, and counts.

use diesel::prelude::QueryableByName;
use diesel::sql_types::Bool;

/// The answer of a `SELECT EXISTS (...) AS found`.
#[derive(QueryableByName)]
pub(crate) struct Exists {
    #[diesel(sql_type = Bool)]
    pub(crate) found: bool,
}

/// A count from PostgreSQL (never negative) as the domain's `u64`.
pub(crate) fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}
