// What other areas may ask about the org tree inside their own transaction: an org by id, the
// orgs of a subtree, and the current branch committees. Read-only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "org/model.hpp"

namespace zhdj::org::directory {

struct Node {
  Org org;
  Instant created_at = 0;
};

std::optional<Node> find(db::Tx& tx, std::int64_t id);
// The org at `path` and every org under it, in path order.
std::vector<Node> subtree(db::Tx& tx, const std::string& path);
// The orgs directly under `id`, in path order.
std::vector<Node> children(db::Tx& tx, std::int64_t id);
// The members holding a post in the current committee term of `org_id` (empty: no committee),
// with their posts.
std::vector<CommitteePost> current_committee(db::Tx& tx, std::int64_t org_id);
// The current committee members of every org under `path`, by org id.
std::map<std::int64_t, std::vector<std::int64_t>> committees_under(db::Tx& tx,
                                                                   const std::string& path);

}  // namespace zhdj::org::directory
