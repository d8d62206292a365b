//! The SQL of the number store: the columns it reads, its listings and its totals.

/// Every column of `owned_numbers`, as [`NumberRow`](super::rows::NumberRow) reads them.
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
pub(super) const LIST_ALL_NUMBERS_SQL: &str = select_numbers!(
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

pub(super) const STATS_ALL_SQL: &str = concat!(stats_select!(), "WHERE state <> 'pending'");
pub(super) const STATS_USER_SQL: &str =
    concat!(stats_select!(), "WHERE user_id = $1 AND state <> 'pending'");

pub(super) use {number_columns, select_numbers};
