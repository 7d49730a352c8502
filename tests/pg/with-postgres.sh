#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster on 127.0.0.1 and removes the cluster
# afterwards. The command sees ZHDJ_TEST_PG_URL. initdb refuses to run as root, so as root the
# cluster belongs to the `postgres` system user.
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
DIR=$(mktemp -d /tmp/zhdj-pg.XXXXXX)
RUN=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$DIR"
  RUN=(runuser -u postgres --)
fi
cleanup() {
  "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

"${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -U zhdj -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log"; exit 1; }
for attempt in 1 2 3 4 5; do
  PORT=$(( 20000 + RANDOM % 20000 ))
  if "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
       -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=200" start >/dev/null; then
    break
  fi
  [ "$attempt" -eq 5 ] && { cat "$DIR/server.log"; exit 1; }
done
"${RUN[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U zhdj zhdj_test
export ZHDJ_TEST_PG_URL="postgresql://zhdj@127.0.0.1:$PORT/zhdj_test"
"$@"
