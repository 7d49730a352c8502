#!/usr/bin/env bash
# Member registry benchmarks (the registry issue's two targets), on SQLite, loopback only:
#
#  1. List and filter at 30,000 people, target p95 < 50 ms at the API. `zhdj demo --members 30000`
#     (timed) in a fresh database, then wrk at a few connections (latency, not queueing) on each
#     list query of the registry, as the university admin demo-school and the branch admin
#     demo-branch, plus the composition statistics and alerts, with nginx serving a static JSON
#     file the size of a list page as the same-run reference. bench/percentiles.lua adds p95.
#  2. Import of a 30,000-row roster, target < 10 s end to end. bench/gen_roster writes the .xlsx
#     (template columns, valid ID numbers); each run takes a fresh database with a small demo,
#     uploads it (preview), confirms it, and uploads it again ("all unchanged" preview), timing
#     each HTTP call with curl and reading the server's peak RSS (VmHWM).
#
# Raw output goes to bench/results/registry-<UTC time>/ (gitignored), a markdown summary to stdout
# (bench/registry_summary.py DIR prints it again). docs/performance.md, "Member registry", has the
# numbers and what they mean.
#
# Environment (all optional):
#   ZHDJ_BENCH_DURATION      wrk duration per run, whole seconds (default 10s)
#   ZHDJ_BENCH_RUNS          runs per scenario and import runs (default 3; medians are reported)
#   ZHDJ_BENCH_CONNECTIONS   wrk connection counts for the list queries, each a scenario of its own
#                            (default "4 1": 4 connections as the issue asks, and 1, where a request
#                            never waits for another; wrk -t2, or -t1 at one connection)
#   ZHDJ_BENCH_LIST_MEMBERS  demo members for the list benchmark (default 30000)
#   ZHDJ_BENCH_IMPORT_ROWS   rows of the generated roster (default 30000)
#   ZHDJ_BENCH_IMPORT_DEMO   demo members already in the database before an import (default 200)
#   ZHDJ_BENCH_SKIP_LIST=1 / ZHDJ_BENCH_SKIP_IMPORT=1   leave one part out
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=bench/lib.sh
source bench/lib.sh
BUILD=build/release
ZHDJ=$ROOT/$BUILD/zhdj
GEN=$ROOT/$BUILD/bench/gen_roster
DURATION=${ZHDJ_BENCH_DURATION:-10s}
DURATION_S=${DURATION%s}
[[ "$DURATION_S" =~ ^[0-9]+$ ]] || { echo "registry: ZHDJ_BENCH_DURATION must be whole seconds, e.g. 10s" >&2; exit 1; }
DURATION=${DURATION_S}s
RUNS=${ZHDJ_BENCH_RUNS:-3}
CONNS=${ZHDJ_BENCH_CONNECTIONS:-4 1}
LIST_MEMBERS=${ZHDJ_BENCH_LIST_MEMBERS:-30000}
IMPORT_ROWS=${ZHDJ_BENCH_IMPORT_ROWS:-30000}
IMPORT_DEMO=${ZHDJ_BENCH_IMPORT_DEMO:-200}
PASSWORD='Zhdj@2026demo'
XLSX_TYPE=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[registry] %s\n' "$*" >&2; }

[ -f "$BUILD/build.ninja" ] || [ -f "$BUILD/Makefile" ] || {
  echo "registry: $BUILD is not configured (cmake --preset release -G Ninja)" >&2; exit 1; }
for tool in wrk nginx curl python3 sqlite3; do
  command -v "$tool" >/dev/null || { echo "registry: $tool not found (scripts/setup.sh installs it)" >&2; exit 1; }
done
log "building zhdj and gen_roster"
cmake --build "$BUILD" -j2 --target zhdj gen_roster

begin_results registry
{
  machine_info
  echo "connections: $CONNS"
  echo "duration_s: $DURATION_S"
} >"$OUT/machine.txt"
load_snapshot start


# --- 1. list and filter ---------------------------------------------------------------------------
if [ "${ZHDJ_BENCH_SKIP_LIST:-0}" != 1 ]; then
  L=$TMP/list
  mkdir -p "$L"
  demo_timed() {  # the demo load, timed into demo-time.txt
    /usr/bin/time -f 'demo_seconds: %e\ndemo_max_rss_kib: %M\ndemo_cpu_seconds: %U %S' -o "$OUT/demo-time.txt" \
      "$ZHDJ" demo --db "sqlite:$L/z.db" --key-file "$L/k" --members "$LIST_MEMBERS" >"$OUT/demo.log" 2>&1
  }
  log "zhdj demo --members $LIST_MEMBERS (timed)"
  if ! demo_timed; then
    # `zhdj demo` draws ID numbers at random and does not check them for repeats: from about
    # 17,000 members on two people get the same one and the load fails on members_id_index
    # (docs/performance.md, "Member registry"). Until that is fixed: load with that unique index
    # dropped, clear the ID number of each later holder of a repeated one, put the index back.
    grep -q 'UNIQUE constraint failed: members.id_index' "$OUT/demo.log" || { cat "$OUT/demo.log" >&2; exit 1; }
    log "zhdj demo failed on a repeated ID number; loading without members_id_index, then de-duplicating"
    rm -f "$L"/z.db*
    "$ZHDJ" migrate --db "sqlite:$L/z.db" --key-file "$L/k" >>"$OUT/demo.log" 2>&1
    sqlite3 "$L/z.db" 'DROP INDEX members_id_index'
    demo_timed || { cat "$OUT/demo.log" >&2; exit 1; }
    sqlite3 "$L/z.db" >>"$OUT/demo-time.txt" <<'SQL'
UPDATE members SET id_enc = NULL, id_index = NULL, id_mask = NULL
 WHERE id_index IS NOT NULL
   AND id NOT IN (SELECT MIN(id) FROM members WHERE id_index IS NOT NULL GROUP BY id_index);
SELECT 'demo_repeated_ids_cleared: ' || changes();
CREATE UNIQUE INDEX members_id_index ON members (id_index);
SQL
    echo "demo_workaround: loaded without members_id_index (see docs/performance.md)" >>"$OUT/demo-time.txt"
  fi
  echo "db_bytes: $(stat -c %s "$L/z.db")" >>"$OUT/demo-time.txt"
  cat "$OUT/demo-time.txt" >&2
  start_server "$L" --ip-rate 0 --account-rate 0
  log "zhdj pid $SERVER_PID on $URL"
  SCHOOL=$(python3 bench/login.py "$URL" demo-school "$PASSWORD" "$L/totp-school")
  BRANCH=$(python3 bench/login.py "$URL" demo-branch "$PASSWORD" "$L/totp-branch")
  # A college: the first one under the root (计算机科学与技术学院党委 in the demo).
  curl -sf -H "Cookie: $SCHOOL" "$URL/api/v1/orgs" >"$OUT/orgs.json"
  COLLEGE_ID=$(json_get "next(o['id'] for o in j['items'] if o['depth'] == 1)" <"$OUT/orgs.json")
  # The cursor of the 100th page of the default list (99 pages followed from the first; the last
  # page's when there are fewer).
  CURSOR=$(python3 - "$URL" "$SCHOOL" <<'PY'
import json, sys, urllib.parse, urllib.request
base, cookie = sys.argv[1], sys.argv[2]
cursor = None
for _ in range(99):
    url = base + "/api/v1/members?limit=50" + ("&cursor=" + urllib.parse.quote(cursor) if cursor else "")
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie})) as r:
        following = json.load(r)["next_cursor"]
    if following is None:
        break
    cursor = following
print(urllib.parse.quote(cursor or "", safe="~"))
PY
)
  # name|who|path: the queries, in the order they are run in each round.
  QUERIES=(
    "list_name|school|/api/v1/members?limit=50"
    "list_joined_desc|school|/api/v1/members?limit=50&sort=joined_on&order=desc"
    "list_page100|school|/api/v1/members?limit=50&cursor=$CURSOR"
    "filter_full_female_30_45|school|/api/v1/members?category=full&gender=female&age_min=30&age_max=45"
    "filter_undergraduate_high_school|school|/api/v1/members?identity=undergraduate&education=high_school"
    "q_initials_zs|school|/api/v1/members?q=zs"
    "q_pinyin_zhang|school|/api/v1/members?q=zhang"
    "q_student_no_2021|school|/api/v1/members?q=2021"
    "q_name_wei|school|/api/v1/members?q=%E4%BC%9F"
    "org_college|school|/api/v1/members?org_id=$COLLEGE_ID"
    "branch_list|branch|/api/v1/members?limit=50"
    "stats|school|/api/v1/members/stats"
    "alerts|school|/api/v1/members/alerts"
  )
  : >"$OUT/queries.txt"
  for q in "${QUERIES[@]}"; do
    IFS='|' read -r name who path <<<"$q"
    cookie=$SCHOOL; [ "$who" = branch ] && cookie=$BRANCH
    curl -sf -H "Cookie: $cookie" -o "$OUT/body-$name.json" "$URL$path" ||
      { echo "registry: GET $path as demo-$who failed" >&2; exit 1; }
    summary=$(json_get "f\"total={j.get('total', '')} items={len(j['items']) if 'items' in j else ''}\"" \
      <"$OUT/body-$name.json")
    echo "$name|demo-$who|$path|$(stat -c %s "$OUT/body-$name.json")|$summary" >>"$OUT/queries.txt"
  done
  column -t -s'|' "$OUT/queries.txt" >&2

  # nginx serves the first page's bytes as the reference.
  mkdir -p "$TMP/www"
  cp "$OUT/body-list_name.json" "$TMP/www/page.json"
  chmod 644 "$TMP/www/page.json"
  NPORT=$(free_port)
  start_nginx "$TMP/nginx" "$NPORT" "$TMP/www"
  NURL=http://127.0.0.1:$NPORT/page.json

  run_wrk() {  # scenario, "pids", wrk arguments...
    local name=$1 pids=$2; shift 2
    local before after busy_before busy_after
    # shellcheck disable=SC2086
    before=$(cpu_ticks $pids); busy_before=$(machine_busy_ticks)
    # shellcheck disable=SC2016
    run_child bash -c 'TIMEFORMAT="client_cpu_seconds: %3U %3S"; time wrk "$@"' wrk "$@" \
      >"$OUT/wrk-$name.txt" 2>"$TMP/wrk.stderr"
    # shellcheck disable=SC2086
    after=$(cpu_ticks $pids); busy_after=$(machine_busy_ticks)
    cat "$TMP/wrk.stderr" >>"$OUT/wrk-$name.txt"
    {
      echo "server_cpu_ticks: $(( after - before )) clk_tck: $CLK_TCK"
      echo "machine_busy_ticks: $(( busy_after - busy_before ))"
      echo "loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
    } >>"$OUT/wrk-$name.txt"
  }
  for i in $(seq 1 "$RUNS"); do
    load_snapshot "list_round${i}_start"
    for c in $CONNS; do
      t=2; [ "$c" -lt 2 ] && t=1
      for q in "${QUERIES[@]}"; do
        IFS='|' read -r name who path <<<"$q"
        cookie=$SCHOOL; [ "$who" = branch ] && cookie=$BRANCH
        log "run $i/$RUNS: $name (wrk -t$t -c$c -d$DURATION)"
        run_wrk "c$c-$name-$i" "$SERVER_PID" -t"$t" -c"$c" -d"$DURATION" --latency -s bench/percentiles.lua \
          -H "Cookie: $cookie" "$URL$path"
      done
      log "run $i/$RUNS: nginx static $(stat -c %s "$TMP/www/page.json") bytes (wrk -t$t -c$c -d$DURATION)"
      run_wrk "c$c-nginx_static-$i" "$(nginx_pids "$TMP/nginx")" -t"$t" -c"$c" -d"$DURATION" --latency \
        -s bench/percentiles.lua "$NURL"
    done
  done
  load_snapshot list_end
  # The statements behind each query as they were before commit 6b4baa0's fixes, with SQLite's
  # plans on today's schema (bench/registry_plans.py keeps copies of that SQL; informative only).
  python3 bench/registry_plans.py "$L/z.db" >"$OUT/plans.md" || log "plans: skipped (SQL changed)"
  curl -sf -o /dev/null -H "Cookie: $SCHOOL" "$URL/api/v1/members?limit=1" ||
    { echo "registry: session lost during the run" >&2; exit 1; }
  echo "server_vmhwm: $(awk '/^VmHWM:/ {print $2, $3}' "/proc/$SERVER_PID/status")" >>"$OUT/machine.txt"
  stop_server
  stop_nginx "$TMP/nginx"
fi

# --- 2. import ------------------------------------------------------------------------------------
# POSTs with curl, timing the whole exchange (upload, server work, download of the answer).
# The roster goes up with Transfer-Encoding: chunked: the server refuses any Content-Length over
# its ordinary 1 MiB body limit before it raises the limit for uploads (413 at once; see
# docs/performance.md, "Member registry"), so a 4 MiB roster can only be sent chunked. "Expect:"
# stops curl from asking for 100-continue, which the server does not send: curl would wait its
# 1 s expect100-timeout before sending the body (browsers never ask).
timed_post() {  # file, out, url, curl arguments...
  local file=$1 out=$2 url=$3; shift 3
  local before busy_before
  before=$(cpu_ticks "$SERVER_PID"); busy_before=$(machine_busy_ticks)
  run_child curl -sS --max-time 900 -o "$out" -X POST "$@" \
    -w 'http_code: %{http_code}\nseconds: %{time_total}\nupload_bytes: %{size_upload}\nresponse_bytes: %{size_download}\n' \
    "$url" >"$file"
  {
    echo "server_cpu_seconds: $(awk -v t=$(( $(cpu_ticks "$SERVER_PID") - before )) -v c="$CLK_TCK" 'BEGIN {printf "%.2f", t / c}')"
    echo "machine_busy_seconds: $(awk -v t=$(( $(machine_busy_ticks) - busy_before )) -v c="$CLK_TCK" 'BEGIN {printf "%.2f", t / c}')"
    echo "server_vmrss: $(awk '/^VmRSS:/ {print $2, $3}' "/proc/$SERVER_PID/status")"
    echo "server_vmhwm: $(awk '/^VmHWM:/ {print $2, $3}' "/proc/$SERVER_PID/status")"
    echo "loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >>"$file"
  grep -q '^http_code: 200' "$file" || { cat "$file" "$out" >&2; echo "registry: POST $url failed" >&2; exit 1; }
}

if [ "${ZHDJ_BENCH_SKIP_IMPORT:-0}" != 1 ]; then
  for i in $(seq 1 "$RUNS"); do
    D=$TMP/import-$i
    mkdir -p "$D"
    load_snapshot "import${i}_start"
    log "import run $i/$RUNS: fresh database, zhdj demo --members $IMPORT_DEMO"
    "$ZHDJ" demo --db "sqlite:$D/z.db" --key-file "$D/k" --members "$IMPORT_DEMO" >"$D/demo.log" 2>&1
    start_server "$D" --ip-rate 0 --account-rate 0
    COOKIE=$(python3 bench/login.py "$URL" demo-school "$PASSWORD" "$D/totp")
    curl -sf -H "Cookie: $COOKIE" "$URL/api/v1/auth/session" >"$D/session.json"
    CSRF=$(json_get "j['csrf_token']" <"$D/session.json")
    ROOT_ID=$(json_get "next(g['org_id'] for g in j['grants'] if g['role'] == 'university_admin')" <"$D/session.json")
    echo "server_vmhwm_before: $(awk '/^VmHWM:/ {print $2, $3}' "/proc/$SERVER_PID/status")" >"$OUT/import-$i-server.txt"
    if [ ! -f "$OUT/roster.xlsx" ]; then
      # The roster: the server's template columns, the demo university's branch names.
      curl -sf -H "Cookie: $COOKIE" -o "$OUT/template.xlsx" "$URL/api/v1/members/import/template"
      curl -sf -H "Cookie: $COOKIE" "$URL/api/v1/orgs" |
        json_get "'\n'.join(o['name'] for o in j['items'] if o['kind'] == 'branch')" >"$OUT/branches.txt"
      log "gen_roster: $IMPORT_ROWS rows over $(wc -l <"$OUT/branches.txt") branches"
      /usr/bin/time -f 'gen_seconds: %e' -o "$TMP/gen-time.txt" \
        "$GEN" "$OUT/template.xlsx" "$OUT/branches.txt" "$IMPORT_ROWS" "$OUT/roster.xlsx" >"$OUT/roster.txt"
      cat "$TMP/gen-time.txt" >>"$OUT/roster.txt"
      cat "$OUT/roster.txt" >&2
    fi
    log "import run $i/$RUNS: upload → preview"
    timed_post "$OUT/import-$i-preview.txt" "$D/preview.json" "$URL/api/v1/members/import?org_id=$ROOT_ID" \
      -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -H "Content-Type: $XLSX_TYPE" \
      -H "Transfer-Encoding: chunked" -H "Expect:" --data-binary "@$OUT/roster.xlsx"
    counts=$(json_get "j['counts']" <"$D/preview.json")
    echo "counts: $counts" >>"$OUT/import-$i-preview.txt"
    [ "$(json_get "j['counts']['new']" <"$D/preview.json")" = "$IMPORT_ROWS" ] ||
      { json_get "[r for r in j['rows'] if r['errors']][:5]" <"$D/preview.json" >&2
        echo "registry: preview is not $IMPORT_ROWS new rows: $counts" >&2; exit 1; }
    BATCH=$(json_get "j['batch']" <"$D/preview.json")
    log "import run $i/$RUNS: confirm"
    timed_post "$OUT/import-$i-confirm.txt" "$D/confirm.json" "$URL/api/v1/members/import/$BATCH/confirm" \
      -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF"
    echo "created: $(json_get "j['created']" <"$D/confirm.json")" >>"$OUT/import-$i-confirm.txt"
    [ "$(json_get "j['created']" <"$D/confirm.json")" = "$IMPORT_ROWS" ] ||
      { echo "registry: confirm did not create $IMPORT_ROWS members" >&2; exit 1; }
    log "import run $i/$RUNS: upload again → all-unchanged preview"
    timed_post "$OUT/import-$i-again.txt" "$D/again.json" "$URL/api/v1/members/import?org_id=$ROOT_ID" \
      -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -H "Content-Type: $XLSX_TYPE" \
      -H "Transfer-Encoding: chunked" -H "Expect:" --data-binary "@$OUT/roster.xlsx"
    echo "counts: $(json_get "j['counts']" <"$D/again.json")" >>"$OUT/import-$i-again.txt"
    [ "$(json_get "j['counts']['unchanged']" <"$D/again.json")" = "$IMPORT_ROWS" ] ||
      { echo "registry: the second upload is not all unchanged" >&2; exit 1; }
    echo "db_bytes_after: $(stat -c %s "$D/z.db") wal_bytes: $(stat -c %s "$D/z.db-wal" 2>/dev/null || echo 0)" \
      >>"$OUT/import-$i-server.txt"
    stop_server
    cp "$D/serve.log" "$OUT/serve-import-$i.log"
    rm -rf "$D"
  done
  load_snapshot import_end
fi

load_snapshot end
python3 bench/registry_summary.py "$OUT" | tee "$OUT/summary.md"
log "raw results: $OUT"
