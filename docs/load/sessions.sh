#!/usr/bin/env bash
# Session creation at the database's limit, side by side with pgbench running the same
# lease statement on the same cluster, at a fresh pool and at 90% leased; then the signed
# pool-number webhook at 1,000 and at 1,000,000 sessions. One run, one machine.
#
#   DATABASE_URL=postgres://... docs/load/sessions.sh [duration=15s] [--profile]
#
# The server's pool has DATABASE_MAX_CONNECTIONS connections (default 16); wrk and pgbench
# always use 16 clients.
#
# Needs what docs/load/run.sh needs (wrk, psql, pgbench, python3, a release build). The
# database `switchboard_load_sessions` is created (and dropped first) on DATABASE_URL's
# server. With --profile, `perf record` samples the server during the fresh-pool creates
# and the CPU time of the server and of PostgreSQL per create is printed.
set -euo pipefail
cd "$(dirname "$0")"
DB_NAME=switchboard_load_sessions
PORT=${LOAD_PORT:-18186}
PROFILE=false
[ "${2:-}" = "--profile" ] && PROFILE=true
export SESSION_RATE_LIMIT_PER_MINUTE=100000000
. ./serve.sh
# Large enough that at 90% leased the free tenth outlasts the fastest run (pgbench's lease
# statement at about 20,000/s for 15 s takes 300,000 numbers).
POOL=3000000

echo "seeding: $POOL pool numbers"
psql -q "$DB_URL" -c "INSERT INTO pool_numbers (phone_number, created_at)
  SELECT '+1666' || lpad(i::text, 7, '0'), now() FROM generate_series(1, $POOL) i" -c "ANALYZE"

# pool_state FRACTION: no sessions, and FRACTION of the numbers leased for a day. Only the
# rows the last run leased, or that change block, are written.
pool_state() {
  local cutoff="+1666$(printf '%07d' "$(python3 -c "print(int($POOL * $1))")")"
  psql -q "$DB_URL" <<SQL
TRUNCATE voicemail_sessions;
DELETE FROM rate_limits;
UPDATE pool_numbers SET leased_until = '-infinity', lease_session_id = NULL
  WHERE lease_session_id IS NOT NULL AND phone_number > '$cutoff';
UPDATE pool_numbers SET leased_until = now() + interval '1 day', lease_session_id = gen_random_uuid()
  WHERE phone_number <= '$cutoff' AND leased_until < now() + interval '12 hours';
VACUUM ANALYZE pool_numbers;
CHECKPOINT;
SQL
}
free_numbers() { psql -qtA "$DB_URL" -c "SELECT count(*) FROM pool_numbers WHERE leased_until <= now()"; }

# The statement the server runs for a create (crates/postgres/src/session_store.rs,
# LEASE_AND_RECORD_SQL), with the session id and the times computed in SQL instead of bound.
cat > "$WORK/lease.sql" <<'SQL'
\set user random(1, 64)
WITH s AS (SELECT gen_random_uuid() AS id, now() AS t), leased AS (UPDATE pool_numbers SET leased_until = (SELECT t FROM s) + interval '30 minutes', lease_session_id = (SELECT id FROM s) WHERE phone_number = (SELECT phone_number FROM pool_numbers WHERE leased_until <= (SELECT t FROM s) ORDER BY leased_until LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING phone_number) INSERT INTO voicemail_sessions (id, user_id, phone_number, greeting_url, created_at, expires_at) SELECT (SELECT id FROM s), 'bench' || :user, phone_number, 'https://example.com/greeting.mp3', (SELECT t FROM s), (SELECT t FROM s) + interval '30 minutes' FROM leased RETURNING phone_number;
SQL

# The whole statement a create runs now (LimitedLeaseStatement: the rate-limit event, then the
# lease), for the second reference figure.
cat > "$WORK/create.sql" <<'SQL'
\set user random(1, 64)
WITH p AS (SELECT now() AS now, now() + interval '30 minutes' AS until, gen_random_uuid() AS id, 'bench' || :user AS user_id, 'https://example.com/greeting.mp3' AS greeting_url, 'bench:' || :user AS key, 600 * interval '1 microsecond' AS emission, interval '1 minute' AS period), allowed AS (INSERT INTO rate_limits AS r (key, tat) SELECT key, now + emission FROM p ON CONFLICT (key) DO UPDATE SET tat = GREATEST(r.tat, (SELECT now FROM p)) + (SELECT emission FROM p) WHERE GREATEST(r.tat, (SELECT now FROM p)) + (SELECT emission - period FROM p) <= (SELECT now FROM p) RETURNING 1), leased AS (UPDATE pool_numbers SET leased_until = (SELECT until FROM p), lease_session_id = (SELECT id FROM p) WHERE EXISTS (SELECT 1 FROM allowed) AND phone_number = (SELECT phone_number FROM pool_numbers WHERE leased_until <= (SELECT now FROM p) ORDER BY leased_until LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING phone_number), recorded AS (INSERT INTO voicemail_sessions (id, user_id, phone_number, greeting_url, created_at, expires_at) SELECT p.id, p.user_id, leased.phone_number, p.greeting_url, p.now, p.until FROM leased, p RETURNING phone_number) SELECT (SELECT phone_number FROM recorded) AS phone_number, EXISTS (SELECT 1 FROM allowed) AS allowed, (SELECT tat FROM rate_limits WHERE key = (SELECT key FROM p)) AS stored_tat;
SQL

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
} > "$WORK/create.lua"

server_cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
postgres_cpu() { for p in $(pgrep -x postgres); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || true; done | awk '{s += $1} END {print s}'; }

# pgbench_run SCRIPT: pgbench at 16 clients, with its p99 from the per-transaction log.
pgbench_run() {
  rm -f "$WORK"/pgb.*
  (cd "$WORK" && pgbench -n -M prepared -c16 -j2 -T"${DURATION%s}" -l --log-prefix=pgb -f "$1" "$DB_URL") \
    | grep -E "tps|latency average|failed"
  echo "free numbers left: $(free_numbers)"
  cat "$WORK"/pgb.* | awk '{print $3}' | sort -n | awk '{a[NR] = $1} END {printf "pgbench p99 = %.2f ms\n", a[int(NR * 0.99)] / 1000}'
}

compare() {
  local label=$1 fraction=$2
  pool_state "$fraction"
  echo; echo "== $label: pgbench -M prepared -c16 -j2 -T${DURATION%s} (the lease statement)"
  pgbench_run "$WORK/lease.sql"
  pool_state "$fraction"
  echo; echo "== $label: pgbench -M prepared -c16 -j2 -T${DURATION%s} (a create's whole statement: rate limit and lease)"
  pgbench_run "$WORK/create.sql"
  pool_state "$fraction"
  echo; echo "== $label: POST /v1/voicemail-sessions, wrk -t2 -c16 -d$DURATION --latency (pool of $DATABASE_MAX_CONNECTIONS)"
  local s0 p0 perf=""
  s0=$(server_cpu); p0=$(postgres_cpu)
  if $PROFILE && [ "$label" = "fresh pool" ]; then
    perf record -q -F 499 -g -p "$SERVER" -o "$WORK/perf.data" -- sleep "${DURATION%s}" 2>/dev/null &
    perf=$!
  fi
  wrk -t2 -c16 -d"$DURATION" --latency -s "$WORK/create.lua" "http://127.0.0.1:$PORT/v1/voicemail-sessions" \
    | grep -E "Requests/sec|Non-2xx|50%|99%|requests in"
  [ -z "$perf" ] || wait "$perf"
  local created
  created=$(psql -qtA "$DB_URL" -c "SELECT count(*) FROM voicemail_sessions WHERE user_id LIKE 'load%'")
  echo "free numbers left: $(free_numbers)"
  echo "sessions created: $created; CPU per create: server $(( ($(server_cpu) - s0) * 10000 / created )) us, PostgreSQL $(( ($(postgres_cpu) - p0) * 10000 / created )) us"
}

compare "fresh pool" 0
compare "90% leased" 0.9
if $PROFILE; then
  echo; echo "== where the server's time went (perf, fresh-pool creates, self time by shared object)"
  perf report -q -i "$WORK/perf.data" -g none --no-children --percent-limit 1 --sort dso 2>/dev/null | head -12
  echo; echo "== the server's hottest functions (self time)"
  perf report -q -i "$WORK/perf.data" -g none --no-children --percent-limit 1 --sort symbol 2>/dev/null | head -30
fi

# The webhook: a signed inbound call to a leased number, at 1,000 sessions then 1,000,000.
webhook() {
  local label=$1
  BODY='AccountSid=AC00000000000000000000000000000000&ApiVersion=2010-04-01&CallSid=CA00000000000000000000000000000000&CallStatus=ringing&Called=%2B16660000042&Caller=%2B14155550100&Direction=inbound&From=%2B14155550100&To=%2B16660000042'
  SIG=$(python3 sign-webhook.py "$PUBLIC/webhooks/twilio/voice" "$BODY" "$TOKEN_AUTH")
  echo "$SIG $BODY" > "$WORK/webhook.txt"
  signed_lua webhook
  curl -sf -X POST "http://127.0.0.1:$PORT/webhooks/twilio/voice" -H "X-Twilio-Signature: $SIG" --data "$BODY" | grep -q '<Play>' \
    || { echo "the signed webhook did not play a greeting"; exit 1; }
  echo; echo "== voice webhook at $label: wrk -t2 -c16 -d$DURATION --latency"
  wrk -t2 -c16 -d"$DURATION" --latency -s "$WORK/webhook.lua" "http://127.0.0.1:$PORT/webhooks/twilio/voice" \
    | grep -E "Requests/sec|Non-2xx|50%|99%"
}
sessions() {
  psql -q "$DB_URL" <<SQL
TRUNCATE voicemail_sessions;
UPDATE pool_numbers SET leased_until = '-infinity', lease_session_id = NULL;
UPDATE pool_numbers SET leased_until = now() + interval '1 day' WHERE phone_number <= '+16660001000';
INSERT INTO voicemail_sessions (id, user_id, phone_number, greeting_url, created_at, expires_at)
  SELECT gen_random_uuid(), 'seed' || (i % 1000), '+1666' || lpad((i % 1000 + 1)::text, 7, '0'),
         'https://example.com/greeting.mp3?i=' || i, now() - make_interval(secs => i),
         CASE WHEN i <= 1000 THEN now() + interval '1 day' ELSE now() - make_interval(secs => i) + interval '1 second' END
  FROM generate_series(1, $1) i;
VACUUM ANALYZE voicemail_sessions;
CHECKPOINT;
SQL
}
sessions 1000
webhook "1,000 sessions"
echo "seeding 1,000,000 sessions"
sessions 1000000
webhook "1,000,000 sessions"

echo; echo "server peak RSS: $(grep VmHWM /proc/$SERVER/status | awk '{print $2, $3}')"
