-- wrk script: every request is demo-member's password login (argon2id verify + a new session row).
-- Used by bench/run.sh:  wrk -t2 -c8 -d10s --latency -s bench/login.lua http://127.0.0.1:PORT/api/v1/auth/login
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"login":"demo-member","password":"Zhdj@2026demo"}'
