#!/usr/bin/env bash
# The README's run command: install what is missing, build in release mode, initialise a demo data
# directory on first use, start registrard on 127.0.0.1:8080 and open registrar-console in this
# terminal. Leaving the console stops the service.
#   DATA=./data  PORT=8080  bash scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
# The data directory holds personal data and keys, and so do the log and demo accounts written into it.
umask 077
DATA=${DATA:-$PWD/data}
LISTEN=${LISTEN:-127.0.0.1:8080}

bash scripts/install-deps.sh
swift build -c release 2>&1 | grep -vE "prohibited flag" | tail -n 3
bin=$(swift build -c release --show-bin-path)
config="$PWD/Config/registrar.conf"

if [ ! -d "$DATA" ] || [ -z "$(ls -A "$DATA" 2>/dev/null)" ]; then
  "$bin/registrarctl" --config "$config" --data-dir "$DATA" init
  umask 077
  "$bin/registrarctl" --config "$config" --data-dir "$DATA" demo --development | tee "$DATA/demo-accounts.txt"
else
  echo "run: using the existing data directory $DATA"
  [ -f "$DATA/demo-accounts.txt" ] && cat "$DATA/demo-accounts.txt"
fi

"$bin/registrard" --config "$config" --data-dir "$DATA" --listen "$LISTEN" --development 2>>"$DATA/registrard.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; echo "run: registrard stopped"' EXIT
for _ in $(seq 100); do
  curl -sf "http://$LISTEN/healthz" >/dev/null && break
  kill -0 $pid 2>/dev/null || { echo "run: registrard did not start, see $DATA/registrard.log" >&2; tail -n 5 "$DATA/registrard.log" >&2; exit 1; }
  sleep 0.1
done
echo
echo "run: registrard serves http://$LISTEN (API /api/v1, OpenAPI /api/v1/openapi.json); its log is $DATA/registrard.log"
echo "run: SMS codes land in $DATA/spool/sms/ (development profile)"
if [ -t 0 ] && [ -t 1 ]; then
  echo "run: opening registrar-console; leave it with q to stop everything"
  sleep 1
  # --development: the demo officials sign in with their password alone (no second factor).
  "$bin/registrar-console" --config "$config" --data-dir "$DATA" --development || true
else
  echo "run: no terminal here, so no console; registrard keeps running until you press Ctrl-C"
  wait $pid
fi
