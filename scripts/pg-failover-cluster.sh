#!/usr/bin/env bash
# A throwaway primary and synchronous streaming standby, for the failover test and benchmark (issue 14
# items 6 and 8): two PostgreSQL clusters in one temporary directory, each on its own port of 127.0.0.1.
#
#   scripts/pg-failover-cluster.sh start           initdb the primary (-E UTF8 --locale=C.UTF-8),
#                                                  synchronous_standby_names = 'standby' and
#                                                  synchronous_commit = on in its postgresql.conf, a
#                                                  database `registrar`; pg_basebackup -R makes the
#                                                  standby (application_name=standby); waits until the
#                                                  primary reports it `sync`; prints the multi-host
#                                                  connection string (target_session_attrs=read-write)
#   scripts/pg-failover-cluster.sh connection      prints that connection string again
#   scripts/pg-failover-cluster.sh primary|standby prints a connection string to that server alone
#   scripts/pg-failover-cluster.sh query SQL       runs SQL through that connection string (psql -At)
#   scripts/pg-failover-cluster.sh pause-standby   stops (SIGSTOP) the standby's WAL receiver: every
#                                                  commit on the primary then waits for it
#   scripts/pg-failover-cluster.sh resume-standby  lets it run again (SIGCONT)
#   scripts/pg-failover-cluster.sh kill-primary    SIGKILL to the primary's postmaster
#   scripts/pg-failover-cluster.sh stop-primary    stops the primary (fast: sessions are ended, 57P01)
#   scripts/pg-failover-cluster.sh start-primary   starts it again, and waits until the standby is back in sync
#   scripts/pg-failover-cluster.sh promote         pg_ctl promote on the standby, then clears its
#                                                  synchronous_standby_names (ALTER SYSTEM, reload), as
#                                                  Patroni does: otherwise every commit on the new
#                                                  primary waits for a standby that no longer exists
#   scripts/pg-failover-cluster.sh asynchronous    clears the primary's synchronous_standby_names (the
#                                                  benchmark's figure without the synchronous standby)
#   scripts/pg-failover-cluster.sh synchronous     sets it again
#   scripts/pg-failover-cluster.sh stop            stops both (immediate) and removes the directory
#
# Trust authentication on 127.0.0.1 (replication included, as initdb -A trust writes it). fsync off
# unless PG_TEST_DURABLE=1 (benchmarks): the kill is a process's, not the machine's, so what a server
# wrote survives it either way. As root (CI) the directory belongs to postgres and every server
# command runs through runuser -u postgres (PostgreSQL refuses to run as root). The state file is
# .build/pg-failover-cluster.state unless PG_FAILOVER_STATE names another (a test gives its own).
set -euo pipefail
cd "$(dirname "$0")/.."
state="${PG_FAILOVER_STATE:-$PWD/.build/pg-failover-cluster.state}"
bindir="${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-failover-cluster: PostgreSQL's server programs are not installed (bash scripts/install-deps.sh)" >&2
  exit 1
fi

as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

load() {
  if [ ! -f "$state" ]; then
    echo "pg-failover-cluster: no cluster is running (scripts/pg-failover-cluster.sh start)" >&2
    exit 1
  fi
  # shellcheck disable=SC1090
  . "$state"
}

server() { echo "host=127.0.0.1 port=$1 user=postgres dbname=${2:-registrar}"; }
sql() { "$bindir/psql" "$(server "$1" "${3:-registrar}")" -v ON_ERROR_STOP=1 -qAtc "$2"; }
connection() {
  echo "host=127.0.0.1,127.0.0.1 port=$PRIMARY_PORT,$STANDBY_PORT user=postgres dbname=registrar connect_timeout=2 target_session_attrs=read-write"
}
# Lets a WAL receiver paused by pause-standby run again.
resume() {
  if [ -f "$FAILOVER_DIR/paused.pid" ]; then
    kill -CONT "$(cat "$FAILOVER_DIR/paused.pid")" 2>/dev/null || true
    rm -f "$FAILOVER_DIR/paused.pid"
  fi
}
# Waits (up to 30 s; the standby retries its connection every 5 s) until the primary reports the standby sync.
wait_for_sync() {
  for _ in $(seq 300); do
    [ "$(sql "$PRIMARY_PORT" "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby'")" = sync ] && return 0
    sleep 0.1
  done
  echo "pg-failover-cluster: the standby is not streaming synchronously" >&2
  return 1
}
postmaster_pid() { head -n 1 "$1/postmaster.pid" 2>/dev/null || true; }

stop_clusters() {
  [ -f "$state" ] || return 0
  # shellcheck disable=SC1090
  . "$state"
  if [ -n "${FAILOVER_DIR:-}" ] && [ -d "$FAILOVER_DIR" ]; then
    resume
    for data in "$FAILOVER_DIR/standby" "$FAILOVER_DIR/primary"; do
      as_server "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    done
    # A killed postmaster's children notice its death and exit by themselves; give them a moment.
    for _ in $(seq 50); do
      pgrep -u postgres -f "$FAILOVER_DIR" >/dev/null 2>&1 || break
      sleep 0.1
    done
    rm -rf "$FAILOVER_DIR"
  fi
  rm -f "$state"
}

options() {
  local options="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$FAILOVER_DIR/$1.socket -c max_connections=200"
  if [ "${FAILOVER_DURABLE:-0}" = 1 ]; then
    echo "$options -c shared_buffers=256MB"
  else
    echo "$options -c fsync=off -c full_page_writes=off -c shared_buffers=64MB"
  fi
}

case "${1:-}" in
start)
  stop_clusters
  mkdir -p "$(dirname "$state")"
  FAILOVER_DIR="$(mktemp -d /tmp/registrar-failover.XXXXXX)"
  PRIMARY_PORT=$(free_port)
  STANDBY_PORT=$(free_port)
  while [ "$STANDBY_PORT" = "$PRIMARY_PORT" ]; do STANDBY_PORT=$(free_port); done
  FAILOVER_DURABLE=${PG_TEST_DURABLE:-0}
  printf 'FAILOVER_DIR=%q\nPRIMARY_PORT=%q\nSTANDBY_PORT=%q\nFAILOVER_DURABLE=%q\n' "$FAILOVER_DIR" "$PRIMARY_PORT" "$STANDBY_PORT" \
    "$FAILOVER_DURABLE" >"$state"
  mkdir -p "$FAILOVER_DIR/primary.socket" "$FAILOVER_DIR/standby.socket"
  [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$FAILOVER_DIR"
  fail() { cat "$@" >&2 2>/dev/null || true; stop_clusters; exit 1; }
  as_server "$bindir/initdb" -D "$FAILOVER_DIR/primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$FAILOVER_DIR/initdb.log" 2>&1 || fail "$FAILOVER_DIR/initdb.log"
  # In the configuration file, not on the command line: the standby copies it with the data directory, and
  # ALTER SYSTEM (promote, asynchronous) overrides it there.
  as_server tee -a "$FAILOVER_DIR/primary/postgresql.conf" >/dev/null <<CONF
synchronous_standby_names = 'standby'
synchronous_commit = on
wal_level = replica
max_wal_senders = 4
CONF
  as_server "$bindir/pg_ctl" -D "$FAILOVER_DIR/primary" -l "$FAILOVER_DIR/primary.log" -o "-p $PRIMARY_PORT $(options primary)" \
    -w -t 60 start >/dev/null || fail "$FAILOVER_DIR/primary.log"
  # The database is made before the standby exists (a commit now would wait for it).
  PGOPTIONS="-c synchronous_commit=local" sql "$PRIMARY_PORT" "CREATE DATABASE registrar" postgres
  as_server "$bindir/pg_basebackup" -D "$FAILOVER_DIR/standby" -R -X stream -c fast \
    -d "host=127.0.0.1 port=$PRIMARY_PORT user=postgres application_name=standby" >"$FAILOVER_DIR/basebackup.log" 2>&1 \
    || fail "$FAILOVER_DIR/basebackup.log"
  as_server "$bindir/pg_ctl" -D "$FAILOVER_DIR/standby" -l "$FAILOVER_DIR/standby.log" -o "-p $STANDBY_PORT $(options standby)" \
    -w -t 60 start >/dev/null || fail "$FAILOVER_DIR/standby.log"
  wait_for_sync || fail "$FAILOVER_DIR/standby.log"
  connection
  ;;
connection) load; connection ;;
primary) load; server "$PRIMARY_PORT" ;;
standby) load; server "$STANDBY_PORT" ;;
query)
  load
  "$bindir/psql" "$(connection)" -v ON_ERROR_STOP=1 -qAtc "$2"
  ;;
pause-standby)
  load
  pid=$(sql "$STANDBY_PORT" "SELECT pid FROM pg_stat_wal_receiver")
  [ -n "$pid" ] || { echo "pg-failover-cluster: the standby has no WAL receiver" >&2; exit 1; }
  echo "$pid" >"$FAILOVER_DIR/paused.pid"
  kill -STOP "$pid"
  ;;
resume-standby) load; resume ;;
kill-primary)
  load
  pid=$(postmaster_pid "$FAILOVER_DIR/primary")
  [ -n "$pid" ] || { echo "pg-failover-cluster: the primary is not running" >&2; exit 1; }
  kill -KILL "$pid"
  ;;
stop-primary)
  load
  resume
  as_server "$bindir/pg_ctl" -D "$FAILOVER_DIR/primary" -m fast -w -t 60 stop >/dev/null
  ;;
start-primary)
  load
  as_server "$bindir/pg_ctl" -D "$FAILOVER_DIR/primary" -l "$FAILOVER_DIR/primary.log" -o "-p $PRIMARY_PORT $(options primary)" \
    -w -t 60 start >/dev/null
  wait_for_sync
  ;;
promote)
  load
  resume  # a WAL receiver paused by pause-standby must run again to end at the promotion
  as_server "$bindir/pg_ctl" -D "$FAILOVER_DIR/standby" -w -t 60 promote >/dev/null
  sql "$STANDBY_PORT" "ALTER SYSTEM SET synchronous_standby_names = ''" postgres
  sql "$STANDBY_PORT" "SELECT pg_reload_conf()" postgres >/dev/null
  ;;
asynchronous | synchronous)
  load
  if [ "$1" = asynchronous ]; then names=''; else names=standby; fi
  sql "$PRIMARY_PORT" "ALTER SYSTEM SET synchronous_standby_names = '$names'" postgres
  sql "$PRIMARY_PORT" "SELECT pg_reload_conf()" postgres >/dev/null
  ;;
stop) stop_clusters ;;
*)
  echo "usage: scripts/pg-failover-cluster.sh start|connection|primary|standby|query|pause-standby|resume-standby|kill-primary|stop-primary|start-primary|promote|asynchronous|synchronous|stop" >&2
  exit 2
  ;;
esac
