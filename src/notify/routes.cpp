#include "notify/routes.hpp"

#include "common/error.hpp"

namespace zhdj::notify {

namespace {
std::optional<std::int64_t> number(const std::optional<std::string>& v, const char* field) {
  if (!v || v->empty()) return std::nullopt;
  if (v->size() > 18 || v->find_first_not_of("0123456789") != std::string::npos)
    throw errors::validation(field, "参数无效");
  return std::stoll(*v);
}
}  // namespace

void register_routes(http::Api& api, Service& notifications,
                     std::function<bool(std::int64_t)> session_alive) {
  using http::Call;
  using http::Response;

  api.get("/api/v1/notifications", [&notifications](Call& c) {
    return Response::json(
        notifications.list(c.who(), number(c.query("cursor"), "cursor"), http::input::limit(c)));
  });
  api.get("/api/v1/notifications/unread-count", [&notifications](Call& c) {
    return Response::json({{"unread", notifications.unread_count(c.who())}});
  });
  api.post("/api/v1/notifications/{id}/read", [&notifications](Call& c) {
    notifications.mark_read(c.who(), c.id("id"));
    return Response::json({{"ok", true}});
  });
  api.post("/api/v1/notifications/read-all", [&notifications](Call& c) {
    notifications.mark_all_read(c.who());
    return Response::json({{"ok", true}});
  });
  api.get("/api/v1/notifications/stream", [&notifications, session_alive](Call& c) {
    auto last = c.request().header("last-event-id");
    auto last_id =
        number(last.empty() ? c.query("last_event_id") : std::optional<std::string>(last),
               "last_event_id");
    std::int64_t session_id = c.who().session_id;
    Response r;
    r.stream = notifications.open_stream(c.who(), last_id.value_or(0), [session_alive, session_id] {
      return session_alive(session_id);
    });
    return r;
  });
}

}  // namespace zhdj::notify
