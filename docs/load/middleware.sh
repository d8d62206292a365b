#!/usr/bin/env bash
# What the observing middleware (request ids, the access log line, metrics) costs on the hot
# path: the signed voice webhook loaded with and without it, same build, same machine, one
# run, rounds interleaved so that drift on a shared machine hits both alike. With `edge` as
# the third argument, what the edge (docs/limits.md) costs instead: the observed application
# served through it and without it.
#
#   docs/load/middleware.sh [duration=10s] [rounds=3] [middleware|edge]
#
# Needs wrk (apt-get install wrk) and python3. Builds the release example
# `middleware_overhead` (crates/server/examples), which serves one in-memory state twice.
# Prints each round's requests/s and p99, then the medians and their ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10s}
ROUNDS=${2:-3}
MEASURED=${3:-middleware}
TOKEN=load-test-twilio-token
PUBLIC=https://public.example

cargo build --release -q -p switchboard --example middleware_overhead
out=$(mktemp)
RUST_LOG=warn TWILIO_AUTH_TOKEN=$TOKEN PUBLIC_BASE_URL=$PUBLIC \
  ./target/release/examples/middleware_overhead >"$out" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$out" /tmp/switchboard-mw.lua' EXIT
for _ in $(seq 100); do grep -q observed= "$out" && break; sleep 0.1; done
OBSERVED=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^observed=/) print substr($i, 10)}' "$out")
UNOBSERVED=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^unobserved=/) print substr($i, 12)}' "$out")
EDGE=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^edge=/) print substr($i, 6)}' "$out")
case $MEASURED in
  middleware) WITH=$OBSERVED WITHOUT=$UNOBSERVED ;;
  edge) WITH=$EDGE WITHOUT=$OBSERVED ;;
  *) echo "measure middleware or edge, not $MEASURED"; exit 2 ;;
esac

BODY='AccountSid=AC00000000000000000000000000000000&ApiVersion=2010-04-01&CallSid=CA00000000000000000000000000000000&CallStatus=ringing&Called=%2B15550000042&Caller=%2B14155550100&Direction=inbound&From=%2B14155550100&To=%2B15550000042'
SIG=$(python3 docs/load/sign-webhook.py "$PUBLIC/webhooks/twilio/voice" "$BODY" "$TOKEN")
for url in "$WITH" "$WITHOUT"; do
  curl -sf -X POST "$url/webhooks/twilio/voice" -H "X-Twilio-Signature: $SIG" --data "$BODY" | grep -q '<Play>' \
    || { echo "the signed webhook did not play a greeting at $url"; exit 1; }
done
cat > /tmp/switchboard-mw.lua <<LUA
wrk.method = "POST"
wrk.body = "$BODY"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Twilio-Signature"] = "$SIG"
LUA

results=$(mktemp)
for round in $(seq "$ROUNDS"); do
  for kind in with without; do
    url=$WITH; [ "$kind" = without ] && url=$WITHOUT
    report=$(wrk -t2 -c16 -d"$DURATION" --latency -s /tmp/switchboard-mw.lua "$url/webhooks/twilio/voice")
    rps=$(echo "$report" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$report" | awk '$1 == "99%" {print $2}')
    echo "round $round, $kind $MEASURED: $rps req/s, p99 $p99"
    echo "$kind $rps $p99" >>"$results"
  done
done
python3 - "$results" "$MEASURED" <<'PY'
import statistics, sys
def ms(v):
    for unit, f in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if v.endswith(unit) and (unit != "s" or not v.endswith(("us", "ms"))):
            return float(v[: -len(unit)]) * f
    return float(v)
rows = [line.split() for line in open(sys.argv[1])]
med = {k: (statistics.median(float(r[1]) for r in rows if r[0] == k),
           statistics.median(ms(r[2]) for r in rows if r[0] == k)) for k in ("with", "without")}
(rw, pw), (ro, po) = med["with"], med["without"]
print(f"median with {sys.argv[2]}: {rw:.0f} req/s, p99 {pw:.2f} ms")
print(f"median without: {ro:.0f} req/s, p99 {po:.2f} ms")
print(f"ratio with/without: {rw / ro:.3f} of the throughput, {pw / po:.2f}x the p99")
PY
rm -f "$results"
