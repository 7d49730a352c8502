// Reading the audit log: auditors and level-1 admins, each within their subtree.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "db/database.hpp"

namespace zhdj::audit {

struct Filter {
  std::optional<std::string> action;  // exact, or a prefix ending in '.' ("org.")
  std::optional<std::string> actor_login;
  std::optional<std::string> object_type;
  std::optional<std::int64_t> from_ms, to_ms;
  std::optional<std::int64_t> before_seq;  // paging
  int limit = 50;
};

nlohmann::json list(db::Database& db, const auth::Principal& who, const Filter& filter);

}  // namespace zhdj::audit
