#!/usr/bin/env bash
# Party dues benchmark: generating one month of bills for a 30,000-member university (target < 5 s,
# the dues issue). A fresh SQLite database with `zhdj demo --members N`, an approved base for every
# party member (in-service, bases spread over the brackets; written with sqlite3, not timed), then
# as demo-school POST /api/v1/dues/bills/generate for the whole university, timed with curl, and
# once more (nothing new to bill: the idempotent path). Raw output in bench/results/dues-<stamp>/.
#
# Environment: ZHDJ_BENCH_DUES_MEMBERS (30000), ZHDJ_BENCH_RUNS (3: fresh bills each run).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=bench/lib.sh
source bench/lib.sh
BUILD=build/release
ZHDJ=$ROOT/$BUILD/zhdj
MEMBERS=${ZHDJ_BENCH_DUES_MEMBERS:-30000}
RUNS=${ZHDJ_BENCH_RUNS:-3}
PASSWORD='Zhdj@2026demo'
log() { printf '[dues] %s\n' "$*" >&2; }

cmake --build "$BUILD" -j"${JOBS:-2}" --target zhdj >/dev/null
begin_results dues
{ machine_info; echo "members: $MEMBERS"; echo "runs: $RUNS"; } >"$OUT/machine.txt"
load_snapshot start

D=$TMP/db
mkdir -p "$D"
log "demo with $MEMBERS members"
"$ZHDJ" demo --db "sqlite:$D/z.db" --key-file "$D/k" --members "$MEMBERS" >"$OUT/demo.txt" 2>&1
MONTH=$(TZ=Asia/Shanghai date +%Y-%m)
ROOT_ORG=$(sqlite3 "$D/z.db" "SELECT id FROM orgs WHERE parent_id IS NULL")
sqlite3 "$D/z.db" <<SQL
INSERT INTO dues_bases (member_id, kind, monthly_base_fen, effective_month, status, declared_by,
                        declared_at, decided_by, decided_at)
  SELECT m.id, 'in_service', 200000 + (m.id * 7919) % 1200000, '$MONTH', 'approved', 1, 0, 1, 0
  FROM members m WHERE m.category IN ('full', 'probationary') AND m.status = 'active';
SQL
BASES=$(sqlite3 "$D/z.db" "SELECT COUNT(*) FROM dues_bases")
log "$BASES approved bases"

start_server "$D" --ip-rate 0 --account-rate 0
COOKIE=$(python3 bench/login.py "$URL" demo-school "$PASSWORD" "$TMP/totp")
CSRF=$(curl -s -H "Cookie: $COOKIE" "$URL/api/v1/auth/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')

generate() {  # label
  curl -s -o "$OUT/$1.json" -w '%{http_code} %{time_total}\n' -X POST \
    -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
    -d "{\"org_id\": $ROOT_ORG, \"month\": \"$MONTH\"}" "$URL/api/v1/dues/bills/generate"
}
for run in $(seq 1 "$RUNS"); do
  sqlite3 "$D/z.db" "DELETE FROM dues_bills"
  read -r code first < <(generate "generate-$run")
  read -r code2 again < <(generate "again-$run")
  created=$(python3 -c "import json; print(json.load(open('$OUT/generate-$run.json'))['created'])")
  echo "run $run: status $code created $created in ${first}s; again (status $code2) ${again}s" | tee -a "$OUT/times.txt"
done
load_snapshot end
python3 - "$OUT/times.txt" <<'PY'
import re, statistics, sys
rows = [re.findall(r"created (\d+) in ([\d.]+)s; again \(status \d+\) ([\d.]+)s", l)[0] for l in open(sys.argv[1])]
first = [float(r[1]) for r in rows]; again = [float(r[2]) for r in rows]
print(f"bills created per run: {rows[0][0]}; generate median {statistics.median(first):.2f} s "
      f"(min {min(first):.2f}, max {max(first):.2f}); again (nothing new) median {statistics.median(again):.2f} s")
PY
log "raw results: $OUT"
