// The demo's development cases obey the rules they are shown under: replaying every case step by
// step through development/rules refuses nothing and finds nothing late, and the branch sees
// them on its board, to-do list and funnel.
#include <fmt/format.h>

#include <algorithm>

#include "app/demo.hpp"
#include "development/rules.hpp"
#include "development/store.hpp"
#include "harness.hpp"

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

}  // namespace
}  // namespace zhdj::testing
