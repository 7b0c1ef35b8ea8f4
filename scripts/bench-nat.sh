#!/usr/bin/env bash
# Carrier NAT benchmark (issue 13 item 6): registrard with its shipped limits (connection_limit
# 1000, per_address_connection_limit 100); 1,100 slow connections from 22 loopback addresses
# (127.0.1.1-127.0.1.22, 50 each, arriving round-robin) trickle a request head at a byte every
# second and never finish it; meanwhile a normal client on 127.0.2.1 asks GET /healthz on a fresh
# connection each time. Prints the normal client's p50/p99/max and its failures, and how many slow
# connections the server took. Run once with the shipped reserve and once with RESERVED=0 (no
# reserve, the behaviour before it) to compare.
#   SLOW=1100 ADDRESSES=22 REQUESTS=300 RESERVED=100 scripts/bench-nat.sh   (the defaults; CI: SLOW=220 REQUESTS=50)
# Fails when the normal client fails a request, or when registrard does not start.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${CONFIGURATION:-release}
SLOW=${SLOW:-1100}
ADDRESSES=${ADDRESSES:-22}
REQUESTS=${REQUESTS:-300}
RESERVED=${RESERVED:-100}
PORT=${PORT:-18282}
work=$(mktemp -d /tmp/registrar-bench-nat.XXXXXX)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "bench-nat: $*" >&2; exit 1; }
# Over a thousand sockets on each side: raise the usual soft limit of 1024 descriptors.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

swift build -c "$configuration" --product registrard >/dev/null
bin=$(swift build -c "$configuration" --show-bin-path)
sed -e "s|^enabled = no|enabled = yes|" -e "s|^access_log = stderr|access_log = off|" \
    -e "s|^reserved_connections = .*|reserved_connections = $RESERVED|" \
    -e "s|^reference_directory = reference|reference_directory = $PWD/Config/reference|" \
    -e "s|^texts_directory = texts|texts_directory = $PWD/Config/texts|" Config/registrar.conf > "$work/registrar.conf"
"$bin/registrard" --config "$work/registrar.conf" --data-dir "$work/data" --listen "127.0.0.1:$PORT" 2>"$work/registrard.log" &
pid=$!
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { tail -20 "$work/registrard.log" >&2; fail "registrard did not start"; }

echo "bench-nat: $SLOW slow connections from $ADDRESSES addresses, reserved_connections = $RESERVED, $REQUESTS requests of a normal client"
python3 - "$PORT" "$SLOW" "$ADDRESSES" "$REQUESTS" <<'PY'
import socket, sys, threading, time
port, slow, addresses, requests = (int(a) for a in sys.argv[1:5])
head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
held, stop = [], threading.Event()
for i in range(slow):
    s = socket.socket()
    s.bind(("127.0.1.%d" % (i % addresses + 1), 0))
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
        s.send(head[:1])
        held.append(s)
    except OSError:
        s.close()
def trickle():
    n = 1
    while not stop.wait(1):
        for s in list(held):
            try:
                s.send(head[n % len(head):n % len(head) + 1])
            except OSError:
                held.remove(s)
        n += 1
threading.Thread(target=trickle, daemon=True).start()
time.sleep(2)
def alive(s):
    s.setblocking(False)
    try:
        return s.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
held[:] = [s for s in held if alive(s)]
for s in held: s.setblocking(True)
print("bench-nat: slow connections held by the server: %d of %d" % (len(held), slow))
latencies, failures = [], 0
for _ in range(requests):
    begun = time.monotonic()
    try:
        c = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=("127.0.2.1", 0))
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while True:
            chunk = c.recv(4096)
            if not chunk: break
            answer += chunk
        c.close()
        if not answer.startswith(b"HTTP/1.1 200"): raise OSError("answer: %r" % answer[:40])
        latencies.append(time.monotonic() - begun)
    except OSError:
        failures += 1
    time.sleep(0.01)
stop.set()
latencies.sort()
def at(q): return latencies[min(len(latencies) - 1, int(len(latencies) * q))] * 1000 if latencies else float("nan")
print("bench-nat: normal client: %d ok, %d failed; p50 %.2f ms, p99 %.2f ms, max %.2f ms" % (len(latencies), failures, at(0.5), at(0.99), at(1.0)))
sys.exit(1 if failures else 0)
PY
