#!/usr/bin/env bash
# HTTP load runs of the voice webhook and of session creation, with wrk.
#
#   DATABASE_URL=postgres://... docs/load/run.sh [duration=20s]
#
# Needs: wrk (apt-get install wrk), psql (postgresql-client), python3, a release build
# (`cargo build --release -p switchboard`; set SWITCHBOARD_BIN to use another binary).
# DATABASE_URL must name a server where the script may create (and drop) the database
# `switchboard_load`; `cargo xtask pg` gives one. Prints requests/s, latency percentiles
# and the server's peak RSS.
set -euo pipefail
cd "$(dirname "$0")"
DURATION=${1:-20s}
BIN=${SWITCHBOARD_BIN:-../../target/release/switchboard}
PORT=${LOAD_PORT:-18181}
SECRET=load-test-secret-0123456789abcdef0123456789
TOKEN_AUTH=load-test-twilio-token
PUBLIC=https://public.example
ADMIN_URL=$DATABASE_URL
WORK=$(mktemp -d)
DB_URL=$(python3 -c "import sys,re; u=sys.argv[1]; b,_,q=u.partition('?'); print(re.sub(r'/[^/]*$','/switchboard_load',b) + ('?'+q if q else ''))" "$ADMIN_URL")

psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS switchboard_load WITH (FORCE)" -c "CREATE DATABASE switchboard_load"
DATABASE_URL=$DB_URL "$BIN" migrate >/dev/null

echo "seeding: 1,000 leased pool numbers with 100,000 sessions, 300,000 free numbers"
psql -q "$DB_URL" <<'SQL'
INSERT INTO pool_numbers (phone_number, leased_until, created_at)
  SELECT '+1555' || lpad(i::text, 7, '0'), now() + interval '1 day', now() FROM generate_series(1, 1000) i;
INSERT INTO voicemail_sessions (id, user_id, phone_number, greeting_url, created_at, expires_at)
  SELECT gen_random_uuid(), 'seed' || (i % 1000), '+1555' || lpad((i % 1000 + 1)::text, 7, '0'),
         'https://example.com/greeting.mp3?i=' || i, now() - make_interval(mins => i),
         CASE WHEN i <= 1000 THEN now() + interval '1 day' ELSE now() - make_interval(mins => i) + interval '30 minutes' END
  FROM generate_series(1, 100000) i;
INSERT INTO pool_numbers (phone_number, created_at)
  SELECT '+1666' || lpad(i::text, 7, '0'), now() FROM generate_series(1, 300000) i;
ANALYZE;
SQL

export DATABASE_URL=$DB_URL PUBLIC_BASE_URL=$PUBLIC AUTH_JWT_SECRET=$SECRET
export BIND_ADDR=127.0.0.1:$PORT SESSION_RATE_LIMIT_PER_MINUTE=100000000 RUST_LOG=warn DATABASE_MAX_CONNECTIONS=16
. ./stand-in.sh
"$BIN" serve >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER $SIM 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "the server did not start:"; cat "$WORK/serve.log"; exit 1; }

# The webhook: a signed inbound call to a leased number (the greeting plays).
BODY='AccountSid=AC00000000000000000000000000000000&ApiVersion=2010-04-01&CallSid=CA00000000000000000000000000000000&CallStatus=ringing&Called=%2B15550000042&Caller=%2B14155550100&Direction=inbound&From=%2B14155550100&To=%2B15550000042'
SIG=$(python3 sign-webhook.py "$PUBLIC/webhooks/twilio/voice" "$BODY" "$TOKEN_AUTH")
curl -sf -X POST "http://127.0.0.1:$PORT/webhooks/twilio/voice" -H "X-Twilio-Signature: $SIG" --data "$BODY" | grep -q '<Play>' \
  || { echo "the signed webhook did not play a greeting"; exit 1; }
cat > /tmp/switchboard-webhook.lua <<LUA
wrk.method = "POST"
wrk.body = "$BODY"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Twilio-Signature"] = "$SIG"
LUA
echo; echo "== voice webhook: wrk -t2 -c16 -d$DURATION --latency"
wrk -t2 -c16 -d"$DURATION" --latency -s /tmp/switchboard-webhook.lua "http://127.0.0.1:$PORT/webhooks/twilio/voice"

# Session creation: 64 users, round robin (one user's rate-limit row is one lock).
{
  echo 'local tokens = {'
  for i in $(seq 64); do echo "\"$("$BIN" token --user "load$i" --ttl 1h)\","; done
  echo '}'
  cat <<'LUA'
local n = 0
wrk.method = "POST"
wrk.body = '{"greetingUrl": "https://example.com/greeting.mp3", "expiresInMinutes": 30}'
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  wrk.headers["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1]
  return wrk.format()
end
LUA
} > /tmp/switchboard-create.lua
echo; echo "== session creation: wrk -t2 -c16 -d$DURATION --latency"
wrk -t2 -c16 -d"$DURATION" --latency -s /tmp/switchboard-create.lua "http://127.0.0.1:$PORT/v1/voicemail-sessions"
CREATED=$(psql -qtA "$DB_URL" -c "SELECT count(*) FROM voicemail_sessions WHERE user_id LIKE 'load%'")
echo "sessions created during the run: $CREATED (every 2xx creates one; compare with the request count above)"

echo; echo "server peak RSS: $(grep VmHWM /proc/$SERVER/status | awk '{print $2, $3}')"
