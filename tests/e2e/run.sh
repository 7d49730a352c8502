#!/usr/bin/env bash
# Browser tests against a real server on a throwaway SQLite database with demo data.
# Usage: bash tests/e2e/run.sh [path/to/zhdj]   (default build/release/zhdj)
# E2E_TESTS="tests/e2e/04-phone.test.mjs" runs some files only; artifacts go to tests/e2e/artifacts/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
ZHDJ=${1:-build/release/zhdj}
[[ "$ZHDJ" = /* ]] || ZHDJ="$ROOT/$ZHDJ"
if [[ ! -x "$ZHDJ" ]]; then
  echo "e2e: no server binary at $ZHDJ (build it with: make build)" >&2
  exit 2
fi
command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null || {
  echo "e2e: chromium missing (apt-get install -y chromium fonts-noto-cjk)" >&2
  exit 2
}

# The web app and playwright-core come from web/.
if [[ ! -d web/node_modules ]]; then (cd web && npm ci --no-audit --no-fund); fi
if [[ ! -f web/dist/index.html || -n "${E2E_REBUILD:-}" ]]; then (cd web && npm run build); fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/zhdj-e2e.XXXXXX")
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  mkdir -p tests/e2e/artifacts
  cp "$TMP/server.log" tests/e2e/artifacts/server.log 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

DB="sqlite:$TMP/zhdj.db"
# The field-encryption key of this throwaway database lives beside it.
export ZHDJ_KEY_FILE="$TMP/zhdj.key"
"$ZHDJ" migrate --db "$DB"
# Three months of past meetings (about one obligation in ten missed) give the compliance pages
# something to repair; the demo branch's next 主题党日 is tomorrow.
"$ZHDJ" demo --db "$DB" --members 300 --meeting-history-months 3

PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# E2E_SERVER_WRAPPER runs the server under a tool, e.g. "gdb -q -batch -ex run -ex bt --args".
${E2E_SERVER_WRAPPER:-} "$ZHDJ" serve --db "$DB" --port "$PORT" --web-root web/dist --test-clock >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
BASE_URL="http://127.0.0.1:$PORT"

for _ in $(seq 1 100); do
  if curl -fsS "$BASE_URL/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "e2e: server exited during start-up" >&2
    cat "$TMP/server.log" >&2
    exit 1
  fi
  sleep 0.2
done
curl -fsS "$BASE_URL/healthz" >/dev/null || { echo "e2e: server not healthy at $BASE_URL" >&2; exit 1; }

mkdir -p tests/e2e/artifacts
status=0
BASE_URL="$BASE_URL" E2E_STATE_DIR="$TMP/state" \
  node --test --test-concurrency=1 --test-reporter=spec ${E2E_TESTS:-tests/e2e/*.test.mjs} || status=$?
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  server_status=0
  wait "$SERVER_PID" || server_status=$?
  echo "e2e: the server died during the tests (exit status $server_status); failures after that are its fault." >&2
  echo "e2e: server log: tests/e2e/artifacts/server.log; rerun with E2E_SERVER_WRAPPER for a backtrace" >&2
  SERVER_PID=""
  [[ "$status" -ne 0 ]] || status=1
fi
exit "$status"
