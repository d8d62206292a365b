-- The call log, its recordings, browser identities and idempotency keys.
--
-- A call row is written before Twilio is asked to place the call, so it starts without a
-- call_sid; rows that never get one (Twilio refused the call) are kept as history and never
-- listed or counted. status_rank follows status (queued 0, initiated 1, ringing 2,
-- in-progress 3, terminal 4); a status callback is one UPDATE that applies only a newer
-- state (see crates/postgres/src/call_store/sql.rs). Money is exact: BIGINT
-- ten-thousandths of price_unit, positive (Twilio prints charges negative).

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

-- A user's calls, newest first with a (created_at, id) cursor; every filter of the
-- listing but `active` is applied on this walk, and the stats of one user read it.
CREATE INDEX calls_by_user ON calls (user_id, created_at DESC, id DESC)
    WHERE call_sid IS NOT NULL;
-- A user's calls that have not ended (`status=active`): few rows, so a small index.
CREATE INDEX calls_active_by_user ON calls (user_id, created_at DESC, id DESC)
    WHERE call_sid IS NOT NULL AND status_rank < 4;
-- Everyone's calls newest first (admins listing without userId). It holds
-- created_at AT TIME ZONE 'UTC' (the same order) and that listing orders by it, so that
-- no user's listing can use it: on plain created_at, the planner, assuming a user's calls
-- spread evenly over time, pages a user through everyone's calls, which is slow when the
-- user's calls are old.
CREATE INDEX calls_by_creation ON calls ((created_at AT TIME ZONE 'UTC') DESC, id DESC)
    WHERE call_sid IS NOT NULL;

CREATE TABLE recordings (
    recording_sid   text        PRIMARY KEY CHECK (recording_sid ~ '^RE[0-9a-fA-F]{32}$'),
    call_sid        text        NOT NULL REFERENCES calls (call_sid),
    user_id         text        NOT NULL CHECK (char_length(user_id) BETWEEN 1 AND 128),
    number_id       uuid,
    kind            text        NOT NULL CHECK (kind IN ('call', 'voicemail')),
    status          text        NOT NULL
                                CHECK (status IN ('in-progress', 'completed', 'absent', 'failed', 'deleted')),
    status_rank     smallint    NOT NULL GENERATED ALWAYS AS (
                                    CASE status WHEN 'in-progress' THEN 0 WHEN 'deleted' THEN 2
                                    ELSE 1 END
                                ) STORED,
    duration        integer     CHECK (duration >= 0),
    channels        smallint    CHECK (channels BETWEEN 1 AND 2),
    source          text        CHECK (char_length(source) <= 64),
    from_number     text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE INDEX recordings_by_user ON recordings (user_id, created_at DESC, recording_sid DESC);
CREATE INDEX recordings_by_call ON recordings (call_sid, created_at DESC, recording_sid DESC);
-- As calls_by_creation, for admins' listings only.
CREATE INDEX recordings_by_creation
    ON recordings ((created_at AT TIME ZONE 'UTC') DESC, recording_sid DESC);

-- Identities minted for user ids the pure rule cannot carry (see the domain's
-- calls::identity), both ways.
CREATE TABLE browser_identities (
    identity        text        PRIMARY KEY CHECK (identity ~ '^m_[0-9a-f]{32}$'),
    user_id         text        NOT NULL UNIQUE CHECK (char_length(user_id) BETWEEN 1 AND 128)
);

-- One claim per user and Idempotency-Key; the response once the request finished.
-- Finished keys lapse after 24 hours, unfinished ones after 2 minutes (their process
-- died); a lapsed row is taken over in place by the next claim.
CREATE TABLE idempotency_keys (
    user_id         text        NOT NULL CHECK (char_length(user_id) BETWEEN 1 AND 128),
    key             text        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    operation       text        NOT NULL,
    fingerprint     text        NOT NULL,
    claimed_at      timestamptz NOT NULL,
    response_status smallint,
    response_body   text,
    finished_at     timestamptz,
    PRIMARY KEY (user_id, key),
    CONSTRAINT idempotency_keys_finished CHECK (
        (finished_at IS NULL) = (response_status IS NULL)
        AND (finished_at IS NULL) = (response_body IS NULL)
    )
);
