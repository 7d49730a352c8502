// Who is calling, and what they may do where.
// A role is granted to an account at an org node and holds for that node's whole subtree
// (DESIGN.md "Authorization"); org nodes carry materialized paths like "/1/7/42/", so
// "X is under Y" is a prefix test and "all rows under Y" is a range scan in SQL.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace zhdj::auth {

using CapabilitySet = std::set<std::string, std::less<>>;

struct Grant {
  std::int64_t id = 0;
  std::string role;
  std::string role_name;  // Chinese
  std::int64_t org_id = 0;
  std::string org_path;
  std::string org_name;
  std::optional<int> admin_level;  // 0 system, 1 university, 2 college, 3 branch
  // Shared with every grant of the same role (see Service's role catalogue).
  std::shared_ptr<const CapabilitySet> capabilities = std::make_shared<CapabilitySet>();

  bool has(std::string_view capability) const { return capabilities->count(capability) > 0; }
};

struct Principal {
  std::int64_t account_id = 0;
  std::string login;
  std::string name;
  std::int64_t session_id = 0;
  std::string stage;  // ok, totp, totp_enroll, change_password
  std::string csrf_token;
  std::string ip;
  std::optional<std::int64_t> real_account_id;  // acting on someone's behalf
  std::optional<std::int64_t> member_id;        // the caller's own member record
  std::vector<Grant> grants;

  // True if some grant with `capability` sits at `org_path` or above it.
  bool can(std::string_view capability, std::string_view org_path) const;
  // Throws 404 when the caller may not see the org at all, 403 when they may see but not act.
  void require(std::string_view capability, std::string_view org_path) const;
  // True if `capability` is granted anywhere.
  bool has_anywhere(std::string_view capability) const;
  // Paths where `capability` holds, with nested ones removed.
  std::vector<std::string> scope(std::string_view capability) const;
  std::set<std::string> capabilities() const;
  // The highest administration level held (0 system ... 3 branch), if any.
  std::optional<int> admin_level() const;
};

// "/1/7/" → "/1/70": the smallest string greater than every path that starts with the prefix.
std::string path_upper_bound(std::string_view prefix);
bool is_under(std::string_view path, std::string_view ancestor_path);

// A SQL condition restricting `column` (a materialized path) to the caller's scope for a
// capability, with its parameters; "1 = 0" when the capability is held nowhere.
struct ScopeFilter {
  std::string sql;
  db::Params params;
};
ScopeFilter scope_filter(const Principal& who, std::string_view capability,
                         std::string_view column);

}  // namespace zhdj::auth
