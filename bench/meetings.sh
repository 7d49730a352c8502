#!/usr/bin/env bash
# Organizational life (组织生活) benchmarks (the meetings issue's two numbers), on SQLite, loopback:
#
#  1. Check-in under load: 500 members check in to one meeting within one minute. A fresh
#     database with `zhdj demo --members 12000` (one college then has well over 500 people), the
#     must_change_password flag cleared for that college's accounts, `zhdj serve`. demo-school
#     picks 500 people and a host (a plain member, so the big screen needs no TOTP) from
#     GET /meetings/candidates?type=activity, and the 500 log in (before any measurement). Then,
#     per scenario, a fresh meeting (`activity`, starting now, published) and
#     bench/checkin_load.mjs: every member is a phone that opens a connection, GETs
#     /auth/session (the web app opening from the QR link) and POSTs /meetings/{id}/checkin with
#     the token a "big screen" loop (the host, GET /checkin-display every 2 s) showed last.
#     Scenarios: `uniform` — the 500 spread evenly over 60 s (open loop); `burst` — all 500 at
#     once, 50 in flight ("everyone scans when the host says so"); `poisson` on request. Each
#     must end with 500 present (checked on the display). Reference in the same run: the same
#     client, phones, pacing and concurrency against nginx serving files of the same sizes.
#  2. Compliance roll-up at 30,000 members: a fresh database with `zhdj demo --members 30000
#     --meeting-history-months 12` (timed), demo-school logged in (TOTP enrolled by login.py),
#     wrk -t1 -c1 with bench/percentiles.lua on GET /compliance for this year, quarter and month,
#     for the university and for one college; nginx serving the university-year answer's bytes
#     as the reference. bench/meetings_plans.py then prints the plans and SQLite times of the
#     statements behind the roll-up (compliance-plans.md) and measures them again on a copy with
#     the indexes and joins proposed in docs/performance.md (compliance-index-trial.md).
#
# Raw output goes to bench/results/meetings-<UTC time>/ (gitignored), a markdown summary to stdout
# (bench/meetings_summary.py DIR prints it again). docs/performance.md, "Organizational life", has
# the numbers and what they mean.
#
# Environment (all optional):
#   ZHDJ_BENCH_RUNS                 runs of every scenario (default 3; medians are reported)
#   ZHDJ_BENCH_DURATION             wrk duration per compliance query and run, whole seconds (10s)
#   ZHDJ_BENCH_CHECKIN_MEMBERS      demo members for the check-in database (default 12000)
#   ZHDJ_BENCH_CHECKIN_PEOPLE       attendees who check in (default 500)
#   ZHDJ_BENCH_CHECKIN_SECONDS      the spread of the paced scenarios, seconds (default 60)
#   ZHDJ_BENCH_CHECKIN_CONCURRENCY  phones in flight in the burst (default 50)
#   ZHDJ_BENCH_CHECKIN_PATTERNS     scenarios, in order (default "uniform burst"; also poisson)
#   ZHDJ_BENCH_COMPLIANCE_MEMBERS   demo members for the roll-up (default 30000)
#   ZHDJ_BENCH_HISTORY_MONTHS       months of held meetings in that database (default 12)
#   ZHDJ_BENCH_RATE_LIMITS          off (default: --ip-rate 0 --account-rate 0, as bench/registry.sh)
#                                   or default: the server's own limits (50/s, burst 200 per
#                                   address). Every phone here comes from 127.0.0.1, so `default`
#                                   shows 500 phones behind one address (a NAT) — not a benchmark.
#   ZHDJ_BENCH_SKIP_CHECKIN=1 / ZHDJ_BENCH_SKIP_COMPLIANCE=1   leave one part out
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=bench/lib.sh
source bench/lib.sh
BUILD=build/release
ZHDJ=$ROOT/$BUILD/zhdj
RUNS=${ZHDJ_BENCH_RUNS:-3}
DURATION=${ZHDJ_BENCH_DURATION:-10s}
DURATION_S=${DURATION%s}
[[ "$DURATION_S" =~ ^[0-9]+$ ]] || { echo "meetings: ZHDJ_BENCH_DURATION must be whole seconds, e.g. 10s" >&2; exit 1; }
DURATION=${DURATION_S}s
CHECKIN_MEMBERS=${ZHDJ_BENCH_CHECKIN_MEMBERS:-12000}
PEOPLE=${ZHDJ_BENCH_CHECKIN_PEOPLE:-500}
SPREAD=${ZHDJ_BENCH_CHECKIN_SECONDS:-60}
CONC=${ZHDJ_BENCH_CHECKIN_CONCURRENCY:-50}
PATTERNS=${ZHDJ_BENCH_CHECKIN_PATTERNS:-uniform burst}
COMPLIANCE_MEMBERS=${ZHDJ_BENCH_COMPLIANCE_MEMBERS:-30000}
HISTORY=${ZHDJ_BENCH_HISTORY_MONTHS:-12}
RATE_LIMITS=${ZHDJ_BENCH_RATE_LIMITS:-off}
PASSWORD='Zhdj@2026demo'
CLK_TCK=$(getconf CLK_TCK)
FAILED=0

log() { printf '[meetings] %s\n' "$*" >&2; }

[ -f "$BUILD/build.ninja" ] || [ -f "$BUILD/Makefile" ] || {
  echo "meetings: $BUILD is not configured (cmake --preset release -G Ninja)" >&2; exit 1; }
for tool in wrk nginx curl python3 node sqlite3; do
  command -v "$tool" >/dev/null || { echo "meetings: $tool not found (scripts/setup.sh installs it)" >&2; exit 1; }
done
log "building zhdj"
cmake --build "$BUILD" -j"${JOBS:-2}" --target zhdj

begin_results meetings
{
  machine_info
  echo "node: $(node --version)"
  echo "sqlite: $(sqlite3 --version | cut -d' ' -f1)"
  echo "runs: $RUNS"
  echo "duration_s: $DURATION_S"
  echo "checkin_people: $PEOPLE"
  echo "checkin_seconds: $SPREAD"
  echo "checkin_concurrency: $CONC"
  echo "checkin_patterns: $PATTERNS"
  echo "rate_limits: $RATE_LIMITS"
} >"$OUT/machine.txt"
load_snapshot start

# `zhdj serve` with the rate limits off unless RATE_LIMITS=default.
LIMITS=(--ip-rate 0 --account-rate 0)
[ "$RATE_LIMITS" = default ] && LIMITS=()

demo_timed() {  # dir, file, demo arguments...: the demo load, timed into FILE
  local dir=$1 file=$2; shift 2
  /usr/bin/time -f 'demo_seconds: %e\ndemo_max_rss_kib: %M\ndemo_cpu_seconds: %U %S' -o "$file" \
    "$ZHDJ" demo --db "sqlite:$dir/z.db" --key-file "$dir/k" "$@" >"$file.log" 2>&1 ||
    { cat "$file.log" >&2; echo "meetings: zhdj demo $* failed" >&2; exit 1; }
  echo "demo_args: $*" >>"$file"
  echo "db_bytes: $(stat -c %s "$dir/z.db")" >>"$file"
}
# Counters from the server's /metrics: database commits and write() calls (group commit).

# --- 1. check-in under load -----------------------------------------------------------------------
if [ "${ZHDJ_BENCH_SKIP_CHECKIN:-0}" != 1 ]; then
  C=$TMP/checkin
  mkdir -p "$C"
  log "check-in: zhdj demo --members $CHECKIN_MEMBERS (timed)"
  demo_timed "$C" "$OUT/checkin-demo.txt" --members "$CHECKIN_MEMBERS"
  # The college with the most people (计算机科学与技术学院党委 or a neighbour; branches per college
  # are drawn at random). Its accounts may log in without first changing the password.
  read -r COLLEGE_ID COLLEGE_PEOPLE COLLEGE_PATH < <(sqlite3 -separator ' ' "$C/z.db" "
    SELECT c.id, COUNT(*), c.path FROM orgs c JOIN orgs o ON substr(o.path, 1, length(c.path)) = c.path
      JOIN members m ON m.org_id = o.id
     WHERE c.depth = 1 AND m.status = 'active' AND m.account_id IS NOT NULL
     GROUP BY c.id ORDER BY 2 DESC, 1 LIMIT 1")
  sqlite3 "$C/z.db" "UPDATE accounts SET must_change_password = 0 WHERE id IN (
      SELECT m.account_id FROM members m JOIN orgs o ON o.id = m.org_id
       WHERE substr(o.path, 1, length('$COLLEGE_PATH')) = '$COLLEGE_PATH')"
  {
    echo "college_id: $COLLEGE_ID"
    echo "college_name: $(sqlite3 "$C/z.db" "SELECT name FROM orgs WHERE id = $COLLEGE_ID")"
    echo "college_people: $COLLEGE_PEOPLE"
    echo "orgs: $(sqlite3 "$C/z.db" "SELECT group_concat(kind || '=' || n, ' ') FROM (SELECT kind, COUNT(*) n FROM orgs GROUP BY kind)")"
  } >>"$OUT/checkin-demo.txt"
  cat "$OUT/checkin-demo.txt" >&2
  start_server "$C" "${LIMITS[@]}"
  log "zhdj pid $SERVER_PID on $URL"
  SCHOOL=$(python3 bench/login.py "$URL" demo-school "$PASSWORD" "$C/totp-school")
  SCHOOL_CSRF=$(curl -sf -H "Cookie: $SCHOOL" "$URL/api/v1/auth/session" | json_get "j['csrf_token']")
  python3 bench/meetings_api.py pick "$URL" "$SCHOOL" "$C/z.db" "$COLLEGE_ID" "$PEOPLE" "$C" |
    tee "$OUT/checkin-people.txt" >&2
  read -r HOST_ID _ <"$C/host.txt"
  log "logging in the host and the $PEOPLE attendees (argon2id; not measured)"
  node bench/checkin_load.mjs login --url "$URL" --people "$C/host.txt" --password "$PASSWORD" \
    --concurrency 1 --out "$C/host.json" 2>>"$OUT/checkin-people.txt"
  node bench/checkin_load.mjs login --url "$URL" --people "$C/people.txt" --password "$PASSWORD" \
    --concurrency 4 --out "$C/sessions.json" 2>>"$OUT/checkin-people.txt"
  tail -1 "$OUT/checkin-people.txt" >&2
  python3 -c "import json, sys; json.dump(json.load(open(sys.argv[1]))[0], open(sys.argv[1], 'w'))" "$C/host.json"
  HOST_COOKIE=$(json_get "j['cookie']" <"$C/host.json")

  # The reference: nginx serving files of the sizes zhdj answers with (the session, the check-in
  # answer, the big screen's answer); the check-in is a GET there (nginx does not POST to files).
  WWW=$TMP/www
  mkdir -p "$WWW"
  curl -sf -H "Cookie: $HOST_COOKIE" -o "$WWW/session.json" "$URL/api/v1/auth/session"
  printf '{"already":false,"checked_in_at":"%s","method":"qr","present":true}' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$WWW/checkin.json"
  NPORT=$(free_port)
  SERIAL=0
  for i in $(seq 1 "$RUNS"); do
    load_snapshot "checkin_round${i}_start"
    for pattern in $PATTERNS; do
      SERIAL=$((SERIAL + 1))
      python3 bench/meetings_api.py create "$URL" "$SCHOOL" "$SCHOOL_CSRF" "$COLLEGE_ID" "$HOST_ID" \
        "$C/people.txt" "签到压测 $pattern 第${i}轮" >"$OUT/checkin-$pattern-$i-meeting.txt"
      MEETING=$(sed -n 's/^meeting_id=\([0-9]*\).*/\1/p' "$OUT/checkin-$pattern-$i-meeting.txt")
      if [ ! -f "$WWW/display.json" ]; then
        curl -sf -H "Cookie: $HOST_COOKIE" -o "$WWW/display.json" \
          "$URL/api/v1/meetings/$MEETING/checkin-display?origin=http%3A%2F%2F127.0.0.1"
        chmod 644 "$WWW"/*.json
        start_nginx "$TMP/nginx" "$NPORT" "$WWW"
        ls -l "$WWW" >"$OUT/checkin-static-files.txt"
      fi
      log "run $i/$RUNS: $pattern, meeting $MEETING ($PEOPLE people$([ "$pattern" = burst ] && echo ", $CONC in flight" || echo " over $SPREAD s"))"
      measured "$OUT/checkin-$pattern-zhdj-$i.txt" "$SERVER_PID" node bench/checkin_load.mjs run \
        --url "$URL" --target zhdj --meeting "$MEETING" --host "$C/host.json" --sessions "$C/sessions.json" \
        --pattern "$pattern" --seconds "$SPREAD" --concurrency "$CONC" --seed "$SERIAL" \
        --label "zhdj-$pattern-$i" --out "$OUT/checkin-$pattern-zhdj-$i.json" || {
          log "run $i/$RUNS: $pattern: check-ins failed (see checkin-$pattern-zhdj-$i.txt)"; FAILED=1; }
      head -1 "$OUT/checkin-$pattern-zhdj-$i.txt" >&2
      log "run $i/$RUNS: $pattern, nginx reference"
      measured "$OUT/checkin-$pattern-nginx-$i.txt" "$(nginx_pids "$TMP/nginx")" node bench/checkin_load.mjs run \
        --url "http://127.0.0.1:$NPORT" --target static --sessions "$C/sessions.json" \
        --pattern "$pattern" --seconds "$SPREAD" --concurrency "$CONC" --seed "$SERIAL" \
        --label "nginx-$pattern-$i" --out "$OUT/checkin-$pattern-nginx-$i.json" || FAILED=1
      head -1 "$OUT/checkin-$pattern-nginx-$i.txt" >&2
    done
  done
  load_snapshot checkin_end
  echo "server_vmhwm_checkin: $(awk '/^VmHWM:/ {print $2, $3}' "/proc/$SERVER_PID/status")" >>"$OUT/machine.txt"
  stop_server
  stop_nginx "$TMP/nginx"
  python3 bench/meetings_plans.py checkin "$C/z.db" "$MEETING" >"$OUT/checkin-plans.md" ||
    log "check-in plans: skipped"
fi

# --- 2. compliance roll-up ------------------------------------------------------------------------
if [ "${ZHDJ_BENCH_SKIP_COMPLIANCE:-0}" != 1 ]; then
  P=$TMP/compliance
  mkdir -p "$P"
  log "compliance: zhdj demo --members $COMPLIANCE_MEMBERS --meeting-history-months $HISTORY (timed)"
  demo_timed "$P" "$OUT/compliance-demo.txt" --members "$COMPLIANCE_MEMBERS" --meeting-history-months "$HISTORY"
  sqlite3 "$P/z.db" >>"$OUT/compliance-demo.txt" <<'SQL'
SELECT 'orgs: ' || group_concat(kind || '=' || n, ' ') FROM (SELECT kind, COUNT(*) n FROM orgs GROUP BY kind);
SELECT 'members: ' || COUNT(*) FROM members;
SELECT 'meetings: ' || COUNT(*) || ' held=' || SUM(held) FROM meetings;
SELECT 'meetings_by_type: ' || group_concat(type || '=' || n, ' ') FROM (SELECT type, COUNT(*) n FROM meetings GROUP BY type);
SELECT 'meeting_attendees: ' || COUNT(*) FROM meeting_attendees;
SELECT 'meeting_dates: ' || MIN(start_date) || ' .. ' || MAX(start_date) FROM meetings;
SQL
  cat "$OUT/compliance-demo.txt" >&2
  start_server "$P" "${LIMITS[@]}"
  log "zhdj pid $SERVER_PID on $URL"
  SCHOOL=$(python3 bench/login.py "$URL" demo-school "$PASSWORD" "$P/totp-school")
  curl -sf -H "Cookie: $SCHOOL" "$URL/api/v1/orgs" >"$OUT/compliance-orgs.json"
  # The college: 计算机科学与技术学院党委 (demo-college's), else the first at depth 1.
  COLLEGE_ID=$(json_get "next(o['id'] for o in sorted(j['items'], key=lambda o: not o['name'].startswith('计算机')) if o['depth'] == 1)" \
    <"$OUT/compliance-orgs.json")
  # This month, quarter and year in the university's time zone, as the server sees them.
  TODAY=$(curl -sf -H "Cookie: $SCHOOL" "$URL/api/v1/compliance" | json_get "j['today']")
  YEAR=${TODAY%%-*}
  MONTH=${TODAY:0:7}
  QUARTER=$YEAR-Q$(( (10#${TODAY:5:2} - 1) / 3 + 1 ))
  QUERIES=(
    "university_year|/api/v1/compliance?period=$YEAR"
    "university_quarter|/api/v1/compliance?period=$QUARTER"
    "university_month|/api/v1/compliance?period=$MONTH"
    "college_year|/api/v1/compliance?org_id=$COLLEGE_ID&period=$YEAR"
    "college_quarter|/api/v1/compliance?org_id=$COLLEGE_ID&period=$QUARTER"
    "college_month|/api/v1/compliance?org_id=$COLLEGE_ID&period=$MONTH"
  )
  : >"$OUT/compliance-queries.txt"
  for q in "${QUERIES[@]}"; do
    IFS='|' read -r name path <<<"$q"
    curl -sf -H "Cookie: $SCHOOL" -o "$OUT/compliance-body-$name.json" "$URL$path" ||
      { echo "meetings: GET $path failed" >&2; exit 1; }
    summary=$(json_get "' '.join(f'{k}={v}' for k, v in j['summary'].items()) + f\" missed_total={j['missed_total']} children={len(j['children'])} org={j['org']['name']}\"" \
      <"$OUT/compliance-body-$name.json")
    echo "$name|$path|$(stat -c %s "$OUT/compliance-body-$name.json")|$summary" >>"$OUT/compliance-queries.txt"
  done
  column -t -s'|' "$OUT/compliance-queries.txt" >&2

  mkdir -p "$TMP/www-c"
  cp "$OUT/compliance-body-university_year.json" "$TMP/www-c/compliance.json"
  chmod 644 "$TMP/www-c/compliance.json"
  NPORT=$(free_port)
  start_nginx "$TMP/nginx" "$NPORT" "$TMP/www-c"
  for i in $(seq 1 "$RUNS"); do
    load_snapshot "compliance_round${i}_start"
    for q in "${QUERIES[@]}"; do
      IFS='|' read -r name path <<<"$q"
      log "run $i/$RUNS: $name (wrk -t1 -c1 -d$DURATION)"
      measured "$OUT/compliance-wrk-$name-$i.txt" "$SERVER_PID" wrk -t1 -c1 -d"$DURATION" --latency \
        -s bench/percentiles.lua -H "Cookie: $SCHOOL" "$URL$path"
    done
    log "run $i/$RUNS: nginx static $(stat -c %s "$TMP/www-c/compliance.json") bytes (wrk -t1 -c1 -d$DURATION)"
    measured "$OUT/compliance-wrk-nginx_static-$i.txt" "$(nginx_pids "$TMP/nginx")" wrk -t1 -c1 -d"$DURATION" \
      --latency -s bench/percentiles.lua "http://127.0.0.1:$NPORT/compliance.json"
  done
  load_snapshot compliance_end
  curl -sf -o /dev/null -H "Cookie: $SCHOOL" "$URL/api/v1/compliance" ||
    { echo "meetings: session lost during the run" >&2; exit 1; }
  echo "server_vmhwm_compliance: $(awk '/^VmHWM:/ {print $2, $3}' "/proc/$SERVER_PID/status")" >>"$OUT/machine.txt"
  stop_server
  stop_nginx "$TMP/nginx"
  log "compliance: plans and SQLite times of the roll-up's statements, then the index trial"
  python3 bench/meetings_plans.py compliance "$P/z.db" "$TODAY" "$COLLEGE_ID" >"$OUT/compliance-plans.md" ||
    log "compliance plans: skipped"
  python3 bench/meetings_plans.py trial "$P/z.db" "$TODAY" "$COLLEGE_ID" >"$OUT/compliance-index-trial.md" ||
    log "compliance index trial: skipped"
fi

load_snapshot end
python3 bench/meetings_summary.py "$OUT" | tee "$OUT/summary.md"
log "raw results: $OUT"
[ "$FAILED" = 0 ] || { log "some check-ins failed (see the summary)"; exit 2; }
