// What other areas may ask the registry about people, inside their own transaction: who belongs
// to an org subtree, and the facts rules need (category, status, 留党察看 end). Read-only; the
// registry's own tables stay private to src/members/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time.hpp"
#include "db/database.hpp"

namespace zhdj::members::directory {

struct Person {
  std::int64_t member_id = 0;
  std::optional<std::int64_t> account_id;
  std::string name;
  std::int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
  std::string category;  // full, probationary, applicant, activist, development_target
  std::string status;    // active, suspended, ...
  std::optional<Date> watch_until;
  std::optional<Date> joined_on;  // 入党日期: the assembly vote that admitted them
  std::string student_no;         // 学号/工号 ("" when not recorded)
};

// Party members (full and probationary) in good standing (status active) whose org is `path`
// or under it, in name order.
std::vector<Person> party_members_under(db::Tx& tx, const std::string& path);
// Everyone (any category and status) whose org is `path` or under it, in name order.
std::vector<Person> people_under(db::Tx& tx, const std::string& path);
// The people with these ids that exist (any order).
std::vector<Person> people(db::Tx& tx, const std::vector<std::int64_t>& member_ids);
std::optional<Person> person(db::Tx& tx, std::int64_t member_id);
// (org id, member id) of every party member in good standing under `path`, in no order.
std::vector<std::pair<std::int64_t, std::int64_t>> party_members_by_org(db::Tx& tx,
                                                                        const std::string& path);

}  // namespace zhdj::members::directory
