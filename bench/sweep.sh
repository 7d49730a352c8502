#!/usr/bin/env bash
# Compares zhdj server variants (flags, binaries, environment) on the authenticated org listing:
# the same wrk -t2 -c64 run as bench/run.sh, and the same listing at 8 connections while 16 logins
# are in flight. All variants serve one demo database, run side by side and are measured in turn,
# run by run, so background load hits them alike. Loopback only; everything stops at exit.
# docs/performance.md ("Before and after", "What the defaults trade") was produced with it.
#
# Usage: bash bench/sweep.sh 'LABEL|FLAGS[|BINARY[|ENV]]' ...
#   FLAGS   extra `zhdj serve` flags ("" = defaults)
#   BINARY  zhdj binary (default build/release/zhdj), e.g. a build of an older commit
#   ENV     space-separated VAR=value for that server, e.g. LD_PRELOAD=...libtcmalloc_minimal.so.4
# Example:
#   bash bench/sweep.sh 'new defaults|' 'new 32/4|--workers 32 --db-readers 4' \
#     'old 32/4|--workers 32 --db-readers 4|/tmp/zhdj-old/build/zhdj'
#
# Environment: ZHDJ_BENCH_DURATION (10s), ZHDJ_BENCH_RUNS (1), ZHDJ_BENCH_MEMBERS (2000),
#   ZHDJ_BENCH_SKIP_BURST=1 (only the -c64 listing), ZHDJ_BENCH_BURST_LOGINS (16).
# Output: bench/results/sweep-<UTC time>/ (gitignored), a markdown table on stdout
# (bench/sweep_summary.py DIR prints it again).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
[ $# -ge 1 ] || { sed -n '2,20p' "$0" >&2; exit 2; }
DURATION=${ZHDJ_BENCH_DURATION:-10s}
DURATION_S=${DURATION%s}
[[ "$DURATION_S" =~ ^[0-9]+$ ]] || { echo "sweep: ZHDJ_BENCH_DURATION must be whole seconds" >&2; exit 1; }
RUNS=${ZHDJ_BENCH_RUNS:-1}
MEMBERS=${ZHDJ_BENCH_MEMBERS:-2000}
LOGINS=${ZHDJ_BENCH_BURST_LOGINS:-16}
PASSWORD='Zhdj@2026demo'
DEFAULT_BIN=$ROOT/build/release/zhdj
log() { printf '[sweep] %s\n' "$*" >&2; }

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/sweep-$STAMP
mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/zhdj-sweep.XXXXXX")
PIDS=()
BG=""
CHILD=""
cleanup() {
  set +e
  [ -n "$BG" ] && { kill "$BG" 2>/dev/null; wait "$BG" 2>/dev/null; }
  [ -n "$CHILD" ] && { pkill -TERM -P "$CHILD" 2>/dev/null; kill "$CHILD" 2>/dev/null; wait "$CHILD" 2>/dev/null; }
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  cp -f "$TMP"/*.log "$OUT"/ 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=bench/lib.sh
source bench/lib.sh  # free_port, wait_port, cpu_ticks, run_child

{
  echo "date_utc: $STAMP"
  echo "git: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (dirty tree)')"
  echo "loadavg_start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"

log "loading the demo university ($MEMBERS members)"
"$DEFAULT_BIN" demo --db "sqlite:$TMP/z.db" --key-file "$TMP/k" --members "$MEMBERS" >"$TMP/demo.log" 2>&1

N=0
LABELS=(); URLS=(); SPIDS=()
for spec in "$@"; do
  IFS='|' read -r label flags bin envs <<<"$spec"
  bin=${bin:-$DEFAULT_BIN}
  port=$(free_port)
  # shellcheck disable=SC2086
  env $envs "$bin" serve --db "sqlite:$TMP/z.db" --key-file "$TMP/k" --port "$port" --cookie-secure false \
    --ip-rate 0 --account-rate 0 --log-level warn $flags >"$TMP/server-$N.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait_port "$port" || { cat "$TMP/server-$N.log" >&2; echo "sweep: '$label' did not start" >&2; exit 1; }
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")
  echo "$N|$label|$flags|$bin|$envs|$threads" >>"$OUT/variants.txt"
  log "$label: pid $pid, port $port, $threads threads ($bin $flags${envs:+, $envs})"
  LABELS+=("$label"); URLS+=("http://127.0.0.1:$port"); SPIDS+=("$pid")
  N=$((N + 1))
done
COOKIE=$(python3 bench/login.py "${URLS[0]}" demo-college "$PASSWORD" "$TMP/totp-secret")
for u in "${URLS[@]}"; do curl -sf -o /dev/null -H "Cookie: $COOKIE" "$u/api/v1/orgs"; done

measure() {  # file, pid, wrk args...
  local file=$1 pid=$2; shift 2
  local before after
  before=$(cpu_ticks "$pid")
  # shellcheck disable=SC2016
  run_child bash -c 'TIMEFORMAT="client_cpu_seconds: %3U %3S"; time wrk "$@"' wrk "$@" >"$file" 2>"$TMP/wrk.err"
  after=$(cpu_ticks "$pid")
  cat "$TMP/wrk.err" >>"$file"
  echo "server_cpu_ticks: $(( after - before )) clk_tck: $(getconf CLK_TCK)" >>"$file"
}
for i in $(seq 1 "$RUNS"); do
  for n in $(seq 0 $((N - 1))); do
    log "run $i/$RUNS: ${LABELS[$n]}: GET /api/v1/orgs, wrk -t2 -c64 -d$DURATION"
    measure "$OUT/wrk-v$n-orgs-$i.txt" "${SPIDS[$n]}" -t2 -c64 -d"$DURATION" --latency \
      -H "Cookie: $COOKIE" "${URLS[$n]}/api/v1/orgs"
  done
  [ "${ZHDJ_BENCH_SKIP_BURST:-0}" = 1 ] && continue
  for n in $(seq 0 $((N - 1))); do
    log "run $i/$RUNS: ${LABELS[$n]}: GET /api/v1/orgs, wrk -t1 -c8, during $LOGINS concurrent logins"
    wrk -t1 -c"$LOGINS" -d"$(( DURATION_S + 2 ))s" --latency -s bench/login.lua \
      "${URLS[$n]}/api/v1/auth/login" >"$OUT/wrkbg-v$n-burst-$i-logins.txt" 2>&1 &
    BG=$!
    sleep 1
    measure "$OUT/wrk-v$n-burst-$i.txt" "${SPIDS[$n]}" -t1 -c8 -d"$DURATION" --latency \
      -H "Cookie: $COOKIE" "${URLS[$n]}/api/v1/orgs"
    wait "$BG" || true
    BG=""
  done
done
echo "loadavg_end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"

python3 bench/sweep_summary.py "$OUT" | tee "$OUT/summary.md"
log "raw results: $OUT"
