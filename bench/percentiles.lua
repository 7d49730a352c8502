-- wrk script: adds one machine-readable line with the latency percentiles wrk's own report
-- leaves out (p95) to the end of the output. Requests are whatever the command line says
-- (method GET, -H headers). Used by bench/registry.sh:
--   wrk -t2 -c4 -d10s -s bench/percentiles.lua -H "Cookie: ..." http://127.0.0.1:PORT/api/v1/members?limit=50
-- Output: "percentiles: requests=N seconds=S rps=R p50_ms=… p95_ms=… p99_ms=… max_ms=… non2xx=N errors=N"
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "percentiles: requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
