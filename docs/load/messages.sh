#!/usr/bin/env bash
# HTTP load runs of the messaging webhooks with 1,000,000 messages stored: signed inbound
# messages to owned numbers (each stored once, answered with the number's auto-reply) and
# signed status callbacks of sent messages.
#
#   DATABASE_URL=postgres://... docs/load/messages.sh [duration=20s]
#
# Needs what docs/load/run.sh needs (wrk, psql, python3, a release build). The database
# `switchboard_load_messages` is created (and dropped first) on DATABASE_URL's server.
set -euo pipefail
cd "$(dirname "$0")"
DB_NAME=switchboard_load_messages
PORT=${LOAD_PORT:-18184}
. ./serve.sh

# 1,000 owned numbers of 1,000 users, each with an auto-reply; 1,000,000 messages of those
# users; 40,000 queued outbound messages the status callbacks move along.
echo "seeding: 1,000 owned numbers with auto-replies, 1,000,000 messages, 40,000 queued messages"
psql -q "$DB_URL" <<'SQL'
INSERT INTO owned_numbers (id, user_id, phone_number, state, twilio_sid, friendly_name, country, voice, sms, mms,
                           active, purchase_price, monthly_cost, price_unit, started_at, created_at)
  SELECT md5('n' || i)::uuid, 'user' || i, '+1628' || lpad(i::text, 7, '0'), 'held', 'PN' || md5(i::text),
         'number ' || i, 'US', true, true, true, true, 11500, 11500, 'USD', now(), now()
  FROM generate_series(1, 1000) i;
INSERT INTO auto_replies (number_id, enabled, body, updated_at)
  SELECT md5('n' || i)::uuid, true, 'Thanks! We will get back to you soon.', now() FROM generate_series(1, 1000) i;
INSERT INTO messages (id, message_sid, user_id, channel, direction, from_number, to_number, body, status,
                      number_id, created_at, updated_at)
  SELECT gen_random_uuid(), 'SM' || md5('seed' || i), 'user' || (i % 1000 + 1), 'sms',
         CASE WHEN i % 2 = 0 THEN 'inbound' ELSE 'outbound' END,
         '+1415' || lpad((i % 99991)::text, 7, '0'), '+1628' || lpad((i % 1000 + 1)::text, 7, '0'), 'hello',
         CASE WHEN i % 2 = 0 THEN 'received' ELSE 'delivered' END, md5('n' || (i % 1000 + 1))::uuid,
         now() - make_interval(secs => i), now() - make_interval(secs => i)
  FROM generate_series(1, 1000000) i;
INSERT INTO messages (id, message_sid, user_id, channel, direction, from_number, to_number, body, status,
                      number_id, created_at, updated_at)
  SELECT gen_random_uuid(), 'SM' || md5('queued' || i), 'user' || (i % 1000 + 1), 'sms', 'outbound',
         '+1628' || lpad((i % 1000 + 1)::text, 7, '0'), '+14155550123', 'hello', 'queued',
         md5('n' || (i % 1000 + 1))::uuid, now(), now()
  FROM generate_series(1, 40000) i;
-- Each log row has its key (id, SID, month) in message_keys, as the stores write them.
INSERT INTO message_keys (id, message_sid, created_at) SELECT id, message_sid, created_at FROM messages;
VACUUM ANALYZE;
-- The seeding's WAL is checkpointed now, not during the measured run.
CHECKPOINT;
SQL

python3 - "$PUBLIC" "$TOKEN_AUTH" "$WORK" <<'PY'
import base64, hashlib, hmac, sys, urllib.parse
public, token, work = sys.argv[1:]
def sign(url, params):
    msg = url + "".join(k + v for k, v in sorted(params.items()))
    return base64.b64encode(hmac.new(token.encode(), msg.encode(), hashlib.sha1).digest()).decode()
common = {"AccountSid": "AC" + "0" * 32, "ApiVersion": "2010-04-01"}
with open(f"{work}/inbound.txt", "w") as out:
    url = public + "/webhooks/twilio/messages"
    for i in range(200000):
        p = dict(common, MessageSid="SM" + hashlib.md5(f"in{i}".encode()).hexdigest(), From="+14155550100",
                 To="+1628%07d" % (i % 1000 + 1), Body="Hello, is this the front desk?", NumMedia="0")
        out.write(sign(url, p) + " " + urllib.parse.urlencode(p) + "\n")
with open(f"{work}/status.txt", "w") as out:
    url = public + "/webhooks/twilio/messages/status"
    for status in ["sent", "delivered"]:
        for i in range(1, 40001):
            p = dict(common, MessageSid="SM" + hashlib.md5(f"queued{i}".encode()).hexdigest(), MessageStatus=status,
                     From="+1628%07d" % (i % 1000 + 1), To="+14155550123")
            out.write(sign(url, p) + " " + urllib.parse.urlencode(p) + "\n")
PY
signed_lua inbound
signed_lua status
FIRST=$(head -1 "$WORK/inbound.txt")
curl -sf -X POST "http://127.0.0.1:$PORT/webhooks/twilio/messages" -H "X-Twilio-Signature: ${FIRST%% *}" --data "${FIRST#* }" | grep -q '<Message>' \
  || { echo "the inbound message webhook did not answer the auto-reply"; cat "$WORK/serve.log"; exit 1; }

echo; echo "== inbound message webhook, 1,040,000 messages stored: wrk -t1 -c16 -d$DURATION --latency"
wrk -t1 -c16 -d"$DURATION" --latency -s "$WORK/inbound.lua" "http://127.0.0.1:$PORT/webhooks/twilio/messages"
psql -qtA "$DB_URL" -c "SELECT 'inbound messages stored during the run (each request stores one): ' || count(*) FROM messages WHERE body = 'Hello, is this the front desk?'"

echo; echo "== message status callbacks: wrk -t1 -c16 -d$DURATION --latency"
wrk -t1 -c16 -d"$DURATION" --latency -s "$WORK/status.lua" "http://127.0.0.1:$PORT/webhooks/twilio/messages/status"
psql -qtA "$DB_URL" -c "SELECT 'queued messages by status after the run: ' || string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM messages WHERE to_number = '+14155550123' GROUP BY status ORDER BY status) s"

echo; echo "server peak RSS: $(grep VmHWM /proc/$SERVER/status | awk '{print $2, $3}')"
