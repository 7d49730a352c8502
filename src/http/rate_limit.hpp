// Token buckets keyed by client IP or account. Kept in the node's memory: an approximate,
// cheap guard against floods. The security-relevant limit — failed logins — is kept in the
// database (auth/throttle) so that it holds across nodes.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace zhdj::http {

class RateLimiter {
 public:
  // `per_second` tokens refill per second, up to `burst`. per_second <= 0 disables the limiter.
  RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {}
  // Takes one token for `key` at time `now_ms`; false when the bucket is empty.
  bool allow(const std::string& key, std::int64_t now_ms);

 private:
  struct Bucket {
    double tokens;
    std::int64_t at;
  };
  double rate_, burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace zhdj::http
