-- The call, message and email logs partitioned by month of created_at (UTC months).
--
-- Each log is PARTITION BY RANGE (created_at) with one partition per month, named
-- <log>_yYYYYmMM, and a DEFAULT partition <log>_default that catches rows of a month with
-- no partition yet (a clock far in the past or future, or upkeep that has not run), so an
-- insert never fails for want of a partition. switchboard_ensure_partitions(months_ahead)
-- creates the months around now (migrate and `serve` call it, and `serve` every day); a
-- month's rows stranded in the default partition are moved into the month's partition when
-- it is created. Retention is switchboard_drop_logs_before(cutoff): whole partitions are
-- detached and dropped, never DELETEd row by row.
--
-- A unique index on a partitioned table must include the partition key, so what is unique
-- across months lives in a small unpartitioned key table per log, written in the same
-- statement as the log row (see the stores):
--   call_keys    (id, call_sid, created_at): the id and the SID are unique; status callbacks
--                read the SID's id and month here first, so their update touches one
--                partition; recordings reference call_keys (call_sid).
--   message_keys (id, message_sid, created_at): likewise for messages (an inbound message's
--                retried webhook is refused by the SID key).
--   email_keys   (id, created_at): the id is unique.
-- The key tables' BRIN indexes on created_at serve retention only.
--
-- Each partition's indexes are named <parent index>_yYYYYmMM (or _default), so plans name
-- the index they walk.

-- Names a partition's indexes after the parent's indexes they belong to.
CREATE FUNCTION switchboard_name_partition_indexes(part text, suffix text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    child record;
BEGIN
    FOR child IN
        SELECT ci.relname AS child_name, pi.relname AS parent_name
        FROM pg_index x
        JOIN pg_class ci ON ci.oid = x.indexrelid
        JOIN pg_inherits h ON h.inhrelid = x.indexrelid
        JOIN pg_class pi ON pi.oid = h.inhparent
        WHERE x.indrelid = part::regclass
    LOOP
        IF child.child_name <> child.parent_name || '_' || suffix THEN
            EXECUTE format('ALTER INDEX %I RENAME TO %I', child.child_name,
                           child.parent_name || '_' || suffix);
        END IF;
    END LOOP;
END
$$;

-- Creates the partition of log `parent` for the UTC month starting `month` unless it
-- exists; rows of that month in the default partition are moved into it.
CREATE FUNCTION switchboard_log_partition(parent text, month date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    suffix  text := 'y' || to_char(month, 'YYYY') || 'm' || to_char(month, 'MM');
    part    text := parent || '_' || suffix;
    fallback text := parent || '_default';
    lower   timestamptz := make_timestamptz(extract(year FROM month)::int,
                                            extract(month FROM month)::int, 1, 0, 0, 0, 'UTC');
    upper   timestamptz := lower + interval '1 month';
    columns text;
    stranded boolean;
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN;
    END IF;
    -- No row may reach the default partition while the month is carved out of it.
    EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', fallback);
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE created_at >= $1 AND created_at < $2)',
                   fallback)
        INTO stranded USING lower, upper;
    IF stranded THEN
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS '
                       'INCLUDING GENERATED)', part, parent);
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns
        FROM pg_attribute
        WHERE attrelid = parent::regclass AND attnum > 0 AND NOT attisdropped
          AND attgenerated = '';
        EXECUTE format('WITH moved AS (DELETE FROM %I WHERE created_at >= $1 AND created_at < $2 '
                       'RETURNING %s) INSERT INTO %I (%s) SELECT %s FROM moved',
                       fallback, columns, part, columns, columns)
            USING lower, upper;
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                       parent, part, lower, upper);
    ELSE
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                       part, parent, lower, upper);
    END IF;
    PERFORM switchboard_name_partition_indexes(part, suffix);
END
$$;

-- Creates every log's partitions from last month to `months_ahead` months after this one
-- (UTC), behind a transaction-level advisory lock so that replicas starting together do
-- not race. Idempotent.
CREATE FUNCTION switchboard_ensure_partitions(months_ahead integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    this_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
    log text;
BEGIN
    PERFORM pg_advisory_xact_lock(1937204852); -- 'sbpt'
    FOREACH log IN ARRAY ARRAY['calls', 'messages', 'emails'] LOOP
        FOR i IN -1..greatest(months_ahead, 0) LOOP
            PERFORM switchboard_log_partition(log, (this_month + make_interval(months => i))::date);
        END LOOP;
    END LOOP;
END
$$;

-- Retention: forgets every log row created before `cutoff` (which should be the start of
-- a UTC month). The key rows of those months and the recordings of those calls are
-- deleted, rows of those months in the default partitions too, and each partition that
-- ends by `cutoff` is detached and dropped (the only step that locks the logs, briefly, so
-- it comes last). Returns the dropped partitions' names.
CREATE FUNCTION switchboard_drop_logs_before(cutoff timestamptz) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    log text;
    part record;
BEGIN
    PERFORM pg_advisory_xact_lock(1937204852);
    DELETE FROM recordings
    WHERE call_sid IN (SELECT call_sid FROM call_keys WHERE created_at < cutoff);
    DELETE FROM call_keys WHERE created_at < cutoff;
    DELETE FROM message_keys WHERE created_at < cutoff;
    DELETE FROM email_keys WHERE created_at < cutoff;
    FOREACH log IN ARRAY ARRAY['calls', 'messages', 'emails'] LOOP
        EXECUTE format('DELETE FROM %I WHERE created_at < $1', log || '_default') USING cutoff;
        FOR part IN
            SELECT c.relname AS name
            FROM pg_inherits h
            JOIN pg_class c ON c.oid = h.inhrelid
            WHERE h.inhparent = log::regclass
              AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
              AND substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz
                  <= cutoff
            ORDER BY c.relname
        LOOP
            EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', log, part.name);
            EXECUTE format('DROP TABLE %I', part.name);
            RETURN NEXT part.name;
        END LOOP;
    END LOOP;
END
$$;

-- The old tables make way: their index and key names are taken by the new ones.
ALTER TABLE recordings DROP CONSTRAINT recordings_call_sid_fkey;
DROP INDEX calls_by_user, calls_active_by_user, calls_by_creation, calls_by_number;
DROP INDEX messages_by_user, messages_whatsapp_writers, messages_by_number;
DROP INDEX emails_by_user;
ALTER TABLE calls RENAME TO calls_unpartitioned;
ALTER TABLE calls_unpartitioned RENAME CONSTRAINT calls_pkey TO calls_unpartitioned_pkey;
ALTER TABLE calls_unpartitioned RENAME CONSTRAINT calls_call_sid_key TO calls_unpartitioned_sid_key;
ALTER TABLE messages RENAME TO messages_unpartitioned;
ALTER TABLE messages_unpartitioned RENAME CONSTRAINT messages_pkey TO messages_unpartitioned_pkey;
ALTER TABLE messages_unpartitioned
    RENAME CONSTRAINT messages_message_sid_key TO messages_unpartitioned_sid_key;
ALTER TABLE emails RENAME TO emails_unpartitioned;
ALTER TABLE emails_unpartitioned RENAME CONSTRAINT emails_pkey TO emails_unpartitioned_pkey;

-- The call log (columns as in ..._calls; call_sid's uniqueness is call_keys').
CREATE TABLE calls (
    id              uuid        NOT NULL,
    call_sid        text        CHECK (call_sid ~ '^CA[0-9a-fA-F]{32}$'),
    user_id         text        NOT NULL CHECK (char_length(user_id) BETWEEN 1 AND 128),
    direction       text        NOT NULL
                                CHECK (direction IN ('inbound', 'outbound-api', 'outbound-browser')),
    from_number     text        NOT NULL CHECK (from_number ~ '^\+[1-9][0-9]{1,14}$'),
    to_number       text        NOT NULL CHECK (to_number ~ '^\+[1-9][0-9]{1,14}$'),
    client          text        CHECK (client ~ '^[A-Za-z0-9_]{1,121}$'),
    number_id       uuid,
    status          text        NOT NULL CHECK (status IN ('queued', 'initiated', 'ringing',
                                'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled')),
    status_rank     smallint    NOT NULL GENERATED ALWAYS AS (
                                    CASE status WHEN 'queued' THEN 0 WHEN 'initiated' THEN 1
                                    WHEN 'ringing' THEN 2 WHEN 'in-progress' THEN 3 ELSE 4 END
                                ) STORED,
    status_sequence bigint      CHECK (status_sequence >= 0),
    started_at      timestamptz,
    answered_at     timestamptz,
    ended_at        timestamptz,
    duration        integer     CHECK (duration >= 0),
    price           bigint      CHECK (price >= 0),
    price_unit      text        CHECK (price_unit ~ '^[A-Z]{3}$'),
    recorded        boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

-- The listings' and usage's indexes, as in ..._calls and ..._number_usage, on every partition.
CREATE INDEX calls_by_user ON calls (user_id, created_at DESC, id DESC)
    WHERE call_sid IS NOT NULL;
CREATE INDEX calls_active_by_user ON calls (user_id, created_at DESC, id DESC)
    WHERE call_sid IS NOT NULL AND status_rank < 4;
CREATE INDEX calls_by_creation ON calls ((created_at AT TIME ZONE 'UTC') DESC, id DESC)
    WHERE call_sid IS NOT NULL;
CREATE INDEX calls_by_number ON calls (number_id) INCLUDE (duration)
    WHERE number_id IS NOT NULL AND call_sid IS NOT NULL;

CREATE TABLE call_keys (
    id          uuid        PRIMARY KEY,
    call_sid    text        UNIQUE,
    created_at  timestamptz NOT NULL
);
CREATE INDEX call_keys_by_creation ON call_keys USING brin (created_at);

-- The message log (columns as in ..._messages; message_sid's uniqueness is message_keys').
CREATE TABLE messages (
    id              uuid        NOT NULL,
    message_sid     text        CHECK (message_sid ~ '^(SM|MM)[0-9a-fA-F]{32}$'),
    user_id         text        NOT NULL CHECK (char_length(user_id) BETWEEN 1 AND 128),
    channel         text        NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
    direction       text        NOT NULL CHECK (direction IN ('outbound', 'inbound')),
    from_number     text        NOT NULL CHECK (from_number ~ '^\+[1-9][0-9]{1,14}$'),
    to_number       text        NOT NULL CHECK (to_number ~ '^\+[1-9][0-9]{1,14}$'),
    body            text        CHECK (char_length(body) <= 65536),
    media_urls      text[]      NOT NULL DEFAULT '{}',
    status          text        NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed',
                                'delivered', 'undelivered', 'receiving', 'received', 'accepted',
                                'scheduled', 'read', 'partially_delivered', 'canceled')),
    status_rank     smallint    NOT NULL GENERATED ALWAYS AS (
                                    CASE status WHEN 'sending' THEN 1 WHEN 'sent' THEN 2
                                    WHEN 'read' THEN 4
                                    WHEN 'delivered' THEN 3 WHEN 'undelivered' THEN 3
                                    WHEN 'failed' THEN 3 WHEN 'partially_delivered' THEN 3
                                    WHEN 'canceled' THEN 3 WHEN 'received' THEN 3 ELSE 0 END
                                ) STORED,
    error_code      integer     CHECK (error_code >= 0),
    segments        integer     CHECK (segments >= 0),
    price           bigint      CHECK (price >= 0),
    price_unit      text        CHECK (price_unit ~ '^[A-Z]{3}$'),
    number_id       uuid,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE INDEX messages_by_user ON messages (user_id, created_at DESC, id DESC)
    WHERE message_sid IS NOT NULL;
CREATE INDEX messages_whatsapp_writers ON messages (from_number, to_number, created_at DESC, id DESC)
    WHERE channel = 'whatsapp' AND direction = 'outbound' AND message_sid IS NOT NULL;
CREATE INDEX messages_by_number ON messages (number_id)
    WHERE number_id IS NOT NULL AND message_sid IS NOT NULL;

CREATE TABLE message_keys (
    id          uuid        PRIMARY KEY,
    message_sid text        UNIQUE,
    created_at  timestamptz NOT NULL
);
CREATE INDEX message_keys_by_creation ON message_keys USING brin (created_at);

-- The email log (columns as in ..._emails).
CREATE TABLE emails (
    id                  uuid        NOT NULL,
    user_id             text        NOT NULL CHECK (char_length(user_id) BETWEEN 1 AND 128),
    to_addresses        text[]      NOT NULL CHECK (cardinality(to_addresses) BETWEEN 1 AND 50),
    from_address        text        NOT NULL CHECK (char_length(from_address) BETWEEN 3 AND 254),
    from_name           text        CHECK (char_length(from_name) <= 256),
    subject             text        CHECK (char_length(subject) <= 998),
    status              text        NOT NULL CHECK (status IN ('accepted', 'failed')),
    provider_message_id text        CHECK (char_length(provider_message_id) <= 256),
    error               text        CHECK (char_length(error) <= 2000),
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE INDEX emails_by_user ON emails (user_id, created_at DESC, id DESC);

CREATE TABLE email_keys (
    id          uuid        PRIMARY KEY,
    created_at  timestamptz NOT NULL
);
CREATE INDEX email_keys_by_creation ON email_keys USING brin (created_at);

-- The default partitions, a partition for each month the existing rows fall in, and the
-- months around now.
CREATE TABLE calls_default PARTITION OF calls DEFAULT;
SELECT switchboard_name_partition_indexes('calls_default', 'default');
CREATE TABLE messages_default PARTITION OF messages DEFAULT;
SELECT switchboard_name_partition_indexes('messages_default', 'default');
CREATE TABLE emails_default PARTITION OF emails DEFAULT;
SELECT switchboard_name_partition_indexes('emails_default', 'default');

SELECT switchboard_log_partition('calls', month)
FROM (SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month
      FROM calls_unpartitioned) AS months;
SELECT switchboard_log_partition('messages', month)
FROM (SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month
      FROM messages_unpartitioned) AS months;
SELECT switchboard_log_partition('emails', month)
FROM (SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month
      FROM emails_unpartitioned) AS months;
SELECT switchboard_ensure_partitions(1);

-- The rows move over (status_rank is generated again).
INSERT INTO calls (id, call_sid, user_id, direction, from_number, to_number, client, number_id,
                   status, status_sequence, started_at, answered_at, ended_at, duration, price,
                   price_unit, recorded, created_at, updated_at)
SELECT id, call_sid, user_id, direction, from_number, to_number, client, number_id,
       status, status_sequence, started_at, answered_at, ended_at, duration, price,
       price_unit, recorded, created_at, updated_at
FROM calls_unpartitioned;
INSERT INTO call_keys (id, call_sid, created_at)
SELECT id, call_sid, created_at FROM calls_unpartitioned;

INSERT INTO messages (id, message_sid, user_id, channel, direction, from_number, to_number, body,
                      media_urls, status, error_code, segments, price, price_unit, number_id,
                      created_at, updated_at)
SELECT id, message_sid, user_id, channel, direction, from_number, to_number, body,
       media_urls, status, error_code, segments, price, price_unit, number_id,
       created_at, updated_at
FROM messages_unpartitioned;
INSERT INTO message_keys (id, message_sid, created_at)
SELECT id, message_sid, created_at FROM messages_unpartitioned;

INSERT INTO emails (id, user_id, to_addresses, from_address, from_name, subject, status,
                    provider_message_id, error, created_at)
SELECT id, user_id, to_addresses, from_address, from_name, subject, status,
       provider_message_id, error, created_at
FROM emails_unpartitioned;
INSERT INTO email_keys (id, created_at) SELECT id, created_at FROM emails_unpartitioned;

-- A recording's call is known by its SID.
ALTER TABLE recordings ADD CONSTRAINT recordings_call_sid_fkey
    FOREIGN KEY (call_sid) REFERENCES call_keys (call_sid);

DROP TABLE calls_unpartitioned, messages_unpartitioned, emails_unpartitioned;

-- The new tables' CHECK constraints were named while the old tables held the plain names
-- (calls_status_check1, ...): they take them back, on every partition too.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT conrelid::regclass::text AS log, conname
        FROM pg_constraint
        WHERE conrelid IN ('calls'::regclass, 'messages'::regclass, 'emails'::regclass)
          AND contype = 'c' AND conname ~ '_check1$'
    LOOP
        EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', c.log, c.conname,
                       regexp_replace(c.conname, '1$', ''));
    END LOOP;
END
$$;

ANALYZE calls, call_keys, messages, message_keys, emails, email_keys;
