#!/usr/bin/env bash
# Benchmark of several registrard nodes on one PostgreSQL database (issue 14 item 8): one run, one
# database, the same seeded applicants, measured with one node and with two nodes behind HAProxy built
# from the shipped sample Config/samples/haproxy/registrar-nodes.cfg (plain HTTP on loopback instead of
# TLS, so that the balancer's figure is the balancing's, not the handshakes'):
#   - the progress query (GET /api/v1/me/filings) with the progress cache off (every request reads the
#     database), through the balancer with one node in it, then with two; and one node without the balancer;
#   - filings/s (POST /api/v1/me/filings, 32 at a time), one node then two, each on its own applicants;
#   - the CPU each process used during each step (registrard per node, HAProxy, PostgreSQL's server
#     processes) and the whole machine's busy cores, from /proc: what limits two nodes on this machine.
# Prints the figures and the ratios (two nodes / one node). Needs wrk and haproxy. Changes nothing
# outside a temporary directory (a throwaway PostgreSQL cluster of its own, durable commits).
#   APPLICANTS=4000 DURATION=10s scripts/bench-nodes.sh     (the defaults; CI runs APPLICANTS=200 DURATION=2s)
#   CONFIGURATION=debug runs the debug build (CI: that it runs matters, not the figures).
# Fails when what it measures fails: a response other than 2xx, a failed connection, a failed filing,
# a node or the balancer that does not start, a request the balancer did not give to both nodes.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${CONFIGURATION:-release}
APPLICANTS=${APPLICANTS:-4000}
DURATION=${DURATION:-10s}
work=$(mktemp -d /tmp/registrar-bench-nodes.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  PG_TEST_CLUSTER_STATE="$work/pg.state" bash scripts/pg-test-cluster.sh stop || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "bench-nodes: $*" >&2; exit 1; }
command -v wrk >/dev/null || fail "wrk is needed (apt-get install wrk)"
[ -x /usr/sbin/haproxy ] || fail "haproxy is needed (bash scripts/install-deps.sh)"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

swift build -c "$configuration" --product registrard >/dev/null
swift build -c "$configuration" --product registrar-bench >/dev/null
swift build -c "$configuration" --product registrarctl >/dev/null
bin=$(swift build -c "$configuration" --show-bin-path)

connection=$(PG_TEST_DURABLE=1 PG_TEST_CLUSTER_STATE="$work/pg.state" bash scripts/pg-test-cluster.sh start)
psql "$connection" -qc "CREATE DATABASE bench" >/dev/null
# shellcheck disable=SC1091
. "$work/pg.state"
postmaster=$(head -n 1 "$PG_TEST_DIR/data/postmaster.pid")

# Each node's registrar.conf: the sample's lines (driver, connection, trusted_proxies), the development
# profile (outbox SMS), limits lifted, no access log, the progress cache off.
sed -e "s|^enabled = no|enabled = yes|" -e "s|^lift_limits = no|lift_limits = yes|" -e "s|^access_log = stderr|access_log = off|" \
    -e "s|^reference_directory = reference|reference_directory = $PWD/Config/reference|" \
    -e "s|^texts_directory = texts|texts_directory = $PWD/Config/texts|" \
    -e "s|^driver = sqlite|driver = postgresql|" -e "s|^connection =\$|connection = ${connection/dbname=postgres/dbname=bench}|" \
    -e "s|^trusted_proxies =\$|trusted_proxies = 127.0.0.1|" -e "s|^per_address_connection_limit = .*|per_address_connection_limit = 1000|" \
    -e "s|^progress_cache_entries = .*|progress_cache_entries = 0|" Config/registrar.conf > "$work/registrar.conf"

# The first node's data directory and the data (seed initialises it); the second node gets its keys.
"$bin/registrar-bench" seed --config "$work/registrar.conf" --data-dir "$work/node1" --applicants "$APPLICANTS" \
    --tokens "$work/tokens" --ids "$work/ids"
# Every figure on the same settled tables: the seed's rows analysed and vacuumed now, not by autovacuum mid-run.
psql "${connection/dbname=postgres/dbname=bench}" -qc "VACUUM ANALYZE" >/dev/null
printf '%s\n' "a passphrase for the benchmark's key backup" > "$work/passphrase"
chmod 600 "$work/passphrase"
"$bin/registrarctl" --config "$work/registrar.conf" --data-dir "$work/node1" key backup --output "$work/keys.backup" \
    --passphrase-file "$work/passphrase" >/dev/null
"$bin/registrarctl" --config "$work/registrar.conf" --data-dir "$work/node2" key restore --input "$work/keys.backup" \
    --passphrase-file "$work/passphrase" >/dev/null

ready() {
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.1; done
  tail -20 "$work/$2.log" >&2
  fail "$2 on port $1 did not start"
}
port1=$(free_port)
port2=$(free_port)
"$bin/registrard" --config "$work/registrar.conf" --data-dir "$work/node1" --listen "127.0.0.1:$port1" 2>"$work/node1.log" &
node1=$!
pids+=("$node1")
"$bin/registrard" --config "$work/registrar.conf" --data-dir "$work/node2" --listen "127.0.0.1:$port2" 2>"$work/node2.log" &
node2=$!
pids+=("$node2")
ready "$port1" node1
ready "$port2" node2

# HAProxy from the sample: the front end on plain HTTP, the nodes' addresses; with one or two nodes.
balancer() {  # name, port, node lines
  local cfg="$work/$1.cfg"
  sed -e "s|bind :443 ssl crt /etc/registrar/tls/haproxy.pem alpn http/1.1|bind 127.0.0.1:$2|" \
      -e "s|bind :80\$|bind 127.0.0.1:$(free_port)|" -e "/log \/dev\/log/d" -e "/^    server node[12] /d" \
      Config/samples/haproxy/registrar-nodes.cfg > "$cfg"
  grep -q "bind 127.0.0.1:$2\$" "$cfg" || fail "the sample's https bind line changed: update this script"
  printf '%s\n' "${@:3}" >> "$cfg"
  /usr/sbin/haproxy -c -q -f "$cfg" || fail "HAProxy refuses $cfg"
  /usr/sbin/haproxy -db -f "$cfg" >"$work/$1.log" 2>&1 &
  pids+=($!)
  eval "$1_pid=$!"
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/readyz" >/dev/null && return 0; sleep 0.1; done
  fail "HAProxy ($1) did not start"
}
one_port=$(free_port)
two_port=$(free_port)
balancer one "$one_port" "    server node1 127.0.0.1:$port1"
balancer two "$two_port" "    server node1 127.0.0.1:$port1" "    server node2 127.0.0.1:$port2"

# CPU time (user + system, clock ticks) of processes, from /proc/<pid>/stat.
ticks() {
  local total=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
  done
  echo "$total"
}
# The postmaster's children (the backends, the writer, the WAL writer …).
postgres_children() { awk -v parent="$postmaster" '$4 == parent { print $1 }' /proc/[0-9]*/stat 2>/dev/null || true; }
# PostgreSQL's CPU: the postmaster's own and that of the children it has reaped (a backend whose pooled
# connection was closed), fields 14-17, and the running children's.
postgres_ticks() { echo $(($(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat") + $(ticks $(postgres_children)))); }
hz=$(getconf CLK_TCK)
cpu_before=()
# The whole machine's busy and total ticks (every core), from /proc/stat's first line.
machine() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat; }
cpu_sample() { echo "$(date +%s.%N) $(ticks "$node1") $(ticks "$node2") $(ticks "$one_pid" "$two_pid") $(postgres_ticks) $(machine)"; }
cpu_start() { cpu_before=$(cpu_sample); }
cpu_report() {  # cores each used since cpu_start; "machine" is every process (wrk, the client, other work included)
  awk -v hz="$hz" -v cores="$(nproc)" -v a="$cpu_before" -v b="$(cpu_sample)" 'BEGIN {
    split(a, x, " "); split(b, y, " "); t = y[1] - x[1]
    printf "   CPU in cores: node1 %.2f, node2 %.2f, haproxy %.2f, postgres %.2f; machine %.2f of %d busy\n",
      (y[2] - x[2]) / hz / t, (y[3] - x[3]) / hz / t, (y[4] - x[4]) / hz / t, (y[5] - x[5]) / hz / t,
      cores * (y[6] - x[6]) / (y[7] - x[7]), cores }'
}

# Runs wrk, prints its figures and the CPU shares, keeps requests/s in $rate; fails on anything but 2xx.
measure() {
  local out
  cpu_start
  out=$(wrk "$@") || fail "wrk failed"
  grep -E "^Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors" <<<"$out" || true
  cpu_report
  grep -q "^Requests/sec" <<<"$out" || fail "wrk measured nothing"
  if grep -q "Non-2xx" <<<"$out"; then fail "responses other than 2xx"; fi
  if grep -qE "Socket errors: connect [1-9]" <<<"$out"; then fail "connections failed"; fi
  rate=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
}

cat > "$work/progress.lua" <<LUA
tokens = {}
for line in io.lines("$work/tokens") do tokens[#tokens + 1] = line end
counter = math.random(#tokens)
request = function()
  counter = counter % #tokens + 1
  return wrk.format("GET", "/api/v1/me/filings", { ["Authorization"] = "Bearer " .. tokens[counter] })
end
LUA

served() { curl -s "http://127.0.0.1:$1/metrics" | awk '/^http_requests_total/ { sum += $NF } END { print sum + 0 }'; }

echo "== store: postgresql, $APPLICANTS applicants with five filings each; progress cache off; 64 connections, $DURATION each"
# Warm-up, not reported: the server's buffers and both nodes' connections.
wrk -t2 -c64 -d2s -s "$work/progress.lua" "http://127.0.0.1:$two_port" >/dev/null || fail "wrk failed"
echo "== GET /api/v1/me/filings, one node, no balancer"
measure -t2 -c64 -d"$DURATION" --latency -s "$work/progress.lua" "http://127.0.0.1:$port1"
direct=$rate
echo "== GET /api/v1/me/filings, one node behind the balancer"
measure -t2 -c64 -d"$DURATION" --latency -s "$work/progress.lua" "http://127.0.0.1:$one_port"
one=$rate
before2=$(served "$port2")
echo "== GET /api/v1/me/filings, two nodes behind the balancer"
measure -t2 -c64 -d"$DURATION" --latency -s "$work/progress.lua" "http://127.0.0.1:$two_port"
two=$rate
[ "$(served "$port2")" -gt "$before2" ] || fail "the balancer gave node2 no request"
# One node again: on a shared machine the load of other work drifts; the ratio takes the mean of both.
echo "== GET /api/v1/me/filings, one node behind the balancer, again"
measure -t2 -c64 -d"$DURATION" --latency -s "$work/progress.lua" "http://127.0.0.1:$one_port"
one=$(awk -v a="$one" -v b="$rate" 'BEGIN { print (a + b) / 2 }')

half=$((APPLICANTS / 2))
echo "== POST /api/v1/me/filings, one node behind the balancer, applicants 0-$((half - 1)), 32 at a time"
cpu_start
# Both spools: node2's sender runs too, and sends whichever queued message it claims first.
out1=$("$bin/registrar-bench" file --url "http://127.0.0.1:$one_port" --tokens "$work/tokens" \
    --spool "$work/node1/spool/sms:$work/node2/spool/sms" \
    --concurrency 32 --first 0 --count "$half") || fail "filings through one node failed"
echo "$out1"
cpu_report
echo "== POST /api/v1/me/filings, two nodes behind the balancer, applicants $half-$((APPLICANTS - 1)), 32 at a time"
cpu_start
out2=$("$bin/registrar-bench" file --url "http://127.0.0.1:$two_port" --tokens "$work/tokens" \
    --spool "$work/node1/spool/sms:$work/node2/spool/sms" --concurrency 32 --first "$half") || fail "filings through two nodes failed"
echo "$out2"
cpu_report
filings1=$(sed -E 's/.* = ([0-9.]+) filings\/s.*/\1/' <<<"$out1")
filings2=$(sed -E 's/.* = ([0-9.]+) filings\/s.*/\1/' <<<"$out2")

echo "== ratios, two nodes / one node (both behind the balancer)"
awk -v two="$two" -v one="$one" -v direct="$direct" -v f2="$filings2" -v f1="$filings1" 'BEGIN {
  printf "progress query: %.0f/s / %.0f/s (mean of the two one-node runs) = %.2f (one node without the balancer: %.0f/s)\n", two, one, two / one, direct
  printf "filings:        %.0f/s / %.0f/s = %.2f\n", f2, f1, f2 / f1 }'
