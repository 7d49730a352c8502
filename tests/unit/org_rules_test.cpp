#include <gtest/gtest.h>

#include "org/rules.hpp"

using namespace zhdj;
using namespace zhdj::org;

TEST(OrgKinds, ABranchCannotContainACommitteeAndGroupsSitOnlyUnderBranches) {
  EXPECT_TRUE(rules::may_contain(Kind::university_committee, Kind::college_committee));
  EXPECT_TRUE(rules::may_contain(Kind::university_committee, Kind::branch));
  EXPECT_TRUE(rules::may_contain(Kind::college_committee, Kind::general_branch));
  EXPECT_TRUE(rules::may_contain(Kind::general_branch, Kind::branch));
  EXPECT_TRUE(rules::may_contain(Kind::branch, Kind::party_group));
  EXPECT_FALSE(rules::may_contain(Kind::branch, Kind::college_committee));
  EXPECT_FALSE(rules::may_contain(Kind::branch, Kind::branch));
  EXPECT_FALSE(rules::may_contain(Kind::college_committee, Kind::party_group));
  EXPECT_FALSE(rules::may_contain(Kind::party_group, Kind::party_group));
  EXPECT_FALSE(rules::may_contain(Kind::general_branch, Kind::college_committee));
  EXPECT_TRUE(rules::may_be_root(Kind::university_committee));
  EXPECT_FALSE(rules::may_be_root(Kind::branch));
}

TEST(OrgKinds, AdminRoleMatchesTheLevel) {
  EXPECT_EQ(rules::admin_role_for(Kind::university_committee), "university_admin");
  EXPECT_EQ(rules::admin_role_for(Kind::college_committee), "college_admin");
  EXPECT_EQ(rules::admin_role_for(Kind::general_branch), "college_admin");
  EXPECT_EQ(rules::admin_role_for(Kind::branch), "branch_admin");
  EXPECT_FALSE(rules::admin_role_for(Kind::party_group));
}

static CommitteeTerm term(const char* start, const char* end) {
  CommitteeTerm t;
  t.term_start = *parse_date(start);
  t.term_end = *parse_date(end);
  return t;
}

TEST(CommitteeTerm, DefaultIsThreeCalendarYears) {
  EXPECT_EQ(format_date(rules::default_term_end(*parse_date("2024-02-29"))), "2027-02-28");
  EXPECT_EQ(format_date(rules::default_term_end(*parse_date("2023-11-24"))), "2026-11-24");
}

TEST(CommitteeTerm, ReminderStartsNinetyDaysBeforeTheEnd) {
  auto t = term("2023-12-01", "2026-12-01");
  EXPECT_FALSE(rules::term_warning(t, *parse_date("2026-09-01")));  // 91 days left
  auto w = rules::term_warning(t, *parse_date("2026-09-02"));       // 90 days left
  ASSERT_TRUE(w);
  EXPECT_EQ(w->code, "term_ending");
  EXPECT_EQ(w->severity, Severity::warning);
  EXPECT_EQ(rules::term_warning(t, *parse_date("2026-12-01"))->code, "term_ending");  // last day
}

TEST(CommitteeTerm, OverdueTheDayAfterTheEnd) {
  auto t = term("2023-12-01", "2026-12-01");
  auto w = rules::term_warning(t, *parse_date("2026-12-02"));
  ASSERT_TRUE(w);
  EXPECT_EQ(w->code, "term_overdue");
  EXPECT_EQ(w->severity, Severity::overdue);
  EXPECT_NE(w->message.find("已超期 1 天"), std::string::npos);
  t.ended_on = *parse_date("2026-11-30");  // a new term started: nothing to warn about
  EXPECT_FALSE(rules::term_warning(t, *parse_date("2026-12-02")));
}

static bool has(const std::vector<Warning>& ws, const std::string& code) {
  for (const auto& w : ws)
    if (w.code == code) return true;
  return false;
}

TEST(BranchSize, ThreeFullMembersAtLeastFiftyAtMostCommitteeFromSeven) {
  EXPECT_TRUE(has(rules::branch_size_warnings({2, 2}, false), "branch_too_small"));
  EXPECT_FALSE(has(rules::branch_size_warnings({3, 3}, false), "branch_too_small"));
  EXPECT_FALSE(has(rules::branch_size_warnings({40, 50}, true), "branch_too_large"));
  EXPECT_TRUE(has(rules::branch_size_warnings({40, 51}, true), "branch_too_large"));
  EXPECT_FALSE(has(rules::branch_size_warnings({6, 9}, false), "committee_required"));
  EXPECT_TRUE(has(rules::branch_size_warnings({7, 9}, false), "committee_required"));
  EXPECT_FALSE(has(rules::branch_size_warnings({7, 9}, true), "committee_required"));
}

static std::vector<CommitteePost> posts(std::initializer_list<Post> ps) {
  std::vector<CommitteePost> out;
  std::int64_t id = 1;
  for (auto p : ps) out.push_back({p, id++, "x"});
  return out;
}

TEST(BranchCommittee, SizeDependsOnFullMembers) {
  // ≥ 7 full members: 3 to 7 committee members with one secretary.
  EXPECT_FALSE(rules::check_committee(
      {7, 7}, posts({Post::secretary, Post::organization, Post::propaganda})));
  EXPECT_TRUE(rules::check_committee({7, 7}, posts({Post::secretary, Post::organization})));
  EXPECT_TRUE(rules::check_committee(
      {20, 20}, posts({Post::secretary, Post::member, Post::member, Post::member, Post::member,
                       Post::member, Post::member, Post::member})));
  // < 7: a secretary, optionally a deputy, nothing else.
  EXPECT_FALSE(rules::check_committee({5, 5}, posts({Post::secretary})));
  EXPECT_FALSE(rules::check_committee({5, 5}, posts({Post::secretary, Post::deputy_secretary})));
  EXPECT_TRUE(rules::check_committee({5, 5}, posts({Post::secretary, Post::organization})));
  EXPECT_TRUE(rules::check_committee({5, 5}, posts({Post::deputy_secretary})));
  EXPECT_TRUE(
      rules::check_committee({9, 9}, posts({Post::secretary, Post::secretary, Post::member})));
}
