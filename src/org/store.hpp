// SQL of the org area: the orgs, committees and committee_posts tables.
#pragma once

#include <optional>
#include <vector>

#include "db/database.hpp"
#include "org/model.hpp"

namespace zhdj::org::store {

std::optional<Org> find(db::Tx& tx, std::int64_t id);
Org insert(db::Tx& tx, std::optional<std::int64_t> parent_id, const std::string& parent_path,
           int depth, Kind kind, const std::string& name, Instant now);
void rename(db::Tx& tx, std::int64_t id, const std::string& name, Instant now);
// Rewrites the paths of `org` and everything under it to sit under `new_parent`.
void move_subtree(db::Tx& tx, const Org& org, const Org& new_parent, Instant now);
bool has_children(db::Tx& tx, std::int64_t id);
std::int64_t members_under(db::Tx& tx, const std::string& path);
std::int64_t grants_at(db::Tx& tx, std::int64_t id);
void remove(db::Tx& tx, std::int64_t id);

std::optional<CommitteeTerm> current_committee(db::Tx& tx, std::int64_t org_id);
std::vector<CommitteeTerm> committees(db::Tx& tx, std::int64_t org_id);
std::int64_t insert_committee(db::Tx& tx, const CommitteeTerm& term, Instant now);
BranchCounts counts_under(db::Tx& tx, const std::string& path);

}  // namespace zhdj::org::store
