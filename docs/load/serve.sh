# Sourced by the load scripts after they set DB_NAME and PORT: creates (and first drops) the
# database DB_NAME on DATABASE_URL's server, migrates it, starts `switchboard twilio-sim`
# (stand-in.sh) and the release binary against it, and waits until it is ready. Sets BIN,
# DURATION, SECRET, TOKEN_AUTH, PUBLIC, DB_URL, WORK and SERVER; defines signed_lua.
DURATION=${1:-20s}
BIN=${SWITCHBOARD_BIN:-../../target/release/switchboard}
SECRET=load-test-secret-0123456789abcdef0123456789
TOKEN_AUTH=load-test-twilio-token
PUBLIC=https://public.example
ADMIN_URL=$DATABASE_URL
DB_URL=$(python3 -c "import sys,re; u,name=sys.argv[1:]; b,_,q=u.partition('?'); print(re.sub(r'/[^/]*$','/'+name,b) + ('?'+q if q else ''))" "$ADMIN_URL" "$DB_NAME")
WORK=$(mktemp -d)

psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME"
DATABASE_URL=$DB_URL "$BIN" migrate >/dev/null

export DATABASE_URL=$DB_URL PUBLIC_BASE_URL=$PUBLIC AUTH_JWT_SECRET=$SECRET
export BIND_ADDR=127.0.0.1:$PORT RUST_LOG=error DATABASE_MAX_CONNECTIONS=${DATABASE_MAX_CONNECTIONS:-16}
. ./stand-in.sh
"$BIN" serve >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER $SIM 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "the server did not start:"; cat "$WORK/serve.log"; exit 1; }
# The start reconciles the database with the (stand-in) account, which would mark seeded
# owned numbers released: the scripts seed after it.
sleep 3

# signed_lua NAME: writes $WORK/NAME.lua, a wrk script that posts, in order and round
# robin, the signed form bodies of $WORK/NAME.txt (lines "SIGNATURE BODY").
signed_lua() {
  cat > "$WORK/$1.lua" <<LUA
local sigs, bodies = {}, {}
for line in io.lines("$WORK/$1.txt") do
  local sig, body = line:match("^(%S+) (.*)$")
  sigs[#sigs + 1] = sig; bodies[#bodies + 1] = body
end
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  n = n % #bodies + 1
  wrk.headers["X-Twilio-Signature"] = sigs[n]
  return wrk.format(nil, nil, nil, bodies[n])
end
LUA
}
