#!/usr/bin/env bash
# Times the console's heavy screens on a generated database of 1,000,000 applicants and
# 3,000,000 filings: the home screen, a queue page (first, next, last), a search by ID number and
# a filing's detail, each through the code the console runs (ConsoleRunner: use case + render).
#
#   scripts/bench-console.sh [APPLICANTS] [FILINGS_PER_APPLICANT]     (defaults 1000000 and 3)
#
# The synthetic rows carry random bytes where sealed ID numbers and lookup hashes go (the
# benchmark never opens them); the ten applicants it searches for and opens are real, sealed with
# the data directory's keys. A third of everything is Beijing's (province 11), the province of the
# benchmark's official; of each applicant's three filings two are closed and the newest is in one
# of the stages a department works on, so Beijing has about 100,000 open filings.
set -euo pipefail
cd "$(dirname "$0")/.."
applicants=${1:-1000000}
per=${2:-3}
filings=$((applicants * per))
dir=$(mktemp -d /tmp/registrar-bench.XXXXXX)
data="$dir/data"
trap 'rm -rf "$dir"' EXIT

swift build -c release --product registrar-console-bench >/dev/null
bench=$(swift build -c release --show-bin-path)/registrar-console-bench
"$bench" init Config/registrar.conf "$data"

now_us=$(( $(date +%s) * 1000000 ))
echo "generating $applicants applicants and $filings filings ..."
start=$(date +%s)
sqlite3 "$data/registrar.db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -400000;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $applicants)
INSERT INTO applicants (id, id_lookup, id_sealed, id_masked, name, phone, password_hash, verification,
    verification_method, verification_province_code, verified_at, failed_logins, created_at, version)
SELECT 100 + i, randomblob(32), randomblob(58),
    printf('%02d%02d**********%04d', 11 + (i % 3) * 10, i % 100, i % 10000),
    substr('王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗', 1 + i % 20, 1) || substr('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平', 1 + (i / 20) % 20, 1)
        || CASE WHEN i % 3 = 0 THEN substr('华建国英文辉', 1 + i % 6, 1) ELSE '' END,
    printf('139%08d', i), 'synthetic',
    CASE WHEN i % 997 = 0 THEN 'pending-on-site' ELSE 'verified' END, 'on-site',
    CASE i % 3 WHEN 0 THEN '11' WHEN 1 THEN '31' ELSE '44' END,
    $now_us - i * 1000, 0, $now_us - i * 1000, 1
FROM n;
COMMIT;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $filings - 1),
f AS (
    SELECT i, 100 + 1 + (i % $applicants) AS a, i / $applicants AS g,
        CASE WHEN i / $applicants < $per - 1 THEN CASE i % 4 WHEN 0 THEN 'refused' WHEN 1 THEN 'withdrawn' ELSE 'issued' END
        ELSE CASE i % 20 WHEN 0 THEN 'submitted' WHEN 1 THEN 'submitted' WHEN 2 THEN 'accepted' WHEN 3 THEN 'reviewed'
            WHEN 4 THEN 'approved' WHEN 5 THEN 'returned' ELSE 'issued' END END AS stage,
        date('now', '-' || (i % 60) || ' days') AS day,
        CASE (i / 7) % 8 WHEN 0 THEN 'change' WHEN 1 THEN 'additional' WHEN 2 THEN 'cancellation' ELSE 'initial' END AS kind
    FROM n
)
INSERT INTO filings (applicant_id, qualification, kind, payload, stage, province_code, round, submitted_at, submitted_on,
    accepted_on, issue_required, return_items, is_open, updated_at, version)
SELECT a, 'regular', kind,
    CASE kind
        WHEN 'cancellation' THEN '{"cancellation":{"reasonCode":"04"}}'
        WHEN 'additional' THEN '{"additional":{"contract":{"end":"2029-01-01","start":"2025-01-01"},"specialties":["building"]}}'
        WHEN 'change' THEN '{"change":{"_0":{"contract":{"end":"2029-01-01","start":"2025-01-01"},"enterpriseCode":"91110000000000001H","specialties":[]}}}'
        ELSE '{"initial":{"_0":{"contract":{"end":"2029-01-01","start":"2025-01-01"},"enterpriseCode":"91110000000000001H","specialties":["building"]}}}'
    END,
    stage, CASE (a - 101) % 3 WHEN 0 THEN '31' WHEN 1 THEN '44' ELSE '11' END, 1, $now_us - i, day,
    CASE WHEN stage IN ('accepted', 'reviewed', 'approved', 'issued') THEN day END,
    CASE WHEN stage IN ('approved', 'issued') THEN 1 ELSE 0 END, '[]',
    CASE WHEN stage IN ('submitted', 'accepted', 'reviewed', 'returned', 'approved') THEN 1 ELSE 0 END, $now_us - i, 1
FROM f;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL

echo "generated in $(( $(date +%s) - start )) s: $(du -sh "$data/registrar.db" | cut -f1)"
sqlite3 "$data/registrar.db" "SELECT 'applicants', count(*) FROM applicants; SELECT 'filings', count(*) FROM filings;
    SELECT 'Beijing open', count(*) FROM filings WHERE province_code = '11' AND is_open = 1;"
"$bench" run Config/registrar.conf "$data"
