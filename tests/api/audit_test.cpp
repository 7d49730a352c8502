#include "harness.hpp"

#include "audit/audit.hpp"

using namespace zhdj::testing;

namespace {
// Several writes through the API, so the chain has entries of different kinds.
void make_history(TestUniversity& u) {
  Client c(u);
  c.login("demo-college");
  auto college = u.org_id("计算机科学与技术学院党委");
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(c.post("/api/v1/orgs", {{"parent_id", college},
                                      {"kind", "branch"},
                                      {"name", "审计支部" + std::to_string(i)}})
                  .status,
              201);
}
}  // namespace

TEST(AuditChain, IntactChainVerifies) {
  TestUniversity u;
  make_history(u);
  auto v = zhdj::audit::verify(u.db());
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, u.audit_count());
  EXPECT_GE(v.entries, 5);
}

TEST(AuditChain, ChangedEntryIsReported) {
  TestUniversity u;
  make_history(u);
  auto seq = u.scalar("SELECT MIN(seq) FROM audit_log WHERE action = 'org.create'");
  u.db().write([&](zhdj::db::Tx& tx) {
    tx.exec("UPDATE audit_log SET changes = '{\"name\":\"篡改\"}' WHERE seq = ?", {seq});
  });
  auto v = zhdj::audit::verify(u.db());
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, seq);
  EXPECT_EQ(v.problem, "changed");
}

TEST(AuditChain, DeletedEntryIsReported) {
  TestUniversity u;
  make_history(u);
  auto seq = u.scalar("SELECT MIN(seq) FROM audit_log WHERE action = 'org.create'");
  u.db().write([&](zhdj::db::Tx& tx) { tx.exec("DELETE FROM audit_log WHERE seq = ?", {seq}); });
  auto v = zhdj::audit::verify(u.db());
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, seq);
  EXPECT_EQ(v.problem, "deleted");
}

TEST(AuditChain, ReorderedEntriesAreReported) {
  TestUniversity u;
  make_history(u);
  auto a = u.scalar("SELECT MIN(seq) FROM audit_log WHERE action = 'org.create'");
  auto b = u.scalar("SELECT MAX(seq) FROM audit_log WHERE action = 'org.create'");
  u.db().write([&](zhdj::db::Tx& tx) {
    tx.exec("UPDATE audit_log SET seq = -1 WHERE seq = ?", {a});
    tx.exec("UPDATE audit_log SET seq = ? WHERE seq = ?", {a, b});
    tx.exec("UPDATE audit_log SET seq = ? WHERE seq = -1", {b});
  });
  auto v = zhdj::audit::verify(u.db());
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, a);
  EXPECT_EQ(v.problem, "reordered");
}

TEST(AuditChain, TruncatedTailIsReported) {
  TestUniversity u;
  make_history(u);
  auto last = u.scalar("SELECT MAX(seq) FROM audit_log");
  u.db().write([&](zhdj::db::Tx& tx) { tx.exec("DELETE FROM audit_log WHERE seq = ?", {last}); });
  auto v = zhdj::audit::verify(u.db());
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, last);
  EXPECT_EQ(v.problem, "truncated");
}

TEST(AuditLog, EntriesRecordActorIpAndChangedFields) {
  TestUniversity u;
  Client c(u);
  c.login("demo-school");
  auto branch = u.org_id("计算机科学与技术学院本科生第一党支部");
  ASSERT_EQ(c.patch("/api/v1/orgs/" + std::to_string(branch), {{"name", "计算机学院本科生一支部"}})
                .status,
            200);
  auto list = c.get("/api/v1/audit?action=org.rename");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json["items"].size(), 1u);
  auto e = list.json["items"][0];
  EXPECT_EQ(e["actor"]["login"], "demo-school");
  EXPECT_EQ(e["ip"], "127.0.0.1");
  EXPECT_EQ(e["changes"]["name"]["before"], "计算机科学与技术学院本科生第一党支部");
  EXPECT_EQ(e["changes"]["name"]["after"], "计算机学院本科生一支部");
}

TEST(AuditLog, AuditorsAndLevelOneAdminsReadItOthersDoNot) {
  TestUniversity u;
  make_history(u);
  Client auditor(u);
  auditor.login("demo-auditor");
  auto r = auditor.get("/api/v1/audit?action=org.");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["items"].size(), 3u);
  Client college(u);
  college.login("demo-college");
  EXPECT_EQ(college.get("/api/v1/audit").status, 403);
  Client member(u);
  member.login("demo-member");
  EXPECT_EQ(member.get("/api/v1/audit").status, 403);
}

TEST(AuditLog, PagingWalksTheWholeLogOnce) {
  TestUniversity u;
  make_history(u);
  Client s(u);
  s.login("demo-school");
  std::set<std::int64_t> seen;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    auto r = s.get("/api/v1/audit?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200);
    for (const auto& e : r.json["items"])
      EXPECT_TRUE(seen.insert(e["seq"].get<std::int64_t>()).second);
    if (r.json["next_cursor"].is_null()) break;
    cursor = r.json["next_cursor"];
  }
  // Entries at the root or below it: everything but the account rows written at "/".
  EXPECT_EQ(static_cast<std::int64_t>(seen.size()),
            u.scalar("SELECT COUNT(*) FROM audit_log WHERE org_path LIKE '/1/%'"));
  EXPECT_EQ(s.get("/api/v1/audit?limit=0").status, 400);
  EXPECT_EQ(s.get("/api/v1/audit?from=yesterday").status, 400);
}
