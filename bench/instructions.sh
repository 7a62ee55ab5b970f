#!/bin/bash
# Instructions per request, counted by valgrind (callgrind): steady on a busy machine, where time is not.
# usage: bench/instructions.sh [built checkout, default .] [warm-up journeys, 40] [measured journeys, 120] [users, 1]
# Needs `npm run build && npx tsc -p tsconfig.bench.json` in that dir. The server (production, embedded store,
# the Procfile's node flags) runs under callgrind; the users do the warm-up journeys, the counters are zeroed,
# they do the measured journeys, and the count is divided by their requests (7 per journey). One user by
# default, so that how many requests share an event-loop turn cannot vary between runs.
#   FLOOR=express  counts the bare-Express floor instead (bench/floors/express.js, Node's default flags, as the
#                  timed floor runs): GET of a PAGE_BYTES page (default 3000), 7 pages per "journey".
#   NODE_FLAGS=" " runs the app with Node's defaults instead of the Procfile's flags.
#   KEEP=dir       keeps the callgrind output there (for callgrind_annotate).
# Prints "instructions per request: N" last. Takes a minute or two.
set -euo pipefail
DIR=$(cd "${1:-.}" && pwd); WARM=${2:-40}; MEAS=${3:-120}; USERS=${4:-1}
if ! command -v valgrind >/dev/null; then echo "valgrind not found: instruction count skipped" >&2; exit 3; fi
PORT=$((20000 + RANDOM % 20000))
OUT=${KEEP:-$(mktemp -d)}
mkdir -p "$OUT"
cd "$DIR"
ENV=(env -i PATH="$PATH" ${EXTRA_ENV:-} NODE_ENV=production SESSION_SECRET=bench-secret-that-is-long-enough-0123456789abcdef PORT=$PORT
  NEW_SESSIONS_PER_MINUTE=0)
if [ "${FLOOR:-}" = express ]; then
  SCRIPT=dist/.bench/bench/floors/express.js; FLAGS=${NODE_FLAGS:-}; MODE=page; UNIT=7; READY=/
  ENV+=(FLOOR_PAGE_BYTES="${PAGE_BYTES:-3000}")
else
  # The Procfile's node flags (heap limits), as the bench uses them.
  SCRIPT=dist/server.js; FLAGS=${NODE_FLAGS:-$(sed -n 's|^web: *node \(.*\) dist/server.js *$|\1|p' Procfile)}; MODE=journey; UNIT=1; READY=/healthz
fi
# shellcheck disable=SC2086 # FLAGS is a list of node flags
"${ENV[@]}" valgrind --tool=callgrind --callgrind-out-file="$OUT/cg.%p" node $FLAGS "$SCRIPT" >/dev/null 2>"$OUT/valgrind.log" &
VPID=$!
trap 'kill $VPID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT$READY" && break; sleep 1; done
drive() {
  local limit=$(($1 * UNIT))  # journeys, or for the floor pages (7 a journey)
  node dist/.bench/bench/driver.js "{\"mode\":\"$MODE\",\"port\":$PORT,\"users\":$USERS,\"seconds\":100000,\"warmUpSeconds\":0,\"count\":0,\"serverPids\":[$VPID],\"journeyLimit\":$limit}" |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const r=JSON.parse(s);console.error(`requests ${r.requests} journeys ${r.journeys} errors ${r.errors} leaks ${r.leaks}`);if(r.errors||r.leaks||r.requests!==Number(process.argv[1]))process.exit(1)})' "$(($1 * 7))"
}
drive "$WARM"
callgrind_control -z $VPID >/dev/null
drive "$MEAS"
callgrind_control -d $VPID >/dev/null
kill $VPID; wait $VPID 2>/dev/null || true
trap - EXIT
TOTAL=$(grep -h '^totals:\|^summary:' "$OUT/cg.$VPID.1" | head -1 | awk '{print $2}')
echo "instructions per request: $((TOTAL / (MEAS * 7)))"
