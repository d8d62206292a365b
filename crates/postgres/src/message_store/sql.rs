//! The message log's statements. The listing's optional filters are `($n IS NULL OR ...)`,
//! folded away when unused as in the call log's. `messages` is partitioned by month of
//! `created_at`; what finds a message by SID or id reads its month from `message_keys` first.

/// The columns every message query returns, in [`MessageRow`](super::rows::MessageRow)'s order.
macro_rules! message_columns {
    () => {
        "id, message_sid, user_id, channel, direction, from_number, to_number, body, media_urls, \
         status, error_code, segments, price, price_unit, number_id, created_at, updated_at"
    };
}
pub(super) use message_columns;

/// The key of the message whose SID is `$1`: `k (message_id, message_created_at)`, read
/// from the unpartitioned `message_keys`, so that the statement joining it reaches one
/// partition of `messages` (run-time pruning on `created_at`).
macro_rules! message_key {
    () => {
        "k AS (SELECT id AS message_id, created_at AS message_created_at FROM message_keys \
         WHERE message_sid = $1)"
    };
}

/// The join of `messages` to its key `k`.
macro_rules! keyed {
    () => {
        "messages.id = k.message_id AND messages.created_at = k.message_created_at"
    };
}

/// Applies status `$2` (rank `$3`) with error code `$4` (nullable) at `$5` to message `$1`
/// when it moves the message forward (the domain's `messages::progress::advances`): `read`
/// after anything but a failed delivery, `canceled` before `sent`, any other status when
/// its rank is higher. Updates no row otherwise, so a duplicate writes nothing. The
/// message's id and month come from `message_keys` first.
pub const APPLY_MESSAGE_STATUS_SQL: &str = concat!(
    "WITH ",
    message_key!(),
    " UPDATE messages SET status = $2, error_code = COALESCE($4, error_code), updated_at = $5 ",
    "FROM k WHERE ",
    keyed!(),
    " AND CASE $2 ",
    "WHEN 'read' THEN status NOT IN ('undelivered', 'failed', 'canceled', 'read') ",
    "WHEN 'canceled' THEN status_rank < 2 ",
    "ELSE $3 > status_rank END RETURNING ",
    message_columns!()
);

/// The message whose SID is `$1`: its key, then one partition's primary key.
pub const MESSAGE_BY_SID_SQL: &str = concat!(
    "WITH ",
    message_key!(),
    " SELECT ",
    message_columns!(),
    " FROM messages JOIN k ON ",
    keyed!()
);

/// One user's (`$1`) messages, newest first, a walk of `messages_by_user`. Binds: `$2`
/// channel, `$3` direction, `$4` status, `$5` number, `$6` since, `$7` until (all
/// nullable), `$8` and `$9` the cursor's creation time and id (nullable), `$10` the limit.
pub const LIST_USER_MESSAGES_SQL: &str = concat!(
    "SELECT ",
    message_columns!(),
    " FROM messages WHERE user_id = $1 AND message_sid IS NOT NULL \
      AND ($2::text IS NULL OR channel = $2) \
      AND ($3::text IS NULL OR direction = $3) \
      AND ($4::text IS NULL OR status = $4) \
      AND ($5::text IS NULL OR from_number = $5 OR to_number = $5) \
      AND ($6::timestamptz IS NULL OR created_at >= $6) \
      AND ($7::timestamptz IS NULL OR created_at < $7) \
      AND ($8::timestamptz IS NULL OR (created_at, id) < ($8, $9::uuid)) \
      AND ($8::timestamptz IS NULL OR created_at <= $8) \
      ORDER BY created_at DESC, id DESC LIMIT $10"
);
