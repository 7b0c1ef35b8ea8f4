#!/usr/bin/env bash
# Benchmark of failover (issue 14 item 8): registrard on a primary with a synchronous streaming standby
# (scripts/pg-failover-cluster.sh, durable commits), through the multi-host connection string.
#   1. filings/s with the synchronous standby, then with the primary's synchronous_standby_names cleared
#      (the standby still streams, asynchronously): what waiting for the standby at each commit costs;
#   2. the failover time: applicants file at once (each retrying a 503 with its own Idempotency-Key); once
#      a quarter are acknowledged the script SIGKILLs the primary's postmaster and promotes the standby
#      itself (pg_ctl promote, synchronous_standby_names cleared: what Patroni does, without Patroni's
#      detection time, its loop_wait and ttl, which come on top in production); the figure is the time
#      from the SIGKILL to the first filing acknowledged by registrard for a request sent after it.
# Release build unless CONFIGURATION=debug (CI runs FILINGS=100 with the debug build: the figures do not
# matter there, that it runs does). Fails when a filing fails (anything but 201 outside the failover, a
# filing not acknowledged once in the end), or registrard does not start.
#   FILINGS=1000 CONCURRENCY=16 scripts/bench-failover.sh      (the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${CONFIGURATION:-release}
FILINGS=${FILINGS:-1000}
CONCURRENCY=${CONCURRENCY:-16}
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
work=$(mktemp -d /tmp/registrar-bench-failover.XXXXXX)
export PG_FAILOVER_STATE="$work/failover.state"
cleanup() {
  kill ${pid:-} 2>/dev/null || true
  wait ${pid:-} 2>/dev/null || true
  bash scripts/pg-failover-cluster.sh stop || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "bench-failover: $*" >&2; exit 1; }

swift build -c "$configuration" --product registrard >/dev/null
swift build -c "$configuration" --product registrar-bench >/dev/null
bin=$(swift build -c "$configuration" --show-bin-path)

connection=$(PG_TEST_DURABLE=1 bash scripts/pg-failover-cluster.sh start)
sed -e "s|^enabled = no|enabled = yes|" -e "s|^lift_limits = no|lift_limits = yes|" -e "s|^access_log = stderr|access_log = off|" \
    -e "s|^reference_directory = reference|reference_directory = $PWD/Config/reference|" \
    -e "s|^texts_directory = texts|texts_directory = $PWD/Config/texts|" \
    -e "s|^driver = sqlite|driver = postgresql|" -e "s|^connection =\$|connection = $connection|" \
    Config/registrar.conf >"$work/registrar.conf"
echo "== store: a primary and a synchronous standby; connection = $connection"

"$bin/registrar-bench" seed --config "$work/registrar.conf" --data-dir "$work/data" --applicants $((FILINGS * 3)) \
    --tokens "$work/tokens" >/dev/null
"$bin/registrard" --config "$work/registrar.conf" --data-dir "$work/data" --listen "127.0.0.1:$PORT" 2>"$work/registrard.log" &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || { tail -20 "$work/registrard.log" >&2; fail "registrard did not start"; }

file() {
  "$bin/registrar-bench" file --url "http://127.0.0.1:$PORT" --tokens "$work/tokens" --spool "$work/data/spool/sms" \
    --first "$1" --count "$FILINGS" --concurrency "$CONCURRENCY"
}
echo "== POST /api/v1/me/filings with the synchronous standby, $CONCURRENCY at a time"
file 0
bash scripts/pg-failover-cluster.sh asynchronous
echo "== the same without it (synchronous_standby_names cleared; the standby streams asynchronously)"
file "$FILINGS"
bash scripts/pg-failover-cluster.sh synchronous

echo "== failover: SIGKILL of the primary with $CONCURRENCY filings at a time, the standby promoted by this script"
"$bin/registrar-bench" failover --url "http://127.0.0.1:$PORT" --tokens "$work/tokens" --spool "$work/data/spool/sms" \
  --first $((FILINGS * 2)) --count "$FILINGS" --concurrency "$CONCURRENCY" \
  --kill "bash scripts/pg-failover-cluster.sh kill-primary" --promote "bash scripts/pg-failover-cluster.sh promote"
kill -0 "$pid" 2>/dev/null || fail "registrard ended during the failover"
[ "$(bash scripts/pg-failover-cluster.sh query "SELECT pg_is_in_recovery()")" = f ] || fail "the promoted standby is not the primary"
[ "$(bash scripts/pg-failover-cluster.sh query \
  "SELECT count(*) FROM filings WHERE idempotency_key LIKE 'bench-failover-%'")" = "$FILINGS" ] \
  || fail "the filings through the failover are not each there once"
