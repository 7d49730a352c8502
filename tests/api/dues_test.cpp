// Party dues through the API: the public calculator, bases and bills, hardship reliefs,
// payments and finance-office statements, re-assessment, arrears and reports.
#include <map>

#include "dues/rules.hpp"
#include "harness.hpp"
#include "xlsx/reader.hpp"
#include "xlsx/writer.hpp"

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

  // The branch lists the org's bills of the month in one request; members may not.
  auto listed =
      branch.get("/api/v1/dues/bills?org_id=" + std::to_string(org) + "&month=" + this_month(u));
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json["items"].size(), 1u);
  EXPECT_EQ(listed.json["items"][0]["member_id"], who);
  EXPECT_EQ(listed.json["items"][0]["amount_fen"], 25000);
  EXPECT_EQ(listed.json["items"][0]["outstanding_fen"], 25000);
  EXPECT_EQ(listed.json["truncated"], false);
  EXPECT_EQ(branch
                .get("/api/v1/dues/bills?org_id=" + std::to_string(org) +
                     "&month=" + month_from_now(u, -1))
                .json["items"]
                .size(),
            0u);
  EXPECT_EQ(
      branch.get("/api/v1/dues/bills?org_id=" + std::to_string(org) + "&month=2026-13").status,
      400);
  EXPECT_EQ(
      member.get("/api/v1/dues/bills?org_id=" + std::to_string(org) + "&month=" + this_month(u))
          .status,
      404);

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

// ---- Reliefs, payments, statements, arrears and reports ------------------------------------

namespace {

// The demo member's branch with three payers: A (demo-member), B and C, full members for
// years, with names no one else in the university has.
struct Payers {
  std::int64_t org = 0, a = 0, b = 0, c = 0;
  std::string b_name = "缴费测试乙", c_name = "缴费测试丙";
};

Payers payers(TestUniversity& u) {
  Payers p;
  p.a = member_of(u, "demo-member");
  p.org = u.scalar("SELECT org_id FROM members WHERE id = ?", {p.a});
  // Two people from anywhere, moved into the branch.
  p.b = u.scalar(
      "SELECT MIN(m.id) FROM members m LEFT JOIN accounts a ON a.id = m.account_id WHERE m.id <> "
      "? AND (a.login IS NULL OR a.login NOT LIKE 'demo-%')",
      {p.a});
  p.c = u.scalar(
      "SELECT MIN(m.id) FROM members m LEFT JOIN accounts a ON a.id = m.account_id WHERE m.id "
      "NOT IN (?, ?) AND (a.login IS NULL OR a.login NOT LIKE 'demo-%')",
      {p.a, p.b});
  u.db().write([&](zhdj::db::Tx& tx) {
    for (auto [id, name] : {std::pair{p.b, p.b_name}, std::pair{p.c, p.c_name}})
      tx.exec(
          "UPDATE members SET name = ?, org_id = ?, category = 'full', status = 'active', "
          "joined_on = '2015-07-01' WHERE id = ?",
          {name, p.org, id});
  });
  return p;
}

// A small university whose demo branch has the payers above, its administrator logged in.
struct DuesBranch {
  TestUniversity u;
  Payers p = payers(u);
  Client branch{u};
  DuesBranch() { branch.login("demo-branch"); }
};

void declare(Client& admin, std::int64_t member, const std::string& kind, std::int64_t base_fen,
             const std::string& month) {
  auto r = admin.post("/api/v1/dues/bases", {{"member_id", member},
                                             {"kind", kind},
                                             {"monthly_base_fen", base_fen},
                                             {"effective_month", month}});
  ASSERT_EQ(r.status, 201) << r.body;
}

// Bills the branch for the months `from` … `to` months from now.
void bill(TestUniversity& u, Client& admin, std::int64_t org, int from, int to) {
  for (int m = from; m <= to; ++m) {
    auto r = admin.post("/api/v1/dues/bills/generate",
                        {{"org_id", org}, {"month", month_from_now(u, m)}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
}

// Bill amount and paid, by month, of a member.
using Bill = std::pair<std::int64_t, std::int64_t>;
std::map<std::string, Bill> bills_of(Client& c, std::int64_t member) {
  std::map<std::string, Bill> out;
  auto r = c.get("/api/v1/dues/bills?member_id=" + std::to_string(member));
  EXPECT_EQ(r.status, 200) << r.body;
  for (const auto& b : r.json["items"])
    out[b["month"]] = {b["amount_fen"].get<std::int64_t>(), b["paid_fen"].get<std::int64_t>()};
  return out;
}

std::string today_text(TestUniversity& u) {
  return zhdj::format_date(u.platform().registry().today());
}

Reply upload(Client& c, std::int64_t org, const std::string& bytes, const std::string& name) {
  return c.request(
      "POST", "/api/v1/dues/payments/import?org_id=" + std::to_string(org) + "&file_name=" + name,
      bytes, true, {{"Content-Type", "application/octet-stream"}});
}

std::int64_t notices(TestUniversity& u, const std::string& login, const std::string& kind) {
  return u.scalar(
      "SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id WHERE "
      "a.login = ? AND n.kind = ?",
      {login, kind});
}

}  // namespace

TEST(DuesStatements, ImportPaysMatchedRowsAndKeepsTheRestForHandling) {
  DuesBranch fixture;
  auto& [u, p, branch] = fixture;
  Client member(u);
  member.login("demo-member");
  declare(branch, p.a, "in_service", 480000, month_from_now(u, -3));  // 48.00 a month
  declare(branch, p.b, "in_service", 300000, month_from_now(u, -3));  // 15.00
  bill(u, branch, p.org, -3, 0);

  // A CSV as the finance office sends it: A by number (two months), B by name (one month), a
  // stranger, and A again with an amount that pays no whole month.
  std::string csv =
      "\xEF\xBB\xBF"
      "姓名,学号/工号,金额（元）,到账日期,摘要\r\n"
      "演示党员,demo-member,96.00," +
      today_text(u) + ",党费\r\n" + p.b_name + ",,15," + today_text(u) +
      ",\r\n"
      "查无此人,,48.00,,转账\r\n"
      "演示党员,demo-member,50.00,,\r\n";
  auto imported = upload(branch, p.org, csv, "statement.csv");
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.json["format"], "csv");
  EXPECT_EQ(imported.json["rows"], 4);
  EXPECT_EQ(imported.json["matched"], 2);
  EXPECT_EQ(imported.json["unmatched"], 2);
  EXPECT_EQ(imported.json["amount_fen"], 9600 + 1500 + 4800 + 5000);
  EXPECT_EQ(imported.json["matched_fen"], 9600 + 1500);
  ASSERT_EQ(imported.json["payments"].size(), 2u);
  EXPECT_EQ(imported.json["payments"][0]["member_id"], p.a);
  EXPECT_EQ(imported.json["payments"][0]["months"],
            Json::array({month_from_now(u, -3), month_from_now(u, -2)}));
  EXPECT_EQ(imported.json["payments"][1]["months"], Json::array({month_from_now(u, -3)}));
  const auto& rows = imported.json["unmatched_rows"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["row"], 4);
  EXPECT_EQ(rows[0]["reason_code"], "no_member");
  EXPECT_EQ(rows[1]["row"], 5);
  EXPECT_EQ(rows[1]["reason_code"], "amount_mismatch");
  auto a = bills_of(branch, p.a);
  EXPECT_EQ(a[month_from_now(u, -3)], Bill(4800, 4800));
  EXPECT_EQ(a[month_from_now(u, -2)].second, 4800);
  EXPECT_EQ(a[month_from_now(u, -1)].second, 0);

  // The same file again pays nothing twice.
  auto payments = u.scalar("SELECT COUNT(*) FROM dues_payments");
  auto audit = u.audit_count();
  auto again = upload(branch, p.org, csv, "statement-copy.csv");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.json["error"]["field"], "file");
  EXPECT_NE(again.json["error"]["message"].get<std::string>().find("不能重复导入"),
            std::string::npos);
  // A file with a bad row is refused whole, naming the row.
  auto bad =
      upload(branch, p.org, "姓名,金额\n演示党员,48.00\n" + p.b_name + ",十五元\n", "bad.csv");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json["error"]["field"], "file");
  EXPECT_NE(bad.json["error"]["message"].get<std::string>().find("第 3 行"), std::string::npos)
      << bad.body;
  EXPECT_EQ(upload(branch, p.org, "not a statement at all", "x.csv").status, 400);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dues_payments"), payments);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dues_imports"), 1);
  EXPECT_EQ(u.audit_count(), audit);

  // By hand: the stranger's 48.00 was A's (the next month), the 50.00 was not dues at all.
  auto open = branch.get("/api/v1/dues/unmatched");
  ASSERT_EQ(open.status, 200) << open.body;
  ASSERT_EQ(open.json["items"].size(), 2u);
  auto stranger = rows[0]["id"].get<std::int64_t>(), odd = rows[1]["id"].get<std::int64_t>();
  auto assigned = branch.post("/api/v1/dues/unmatched/" + std::to_string(stranger) + "/assign",
                              {{"member_id", p.a}});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(assigned.json["row"]["status"], "assigned");
  EXPECT_EQ(assigned.json["payment"]["method"], "import");
  EXPECT_EQ(assigned.json["payment"]["allocations"][0]["month"], month_from_now(u, -1));
  auto no_reason =
      branch.post("/api/v1/dues/unmatched/" + std::to_string(odd) + "/dismiss", Json::object());
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.json["error"]["field"], "reason");
  auto dismissed = branch.post("/api/v1/dues/unmatched/" + std::to_string(odd) + "/dismiss",
                               {{"reason", "财务处误记，已退回"}});
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_EQ(dismissed.json["status"], "dismissed");
  EXPECT_EQ(
      branch
          .post("/api/v1/dues/unmatched/" + std::to_string(odd) + "/dismiss", {{"reason", "再次"}})
          .status,
      409);
  EXPECT_TRUE(branch.get("/api/v1/dues/unmatched").json["items"].empty());

  // An .xlsx statement: B pays the next two months (30.00) by number.
  auto b_no = "no-" + std::to_string(p.b);
  u.db().write([&](zhdj::db::Tx& tx) {
    tx.exec("UPDATE members SET student_no = ? WHERE id = ?", {b_no, p.b});
  });
  zhdj::xlsx::Writer w;
  auto& sheet = w.add_sheet("十一月", {{"序号"}, {"学号/工号"}, {"金额(元)"}, {"日期"}});
  sheet.add_row({"1", b_no, "30.00", today_text(u)});
  auto xlsx_import = upload(branch, p.org, w.finish(), "statement.xlsx");
  ASSERT_EQ(xlsx_import.status, 201) << xlsx_import.body;
  EXPECT_EQ(xlsx_import.json["format"], "xlsx");
  EXPECT_EQ(xlsx_import.json["matched"], 1);
  EXPECT_EQ(xlsx_import.json["payments"][0]["months"],
            Json::array({month_from_now(u, -2), month_from_now(u, -1)}));

  // Every payment is audited; A was told.
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'dues.payment_record'"), 4);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'dues.import'"), 2);
  EXPECT_GE(notices(u, "demo-member", "dues.payment"), 2);

  // The member sees their own payments and statement, not B's.
  auto mine = member.get("/api/v1/dues/payments");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json["items"].size(), 2u);
  EXPECT_EQ(member.get("/api/v1/dues/payments?member_id=" + std::to_string(p.b)).status, 404);
  EXPECT_EQ(member.get("/api/v1/dues/unmatched").json["items"].size(), 0u);
}

TEST(DuesReports, TheReportAddsUpBillsPaymentsAndExtrasExactly) {
  DuesBranch fixture;
  auto& [u, p, branch] = fixture;
  Client school(u);
  school.login("demo-school");
  declare(branch, p.a, "in_service", 480000, month_from_now(u, -1));  // 48.00
  declare(branch, p.b, "in_service", 300000, month_from_now(u, -1));  // 15.00
  declare(branch, p.c, "student", 0, month_from_now(u, -1));          // 0.20
  bill(u, branch, p.org, -1, 0);
  // Last month: A and B pay, C does not; this month: nobody yet. Extras of 1000.00 (special)
  // and 999.99 (not special) this month.
  for (auto [who, fen] : {std::pair{p.a, 4800}, std::pair{p.b, 1500}}) {
    auto r = branch.post("/api/v1/dues/payments", {{"member_id", who},
                                                   {"kind", "dues"},
                                                   {"method", "cash"},
                                                   {"amount_fen", fen},
                                                   {"months", {month_from_now(u, -1)}}});
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_FALSE(r.json["special"].get<bool>());
  }
  auto special = branch.post("/api/v1/dues/payments", {{"member_id", p.a},
                                                       {"kind", "extra"},
                                                       {"method", "transfer"},
                                                       {"amount_fen", 100000},
                                                       {"note", "自愿交纳"}});
  ASSERT_EQ(special.status, 201) << special.body;
  EXPECT_TRUE(special.json["special"].get<bool>());
  EXPECT_TRUE(special.json["allocations"].empty());
  auto ordinary = branch.post(
      "/api/v1/dues/payments",
      {{"member_id", p.b}, {"kind", "extra"}, {"method", "cash"}, {"amount_fen", 99999}});
  ASSERT_EQ(ordinary.status, 201) << ordinary.body;
  EXPECT_FALSE(ordinary.json["special"].get<bool>());

  auto college = u.scalar("SELECT parent_id FROM orgs WHERE id = ?", {p.org});
  auto last = school.get("/api/v1/dues/report?org_id=" + std::to_string(college) +
                         "&period=" + month_from_now(u, -1));
  ASSERT_EQ(last.status, 200) << last.body;
  const auto& s = last.json["summary"];
  EXPECT_EQ(s["members_billed"], 3);
  EXPECT_EQ(s["due_fen"], 6320);
  EXPECT_EQ(s["paid_fen"], 6300);
  EXPECT_EQ(s["outstanding_fen"], 20);
  EXPECT_EQ(s["outstanding_yuan"], "0.20");
  EXPECT_EQ(s["collection_rate"], "99.6%");  // 6300 / 6320 = 99.68…%, truncated
  EXPECT_EQ(s["members_in_arrears"], 1);     // C, last month ended unpaid
  EXPECT_EQ(s["special_count"], 0);
  bool found = false;
  for (const auto& child : last.json["children"])
    if (child["id"] == p.org) {
      found = true;
      EXPECT_EQ(child["due_fen"], 6320);
      EXPECT_EQ(child["paid_fen"], 6300);
      EXPECT_EQ(child["members_in_arrears"], 1);
    } else {
      EXPECT_EQ(child["due_fen"], 0) << child.dump();
    }
  EXPECT_TRUE(found);

  auto now = school.get("/api/v1/dues/report?org_id=" + std::to_string(college) +
                        "&period=" + this_month(u));
  ASSERT_EQ(now.status, 200) << now.body;
  const auto& t = now.json["summary"];
  EXPECT_EQ(t["due_fen"], 6320);
  EXPECT_EQ(t["paid_fen"], 0);
  EXPECT_EQ(t["collection_rate"], "0.0%");
  EXPECT_EQ(t["members_in_arrears"], 0);  // this month has not ended
  EXPECT_EQ(t["special_count"], 1);
  EXPECT_EQ(t["special_fen"], 100000);
  EXPECT_EQ(t["extra_count"], 2);
  EXPECT_EQ(t["extra_fen"], 199999);
  EXPECT_EQ(t["extra_yuan"], "1999.99");

  // The export reads back with our own reader, the same numbers in yuan.
  auto file = school.get("/api/v1/dues/report/export?org_id=" + std::to_string(college) +
                         "&period=" + month_from_now(u, -1));
  ASSERT_EQ(file.status, 200) << file.body.substr(0, 200);
  EXPECT_NE(file.header("Content-Type").find("spreadsheetml"), std::string::npos);
  auto book = zhdj::xlsx::read(file.body);
  ASSERT_EQ(book.sheets.size(), 1u);
  const auto& sheet = book.sheets[0];
  EXPECT_EQ(sheet.name, "党费收缴统计");
  EXPECT_EQ(sheet.cell(0, 2).text, "应缴金额(元)");
  EXPECT_NE(sheet.cell(1, 0).text.find("合计"), std::string::npos);
  EXPECT_EQ(sheet.cell(1, 1).text, "3");
  EXPECT_EQ(sheet.cell(1, 2).text, "63.20");
  EXPECT_EQ(sheet.cell(1, 3).text, "63.00");
  EXPECT_EQ(sheet.cell(1, 4).text, "0.20");
  EXPECT_EQ(sheet.cell(1, 5).text, "99.6%");
  EXPECT_EQ(sheet.cell(1, 6).text, "1");
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'dues.report_export'"), 1);

  // Scope: the branch admin sees the branch, not the college; a member sees no report.
  EXPECT_EQ(branch.get("/api/v1/dues/report?org_id=" + std::to_string(college)).status, 404);
  EXPECT_EQ(branch.get("/api/v1/dues/report").json["org"]["id"], p.org);
  Client member(u);
  member.login("demo-member");
  auto members_view = member.get("/api/v1/dues/report?org_id=" + std::to_string(p.org)).status;
  EXPECT_TRUE(members_view == 403 || members_view == 404) << members_view;
  auto bad_period = school.get("/api/v1/dues/report?period=2026-13");
  EXPECT_EQ(bad_period.status, 400);
  EXPECT_EQ(bad_period.json["error"]["field"], "period");

  // The member's yearly statement: their own months, payments and totals.
  auto statement = member.get("/api/v1/dues/mine?year=" + this_month(u).substr(0, 4));
  ASSERT_EQ(statement.status, 200) << statement.body;
  EXPECT_EQ(statement.json["months"].size(), 12u);
  std::int64_t due = 0;
  for (const auto& m : statement.json["months"]) {
    due += m["due_fen"].get<std::int64_t>();
    if (m["month"] == this_month(u)) EXPECT_EQ(m["status"], "unpaid");
  }
  EXPECT_EQ(statement.json["totals"]["due_fen"], due);
  EXPECT_EQ(statement.json["totals"]["special_fen"], 100000);
  EXPECT_EQ(member.get("/api/v1/dues/mine?year=20x6").status, 400);
}

TEST(DuesReliefs, AReliefNeedsTheBranchThenAHigherOrgAndReassessesUnpaidBills) {
  DuesBranch fixture;
  auto& [u, p, branch] = fixture;
  Client college(u), member(u);
  college.login("demo-college");
  member.login("demo-member");
  declare(branch, p.a, "in_service", 480000, month_from_now(u, -2));
  bill(u, branch, p.org, -2, 0);

  auto asked = member.post("/api/v1/dues/reliefs", {{"kind", "reduction"},
                                                    {"monthly_fen", 1000},
                                                    {"from_month", month_from_now(u, -1)},
                                                    {"to_month", month_from_now(u, 2)},
                                                    {"reason", "家庭突发重大疾病，经济困难"}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  EXPECT_EQ(asked.json["status"], "branch_review");
  EXPECT_FALSE(asked.json["can_decide"].get<bool>());
  auto id = std::to_string(asked.json["id"].get<std::int64_t>());
  EXPECT_EQ(notices(u, "demo-branch", "dues.relief"), 1);
  // Overlapping months wait for this one.
  EXPECT_EQ(member
                .post("/api/v1/dues/reliefs", {{"kind", "exemption"},
                                               {"from_month", month_from_now(u, 2)},
                                               {"to_month", month_from_now(u, 3)},
                                               {"reason", "再次申请"}})
                .status,
            409);

  // The college may not take the branch's step; the member may not decide at all.
  EXPECT_EQ(college.post("/api/v1/dues/reliefs/" + id + "/decide", {{"approve", true}}).status,
            403);
  EXPECT_EQ(member.post("/api/v1/dues/reliefs/" + id + "/decide", {{"approve", true}}).status, 403);
  auto pending = branch.get("/api/v1/dues/reliefs/pending");
  ASSERT_EQ(pending.json["items"].size(), 1u);
  EXPECT_TRUE(pending.json["items"][0]["can_decide"].get<bool>());
  auto first = branch.post("/api/v1/dues/reliefs/" + id + "/decide",
                           {{"approve", true}, {"reason", "情况属实"}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json["status"], "approval_review");
  EXPECT_TRUE(first.json["reassessed"].empty());
  EXPECT_EQ(bills_of(branch, p.a)[month_from_now(u, -1)].first, 4800);  // not yet
  EXPECT_EQ(notices(u, "demo-college", "dues.relief"), 1);
  // The branch may not approve its own decision from above.
  EXPECT_EQ(branch.post("/api/v1/dues/reliefs/" + id + "/decide", {{"approve", true}}).status, 403);
  EXPECT_TRUE(branch.get("/api/v1/dues/reliefs/pending").json["items"].empty());
  ASSERT_EQ(college.get("/api/v1/dues/reliefs/pending").json["items"].size(), 1u);

  auto approved = college.post("/api/v1/dues/reliefs/" + id + "/decide", {{"approve", true}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json["status"], "approved");
  EXPECT_EQ(approved.json["branch_decided_by_name"], "演示支部书记");
  ASSERT_EQ(approved.json["reassessed"].size(), 2u);  // last month and this month
  EXPECT_EQ(approved.json["reassessed"][0]["month"], month_from_now(u, -1));
  EXPECT_EQ(approved.json["reassessed"][0]["before_fen"], 4800);
  EXPECT_EQ(approved.json["reassessed"][0]["after_fen"], 1000);
  auto a = bills_of(branch, p.a);
  EXPECT_EQ(a[month_from_now(u, -2)].first, 4800);  // before the relief
  EXPECT_EQ(a[month_from_now(u, -1)].first, 1000);
  EXPECT_EQ(a[this_month(u)].first, 1000);
  EXPECT_EQ(college.post("/api/v1/dues/reliefs/" + id + "/decide", {{"approve", true}}).status,
            409);
  EXPECT_GE(notices(u, "demo-member", "dues.relief"), 1);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('dues.relief_request', "
                     "'dues.relief_branch_approve', 'dues.relief_approve')"),
            3);

  // Paying ahead to the end of the quarter uses the relief too.
  auto last = *zhdj::parse_year_month(this_month(u));
  auto quarter_end = zhdj::dues::last_advance_month(last);
  auto beyond =
      branch.post("/api/v1/dues/payments",
                  {{"member_id", p.a},
                   {"kind", "dues"},
                   {"method", "cash"},
                   {"amount_fen", 1000},
                   {"advance", true},
                   {"months", {zhdj::format_year_month(quarter_end + std::chrono::months{1})}}});
  EXPECT_EQ(beyond.status, 400) << beyond.body;
  EXPECT_EQ(beyond.json["error"]["field"], "months");
  if (quarter_end > last) {
    auto next = zhdj::format_year_month(last + std::chrono::months{1});
    auto without_consent = branch.post("/api/v1/dues/payments", {{"member_id", p.a},
                                                                 {"kind", "dues"},
                                                                 {"method", "cash"},
                                                                 {"amount_fen", 1000},
                                                                 {"months", {next}}});
    EXPECT_EQ(without_consent.status, 400) << without_consent.body;
    auto ahead = branch.post("/api/v1/dues/payments", {{"member_id", p.a},
                                                       {"kind", "dues"},
                                                       {"method", "cash"},
                                                       {"amount_fen", 1000},
                                                       {"advance", true},
                                                       {"months", {next}}});
    ASSERT_EQ(ahead.status, 201) << ahead.body;
    EXPECT_TRUE(ahead.json["advance"].get<bool>());
    EXPECT_EQ(bills_of(branch, p.a)[next], Bill(1000, 1000));
  }

  // A refusal keeps its reason and step.
  auto b_asked = branch.post("/api/v1/dues/reliefs", {{"member_id", p.b},
                                                      {"kind", "exemption"},
                                                      {"from_month", this_month(u)},
                                                      {"to_month", this_month(u)},
                                                      {"reason", "申请免缴"}});
  ASSERT_EQ(b_asked.status, 201) << b_asked.body;
  auto b_id = std::to_string(b_asked.json["id"].get<std::int64_t>());
  auto no_reason = branch.post("/api/v1/dues/reliefs/" + b_id + "/decide", {{"approve", false}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.json["error"]["field"], "reason");
  auto refused = branch.post("/api/v1/dues/reliefs/" + b_id + "/decide",
                             {{"approve", false}, {"reason", "收入稳定，不符合减免条件"}});
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(refused.json["status"], "rejected");
  EXPECT_EQ(refused.json["rejected_step"], "branch");
  EXPECT_EQ(refused.json["reject_reason"], "收入稳定，不符合减免条件");
}

TEST(DuesReassessment, ABackDatedBaseRecomputesOnlyUnpaidBills) {
  DuesBranch fixture;
  auto& [u, p, branch] = fixture;
  Client member(u);
  member.login("demo-member");
  declare(branch, p.a, "in_service", 300000, month_from_now(u, -3));  // 15.00
  bill(u, branch, p.org, -3, 0);
  auto paid = branch.post(
      "/api/v1/dues/payments",
      {{"member_id", p.a}, {"kind", "dues"}, {"method", "transfer"}, {"amount_fen", 1500}});
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(paid.json["allocations"][0]["month"], month_from_now(u, -3));  // the oldest

  // A raise back-dated to the same month: the paid bill keeps its amount.
  auto raise = branch.post("/api/v1/dues/bases", {{"member_id", p.a},
                                                  {"kind", "in_service"},
                                                  {"monthly_base_fen", 500000},
                                                  {"effective_month", month_from_now(u, -3)}});
  ASSERT_EQ(raise.status, 201) << raise.body;
  ASSERT_EQ(raise.json["reassessed"].size(), 3u);
  for (const auto& c : raise.json["reassessed"]) {
    EXPECT_EQ(c["before_fen"], 1500);
    EXPECT_EQ(c["after_fen"], 5000);
  }
  EXPECT_EQ(raise.json["reassessed"][0]["month"], month_from_now(u, -2));
  auto a = bills_of(branch, p.a);
  EXPECT_EQ(a[month_from_now(u, -3)].first, 1500);
  EXPECT_EQ(a[month_from_now(u, -2)].first, 5000);
  EXPECT_EQ(u.scalar("SELECT base_id FROM dues_bills WHERE member_id = ? AND month = ?",
                     {p.a, month_from_now(u, -2)}),
            raise.json["id"].get<std::int64_t>());
  EXPECT_GE(u.scalar("SELECT COUNT(*) FROM dues_bills WHERE member_id = ? AND reassessed_at IS "
                     "NOT NULL",
                     {p.a}),
            3);

  // The member's own declaration re-assesses when the branch approves it.
  auto declared = member.post("/api/v1/dues/bases", {{"kind", "in_service"},
                                                     {"monthly_base_fen", 600000},
                                                     {"effective_month", month_from_now(u, -1)}});
  ASSERT_EQ(declared.status, 201) << declared.body;
  EXPECT_TRUE(declared.json["reassessed"].empty());
  EXPECT_EQ(bills_of(branch, p.a)[month_from_now(u, -1)].first, 5000);
  auto decided = branch.post(
      "/api/v1/dues/bases/" + std::to_string(declared.json["id"].get<std::int64_t>()) + "/decide",
      {{"approve", true}});
  ASSERT_EQ(decided.status, 200) << decided.body;
  ASSERT_EQ(decided.json["reassessed"].size(), 2u);
  EXPECT_EQ(decided.json["reassessed"][1]["month"], this_month(u));
  EXPECT_EQ(decided.json["reassessed"][1]["after_fen"], 9000);  // 1.5 % of 6000
  EXPECT_EQ(bills_of(branch, p.a)[month_from_now(u, -2)].first, 5000);
}

TEST(DuesPayments, BackPaymentBeyondSixMonthsNeedsAnAuditedOverride) {
  DuesBranch fixture;
  auto& [u, p, branch] = fixture;
  declare(branch, p.a, "in_service", 480000, month_from_now(u, -8));
  bill(u, branch, p.org, -8, 0);
  auto pay = [&](Json months, const std::string& reason) {
    Json body = {{"member_id", p.a},
                 {"kind", "dues"},
                 {"method", "cash"},
                 {"amount_fen", 4800 * static_cast<int>(months.size())},
                 {"months", months}};
    if (!reason.empty()) body["override_reason"] = reason;
    return branch.post("/api/v1/dues/payments", body);
  };
  auto audit = u.audit_count();
  auto refused = pay({month_from_now(u, -7)}, "");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.json["error"]["field"], "override_reason");
  // Oldest first without months reaches the same month.
  auto oldest =
      branch.post("/api/v1/dues/payments",
                  {{"member_id", p.a}, {"kind", "dues"}, {"method", "cash"}, {"amount_fen", 4800}});
  EXPECT_EQ(oldest.status, 409);
  EXPECT_EQ(u.audit_count(), audit);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dues_payments"), 0);

  auto six_back = pay({month_from_now(u, -6)}, "");  // exactly six months back: fine
  EXPECT_EQ(six_back.status, 201) << six_back.body;
  auto overridden = pay({month_from_now(u, -8), month_from_now(u, -7)}, "长期出国访学，回国后补缴");
  ASSERT_EQ(overridden.status, 201) << overridden.body;
  EXPECT_EQ(overridden.json["override_reason"], "长期出国访学，回国后补缴");
  EXPECT_EQ(overridden.json["allocations"].size(), 2u);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'dues.payment_record' AND "
                     "changes LIKE '%长期出国访学%'"),
            1);
  // One payment over several months may leave the last one partly paid.
  auto partial = branch.post(
      "/api/v1/dues/payments",
      {{"member_id", p.a}, {"kind", "dues"}, {"method", "cash"}, {"amount_fen", 4800 + 1000}});
  ASSERT_EQ(partial.status, 201) << partial.body;
  auto a = bills_of(branch, p.a);
  EXPECT_EQ(a[month_from_now(u, -5)].second, 4800);
  EXPECT_EQ(a[month_from_now(u, -4)].second, 1000);
  // More than the months owe is refused; the rest is an extra payment.
  auto too_much = pay({month_from_now(u, -4)}, "");
  EXPECT_EQ(too_much.status, 400);
  EXPECT_EQ(too_much.json["error"]["field"], "amount_fen");
}

TEST(DuesArrears, SixUnpaidMonthsAreFlaggedToTheBranchOnce) {
  DuesBranch fixture;
  auto& [u, p, branch] = fixture;
  Client member(u);
  member.login("demo-member");
  declare(branch, p.a, "student", 0, month_from_now(u, -6));
  declare(branch, p.b, "student", 0, month_from_now(u, -5));
  bill(u, branch, p.org, -6, 0);  // A: six ended months unpaid; B: five

  auto list = branch.get("/api/v1/dues/arrears");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json["lapse_cases"], 1);
  ASSERT_GE(list.json["items"].size(), 2u);
  const auto& first = list.json["items"][0];
  EXPECT_EQ(first["member_id"], p.a);
  EXPECT_EQ(first["run_months"], 6);
  EXPECT_EQ(first["run_start"], month_from_now(u, -6));
  EXPECT_TRUE(first["lapse_case"].get<bool>());
  EXPECT_EQ(first["outstanding_fen"], 120);
  EXPECT_TRUE(first["flagged_at"].is_null());
  EXPECT_EQ(list.json["items"][1]["member_id"], p.b);
  EXPECT_EQ(list.json["items"][1]["run_months"], 5);
  EXPECT_FALSE(list.json["items"][1]["lapse_case"].get<bool>());

  // The due jobs tell the branch once per member and run.
  u.platform().run_due_jobs();
  EXPECT_EQ(notices(u, "demo-branch", "dues.lapse"), 1);
  u.platform().clock().advance(11 * 60 * 1000);
  u.platform().run_due_jobs();
  EXPECT_EQ(notices(u, "demo-branch", "dues.lapse"), 1);
  EXPECT_EQ(notices(u, "demo-member", "dues.lapse"), 0);
  EXPECT_FALSE(branch.get("/api/v1/dues/arrears").json["items"][0]["flagged_at"].is_null());
  auto mine = member.get("/api/v1/dues/mine");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json["arrears"]["run_months"], 6);
  EXPECT_TRUE(mine.json["arrears"]["lapse_case"].get<bool>());

  // Paying last month ends the run: no case any more.
  auto paid = branch.post("/api/v1/dues/payments", {{"member_id", p.a},
                                                    {"kind", "dues"},
                                                    {"method", "cash"},
                                                    {"amount_fen", 20},
                                                    {"months", {month_from_now(u, -1)}}});
  ASSERT_EQ(paid.status, 201) << paid.body;
  auto after = branch.get("/api/v1/dues/arrears");
  EXPECT_EQ(after.json["lapse_cases"], 0);
  // A member sees no one's arrears.
  EXPECT_EQ(member.get("/api/v1/dues/arrears").status, 404);
}

TEST(DuesPayments, BadPaymentsAndReliefsAreRefusedInChineseAndWriteNothing) {
  DuesBranch fixture;
  auto& [u, p, branch] = fixture;
  declare(branch, p.a, "in_service", 480000, month_from_now(u, -1));
  bill(u, branch, p.org, -1, 0);
  auto audit = u.audit_count();
  Json ok = {{"member_id", p.a}, {"kind", "dues"}, {"method", "cash"}, {"amount_fen", 4800}};
  auto with = [&](const char* field, Json value) {
    Json b = ok;
    if (value.is_null())
      b.erase(field);
    else
      b[field] = value;
    return b;
  };
  struct Case {
    Json body;
    std::string field;
  };
  std::vector<Case> payments = {
      {with("member_id", nullptr), "member_id"},
      {with("kind", "donation"), "kind"},
      {with("method", "wechat"), "method"},
      {with("amount_fen", nullptr), "amount_fen"},
      {with("amount_fen", 0), "amount_fen"},
      {with("amount_fen", 48.5), "amount_fen"},
      {with("amount_fen", "4800"), "amount_fen"},
      {with("amount_fen", 100000001), "amount_fen"},
      {with("paid_on", "2026-02-30"), "paid_on"},
      {with("paid_on", "2999-01-01"), "paid_on"},
      {with("months", "2026-11"), "months"},
      {with("months", Json::array({"2026-13"})), "months"},
      {with("advance", "yes"), "advance"},
      {with("amount_fen", 9601), "amount_fen"},  // more than both months owe
  };
  for (const auto& k : payments) {
    auto r = branch.post("/api/v1/dues/payments", k.body);
    EXPECT_EQ(r.status, 400) << k.body.dump() << " " << r.body;
    EXPECT_EQ(r.json["error"]["field"], k.field) << k.body.dump();
    std::string message = r.json["error"]["message"];
    EXPECT_GE(message.size(), 6u);
  }
  Json extra = with("kind", "extra");
  extra["months"] = {this_month(u)};
  EXPECT_EQ(branch.post("/api/v1/dues/payments", extra).json["error"]["field"], "months");

  Json relief = {{"member_id", p.a},          {"kind", "reduction"},
                 {"monthly_fen", 1000},       {"from_month", this_month(u)},
                 {"to_month", this_month(u)}, {"reason", "困难"}};
  auto rwith = [&](const char* field, Json value) {
    Json b = relief;
    if (value.is_null())
      b.erase(field);
    else
      b[field] = value;
    return b;
  };
  std::vector<Case> reliefs = {
      {rwith("kind", "discount"), "kind"},
      {rwith("monthly_fen", nullptr), "monthly_fen"},
      {rwith("monthly_fen", -5), "monthly_fen"},
      {rwith("from_month", "2026/11"), "from_month"},
      {rwith("from_month", month_from_now(u, -13)), "from_month"},
      {rwith("to_month", month_from_now(u, -1)), "to_month"},
      {rwith("to_month", month_from_now(u, 24)), "to_month"},
      {rwith("reason", nullptr), "reason"},
  };
  for (const auto& k : reliefs) {
    auto r = branch.post("/api/v1/dues/reliefs", k.body);
    EXPECT_EQ(r.status, 400) << k.body.dump() << " " << r.body;
    EXPECT_EQ(r.json["error"]["field"], k.field) << k.body.dump();
  }
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dues_payments"), 0);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dues_reliefs"), 0);
  EXPECT_EQ(u.audit_count(), audit);
}

// A university may re-assess bases once a year (DOMAIN.md §6): then a new base takes effect in
// January only. Only the university level sets the policy; the change is audited.
TEST(DuesSettings, AYearlyPolicyLetsBasesTakeEffectInJanuaryOnly) {
  TestUniversity u;
  Client school(u), branch(u), member(u);
  school.login("demo-school");
  branch.login("demo-branch");
  member.login("demo-member");
  auto who = member_of(u, "demo-member");
  EXPECT_EQ(branch.get("/api/v1/dues/settings").json["reassess"], "monthly");
  EXPECT_EQ(branch.get("/api/v1/dues/settings").json["can_edit"], false);
  EXPECT_EQ(branch.put("/api/v1/dues/settings", {{"reassess", "yearly"}}).status, 403);
  auto before = u.audit_count();
  auto bad = school.put("/api/v1/dues/settings", {{"reassess", "weekly"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json["error"]["field"], "reassess");
  EXPECT_EQ(u.audit_count(), before);
  auto set = school.put("/api/v1/dues/settings", {{"reassess", "yearly"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json["reassess"], "yearly");
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'dues.settings'"), 1);

  // This month is refused unless it is January; next January (within the window) is accepted.
  auto month = this_month(u);
  auto next_january = std::to_string(std::stoi(month.substr(0, 4)) + 1) + "-01";
  auto declare = [&](const std::string& m) {
    return member.post(
        "/api/v1/dues/bases",
        {{"kind", "in_service"}, {"monthly_base_fen", 480000}, {"effective_month", m}});
  };
  if (month.substr(5) != "01") {
    auto refused = declare(month);
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_EQ(refused.json["error"]["field"], "effective_month");
    EXPECT_NE(refused.json["error"]["message"].get<std::string>().find("每年核定一次"),
              std::string::npos);
    EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dues_bases WHERE member_id = ?", {who}), 0);
  }
  if (month >= std::to_string(std::stoi(month.substr(0, 4))) + "-10") {
    auto ok = declare(next_january);
    EXPECT_EQ(ok.status, 201) << ok.body;
  }
  // Back to monthly: any month in the window again.
  ASSERT_EQ(school.put("/api/v1/dues/settings", {{"reassess", "monthly"}}).status, 200);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'dues.settings'"), 2);
}
