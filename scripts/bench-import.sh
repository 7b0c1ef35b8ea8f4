#!/usr/bin/env bash
# Benchmark: `registrarctl import qualifications` of 1,000,000 rows (valid GB 11643 ID numbers) in
# release mode, on a fresh data directory, on each store in one run: SQLite, then PostgreSQL (a throwaway
# cluster of its own, scripts/pg-test-cluster.sh with durable commits, the import going through COPY).
# Timed to the command's exit: every row parsed, validated, sealed, indexed and committed. Prints rows
# per second for each store and their ratio, and where the time went: registrarctl's CPU time (user +
# system) and, on PostgreSQL, the server's (its exited backends' time, as the postmaster reaps them).
# On a machine busy with other work the wall-clock figure falls while the CPU figures hold.
#   scripts/bench-import.sh [ROWS]          (default 1000000; CI runs it with 20000)
#   STORES=postgresql scripts/bench-import.sh   one store only (STORES="sqlite postgresql" is the default)
#   MIN_ROWS_PER_SECOND=100000 scripts/bench-import.sh   also fail when a store imports more slowly
#   BATCH=20000 scripts/bench-import.sh     registrarctl import --batch-size 20000 (its default otherwise)
# Fails when the import does: a rejected row, an aborted import, fewer rows imported than written.
set -euo pipefail
cd "$(dirname "$0")/.."
# CONFIGURATION=debug runs the debug build (CI: the figures do not matter there, that it runs does).
configuration=${CONFIGURATION:-release}
rows=${1:-1000000}
stores=${STORES:-sqlite postgresql}
work=$(mktemp -d /tmp/registrar-bench-import.XXXXXX)
cluster=0
cleanup() {
  if [ "$cluster" = 1 ]; then PG_TEST_CLUSTER_STATE="$work/pg.state" bash scripts/pg-test-cluster.sh stop || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "bench-import: $*" >&2; exit 1; }

swift build -c "$configuration" --product registrarctl >/dev/null
ctl="$(swift build -c "$configuration" --show-bin-path)/registrarctl"

python3 - "$rows" "$work/qualifications.csv" <<'PY'
import sys, datetime
rows, path = int(sys.argv[1]), sys.argv[2]
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
regions = ["110105", "310104", "440106", "320102", "510107", "420106", "330106", "370102"]
specialties = ["building", "municipal", "mechanical-electrical", "highway"]
start = datetime.date(1965, 1, 1)
with open(path, "w", encoding="utf-8") as f:
    f.write("id_number,name,kind,specialty,certificate_no,issued_on\n")
    n = 0
    person = 0
    while n < rows:
        birth = start + datetime.timedelta(days=person % 10000)
        body = regions[person % len(regions)] + birth.strftime("%Y%m%d") + "%03d" % ((person // 10000) % 1000)
        check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
        for s in range(2):
            if n == rows:
                break
            f.write(f"{body}{check},张三,regular,{specialties[(person + s) % 4]},Z{n:09d},2020-06-{1 + n % 28:02d}\n")
            n += 1
        person += 1
PY

# CPU seconds the cluster's postmaster has collected from its exited children (the import's backend).
server_cpu() {
  [ "$cluster" = 1 ] || { echo 0; return; }
  # shellcheck disable=SC1090
  (. "$work/pg.state"; awk -v hz="$(getconf CLK_TCK)" '{print ($16 + $17) / hz}' "/proc/$(head -1 "$PG_TEST_DIR/data/postmaster.pid")/stat")
}

declare -A rate
for store in $stores; do
  config="$work/$store.conf"
  sed -e "s|^reference_directory = reference|reference_directory = $PWD/Config/reference|" \
    -e "s|^texts_directory = texts|texts_directory = $PWD/Config/texts|" Config/registrar.conf >"$config"
  case "$store" in
  sqlite) ;;
  postgresql)
    if [ "$cluster" = 0 ]; then
      connection=$(PG_TEST_DURABLE=1 PG_TEST_CLUSTER_STATE="$work/pg.state" bash scripts/pg-test-cluster.sh start)
      cluster=1
    fi
    psql "$connection" -qc "CREATE DATABASE bench_import" >/dev/null
    sed -i -e "s|^driver = sqlite|driver = postgresql|" \
      -e "s|^connection =\$|connection = ${connection/dbname=postgres/dbname=bench_import}|" "$config"
    ;;
  *) fail "STORES holds sqlite and postgresql, not $store" ;;
  esac
  "$ctl" --config "$config" --data-dir "$work/$store" init >/dev/null
  server_before=$(server_cpu)
  start=$(date +%s.%N)
  TIMEFORMAT='%U %S'
  if ! { time "$ctl" --config "$config" --data-dir "$work/$store" import qualifications ${BATCH:+--batch-size "$BATCH"} "$work/qualifications.csv" \
    >"$work/import.txt"; } 2>"$work/time.txt"; then
    head -20 "$work/import.txt" >&2
    fail "the import on $store failed"
  fi
  end=$(date +%s.%N)
  sleep 1  # the backend's exit, reaped by the postmaster
  server_after=$(server_cpu)
  echo "== $store: $(tail -1 "$work/import.txt")"
  python3 -c "import sys; u, s = map(float, sys.argv[1].split()); print(f'{sys.argv[4]}: registrarctl CPU {u + s:.1f} s (user {u:.1f}, system {s:.1f}); server CPU {float(sys.argv[3]) - float(sys.argv[2]):.1f} s')" \
    "$(tail -1 "$work/time.txt")" "$server_before" "$server_after" "$store"
  grep -q "导入 $rows 行" "$work/import.txt" || fail "not every row was imported on $store"
  rate[$store]=$(python3 -c "import sys; print(int(int(sys.argv[3]) / (float(sys.argv[2]) - float(sys.argv[1]))))" "$start" "$end" "$rows")
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{sys.argv[4]}: {int(sys.argv[3]):,} rows in {s:.1f} s: {int(sys.argv[3])/s:,.0f} rows/s')" \
    "$start" "$end" "$rows" "$store"
  if [ -n "${MIN_ROWS_PER_SECOND:-}" ] && [ "${rate[$store]}" -lt "$MIN_ROWS_PER_SECOND" ]; then
    fail "$store imported ${rate[$store]} rows/s, below MIN_ROWS_PER_SECOND=$MIN_ROWS_PER_SECOND"
  fi
done
if [ -n "${rate[sqlite]:-}" ] && [ -n "${rate[postgresql]:-}" ]; then
  python3 -c "import sys; print(f'PostgreSQL / SQLite: {int(sys.argv[2]) / int(sys.argv[1]):.2f}')" "${rate[sqlite]}" "${rate[postgresql]}"
fi
