//! The call log's statements. Listings and stats are one statement each whose optional
//! filters are `($n IS NULL OR ...)`: binds are planned as constants (each statement is
//! planned for its values), so an unused filter folds away and `status=active` reaches the
//! partial index `calls_active_by_user`.

/// The columns every call query returns, in [`CallRow`](super::rows::CallRow)'s order.
macro_rules! call_columns {
    () => {
        "id, call_sid, user_id, direction, from_number, to_number, client, number_id, status, \
         status_sequence, started_at, answered_at, ended_at, duration, price, price_unit, \
         recorded, created_at, updated_at"
    };
}
pub(super) use call_columns;

/// Whether report `$2` (status), `$3` (its rank), `$4` (its sequence number) replaces the
/// stored status: the rule of `CallProgress::is_superseded_by`.
macro_rules! wins {
    () => {
        "($3 > status_rank OR ($3 = status_rank AND $2 <> status \
          AND status_sequence IS NOT NULL AND $4::bigint IS NOT NULL AND $4 > status_sequence))"
    };
}

/// Applies a status report to call `$1` in one statement, by the rule of
/// `CallProgress::apply`. Binds: `$1` SID, `$2` status, `$3` its rank, `$4` sequence number
/// (nullable), `$5` when, `$6` duration (nullable), `$7` now. Updates no row when the report
/// changes nothing, so a duplicate writes nothing.
pub const APPLY_STATUS_SQL: &str = concat!(
    "UPDATE calls SET ",
    "status = CASE WHEN ",
    wins!(),
    " THEN $2 ELSE status END, ",
    "status_sequence = CASE WHEN ",
    wins!(),
    " THEN $4 WHEN $2 = status THEN GREATEST(status_sequence, $4) ELSE status_sequence END, ",
    "started_at = CASE WHEN $3 BETWEEN 1 AND 3 THEN LEAST(started_at, $5) ELSE started_at END, ",
    "answered_at = CASE WHEN $3 = 3 THEN LEAST(answered_at, $5) ELSE answered_at END, ",
    "ended_at = CASE WHEN $3 = 4 AND ",
    wins!(),
    " THEN $5 WHEN $3 = 4 AND $2 = status THEN LEAST(ended_at, $5) ELSE ended_at END, ",
    "duration = CASE WHEN $3 = 4 AND ",
    wins!(),
    " THEN $6 WHEN $3 = 4 AND $2 = status THEN COALESCE(duration, $6) ELSE duration END, ",
    "updated_at = $7 ",
    "WHERE call_sid = $1 AND (",
    wins!(),
    " OR ($3 BETWEEN 1 AND 3 AND (started_at IS NULL OR started_at > $5))",
    " OR ($3 = 3 AND (answered_at IS NULL OR answered_at > $5))",
    " OR ($3 = 4 AND $2 = status AND (ended_at IS NULL OR ended_at > $5",
    " OR (duration IS NULL AND $6::integer IS NOT NULL)))",
    " OR ($2 = status AND $4 IS NOT NULL AND (status_sequence IS NULL OR status_sequence < $4))",
    ") RETURNING ",
    call_columns!()
);

/// The filters both listings share, after their owner condition (each adds its cursor and
/// order). Binds: `$2` status
/// (nullable), `$3` active only, `$4` direction, `$5` number, `$6` since, `$7` until, `$8`
/// and `$9` the cursor's creation time and id (nullable), `$10` the limit.
macro_rules! list_filters {
    () => {
        " AND call_sid IS NOT NULL \
          AND ($2::text IS NULL OR status = $2) \
          AND (NOT $3 OR status_rank < 4) \
          AND ($4::text IS NULL OR direction = $4) \
          AND ($5::text IS NULL OR from_number = $5 OR to_number = $5) \
          AND ($6::timestamptz IS NULL OR created_at >= $6) \
          AND ($7::timestamptz IS NULL OR created_at < $7)"
    };
}

/// One user's (`$1`) calls, newest first: a walk of `calls_by_user`, or of
/// `calls_active_by_user` for `status=active`. Binds as `list_filters!`.
pub const LIST_USER_CALLS_SQL: &str = concat!(
    "SELECT ",
    call_columns!(),
    " FROM calls WHERE user_id = $1",
    list_filters!(),
    " AND ($8::timestamptz IS NULL OR (created_at, id) < ($8, $9::uuid)) \
     ORDER BY created_at DESC, id DESC LIMIT $10"
);

/// Everyone's calls (admins), newest first: a walk of `calls_by_creation`. `$1` is unused
/// (bound NULL) so that the binds match [`LIST_USER_CALLS_SQL`]. It orders by
/// `created_at AT TIME ZONE 'UTC'` (the same order) because that is what the global index
/// holds: an index on plain `created_at` would tempt the planner to page one user's calls
/// through everyone's, filtering, which is slow for a user whose calls are old.
pub const LIST_ALL_CALLS_SQL: &str = concat!(
    "SELECT ",
    call_columns!(),
    " FROM calls WHERE ($1::text IS NULL)",
    list_filters!(),
    " AND ($8::timestamptz IS NULL \
       OR (created_at AT TIME ZONE 'UTC', id) < ($8::timestamptz AT TIME ZONE 'UTC', $9::uuid)) \
     ORDER BY created_at AT TIME ZONE 'UTC' DESC, id DESC LIMIT $10"
);

/// Counts by status and direction with durations, in one statement. Binds: `$1` owner
/// (nullable: everyone), `$2` since, `$3` until (nullable).
pub const CALL_STATS_SQL: &str = "\
SELECT status, direction, count(*) AS calls, \
       COALESCE(sum(duration), 0)::bigint AS total_duration, count(duration) AS timed \
FROM calls \
WHERE ($1::text IS NULL OR user_id = $1) AND call_sid IS NOT NULL \
  AND ($2::timestamptz IS NULL OR created_at >= $2) \
  AND ($3::timestamptz IS NULL OR created_at < $3) \
GROUP BY status, direction";
