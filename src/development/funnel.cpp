// The development funnel of an org subtree for a year: who entered each stage, how long the
// stages took, what was recorded late and what is overdue now. Computed from the steps when read.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "auth/principal.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "development/messages.hpp"
#include "development/service.hpp"
#include "development/store.hpp"
#include "org/directory.hpp"
#include "xlsx/writer.hpp"

namespace zhdj::development {

using nlohmann::json;

namespace {

// The stages a person enters, in order, and the step that marks entering it.
struct Entry {
  const char* key;
  const char* name;
  const char* step;
};
constexpr Entry kEntries[] = {
    {"applicants", "递交入党申请", "application"},
    {"activists", "确定为入党积极分子", "activist"},
    {"targets", "确定为发展对象", "target"},
    {"probationary", "接收为预备党员", "admission_approval"},
    {"full", "转为正式党员", "conversion_approval"},
};

// Durations between two steps, reported when the later one falls in the year.
struct Span {
  const char* key;
  const char* name;
  const char* from;
  const char* to;
};
constexpr Span kSpans[] = {
    {"application_to_activist", "申请入党→确定积极分子", "application", "activist"},
    {"activist_to_target", "积极分子→发展对象", "activist", "target"},
    {"target_to_vote", "发展对象→支部大会讨论", "target", "admission_vote"},
    {"vote_to_approval", "支部大会→上级党委审批", "admission_vote", "admission_approval"},
    {"vote_to_full", "支部大会→转为正式党员", "admission_vote", "conversion_approval"},
};

struct Counts {
  std::map<std::string, int> entered;
  int late = 0;
  int overdue = 0;
};

int median(std::vector<int> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool entered_by(const store::StepRow& s, const char* step) {
  if (s.step != step || s.superseded) return false;
  // Only approvals that admitted or converted count.
  if (s.step == "admission_approval") return s.data.value("outcome", "") == "approve";
  if (s.step == "conversion_approval") return s.data.value("outcome", "convert") == "convert";
  return true;
}

struct Report {
  int year = 0;
  org::Org root;
  Counts total;
  std::vector<std::pair<org::Org, Counts>> children;
  std::map<std::string, std::vector<int>> spans;
};

Report build(db::Tx& tx, const auth::Principal& who, std::optional<std::int64_t> org_id, int year,
             Date today) {
  Report out;
  out.year = year;
  if (org_id) {
    auto n = org::directory::find(tx, *org_id);
    if (!n || !who.can("development.read", n->org.path))
      throw errors::not_found(zhdj::msg::kNotFound);
    out.root = n->org;
  } else {
    auto scope = who.scope("development.read");
    if (scope.empty()) throw errors::not_found(zhdj::msg::kNotFound);
    auto n = org::directory::find(tx, store::university_of(scope.front()));
    if (!n) throw errors::not_found(zhdj::msg::kNotFound);
    // The top of the caller's scope: the university for its admins, else their own org.
    out.root = n->org;
    if (!who.can("development.read", n->org.path)) {
      for (const auto& g : who.grants)
        if (g.has("development.read")) {
          if (auto m = org::directory::find(tx, g.org_id)) out.root = m->org;
          break;
        }
    }
  }
  for (const auto& ch : org::directory::children(tx, out.root.id))
    out.children.push_back({ch.org, {}});
  auto scope = auth::scope_filter(who, "development.read", "o.path");
  auto cases = store::load_under(tx, out.root.path, "", scope.sql, scope.params);
  std::map<std::int64_t, std::pair<std::vector<ExtraStep>, Calendar>> uni;
  auto in_year = [&](Date d) { return static_cast<int>(d.year()) == year; };
  for (const auto& c : cases) {
    std::vector<Counts*> sinks{&out.total};
    for (auto& [o, counts] : out.children)
      if (auth::is_under(c.org_path, o.path)) sinks.push_back(&counts);
    std::map<std::string, Date> first;
    for (const auto& s : c.steps) {
      if (s.superseded) continue;
      first.emplace(s.step, s.done_on);
      if (!in_year(s.done_on)) continue;
      for (const auto& e : kEntries)
        if (entered_by(s, e.step))
          for (auto* k : sinks) ++k->entered[e.key];
      if (s.late_reason)
        for (auto* k : sinks) ++k->late;
    }
    for (const auto& sp : kSpans) {
      auto a = first.find(sp.from), b = first.find(sp.to);
      if (a != first.end() && b != first.end() && in_year(b->second))
        out.spans[sp.key].push_back(days_between(a->second, b->second));
    }
    if (c.status == "active") {
      if (!uni.contains(c.university_id))
        uni[c.university_id] = {store::extra_steps(tx, c.university_id),
                                store::calendar(tx, c.university_id)};
      const auto& [extras, cal] = uni[c.university_id];
      for (const auto& d : dues(store::facts(c, extras), today, cal))
        if (d.overdue)
          for (auto* k : sinks) ++k->overdue;
    }
  }
  return out;
}

json counts_json(const Counts& c) {
  json out = json::object();
  for (const auto& e : kEntries) {
    auto it = c.entered.find(e.key);
    out[e.key] = it == c.entered.end() ? 0 : it->second;
  }
  out["late"] = c.late;
  out["overdue"] = c.overdue;
  return out;
}

std::int64_t year_of(std::optional<std::int64_t> year, Date today) {
  std::int64_t y = year.value_or(static_cast<int>(today.year()));
  if (y < 2000 || y > 2100) throw errors::validation("year", msg::kYear);
  return y;
}

}  // namespace

json Service::funnel(const auth::Principal& who, std::optional<std::int64_t> org_id,
                     std::optional<std::int64_t> year) {
  const Date today = this->today();
  int y = static_cast<int>(year_of(year, today));
  Report r = db_.read_result([&](db::Tx& tx) { return build(tx, who, org_id, y, today); });
  json stages = json::array();
  for (const auto& e : kEntries) stages.push_back({{"key", e.key}, {"name", e.name}});
  json spans = json::array();
  for (const auto& sp : kSpans) {
    const auto& v = r.spans[sp.key];
    spans.push_back({{"key", sp.key},
                     {"name", sp.name},
                     {"count", v.size()},
                     {"median_days", v.empty() ? json(nullptr) : json(median(v))}});
  }
  json children = json::array();
  for (const auto& [o, c] : r.children)
    children.push_back({{"org_id", o.id},
                        {"org_name", o.name},
                        {"kind", org::kind_code(o.kind)},
                        {"counts", counts_json(c)}});
  return {{"year", y},
          {"org_id", r.root.id},
          {"org_name", r.root.name},
          {"stages", stages},
          {"counts", counts_json(r.total)},
          {"durations", spans},
          {"children", children}};
}

std::string Service::funnel_xlsx(const auth::Principal& who, std::optional<std::int64_t> org_id,
                                 std::optional<std::int64_t> year) {
  json f = funnel(who, org_id, year);
  xlsx::Writer w;
  auto& summary = w.add_sheet("汇总", {{"项目", 28}, {"人数/天数", 14}});
  for (const auto& e : kEntries)
    summary.add_row({e.name, std::to_string(f["counts"][e.key].get<int>())});
  summary.add_row({"逾期办理的步骤", std::to_string(f["counts"]["late"].get<int>())});
  summary.add_row({"当前逾期事项", std::to_string(f["counts"]["overdue"].get<int>())});
  for (const auto& d : f["durations"])
    summary.add_row(
        {d["name"].get<std::string>() + "（中位天数）",
         d["median_days"].is_null() ? "—" : std::to_string(d["median_days"].get<int>())});
  std::vector<xlsx::Column> cols{{"组织", 28}};
  for (const auto& e : kEntries) cols.push_back({e.name, 16});
  cols.push_back({"逾期办理", 10});
  cols.push_back({"当前逾期", 10});
  auto& per = w.add_sheet("各组织", cols);
  for (const auto& ch : f["children"]) {
    std::vector<std::string> row{ch["org_name"].get<std::string>()};
    for (const auto& e : kEntries) row.push_back(std::to_string(ch["counts"][e.key].get<int>()));
    row.push_back(std::to_string(ch["counts"]["late"].get<int>()));
    row.push_back(std::to_string(ch["counts"]["overdue"].get<int>()));
    per.add_row(row);
  }
  return w.finish();
}

}  // namespace zhdj::development
