#!/usr/bin/env bash
# HTTP load runs of the call log at 1,000,000 calls, with wrk: signed status callbacks,
# the caller's listing (`GET /v1/calls`, plain and `status=active`) and stats, and the
# pool-number voice webhook beside them.
#
#   DATABASE_URL=postgres://... docs/load/calls.sh [duration=20s]
#
# Needs what docs/load/run.sh needs (wrk, psql, python3, a release build). The database
# `switchboard_load_calls` is created (and dropped first) on DATABASE_URL's server.
set -euo pipefail
cd "$(dirname "$0")"
DB_NAME=switchboard_load_calls
PORT=${LOAD_PORT:-18182}
. ./serve.sh

# 1,000,000 ended calls of 1,000 users over the last ~11 days, 1% of them still ringing;
# 20,000 queued calls of 64 other users that the callback load moves along; 1,000 leased
# pool numbers for the voice webhook.
echo "seeding: 1,000,000 calls of 1,000 users, 20,000 queued calls, 1,000 leased pool numbers"
psql -q "$DB_URL" <<'SQL'
INSERT INTO calls (id, call_sid, user_id, direction, from_number, to_number, status,
                   started_at, ended_at, duration, recorded, created_at, updated_at)
  SELECT gen_random_uuid(), 'CA' || md5('seed' || i), 'seed' || (i % 1000),
         CASE WHEN i % 3 = 0 THEN 'inbound' ELSE 'outbound-api' END,
         '+1555' || lpad((i % 1000)::text, 7, '0'), '+1415' || lpad((i % 9999991)::text, 7, '0'),
         CASE WHEN i % 100 = 0 THEN 'ringing' WHEN i % 7 = 0 THEN 'no-answer' ELSE 'completed' END,
         now() - make_interval(secs => i), now() - make_interval(secs => i) + interval '1 minute',
         CASE WHEN i % 100 = 0 THEN NULL ELSE i % 600 END, false,
         now() - make_interval(secs => i), now() - make_interval(secs => i)
  FROM generate_series(1, 1000000) i;
INSERT INTO calls (id, call_sid, user_id, direction, from_number, to_number, status,
                   recorded, created_at, updated_at)
  SELECT gen_random_uuid(), 'CA' || md5('load' || i), 'load' || (i % 64), 'outbound-api',
         '+15550000001', '+14155550100', 'queued', false, now(), now()
  FROM generate_series(1, 20000) i;
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

# Status callbacks, signed, in the order Twilio sends them: each queued call goes
# initiated, ringing, in-progress, completed (80,000 distinct callbacks, more than a run
# sends, so every one is applied, none a duplicate).
python3 - "$PUBLIC/webhooks/twilio/voice/status" "$TOKEN_AUTH" > "$WORK/status.txt" <<'PY'
import base64, hashlib, hmac, sys, urllib.parse
url, token = sys.argv[1:]
steps = [("initiated", None), ("ringing", None), ("in-progress", None), ("completed", "42")]
for step, (status, duration) in enumerate(steps):
    for i in range(1, 20001):
        sid = "CA" + hashlib.md5(f"load{i}".encode()).hexdigest()
        params = {"AccountSid": "AC" + "0" * 32, "ApiVersion": "2010-04-01", "CallSid": sid,
                  "CallStatus": status, "CallbackSource": "call-progress-events",
                  "Direction": "outbound-api", "From": "+15550000001", "To": "+14155550100",
                  "SequenceNumber": str(step), "Timestamp": "Thu, 03 Dec 2026 10:00:0%d +0000" % step}
        if duration:
            params["CallDuration"] = duration
        body = urllib.parse.urlencode(params)
        msg = url + "".join(k + v for k, v in sorted(params.items()))
        sig = base64.b64encode(hmac.new(token.encode(), msg.encode(), hashlib.sha1).digest()).decode()
        print(sig + " " + body)
PY
signed_lua status
echo; echo "== status callbacks, 1,020,000 calls stored: wrk -t1 -c16 -d$DURATION --latency"
# One wrk thread, so that the callbacks go out in the order above.
wrk -t1 -c16 -d"$DURATION" --latency -s "$WORK/status.lua" "http://127.0.0.1:$PORT/webhooks/twilio/voice/status"
psql -qtA "$DB_URL" -c "SELECT 'load calls by status: ' || string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM calls WHERE user_id LIKE 'load%' GROUP BY status ORDER BY status) s"

# The listings and stats of 64 users with 1,000 calls each, round robin.
tokens() {
  echo 'local tokens = {'
  for i in $(seq 64); do echo "\"$("$BIN" token --user "seed$i" --ttl 1h)\","; done
  echo '}'
  cat <<'LUA'
local n = 0
request = function()
  n = n + 1
  wrk.headers["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1]
  return wrk.format()
end
LUA
}
tokens > "$WORK/get.lua"
for path in "/v1/calls" "/v1/calls?status=active" "/v1/calls?status=completed&direction=inbound" "/v1/calls/stats"; do
  echo; echo "== GET $path: wrk -t2 -c16 -d$DURATION --latency"
  wrk -t2 -c16 -d"$DURATION" --latency -s "$WORK/get.lua" "http://127.0.0.1:$PORT$path"
done

# The pool-number voice webhook in the same run (one indexed read).
BODY='AccountSid=AC00000000000000000000000000000000&ApiVersion=2010-04-01&CallSid=CA00000000000000000000000000000000&CallStatus=ringing&Called=%2B15550000042&Caller=%2B14155550100&Direction=inbound&From=%2B14155550100&To=%2B15550000042'
SIG=$(python3 sign-webhook.py "$PUBLIC/webhooks/twilio/voice" "$BODY" "$TOKEN_AUTH")
cat > "$WORK/voice.lua" <<LUA
wrk.method = "POST"
wrk.body = "$BODY"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Twilio-Signature"] = "$SIG"
LUA
echo; echo "== voice webhook (pool number): wrk -t2 -c16 -d$DURATION --latency"
wrk -t2 -c16 -d"$DURATION" --latency -s "$WORK/voice.lua" "http://127.0.0.1:$PORT/webhooks/twilio/voice"

echo; echo "server peak RSS: $(grep VmHWM /proc/$SERVER/status | awk '{print $2, $3}')"
