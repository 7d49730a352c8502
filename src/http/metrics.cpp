#include "http/metrics.hpp"

#include <fmt/format.h>

namespace zhdj::http {

void Metrics::observe(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  auto it = routes_.find(std::string_view(route));
  if (it == routes_.end()) it = routes_.emplace(route, RouteStats{}).first;
  ++it->second.by_status[status];
  auto& h = it->second.latency;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.counts[i];
  ++h.total;
  h.sum += seconds;
}

namespace {
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}
}  // namespace

std::string Metrics::render(const db::PoolStats& pool, std::int64_t sse_streams) const {
  std::string out;
  std::lock_guard lock(mutex_);
  out += "# HELP zhdj_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE zhdj_http_requests_total counter\n";
  for (const auto& [route, stats] : routes_)
    for (const auto& [status, n] : stats.by_status)
      out += fmt::format("zhdj_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         label(route), status, n);
  out += "# HELP zhdj_http_request_duration_seconds Request latency by route.\n";
  out += "# TYPE zhdj_http_request_duration_seconds histogram\n";
  for (const auto& [route, stats] : routes_) {
    const auto& h = stats.latency;
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out += fmt::format("zhdj_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         label(route), kBuckets[i], h.counts[i]);
    out += fmt::format("zhdj_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                       label(route), h.total);
    out += fmt::format("zhdj_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label(route),
                       h.sum);
    out += fmt::format("zhdj_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                       label(route), h.total);
  }
  out += "# HELP zhdj_db_readers Database reader connections (total and in use).\n";
  out += "# TYPE zhdj_db_readers gauge\n";
  out += fmt::format("zhdj_db_readers{{state=\"total\"}} {}\n", pool.readers_total);
  out += fmt::format("zhdj_db_readers{{state=\"busy\"}} {}\n", pool.readers_busy);
  out += "# TYPE zhdj_db_writers_busy gauge\n";
  out += fmt::format("zhdj_db_writers_busy {}\n", pool.writers_busy);
  out += "# TYPE zhdj_db_write_queue_depth gauge\n";
  out += fmt::format("zhdj_db_write_queue_depth {}\n", pool.write_queue_depth);
  out += "# TYPE zhdj_db_commits_total counter\n";
  out += fmt::format("zhdj_db_commits_total {}\n", pool.commits);
  out += "# TYPE zhdj_db_writes_total counter\n";
  out += fmt::format("zhdj_db_writes_total {}\n", pool.writes);
  out += "# TYPE zhdj_sse_streams gauge\n";
  out += fmt::format("zhdj_sse_streams {}\n", sse_streams);
  return out;
}

}  // namespace zhdj::http
