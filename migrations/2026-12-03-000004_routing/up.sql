-- Inbound routing of owned numbers: forwarding rules, IVR menus and voicemail settings.
--
-- The inbound lookup reads a held number with its enabled rules, its menu and its
-- voicemail settings in one statement (crates/postgres/src/routing_store/sql.rs): the
-- number by owned_numbers_one_holder, the rest by their number_id keys.

CREATE TABLE forwarding_rules (
    id              uuid        PRIMARY KEY,
    number_id       uuid        NOT NULL REFERENCES owned_numbers (id),
    forward_to      text        NOT NULL CHECK (forward_to ~ '^\+[1-9][0-9]{1,14}$'),
    kind            text        NOT NULL CHECK (kind IN ('always', 'busy', 'no-answer')),
    ring_timeout    smallint    NOT NULL CHECK (ring_timeout BETWEEN 5 AND 60),
    enabled         boolean     NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- A number's rules, oldest first (listing, the inbound lookup, the forwarding graph).
CREATE INDEX forwarding_rules_by_number ON forwarding_rules (number_id, created_at, id);
-- One enabled rule per number and type: a second one is refused by the database, so two
-- concurrent requests cannot both add one.
CREATE UNIQUE INDEX forwarding_rules_one_enabled ON forwarding_rules (number_id, kind)
    WHERE enabled;

-- A number's menu as a JSON document in the API's shape (checked by the domain when it
-- is written and when it is read).
CREATE TABLE ivr_menus (
    number_id       uuid        PRIMARY KEY REFERENCES owned_numbers (id),
    menu            jsonb       NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- A number's voicemail settings; a number without a row has the defaults. The greeting is
-- spoken text (with an optional voice and language) or an audio URL, never both.
CREATE TABLE voicemail_settings (
    number_id         uuid        PRIMARY KEY REFERENCES owned_numbers (id),
    enabled           boolean     NOT NULL,
    greeting_say      text        CHECK (char_length(greeting_say) BETWEEN 1 AND 1000),
    greeting_voice    text        CHECK (char_length(greeting_voice) <= 64),
    greeting_language text        CHECK (char_length(greeting_language) <= 16),
    greeting_play     text        CHECK (char_length(greeting_play) <= 2048),
    max_length        smallint    NOT NULL CHECK (max_length BETWEEN 1 AND 600),
    updated_at        timestamptz NOT NULL,
    CONSTRAINT voicemail_settings_one_greeting CHECK ((greeting_say IS NULL) <> (greeting_play IS NULL))
);
