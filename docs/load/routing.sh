#!/usr/bin/env bash
# HTTP load run of the inbound voice webhook for owned numbers (with forwarding rules and
# an IVR menu), beside the pool-number webhook, with 100,000 owned numbers and 1,000,000
# calls stored.
#
#   DATABASE_URL=postgres://... docs/load/routing.sh [duration=20s]
#
# Needs what docs/load/run.sh needs (wrk, psql, python3, a release build). The database
# `switchboard_load_routing` is created (and dropped first) on DATABASE_URL's server.
set -euo pipefail
cd "$(dirname "$0")"
DB_NAME=switchboard_load_routing
PORT=${LOAD_PORT:-18183}
. ./serve.sh

# 100,000 owned numbers of 20,000 users; the first 1,000 have a no-answer and a busy rule
# and a two-level menu; 1,000,000 calls of those users; 1,000 leased pool numbers.
echo "seeding: 100,000 owned numbers, 1,000 with rules and a menu, 1,000,000 calls, 1,000 pool numbers"
psql -q "$DB_URL" <<'SQL'
INSERT INTO owned_numbers (id, user_id, phone_number, state, twilio_sid, friendly_name, country, voice, sms, mms,
                           active, purchase_price, monthly_cost, price_unit, started_at, created_at)
  SELECT md5('n' || i)::uuid, 'user' || (i % 20000), '+1628' || lpad(i::text, 7, '0'), 'held', 'PN' || md5(i::text),
         'number ' || i, 'US', true, true, false, true, 11500, 11500, 'USD', now(), now()
  FROM generate_series(1, 100000) i;
INSERT INTO forwarding_rules (id, number_id, forward_to, kind, ring_timeout, enabled, created_at, updated_at)
  SELECT gen_random_uuid(), md5('n' || i)::uuid, '+14155550123', k, 15, true, now(), now()
  FROM generate_series(1, 1000) i, unnest(ARRAY['busy', 'no-answer']) k;
INSERT INTO ivr_menus (number_id, menu, updated_at)
  SELECT md5('n' || i)::uuid, '{"prompt": {"say": "Thanks for calling. Press 1 for sales, 2 for support, 3 for billing."},
    "input": "dtmf speech", "options": [
      {"digits": "1", "speech": "sales", "action": {"type": "forward", "to": "+14155550123"}},
      {"digits": "2", "action": {"type": "client"}},
      {"digits": "3", "action": {"type": "menu", "menu": {"prompt": {"say": "Press 1 for invoices."},
        "options": [{"digits": "1", "action": {"type": "voicemail"}}]}}}]}', now()
  FROM generate_series(1, 1000) i;
INSERT INTO calls (id, call_sid, user_id, direction, from_number, to_number, number_id, status,
                   started_at, ended_at, duration, recorded, created_at, updated_at)
  SELECT gen_random_uuid(), 'CA' || md5('seed' || i), 'user' || (i % 20000), 'inbound',
         '+1415' || lpad((i % 9999991)::text, 7, '0'), '+1628' || lpad((i % 100000 + 1)::text, 7, '0'),
         md5('n' || (i % 100000 + 1))::uuid, 'completed', now() - make_interval(secs => i),
         now() - make_interval(secs => i) + interval '1 minute', 60, false,
         now() - make_interval(secs => i), now() - make_interval(secs => i)
  FROM generate_series(1, 1000000) i;
INSERT INTO pool_numbers (phone_number, leased_until, created_at)
  SELECT '+1555' || lpad(i::text, 7, '0'), now() + interval '1 day', now() FROM generate_series(1, 1000) i;
INSERT INTO voicemail_sessions (id, user_id, phone_number, greeting_url, created_at, expires_at)
  SELECT gen_random_uuid(), 'seed' || i, '+1555' || lpad(i::text, 7, '0'),
         'https://example.com/greeting.mp3?i=' || i, now(), now() + interval '1 day'
  FROM generate_series(1, 1000) i;
-- Each log row has its key (id, SID, month) in call_keys, as the stores write them.
INSERT INTO call_keys (id, call_sid, created_at) SELECT id, call_sid, created_at FROM calls;
VACUUM ANALYZE;
-- The seeding's WAL is checkpointed now, not during the measured run.
CHECKPOINT;
SQL

# Signed inbound calls to the 1,000 numbers with menus, each with its own CallSid (each is
# logged once, as Twilio's retries would not be).
python3 - "$PUBLIC/webhooks/twilio/voice" "$TOKEN_AUTH" > "$WORK/voice.txt" <<'PY'
import base64, hashlib, hmac, sys, urllib.parse
url, token = sys.argv[1:]
for i in range(200000):
    params = {"AccountSid": "AC" + "0" * 32, "ApiVersion": "2010-04-01",
              "CallSid": "CA" + hashlib.md5(f"load{i}".encode()).hexdigest(), "CallStatus": "ringing",
              "Direction": "inbound", "From": "+14155550100", "To": "+1628%07d" % (i % 1000 + 1)}
    body = urllib.parse.urlencode(params)
    msg = url + "".join(k + v for k, v in sorted(params.items()))
    print(base64.b64encode(hmac.new(token.encode(), msg.encode(), hashlib.sha1).digest()).decode() + " " + body)
PY
signed_lua voice
FIRST=$(head -1 "$WORK/voice.txt")
curl -sf -X POST "http://127.0.0.1:$PORT/webhooks/twilio/voice" -H "X-Twilio-Signature: ${FIRST%% *}" --data "${FIRST#* }" | grep -q '<Gather' \
  || { echo "the owned number's webhook did not answer its menu"; cat "$WORK/serve.log"; exit 1; }
echo; echo "== voice webhook, owned number with rules and a menu: wrk -t1 -c16 -d$DURATION --latency"
wrk -t1 -c16 -d"$DURATION" --latency -s "$WORK/voice.lua" "http://127.0.0.1:$PORT/webhooks/twilio/voice"
psql -qtA "$DB_URL" -c "SELECT 'inbound calls logged during the run (each request logs one): ' || count(*) FROM calls WHERE status = 'ringing'"

BODY='AccountSid=AC00000000000000000000000000000000&ApiVersion=2010-04-01&CallSid=CA00000000000000000000000000000000&CallStatus=ringing&Called=%2B15550000042&Caller=%2B14155550100&Direction=inbound&From=%2B14155550100&To=%2B15550000042'
SIG=$(python3 sign-webhook.py "$PUBLIC/webhooks/twilio/voice" "$BODY" "$TOKEN_AUTH")
cat > "$WORK/pool.lua" <<LUA
wrk.method = "POST"
wrk.body = "$BODY"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Twilio-Signature"] = "$SIG"
LUA
echo; echo "== voice webhook, pool number: wrk -t1 -c16 -d$DURATION --latency"
wrk -t1 -c16 -d"$DURATION" --latency -s "$WORK/pool.lua" "http://127.0.0.1:$PORT/webhooks/twilio/voice"

echo; echo "server peak RSS: $(grep VmHWM /proc/$SERVER/status | awk '{print $2, $3}')"
