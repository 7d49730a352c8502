// Roles and their grants at org nodes. Two rules keep permissions from spreading sideways:
//   - nobody grants a capability they do not hold at that node themselves;
//   - an admin role is granted only by an admin of a strict ancestor (DOMAIN.md §1), and only
//     the admin role matching the node's level.
#pragma once

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "notify/service.hpp"

namespace zhdj::auth {

// Accounts holding `capability` at `org_path` through an admin role of level `min_admin_level`
// or deeper (2 college, 3 branch) granted at that org or above it: whom to tell about work
// waiting for them.
std::vector<std::int64_t> administrators_of(db::Tx& tx, std::string_view capability,
                                            const std::string& org_path, int min_admin_level = 2);

class GrantService {
 public:
  GrantService(db::Database& db, notify::Service& notifications, const Clock& clock)
      : db_(db), notifications_(notifications), clock_(clock) {}

  nlohmann::json roles();
  nlohmann::json list(const Principal& who, std::optional<std::int64_t> org_id);
  nlohmann::json grant(const Principal& who, const std::string& login, const std::string& role,
                       std::int64_t org_id);
  void revoke(const Principal& who, std::int64_t grant_id);
  nlohmann::json search_accounts(const Principal& who, const std::string& q);

  // For the CLI and the demo: no caller checks (the operator is trusted), still audited.
  static std::int64_t grant_unchecked(db::Tx& tx, std::int64_t account_id, const std::string& role,
                                      std::int64_t org_id, Instant now,
                                      const std::string& actor_ip);

 private:
  void require_may_grant(db::Tx& tx, const Principal& who, const std::string& role,
                         const std::string& org_kind, const std::string& org_path);
  db::Database& db_;
  notify::Service& notifications_;
  const Clock& clock_;
};

}  // namespace zhdj::auth
