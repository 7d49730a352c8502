#include "http/rate_limit.hpp"

#include <algorithm>

namespace zhdj::http {

bool RateLimiter::allow(const std::string& key, std::int64_t now_ms) {
  if (rate_ <= 0) return true;
  std::lock_guard lock(mutex_);
  if (buckets_.size() > 100000) {  // forget idle clients rather than grow without bound
    std::erase_if(buckets_, [&](const auto& kv) { return now_ms - kv.second.at > 60000; });
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now_ms});
  Bucket& b = it->second;
  b.tokens = std::min(burst_, b.tokens + (now_ms - b.at) * rate_ / 1000.0);
  b.at = now_ms;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

}  // namespace zhdj::http
