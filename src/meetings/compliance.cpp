#include "meetings/compliance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "audit/audit.hpp"
#include "auth/grants.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "members/directory.hpp"

namespace zhdj::meetings {

using nlohmann::json;

namespace {

constexpr const char* kWarningTitle = "组织生活提醒：{}{}尚未开展";
constexpr const char* kWarningBody = "本期将于 {} 结束，请及时召开并填写会议记录、完成签到。";
constexpr size_t kMissedListed = 200;

bool judged_kind(org::Kind k) {
  return k == org::Kind::branch || k == org::Kind::party_group;
}

json obligation_json(const Obligation& o) {
  return {{"type", type_info(o.type).code},
          {"type_name", type_info(o.type).name},
          {"frequency", frequency_code(o.frequency)},
          {"frequency_name", frequency_name(o.frequency)},
          {"period_key", o.period.key()},
          {"period_name", o.period.name()},
          {"held", o.held},
          {"required", o.required},
          {"status", status_code(o.status)}};
}

json rate(int present, int expected) {
  if (expected <= 0) return nullptr;
  return static_cast<double>(present * 1000 / expected) / 1000.0;
}

}  // namespace

std::vector<ComplianceService::Judged> ComplianceService::evaluate_subtree(
    db::Tx& tx, const std::string& path, const Period& report, Date today, const Policy& policy,
    const std::string& time_zone) {
  auto nodes = org::directory::subtree(tx, path);
  std::map<std::int64_t, size_t> index;
  for (size_t i = 0; i < nodes.size(); ++i) index[nodes[i].org.id] = i;
  // The judged org a person or meeting belongs to: a 党小组 is judged itself; anything else
  // rolls into the nearest 党支部 at or above it.
  auto branch_of = [&](std::int64_t org_id) -> std::optional<std::int64_t> {
    for (auto it = index.find(org_id); it != index.end();) {
      const auto& o = nodes[it->second].org;
      if (o.kind == org::Kind::branch) return o.id;
      if (!o.parent_id) break;
      it = index.find(*o.parent_id);
    }
    return std::nullopt;
  };

  std::map<std::int64_t, OrgFacts> facts;
  for (const auto& n : nodes)
    if (judged_kind(n.org.kind)) {
      OrgFacts f;
      f.id = n.org.id;
      f.party_group = n.org.kind == org::Kind::party_group;
      f.active_from = civil_date(n.created_at, time_zone);
      facts[n.org.id] = f;
    }
  for (const auto& [org_id, member] : members::directory::party_members_by_org(tx, path)) {
    if (auto it = facts.find(org_id); it != facts.end() && it->second.party_group)
      ++it->second.party_members;
    if (auto b = branch_of(org_id)) {
      ++facts[*b].party_members;
      facts[*b].members.push_back(member);
    }
  }
  for (auto& [org_id, committee] : org::directory::committees_under(tx, path))
    if (auto it = facts.find(org_id); it != facts.end() && !it->second.party_group) {
      it->second.has_committee = !committee.empty();
      it->second.committee_members = committee;
    }

  // Held meetings of the report's year: obligations coarser than the report (a quarter seen
  // from a month, the year's talks) look beyond it. Orgs first (CROSS JOIN fixes the order on
  // SQLite): the path range picks the subtree and meetings_org_held covers the rest.
  std::string first = fmt::format("{:04d}-01-01", report.year);
  std::string last = fmt::format("{:04d}-12-31", report.year);
  db::Params range{first, last, path, auth::path_upper_bound(path)};
  std::map<std::int64_t, std::vector<HeldMeeting>> held;
  for (const auto& r :
       tx.query("SELECT m.org_id, m.type, m.start_date, m.expected_count, m.present_count, "
                "m.leave_count FROM orgs o CROSS JOIN meetings m WHERE m.org_id = o.id AND "
                "m.held = 1 AND m.start_date >= ? AND m.start_date <= ? AND o.path >= ? AND "
                "o.path < ?",
                range)) {
    auto type = parse_type(r.str(1));
    auto date = parse_date(r.str(2));
    if (!type || !date) continue;
    HeldMeeting h{*type, *date, static_cast<int>(r.i64(3)), static_cast<int>(r.i64(4)),
                  static_cast<int>(r.i64(5))};
    std::int64_t org_id = r.i64(0);
    if (facts.count(org_id) && facts[org_id].party_group) {
      held[org_id].push_back(h);
    } else if (auto b = branch_of(org_id)) {
      held[*b].push_back(h);
    }
  }
  // 谈心谈话 pairs held in the year, by branch.
  std::map<std::int64_t, std::vector<std::int64_t>> talk_people;
  std::map<std::int64_t, std::int64_t> talk_org;
  for (const auto& r :
       tx.query("SELECT m.id, m.org_id, a.member_id FROM orgs o CROSS JOIN meetings m "
                "JOIN meeting_attendees a ON a.meeting_id = m.id WHERE m.org_id = o.id AND "
                "m.held = 1 AND m.type = 'talk' AND m.start_date >= ? AND m.start_date <= ? AND "
                "o.path >= ? AND o.path < ?",
                range)) {
    talk_people[r.i64(0)].push_back(r.i64(2));
    talk_org[r.i64(0)] = r.i64(1);
  }
  for (const auto& [meeting, people] : talk_people)
    if (people.size() == 2)
      if (auto b = branch_of(talk_org[meeting]))
        facts[*b].talk_pairs_held.insert(
            {std::min(people[0], people[1]), std::max(people[0], people[1])});

  std::vector<Judged> out;
  for (const auto& n : nodes) {
    auto it = facts.find(n.org.id);
    if (it == facts.end()) continue;
    out.push_back({n, evaluate(it->second, held[n.org.id], policy, report, today)});
  }
  return out;
}

json ComplianceService::report(const auth::Principal& who, std::optional<std::int64_t> org_id,
                               const std::string& period_key) {
  Date today = meetings_.today();
  Period period = period_containing(PeriodKind::month, today);
  if (!period_key.empty()) {
    auto p = parse_period(period_key);
    if (!p) throw errors::validation("period", zhdj::msg::kBadPeriod);
    period = *p;
  }
  return meetings_.db().read_result([&](db::Tx& tx) {
    std::optional<org::directory::Node> org;
    std::optional<std::string> own_path;  // a member's own org
    if (who.member_id)
      if (auto me = members::directory::person(tx, *who.member_id)) own_path = me->org_path;
    if (org_id) {
      org = org::directory::find(tx, *org_id);
    } else if (auto scope = who.scope("meetings.read"); !scope.empty()) {
      auto r = tx.query_one("SELECT id FROM orgs WHERE path = ?", {scope.front()});
      if (r) org = org::directory::find(tx, r->i64(0));
    } else if (who.member_id) {
      auto me = members::directory::person(tx, *who.member_id);
      if (me) org = org::directory::find(tx, me->org_id);
      // A member registered in a 党小组 sees their branch.
      if (org && org->org.kind == org::Kind::party_group && org->org.parent_id)
        org = org::directory::find(tx, *org->org.parent_id);
    }
    if (!org) throw errors::not_found(zhdj::msg::kNotFound);
    bool allowed =
        who.can("meetings.read", org->org.path) ||
        (own_path && judged_kind(org->org.kind) && auth::is_under(*own_path, org->org.path));
    if (!allowed) throw errors::not_found(zhdj::msg::kNotFound);

    Policy policy = meetings_.policy(tx, university_of(org->org.path));
    auto judged =
        evaluate_subtree(tx, org->org.path, period, today, policy, meetings_.settings().time_zone);

    struct Tally {
      int orgs = 0, obligations = 0, met = 0, missed = 0, open = 0;
      int meetings_held = 0, expected = 0, present = 0, leave = 0;
      void add(const OrgCompliance& c) {
        if (!c.obligations.empty()) ++orgs;
        obligations += static_cast<int>(c.obligations.size());
        met += c.met();
        missed += c.missed();
        open += c.open();
        meetings_held += c.meetings_held;
        expected += c.expected;
        present += c.present;
        leave += c.leave;
      }
    };
    Tally total;
    struct TypeTally {
      int required = 0, met = 0, missed = 0, open = 0;
    };
    std::map<Type, TypeTally> by_type;
    json missed = json::array();
    int missed_total = 0;
    for (const auto& j : judged) {
      total.add(j.compliance);
      std::map<Type, std::vector<Status>> statuses;
      for (const auto& o : j.compliance.obligations) {
        statuses[o.type].push_back(o.status);
        if (o.status == Status::missed) {
          ++missed_total;
          if (missed.size() < kMissedListed)
            missed.push_back({{"org_id", j.node.org.id},
                              {"org_name", j.node.org.name},
                              {"type", type_info(o.type).code},
                              {"type_name", type_info(o.type).name},
                              {"period_key", o.period.key()},
                              {"period_name", o.period.name()}});
        }
      }
      for (const auto& [type, list] : statuses) {
        auto& t = by_type[type];
        ++t.required;
        bool any_missed = std::count(list.begin(), list.end(), Status::missed) > 0;
        bool any_open = std::count(list.begin(), list.end(), Status::open) > 0;
        if (any_missed)
          ++t.missed;
        else if (any_open)
          ++t.open;
        else
          ++t.met;
      }
    }
    json types = json::array();
    for (const auto& [type, t] : by_type)
      types.push_back({{"type", type_info(type).code},
                       {"type_name", type_info(type).name},
                       {"frequency", frequency_code(policy.of(type))},
                       {"frequency_name", frequency_name(policy.of(type))},
                       {"orgs_required", t.required},
                       {"orgs_met", t.met},
                       {"orgs_missed", t.missed},
                       {"orgs_open", t.open}});
    // Per direct child subtree, for the charts.
    json children = json::array();
    for (const auto& n : org::directory::children(tx, org->org.id)) {
      Tally t;
      for (const auto& j : judged)
        if (auth::is_under(j.node.org.path, n.org.path)) t.add(j.compliance);
      if (t.orgs == 0 && t.meetings_held == 0) continue;
      children.push_back({{"id", n.org.id},
                          {"name", n.org.name},
                          {"kind", org::kind_code(n.org.kind)},
                          {"orgs", t.orgs},
                          {"obligations", t.obligations},
                          {"met", t.met},
                          {"missed", t.missed},
                          {"open", t.open},
                          {"attendance_rate", rate(t.present, t.expected)}});
    }
    json own = nullptr;
    for (const auto& j : judged)
      if (j.node.org.id == org->org.id) {
        json list = json::array();
        for (const auto& o : j.compliance.obligations) list.push_back(obligation_json(o));
        own = {{"obligations", list}};
      }
    return json{
        {"org",
         {{"id", org->org.id}, {"name", org->org.name}, {"kind", org::kind_code(org->org.kind)}}},
        {"period",
         {{"key", period.key()},
          {"name", period.name()},
          {"kind", period.kind_code()},
          {"first_day", format_date(period.first_day())},
          {"last_day", format_date(period.last_day())}}},
        {"today", format_date(today)},
        {"summary",
         {{"orgs", total.orgs},
          {"obligations", total.obligations},
          {"met", total.met},
          {"missed", total.missed},
          {"open", total.open},
          {"meetings_held", total.meetings_held},
          {"expected", total.expected},
          {"present", total.present},
          {"leave", total.leave},
          {"attendance_rate", rate(total.present, total.expected)}}},
        {"by_type", types},
        {"children", children},
        {"missed", missed},
        {"missed_total", missed_total},
        {"own", own}};
  });
}

int ComplianceService::send_warnings() {
  Date today = meetings_.today();
  Instant now = meetings_.clock().now();
  Period month = period_containing(PeriodKind::month, today);
  int sent = 0;
  meetings_.db().write([&](db::Tx& tx) {
    for (const auto& root : tx.query("SELECT id, path FROM orgs WHERE parent_id IS NULL")) {
      Policy policy = meetings_.policy(tx, root.i64(0));
      for (const auto& j : evaluate_subtree(tx, root.str(1), month, today, policy,
                                            meetings_.settings().time_zone)) {
        for (const auto& o : due_soon(j.compliance, today, meetings_.settings().warning_days)) {
          auto claimed = tx.query(
              "INSERT INTO compliance_warnings (org_id, type, period_key, sent_at) VALUES "
              "(?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING org_id",
              {j.node.org.id, type_info(o.type).code, o.period.key(), now});
          if (claimed.empty()) continue;
          auto admins = auth::administrators_of(tx, "meetings.manage", j.node.org.path, 3);
          meetings_.notices().send(
              tx, admins,
              {"meeting.compliance",
               fmt::format(fmt::runtime(kWarningTitle), o.period.name(), type_info(o.type).name),
               fmt::format(fmt::runtime(kWarningBody), format_date(o.period.last_day())),
               fmt::format("/meetings/compliance?org_id={}&period={}", j.node.org.id,
                           o.period.key())});
          ++sent;
        }
      }
    }
  });
  return sent;
}

}  // namespace zhdj::meetings
