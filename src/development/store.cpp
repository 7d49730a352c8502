#include "development/store.hpp"

#include <algorithm>
#include <charconv>

#include "auth/principal.hpp"

namespace zhdj::development::store {

using nlohmann::json;

namespace {

constexpr const char* kCaseSelect =
    "SELECT c.id, c.member_id, c.university_id, c.rule_version, c.status, c.last_number, "
    "c.leaves_on, c.extension_months, c.conversion_outcome, c.cancel_reason, c.cancelled_on, "
    "c.version, c.created_at, m.name, m.category, m.status, m.org_id, o.name, o.path, "
    "m.birth_date, m.account_id, m.graduation_on "
    "FROM dev_cases c JOIN members m ON m.id = c.member_id JOIN orgs o ON o.id = m.org_id ";

std::optional<Date> opt_date(const db::Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return parse_date(r.str(i));
}

Case case_of(const db::Row& r) {
  Case c;
  c.id = r.i64(0);
  c.member_id = r.i64(1);
  c.university_id = r.i64(2);
  c.rule_version = r.str(3);
  c.status = r.str(4);
  c.last_number = static_cast<int>(r.i64(5));
  c.leaves_on = opt_date(r, 6);
  c.extension_months = static_cast<int>(r.i64(7));
  c.conversion_outcome = r.str(8);
  c.cancel_reason = r.opt_str(9);
  c.cancelled_on = opt_date(r, 10);
  c.version = r.i64(11);
  c.created_at = r.i64(12);
  c.name = r.str(13);
  c.category = r.str(14);
  c.status_of_member = r.opt_str(15).value_or("active");
  c.org_id = r.i64(16);
  c.org_name = r.str(17);
  c.org_path = r.str(18);
  c.birth_date = opt_date(r, 19);
  c.account_id = r.opt_i64(20);
  if (!c.leaves_on) c.leaves_on = opt_date(r, 21);
  return c;
}

// Steps and publicities of `cases`, attached in place (a few queries per 500 cases). Lists read
// thousands of steps and need only the approvals' inputs (their outcome): `all_data` false
// leaves the other steps' data empty rather than parsing every JSON text.
void attach(db::Tx& tx, std::vector<Case>& cases, bool all_data) {
  std::map<std::int64_t, Case*> by_id;
  for (auto& c : cases) by_id[c.id] = &c;
  std::vector<std::int64_t> ids;
  for (auto& c : cases) ids.push_back(c.id);
  for (size_t at = 0; at < ids.size(); at += 500) {
    size_t n = std::min<size_t>(500, ids.size() - at);
    std::string in;
    db::Params params;
    for (size_t i = 0; i < n; ++i) {
      in += i ? ",?" : "?";
      params.push_back(ids[at + i]);
    }
    // Lists read tens of thousands of steps for their dates: without the names, comments and
    // inputs they do not show (the approvals' outcome excepted).
    const std::string columns =
        all_data ? "s.case_id, s.id, s.step, s.number, s.done_on, s.org_id, o.name, s.comments, "
                   "s.late_reason, s.data, s.rule_version, a.name, s.recorded_at, s.superseded "
                   "FROM dev_steps s JOIN orgs o ON o.id = s.org_id JOIN accounts a ON a.id = "
                   "s.recorded_by"
                 : "s.case_id, s.id, s.step, s.number, s.done_on, s.org_id, '', '', "
                   "s.late_reason, CASE WHEN s.step IN ('admission_approval', "
                   "'conversion_approval') THEN s.data ELSE '{}' END, s.rule_version, '', "
                   "s.recorded_at, s.superseded FROM dev_steps s";
    for (const auto& r : tx.query("SELECT " + columns + " WHERE s.case_id IN (" + in +
                                      ") ORDER BY s.case_id, s.number, s.id",
                                  params)) {
      StepRow s;
      s.id = r.i64(1);
      s.step = r.str(2);
      s.number = static_cast<int>(r.i64(3));
      s.done_on = parse_date(r.str(4)).value_or(Date{});
      s.org_id = r.i64(5);
      s.org_name = r.str(6);
      s.comments = r.str(7);
      s.late_reason = r.opt_str(8);
      if (all_data || s.step == "admission_approval" || s.step == "conversion_approval") {
        s.data = json::parse(r.str(9), nullptr, false);
        if (s.data.is_discarded()) s.data = json::object();
      } else {
        s.data = json::object();
      }
      s.rule_version = r.str(10);
      s.recorded_by_name = r.str(11);
      s.recorded_at = r.i64(12);
      s.superseded = r.i64(13) != 0;
      by_id[r.i64(0)]->steps.push_back(std::move(s));
    }
    for (const auto& r :
         tx.query("SELECT case_id, id, step, starts_on, working_days, ends_on, serial, content "
                  "FROM dev_publicities WHERE case_id IN (" +
                      in + ") ORDER BY case_id, id",
                  params)) {
      PublicityRow p{r.i64(1),
                     r.str(2),
                     parse_date(r.str(3)).value_or(Date{}),
                     static_cast<int>(r.i64(4)),
                     parse_date(r.str(5)).value_or(Date{}),
                     r.str(6),
                     r.str(7)};
      by_id[r.i64(0)]->publicities.push_back(std::move(p));
    }
  }
}

}  // namespace

std::int64_t university_of(const std::string& path) {
  // "/1/7/42/" → 1
  std::int64_t id = 0;
  if (path.size() > 1) std::from_chars(path.data() + 1, path.data() + path.size(), id);
  return id;
}

std::optional<Case> load(db::Tx& tx, std::int64_t case_id) {
  auto r = tx.query_one(std::string(kCaseSelect) + "WHERE c.id = ?", {case_id});
  if (!r) return std::nullopt;
  std::vector<Case> one{case_of(*r)};
  attach(tx, one, true);
  return std::move(one.front());
}

void lock(db::Tx& tx, std::int64_t case_id) {
  tx.exec("UPDATE dev_cases SET version = version WHERE id = ?", {case_id});
}

std::vector<Case> load_under(db::Tx& tx, const std::string& path, const std::string& status,
                             const std::string& scope_sql, const db::Params& scope_params) {
  db::Params params{path, auth::path_upper_bound(path)};
  std::string sql = std::string(kCaseSelect) + "WHERE o.path >= ? AND o.path < ?";
  if (!status.empty()) {
    sql += " AND c.status = ?";
    params.push_back(status);
  }
  if (!scope_sql.empty()) {
    sql += " AND (" + scope_sql + ")";
    params.insert(params.end(), scope_params.begin(), scope_params.end());
  }
  sql += " ORDER BY o.path, m.name_sort, c.id";
  std::vector<Case> out;
  for (const auto& r : tx.query(sql, params)) out.push_back(case_of(r));
  attach(tx, out, false);
  return out;
}

std::vector<Case> load_for_member(db::Tx& tx, std::int64_t member_id) {
  std::vector<Case> out;
  for (const auto& r :
       tx.query(std::string(kCaseSelect) + "WHERE c.member_id = ? ORDER BY c.id DESC", {member_id}))
    out.push_back(case_of(r));
  attach(tx, out, true);
  return out;
}

std::vector<ExtraStep> extra_steps(db::Tx& tx, std::int64_t university_id) {
  std::vector<ExtraStep> out;
  for (const auto& r :
       tx.query("SELECT id, name, after_number, publicity_working_days FROM dev_extra_steps "
                "WHERE university_id = ? AND active = 1 ORDER BY after_number, id",
                {university_id}))
    out.push_back({"x" + std::to_string(r.i64(0)), r.str(1),
                   static_cast<Step>(std::clamp<std::int64_t>(r.i64(2), 1, kStepCount)),
                   static_cast<int>(r.i64(3)), r.i64(0)});
  return out;
}

Calendar calendar(db::Tx& tx, std::int64_t university_id) {
  std::set<Date> holidays, workdays;
  for (const auto& r :
       tx.query("SELECT day, kind FROM dev_calendar WHERE university_id = ?", {university_id})) {
    auto d = parse_date(r.str(0));
    if (!d) continue;
    (r.str(1) == "workday" ? workdays : holidays).insert(*d);
  }
  return Calendar(std::move(holidays), std::move(workdays));
}

std::string rule_version(db::Tx& tx, std::int64_t university_id) {
  auto r = tx.query_one("SELECT rule_version FROM dev_settings WHERE university_id = ?",
                        {university_id});
  return r ? r->str(0) : std::string(kDefaultRuleVersion);
}

CaseFacts facts(const Case& c, const std::vector<ExtraStep>& extras) {
  CaseFacts f;
  f.rules = find_rule_set(c.rule_version);
  f.birth_date = c.birth_date;
  f.leaves_on = c.leaves_on;
  f.extra_steps = extras;
  f.extension_months = c.extension_months;
  f.conversion_outcome = c.conversion_outcome;
  f.cancelled = c.status == "cancelled";
  f.completed = c.status == "completed";
  for (const auto& s : c.steps) {
    if (s.superseded) continue;
    if (auto step = parse_step(s.step)) {
      auto [it, fresh] = f.done.emplace(*step, s.done_on);
      if (!fresh && std::chrono::sys_days{it->second} < std::chrono::sys_days{s.done_on})
        it->second = s.done_on;
      if (*step == Step::activist_review) f.activist_reviews.push_back(s.done_on);
      if (*step == Step::probation_review) f.probation_reviews.push_back(s.done_on);
      if (*step == Step::admission_vote) f.admission_vote_on = s.done_on;
    } else {
      f.extra_done[s.step] = s.done_on;
    }
  }
  for (const auto& p : c.publicities) {
    Publicity pub{p.starts_on, p.working_days};
    if (p.step == "target")
      f.target_publicity = pub;
    else
      f.extra_publicities[p.step] = pub;
  }
  return f;
}

}  // namespace zhdj::development::store
