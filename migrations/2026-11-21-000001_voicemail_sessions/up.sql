-- The pool of temporary numbers and the voicemail-greeting sessions that lease them.
--
-- A lease ends by time alone: a number is free at instant t when leased_until <= t.
-- Never-leased numbers hold '-infinity', so every free number sits at the start of
-- pool_numbers_by_lease_end and allocation is one index range scan, whatever the number
-- of leased numbers or of past sessions.

CREATE TABLE pool_numbers (
    phone_number     text        PRIMARY KEY CHECK (phone_number ~ '^\+[1-9][0-9]{1,14}$'),
    leased_until     timestamptz NOT NULL DEFAULT '-infinity',
    lease_session_id uuid,
    created_at       timestamptz NOT NULL
);

CREATE INDEX pool_numbers_by_lease_end ON pool_numbers (leased_until);
CREATE INDEX pool_numbers_newest_first ON pool_numbers (created_at DESC, phone_number DESC);

CREATE TABLE voicemail_sessions (
    id           uuid        PRIMARY KEY,
    user_id      text        NOT NULL CHECK (char_length(user_id) BETWEEN 1 AND 128),
    phone_number text        NOT NULL,
    greeting_url text        NOT NULL CHECK (char_length(greeting_url) BETWEEN 1 AND 2048),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);

-- The inbound-call lookup: the session on a number whose expiry is in the future.
CREATE INDEX voicemail_sessions_by_number ON voicemail_sessions (phone_number, expires_at DESC);
-- A user's sessions, newest first, with a (created_at, id) cursor.
CREATE INDEX voicemail_sessions_by_user ON voicemail_sessions (user_id, created_at DESC, id DESC);

-- Rate-limit state (GCRA): one theoretical arrival time per key.
CREATE TABLE rate_limits (
    key text        PRIMARY KEY,
    tat timestamptz
);
