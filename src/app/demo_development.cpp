// Member development for the demo: every activist, development target and probationary member
// of the demo university gets the case their category implies, with the steps behind them dated
// so that every rule of development/rules holds (the pipeline board, the to-do list and the funnel
// have something true to show). Applicants get none: a branch opens their case.
#include <fmt/format.h>

#include <map>
#include <random>

#include "app/demo.hpp"
#include "development/rules.hpp"

namespace zhdj::app {

namespace {

using development::Step;
using nlohmann::json;

struct Planned {
  Step step;
  Date on;
  json data = json::object();
};

bool after(Date a, Date b) {
  return std::chrono::sys_days{a} > std::chrono::sys_days{b};
}

// The 18th birthday (02-29: 03-01 in common years).
Date adult_on(Date birth) {
  Date d = add_years(birth, 18);
  if (birth.month() == std::chrono::February && birth.day() == std::chrono::day{29} &&
      d.day() == std::chrono::day{28})
    d = add_days(d, 1);
  return d;
}

}  // namespace

int load_demo_development(Platform& p, unsigned seed) {
  std::mt19937 rng(seed);
  const Instant now = p.clock().now();
  const Date today = civil_date(now, p.config().time_zone);
  int created = 0;
  auto days = [&](int lo, int hi) { return lo + static_cast<int>(rng() % (hi - lo + 1)); };
  p.db().write([&](db::Tx& tx) {
    if (tx.query_one("SELECT 1 FROM dev_cases LIMIT 1")) return;
    auto recorder = tx.query_one("SELECT id FROM accounts ORDER BY id LIMIT 1");
    if (!recorder) return;
    const std::int64_t by = recorder->i64(0);
    // Full members per branch: contact persons and introducers.
    std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::string>>> full;
    std::vector<std::pair<std::int64_t, std::string>> everyone;  // small branches borrow
    for (const auto& r : tx.query(
             "SELECT org_id, id, name FROM members WHERE category = 'full' AND status = 'active' "
             "AND watch_until IS NULL ORDER BY id"))
      full[r.i64(0)].push_back({r.i64(1), r.str(2)}), everyone.push_back({r.i64(1), r.str(2)});
    int serial = 0;
    for (const auto& r : tx.query(
             "SELECT m.id, m.org_id, o.path, m.category, m.birth_date, m.joined_on FROM members m "
             "JOIN orgs o ON o.id = m.org_id WHERE m.category IN ('activist', "
             "'development_target', 'probationary') AND m.status = 'active' ORDER BY m.id")) {
      const std::int64_t member = r.i64(0), branch = r.i64(1);
      const std::string path = r.str(2), category = r.str(3);
      auto birth = r.is_null(4) ? std::nullopt : parse_date(r.str(4));
      auto& pool = full[branch].size() >= 2 ? full[branch] : everyone;
      if (!birth || pool.size() < 2) continue;
      const auto& c1 = pool[rng() % pool.size()];
      const auto* c2 = &pool[rng() % pool.size()];
      if (c2->first == c1.first) c2 = &pool[(&c1 - pool.data() + 1) % pool.size()];
      auto names = [](std::initializer_list<std::pair<std::int64_t, std::string>> people) {
        json out = json::array();
        for (const auto& [id, name] : people) out.push_back({{"member_id", id}, {"name", name}});
        return out;
      };

      // Anchor dates by category: the activist's, or the admission vote's (joined_on).
      Date a3, a7, vote;
      bool has_target = category != "activist", has_vote = category == "probationary";
      if (has_vote) {
        auto joined = r.is_null(5) ? std::nullopt : parse_date(r.str(5));
        if (!joined) continue;
        vote = *joined;
        // The generator dates some admissions years back; only a probation still running has a
        // case to show.
        if (after(add_months(today, -11), vote)) continue;
        a7 = add_days(vote, -days(75, 110));
        a3 = add_days(add_months(a7, -12), -days(10, 60));
      } else if (has_target) {
        a7 = add_days(today, -days(5, 150));
        a3 = add_days(add_months(a7, -12), -days(5, 90));
      } else {
        a3 = add_days(today, -days(20, 640));
      }
      Date a1 = add_days(add_months(a3, -days(3, 8)), -days(0, 20));
      if (after(adult_on(*birth), a1)) continue;  // too young for this history: no case
      std::vector<Planned> plan;
      auto add = [&](Step s, Date on, json data = json::object()) {
        plan.push_back({s, on, std::move(data)});
      };
      add(Step::application, a1);
      add(Step::application_talk, add_days(a1, days(5, 25)));
      add(Step::activist, a3, {{"decided_by", "committee"}});
      add(Step::activist_filing, add_days(a3, days(3, 10)));
      add(Step::contacts, add_days(a3, days(11, 14)), {{"contacts", names({c1, *c2})}});
      Date review_until = has_target ? a7 : today;
      for (int k = 1; !after(add_months(a3, 6 * k), review_until); ++k)
        add(Step::activist_review, add_days(add_months(a3, 6 * k), -days(0, 20)));
      if (has_target) {
        add(Step::target, a7);
        add(Step::target_filing, add_days(a7, 7));
        add(Step::introducers, add_days(a7, 14), {{"introducers", names({c1, *c2})}});
        add(Step::political_review, add_days(a7, 30),
            {{"conclusion", "政治历史清白，拥护党的路线方针政策，政审合格。"}});
        add(Step::short_training, add_days(a7, 40), {{"training_days", 3}, {"class_hours", 24}});
      }
      if (has_vote) {
        add(Step::branch_review, add_days(vote, -20));
        add(Step::pre_review, add_days(vote, -12));
        add(Step::application_form, add_days(vote, -5),
            {{"form_serial", fmt::format("{}{:05d}", static_cast<int>(vote.year()), ++serial)}});
        add(Step::admission_vote, vote);
        add(Step::approval_talk, add_days(vote, 10), {{"talker", "组织员"}});
        // Approved by today: the registry already calls them probationary (admitted at least
        // 30 days ago, as the generator dates them).
        Date a17 = add_days(vote, days(30, 60));
        if (after(a17, today)) a17 = today;
        add(Step::admission_approval, a17, {{"outcome", "approve"}});
        add(Step::admission_record, add_days(a17, 7));
        add(Step::placement, add_days(a17, 7));
        add(Step::oath, add_days(a17, days(8, 28)));
        for (int k = 1; !after(add_months(vote, 3 * k), today) && k < 4; ++k)
          add(Step::probation_review, add_days(add_months(vote, 3 * k), -days(0, 10)));
        Date end = add_months(vote, 12);
        if (!after(add_months(end, -1), today))
          add(Step::conversion_application, add_months(end, -1));
      }
      // Only what has happened by today, in order.
      std::erase_if(plan, [&](const Planned& s) { return after(s.on, today); });
      std::stable_sort(plan.begin(), plan.end(), [](const Planned& a, const Planned& b) {
        return static_cast<int>(a.step) < static_cast<int>(b.step);
      });
      const char* version = after(Date{std::chrono::year{2026} / 5 / 1}, a1) ? "2014" : "2026";
      int last = 0;
      for (const auto& s : plan)
        if (!development::step_info(s.step).repeatable)
          last = std::max(last, development::step_info(s.step).number);
      auto case_id = tx.insert(
          "INSERT INTO dev_cases (member_id, university_id, rule_version, status, last_number, "
          "created_by, created_at) VALUES (?, ?, ?, 'active', ?, ?, ?) RETURNING id",
          {member, std::stoll(path.substr(1)), version, last, by, now});
      const std::int64_t university = std::stoll(path.substr(1));
      for (const auto& s : plan) {
        const auto& info = development::step_info(s.step);
        std::int64_t org = info.actor == development::Actor::branch ? branch : university;
        auto step_id = tx.insert(
            "INSERT INTO dev_steps (case_id, step, number, done_on, org_id, comments, data, "
            "rule_version, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            {case_id, info.code, info.number, format_date(s.on), org,
             info.repeatable ? "表现良好，学习认真，积极参加组织活动。" : "", s.data.dump(),
             version, by, now});
        for (const char* role : {"contacts", "introducers"})
          if (s.data.contains(role))
            for (const auto& who : s.data[role])
              tx.exec(
                  "INSERT INTO dev_people (case_id, role, member_id, step_id) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT DO NOTHING",
                  {case_id, std::string(role) == "contacts" ? "contact" : "introducer",
                   who["member_id"].get<std::int64_t>(), step_id});
      }
      if (has_target && std::string(version) == "2026") {
        Date start = add_days(a7, -10);
        tx.exec(
            "INSERT INTO dev_publicities (case_id, step, starts_on, working_days, ends_on, serial, "
            "created_by, created_at) VALUES (?, 'target', ?, 5, ?, ?, ?, ?)",
            {case_id, format_date(start),
             format_date(development::publicity_end({start, 5}, development::Calendar{})),
             fmt::format("{}-D{:04d}", static_cast<int>(start.year()), created + 1), by, now});
      }
      ++created;
    }
  });
  return created;
}

}  // namespace zhdj::app
