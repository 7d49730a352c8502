#!/usr/bin/env bash
# The zhdj command line as an operator uses it: migrate, demo, user, backup, audit verify, and
# serve stopping cleanly on SIGTERM. Usage: cli_test.sh path/to/zhdj
set -uo pipefail
ZHDJ=${1:?path to zhdj}
DIR=$(mktemp -d /tmp/zhdj-cli.XXXXXX)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT
export ZHDJ_DB="sqlite:$DIR/zhdj.db" ZHDJ_KEY_FILE="$DIR/zhdj.key" ZHDJ_HASH_OPS=1 ZHDJ_HASH_MEM_MIB=8
passed=0 failed=0
check() {  # check "description" command...
  local what=$1; shift
  if "$@" >"$DIR/out" 2>&1; then passed=$((passed + 1)); echo "ok   - $what"
  else failed=$((failed + 1)); echo "FAIL - $what"; sed 's/^/       /' "$DIR/out"; fi
}
expect_fail() {
  local what=$1; shift
  if "$@" >"$DIR/out" 2>&1; then failed=$((failed + 1)); echo "FAIL - $what (succeeded)"; sed 's/^/       /' "$DIR/out"
  else passed=$((passed + 1)); echo "ok   - $what"; fi
}
count() { sqlite3 "$DIR/zhdj.db" "$1"; }

check "migrate creates the schema" "$ZHDJ" migrate
check "the key file is private (0600)" test "$(stat -c %a "$DIR/zhdj.key")" = 600
check "demo loads a university" bash -c "'$ZHDJ' demo --members 150 > '$DIR/demo.out'"
for login in demo-school demo-college demo-branch demo-member demo-auditor; do
  check "demo prints the login $login" grep -q "$login" "$DIR/demo.out"
done
check "demo has about twenty colleges" test "$(count "SELECT COUNT(*) FROM orgs WHERE depth = 1")" -ge 18
check "demo has 150 members plus its demo accounts" test "$(count "SELECT COUNT(*) FROM members")" -eq 152
check "a second demo changes nothing" "$ZHDJ" demo --members 150
check "still 152 members" test "$(count "SELECT COUNT(*) FROM members")" -eq 152
check "user create" "$ZHDJ" user create --login T77777 --name 新管理员 --password Strong-Pass-2026
check "the new account must change its password" test "$(count "SELECT must_change_password FROM accounts WHERE login='T77777'")" -eq 1
expect_fail "user create refuses a weak password" bash -c "'$ZHDJ' user create --login T77778 --name 某人 --password 123 2> '$DIR/weak.out'"
check "the refusal is in Chinese" grep -q "密码至少需要 10 个字符" "$DIR/weak.out"
check "user grant" "$ZHDJ" user grant --login T77777 --role college_admin --org 2
check "the grant exists" test "$(count "SELECT COUNT(*) FROM role_grants g JOIN accounts a ON a.id = g.account_id WHERE a.login='T77777'")" -eq 1
check "reset-password reading stdin" bash -c "echo 'Another-Pass-2027' | '$ZHDJ' user reset-password --login T77777"
sqlite3 "$DIR/zhdj.db" "UPDATE accounts SET totp_enabled = 1, totp_secret = x'00' WHERE login='T77777'"
check "reset-totp clears a lost authenticator" "$ZHDJ" user reset-totp --login T77777
check "the account enrols again at next login" test "$(count "SELECT totp_enabled FROM accounts WHERE login='T77777'")" -eq 0
check "no demo member joined before 18" test "$(count "SELECT COUNT(*) FROM members WHERE joined_on < date(birth_date, '+18 years')")" -eq 0
check "demo full members served a year of probation" test "$(count "SELECT COUNT(*) FROM members WHERE category = 'full' AND full_on < date(joined_on, '+1 year')")" -eq 0
check "demo people have encrypted ID numbers" test "$(count "SELECT COUNT(*) FROM members WHERE id_enc IS NOT NULL AND id_index IS NOT NULL")" -eq 152
ID_BEFORE="$(sqlite3 "$DIR/zhdj.db" "SELECT hex(id_enc) FROM members ORDER BY id LIMIT 1")"
check "keys rotate" bash -c "'$ZHDJ' keys rotate > '$DIR/rotate.out'"
check "it reports the re-encrypted values" grep -q "key 1 replaced by key 2" "$DIR/rotate.out"
check "the key file holds only the new key" bash -c "grep -q '^key 2 ' '$DIR/zhdj.key' && ! grep -q '^key 1 ' '$DIR/zhdj.key'"
check "the key file is still private (0600)" test "$(stat -c %a "$DIR/zhdj.key")" = 600
check "ID numbers were re-encrypted" test "$(sqlite3 "$DIR/zhdj.db" "SELECT hex(id_enc) FROM members ORDER BY id LIMIT 1")" != "$ID_BEFORE"
# Organizational life in the demo: months of held meetings, every one with minutes and attendance.
H="sqlite:$DIR/history.db"
check "demo with meeting history" bash -c "'$ZHDJ' demo --db '$H' --members 300 --meeting-history-months 3 > '$DIR/history.out'"
check "it reports the meetings recorded" grep -q "3 个月的组织生活记录" "$DIR/history.out"
hcount() { sqlite3 "$DIR/history.db" "$1"; }
check "branches held theme days in the past months" test "$(hcount "SELECT COUNT(*) FROM meetings WHERE type = 'theme_day' AND held = 1")" -ge 20
check "every held meeting has approved minutes" test "$(hcount "SELECT COUNT(*) FROM meetings m WHERE held = 1 AND NOT EXISTS (SELECT 1 FROM meeting_minutes n WHERE n.meeting_id = m.id AND n.approved_at IS NOT NULL)")" -eq 0
check "held counts match the attendance rows" test "$(hcount "SELECT COUNT(*) FROM meetings m WHERE present_count <> (SELECT COUNT(*) FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.present = 1)")" -eq 0
check "some obligations were left undone (about one in ten)" test "$(hcount "SELECT COUNT(*) FROM meetings WHERE type = 'theme_day'")" -lt "$(( $(hcount "SELECT COUNT(*) FROM orgs WHERE kind = 'branch'") * 3 ))"
check "the demo branch has tomorrow's theme day published" test "$(hcount "SELECT COUNT(*) FROM meetings WHERE status = 'published' AND type = 'theme_day' AND start_date > date('now')")" -eq 1
expect_fail "a bad reminder time is refused" "$ZHDJ" serve --db "$H" --meeting-reminder-time 25:00 --port 1
check "audit verify on an intact log" "$ZHDJ" audit verify
check "backup" "$ZHDJ" backup --out "$DIR/copy.db"
check "the backup has every member" test "$(sqlite3 "$DIR/copy.db" "SELECT COUNT(*) FROM members")" -eq 152
sqlite3 "$DIR/zhdj.db" "UPDATE audit_log SET ip = '6.6.6.6' WHERE seq = 2"
expect_fail "audit verify detects a changed entry" bash -c "'$ZHDJ' audit verify > '$DIR/verify.out'"
check "and names it" grep -q "entry 2: changed" "$DIR/verify.out"

# serve, then SIGTERM: stops accepting, finishes, exits 0.
PORT=$(( 30000 + RANDOM % 20000 ))
"$ZHDJ" serve --db "sqlite:$DIR/copy.db" --port $PORT --web-root "$DIR/none" >"$DIR/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
check "serve answers /healthz" curl -sf "http://127.0.0.1:$PORT/healthz"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"; rc=$?
SERVER_PID=""
check "serve exits 0 on SIGTERM" test "$rc" -eq 0
check "and says it stopped cleanly" grep -q "stopped" "$DIR/serve.log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
