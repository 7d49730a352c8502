// Party dues through the API: the public calculator (POST /api/v1/dues/quote).
#include "harness.hpp"

using namespace zhdj::testing;

namespace {
Reply quote(Client& c, const Json& body) {
  return c.request("POST", "/api/v1/dues/quote", body.dump(), false,
                   {{"Content-Type", "application/json"}});
}
}  // namespace

TEST(DuesQuote, AnyoneGetsTheOfficialAmountInFen) {
  TestUniversity u;
  Client anonymous(u);  // no login, no CSRF token: the calculator is public
  auto r = quote(anonymous, {{"kind", "in_service"}, {"monthly_base_fen", 480000}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["amount_fen"], 4800);
  EXPECT_EQ(r.json["amount_yuan"], "48.00");
  EXPECT_EQ(r.json["rate"], "1%");
  EXPECT_EQ(r.json["policy"], "2008");
  EXPECT_EQ(
      quote(anonymous, {{"kind", "in_service"}, {"monthly_base_fen", 300001}}).json["amount_fen"],
      3000);
  EXPECT_EQ(
      quote(anonymous, {{"kind", "retired"}, {"monthly_base_fen", 600000}}).json["amount_fen"],
      6000);
  auto student = quote(anonymous, {{"kind", "student"}});
  EXPECT_EQ(student.status, 200) << student.body;
  EXPECT_EQ(student.json["amount_fen"], 20);
  EXPECT_EQ(student.json["fixed"], true);

  Client member(u);
  member.login("demo-member");
  auto mine =
      member.post("/api/v1/dues/quote", {{"kind", "retired"}, {"monthly_base_fen", 500000}});
  EXPECT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json["amount_fen"], 2500);
}

TEST(DuesQuote, BadInputIsRefusedInChineseNamingTheField) {
  TestUniversity u;
  Client c(u);
  auto audit = u.audit_count();
  struct Case {
    Json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"kind", "teacher"}, {"monthly_base_fen", 100}}, "kind"},
      {{{"monthly_base_fen", 100}}, "kind"},
      {{{"kind", 3}, {"monthly_base_fen", 100}}, "kind"},
      {{{"kind", "in_service"}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", -1}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", 4800.5}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", "480000"}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", 100000001}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", 1e30}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", 18446744073709551615ULL}}, "monthly_base_fen"},
      {{{"kind", "student"}, {"monthly_base_fen", -5}}, "monthly_base_fen"},
  };
  for (const auto& k : cases) {
    auto r = quote(c, k.body);
    EXPECT_EQ(r.status, 400) << k.body.dump() << " " << r.body;
    EXPECT_EQ(r.json["error"]["field"], k.field) << k.body.dump();
    std::string message = r.json["error"]["message"];
    EXPECT_GE(message.size(), 6u);
    EXPECT_EQ(message.find_first_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << message;
  }
  auto not_object = c.request("POST", "/api/v1/dues/quote", "[1,2]", false,
                              {{"Content-Type", "application/json"}});
  EXPECT_EQ(not_object.status, 400);
  EXPECT_EQ(u.audit_count(), audit);  // a quote writes nothing
}

namespace {
std::string this_month(TestUniversity& u) {
  return zhdj::format_year_month(zhdj::year_month_of(u.platform().registry().today()));
}
std::string month_from_now(TestUniversity& u, int months) {
  auto m = zhdj::year_month_of(u.platform().registry().today()) + std::chrono::months{months};
  return zhdj::format_year_month(m);
}
std::int64_t member_of(TestUniversity& u, const std::string& login) {
  return u.scalar(
      "SELECT m.id FROM members m JOIN accounts a ON a.id = m.account_id WHERE a.login = ?",
      {login});
}
}  // namespace

TEST(DuesBases, AMembersDeclarationWaitsForTheBranchThenApplies) {
  TestUniversity u;
  Client member(u), branch(u);
  member.login("demo-member");
  branch.login("demo-branch");
  auto declared = member.post("/api/v1/dues/bases", {{"kind", "in_service"},
                                                     {"monthly_base_fen", 480000},
                                                     {"effective_month", this_month(u)},
                                                     {"note", "新聘岗位工资"}});
  ASSERT_EQ(declared.status, 201) << declared.body;
  EXPECT_EQ(declared.json["status"], "pending");
  EXPECT_EQ(declared.json["amount_fen"], 4800);
  auto id = declared.json["id"].get<std::int64_t>();
  // The branch administrators are told; a second declaration waits for the first.
  EXPECT_GE(u.scalar("SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id "
                     "WHERE a.login = 'demo-branch' AND n.kind = 'dues.base'"),
            1);
  EXPECT_EQ(member
                .post("/api/v1/dues/bases", {{"kind", "in_service"},
                                             {"monthly_base_fen", 500000},
                                             {"effective_month", this_month(u)}})
                .status,
            409);
  // Nothing is in force before approval.
  EXPECT_TRUE(member.get("/api/v1/dues/bases").json["current"].is_null());
  auto pending = branch.get("/api/v1/dues/bases/pending");
  ASSERT_EQ(pending.status, 200);
  ASSERT_EQ(pending.json["items"].size(), 1u);
  EXPECT_EQ(pending.json["items"][0]["id"], id);

  // Refusing needs a reason; approving makes it the base in force.
  auto no_reason =
      branch.post("/api/v1/dues/bases/" + std::to_string(id) + "/decide", {{"approve", false}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.json["error"]["field"], "reason");
  auto approved =
      branch.post("/api/v1/dues/bases/" + std::to_string(id) + "/decide", {{"approve", true}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json["status"], "approved");
  EXPECT_EQ(branch.post("/api/v1/dues/bases/" + std::to_string(id) + "/decide", {{"approve", true}})
                .status,
            409);
  auto mine = member.get("/api/v1/dues/bases");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json["current"]["id"], id);
  EXPECT_EQ(mine.json["current"]["amount_yuan"], "48.00");
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('dues.base_declare', "
                     "'dues.base_approve')"),
            2);
  EXPECT_GE(u.scalar("SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id "
                     "WHERE a.login = 'demo-member' AND n.kind = 'dues.base'"),
            1);
}

TEST(DuesBases, AnAdministratorsDeclarationAppliesAtOnceAndHistoryIsKept) {
  TestUniversity u;
  Client branch(u), member(u);
  branch.login("demo-branch");
  member.login("demo-member");
  auto who = member_of(u, "demo-member");
  auto first = branch.post("/api/v1/dues/bases", {{"member_id", who},
                                                  {"kind", "in_service"},
                                                  {"monthly_base_fen", 300000},
                                                  {"effective_month", month_from_now(u, -2)}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json["status"], "approved");
  EXPECT_EQ(first.json["amount_fen"], 1500);
  // A raise next month: this month still uses the first base.
  auto raise = branch.post("/api/v1/dues/bases", {{"member_id", who},
                                                  {"kind", "in_service"},
                                                  {"monthly_base_fen", 300001},
                                                  {"effective_month", month_from_now(u, 1)}});
  ASSERT_EQ(raise.status, 201) << raise.body;
  auto mine = member.get("/api/v1/dues/bases");
  ASSERT_EQ(mine.json["items"].size(), 2u);
  EXPECT_EQ(mine.json["current"]["id"], first.json["id"]);
  EXPECT_EQ(mine.json["current"]["amount_fen"], 1500);
}

TEST(DuesBases, BadDeclarationsAreRefusedInChineseAndWriteNothing) {
  TestUniversity u;
  Client member(u), other(u);
  member.login("demo-member");
  other.login("demo-college");  // a college admin: may declare only inside the college
  auto audit = u.audit_count();
  auto rows = u.scalar("SELECT COUNT(*) FROM dues_bases");
  struct Case {
    Json body;
    int status;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"kind", "teacher"}, {"monthly_base_fen", 1}, {"effective_month", this_month(u)}},
       400,
       "kind"},
      {{{"kind", "in_service"}, {"effective_month", this_month(u)}}, 400, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", 4800.5}, {"effective_month", this_month(u)}},
       400,
       "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", -1}, {"effective_month", this_month(u)}},
       400,
       "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", 480000}, {"effective_month", "2026-13"}},
       400,
       "effective_month"},
      {{{"kind", "in_service"},
        {"monthly_base_fen", 480000},
        {"effective_month", month_from_now(u, -13)}},
       400,
       "effective_month"},
      {{{"kind", "in_service"},
        {"monthly_base_fen", 480000},
        {"effective_month", month_from_now(u, 4)}},
       400,
       "effective_month"},
  };
  for (const auto& k : cases) {
    auto r = member.post("/api/v1/dues/bases", k.body);
    EXPECT_EQ(r.status, k.status) << k.body.dump() << " " << r.body;
    EXPECT_EQ(r.json["error"]["field"], k.field) << k.body.dump();
  }
  // Someone else's base: a member may not declare it; an admin elsewhere does not see the person.
  auto stranger = u.scalar(
      "SELECT MIN(m.id) FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.path NOT LIKE "
      "(SELECT path FROM orgs WHERE name = '计算机科学与技术学院党委') || '%'");
  EXPECT_EQ(
      member
          .post("/api/v1/dues/bases",
                {{"member_id", stranger}, {"kind", "student"}, {"effective_month", this_month(u)}})
          .status,
      404);
  EXPECT_EQ(
      other
          .post("/api/v1/dues/bases",
                {{"member_id", stranger}, {"kind", "student"}, {"effective_month", this_month(u)}})
          .status,
      404);
  EXPECT_EQ(other.get("/api/v1/dues/bases?member_id=" + std::to_string(stranger)).status, 404);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dues_bases"), rows);
  EXPECT_EQ(u.audit_count(), audit);
}

TEST(DuesBills, AMonthIsBilledOnceFromTheBaseInForce) {
  TestUniversity u;
  Client branch(u), member(u), other(u);
  branch.login("demo-branch");
  member.login("demo-member");
  other.login("demo-member");
  auto who = member_of(u, "demo-member");
  auto org = u.scalar("SELECT org_id FROM members WHERE id = ?", {who});
  ASSERT_EQ(branch
                .post("/api/v1/dues/bases", {{"member_id", who},
                                             {"kind", "in_service"},
                                             {"monthly_base_fen", 1250000},
                                             {"effective_month", month_from_now(u, -1)}})
                .status,
            201);
  // A probationary member admitted next month owes nothing yet.
  auto newcomer = u.scalar(
      "SELECT MIN(id) FROM members WHERE org_id = ? AND id <> ? AND category IN ('full', "
      "'probationary')",
      {org, who});
  std::string next_month_day = month_from_now(u, 1) + "-05";
  u.db().write([&](zhdj::db::Tx& tx) {
    tx.exec("UPDATE members SET category = 'probationary', joined_on = ? WHERE id = ?",
            {next_month_day, newcomer});
  });
  auto parties = u.scalar(
      "SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.path LIKE (SELECT "
      "path FROM orgs WHERE id = ?) || '%' AND m.category IN ('full', 'probationary') AND "
      "m.status = 'active'",
      {org});

  auto first =
      branch.post("/api/v1/dues/bills/generate", {{"org_id", org}, {"month", this_month(u)}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json["created"], 1);  // only the member with an approved base
  EXPECT_EQ(first.json["amount_fen"], 25000);
  // Everyone else who owes is listed for a declaration; the newcomer does not owe yet.
  EXPECT_EQ(first.json["missing_total"].get<std::int64_t>(), parties - 2);
  for (const auto& m : first.json["missing_base"]) EXPECT_NE(m["member_id"], newcomer);

  auto again =
      branch.post("/api/v1/dues/bills/generate", {{"org_id", org}, {"month", this_month(u)}});
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json["created"], 0);
  EXPECT_EQ(again.json["existing"], 1);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dues_bills"), 1);

  auto bills = member.get("/api/v1/dues/bills");
  ASSERT_EQ(bills.status, 200);
  ASSERT_EQ(bills.json["items"].size(), 1u);
  EXPECT_EQ(bills.json["items"][0]["month"], this_month(u));
  EXPECT_EQ(bills.json["items"][0]["amount_yuan"], "250.00");
  EXPECT_EQ(bills.json["items"][0]["rate"], "2%");

  // Members may not generate bills (the org is not theirs to see: 404); months outside the window
  // are refused in Chinese.
  EXPECT_EQ(member.post("/api/v1/dues/bills/generate", {{"org_id", org}, {"month", this_month(u)}})
                .status,
            404);
  auto future = branch.post("/api/v1/dues/bills/generate",
                            {{"org_id", org}, {"month", month_from_now(u, 1)}});
  EXPECT_EQ(future.status, 400);
  EXPECT_EQ(future.json["error"]["field"], "month");
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dues_bills"), 1);
}
