#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (make test starts it before the Swift tests and stops it
# after, whatever they return; CI runs make test).
#
#   scripts/pg-test-cluster.sh start   creates and starts a cluster in a new temporary directory, prints
#                                      its connection string
#   scripts/pg-test-cluster.sh env     prints `export REGISTRAR_TEST_PG='…'` for the running cluster
#                                      (eval "$(scripts/pg-test-cluster.sh env)")
#   scripts/pg-test-cluster.sh stop    stops it (immediate shutdown) and removes its directory
#
# The cluster: initdb -E UTF8 --locale=C.UTF-8 (pg_trgm ignores Chinese under the C locale), trust
# authentication, a Unix socket in its own directory and 127.0.0.1 on a free port, fsync off (it is
# thrown away; PG_TEST_DURABLE=1 keeps fsync and synchronous commits on, for benchmarks). PostgreSQL refuses to run as root: as root (CI), the directory belongs to the postgres
# user and every server command runs through runuser -u postgres. One cluster per working tree: the
# state file is .build/pg-test-cluster.state (PG_TEST_CLUSTER_STATE overrides it).
set -euo pipefail
cd "$(dirname "$0")/.."
state="${PG_TEST_CLUSTER_STATE:-$PWD/.build/pg-test-cluster.state}"
bindir="${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-test-cluster: PostgreSQL's server programs are not installed (bash scripts/install-deps.sh)" >&2
  exit 1
fi

as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

connection_string() { echo "host=$1/socket port=$2 user=postgres dbname=postgres"; }

stop_cluster() {
  [ -f "$state" ] || return 0
  # shellcheck disable=SC1090
  . "$state"
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR" ]; then
    as_server "$bindir/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
  rm -f "$state"
}

case "${1:-}" in
start)
  stop_cluster  # a cluster left behind by an interrupted run
  mkdir -p "$(dirname "$state")"
  dir="$(mktemp -d /tmp/registrar-pg.XXXXXX)"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  printf 'PG_TEST_DIR=%q\nPG_TEST_PORT=%q\n' "$dir" "$port" >"$state"
  mkdir -p "$dir/socket"
  [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$dir"
  if ! as_server "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
      >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    stop_cluster
    exit 1
  fi
  options="-k $dir/socket -p $port -c listen_addresses=127.0.0.1 -c max_connections=200"
  if [ "${PG_TEST_DURABLE:-0}" = 1 ]; then
    # Benchmarks: durable commits (fsync, synchronous_commit on), as a department would run it.
    options="$options -c shared_buffers=256MB"
  else
    options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB"
  fi
  if ! as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$options" -w -t 60 start >/dev/null; then
    cat "$dir/server.log" >&2
    stop_cluster
    exit 1
  fi
  connection_string "$dir" "$port"
  ;;
env)
  if [ ! -f "$state" ]; then
    echo "pg-test-cluster: no cluster is running (scripts/pg-test-cluster.sh start)" >&2
    exit 1
  fi
  # shellcheck disable=SC1090
  . "$state"
  printf "export REGISTRAR_TEST_PG='%s'\n" "$(connection_string "$PG_TEST_DIR" "$PG_TEST_PORT")"
  ;;
stop)
  stop_cluster
  ;;
*)
  echo "usage: scripts/pg-test-cluster.sh start|env|stop" >&2
  exit 2
  ;;
esac
