#!/usr/bin/env bash
# zhdj benchmarks (`make bench`): HTTP throughput of the authenticated, scope-filtered org listing
# against nginx serving a static file of the same size, login throughput, and the micro-benchmarks
# (group commit, argon2id). Loopback only. Raw output goes to bench/results/<UTC time>/ (gitignored);
# a markdown summary is printed at the end. docs/performance.md explains what is measured.
#
# Environment (all optional):
#   ZHDJ_BENCH_DURATION  wrk duration per run in seconds, e.g. 10s (default; keep it <= 15s on
#                        the shared machine)
#   ZHDJ_BENCH_RUNS      wrk runs per scenario (default 3; the summary reports the median)
#   ZHDJ_BENCH_MEMBERS   demo members (default 2000)
#   ZHDJ_BENCH_COMPARE   flags of a second zhdj measured beside the default one (default
#                        "--workers 32 --db-readers 4": the defaults before commit b05df7b, so the
#                        results show the effect of the new defaults; empty: skip it).
#                        ZHDJ_BENCH_TUNED is accepted as an older name for it.
#   ZHDJ_BENCH_SKIP_BURST=1  skip the "org listing during a login burst" scenario
#   ZHDJ_BENCH_PG_URL    PostgreSQL URL for the PostgreSQL write micro-benchmark
#   ZHDJ_BENCH_PG=1      start a throwaway PostgreSQL 15 cluster on 127.0.0.1 (fsync on) for it
#   ZHDJ_BENCH_SKIP_MICRO=1  skip the micro-benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=bench/lib.sh
source bench/lib.sh
BUILD=build/release
ZHDJ=$ROOT/$BUILD/zhdj
DURATION=${ZHDJ_BENCH_DURATION:-10s}
DURATION_S=${DURATION%s}
[[ "$DURATION_S" =~ ^[0-9]+$ ]] || { echo "bench: ZHDJ_BENCH_DURATION must be whole seconds, e.g. 10s" >&2; exit 1; }
DURATION=${DURATION_S}s
RUNS=${ZHDJ_BENCH_RUNS:-3}
MEMBERS=${ZHDJ_BENCH_MEMBERS:-2000}
PASSWORD='Zhdj@2026demo'

log() { printf '[bench] %s\n' "$*" >&2; }

[ -f "$BUILD/build.ninja" ] || [ -f "$BUILD/Makefile" ] || {
  echo "bench: $BUILD is not configured (run 'make build' first)" >&2; exit 1; }
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool not found (scripts/setup.sh installs it)" >&2; exit 1; }
done

# Only the targets the benchmarks run: the test suites need not be in a buildable state for this.
log "building zhdj and the micro-benchmarks"
cmake --build "$BUILD" -j2 --target zhdj bench_db_writes bench_password

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/$STAMP
mkdir -p "$OUT"
ln -sfn "$STAMP" "$ROOT/bench/results/latest"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/zhdj-bench.XXXXXX")
chmod 755 "$TMP"  # nginx workers (nobody when started as root) must reach the static file
ZHDJ_PIDS=()
PG_RUN=()
PG_DIR=""
CHILD=""
BG_WRK=""
cleanup() {
  set +e
  if [ -n "$BG_WRK" ]; then kill "$BG_WRK" 2>/dev/null; wait "$BG_WRK" 2>/dev/null; fi
  if [ -n "$CHILD" ]; then
    pkill -TERM -P "$CHILD" 2>/dev/null  # wrk under its timing shell
    kill "$CHILD" 2>/dev/null; wait "$CHILD" 2>/dev/null
  fi
  for pid in "${ZHDJ_PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  stop_nginx "$TMP/nginx"
  if [ -n "$PG_DIR" ]; then
    "${PG_RUN[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1
  fi
  cp -f "$TMP"/*.log "$OUT"/ 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- machine -----------------------------------------------------------------------------------
{
  echo "date_utc: $STAMP"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (dirty tree)')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "mem: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "loadavg_start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "nginx: $(nginx -v 2>&1)"
  echo "tmp_fs: $(df -T "$TMP" | awk 'NR==2 {print $2}')"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

# --- zhdj with the demo university ----------------------------------------------------------
log "loading the demo university ($MEMBERS members)"
"$ZHDJ" demo --db "sqlite:$TMP/z.db" --key-file "$TMP/k" --members "$MEMBERS" >"$TMP/demo.log" 2>&1
ZHDJ_PIDS=()
start_zhdj() {  # name, extra flags...; sets ZURL
  local name=$1; shift
  local port; port=$(free_port)
  "$ZHDJ" serve --db "sqlite:$TMP/z.db" --key-file "$TMP/k" --port "$port" --cookie-secure false \
    --ip-rate 0 --account-rate 0 --web-root web/dist --log-level warn "$@" >"$TMP/$name.log" 2>&1 &
  local pid=$!
  ZHDJ_PIDS+=("$pid")
  echo "$pid" >"$TMP/$name.pid"
  wait_port "$port" 15 || { cat "$TMP/$name.log" >&2; echo "bench: zhdj ($name) did not start" >&2; exit 1; }
  ZURL=http://127.0.0.1:$port
  # What the flags resolved to: threads of the process (I/O + workers + hashing + writer + ...)
  # and the reader connections it opened (from /metrics).
  local readers
  readers=$(curl -sf "$ZURL/metrics" | awk '/^zhdj_db_readers\{state="total"\}/ {print $2}')
  {
    echo "${name}_flags: ${*:-(defaults)}"
    echo "${name}_threads: $(awk '/^Threads:/ {print $2}' "/proc/$pid/status")"
    echo "${name}_db_readers: ${readers:-?}"
  } >>"$TMP/servers.txt"
  log "zhdj ($name${*:+: $*}) pid $pid on $ZURL: $(awk '/^Threads:/ {print $2}' "/proc/$pid/status") threads, ${readers:-?} readers"
}
: >"$TMP/servers.txt"
start_zhdj zhdj
ZHDJ_PID=$(cat "$TMP/zhdj.pid")
ZURL_DEFAULT=$ZURL
COMPARE=${ZHDJ_BENCH_COMPARE-${ZHDJ_BENCH_TUNED---workers 32 --db-readers 4}}
if [ -n "$COMPARE" ]; then
  # A second process on the same database file (WAL allows it); the session cookie works on both.
  # shellcheck disable=SC2086
  start_zhdj zhdj-compare $COMPARE
  ZURL_COMPARE=$ZURL
  ZHDJ_CMP_PID=$(cat "$TMP/zhdj-compare.pid")
fi
ZURL=$ZURL_DEFAULT
cp "$TMP/servers.txt" "$OUT/servers.txt"

COOKIE=$(python3 bench/login.py "$ZURL" demo-college "$PASSWORD" "$TMP/totp-secret")
curl -sf -H "Cookie: $COOKIE" -o "$TMP/orgs.json" "$ZURL/api/v1/orgs"
BODY_BYTES=$(stat -c %s "$TMP/orgs.json")
ORG_COUNT=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['items']))" "$TMP/orgs.json")
log "GET /api/v1/orgs as demo-college: $BODY_BYTES bytes, $ORG_COUNT orgs"
cp "$TMP/orgs.json" "$OUT/orgs.json"
printf 'body_bytes: %s\norgs: %s\n' "$BODY_BYTES" "$ORG_COUNT" >"$OUT/orgs.txt"
curl -s -D - -o /dev/null -H "Cookie: $COOKIE" "$ZURL/api/v1/orgs" >"$OUT/zhdj-headers.txt"

# --- nginx serving the same bytes as a static file ---------------------------------------------
mkdir -p "$TMP/nginx" "$TMP/www"
cp "$TMP/orgs.json" "$TMP/www/orgs.json"
chmod 755 "$TMP/www"; chmod 644 "$TMP/www/orgs.json"
NPORT=$(free_port)
start_nginx "$TMP/nginx" "$NPORT" "$TMP/www"
NURL=http://127.0.0.1:$NPORT/orgs.json
[ "$(curl -sf "$NURL" | wc -c)" -eq "$BODY_BYTES" ] || { echo "bench: nginx body size differs" >&2; exit 1; }
cp "$TMP/nginx/nginx.conf" "$OUT/nginx.conf"
log "nginx (pid $(cat "$TMP/nginx/nginx.pid")) on $NURL"

# --- wrk ------------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
run_wrk() {  # scenario name, "pids", wrk arguments...
  local name=$1 pids=$2; shift 2
  local before after
  # shellcheck disable=SC2086
  before=$(cpu_ticks $pids)
  # wrk's own CPU time too: it shares the 2 cores with the server it measures.
  # shellcheck disable=SC2016
  run_child bash -c 'TIMEFORMAT="client_cpu_seconds: %3U %3S"; time wrk "$@"' wrk "$@" \
    >"$OUT/wrk-$name.txt" 2>"$TMP/wrk.stderr"
  # shellcheck disable=SC2086
  after=$(cpu_ticks $pids)
  cat "$TMP/wrk.stderr" >>"$OUT/wrk-$name.txt"
  echo "server_cpu_ticks: $(( after - before )) clk_tck: $CLK_TCK" >>"$OUT/wrk-$name.txt"
}
# The scenarios alternate run by run, so that a change in background load hits all of them alike.
for i in $(seq 1 "$RUNS"); do
  log "run $i/$RUNS: zhdj GET /api/v1/orgs (wrk -t2 -c64 -d$DURATION)"
  run_wrk "zhdj-orgs-$i" "$ZHDJ_PID" -t2 -c64 -d"$DURATION" --latency -H "Cookie: $COOKIE" "$ZURL/api/v1/orgs"
  if [ -n "$COMPARE" ]; then
    log "run $i/$RUNS: zhdj ($COMPARE) GET /api/v1/orgs (wrk -t2 -c64 -d$DURATION)"
    run_wrk "zhdjcmp-orgs-$i" "$ZHDJ_CMP_PID" -t2 -c64 -d"$DURATION" --latency \
      -H "Cookie: $COOKIE" "$ZURL_COMPARE/api/v1/orgs"
  fi
  log "run $i/$RUNS: nginx static $BODY_BYTES bytes (wrk -t2 -c64 -d$DURATION)"
  run_wrk "nginx-static-$i" "$(nginx_pids "$TMP/nginx")" -t2 -c64 -d"$DURATION" --latency "$NURL"
done
for i in $(seq 1 "$RUNS"); do
  log "run $i/$RUNS: zhdj POST /api/v1/auth/login demo-member (wrk -t2 -c8 -d$DURATION)"
  run_wrk "zhdj-login-$i" "$ZHDJ_PID" -t2 -c8 -d"$DURATION" --latency -s bench/login.lua "$ZURL/api/v1/auth/login"
done

# What the worker count trades: a request worker waits for the whole argon2id verification of a
# login (and for the group commit of a write), so a burst of logins can hold every worker while
# cheap requests queue behind it. A background wrk keeps 16 logins in flight (more than the default
# workers on 2 cores); the foreground wrk measures the org listing at 8 connections meanwhile.
run_burst() {  # scenario name, pid, base URL
  local name=$1 pid=$2 url=$3
  wrk -t1 -c16 -d"$(( DURATION_S + 2 ))s" --latency -s bench/login.lua "$url/api/v1/auth/login" \
    >"$OUT/wrkbg-$name-logins.txt" 2>&1 &
  BG_WRK=$!
  sleep 1
  run_wrk "$name" "$pid" -t1 -c8 -d"$DURATION" --latency -H "Cookie: $COOKIE" "$url/api/v1/orgs"
  wait "$BG_WRK" || true
  BG_WRK=""
}
if [ "${ZHDJ_BENCH_SKIP_BURST:-0}" != 1 ]; then
  for i in $(seq 1 "$RUNS"); do
    log "run $i/$RUNS: zhdj GET /api/v1/orgs (wrk -t1 -c8) during 16 concurrent logins"
    run_burst "zhdj-orgsburst-$i" "$ZHDJ_PID" "$ZURL"
    if [ -n "$COMPARE" ]; then
      log "run $i/$RUNS: zhdj ($COMPARE) GET /api/v1/orgs (wrk -t1 -c8) during 16 concurrent logins"
      run_burst "zhdjcmp-orgsburst-$i" "$ZHDJ_CMP_PID" "$ZURL_COMPARE"
    fi
  done
fi
curl -sf -H "Cookie: $COOKIE" "$ZURL/api/v1/orgs" -o /dev/null || { echo "bench: session lost during the run" >&2; exit 1; }
if [ -n "$COMPARE" ]; then echo "compare_flags: $COMPARE" >>"$OUT/orgs.txt"; fi

for pid in "${ZHDJ_PIDS[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
ZHDJ_PIDS=()
stop_nginx "$TMP/nginx"

# --- micro-benchmarks ------------------------------------------------------------------------------
if [ "${ZHDJ_BENCH_SKIP_MICRO:-0}" != 1 ]; then
  if [ -z "${ZHDJ_BENCH_PG_URL:-}" ] && [ "${ZHDJ_BENCH_PG:-0}" = 1 ]; then
    # A throwaway cluster with the default, durable settings (fsync on, synchronous_commit on).
    PG_BIN=/usr/lib/postgresql/15/bin
    PG_DIR=$TMP/pg
    mkdir -p "$PG_DIR"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR"; PG_RUN=(runuser -u postgres --); fi
    "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U zhdj -A trust -E UTF8 --locale=C.UTF-8 >"$TMP/pg-initdb.log" 2>&1
    PGPORT=$(free_port)
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
      -o "-h 127.0.0.1 -p $PGPORT -k $PG_DIR -c max_connections=100" start >/dev/null
    "${PG_RUN[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U zhdj zhdj_bench
    export ZHDJ_BENCH_PG_URL="postgresql://zhdj@127.0.0.1:$PGPORT/zhdj_bench"
    log "throwaway PostgreSQL on 127.0.0.1:$PGPORT"
  fi
  # fsync latency of the disk under $TMP right now: bench_db_writes' one-transaction-per-write
  # numbers are bounded by it, and on a shared virtual disk it drifts.
  fsync_probe() {
    python3 - "$TMP/fsync-probe" <<'PY'
import os, statistics, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
lat = []
for _ in range(200):
    os.write(fd, b"x" * 4096)
    t = time.perf_counter(); os.fdatasync(fd); lat.append((time.perf_counter() - t) * 1000)
os.close(fd); os.unlink(sys.argv[1])
lat.sort()
print(f"median {statistics.median(lat):.2f} ms, p90 {lat[180]:.2f} ms, max {lat[-1]:.1f} ms "
      f"({1000 / statistics.mean(lat):.0f} fdatasync/s)")
PY
  }
  echo "fsync_probe_before: $(fsync_probe)" >>"$OUT/machine.txt"
  MICRO_ARGS=(--benchmark_repetitions=3 --benchmark_report_aggregates_only=true --benchmark_out_format=json)
  log "micro-benchmark: database writes (group commit vs one transaction per write)"
  # Repetitions interleaved at random: the virtual disk's fsync latency drifts over minutes.
  run_child env ZHDJ_BENCH_TMPDIR="$TMP" "$BUILD/bench/bench_db_writes" "${MICRO_ARGS[@]}" \
    --benchmark_enable_random_interleaving=true \
    --benchmark_out="$OUT/bench_db_writes.json" >"$OUT/bench_db_writes.txt" 2>&1
  cat "$OUT/bench_db_writes.txt" >&2
  echo "fsync_probe_after: $(fsync_probe)" >>"$OUT/machine.txt"
  log "micro-benchmark: argon2id"
  run_child "$BUILD/bench/bench_password" "${MICRO_ARGS[@]}" \
    --benchmark_out="$OUT/bench_password.json" >"$OUT/bench_password.txt" 2>&1
  cat "$OUT/bench_password.txt" >&2
fi

echo "loadavg_end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
python3 bench/summarize.py "$OUT" | tee "$OUT/summary.md"
log "raw results: $OUT"
