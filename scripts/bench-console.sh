#!/usr/bin/env bash
# Times the console's heavy screens on a generated database of 1,000,000 applicants and
# 3,000,000 filings: the home screen, a queue page (first, next, last), a search by ID number and
# a filing's detail, each through the code the console runs (ConsoleRunner: use case + render).
#
#   scripts/bench-console.sh [APPLICANTS] [FILINGS_PER_APPLICANT]     (defaults 1000000 and 3)
#
# CI runs it small (scripts/bench-console.sh 3000 3). It fails when a step fails: an error on the
# screen (系统暂时无法完成该操作 and the like) or a row the store cannot read.
#
# The synthetic rows are written by the store itself (SQLiteStore.insertSyntheticData, one SQL
# statement per table, payloads from the store's own encoder). They carry random bytes where
# sealed ID numbers and lookup hashes go (the benchmark never opens them); the ten applicants it
# searches for and opens are real, sealed with the data directory's keys. A third of everything
# is Beijing's (province 11), the province of the benchmark's official; of each applicant's three
# filings two are closed and the newest is in one of the stages a department works on, so Beijing
# has about 100,000 open filings.
set -euo pipefail
cd "$(dirname "$0")/.."
# CONFIGURATION=debug runs the debug build (CI: the figures do not matter there, that it runs does).
configuration=${CONFIGURATION:-release}
applicants=${1:-1000000}
per=${2:-3}
dir=$(mktemp -d /tmp/registrar-bench.XXXXXX)
data="$dir/data"
trap 'rm -rf "$dir"' EXIT

# The shipped configuration, but the officials sign in with the password alone: the benchmark measures the
# console's screens, not a second factor it cannot type.
sed -e "s|^official_totp = required|official_totp = off|" \
    -e "s|^reference_directory = reference|reference_directory = $PWD/Config/reference|" \
    -e "s|^texts_directory = texts|texts_directory = $PWD/Config/texts|" Config/registrar.conf > "$dir/registrar.conf"
grep -q "^official_totp = off" "$dir/registrar.conf" || { echo "bench-console: could not turn the second factor off" >&2; exit 1; }

swift build -c "$configuration" --product registrar-console-bench >/dev/null
bench=$(swift build -c "$configuration" --show-bin-path)/registrar-console-bench
"$bench" init --config "$dir/registrar.conf" --data-dir "$data" --applicants "$applicants" --filings-per-applicant "$per"

echo "database: $(du -sh "$data/registrar.db" | cut -f1)"
sqlite3 "$data/registrar.db" "SELECT 'applicants', count(*) FROM applicants; SELECT 'filings', count(*) FROM filings;
    SELECT 'Beijing open', count(*) FROM filings WHERE province_code = '11' AND is_open = 1;"
"$bench" run --config "$dir/registrar.conf" --data-dir "$data"
