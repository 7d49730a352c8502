#include "org/store.hpp"

#include "auth/principal.hpp"

namespace zhdj::org::store {

namespace {
constexpr const char* kOrgColumns = "id, parent_id, kind, name, path, depth, approval_delegated";

Org org_from(const db::Row& r) {
  Org o;
  o.id = r.i64(0);
  o.parent_id = r.opt_i64(1);
  o.kind = parse_kind(r.str(2)).value_or(Kind::branch);
  o.name = r.str(3);
  o.path = r.str(4);
  o.depth = static_cast<int>(r.i64(5));
  o.approval_delegated = r.i64(6) != 0;
  return o;
}
}  // namespace

std::optional<Org> find(db::Tx& tx, std::int64_t id) {
  auto row = tx.query_one(std::string("SELECT ") + kOrgColumns + " FROM orgs WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return org_from(*row);
}

Org insert(db::Tx& tx, std::optional<std::int64_t> parent_id, const std::string& parent_path,
           int depth, Kind kind, const std::string& name, Instant now) {
  // The path contains the id, which is known only after the insert.
  auto id = tx.insert(
      "INSERT INTO orgs (parent_id, kind, name, path, depth, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {parent_id, kind_code(kind), name, "pending:" + std::to_string(now) + name, depth, now, now});
  std::string path =
      (parent_path.empty() ? std::string("/") : parent_path) + std::to_string(id) + "/";
  tx.exec("UPDATE orgs SET path = ? WHERE id = ?", {path, id});
  return *find(tx, id);
}

void rename(db::Tx& tx, std::int64_t id, const std::string& name, Instant now) {
  tx.exec("UPDATE orgs SET name = ?, updated_at = ? WHERE id = ?", {name, now, id});
}

void move_subtree(db::Tx& tx, const Org& org, const Org& new_parent, Instant now) {
  std::string new_path = new_parent.path + std::to_string(org.id) + "/";
  int depth_delta = new_parent.depth + 1 - org.depth;
  tx.exec(
      "UPDATE orgs SET path = ? || substr(path, ?), depth = depth + ?, updated_at = ? "
      "WHERE path >= ? AND path < ?",
      {new_path, static_cast<std::int64_t>(org.path.size() + 1), depth_delta, now, org.path,
       auth::path_upper_bound(org.path)});
  tx.exec("UPDATE orgs SET parent_id = ? WHERE id = ?", {new_parent.id, org.id});
}

bool has_children(db::Tx& tx, std::int64_t id) {
  return tx.query_one("SELECT 1 FROM orgs WHERE parent_id = ? LIMIT 1", {id}).has_value();
}

std::int64_t members_under(db::Tx& tx, const std::string& path) {
  return tx
      .query_one(
          "SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id "
          "WHERE o.path >= ? AND o.path < ?",
          {path, auth::path_upper_bound(path)})
      ->i64(0);
}

std::int64_t grants_at(db::Tx& tx, std::int64_t id) {
  return tx.query_one("SELECT COUNT(*) FROM role_grants WHERE org_id = ?", {id})->i64(0);
}

void remove(db::Tx& tx, std::int64_t id) {
  tx.exec(
      "DELETE FROM committee_posts WHERE committee_id IN (SELECT id FROM committees WHERE org_id = "
      "?)",
      {id});
  tx.exec("DELETE FROM committees WHERE org_id = ?", {id});
  tx.exec("DELETE FROM orgs WHERE id = ?", {id});
}

namespace {
std::vector<CommitteeTerm> load_terms(db::Tx& tx, const std::string& where, const db::Params& p) {
  auto rows = tx.query("SELECT id, org_id, term_start, term_end, ended_on FROM committees WHERE " +
                           where + " ORDER BY term_start DESC, id DESC",
                       p);
  std::vector<CommitteeTerm> out;
  for (const auto& r : rows) {
    CommitteeTerm t;
    t.id = r.i64(0);
    t.org_id = r.i64(1);
    t.term_start = *parse_date(r.str(2));
    t.term_end = *parse_date(r.str(3));
    if (auto e = r.opt_str(4)) t.ended_on = parse_date(*e);
    auto posts = tx.query(
        "SELECT p.post, p.member_id, m.name FROM committee_posts p "
        "JOIN members m ON m.id = p.member_id WHERE p.committee_id = ? ORDER BY p.member_id",
        {t.id});
    for (const auto& pr : posts)
      t.posts.push_back({parse_post(pr.str(0)).value_or(Post::member), pr.i64(1), pr.str(2)});
    out.push_back(std::move(t));
  }
  return out;
}
}  // namespace

std::optional<CommitteeTerm> current_committee(db::Tx& tx, std::int64_t org_id) {
  auto terms = load_terms(tx, "org_id = ? AND ended_on IS NULL", {org_id});
  if (terms.empty()) return std::nullopt;
  return terms.front();
}

std::vector<CommitteeTerm> committees(db::Tx& tx, std::int64_t org_id) {
  return load_terms(tx, "org_id = ?", {org_id});
}

std::int64_t insert_committee(db::Tx& tx, const CommitteeTerm& term, Instant now) {
  tx.exec("UPDATE committees SET ended_on = ? WHERE org_id = ? AND ended_on IS NULL",
          {format_date(term.term_start), term.org_id});
  auto id = tx.insert(
      "INSERT INTO committees (org_id, term_start, term_end, created_at) VALUES (?, ?, ?, ?) "
      "RETURNING id",
      {term.org_id, format_date(term.term_start), format_date(term.term_end), now});
  for (const auto& p : term.posts)
    tx.exec("INSERT INTO committee_posts (committee_id, member_id, post) VALUES (?, ?, ?)",
            {id, p.member_id, post_code(p.post)});
  return id;
}

BranchCounts counts_under(db::Tx& tx, const std::string& path) {
  auto row = tx.query_one(
      "SELECT COALESCE(SUM(CASE WHEN m.category = 'full' THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN m.category IN ('full', 'probationary') THEN 1 ELSE 0 END), 0) "
      "FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.path >= ? AND o.path < ? AND "
      "m.status = 'active'",
      {path, auth::path_upper_bound(path)});
  return {static_cast<int>(row->i64(0)), static_cast<int>(row->i64(1))};
}

}  // namespace zhdj::org::store
