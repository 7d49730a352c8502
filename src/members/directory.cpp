#include "members/directory.hpp"

#include <fmt/format.h>

#include "auth/principal.hpp"

namespace zhdj::members::directory {

namespace {

constexpr const char* kColumns =
    "SELECT m.id, m.account_id, m.name, m.org_id, o.name, o.path, m.category, m.status, "
    "m.watch_until, m.joined_on, m.student_no FROM members m JOIN orgs o ON o.id = m.org_id ";

Person from_row(const db::Row& r) {
  Person p;
  p.member_id = r.i64(0);
  p.account_id = r.opt_i64(1);
  p.name = r.str(2);
  p.org_id = r.i64(3);
  p.org_name = r.str(4);
  p.org_path = r.str(5);
  p.category = r.str(6);
  p.status = r.str(7);
  if (auto w = r.opt_str(8)) p.watch_until = parse_date(*w);
  if (auto j = r.opt_str(9)) p.joined_on = parse_date(*j);
  p.student_no = r.opt_str(10).value_or("");
  return p;
}

std::vector<Person> under(db::Tx& tx, const std::string& path, bool party_only) {
  std::string sql = std::string(kColumns) + "WHERE o.path >= ? AND o.path < ?";
  if (party_only) sql += " AND m.category IN ('full', 'probationary') AND m.status = 'active'";
  sql += " ORDER BY m.name_sort, m.id";
  std::vector<Person> out;
  for (const auto& r : tx.query(sql, {path, auth::path_upper_bound(path)}))
    out.push_back(from_row(r));
  return out;
}

}  // namespace

std::vector<Person> party_members_under(db::Tx& tx, const std::string& path) {
  return under(tx, path, true);
}

std::vector<Person> people_under(db::Tx& tx, const std::string& path) {
  return under(tx, path, false);
}

std::vector<Person> people(db::Tx& tx, const std::vector<std::int64_t>& member_ids) {
  std::vector<Person> out;
  // In chunks, so the statement stays small and its plan cached per chunk size.
  for (size_t i = 0; i < member_ids.size(); i += 100) {
    size_t n = std::min<size_t>(100, member_ids.size() - i);
    std::string marks;
    db::Params params;
    for (size_t k = 0; k < n; ++k) {
      marks += k ? ", ?" : "?";
      params.emplace_back(member_ids[i + k]);
    }
    for (const auto& r : tx.query(std::string(kColumns) + "WHERE m.id IN (" + marks + ")", params))
      out.push_back(from_row(r));
  }
  return out;
}

std::optional<Person> person(db::Tx& tx, std::int64_t member_id) {
  auto r = tx.query_one(std::string(kColumns) + "WHERE m.id = ?", {member_id});
  if (!r) return std::nullopt;
  return from_row(*r);
}

std::vector<std::pair<std::int64_t, std::int64_t>> party_members_by_org(db::Tx& tx,
                                                                        const std::string& path) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (const auto& r :
       tx.query("SELECT m.org_id, m.id FROM orgs o JOIN members m ON m.org_id = o.id "
                "WHERE o.path >= ? AND o.path < ? AND m.category IN ('full', 'probationary') "
                "AND m.status = 'active'",
                {path, auth::path_upper_bound(path)}))
    out.emplace_back(r.i64(0), r.i64(1));
  return out;
}

}  // namespace zhdj::members::directory
