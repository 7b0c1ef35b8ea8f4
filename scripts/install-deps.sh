#!/usr/bin/env bash
# Installs the Debian packages Registrar builds, runs and tests with. Idempotent; needs root (or sudo).
set -euo pipefail
packages=(
  pkg-config
  libsqlite3-dev sqlite3
  # The PostgreSQL store: libpq, and the server for the test cluster (scripts/pg-test-cluster.sh).
  # Debian 12's postgresql-15 carries the contrib extensions (pg_trgm): no postgresql-contrib needed.
  libpq-dev postgresql
  libsodium-dev
  libmicrohttpd-dev
  libncurses-dev libchafa-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk
  libqrencode-dev
  # The officials' second factor (TOTP, RFC 6238).
  liboath-dev
  libturbojpeg0-dev libpng-dev
  mandoc poppler-utils zbar-tools tmux curl
  wrk
  # The TLS front ends' test (TLSFrontEndTests): nginx, HAProxy, a self-signed certificate.
  nginx haproxy openssl
  # The Debian package (make deb, make install-test), the unit's sandbox test (systemd-analyze,
  # python3-seccomp), sd_notify (libsystemd-dev), and the access model's sudo sample.
  libsystemd-dev systemd python3 python3-seccomp
  # The Patroni sample's test (FailoverTests.patroniSample) parses it as YAML.
  python3-yaml
  debhelper dpkg-dev fakeroot lintian logrotate sudo
  # The static Foundation's URLSession (make deb) links Debian's libcurl.
  libcurl4-openssl-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all Debian packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
