#!/usr/bin/env bash
# Benchmark of registrard (issue 3): release build, 10,000 verified applicants with five filings
# each, then wrk on /healthz (the same-run baseline) and on the authenticated progress query
# rotating over all sessions, filings/s at 32 at a time, and logins/s against argon2id.
# Needs wrk (apt-get install wrk). Prints the figures; changes nothing outside a temporary directory.
#   APPLICANTS=10000 DURATION=10s scripts/bench-api.sh     (the defaults; CI runs APPLICANTS=200 DURATION=2s)
#   THREADS=8 scripts/bench-api.sh          registrard with 8 connection threads ([server] threads)
#   STORE=postgresql scripts/bench-api.sh   the same on the PostgreSQL store: a throwaway cluster of its own
#                                           (scripts/pg-test-cluster.sh, durable commits), one database
# To compare the stores, run it once with each STORE on the same machine, one after the other.
# Fails when what it measures fails: a response other than 2xx, a failed connection, a failed filing,
# a registrard that does not start.
set -euo pipefail
cd "$(dirname "$0")/.."
# CONFIGURATION=debug runs the debug build (CI: the figures do not matter there, that it runs does).
configuration=${CONFIGURATION:-release}
APPLICANTS=${APPLICANTS:-10000}
DURATION=${DURATION:-10s}
PORT=${PORT:-18181}
work=$(mktemp -d /tmp/registrar-bench.XXXXXX)
STORE=${STORE:-sqlite}
# THREADS=n sets registrard's [server] threads (connection threads; the configuration's value otherwise).
THREADS=${THREADS:-}
cleanup() {
  kill ${pid:-} ${uncached:-} 2>/dev/null || true
  wait ${pid:-} ${uncached:-} 2>/dev/null || true
  if [ "$STORE" = postgresql ]; then PG_TEST_CLUSTER_STATE="$work/pg.state" bash scripts/pg-test-cluster.sh stop || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "bench-api: wrk is needed (apt-get install wrk)" >&2; exit 1; }
fail() { echo "bench-api: $*" >&2; exit 1; }

# Waits for a registrard to answer on a port.
ready() {
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.1; done
  tail -20 "$work/registrard.log" >&2
  fail "registrard on port $1 did not start"
}

# Runs wrk and prints its figures; fails on any response other than 2xx or a connection that failed.
measure() {
  local out
  out=$(wrk "$@") || fail "wrk failed"
  grep -E "^Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors" <<<"$out" || true
  grep -q "^Requests/sec" <<<"$out" || fail "wrk measured nothing"
  if grep -q "Non-2xx" <<<"$out"; then fail "responses other than 2xx"; fi
  if grep -qE "Socket errors: connect [1-9]" <<<"$out"; then fail "connections failed"; fi
}

swift build -c "$configuration" --product registrard >/dev/null
swift build -c "$configuration" --product registrar-bench >/dev/null
bin=$(swift build -c "$configuration" --show-bin-path)

# A configuration for the benchmark: development profile (outbox SMS), limits lifted, no access log.
sed -e "s|^enabled = no|enabled = yes|" -e "s|^lift_limits = no|lift_limits = yes|" -e "s|^access_log = stderr|access_log = off|" \
    -e "s|^reference_directory = reference|reference_directory = $PWD/Config/reference|" \
    -e "s|^texts_directory = texts|texts_directory = $PWD/Config/texts|" Config/registrar.conf > "$work/registrar.conf"
if [ -n "$THREADS" ]; then sed -i -e "s|^threads = .*|threads = $THREADS|" "$work/registrar.conf"; fi
case "$STORE" in
sqlite) ;;
postgresql)
  connection=$(PG_TEST_DURABLE=1 PG_TEST_CLUSTER_STATE="$work/pg.state" bash scripts/pg-test-cluster.sh start)
  psql "$connection" -qc "CREATE DATABASE bench" >/dev/null
  sed -i -e "s|^driver = sqlite|driver = postgresql|" -e "s|^connection =\$|connection = ${connection/dbname=postgres/dbname=bench}|" \
    "$work/registrar.conf"
  ;;
*) fail "STORE is sqlite or postgresql, not $STORE" ;;
esac
echo "== store: $STORE"

"$bin/registrar-bench" seed --config "$work/registrar.conf" --data-dir "$work/data" --applicants "$APPLICANTS" \
    --tokens "$work/tokens" --ids "$work/ids"
"$bin/registrard" --config "$work/registrar.conf" --data-dir "$work/data" --listen "127.0.0.1:$PORT" 2>"$work/registrard.log" &
pid=$!
ready "$PORT"

cat > "$work/progress.lua" <<LUA
tokens = {}
for line in io.lines("$work/tokens") do tokens[#tokens + 1] = line end
counter = math.random(#tokens)
request = function()
  counter = counter % #tokens + 1
  return wrk.format("GET", "/api/v1/me/filings", { ["Authorization"] = "Bearer " .. tokens[counter] })
end
LUA
cat > "$work/login.lua" <<LUA
ids = {}
for line in io.lines("$work/ids") do ids[#ids + 1] = line end
counter = math.random(#ids)
request = function()
  counter = counter % #ids + 1
  return wrk.format("POST", "/api/v1/sessions", { ["Content-Type"] = "application/json" },
    '{"idNumber":"' .. ids[counter] .. '","password":"Bench2026pw"}')
end
LUA

echo "== /healthz (baseline), 64 connections, $DURATION"
measure -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$PORT/healthz"
echo "== GET /api/v1/me/filings, rotating over $APPLICANTS sessions, 64 connections, $DURATION"
measure -t2 -c64 -d"$DURATION" --latency -s "$work/progress.lua" "http://127.0.0.1:$PORT"
# The same query with the progress cache off (a second registrard on the same database): what
# reading and rendering cost without it.
sed -e "s|^progress_cache_entries = .*|progress_cache_entries = 0|" "$work/registrar.conf" > "$work/uncached.conf"
"$bin/registrard" --config "$work/uncached.conf" --data-dir "$work/data" --listen "127.0.0.1:$((PORT + 1))" 2>>"$work/registrard.log" &
uncached=$!
ready "$((PORT + 1))"
echo "== GET /api/v1/me/filings with the progress cache off, 64 connections, $DURATION"
measure -t2 -c64 -d"$DURATION" --latency -s "$work/progress.lua" "http://127.0.0.1:$((PORT + 1))"
kill $uncached; wait $uncached 2>/dev/null || true
echo "== POST /api/v1/me/filings, one per applicant, 32 at a time"
"$bin/registrar-bench" file --url "http://127.0.0.1:$PORT" --tokens "$work/tokens" --spool "$work/data/spool/sms" --concurrency 32
echo "== POST /api/v1/sessions (argon2id), 8 connections, $DURATION"
measure -t2 -c8 -d"$DURATION" --latency -s "$work/login.lua" "http://127.0.0.1:$PORT"
