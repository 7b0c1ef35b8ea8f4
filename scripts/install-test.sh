#!/usr/bin/env bash
# make install-test: the Debian package on this machine from nothing — purge any installation, the
# registrar user and its directories; apt-get install ./dist/registrar_*.deb; registrard started as
# the service user with the unit's ExecStart line (no systemd as PID 1 here: runuser); /healthz and
# /readyz; the console's access model for a non-root official; an upgrade (postinst backs up and
# migrates); then dpkg -r keeps configuration and data and dpkg -P removes the configuration only.
# Needs root. CI runs it after `make deb`.
set -euo pipefail
cd "$(dirname "$0")/.."

official=registrar-test-official
officials_group=registrar-officials
sudoers=/etc/sudoers.d/registrar-console
session=registrar-install-test
service_pid=""
log=$(mktemp /tmp/registrar-install-test.XXXXXX)

step() { echo "install-test: $*"; }
fail() {
  echo "install-test: FAIL: $*" >&2
  [ -s "$log" ] && sed 's/^/  registrard: /' "$log" >&2
  exit 1
}
cleanup() {
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  runuser -u "$official" -- tmux kill-session -t "$session" 2>/dev/null || true
  rm -f "$log" "$sudoers"
  userdel "$official" 2>/dev/null || true
  groupdel "$officials_group" 2>/dev/null || true
}
trap cleanup EXIT

# It installs and purges a package and adds users: root, or through sudo.
if [ "$(id -u)" -ne 0 ]; then exec sudo --preserve-env=PATH bash "$0" "$@"; fi
deb=$(ls -t dist/registrar_*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] || fail "no dist/registrar_*.deb: run make deb first"

mode() { stat -c '%a %U:%G' "$1"; }
expect_mode() { [ "$(mode "$1")" = "$2" ] || fail "$1 is $(mode "$1"), expected $2"; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http_status() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1$2" || true; }

# --- From nothing ------------------------------------------------------------------------------
step "purging any earlier installation, the user and the directories"
if dpkg-query -W -f='${Status}' registrar 2>/dev/null | grep -q 'installed\|config-files'; then
  dpkg -P registrar >/dev/null
fi
userdel "$official" 2>/dev/null || true
groupdel "$officials_group" 2>/dev/null || true
userdel registrar 2>/dev/null || true
groupdel registrar 2>/dev/null || true
rm -rf /etc/registrar /var/lib/registrar /var/log/registrar "$sudoers"
getent passwd registrar >/dev/null && fail "the registrar user is still there"

# --- Install -----------------------------------------------------------------------------------
step "apt-get install ./$deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
getent passwd registrar >/dev/null || fail "no registrar user after install (sysusers.d)"
[ "$(getent passwd registrar | cut -d: -f7)" = /usr/sbin/nologin ] || fail "the registrar user has a login shell"
for binary in /usr/sbin/registrard /usr/sbin/registrarctl /usr/bin/registrar-console; do
  [ -x "$binary" ] || fail "$binary missing"
  # Nothing outside the package: no Swift runtime from the toolchain, no library missing.
  if ldd "$binary" | grep -E 'not found|/opt/swift|libswift|libFoundation'; then fail "$binary needs libraries outside the package"; fi
  env -i PATH=/usr/sbin:/usr/bin "$binary" --version >/dev/null || fail "$binary --version failed"
done
expect_mode /etc/registrar/registrar.conf "640 root:registrar"
expect_mode /var/lib/registrar "700 registrar:registrar"
expect_mode /var/log/registrar "750 registrar:registrar"
grep -q '^export_directory = /var/lib/registrar/exports$' /etc/registrar/registrar.conf || fail "export_directory not set"
conffiles=$(dpkg-query -W -f='${Conffiles}' registrar)
for conffile in /etc/registrar/registrar.conf /etc/registrar/reference/provinces.csv /etc/registrar/texts/registration-notice.txt \
  /etc/logrotate.d/registrar; do
  grep -q " $conffile " <<<"$conffiles" || fail "$conffile is not a conffile"
done
for page in registrard.8 registrarctl.8 registrar-console.1 registrar.conf.5 registrar.7; do
  [ -e "/usr/share/man/man${page##*.}/$page.gz" ] || fail "man page $page missing"
done
[ -e /usr/share/doc/registrar/examples/qualifications.csv ] || fail "samples missing from the examples"
[ -e /usr/share/doc/registrar/examples/patroni/registrar.yml ] || fail "the Patroni sample missing from the examples"
[ -e /usr/share/doc/registrar/examples/haproxy/registrar-nodes.cfg ] || fail "the HAProxy samples missing from the examples"
[ -e /usr/share/doc/registrar/README.Debian.gz ] || [ -e /usr/share/doc/registrar/README.Debian ] || fail "README.Debian missing"
rotation=$(logrotate -d /etc/logrotate.d/registrar 2>&1 || true)
grep -q 'rotating pattern: /var/log/registrar/\*.log' <<<"$rotation" || fail "logrotate does not read the snippet: $rotation"
grep -Eq '^\s*rotate (1[89][0-9]|[2-9][0-9]{2})$' /etc/logrotate.d/registrar || fail "logrotate keeps fewer than 180 days"

# The units: every path the package's, the timers enabled (deemed acceptance is a legal duty).
for unit in registrard.service registrar-backup.service registrar-checkpoint.service registrar-duties.service \
  registrar-purge.service registrar-backup.timer registrar-checkpoint.timer registrar-duties.timer registrar-purge.timer; do
  [ -e "/lib/systemd/system/$unit" ] || fail "$unit missing"
  ! grep -q /usr/local "/lib/systemd/system/$unit" || fail "$unit names /usr/local"
done
for timer in registrar-backup registrar-checkpoint registrar-duties registrar-purge; do
  [ -L "/etc/systemd/system/timers.target.wants/$timer.timer" ] || fail "$timer.timer is not enabled"
done
[ -L /etc/systemd/system/multi-user.target.wants/registrard.service ] || fail "registrard.service is not enabled"

# --- Run as the service user, as the unit does -------------------------------------------------
unit=/lib/systemd/system/registrard.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
[ -n "$exec_start" ] || fail "no ExecStart in $unit"
port=$(free_port)
step "runuser -u registrar -- $exec_start --listen 127.0.0.1:$port   (a free port: 8080 may be taken on a shared machine)"
# shellcheck disable=SC2086
runuser -u registrar -- $exec_start --listen "127.0.0.1:$port" >"$log" 2>&1 &
service_pid=$!
for _ in $(seq 1 100); do
  [ "$(http_status "$port" /healthz)" = 200 ] && break
  kill -0 "$service_pid" 2>/dev/null || fail "registrard ended at start"
  sleep 0.2
done
[ "$(http_status "$port" /healthz)" = 200 ] || fail "/healthz does not answer 200"
readyz=$(http_status "$port" /readyz)
case "$readyz" in
200) step "/readyz answers 200" ;;
404) step "/readyz: no such route in this version (404); /healthz only" ;;
*) fail "/readyz answers $readyz" ;;
esac
expect_mode /var/lib/registrar/registrar.db "600 registrar:registrar"
[ "$(stat -c %U /var/log/registrar/access.log)" = registrar ] || fail "the access log is not the service user's"
grep -q '/healthz' /var/log/registrar/access.log || fail "no request in /var/log/registrar/access.log"
runuser -u registrar -- /usr/sbin/registrarctl --config /etc/registrar/registrar.conf status >/dev/null ||
  fail "registrarctl status as the service user failed"
# registrar(7) EXAMPLES for the package, as root (registrarctl acts as the data directory's owner).
registrarctl import enterprises /usr/share/doc/registrar/examples/enterprises.csv >/dev/null ||
  fail "registrarctl import enterprises (registrar(7) EXAMPLES) failed"
registrarctl official add --name 王建国 --province 11 --roles all wang.jg >/dev/null ||
  fail "registrarctl official add (registrar(7) EXAMPLES) failed"
[ "$(stat -c %U /var/lib/registrar/registrar.db)" = registrar ] || fail "root's registrarctl left the database root's"
# The duties' service, as its timer would start it (the ExecStart line, as the service user).
duties=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/registrar-duties.service)
# shellcheck disable=SC2086
runuser -u registrar -- $duties --dry-run >/dev/null || fail "$duties --dry-run failed as the service user"

# The installed unit's sandbox on the installed (release, static standard library) binary, as the service user.
sandbox=$(/usr/bin/python3 scripts/unit-sandbox.py --unit "$unit" --binary /usr/sbin/registrard \
  --config /etc/registrar/registrar.conf --user registrar 2>&1) || fail "the unit's sandbox: $sandbox"
step "the installed unit's seccomp filter and limits hold registrard as the service user (scripts/unit-sandbox.py)"

# --- The console for a non-root official (registrar-console(1), EXAMPLES and ACCESS) ------------
step "the console through sudo for a non-root official"
groupadd "$officials_group"
useradd -M -N -g "$officials_group" -s /bin/sh "$official"
install -m 0440 /usr/share/doc/registrar/examples/sudoers.d-registrar-console "$sudoers"
visudo -c -q -f "$sudoers" || fail "the sudoers sample does not parse"
if runuser -u "$official" -- cat /etc/registrar/registrar.conf >/dev/null 2>&1; then fail "an official reads registrar.conf"; fi
if runuser -u "$official" -- ls /var/lib/registrar >/dev/null 2>&1; then fail "an official lists the data directory"; fi
if runuser -u "$official" -- sudo -n -u registrar /usr/sbin/registrarctl status >/dev/null 2>&1; then
  fail "the sudo rule lets an official run registrarctl"
fi
if runuser -u "$official" -- sudo -n -u registrar registrar-console --data-dir /tmp >/dev/null 2>&1; then
  fail "the sudo rule lets an official pass arguments to the console"
fi
# The EXAMPLES line, as written, in a terminal of the official's.
runuser -u "$official" -- env LANG=C.UTF-8 TERM=xterm-256color HOME=/tmp \
  tmux new-session -d -s "$session" -x 120 -y 40 "sudo -u registrar registrar-console"
shown=""
for _ in $(seq 1 50); do
  shown=$(runuser -u "$official" -- tmux capture-pane -p -t "$session" 2>/dev/null || true)
  grep -q '用户名' <<<"$shown" && break
  sleep 0.2
done
grep -q '用户名' <<<"$shown" || fail "the console's login screen did not appear for the official: $shown"
runuser -u "$official" -- tmux kill-session -t "$session" 2>/dev/null || true

# --- Upgrade: postinst backs up and migrates as the service user --------------------------------
step "stopping registrard, reinstalling the package (the upgrade path of postinst)"
# SIGTERM to registrard itself (runuser's child), as systemd's stop would send it.
registrard_pid=$(pgrep -P "$service_pid" -x registrard) || fail "no registrard under runuser"
kill -TERM "$registrard_pid"
wait "$service_pid" || fail "registrard did not stop cleanly on SIGTERM"
service_pid=""
echo "# an administrator's change" >>/etc/registrar/registrar.conf
upgrade=$(DEBIAN_FRONTEND=noninteractive dpkg -i --force-confold "$deb" 2>&1) || fail "reinstall failed: $upgrade"
grep -q 'backing up the database' <<<"$upgrade" || fail "postinst did not back up: $upgrade"
grep -q 'migrating the database' <<<"$upgrade" || fail "postinst did not migrate: $upgrade"
ls /var/lib/registrar/backups/before-upgrade-from-*.db >/dev/null 2>&1 || fail "no backup in /var/lib/registrar/backups"
expect_mode "$(ls /var/lib/registrar/backups/before-upgrade-from-*.db | head -1)" "600 registrar:registrar"
grep -q "an administrator's change" /etc/registrar/registrar.conf || fail "the upgrade overwrote a changed registrar.conf"
expect_mode /etc/registrar/registrar.conf "640 root:registrar"

# --- Remove and purge --------------------------------------------------------------------------
step "dpkg -r: configuration and data stay"
dpkg -r registrar >/dev/null
[ ! -e /usr/sbin/registrard ] || fail "dpkg -r left /usr/sbin/registrard"
[ -e /etc/registrar/registrar.conf ] || fail "dpkg -r removed registrar.conf"
[ -e /var/lib/registrar/registrar.db ] || fail "dpkg -r removed the database"
step "dpkg -P: configuration goes, /var/lib/registrar stays"
dpkg -P registrar >/dev/null
[ ! -e /etc/registrar ] || fail "dpkg -P left /etc/registrar"
[ -e /var/lib/registrar/registrar.db ] || fail "dpkg -P removed the database"
[ -e /var/lib/registrar/keys/sealing.key ] || fail "dpkg -P removed the keys"
step "pass"
