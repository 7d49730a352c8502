// Request counters and a latency histogram, rendered in the Prometheus text format.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "db/database.hpp"

namespace zhdj::http {

class Metrics {
 public:
  void observe(const std::string& route, int status, double seconds);
  std::string render(const db::PoolStats& pool, std::int64_t sse_streams) const;

 private:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};
    std::uint64_t total = 0;
    double sum = 0;
  };
  struct RouteStats {
    std::map<int, std::uint64_t> by_status;
    Histogram latency;
  };
  mutable std::mutex mutex_;
  // Looked up without building a key: nothing is allocated per request once a route is known.
  std::map<std::string, RouteStats, std::less<>> routes_;
};

}  // namespace zhdj::http
