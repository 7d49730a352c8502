#include "notify/routes.hpp"

namespace zhdj::notify {

void register_routes(http::Api& api, Service& notifications,
                     std::function<bool(std::int64_t)> session_alive) {
  using http::Call;
  using http::Response;

  api.get("/api/v1/notifications", [&notifications](Call& c) {
    return Response::json(
        notifications.list(c.who(), http::input::query_number(c, "cursor"), http::input::limit(c)));
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
    // The browser resends the last id it saw as a header; scripts may pass it in the query.
    if (auto header = c.request().header("last-event-id"); !header.empty())
      c.request().query["last_event_id"] = header;
    auto last_id = http::input::query_number(c, "last_event_id");
    std::int64_t session_id = c.who().session_id;
    Response r;
    r.stream = notifications.open_stream(c.who(), last_id.value_or(0), [session_alive, session_id] {
      return session_alive(session_id);
    });
    return r;
  });
}

}  // namespace zhdj::notify
