-- The email log: what each user sent through the email provider, and whether it took it.

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

-- A user's emails, newest first with a (created_at, id) cursor.
CREATE INDEX emails_by_user ON emails (user_id, created_at DESC, id DESC);
