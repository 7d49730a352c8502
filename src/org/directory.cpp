#include "org/directory.hpp"

#include "auth/principal.hpp"
#include "org/store.hpp"

namespace zhdj::org::directory {

namespace {
constexpr const char* kColumns =
    "SELECT id, parent_id, kind, name, path, depth, approval_delegated, created_at FROM orgs ";

Node from_row(const db::Row& r) {
  Node n;
  n.org.id = r.i64(0);
  n.org.parent_id = r.opt_i64(1);
  n.org.kind = parse_kind(r.str(2)).value_or(Kind::branch);
  n.org.name = r.str(3);
  n.org.path = r.str(4);
  n.org.depth = static_cast<int>(r.i64(5));
  n.org.approval_delegated = r.i64(6) != 0;
  n.created_at = r.i64(7);
  return n;
}
}  // namespace

std::optional<Node> find(db::Tx& tx, std::int64_t id) {
  auto r = tx.query_one(std::string(kColumns) + "WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return from_row(*r);
}

std::vector<Node> subtree(db::Tx& tx, const std::string& path) {
  std::vector<Node> out;
  for (const auto& r :
       tx.query(std::string(kColumns) + "WHERE path >= ? AND path < ? ORDER BY path",
                {path, auth::path_upper_bound(path)}))
    out.push_back(from_row(r));
  return out;
}

std::vector<Node> children(db::Tx& tx, std::int64_t id) {
  std::vector<Node> out;
  for (const auto& r : tx.query(std::string(kColumns) + "WHERE parent_id = ? ORDER BY path", {id}))
    out.push_back(from_row(r));
  return out;
}

std::vector<CommitteePost> current_committee(db::Tx& tx, std::int64_t org_id) {
  auto term = store::current_committee(tx, org_id);
  return term ? term->posts : std::vector<CommitteePost>{};
}

std::map<std::int64_t, std::vector<std::int64_t>> committees_under(db::Tx& tx,
                                                                   const std::string& path) {
  std::map<std::int64_t, std::vector<std::int64_t>> out;
  for (const auto& r :
       tx.query("SELECT c.org_id, p.member_id FROM orgs o JOIN committees c ON c.org_id = o.id "
                "JOIN committee_posts p ON p.committee_id = c.id "
                "WHERE o.path >= ? AND o.path < ? AND c.ended_on IS NULL",
                {path, auth::path_upper_bound(path)}))
    out[r.i64(0)].push_back(r.i64(1));
  return out;
}

}  // namespace zhdj::org::directory
