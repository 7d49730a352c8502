// HTTP binding of notifications, including the live SSE stream.
#pragma once

#include <functional>

#include "http/api.hpp"
#include "notify/service.hpp"

namespace zhdj::notify {
// `session_alive(session_id)` tells a long-lived stream whether its session still holds.
void register_routes(http::Api& api, Service& notifications,
                     std::function<bool(std::int64_t)> session_alive);
}  // namespace zhdj::notify
