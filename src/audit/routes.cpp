#include "audit/routes.hpp"

#include "audit/query.hpp"
#include "common/error.hpp"

namespace zhdj::audit {

void register_routes(http::Api& api, db::Database& db) {
  api.get("/api/v1/audit", [&db](http::Call& c) {
    Filter f;
    auto text = [&](const char* name) -> std::optional<std::string> {
      auto v = c.query(name);
      if (!v || v->empty()) return std::nullopt;
      if (v->size() > 100) throw errors::validation(name, "筛选条件过长");
      return v;
    };
    f.action = text("action");
    f.actor_login = text("actor");
    f.object_type = text("object_type");
    if (auto v = text("from")) {
      auto t = parse_instant(*v);
      if (!t) throw errors::validation("from", "日期格式应为 YYYY-MM-DD");
      f.from_ms = t;
    }
    if (auto v = text("to")) {
      auto t = parse_instant(*v);
      if (!t) throw errors::validation("to", "日期格式应为 YYYY-MM-DD");
      // A bare date means the whole day.
      f.to_ms = *t + (v->size() == 10 ? 24 * 3600 * 1000LL : 0);
    }
    f.before_seq = http::input::query_number(c, "cursor");
    f.limit = http::input::limit(c);
    return http::Response::json(list(db, c.who(), f));
  });
}

}  // namespace zhdj::audit
