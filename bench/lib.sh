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
