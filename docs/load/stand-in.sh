# Sourced by the load scripts: starts `switchboard twilio-sim` on a free port and exports
# the TWILIO_* variables that point the server at it as at a real account (the embedded
# stand-in refuses a database of seeded numbers that are not in the fictional 555-01xx
# range). Needs BIN, TOKEN_AUTH and WORK; sets SIM to the stand-in's pid.
"$BIN" twilio-sim --port 0 --auth-token "$TOKEN_AUTH" >"$WORK/sim.env" 2>"$WORK/sim.log" &
SIM=$!
for _ in $(seq 50); do grep -q '^export TWILIO_AUTH_TOKEN' "$WORK/sim.env" && break; sleep 0.2; done
grep -q '^export TWILIO_AUTH_TOKEN' "$WORK/sim.env" || { echo "the stand-in did not start:"; cat "$WORK/sim.log"; exit 1; }
eval "$(grep '^export TWILIO_' "$WORK/sim.env")"
