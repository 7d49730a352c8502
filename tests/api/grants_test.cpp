#include "harness.hpp"

using namespace zhdj::testing;

namespace {
const char* kCollege = "计算机科学与技术学院党委";
const char* kBranch = "计算机科学与技术学院本科生第一党支部";
}  // namespace

TEST(Grants, CollegeAdminGrantsBranchAdminBelowAndTheGranteeIsNotified) {
  TestUniversity u;
  Client c(u);
  c.login("demo-college");
  auto branch = u.org_id(kBranch);
  auto r = c.post("/api/v1/grants",
                  {{"login", "demo-member"}, {"role", "branch_admin"}, {"org_id", branch}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["role_name"], "支部管理员");
  Client m(u);
  // demo-member now holds an admin role, so TOTP enrolment is required at the next login.
  m.login("demo-member");
  auto n = m.get("/api/v1/notifications");
  ASSERT_EQ(n.status, 200);
  EXPECT_EQ(n.json["unread"], 1);
  EXPECT_EQ(n.json["items"][0]["kind"], "grant.created");
  auto again = c.post("/api/v1/grants",
                      {{"login", "demo-member"}, {"role", "branch_admin"}, {"org_id", branch}});
  EXPECT_EQ(again.status, 409);
}

TEST(Grants, AdminRolesOnlyFromAStrictAncestor) {
  TestUniversity u;
  Client b(u);
  b.login("demo-branch");
  auto branch = u.org_id(kBranch);
  auto r = b.post("/api/v1/grants",
                  {{"login", "demo-member"}, {"role", "branch_admin"}, {"org_id", branch}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json["error"]["message"], "只有上级组织的管理员才能授予管理员角色");
}

TEST(Grants, AdminRoleMustMatchTheNodesLevel) {
  TestUniversity u;
  Client s(u);
  s.login("demo-school");
  auto r =
      s.post("/api/v1/grants",
             {{"login", "demo-member"}, {"role", "college_admin"}, {"org_id", u.org_id(kBranch)}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json["error"]["field"], "role");
}

TEST(Grants, NobodyGrantsMoreThanTheyHold) {
  TestUniversity u;
  Client c(u);
  c.login("demo-college");
  // A college admin cannot read the audit log, so cannot make anyone an auditor.
  auto r = c.post("/api/v1/grants",
                  {{"login", "demo-member"}, {"role", "auditor"}, {"org_id", u.org_id(kCollege)}});
  EXPECT_EQ(r.status, 403);
  auto up = c.post("/api/v1/grants", {{"login", "demo-member"},
                                      {"role", "university_admin"},
                                      {"org_id", u.org_id("示范大学党委")}});
  EXPECT_TRUE(up.status == 403 || up.status == 404) << up.status;
  EXPECT_EQ(
      u.scalar("SELECT COUNT(*) FROM role_grants WHERE role IN ('auditor', 'university_admin')"),
      2);
}

TEST(Grants, RevokingEndsThePermission) {
  TestUniversity u;
  Client s(u);
  s.login("demo-school");
  auto branch = u.org_id(kBranch);
  auto g = s.post("/api/v1/grants",
                  {{"login", "demo-member"}, {"role", "branch_admin"}, {"org_id", branch}});
  ASSERT_EQ(g.status, 201);
  Client m(u);
  m.login("demo-member");
  EXPECT_EQ(m.get("/api/v1/orgs/" + std::to_string(branch)).status, 200);
  EXPECT_EQ(s.del("/api/v1/grants/" + std::to_string(g.json["id"].get<std::int64_t>())).status,
            200);
  EXPECT_EQ(m.get("/api/v1/orgs/" + std::to_string(branch)).status, 404);
  auto list = s.get("/api/v1/grants?org_id=" + std::to_string(branch));
  for (const auto& item : list.json["items"])
    EXPECT_FALSE(item["role"] == "branch_admin" && item["account"]["login"] == "demo-member");
}
