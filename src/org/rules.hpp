// Rules of the organization tree (DOMAIN.md §1), as pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "org/model.hpp"

namespace zhdj::org::rules {

// Which kinds may sit under which: a branch cannot contain a committee, a party group sits
// only under a branch, nothing sits under a party group.
bool may_contain(Kind parent, Kind child);
// A root (no parent) must be a university committee.
bool may_be_root(Kind k);

// The admin role that matches a node's level, if any (university_admin at a university
// committee, college_admin at a college committee or general branch, branch_admin at a branch).
std::optional<std::string> admin_role_for(Kind k);

// Branch committee term: 3 years by default (policy).
inline constexpr int kDefaultTermYears = 3;
inline constexpr int kTermReminderDays = 90;
Date default_term_end(Date start);

// 换届提醒 within 90 days of the end, overdue after it.
std::optional<Warning> term_warning(const CommitteeTerm& current, Date today);
// Size rules: ≥ 3 full members; normally ≤ 50 (beyond that, split the branch or set up a
// general branch); a committee from 7 full members (warnings, not errors).
std::vector<Warning> branch_size_warnings(const BranchCounts& counts, bool has_committee);
// A committee of 3–5 (at most 7) members needs ≥ 7 full members; below 7 only a secretary and
// optionally a deputy. Returns a Chinese message if the proposed committee is invalid.
std::optional<std::string> check_committee(const BranchCounts& counts,
                                           const std::vector<CommitteePost>& posts);

}  // namespace zhdj::org::rules
