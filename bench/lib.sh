# shellcheck shell=bash
# Helpers shared by the benchmark scripts (bench/run.sh, bench/sweep.sh, bench/registry.sh).
# Sourced from the repository root; defines functions only.
#
# Contract with the sourcing script: run_child keeps the pid of the command it runs in CHILD, so
# that the script's EXIT trap can stop it (and its children) when the script is interrupted.

# A TCP port on 127.0.0.1 that is free right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until something accepts connections on 127.0.0.1:PORT; fails after SECONDS (default 15).
wait_port() {  # port [seconds]
  for _ in $(seq 1 $(( ${2:-15} * 10 ))); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 0.2)" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

# User + system CPU ticks (CLK_TCK per second) of the given processes, all their threads.
cpu_ticks() {  # pid...
  local total=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat") ))
  done
  echo "$total"
}

# Busy CPU ticks of the whole machine, all cores (user, nice, system, irq and softirq from
# /proc/stat; not idle, iowait or steal). Its difference over a run minus the ticks of the
# processes measured is the CPU that other work took meanwhile: the outside load during that run.
machine_busy_ticks() {
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8; exit}' /proc/stat
}

# Runs a command in the background and waits for it, so that a signal to the script is acted on
# at once (bash defers traps while a foreground child runs) and the EXIT trap can stop it.
run_child() {
  "$@" &
  CHILD=$!
  local rc=0
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}

# Starts nginx as the reference static server: files under ROOT_DIR on 127.0.0.1:PORT, its
# configuration, pid file and logs under DIR (DIR/nginx.pid while it runs). worker_processes auto
# is one per core, like zhdj's default --io-threads 0. Stop it with `kill -QUIT $(cat DIR/nginx.pid)`.
start_nginx() {  # dir, port, root_dir
  local dir=$1 port=$2 www=$3 user=""
  mkdir -p "$dir"
  chmod 755 "$www"  # nginx workers (nobody when started as root) must reach the files
  if [ "$(id -u)" -eq 0 ]; then user="user nobody nogroup;"; fi
  cat >"$dir/nginx.conf" <<CONF
# Reference static server for the zhdj benchmarks (bench/lib.sh start_nginx).
$user
worker_processes auto;
daemon on;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  types { application/json json; }
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;  # as zhdj: no forced reconnect during a run
  server {
    listen 127.0.0.1:$port;
    root $www;
    location / { }
  }
}
CONF
  nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log"
  wait_port "$port" 10 || { cat "$dir/error.log" >&2; echo "bench: nginx did not start" >&2; return 1; }
}

# The nginx master and its workers (for cpu_ticks).
nginx_pids() {  # dir
  local master
  master=$(cat "$1/nginx.pid")
  echo "$master" $(pgrep -P "$master")
}

# Stops an nginx started by start_nginx and waits (up to 2 s) for it to go.
stop_nginx() {  # dir
  [ -f "$1/nginx.pid" ] || return 0
  kill -QUIT "$(cat "$1/nginx.pid")" 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -f "$1/nginx.pid" ] || break; sleep 0.2; done
}

# The start of a scenario script (bench/registry.sh, bench/meetings.sh): a results directory
# OUT=bench/results/NAME-<UTC stamp>/ (STAMP), a scratch directory TMP, and an EXIT trap that stops
# the running child (CHILD) and server (SERVER_PID), stops nginx under TMP/nginx, keeps the
# servers' logs (TMP/*/serve.log) in OUT and removes TMP. Call it from the repository root (ROOT).
begin_results() {  # name
  STAMP=$(date -u +%Y%m%dT%H%M%SZ)
  OUT=$ROOT/bench/results/$1-$STAMP
  mkdir -p "$OUT"
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/zhdj-$1.XXXXXX")
  chmod 755 "$TMP"
  SERVER_PID=""
  CHILD=""
  trap end_results EXIT
  trap 'exit 130' INT TERM
}

end_results() {
  set +e
  if [ -n "$CHILD" ]; then
    pkill -TERM -P "$CHILD" 2>/dev/null  # wrk, curl or node under its timing shell
    kill "$CHILD" 2>/dev/null; wait "$CHILD" 2>/dev/null
  fi
  [ -n "$SERVER_PID" ] && { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; }
  stop_nginx "$TMP/nginx"
  for log in "$TMP"/*/serve.log; do  # what the server said, also when a step failed
    [ -f "$log" ] && cp -f "$log" "$OUT/serve-$(basename "$(dirname "$log")").log"
  done
  rm -rf "$TMP"
}

# The load average and the busiest processes (OUT/load.txt, OUT/machine.txt), so that a report can
# say how loaded the machine was.
load_snapshot() {  # label
  {
    echo "== $1 $(date -u +%H:%M:%SZ) loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
    top -b -n1 -w 160 | sed -n '7,14p'
  } >>"$OUT/load.txt"
  echo "loadavg_$1: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
}

# The machine and tools, first lines of OUT/machine.txt.
machine_info() {
  echo "date_utc: $STAMP"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (dirty tree)')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "mem: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "nginx: $(nginx -v 2>&1)"
  echo "tmp_fs: $(df -T "$TMP" | awk 'NR==2 {print $2}')"
}

# Starts `zhdj serve` ($ZHDJ) on DIR/z.db with the key DIR/k and any extra flags (e.g.
# --ip-rate 0 --account-rate 0); sets SERVER_PID and URL, logs to DIR/serve.log.
start_server() {  # dir [serve flags...]
  local dir=$1 port
  shift
  port=$(free_port)
  "$ZHDJ" serve --db "sqlite:$dir/z.db" --key-file "$dir/k" --port "$port" --cookie-secure false \
    --log-level warn "$@" >>"$dir/serve.log" 2>&1 &
  SERVER_PID=$!
  wait_port "$port" 30 || { cat "$dir/serve.log" >&2; echo "zhdj did not start" >&2; exit 1; }
  URL=http://127.0.0.1:$port
}

stop_server() {
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# A Python expression over j, the JSON document on stdin.
json_get() {  # expression
  python3 -c "import json, sys; j = json.load(sys.stdin); print($1)"
}

# The database commit and write counters of the server at URL (from /metrics).
db_counters() {
  curl -sf "$URL/metrics" | awk '/^zhdj_db_commits_total/ {c=$2} /^zhdj_db_writes_total/ {w=$2} END {print c+0, w+0}'
}
# Runs a command as CHILD, timed; appends server/machine CPU and the load to FILE (read by
# results_lib.resources). Needs CLK_TCK, TMP and, for the database counters, SERVER_PID and URL.
measured() {  # file, "pids", command...
  local file=$1 pids=$2; shift 2
  local before after busy_before busy_after db_before db_after rc=0
  # shellcheck disable=SC2086
  before=$(cpu_ticks $pids); busy_before=$(machine_busy_ticks)
  db_before=$( [ -n "$SERVER_PID" ] && db_counters || echo "0 0")
  # shellcheck disable=SC2016
  run_child bash -c 'TIMEFORMAT="client_cpu_seconds: %3U %3S"; time "$@"' measured "$@" \
    >"$file" 2>"$TMP/measured.stderr" || rc=$?
  # shellcheck disable=SC2086
  after=$(cpu_ticks $pids); busy_after=$(machine_busy_ticks)
  db_after=$( [ -n "$SERVER_PID" ] && db_counters || echo "0 0")
  cat "$TMP/measured.stderr" >>"$file"
  {
    echo "exit_status: $rc"
    echo "server_cpu_ticks: $(( after - before )) clk_tck: $CLK_TCK"
    echo "machine_busy_ticks: $(( busy_after - busy_before ))"
    read -r c0 w0 <<<"$db_before"; read -r c1 w1 <<<"$db_after"
    echo "db_commits: $(( c1 - c0 )) db_writes: $(( w1 - w0 ))"
    echo "loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >>"$file"
  return "$rc"
}
