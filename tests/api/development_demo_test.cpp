// The demo's development cases obey the rules they are shown under: replaying every case step by
// step through development/rules refuses nothing and finds nothing late, and the branch sees
// them on its board, to-do list and funnel.
#include <fmt/format.h>

#include <algorithm>

#include "app/demo.hpp"
#include "development/rules.hpp"
#include "development/store.hpp"
#include "harness.hpp"
#include "xlsx/reader.hpp"

namespace zhdj::testing {
namespace {

using namespace zhdj::development;

TEST(DevelopmentDemo, EveryDemoCaseReplaysThroughTheRules) {
  TestUniversity u(300);
  int created = app::load_demo_development(u.platform());
  ASSERT_GT(created, 10);
  EXPECT_EQ(app::load_demo_development(u.platform()), 0);  // not twice
  const Date today = civil_date(u.platform().clock().now(), u.platform().config().time_zone);
  int steps = 0;
  u.db().read([&](db::Tx& tx) {
    for (const auto& r : tx.query("SELECT id FROM dev_cases ORDER BY id")) {
      auto c = store::load(tx, r.i64(0));
      ASSERT_TRUE(c);
      auto extras = store::extra_steps(tx, c->university_id);
      // Replay in the order things happened: by date, then by step number.
      auto order = c->steps;
      std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        if (a.done_on != b.done_on)
          return std::chrono::sys_days{a.done_on} < std::chrono::sys_days{b.done_on};
        return a.number < b.number;
      });
      store::Case sofar = *c;
      sofar.steps.clear();
      for (const auto& s : order) {
        auto f = store::facts(sofar, extras);
        auto step = parse_step(s.step);
        ASSERT_TRUE(step) << s.step;
        Verdict v = check_step(f, *step, s.done_on, today, Calendar{});
        EXPECT_EQ(v.kind, Verdict::Kind::allowed)
            << c->name << " case " << c->id << " step " << s.step << " on "
            << format_date(s.done_on) << ": " << v.message;
        sofar.steps.push_back(s);
        ++steps;
      }
      // Every case is open, and its category matches how far it got.
      EXPECT_EQ(c->status, "active");
      auto f = store::facts(*c, extras);
      if (c->category == "activist") EXPECT_FALSE(f.done.contains(Step::target));
      if (c->category == "development_target") EXPECT_TRUE(f.done.contains(Step::target));
      if (c->category == "probationary") EXPECT_TRUE(f.done.contains(Step::admission_approval));
    }
  });
  EXPECT_GT(steps, created * 5);

  // The branch secretary of the demo branch sees its cases and their to-do items.
  Client branch(u);
  branch.login("demo-branch");
  auto board = branch.get("/api/v1/development/cases");
  ASSERT_EQ(board.status, 200) << board.body;
  auto visible = board.json["items"].size();
  auto in_branch = u.scalar(
      "SELECT COUNT(*) FROM dev_cases c JOIN members m ON m.id = c.member_id JOIN role_grants g "
      "ON g.org_id = m.org_id JOIN accounts a ON a.id = g.account_id WHERE a.login = "
      "'demo-branch' AND g.role = 'branch_admin'");
  EXPECT_EQ(static_cast<std::int64_t>(visible), in_branch);
  auto todo = branch.get("/api/v1/development/todo");
  ASSERT_EQ(todo.status, 200) << todo.body;
  for (const auto& item : todo.json["items"])
    EXPECT_TRUE(std::any_of(board.json["items"].begin(), board.json["items"].end(),
                            [&](const auto& c) { return c["id"] == item["case_id"]; }));
  // The university's funnel counts every case's activist step in the year it happened.
  Client school(u);
  school.login("demo-school");
  auto funnel = school.get("/api/v1/development/funnel?year=" +
                           std::to_string(static_cast<int>(today.year())));
  ASSERT_EQ(funnel.status, 200) << funnel.body;
  EXPECT_EQ(funnel.json["counts"]["activists"].get<std::int64_t>(),
            u.scalar("SELECT COUNT(*) FROM dev_steps WHERE step = 'activist' AND done_on >= ? "
                     "AND done_on <= ?",
                     {fmt::format("{}-01-01", static_cast<int>(today.year())),
                      fmt::format("{}-12-31", static_cast<int>(today.year()))}));
}

// The printable documents come from the record, carry a serial that stays the same on every print,
// exist only once their step is recorded, and are audited; the funnel exports as a workbook.
TEST(DevelopmentDemo, DocumentsAndTheFunnelWorkbook) {
  TestUniversity u(300);
  ASSERT_GT(app::load_demo_development(u.platform()), 10);
  Client school(u);
  school.login("demo-school");
  auto probationary = u.scalar(
      "SELECT MIN(c.id) FROM dev_cases c JOIN dev_steps s ON s.case_id = c.id WHERE s.step = "
      "'admission_approval'");
  ASSERT_GT(probationary, 0);
  std::string name = [&] {
    std::string out;
    u.db().read([&](db::Tx& tx) {
      out = tx.query_one(
                  "SELECT m.name FROM dev_cases c JOIN members m ON m.id = c.member_id "
                  "WHERE c.id = ?",
                  {probationary})
                ->str(0);
    });
    return out;
  }();
  auto base = "/api/v1/development/cases/" + std::to_string(probationary) + "/documents/";
  auto before = u.audit_count();
  auto approval = school.get(base + "approval");
  ASSERT_EQ(approval.status, 200) << approval.body;
  EXPECT_NE(approval.header("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(approval.body.find("关于同意接收" + name + "同志为中共预备党员的批复"),
            std::string::npos);
  auto serial_at = approval.body.find("编号：");
  ASSERT_NE(serial_at, std::string::npos);
  std::string serial = approval.body.substr(serial_at, 20);
  auto again = school.get(base + "approval");
  EXPECT_NE(again.body.find(serial), std::string::npos) << "the same serial on every print";
  EXPECT_EQ(u.audit_count(), before + 2);
  auto pdf = school.get(base + "approval/pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  auto cover = school.get(base + "cover");
  ASSERT_EQ(cover.status, 200) << cover.body;
  EXPECT_NE(cover.body.find("入党志愿书"), std::string::npos);
  EXPECT_EQ(school.get(base + "filing").status, 200);
  // Not converted yet: no conversion approval to print; an unknown kind is a 400.
  EXPECT_EQ(school.get(base + "conversion").status, 409);
  EXPECT_EQ(school.get(base + "nonsense").status, 400);
  // An activist's case has no approval to print either.
  auto activist = u.scalar(
      "SELECT MIN(c.id) FROM dev_cases c JOIN members m ON m.id = c.member_id WHERE m.category = "
      "'activist'");
  EXPECT_EQ(
      school.get("/api/v1/development/cases/" + std::to_string(activist) + "/documents/approval")
          .status,
      409);
  // The publicity notice of an activist about to be named a development target (2026 rules).
  u.db().write([&](db::Tx& tx) {
    tx.exec("UPDATE dev_cases SET rule_version = '2026' WHERE id = ?", {activist});
  });
  auto today = civil_date(u.platform().clock().now(), u.platform().config().time_zone);
  auto started = school.post("/api/v1/development/cases/" + std::to_string(activist) + "/publicity",
                             {{"starts_on", format_date(today)}});
  ASSERT_EQ(started.status, 201) << started.body;
  ASSERT_EQ(started.json["publicities"].size(), 1u);
  auto pub_serial = started.json["publicities"][0]["serial"].get<std::string>();
  auto notice =
      school.get("/api/v1/development/cases/" + std::to_string(activist) + "/documents/publicity");
  ASSERT_EQ(notice.status, 200) << notice.body;
  EXPECT_NE(notice.body.find("为发展对象的公示"), std::string::npos);
  EXPECT_NE(notice.body.find("（5个工作日）"), std::string::npos);
  EXPECT_NE(notice.body.find("编号：" + pub_serial), std::string::npos);
  // Someone outside the person's branch and without a grant sees nothing.
  Client member(u);
  member.login("demo-member");
  EXPECT_EQ(member.get(base + "approval").status, 404);

  auto year = static_cast<int>(
      civil_date(u.platform().clock().now(), u.platform().config().time_zone).year());
  auto funnel = school.get("/api/v1/development/funnel?year=" + std::to_string(year));
  ASSERT_EQ(funnel.status, 200);
  auto xlsx = school.get("/api/v1/development/funnel.xlsx?year=" + std::to_string(year));
  ASSERT_EQ(xlsx.status, 200) << xlsx.body.substr(0, 200);
  auto book = zhdj::xlsx::read(xlsx.body);
  ASSERT_EQ(book.sheets.size(), 2u);
  EXPECT_EQ(book.sheets[0].cell(2, 0).text, "确定为入党积极分子");
  EXPECT_EQ(book.sheets[0].cell(2, 1).text,
            std::to_string(funnel.json["counts"]["activists"].get<int>()));
  EXPECT_EQ(book.sheets[1].rows.size(), funnel.json["children"].size() + 1);
  EXPECT_EQ(school.get("/api/v1/development/funnel?year=1999").status, 400);
}

}  // namespace
}  // namespace zhdj::testing
