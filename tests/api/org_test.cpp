#include "harness.hpp"

using namespace zhdj::testing;

namespace {
const char* kCollege = "计算机科学与技术学院党委";
const char* kBranch = "计算机科学与技术学院本科生第一党支部";
}  // namespace

TEST(OrgTree, CollegeAdminCreatesABranchAndItIsAudited) {
  TestUniversity u;
  Client c(u);
  c.login("demo-college");
  auto college = u.org_id(kCollege);
  auto before = u.audit_count();
  auto r = c.post("/api/v1/orgs",
                  {{"parent_id", college}, {"kind", "branch"}, {"name", "计算机学院博士生党支部"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = r.json["id"].get<std::int64_t>();
  EXPECT_EQ(r.json["path"], "/1/" + std::to_string(college) + "/" + std::to_string(id) + "/");
  EXPECT_EQ(r.json["kind_name"], "党支部");
  EXPECT_EQ(u.audit_count(), before + 1);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'org.create' AND object_id = ?",
                     {std::to_string(id)}),
            1);
}

TEST(OrgTree, KindsMustFitTheirParent) {
  TestUniversity u;
  Client c(u);
  c.login("demo-school");
  auto college = u.org_id(kCollege);
  auto branch = u.org_id(kBranch);
  auto group_under_college = c.post(
      "/api/v1/orgs", {{"parent_id", college}, {"kind", "party_group"}, {"name", "第九党小组"}});
  EXPECT_EQ(group_under_college.status, 400);
  EXPECT_EQ(group_under_college.json["error"]["field"], "kind");
  EXPECT_EQ(group_under_college.json["error"]["message"], "院(系)党委下不能设立党小组");
  auto committee_under_branch =
      c.post("/api/v1/orgs", {{"parent_id", branch}, {"kind", "college_committee"}, {"name", "x"}});
  EXPECT_EQ(committee_under_branch.status, 400);
  auto unknown = c.post("/api/v1/orgs", {{"parent_id", college}, {"kind", "club"}, {"name", "x"}});
  EXPECT_EQ(unknown.json["error"]["message"], "组织类型无效");
  auto missing = c.post("/api/v1/orgs", {{"parent_id", college}, {"kind", "branch"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json["error"]["field"], "name");
  auto group = c.post("/api/v1/orgs",
                      {{"parent_id", branch}, {"kind", "party_group"}, {"name", "第九党小组"}});
  EXPECT_EQ(group.status, 201);
  auto dup = c.post("/api/v1/orgs",
                    {{"parent_id", branch}, {"kind", "party_group"}, {"name", "第九党小组"}});
  EXPECT_EQ(dup.status, 409);
}

TEST(OrgTree, MovingASubtreeRewritesEveryPathBelowIt) {
  TestUniversity u;
  Client c(u);
  c.login("demo-school");
  auto college = u.org_id(kCollege);
  auto other = u.org_id("机械工程学院党委");
  auto gb =
      c.post("/api/v1/orgs",
             {{"parent_id", college}, {"kind", "general_branch"}, {"name", "实验中心党总支"}});
  ASSERT_EQ(gb.status, 201);
  auto gb_id = gb.json["id"].get<std::int64_t>();
  auto br = c.post("/api/v1/orgs",
                   {{"parent_id", gb_id}, {"kind", "branch"}, {"name", "实验中心第一党支部"}});
  auto pg = c.post("/api/v1/orgs",
                   {{"parent_id", br.json["id"]}, {"kind", "party_group"}, {"name", "第一党小组"}});
  ASSERT_EQ(pg.status, 201);
  auto moved = c.post("/api/v1/orgs/" + std::to_string(gb_id) + "/move", {{"parent_id", other}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  std::string base = "/1/" + std::to_string(other) + "/" + std::to_string(gb_id) + "/";
  EXPECT_EQ(moved.json["path"], base);
  auto group = c.get("/api/v1/orgs/" + std::to_string(pg.json["id"].get<std::int64_t>()));
  EXPECT_EQ(group.json["path"], base + std::to_string(br.json["id"].get<std::int64_t>()) + "/" +
                                    std::to_string(pg.json["id"].get<std::int64_t>()) + "/");
  EXPECT_EQ(group.json["depth"], 4);
  // No cycles: a node cannot go under its own descendant.
  auto cycle =
      c.post("/api/v1/orgs/" + std::to_string(gb_id) + "/move", {{"parent_id", br.json["id"]}});
  EXPECT_EQ(cycle.status, 400);
  EXPECT_EQ(cycle.json["error"]["message"], "不能把组织移动到它自己或它的下级组织之下");
}

TEST(OrgTree, OnlyEmptyOrgsCanBeDissolved) {
  TestUniversity u;
  Client c(u);
  c.login("demo-college");
  auto branch = u.org_id(kBranch);
  auto full = c.del("/api/v1/orgs/" + std::to_string(branch));
  EXPECT_EQ(full.status, 409);
  auto college = u.org_id(kCollege);
  auto fresh =
      c.post("/api/v1/orgs", {{"parent_id", college}, {"kind", "branch"}, {"name", "待撤销支部"}});
  auto id = fresh.json["id"].get<std::int64_t>();
  EXPECT_EQ(c.del("/api/v1/orgs/" + std::to_string(id)).status, 200);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM orgs WHERE id = ?", {id}), 0);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'org.dissolve'"), 1);
}

TEST(OrgTree, BranchAdminCannotRenameOrDissolveTheirOwnBranch) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto branch = u.org_id(kBranch);
  EXPECT_EQ(c.patch("/api/v1/orgs/" + std::to_string(branch), {{"name", "改名"}}).status, 403);
  // but may create a party group inside it
  EXPECT_EQ(c.post("/api/v1/orgs",
                   {{"parent_id", branch}, {"kind", "party_group"}, {"name", "第三党小组"}})
                .status,
            201);
}

TEST(Committee, TermDefaultsToThreeYearsAndReplacesThePreviousTerm) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto branch = u.org_id(kBranch);
  auto full = u.db().read_result([&](zhdj::db::Tx& tx) {
    std::vector<std::int64_t> ids;
    for (auto& r : tx.query(
             "SELECT id FROM members WHERE org_id = ? AND category = 'full' ORDER BY id", {branch}))
      ids.push_back(r.i64(0));
    return ids;
  });
  ASSERT_GE(full.size(), 1u);
  auto counts =
      u.scalar("SELECT COUNT(*) FROM members WHERE org_id = ? AND category = 'full'", {branch});
  Json posts = Json::array({{{"post", "secretary"}, {"member_id", full[0]}}});
  if (counts >= 7)
    for (int i = 1; i < 3; ++i) posts.push_back({{"post", "organization"}, {"member_id", full[i]}});
  auto r = c.post("/api/v1/orgs/" + std::to_string(branch) + "/committees",
                  {{"term_start", "2030-01-31"}, {"posts", posts}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["term_end"], "2033-01-31");
  auto list = c.get("/api/v1/orgs/" + std::to_string(branch) + "/committees");
  ASSERT_GE(list.json["items"].size(), 2u);
  EXPECT_EQ(list.json["items"][0]["status"], "current");
  EXPECT_EQ(list.json["items"][1]["status"], "ended");
  EXPECT_EQ(list.json["items"][1]["ended_on"], "2030-01-31");
  auto bad_date = c.post("/api/v1/orgs/" + std::to_string(branch) + "/committees",
                         {{"term_start", "2031-02-30"}, {"posts", posts}});
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_EQ(bad_date.json["error"]["field"], "term_start");
  auto no_secretary =
      c.post("/api/v1/orgs/" + std::to_string(branch) + "/committees",
             {{"term_start", "2034-01-01"},
              {"posts", Json::array({{{"post", "propaganda"}, {"member_id", full[0]}}})}});
  EXPECT_EQ(no_secretary.status, 400);
}

TEST(Warnings, TermEndingAndOverdueAreVisibleToEveryAncestor) {
  TestUniversity u;
  auto branch = u.org_id(kBranch);
  auto today = u.platform().orgs().today();
  // Current term ends in 60 days.
  u.db().write([&](zhdj::db::Tx& tx) {
    tx.exec("UPDATE committees SET term_end = ? WHERE org_id = ? AND ended_on IS NULL",
            {zhdj::format_date(zhdj::add_days(today, 60)), branch});
  });
  Client school(u);
  school.login("demo-school");
  auto root = u.org_id("示范大学党委");
  auto find = [&](const Json& items, const std::string& code) {
    for (const auto& w : items)
      if (w["org_id"] == branch && w["code"] == code) return true;
    return false;
  };
  auto w = school.get("/api/v1/orgs/" + std::to_string(root) + "/warnings");
  ASSERT_EQ(w.status, 200);
  EXPECT_TRUE(find(w.json["items"], "term_ending"));
  Client college(u);
  college.login("demo-college");
  EXPECT_TRUE(find(
      college.get("/api/v1/orgs/" + std::to_string(u.org_id(kCollege)) + "/warnings").json["items"],
      "term_ending"));
  // 61 days later the term is overdue.
  u.platform().clock().advance(61LL * 24 * 3600 * 1000);
  Client later(u);
  later.login("demo-member");  // non-admin: no warnings visible at all
  EXPECT_EQ(later.get("/api/v1/orgs/" + std::to_string(root) + "/warnings").status, 404);
  Client school2(u);
  school2.login("demo-auditor");
  auto w2 = school2.get("/api/v1/orgs/" + std::to_string(root) + "/warnings");
  EXPECT_TRUE(find(w2.json["items"], "term_overdue"));
}

TEST(Warnings, BranchWithFewerThanThreeFullMembersIsFlagged) {
  TestUniversity u;
  Client c(u);
  c.login("demo-college");
  auto college = u.org_id(kCollege);
  auto r =
      c.post("/api/v1/orgs", {{"parent_id", college}, {"kind", "branch"}, {"name", "新建支部"}});
  auto id = r.json["id"].get<std::int64_t>();
  auto detail = c.get("/api/v1/orgs/" + std::to_string(id));
  bool flagged = false;
  for (const auto& w : detail.json["warnings"])
    if (w["code"] == "branch_too_small") flagged = true;
  EXPECT_TRUE(flagged) << detail.body;
}

TEST(OrgTree, ListingShowsOnlyTheCallersSubtree) {
  TestUniversity u;
  Client college(u);
  college.login("demo-college");
  auto list = college.get("/api/v1/orgs");
  ASSERT_EQ(list.status, 200);
  std::string prefix = "/1/" + std::to_string(u.org_id(kCollege)) + "/";
  ASSERT_GT(list.json["items"].size(), 3u);
  for (const auto& o : list.json["items"])
    EXPECT_EQ(o["path"].get<std::string>().rfind(prefix, 0), 0u) << o.dump();
  Client school(u);
  school.login("demo-school");
  EXPECT_EQ(school.get("/api/v1/orgs").json["items"].size(),
            static_cast<size_t>(u.scalar("SELECT COUNT(*) FROM orgs")));
}

// Delegated approval of admissions (DOMAIN.md §1) is the university committee's decision, for
// college committees only; every change is audited.
TEST(OrgTree, OnlyTheUniversityDelegatesApprovalToACollegeCommittee) {
  TestUniversity u;
  auto college = u.org_id(kCollege);
  Client college_admin(u);
  college_admin.login("demo-college");
  auto denied =
      college_admin.put("/api/v1/orgs/" + std::to_string(college) + "/approval-delegation",
                        {{"approval_delegated", true}});
  EXPECT_EQ(denied.status, 403) << denied.body;
  Client school(u);
  school.login("demo-school");
  auto before = u.audit_count();
  auto bad = school.put("/api/v1/orgs/" + std::to_string(college) + "/approval-delegation",
                        {{"approval_delegated", "yes"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  auto branch = u.scalar("SELECT MIN(id) FROM orgs WHERE kind = 'branch'");
  auto not_college = school.put("/api/v1/orgs/" + std::to_string(branch) + "/approval-delegation",
                                {{"approval_delegated", true}});
  EXPECT_EQ(not_college.status, 400) << not_college.body;
  EXPECT_EQ(u.audit_count(), before);
  auto ok = school.put("/api/v1/orgs/" + std::to_string(college) + "/approval-delegation",
                       {{"approval_delegated", true}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["approval_delegated"], true);
  EXPECT_EQ(u.scalar("SELECT approval_delegated FROM orgs WHERE id = ?", {college}), 1);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'org.approval_delegation'"), 1);
}
