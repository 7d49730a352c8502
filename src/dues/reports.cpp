#include "dues/reports.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "auth/grants.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "common/period.hpp"
#include "dues/messages.hpp"
#include "dues/payments.hpp"
#include "dues/rules.hpp"
#include "dues/store.hpp"
#include "members/directory.hpp"
#include "org/directory.hpp"
#include "xlsx/writer.hpp"

namespace zhdj::dues {

using nlohmann::json;

namespace {

// The sums of a report for one subtree.
struct Totals {
  std::set<std::int64_t> members, in_arrears;
  std::int64_t due = 0, paid = 0;
  std::int64_t special_count = 0, special = 0, extra_count = 0, extra = 0;

  json to_json() const {
    json j = {{"members_billed", members.size()},
              {"collection_rate",
               collection_rate(paid, due) ? json(*collection_rate(paid, due)) : json(nullptr)},
              {"members_in_arrears", in_arrears.size()},
              {"special_count", special_count},
              {"extra_count", extra_count}};
    store::put_money(j, "due", due);
    store::put_money(j, "paid", paid);
    store::put_money(j, "outstanding", due - paid);
    store::put_money(j, "special", special);
    store::put_money(j, "extra", extra);
    return j;
  }
};

Period period_or_this_month(const std::string& key, Date today) {
  if (key.empty()) return period_containing(PeriodKind::month, today);
  auto p = parse_period(key);
  if (!p) throw errors::validation("period", zhdj::msg::kBadPeriod);
  return *p;
}

struct Report {
  org::Org org;
  Period period;
  Totals summary;
  std::vector<std::pair<org::Org, Totals>> children;
};

Report build_report(db::Tx& tx, const auth::Principal& who, std::optional<std::int64_t> org_id,
                    const Period& period, const std::string& current) {
  Report rep{store::scoped_org(tx, who, org_id, "dues.read"), period, {}, {}};
  for (const auto& child : org::directory::children(tx, rep.org.id))
    rep.children.push_back({child.org, {}});
  auto add = [&](const std::string& path, auto&& fn) {
    fn(rep.summary);
    for (auto& [child, totals] : rep.children)
      if (auth::is_under(path, child.path)) fn(totals);
  };
  const std::string upper = auth::path_upper_bound(rep.org.path);
  // Bills of the period where the member was billed, with what has been paid of them.
  for (const auto& r : tx.query(
           "SELECT t.path, t.member_id, SUM(t.amount_fen), SUM(t.paid), MAX(CASE WHEN t.month < ? "
           "AND t.paid < t.amount_fen THEN 1 ELSE 0 END) FROM (SELECT o.path, b.member_id, "
           "b.month, b.amount_fen, (SELECT COALESCE(SUM(a.amount_fen), 0) FROM dues_allocations a "
           "WHERE a.member_id = b.member_id AND a.month = b.month) AS paid FROM orgs o JOIN "
           "dues_bills b ON b.org_id = o.id WHERE o.path >= ? AND o.path < ? AND b.month >= ? AND "
           "b.month <= ?) t GROUP BY t.path, t.member_id",
           {current, rep.org.path, upper, format_year_month(period.first_month()),
            format_year_month(period.last_month())}))
    add(r.str(0), [&](Totals& t) {
      t.members.insert(r.i64(1));
      t.due += r.i64(2);
      t.paid += r.i64(3);
      if (r.i64(4)) t.in_arrears.insert(r.i64(1));
    });
  // Voluntary extra payments made in the period.
  for (const auto& r : tx.query(
           "SELECT o.path, p.special, COUNT(*), SUM(p.amount_fen) FROM orgs o JOIN dues_payments p "
           "ON p.org_id = o.id WHERE o.path >= ? AND o.path < ? AND p.kind = 'extra' AND "
           "p.paid_on >= ? AND p.paid_on <= ? GROUP BY o.path, p.special",
           {rep.org.path, upper, format_date(period.first_day()), format_date(period.last_day())}))
    add(r.str(0), [&](Totals& t) {
      t.extra_count += r.i64(2);
      t.extra += r.i64(3);
      if (r.i64(1)) {
        t.special_count += r.i64(2);
        t.special += r.i64(3);
      }
    });
  return rep;
}

// A party member in good standing with arrears, and their ended bills.
struct MemberLedger {
  members::directory::Person person;
  std::vector<BillState> bills;
};

// Members under `path` with at least `min_unpaid` ended, unpaid bills, with all their ended
// bills (arrears are judged on ended months only).
std::vector<MemberLedger> ledgers_in_arrears(db::Tx& tx, const std::string& path,
                                             const std::string& current, int min_unpaid) {
  const std::string upper = auth::path_upper_bound(path);
  std::vector<MemberLedger> out;
  std::map<std::int64_t, size_t> index;
  std::vector<std::int64_t> ids;
  for (const auto& r : tx.query(
           "SELECT u.member_id, u.month, u.amount_fen, (SELECT COALESCE(SUM(x.amount_fen), 0) "
           "FROM dues_allocations x WHERE x.member_id = u.member_id AND x.month = u.month) FROM "
           "dues_bills u WHERE u.month < ? AND u.member_id IN (SELECT b.member_id FROM orgs o JOIN "
           "members m ON m.org_id = o.id JOIN dues_bills b ON b.member_id = m.id WHERE o.path >= "
           "? AND o.path < ? AND m.status = 'active' AND b.month < ? AND b.amount_fen > (SELECT "
           "COALESCE(SUM(a.amount_fen), 0) FROM dues_allocations a WHERE a.member_id = "
           "b.member_id AND a.month = b.month) GROUP BY b.member_id HAVING COUNT(*) >= ?) ORDER BY "
           "u.member_id, u.month",
           {current, path, upper, current, min_unpaid})) {
    auto [it, added] = index.emplace(r.i64(0), out.size());
    if (added) {
      out.push_back({});
      out.back().person.member_id = r.i64(0);
      ids.push_back(r.i64(0));
    }
    out[it->second].bills.push_back({r.str(1), r.i64(2), r.i64(3)});
  }
  for (auto& p : members::directory::people(tx, ids)) out[index[p.member_id]].person = p;
  return out;
}

}  // namespace

json ReportService::report(const auth::Principal& who, std::optional<std::int64_t> org_id,
                           const std::string& period_key) {
  Period period = period_or_this_month(period_key, dues_.today());
  const std::string current = format_year_month(dues_.this_month());
  return dues_.db().read_result([&](db::Tx& tx) {
    Report rep = build_report(tx, who, org_id, period, current);
    json children = json::array();
    for (const auto& [child, totals] : rep.children) {
      json j = totals.to_json();
      j["id"] = child.id;
      j["name"] = child.name;
      j["kind"] = org::kind_code(child.kind);
      children.push_back(j);
    }
    return json{
        {"org",
         {{"id", rep.org.id}, {"name", rep.org.name}, {"kind", org::kind_code(rep.org.kind)}}},
        {"period",
         {{"key", period.key()},
          {"name", period.name()},
          {"kind", period.kind_code()},
          {"first_month", format_year_month(period.first_month())},
          {"last_month", format_year_month(period.last_month())}}},
        {"month", current},
        {"summary", rep.summary.to_json()},
        {"children", children}};
  });
}

ReportService::File ReportService::export_xlsx(const auth::Principal& who,
                                               std::optional<std::int64_t> org_id,
                                               const std::string& period_key) {
  Period period = period_or_this_month(period_key, dues_.today());
  const std::string current = format_year_month(dues_.this_month());
  const Instant now = dues_.clock().now();
  Report rep = dues_.db().read_result(
      [&](db::Tx& tx) { return build_report(tx, who, org_id, period, current); });
  xlsx::Writer w;
  auto& sheet = w.add_sheet("党费收缴统计", {{"组织", 28},
                                             {"应缴人数", 10},
                                             {"应缴金额(元)", 14},
                                             {"已缴金额(元)", 14},
                                             {"欠缴金额(元)", 14},
                                             {"收缴率", 10},
                                             {"欠缴人数", 10},
                                             {"特殊党费笔数", 12},
                                             {"特殊党费(元)", 14},
                                             {"自愿多交笔数", 12},
                                             {"自愿多交(元)", 14}});
  auto add_row = [&](const std::string& name, const Totals& t) {
    sheet.add_row({name, std::to_string(t.members.size()), format_yuan(t.due), format_yuan(t.paid),
                   format_yuan(t.due - t.paid), collection_rate(t.paid, t.due).value_or("—"),
                   std::to_string(t.in_arrears.size()), std::to_string(t.special_count),
                   format_yuan(t.special), std::to_string(t.extra_count), format_yuan(t.extra)});
  };
  add_row(rep.org.name + "（合计）", rep.summary);
  for (const auto& [child, totals] : rep.children) add_row(child.name, totals);
  std::string title = fmt::format("{} {} 党费收缴统计", rep.org.name, period.name());
  w.set_properties(
      {title, "党费收缴统计", who.name, "", "金额单位：元；收缴率为已缴/应缴，截至导出时"});
  std::string mark = audit::export_mark(who, now);
  w.set_header_footer(mark, mark);
  File file{w.finish(), fmt::format("党费收缴统计-{}-{}.xlsx", rep.org.name, period.key()),
            fmt::format("dues-report-{}.xlsx", period.key())};
  dues_.db().write([&](db::Tx& tx) {
    audit::record(tx, audit::actor_of(who),
                  {"dues.report_export",
                   "org",
                   std::to_string(rep.org.id),
                   rep.org.path,
                   {{"period", period.key()}, {"rows", rep.children.size() + 1}}},
                  now);
  });
  return file;
}

json ReportService::arrears(const auth::Principal& who, std::optional<std::int64_t> org_id) {
  const std::string current = format_year_month(dues_.this_month());
  return dues_.db().read_result([&](db::Tx& tx) {
    auto org = store::scoped_org(tx, who, org_id, "dues.read");
    std::map<std::pair<std::int64_t, std::string>, Instant> flagged;
    for (const auto& r : tx.query(
             "SELECT f.member_id, f.run_start, f.flagged_at FROM orgs o JOIN members m ON "
             "m.org_id = o.id JOIN dues_lapse_flags f ON f.member_id = m.id WHERE o.path >= ? AND "
             "o.path < ?",
             {org.path, auth::path_upper_bound(org.path)}))
      flagged[{r.i64(0), r.str(1)}] = r.i64(2);
    struct Item {
      MemberLedger ledger;
      Arrears arrears;
    };
    std::vector<Item> list;
    for (auto& l : ledgers_in_arrears(tx, org.path, current, 1)) {
      Arrears a = dues::arrears(l.bills, current);
      list.push_back({std::move(l), std::move(a)});
    }
    std::stable_sort(list.begin(), list.end(), [](const Item& a, const Item& b) {
      if (a.arrears.run_months != b.arrears.run_months)
        return a.arrears.run_months > b.arrears.run_months;
      return a.arrears.outstanding_fen > b.arrears.outstanding_fen;
    });
    json items = json::array();
    int lapse_cases = 0;
    for (const auto& [l, a] : list) {
      lapse_cases += a.lapse_case ? 1 : 0;
      if (items.size() >= 1000) continue;
      auto f = flagged.find({l.person.member_id, a.run_start});
      json j = {
          {"member_id", l.person.member_id},
          {"name", l.person.name},
          {"org_id", l.person.org_id},
          {"org_name", l.person.org_name},
          {"unpaid_months", a.unpaid_months},
          {"unpaid_count", a.unpaid_months.size()},
          {"run_months", a.run_months},
          {"run_start", a.run_start.empty() ? json(nullptr) : json(a.run_start)},
          {"lapse_case", a.lapse_case},
          {"flagged_at", f == flagged.end() ? json(nullptr) : json(format_instant(f->second))}};
      store::put_money(j, "outstanding", a.outstanding_fen);
      items.push_back(j);
    }
    return json{{"org", {{"id", org.id}, {"name", org.name}, {"kind", org::kind_code(org.kind)}}},
                {"month", current},
                {"items", items},
                {"total", list.size()},
                {"lapse_cases", lapse_cases}};
  });
}

json ReportService::mine(const auth::Principal& who, const std::string& year_text) {
  if (!who.member_id) throw errors::not_found(zhdj::msg::kNotFound);
  int year = static_cast<int>(dues_.today().year());
  if (!year_text.empty()) {
    if (year_text.size() != 4 || year_text.find_first_not_of("0123456789") != std::string::npos ||
        year_text < "2000")
      throw errors::validation("year", msg::kYear);
    year = std::stoi(year_text);
  }
  const std::string current = format_year_month(dues_.this_month());
  const std::string first = fmt::format("{:04d}-01", year), last = fmt::format("{:04d}-12", year);
  return dues_.db().read_result([&](db::Tx& tx) {
    auto person = store::readable_person(tx, who, *who.member_id);
    std::map<std::string, std::optional<std::int64_t>> relief_of;
    for (const auto& r : tx.query(
             "SELECT month, relief_id FROM dues_bills WHERE member_id = ? AND month >= ? AND month "
             "<= ?",
             {person.member_id, first, last}))
      relief_of[r.str(0)] = r.opt_i64(1);
    auto bills = store::ledger(tx, person.member_id);
    std::map<std::string, BillState> by_month;
    for (const auto& b : bills) by_month[b.month] = b;
    json months = json::array();
    std::int64_t due = 0, paid = 0;
    for (int m = 1; m <= 12; ++m) {
      std::string key = fmt::format("{:04d}-{:02d}", year, m);
      auto it = by_month.find(key);
      BillState b = it == by_month.end() ? BillState{key, 0, 0} : it->second;
      std::string status = it == by_month.end() ? "not_billed" : bill_status(b);
      json j = {{"month", key},
                {"status", status},
                {"status_name", bill_status_name(status)},
                {"ended", key < current},
                {"relief_id",
                 relief_of.count(key) && relief_of[key] ? json(*relief_of[key]) : json(nullptr)}};
      store::put_money(j, "due", b.amount_fen);
      store::put_money(j, "paid", b.paid_fen);
      store::put_money(j, "outstanding", b.outstanding());
      months.push_back(j);
      due += b.amount_fen;
      paid += b.paid_fen;
    }
    std::vector<std::int64_t> ids;
    std::int64_t extra = 0, special = 0;
    for (const auto& r :
         tx.query("SELECT id, kind, special, amount_fen FROM dues_payments WHERE member_id = ? AND "
                  "paid_on >= ? AND paid_on <= ? ORDER BY paid_on DESC, id DESC",
                  {person.member_id, first + "-01", last + "-31"})) {
      ids.push_back(r.i64(0));
      if (r.str(1) == "extra") extra += r.i64(3);
      if (r.i64(2)) special += r.i64(3);
    }
    json totals = json::object();
    store::put_money(totals, "due", due);
    store::put_money(totals, "paid", paid);
    store::put_money(totals, "outstanding", due - paid);
    store::put_money(totals, "extra", extra);
    store::put_money(totals, "special", special);
    Arrears a = dues::arrears(bills, current);
    json owed = {{"unpaid_months", a.unpaid_months},
                 {"run_months", a.run_months},
                 {"lapse_case", a.lapse_case}};
    store::put_money(owed, "outstanding", a.outstanding_fen);
    return json{{"member_id", person.member_id},
                {"member_name", person.name},
                {"year", year},
                {"months", months},
                {"payments", PaymentService::payments_json(tx, ids)},
                {"totals", totals},
                {"arrears", owed}};
  });
}

int ReportService::flag_lapses() {
  const std::string current = format_year_month(dues_.this_month());
  struct Case {
    members::directory::Person person;
    Arrears arrears;
  };
  // Read first: most runs of the whole tree were notified long ago.
  auto cases = dues_.db().read_result([&](db::Tx& tx) {
    std::vector<Case> out;
    for (auto& l : ledgers_in_arrears(tx, "/", current, kLapseMonths)) {
      Arrears a = dues::arrears(l.bills, current);
      if (a.lapse_case &&
          !tx.query_one("SELECT 1 FROM dues_lapse_flags WHERE member_id = ? AND run_start = ?",
                        {l.person.member_id, a.run_start}))
        out.push_back({std::move(l.person), std::move(a)});
    }
    return out;
  });
  if (cases.empty()) return 0;
  const Instant now = dues_.clock().now();
  return dues_.db().write_result([&](db::Tx& tx) {
    int sent = 0;
    for (const auto& c : cases) {
      auto claimed = tx.query(
          "INSERT INTO dues_lapse_flags (member_id, run_start, flagged_at) VALUES (?, ?, ?) ON "
          "CONFLICT DO NOTHING RETURNING member_id",
          {c.person.member_id, c.arrears.run_start, now});
      if (claimed.empty()) continue;
      audit::record(tx, {},
                    {"dues.lapse_flag",
                     "member",
                     std::to_string(c.person.member_id),
                     c.person.org_path,
                     {{"run_start", c.arrears.run_start},
                      {"run_months", c.arrears.run_months},
                      {"outstanding_fen", c.arrears.outstanding_fen}}},
                    now);
      dues_.notices().send(
          tx,
          auth::administrators_of(tx, "dues.manage", store::branch_path_of(tx, c.person.org_path),
                                  3),
          {"dues.lapse", fmt::format(fmt::runtime(msg::kNoticeLapse), c.person.name),
           fmt::format(fmt::runtime(msg::kNoticeLapseBody), c.arrears.run_start,
                       c.arrears.run_months, format_yuan(c.arrears.outstanding_fen)),
           fmt::format("/dues/arrears?org_id={}", c.person.org_id)});
      ++sent;
    }
    return sent;
  });
}

}  // namespace zhdj::dues
