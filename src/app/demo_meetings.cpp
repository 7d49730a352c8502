#include <fmt/format.h>

#include <map>
#include <random>
#include <set>

#include "app/demo.hpp"
#include "audit/audit.hpp"
#include "common/crypto.hpp"
#include "meetings/rules.hpp"

namespace zhdj::app {

namespace {

using meetings::Type;

struct Unit {
  std::int64_t id;
  std::string path;
  bool party_group;
  std::vector<std::int64_t> members;    // party members in good standing (a branch: with groups)
  std::vector<std::int64_t> committee;  // current committee
  std::optional<std::int64_t> secretary;
};

const char* kMinutes[] = {
    "会议传达学习了上级党组织有关文件精神，结合支部实际进行了讨论，与会党员逐一发言。",
    "支部书记通报了本月党建工作情况，部署了下阶段重点任务，党员围绕学习主题交流体会。",
    "会议开展专题学习，观看教育片，大家结合岗位实际谈认识、谈打算。",
};

}  // namespace

int load_demo_meetings(Platform& p, int months, unsigned seed) {
  if (months <= 0) return 0;
  std::mt19937 rng(seed);
  const std::string& tz = p.config().time_zone;
  const Instant now = p.clock().now();
  const Date today = civil_date(now, tz);
  int created = 0;
  p.db().write([&](db::Tx& tx) {
    if (tx.query_one("SELECT 1 FROM meetings LIMIT 1")) return;
    // The tree existed before the history starts.
    Date from = add_months(Date{today.year(), today.month(), std::chrono::day{1}}, -months);
    Instant backdated = local_instant(add_days(from, -1), 9 * 60, tz);
    tx.exec("UPDATE orgs SET created_at = ? WHERE created_at > ?", {backdated, backdated});

    std::vector<Unit> units;
    std::map<std::int64_t, size_t> by_id;
    for (const auto& r : tx.query("SELECT id, path, kind FROM orgs WHERE kind IN ('branch', "
                                  "'party_group') ORDER BY path")) {
      by_id[r.i64(0)] = units.size();
      units.push_back({r.i64(0), r.str(1), r.str(2) == "party_group", {}, {}, std::nullopt});
    }
    for (const auto& r : tx.query(
             "SELECT m.id, o.id, o.kind, o.parent_id FROM members m JOIN orgs o ON o.id = m.org_id "
             "WHERE m.category IN ('full', 'probationary') AND m.status = 'active' "
             "ORDER BY m.id")) {
      if (auto it = by_id.find(r.i64(1)); it != by_id.end())
        units[it->second].members.push_back(r.i64(0));
      if (r.str(2) == "party_group" && !r.is_null(3))
        if (auto it = by_id.find(r.i64(3)); it != by_id.end())
          units[it->second].members.push_back(r.i64(0));
    }
    for (const auto& r : tx.query(
             "SELECT c.org_id, p.member_id, p.post FROM committees c JOIN committee_posts p ON "
             "p.committee_id = c.id WHERE c.ended_on IS NULL ORDER BY p.member_id")) {
      if (auto it = by_id.find(r.i64(0)); it != by_id.end()) {
        units[it->second].committee.push_back(r.i64(1));
        if (r.str(2) == "secretary") units[it->second].secretary = r.i64(1);
      }
    }
    auto account_of = [&](const char* login) {
      auto r = tx.query_one("SELECT id FROM accounts WHERE login = ?", {login});
      return r ? r->i64(0) : 0;
    };
    std::int64_t author = account_of("demo-branch");
    if (!author) return;

    // Inserts one meeting with its attendees; held meetings get attendance and approved minutes.
    auto add = [&](const Unit& u, Type type, Date day, int start_minute,
                   const std::vector<std::int64_t>& people, bool held, const char* status) {
      if (people.empty()) return;
      Instant starts = local_instant(day, start_minute, tz);
      Instant ends = starts + 90 * 60000;
      auto secret = crypto::random_bytes(32);
      std::int64_t host = u.secretary.value_or(people.front());
      const auto& info = meetings::type_info(type);
      std::int64_t id = tx.insert(
          "INSERT INTO meetings (org_id, type, title, status, starts_at, ends_at, start_date, "
          "place, online_url, agenda, host_member_id, recorder_member_id, checkin_before_min, "
          "checkin_after_min, checkin_secret, remind_at, reminded_at, created_by, created_at, "
          "updated_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, 30, 30, ?, ?, "
          "?, ?, ?, ?, ?) RETURNING id",
          {u.id, info.code, fmt::format("{}（{}）", info.name, format_date(day)), status, starts,
           ends, format_date(day), "党员活动室",
           "一、学习上级文件精神；二、讨论支部工作；三、其他事项", host, host,
           db::Blob(secret.begin(), secret.end()), local_instant(add_days(day, -1), 18 * 60, tz),
           held ? db::Value(starts) : db::Value(now), author, starts - 7 * 86400000LL,
           starts - 7 * 86400000LL,
           std::string(status) == "published" ? db::Value(starts - 7 * 86400000LL) : db::Value()});
      int present = 0, leave = 0;
      for (auto m : people) {
        int roll = static_cast<int>(rng() % 100);
        bool here = held && roll < 88;
        bool on_leave = held && !here && roll < 95;
        present += here;
        leave += on_leave;
        tx.exec(
            "INSERT INTO meeting_attendees (meeting_id, member_id, present, method, checked_in_at, "
            "leave, leave_reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            {id, m, here, here ? db::Value(roll < 60 ? "qr" : "manual") : db::Value(),
             here ? db::Value(starts - 5 * 60000) : db::Value(), on_leave ? "approved" : "none",
             on_leave ? db::Value("出差") : db::Value()});
      }
      if (held) {
        tx.exec(
            "INSERT INTO meeting_minutes (meeting_id, content, decisions, criticisms, recorded_by, "
            "updated_at, approved_by, approved_at) VALUES (?, ?, '[]', '[]', ?, ?, ?, ?)",
            {id, kMinutes[rng() % 3], author, ends, author, ends + 86400000LL});
        bool counts =
            meetings::counts_as_held(type, true, static_cast<int>(people.size()), present);
        tx.exec(
            "UPDATE meetings SET minutes_status = 'approved', expected_count = ?, present_count = "
            "?, "
            "leave_count = ?, held = ? WHERE id = ?",
            {static_cast<int>(people.size()), present, leave, counts, id});
      } else {
        tx.exec("UPDATE meetings SET expected_count = ? WHERE id = ?",
                {static_cast<int>(people.size()), id});
      }
      ++created;
    };

    // The history: each obligation of each past month kept, except about one in ten.
    for (Date month = from;
         std::chrono::sys_days(month) <
         std::chrono::sys_days(Date{today.year(), today.month(), std::chrono::day{1}});
         month = add_months(month, 1)) {
      unsigned m = static_cast<unsigned>(month.month());
      auto day = [&](int d) { return Date{month.year(), month.month(), std::chrono::day(d)}; };
      for (const auto& u : units) {
        if (u.members.empty()) continue;
        auto keep = [&] { return rng() % 10 != 0; };
        if (u.party_group) {
          if (keep())
            add(u, Type::group, day(10 + rng() % 10), 14 * 60, u.members, true, "published");
          continue;
        }
        if (keep())
          add(u, Type::theme_day, day(5 + rng() % 10), 14 * 60 + 30, u.members, true, "published");
        if (!u.committee.empty() && keep())
          add(u, Type::committee, day(1 + rng() % 8), 12 * 60, u.committee, true, "published");
        if (m % 3 == 0) {
          if (keep())
            add(u, Type::general_assembly, day(15 + rng() % 10), 15 * 60, u.members, true,
                "published");
          if (keep())
            add(u, Type::lecture, day(12 + rng() % 10), 16 * 60, u.members, true, "published");
        }
        if (m == 12) {
          if (keep()) add(u, Type::life_meeting, day(20), 14 * 60, u.members, true, "published");
          if (keep()) add(u, Type::appraisal, day(22), 14 * 60, u.members, true, "published");
        }
        // A few 谈心谈话 each month between a committee member and a member.
        if (!u.committee.empty())
          for (int k = 0; k < 2; ++k) {
            auto c = u.committee[rng() % u.committee.size()];
            auto other = u.members[rng() % u.members.size()];
            if (c != other)
              add(u, Type::talk, day(1 + rng() % 27), 19 * 60, {c, other}, true, "published");
          }
      }
    }

    // What the demo branch has coming: tomorrow's 主题党日 (published; counted as reminded, so no
    // reminder lands in the middle of a browser test) and a draft assembly.
    auto branch = tx.query_one(
        "SELECT o.id FROM accounts a JOIN role_grants g ON g.account_id = a.id AND "
        "g.role = 'branch_admin' JOIN orgs o ON o.id = g.org_id WHERE a.login = 'demo-branch'");
    if (branch)
      if (auto it = by_id.find(branch->i64(0)); it != by_id.end()) {
        const Unit& u = units[it->second];
        add(u, Type::theme_day, add_days(today, 1), 14 * 60 + 30, u.members, false, "published");
        add(u, Type::general_assembly, add_days(today, 7), 15 * 60, u.members, false, "draft");
      }
    audit::record(
        tx, {std::nullopt, std::nullopt, "cli"},
        {"demo.meetings", "meeting", "history", "/", {{"months", months}, {"meetings", created}}},
        now);
  });
  return created;
}

}  // namespace zhdj::app
