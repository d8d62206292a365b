-- The message log (SMS, MMS and WhatsApp, both ways) and the numbers' auto-replies.
--
-- An outbound message is written before Twilio is asked, so it starts without a
-- message_sid; rows that never get one are kept as history and never listed. An inbound
-- message is written once per MessageSid (the UNIQUE key refuses a retried webhook's copy).
-- status_rank follows status (see the domain's messages::progress); a status callback is
-- one UPDATE that applies only a newer state (crates/postgres/src/message_store/sql.rs).

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

-- A user's messages, newest first with a (created_at, id) cursor; every listing filter is
-- applied on this walk.
CREATE INDEX messages_by_user ON messages (user_id, created_at DESC, id DESC)
    WHERE message_sid IS NOT NULL;
-- Who last wrote to an address from the shared WhatsApp sender.
CREATE INDEX messages_whatsapp_writers ON messages (from_number, to_number, created_at DESC, id DESC)
    WHERE channel = 'whatsapp' AND direction = 'outbound' AND message_sid IS NOT NULL;

CREATE TABLE auto_replies (
    number_id       uuid        PRIMARY KEY REFERENCES owned_numbers (id),
    enabled         boolean     NOT NULL,
    body            text        NOT NULL CHECK (char_length(body) <= 1600),
    updated_at      timestamptz NOT NULL
);
