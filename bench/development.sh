#!/usr/bin/env bash
# Member development at university scale: the to-do list, the board and the funnel are computed
# from every open case's dates when read (no status table kept up to date), so their cost grows
# with the cases in scope. A fresh SQLite database with `zhdj demo --members N` (the demo opens a
# case for every activist, development target and probationary member), then wrk -t1 -c1 with
# bench/percentiles.lua, ZHDJ_BENCH_DURATION seconds per query and run, on:
#   todo_university   GET /development/todo as demo-school (every open case of the university)
#   todo_college      GET /development/todo?org_id=<the demo college> as demo-school
#   board_branch      GET /development/cases?org_id=<the demo branch> as demo-branch
#   funnel_university GET /development/funnel as demo-school (every case of the year's steps)
# and nginx serving the university to-do answer's bytes as the reference. Raw output in
# bench/results/development-<stamp>/, the summary in summary.md.
#
# Environment: ZHDJ_BENCH_DEV_MEMBERS (30000), ZHDJ_BENCH_RUNS (3), ZHDJ_BENCH_DURATION (10).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=bench/lib.sh
source bench/lib.sh
BUILD=build/release
ZHDJ=$ROOT/$BUILD/zhdj
MEMBERS=${ZHDJ_BENCH_DEV_MEMBERS:-30000}
RUNS=${ZHDJ_BENCH_RUNS:-3}
DURATION=${ZHDJ_BENCH_DURATION:-10}
PASSWORD='Zhdj@2026demo'
CLK_TCK=$(getconf CLK_TCK)
log() { printf '[development] %s\n' "$*" >&2; }
for tool in wrk nginx curl python3 sqlite3; do
  command -v "$tool" >/dev/null || { echo "development: $tool missing (scripts/setup.sh)" >&2; exit 2; }
done

cmake --build "$BUILD" -j"${JOBS:-2}" --target zhdj >/dev/null
begin_results development
{ machine_info; echo "members: $MEMBERS"; echo "runs: $RUNS"; echo "duration_s: $DURATION"; } >"$OUT/machine.txt"
load_snapshot start

D=$TMP/db
mkdir -p "$D"
log "demo with $MEMBERS members"
"$ZHDJ" demo --db "sqlite:$D/z.db" --key-file "$D/k" --members "$MEMBERS" >"$OUT/demo.txt" 2>&1
sqlite3 "$D/z.db" >>"$OUT/demo.txt" <<'SQL'
SELECT 'cases: ' || COUNT(*) FROM dev_cases;
SELECT 'steps: ' || COUNT(*) FROM dev_steps;
SQL
tail -2 "$OUT/demo.txt" >&2

start_server "$D" --ip-rate 0 --account-rate 0
SCHOOL=$(python3 bench/login.py "$URL" demo-school "$PASSWORD" "$TMP/totp-school")
BRANCH=$(python3 bench/login.py "$URL" demo-branch "$PASSWORD" "$TMP/totp-branch")
grant_org() {  # cookie role
  curl -sf -H "Cookie: $1" "$URL/api/v1/auth/session" |
    json_get "[g['org_id'] for g in j['grants'] if g['role'] == '$2'][0]"
}
BRANCH_ID=$(grant_org "$BRANCH" branch_admin)
COLLEGE_ID=$(sqlite3 "$D/z.db" "SELECT o.parent_id FROM orgs o WHERE o.id = $BRANCH_ID")
QUERIES=(
  "todo_university|$SCHOOL|/api/v1/development/todo"
  "todo_college|$SCHOOL|/api/v1/development/todo?org_id=$COLLEGE_ID"
  "board_branch|$BRANCH|/api/v1/development/cases?org_id=$BRANCH_ID"
  "funnel_university|$SCHOOL|/api/v1/development/funnel"
)
: >"$OUT/queries.txt"
for q in "${QUERIES[@]}"; do
  IFS='|' read -r name cookie path <<<"$q"
  curl -sf -H "Cookie: $cookie" -o "$OUT/body-$name.json" "$URL$path" ||
    { echo "development: $path failed" >&2; exit 1; }
  echo "$name|$path|$(stat -c %s "$OUT/body-$name.json")" >>"$OUT/queries.txt"
done
column -t -s'|' "$OUT/queries.txt" >&2

mkdir -p "$TMP/www"
cp "$OUT/body-todo_university.json" "$TMP/www/todo.json"
chmod 644 "$TMP/www/todo.json"
NPORT=$(free_port)
start_nginx "$TMP/nginx" "$NPORT" "$TMP/www"
for i in $(seq 1 "$RUNS"); do
  load_snapshot "round${i}_start"
  for q in "${QUERIES[@]}"; do
    IFS='|' read -r name cookie path <<<"$q"
    log "run $i/$RUNS: $name (wrk -t1 -c1 -d$DURATION)"
    measured "$OUT/wrk-$name-$i.txt" "$SERVER_PID" wrk -t1 -c1 -d"$DURATION" --latency \
      -s bench/percentiles.lua -H "Cookie: $cookie" "$URL$path"
  done
  log "run $i/$RUNS: nginx static $(stat -c %s "$TMP/www/todo.json") bytes"
  measured "$OUT/wrk-nginx_static-$i.txt" "$(nginx_pids "$TMP/nginx")" wrk -t1 -c1 -d"$DURATION" \
    --latency -s bench/percentiles.lua "http://127.0.0.1:$NPORT/todo.json"
done
load_snapshot end
echo "server_vmhwm: $(awk '/^VmHWM:/ {print $2, $3}' "/proc/$SERVER_PID/status")" >>"$OUT/machine.txt"
stop_server
stop_nginx "$TMP/nginx"

python3 - "$OUT" <<'PY' | tee "$OUT/summary.md"
import glob, os, sys
sys.path.insert(0, "bench")
from results_lib import fmt, keyed, med, parse_wrk
out = sys.argv[1]
names = [l.split("|")[0] for l in open(os.path.join(out, "queries.txt"))] + ["nginx_static"]
sizes = {l.split("|")[0]: int(l.split("|")[2]) for l in open(os.path.join(out, "queries.txt"))}
demo = open(os.path.join(out, "demo.txt")).read()
print(f"`{os.path.basename(out)}`: " + ", ".join(l for l in demo.splitlines() if l.startswith(("cases:", "steps:"))))
print()
print("| query | bytes | p50 ms | p95 ms | p99 ms | req/s | server ms/req | × nginx p50 |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
ref = [parse_wrk(p) for p in sorted(glob.glob(os.path.join(out, "wrk-nginx_static-*.txt")))]
ref_p50 = med(ref, "p50_ms")
for n in names:
    runs = [parse_wrk(p) for p in sorted(glob.glob(os.path.join(out, f"wrk-{n}-*.txt")))]
    if not runs:
        continue
    p50 = med(runs, "p50_ms")
    print(f"| {n} | {sizes.get(n, sizes.get('todo_university', 0)):,} | {fmt(p50, 2)} | {fmt(med(runs, 'p95_ms'), 2)} | "
          f"{fmt(med(runs, 'p99_ms'), 2)} | {fmt(med(runs, 'rps'), 0)} | {fmt(med(runs, 'server_ms_per_request'), 2)} | "
          f"{fmt(p50 / ref_p50, 0) if n != 'nginx_static' else '1'} |")
PY
log "raw results: $OUT"
