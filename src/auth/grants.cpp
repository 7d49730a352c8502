#include "auth/grants.hpp"

#include "audit/audit.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "org/model.hpp"
#include "org/rules.hpp"

namespace zhdj::auth {

std::vector<std::int64_t> administrators_of(db::Tx& tx, std::string_view capability,
                                            const std::string& org_path, int min_admin_level) {
  std::vector<std::int64_t> out;
  for (const auto& r :
       tx.query("SELECT DISTINCT g.account_id FROM role_grants g JOIN orgs o ON o.id = g.org_id "
                "JOIN role_capabilities c ON c.role = g.role AND c.capability = ? "
                "JOIN roles rl ON rl.code = g.role WHERE rl.admin_level >= ? AND ? >= o.path AND "
                "substr(?, 1, length(o.path)) = o.path",
                {capability, min_admin_level, org_path, org_path}))
    out.push_back(r.i64(0));
  return out;
}

namespace {
constexpr const char* kUnknownRole = "角色无效";
constexpr const char* kUnknownAccount = "账号不存在";
constexpr const char* kAlreadyGranted = "该账号在此组织已有此角色";
constexpr const char* kAdminLevelMismatch =
    "管理员角色须与组织层级相符：校级管理员授予在校党委，院级管理员授予在院(系)"
    "党委或党总支，支部管理员授予在党支部";
constexpr const char* kAncestorOnly = "只有上级组织的管理员才能授予管理员角色";
constexpr const char* kNoEscalation = "不能授予超出自己权限的角色";

std::string lower_like(const std::string& q) {
  std::string out;
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}
}  // namespace

nlohmann::json GrantService::roles() {
  return db_.read_result([&](db::Tx& tx) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : tx.query("SELECT code, name, admin_level FROM roles ORDER BY "
                                  "COALESCE(admin_level, 9), code")) {
      nlohmann::json caps = nlohmann::json::array();
      for (const auto& c :
           tx.query("SELECT capability FROM role_capabilities WHERE role = ? ORDER BY capability",
                    {r.str(0)}))
        caps.push_back(c.str(0));
      items.push_back(
          {{"code", r.str(0)},
           {"name", r.str(1)},
           {"admin_level", r.is_null(2) ? nlohmann::json(nullptr) : nlohmann::json(r.i64(2))},
           {"capabilities", caps}});
    }
    return nlohmann::json{{"items", items}};
  });
}

nlohmann::json GrantService::list(const Principal& who, std::optional<std::int64_t> org_id) {
  return db_.read_result([&](db::Tx& tx) {
    std::string where;
    db::Params params;
    if (org_id) {
      auto o = tx.query_one("SELECT path FROM orgs WHERE id = ?", {*org_id});
      if (!o) throw errors::not_found(zhdj::msg::kNotFound);
      who.require("roles.read", o->str(0));
      where = "o.path >= ? AND o.path < ?";
      params = {o->str(0), path_upper_bound(o->str(0))};
    } else {
      auto scope = scope_filter(who, "roles.read", "o.path");
      where = scope.sql;
      params = scope.params;
    }
    auto rows = tx.query(
        "SELECT g.id, a.id, a.login, a.name, g.role, r.name, g.org_id, o.name, g.granted_at, "
        "gb.login FROM role_grants g JOIN accounts a ON a.id = g.account_id "
        "JOIN roles r ON r.code = g.role JOIN orgs o ON o.id = g.org_id "
        "LEFT JOIN accounts gb ON gb.id = g.granted_by WHERE " +
            where + " ORDER BY o.path, g.id LIMIT 1000",
        params);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : rows)
      items.push_back(
          {{"id", r.i64(0)},
           {"account", {{"id", r.i64(1)}, {"login", r.str(2)}, {"name", r.str(3)}}},
           {"role", r.str(4)},
           {"role_name", r.str(5)},
           {"org_id", r.i64(6)},
           {"org_name", r.str(7)},
           {"granted_at", format_instant(r.i64(8))},
           {"granted_by", r.is_null(9) ? nlohmann::json(nullptr) : nlohmann::json(r.str(9))}});
    return nlohmann::json{{"items", items}};
  });
}

void GrantService::require_may_grant(db::Tx& tx, const Principal& who, const std::string& role,
                                     const std::string& org_kind, const std::string& org_path) {
  who.require("roles.grant", org_path);
  auto role_row = tx.query_one("SELECT admin_level FROM roles WHERE code = ?", {role});
  if (!role_row) throw errors::validation("role", kUnknownRole);
  // No escalation: every capability of the role must be held by the granter at that node.
  for (const auto& c : tx.query("SELECT capability FROM role_capabilities WHERE role = ?", {role}))
    if (c.str(0) != "self" && !who.can(c.str(0), org_path)) throw errors::forbidden(kNoEscalation);
  if (!role_row->is_null(0)) {
    if (role == "system_admin") {
      if (!who.has_anywhere("system.admin")) throw errors::forbidden(kNoEscalation);
      return;
    }
    auto kind = org::parse_kind(org_kind);
    if (!kind || org::rules::admin_role_for(*kind) != role)
      throw errors::validation("role", kAdminLevelMismatch);
    bool ancestor_admin = false;
    for (const auto& g : who.grants)
      if (g.has("roles.grant_admin") && is_under(org_path, g.org_path) && g.org_path != org_path)
        ancestor_admin = true;
    if (!ancestor_admin) throw errors::forbidden(kAncestorOnly);
  }
}

std::int64_t GrantService::grant_unchecked(db::Tx& tx, std::int64_t account_id,
                                           const std::string& role, std::int64_t org_id,
                                           Instant now, const std::string& actor_ip) {
  auto id = tx.insert(
      "INSERT INTO role_grants (account_id, role, org_id, granted_by, granted_at) "
      "VALUES (?, ?, ?, NULL, ?) RETURNING id",
      {account_id, role, org_id, now});
  auto path = tx.query_one("SELECT path FROM orgs WHERE id = ?", {org_id})->str(0);
  audit::record(tx, {std::nullopt, std::nullopt, actor_ip},
                {"grant.create",
                 "grant",
                 std::to_string(id),
                 path,
                 {{"account_id", account_id}, {"role", role}, {"org_id", org_id}}},
                now);
  return id;
}

nlohmann::json GrantService::grant(const Principal& who, const std::string& login,
                                   const std::string& role, std::int64_t org_id) {
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto o = tx.query_one("SELECT path, kind, name FROM orgs WHERE id = ?", {org_id});
    if (!o) throw errors::not_found(zhdj::msg::kNotFound);
    require_may_grant(tx, who, role, o->str(1), o->str(0));
    auto account = tx.query_one("SELECT id, name FROM accounts WHERE login = ?", {login});
    if (!account) throw errors::validation("login", kUnknownAccount);
    if (tx.query_one("SELECT 1 FROM role_grants WHERE account_id = ? AND role = ? AND org_id = ?",
                     {account->i64(0), role, org_id}))
      throw errors::conflict(kAlreadyGranted, "role");
    auto id = tx.insert(
        "INSERT INTO role_grants (account_id, role, org_id, granted_by, granted_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id",
        {account->i64(0), role, org_id, who.account_id, now});
    auto role_name = tx.query_one("SELECT name FROM roles WHERE code = ?", {role})->str(0);
    audit::record(tx, {who.account_id, who.real_account_id, who.ip},
                  {"grant.create",
                   "grant",
                   std::to_string(id),
                   o->str(0),
                   {{"login", login}, {"role", role}, {"org_id", org_id}}},
                  now);
    notifications_.send(tx, {account->i64(0)},
                        {"grant.created", "您获得了新的角色",
                         who.name + " 授予您在「" + o->str(2) + "」的「" + role_name + "」角色",
                         "/orgs/" + std::to_string(org_id)});
    return nlohmann::json{
        {"id", id},
        {"account", {{"id", account->i64(0)}, {"login", login}, {"name", account->str(1)}}},
        {"role", role},
        {"role_name", role_name},
        {"org_id", org_id},
        {"org_name", o->str(2)},
        {"granted_at", format_instant(now)},
        {"granted_by", who.login}};
  });
}

void GrantService::revoke(const Principal& who, std::int64_t grant_id) {
  const Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto g = tx.query_one(
        "SELECT g.account_id, g.role, o.path, o.kind, o.name, r.name FROM role_grants g "
        "JOIN orgs o ON o.id = g.org_id JOIN roles r ON r.code = g.role WHERE g.id = ?",
        {grant_id});
    if (!g) throw errors::not_found(zhdj::msg::kNotFound);
    if (!who.can("roles.read", g->str(2))) throw errors::not_found(zhdj::msg::kNotFound);
    require_may_grant(tx, who, g->str(1), g->str(3), g->str(2));
    tx.exec("DELETE FROM role_grants WHERE id = ?", {grant_id});
    audit::record(tx, {who.account_id, who.real_account_id, who.ip},
                  {"grant.revoke",
                   "grant",
                   std::to_string(grant_id),
                   g->str(2),
                   {{"account_id", g->i64(0)}, {"role", g->str(1)}}},
                  now);
    notifications_.send(tx, {g->i64(0)},
                        {"grant.revoked", "您的角色已被收回",
                         "您在「" + g->str(4) + "」的「" + g->str(5) + "」角色已被收回", "/"});
  });
}

nlohmann::json GrantService::search_accounts(const Principal& who, const std::string& q) {
  return db_.read_result([&](db::Tx& tx) {
    auto scope = scope_filter(who, "members.read", "o.path");
    db::Params params = scope.params;
    std::string pattern = lower_like(q) + "%";
    params.push_back(pattern);
    params.push_back("%" + lower_like(q) + "%");
    auto rows = tx.query(
        "SELECT a.id, a.login, a.name, o.name FROM accounts a JOIN members m ON m.account_id = "
        "a.id "
        "JOIN orgs o ON o.id = m.org_id WHERE " +
            scope.sql +
            " AND (a.login LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\') ORDER BY a.login LIMIT "
            "20",
        params);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : rows)
      items.push_back(
          {{"id", r.i64(0)}, {"login", r.str(1)}, {"name", r.str(2)}, {"org_name", r.str(3)}});
    return nlohmann::json{{"items", items}};
  });
}

}  // namespace zhdj::auth
