-- Number usage (calls, billed minutes, messages) is counted from the logs per number:
-- these indexes hold each number's accepted calls (with their duration) and messages.

CREATE INDEX calls_by_number ON calls (number_id) INCLUDE (duration)
    WHERE number_id IS NOT NULL AND call_sid IS NOT NULL;
CREATE INDEX messages_by_number ON messages (number_id)
    WHERE number_id IS NOT NULL AND message_sid IS NOT NULL;
