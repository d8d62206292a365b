//! The call log's statements. Listings and stats are one statement each whose optional
//! filters are `($n IS NULL OR ...)`: binds are planned as constants (each statement is
//! planned for its values), so an unused filter folds away and `status=active` reaches the
//! partial index `calls_active_by_user`. `calls` is partitioned by month of `created_at`
//! (see the migration `..._partitioned_logs`): the listings walk each partition's copy of
//! their index (pruned by `since`/`until`), and whatever finds a call by SID or id reads
//! its month from `call_keys` first.

/// The columns every call query returns, in [`CallRow`](super::rows::CallRow)'s order.
macro_rules! call_columns {
    () => {
        "id, call_sid, user_id, direction, from_number, to_number, client, number_id, status, \
         status_sequence, started_at, answered_at, ended_at, duration, price, price_unit, \
         recorded, created_at, updated_at"
    };
}
pub(super) use call_columns;

/// Whether the report in `p` replaces the stored status: the rule of
/// `CallProgress::is_superseded_by`.
macro_rules! wins {
    () => {
        "(p.new_rank > status_rank OR (p.new_rank = status_rank AND p.new_status <> status \
          AND status_sequence IS NOT NULL AND p.seq IS NOT NULL AND p.seq > status_sequence))"
    };
}

/// The key of the call whose SID is `$sid` (an expression): `k (call_id, call_created_at)`,
/// read from the unpartitioned `call_keys`, so that the statement joining it reaches one
/// partition of `calls` (run-time pruning on `created_at`).
macro_rules! call_key {
    ($sid:literal) => {
        concat!(
            "k AS (SELECT id AS call_id, created_at AS call_created_at FROM call_keys \
             WHERE call_sid = ",
            $sid,
            ")"
        )
    };
}
pub(super) use call_key;

/// The join of `calls` to its key `k`.
macro_rules! keyed {
    () => {
        "calls.id = k.call_id AND calls.created_at = k.call_created_at"
    };
}
pub(super) use keyed;

/// Applies a status report to call `$1` in one statement, by the rule of
/// `CallProgress::apply`. Binds, each once and in order (a prepared statement: see
/// [`ApplyStatusStatement`](super::ApplyStatusStatement)): `$1` SID, `$2` status, `$3` its
/// rank, `$4` sequence number (nullable), `$5` when, `$6` duration (nullable), `$7` now;
/// the parameter row `p` names them. The call's id and month come from `call_keys` first,
/// so the update touches one partition. Updates no row when the report changes nothing, so
/// a duplicate writes nothing.
pub const APPLY_STATUS_SQL: &str = concat!(
    "WITH p AS (SELECT $1::text AS sid, $2::text AS new_status, $3::smallint AS new_rank, ",
    "$4::bigint AS seq, $5::timestamptz AS at, $6::integer AS dur, $7::timestamptz AS now), ",
    call_key!("(SELECT sid FROM p)"),
    " UPDATE calls SET ",
    "status = CASE WHEN ",
    wins!(),
    " THEN p.new_status ELSE status END, ",
    "status_sequence = CASE WHEN ",
    wins!(),
    " THEN p.seq WHEN p.new_status = status THEN GREATEST(status_sequence, p.seq) \
     ELSE status_sequence END, ",
    "started_at = CASE WHEN p.new_rank BETWEEN 1 AND 3 THEN LEAST(started_at, p.at) \
     ELSE started_at END, ",
    "answered_at = CASE WHEN p.new_rank = 3 THEN LEAST(answered_at, p.at) ELSE answered_at END, ",
    "ended_at = CASE WHEN p.new_rank = 4 AND ",
    wins!(),
    " THEN p.at WHEN p.new_rank = 4 AND p.new_status = status THEN LEAST(ended_at, p.at) \
     ELSE ended_at END, ",
    "duration = CASE WHEN p.new_rank = 4 AND ",
    wins!(),
    " THEN p.dur WHEN p.new_rank = 4 AND p.new_status = status THEN COALESCE(duration, p.dur) \
     ELSE duration END, ",
    "updated_at = p.now ",
    "FROM p, k WHERE ",
    keyed!(),
    " AND (",
    wins!(),
    " OR (p.new_rank BETWEEN 1 AND 3 AND (started_at IS NULL OR started_at > p.at))",
    " OR (p.new_rank = 3 AND (answered_at IS NULL OR answered_at > p.at))",
    " OR (p.new_rank = 4 AND p.new_status = status AND (ended_at IS NULL OR ended_at > p.at",
    " OR (duration IS NULL AND p.dur IS NOT NULL)))",
    " OR (p.new_status = status AND p.seq IS NOT NULL \
       AND (status_sequence IS NULL OR status_sequence < p.seq))",
    ") RETURNING ",
    call_columns!()
);

/// The call whose SID is `$1`: its key, then one partition's primary key.
pub const CALL_BY_SID_SQL: &str = concat!(
    "WITH ",
    call_key!("$1"),
    " SELECT ",
    call_columns!(),
    " FROM calls JOIN k ON ",
    keyed!()
);

/// The filters both listings share, after their owner condition (each adds its cursor,
/// with `created_at <= cursor` repeated on the plain column so that the months after the
/// cursor are pruned, and its order). Binds: `$2` status
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
     AND ($8::timestamptz IS NULL OR created_at <= $8) \
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
     AND ($8::timestamptz IS NULL OR created_at <= $8) \
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
