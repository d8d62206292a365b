-- Numbers users own, and purchases of them in flight.
--
-- A row goes pending -> held -> released, or pending -> deleted when the provider refused
-- the purchase. A pending row is written before Twilio is asked, so a crash in between
-- leaves a trace that reconciliation completes or abandons. Released rows stay as history.
-- Twilio's side of a number (its sid, its name, its capabilities, when it was bought) is
-- known only once the purchase completes; the CHECK below ties each state to the columns
-- that must or must not be set in it.
--
-- Money is exact: BIGINT ten-thousandths of price_unit (1.15 USD is 11500), NULL when the
-- price is unknown. Never float or numeric with rounding.

CREATE TABLE owned_numbers (
    id                      uuid        PRIMARY KEY,
    user_id                 text        NOT NULL CHECK (char_length(user_id) BETWEEN 1 AND 128),
    phone_number            text        NOT NULL CHECK (phone_number ~ '^\+[1-9][0-9]{1,14}$'),
    state                   text        NOT NULL CHECK (state IN ('pending', 'held', 'released')),
    twilio_sid              text        UNIQUE CHECK (twilio_sid ~ '^PN[0-9a-fA-F]{32}$'),
    friendly_name           text        CHECK (char_length(friendly_name) <= 256),
    requested_friendly_name text        CHECK (char_length(requested_friendly_name) BETWEEN 1 AND 64),
    country                 text        NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    region                  text,
    locality                text,
    voice                   boolean     NOT NULL,
    sms                     boolean     NOT NULL,
    mms                     boolean     NOT NULL,
    active                  boolean     NOT NULL DEFAULT true,
    purchase_price          bigint,
    monthly_cost            bigint,
    price_unit              text        NOT NULL CHECK (price_unit ~ '^[A-Z]{3}$'),
    started_at              timestamptz NOT NULL,
    created_at              timestamptz,
    released_at             timestamptz,
    CONSTRAINT owned_numbers_state_columns CHECK (
        CASE state
            WHEN 'pending' THEN twilio_sid IS NULL AND friendly_name IS NULL
                            AND created_at IS NULL AND released_at IS NULL
            WHEN 'held' THEN twilio_sid IS NOT NULL AND friendly_name IS NOT NULL
                            AND created_at IS NOT NULL AND released_at IS NULL
            WHEN 'released' THEN twilio_sid IS NOT NULL AND friendly_name IS NOT NULL
                            AND created_at IS NOT NULL AND released_at IS NOT NULL
            ELSE false
        END
    )
);

-- One number is never held or being bought twice. Released rows are history and may
-- repeat. Also serves held_number (the held row of a phone number).
CREATE UNIQUE INDEX owned_numbers_one_holder ON owned_numbers (phone_number)
    WHERE state IN ('pending', 'held');
-- A user's numbers, newest first, with a (created_at, id) cursor; also narrows a user's
-- totals to their rows. Pending rows (created_at NULL) sort first and are filtered out.
-- There is deliberately no global (created_at, id) index: the planner, assuming users'
-- numbers spread evenly over time, would page a user whose numbers are old through it,
-- filtering everyone else's rows. Listing everyone's numbers (admins only) scans.
CREATE INDEX owned_numbers_by_user ON owned_numbers (user_id, created_at DESC, id DESC);
-- Pending purchases, oldest first (reconciliation); small, as rows leave it within seconds.
CREATE INDEX owned_numbers_pending ON owned_numbers (started_at, id) WHERE state = 'pending';
