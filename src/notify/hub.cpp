#include "notify/hub.hpp"

namespace zhdj::notify {

Hub::Token Hub::subscribe(std::int64_t account_id, std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  Token t = next_++;
  subscribers_.emplace(account_id, std::make_pair(t, std::move(wake)));
  return t;
}

void Hub::unsubscribe(Token token) {
  std::lock_guard lock(mutex_);
  for (auto it = subscribers_.begin(); it != subscribers_.end(); ++it)
    if (it->second.first == token) {
      subscribers_.erase(it);
      return;
    }
}

void Hub::wake(const std::vector<std::int64_t>& account_ids) {
  std::vector<std::function<void()>> to_call;
  {
    std::lock_guard lock(mutex_);
    for (auto id : account_ids) {
      auto [a, b] = subscribers_.equal_range(id);
      for (auto it = a; it != b; ++it) to_call.push_back(it->second.second);
    }
  }
  for (auto& f : to_call) f();
}

}  // namespace zhdj::notify
