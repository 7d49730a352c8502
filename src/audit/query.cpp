#include "audit/query.hpp"

#include "common/error.hpp"
#include "common/messages.hpp"
#include "common/time.hpp"

namespace zhdj::audit {

nlohmann::json list(db::Database& db, const auth::Principal& who, const Filter& f) {
  if (!who.has_anywhere("audit.read")) throw errors::forbidden(zhdj::msg::kForbidden);
  auto scope = auth::scope_filter(who, "audit.read", "l.org_path");
  std::string sql =
      "SELECT l.seq, l.at, a.login, a.name, ra.login, l.ip, l.action, l.object_type, "
      "l.object_id, l.org_path, l.changes FROM audit_log l "
      "LEFT JOIN accounts a ON a.id = l.actor_id LEFT JOIN accounts ra ON ra.id = l.real_actor_id "
      "WHERE " +
      scope.sql;
  db::Params params = scope.params;
  if (f.action) {
    if (!f.action->empty() && f.action->back() == '.') {
      sql += " AND l.action >= ? AND l.action < ?";
      params.push_back(*f.action);
      params.push_back(auth::path_upper_bound(*f.action));
    } else {
      sql += " AND l.action = ?";
      params.push_back(*f.action);
    }
  }
  if (f.actor_login) {
    sql += " AND a.login = ?";
    params.push_back(*f.actor_login);
  }
  if (f.object_type) {
    sql += " AND l.object_type = ?";
    params.push_back(*f.object_type);
  }
  if (f.from_ms) {
    sql += " AND l.at >= ?";
    params.push_back(*f.from_ms);
  }
  if (f.to_ms) {
    sql += " AND l.at < ?";
    params.push_back(*f.to_ms);
  }
  if (f.before_seq) {
    sql += " AND l.seq < ?";
    params.push_back(*f.before_seq);
  }
  sql += " ORDER BY l.seq DESC LIMIT ?";
  params.push_back(f.limit + 1);
  return db.read_result([&](db::Tx& tx) {
    auto rows = tx.query(sql, params);
    nlohmann::json items = nlohmann::json::array();
    for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(f.limit); ++i) {
      const auto& r = rows[i];
      auto changes = nlohmann::json::parse(r.str(10), nullptr, false);
      items.push_back(
          {{"seq", r.i64(0)},
           {"at", format_instant(r.i64(1))},
           {"actor", r.is_null(2) ? nlohmann::json(nullptr)
                                  : nlohmann::json{{"login", r.str(2)}, {"name", r.str(3)}}},
           {"real_actor", r.is_null(4) ? nlohmann::json(nullptr) : nlohmann::json(r.str(4))},
           {"ip", r.str(5)},
           {"action", r.str(6)},
           {"object_type", r.str(7)},
           {"object_id", r.str(8)},
           {"org_path", r.str(9)},
           {"changes", changes.is_discarded() ? nlohmann::json(r.str(10)) : changes}});
    }
    nlohmann::json next = rows.size() > static_cast<size_t>(f.limit)
                              ? nlohmann::json(std::to_string(rows[f.limit - 1].i64(0)))
                              : nlohmann::json(nullptr);
    return nlohmann::json{{"items", items}, {"next_cursor", next}};
  });
}

}  // namespace zhdj::audit
