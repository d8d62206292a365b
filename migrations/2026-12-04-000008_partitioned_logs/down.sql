-- Back to one unpartitioned table per log, keeping every row.

ALTER TABLE recordings DROP CONSTRAINT recordings_call_sid_fkey;
DROP INDEX calls_by_user, calls_active_by_user, calls_by_creation, calls_by_number;
DROP INDEX messages_by_user, messages_whatsapp_writers, messages_by_number;
DROP INDEX emails_by_user;
ALTER TABLE calls RENAME TO calls_partitioned;
ALTER TABLE calls_partitioned RENAME CONSTRAINT calls_pkey TO calls_partitioned_pkey;
ALTER TABLE messages RENAME TO messages_partitioned;
ALTER TABLE messages_partitioned RENAME CONSTRAINT messages_pkey TO messages_partitioned_pkey;
ALTER TABLE emails RENAME TO emails_partitioned;
ALTER TABLE emails_partitioned RENAME CONSTRAINT emails_pkey TO emails_partitioned_pkey;

CREATE TABLE calls (
    id              uuid        PRIMARY KEY,
    call_sid        text        UNIQUE CHECK (call_sid ~ '^CA[0-9a-fA-F]{32}$'),
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
    updated_at      timestamptz NOT NULL
);

INSERT INTO calls (id, call_sid, user_id, direction, from_number, to_number, client, number_id, status, status_sequence, started_at, answered_at, ended_at, duration, price, price_unit, recorded, created_at, updated_at)
SELECT id, call_sid, user_id, direction, from_number, to_number, client, number_id, status, status_sequence, started_at, answered_at, ended_at, duration, price, price_unit, recorded, created_at, updated_at FROM calls_partitioned;

CREATE INDEX calls_by_user ON calls (user_id, created_at DESC, id DESC)
    WHERE call_sid IS NOT NULL;
CREATE INDEX calls_active_by_user ON calls (user_id, created_at DESC, id DESC)
    WHERE call_sid IS NOT NULL AND status_rank < 4;
CREATE INDEX calls_by_creation ON calls ((created_at AT TIME ZONE 'UTC') DESC, id DESC)
    WHERE call_sid IS NOT NULL;
CREATE INDEX calls_by_number ON calls (number_id) INCLUDE (duration)
    WHERE number_id IS NOT NULL AND call_sid IS NOT NULL;
ALTER TABLE recordings ADD CONSTRAINT recordings_call_sid_fkey
    FOREIGN KEY (call_sid) REFERENCES calls (call_sid);

CREATE TABLE messages (
    id              uuid        PRIMARY KEY,
    message_sid     text        UNIQUE CHECK (message_sid ~ '^(SM|MM)[0-9a-fA-F]{32}$'),
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
    updated_at      timestamptz NOT NULL
);

INSERT INTO messages (id, message_sid, user_id, channel, direction, from_number, to_number, body, media_urls, status, error_code, segments, price, price_unit, number_id, created_at, updated_at)
SELECT id, message_sid, user_id, channel, direction, from_number, to_number, body, media_urls, status, error_code, segments, price, price_unit, number_id, created_at, updated_at FROM messages_partitioned;

CREATE INDEX messages_by_user ON messages (user_id, created_at DESC, id DESC)
    WHERE message_sid IS NOT NULL;
CREATE INDEX messages_whatsapp_writers ON messages (from_number, to_number, created_at DESC, id DESC)
    WHERE channel = 'whatsapp' AND direction = 'outbound' AND message_sid IS NOT NULL;
CREATE INDEX messages_by_number ON messages (number_id)
    WHERE number_id IS NOT NULL AND message_sid IS NOT NULL;

CREATE TABLE emails (
    id                  uuid        PRIMARY KEY,
    user_id             text        NOT NULL CHECK (char_length(user_id) BETWEEN 1 AND 128),
    to_addresses        text[]      NOT NULL CHECK (cardinality(to_addresses) BETWEEN 1 AND 50),
    from_address        text        NOT NULL CHECK (char_length(from_address) BETWEEN 3 AND 254),
    from_name           text        CHECK (char_length(from_name) <= 256),
    subject             text        CHECK (char_length(subject) <= 998),
    status              text        NOT NULL CHECK (status IN ('accepted', 'failed')),
    provider_message_id text        CHECK (char_length(provider_message_id) <= 256),
    error               text        CHECK (char_length(error) <= 2000),
    created_at          timestamptz NOT NULL
);

INSERT INTO emails (id, user_id, to_addresses, from_address, from_name, subject, status, provider_message_id, error, created_at)
SELECT id, user_id, to_addresses, from_address, from_name, subject, status, provider_message_id, error, created_at FROM emails_partitioned;

CREATE INDEX emails_by_user ON emails (user_id, created_at DESC, id DESC);

DROP TABLE calls_partitioned, messages_partitioned, emails_partitioned;
DROP TABLE call_keys, message_keys, email_keys;
DROP FUNCTION switchboard_drop_logs_before(timestamptz);
DROP FUNCTION switchboard_ensure_partitions(integer);
DROP FUNCTION switchboard_log_partition(text, date);
DROP FUNCTION switchboard_name_partition_indexes(text, text);
