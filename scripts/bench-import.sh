#!/usr/bin/env bash
# Benchmark: `registrarctl import qualifications` of 1,000,000 rows (valid GB 11643 ID numbers) in
# release mode, on a fresh data directory. Prints rows per second.
#   scripts/bench-import.sh [ROWS]          (default 1000000; CI runs it with 20000)
# Fails when the import does: a rejected row, an aborted import, fewer rows imported than written.
set -euo pipefail
cd "$(dirname "$0")/.."
# CONFIGURATION=debug runs the debug build (CI: the figures do not matter there, that it runs does).
configuration=${CONFIGURATION:-release}
rows=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

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

"$ctl" --config Config/registrar.conf --data-dir "$work/data" init >/dev/null
start=$(date +%s.%N)
if ! "$ctl" --config Config/registrar.conf --data-dir "$work/data" import qualifications "$work/qualifications.csv" >"$work/import.txt"; then
  head -20 "$work/import.txt" >&2
  echo "bench-import: the import failed" >&2
  exit 1
fi
end=$(date +%s.%N)
tail -1 "$work/import.txt"
grep -q "导入 $rows 行" "$work/import.txt" || { echo "bench-import: not every row was imported" >&2; exit 1; }
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{int(sys.argv[3]):,} rows in {s:.1f} s: {int(sys.argv[3])/s:,.0f} rows/s')" "$start" "$end" "$rows"
