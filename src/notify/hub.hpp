// Wakes the live event streams of accounts when something new is stored for them.
// The database stays the source of truth (streams read what is new from it); the hub only
// cuts the latency. With several nodes, PostgreSQL LISTEN/NOTIFY would call wake() on each.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

namespace zhdj::notify {

class Hub {
 public:
  using Token = std::uint64_t;
  Token subscribe(std::int64_t account_id, std::function<void()> wake);
  void unsubscribe(Token token);
  void wake(const std::vector<std::int64_t>& account_ids);

 private:
  std::mutex mutex_;
  Token next_ = 1;
  std::multimap<std::int64_t, std::pair<Token, std::function<void()>>> subscribers_;
};

}  // namespace zhdj::notify
