#!/bin/bash
# Instructions per request of one build, counted by valgrind (callgrind): steady on a busy machine, where time is not.
# usage: bench/instructions.sh [built checkout, default .] [warm-up journeys, 60] [measured journeys, 200] [users, 10]
# Needs `npm run build && npx tsc -p tsconfig.bench.json` in that dir. The server (production, embedded store)
# runs under callgrind; 10 virtual users do the warm-up journeys, the counters are zeroed, they do the measured
# journeys, and the count is divided by their requests (7 per journey). Takes a few minutes.
set -euo pipefail
DIR=$(cd "${1:-.}" && pwd); WARM=${2:-60}; MEAS=${3:-200}; USERS=${4:-10}
PORT=$((20000 + RANDOM % 20000))
# The Procfile's node flags (heap limits), as the bench uses them; NODE_FLAGS=" " runs with Node's defaults.
NODE_FLAGS=${NODE_FLAGS:-$(sed -n 's|^web: *node \(.*\) dist/server.js *$|\1|p' "${1:-.}/Procfile")}
OUT=$(mktemp -d)
cd "$DIR"
env -i PATH="$PATH" NODE_ENV=production SESSION_SECRET=bench-secret-that-is-long-enough-0123456789abcdef PORT=$PORT \
  valgrind --tool=callgrind --callgrind-out-file="$OUT/cg.%p" node $NODE_FLAGS dist/server.js >/dev/null 2>"$OUT/valgrind.log" &
VPID=$!
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 1; done
drive() {
  node dist/.bench/bench/driver.js "{\"mode\":\"journey\",\"port\":$PORT,\"users\":$USERS,\"seconds\":100000,\"warmUpSeconds\":0,\"count\":0,\"serverPids\":[$VPID],\"journeyLimit\":$1}" |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const r=JSON.parse(s);console.error(`journeys ${r.journeys} errors ${r.errors} leaks ${r.leaks}`);if(r.errors||r.leaks||r.journeys!==Number(process.argv[1]))process.exit(1)})' "$1"
}
drive "$WARM"
callgrind_control -z $VPID >/dev/null
drive "$MEAS"
callgrind_control -d $VPID >/dev/null
kill $VPID; wait $VPID 2>/dev/null || true
TOTAL=$(grep -h '^totals:\|^summary:' "$OUT/cg.$VPID.1" | head -1 | awk '{print $2}')
echo "instructions per request: $((TOTAL / (MEAS * 7)))"
