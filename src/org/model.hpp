// The organization tree (组织): plain structs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time.hpp"

namespace zhdj::org {

// Kinds of node, top to bottom. Depth is not fixed: a college may hold general branches
// that hold branches, or branches directly.
enum class Kind {
  university_committee,  // 校党委
  college_committee,     // 院(系)党委
  general_branch,        // 党总支
  branch,                // 党支部
  party_group,           // 党小组
};

std::optional<Kind> parse_kind(const std::string& code);
const char* kind_code(Kind k);
const char* kind_name(Kind k);  // Chinese

struct Org {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  Kind kind = Kind::branch;
  std::string name;
  std::string path;  // "/1/7/42/"
  int depth = 0;
  bool approval_delegated = false;
};

// 支部委员会 posts.
enum class Post { secretary, deputy_secretary, organization, propaganda, discipline, member };
std::optional<Post> parse_post(const std::string& code);
const char* post_code(Post p);
const char* post_name(Post p);

struct CommitteePost {
  Post post;
  std::int64_t member_id;
  std::string member_name;
};

// One term (届) of a branch committee.
struct CommitteeTerm {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  Date term_start;
  Date term_end;
  std::optional<Date> ended_on;
  std::vector<CommitteePost> posts;
};

// Counts the size rules look at.
struct BranchCounts {
  int full_members = 0;
  int all_members = 0;  // full + probationary
};

enum class Severity { warning, overdue };

struct Warning {
  std::int64_t org_id = 0;
  std::string org_name;
  std::string code;  // term_ending, term_overdue, branch_too_small, ...
  Severity severity = Severity::warning;
  std::string message;
  std::optional<Date> due_on;
};

}  // namespace zhdj::org
