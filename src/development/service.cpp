#include "development/service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "auth/grants.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "common/text.hpp"
#include "development/messages.hpp"
#include "development/rules.hpp"
#include "development/store.hpp"
#include "http/api.hpp"
#include "meetings/votes.hpp"
#include "members/codes.hpp"
#include "members/directory.hpp"
#include "members/store.hpp"
#include "org/directory.hpp"

namespace zhdj::development {

using audit::actor_of;
using nlohmann::json;
namespace input = http::input;

namespace {

// The longest step code: "conversion_application" (22); extra steps are "x<id>".
constexpr size_t kStepCodeMax = 40;

json opt(const std::optional<Date>& d) {
  return d ? json(format_date(*d)) : json(nullptr);
}

json verdict_json(const Verdict& v) {
  const char* kind = v.kind == Verdict::Kind::allowed ? "allowed"
                     : v.kind == Verdict::Kind::late  ? "late"
                                                      : "refused";
  return {{"kind", kind},
          {"message", v.message},
          {"field", v.field},
          {"earliest", opt(v.earliest)},
          {"latest", opt(v.latest)}};
}

json due_json(const Due& d) {
  return {{"kind", d.kind},       {"step", d.code},      {"number", step_info(d.step).number},
          {"title", d.title},     {"from", opt(d.from)}, {"due_on", opt(d.due_on)},
          {"overdue", d.overdue}, {"hard", d.hard}};
}

const char* status_name(const std::string& s) {
  if (s == "active") return "进行中";
  if (s == "completed") return "已完成";
  return "已终止";
}

// The current stage of a case: the stage of the next standard step not yet done (the last
// stage once everything is done).
Stage current_stage(const CaseFacts& f) {
  for (const auto& i : all_steps())
    if (!i.repeatable && !f.done.contains(i.step)) {
      // Until named a development target (7) the person is an activist in training (6, a
      // repeatable step): still stage 2, not the stage of step 7.
      if (i.step == Step::target && f.done.contains(Step::activist)) return Stage::activist;
      return i.stage;
    }
  return Stage::probation;
}

// The org ids on a path, root first: "/1/7/42/" → 1, 7, 42.
std::vector<std::int64_t> path_ids(const std::string& path) {
  std::vector<std::int64_t> out;
  std::int64_t v = 0;
  bool any = false;
  for (char ch : path) {
    if (ch >= '0' && ch <= '9') {
      v = v * 10 + (ch - '0');
      any = true;
    } else if (any) {
      out.push_back(v);
      v = 0;
      any = false;
    }
  }
  return out;
}

// The org that records a step of `actor` for a person at `person_path`: the one asked for, when
// it qualifies, or the nearest that does. Throws a 400/409 naming the rule otherwise.
org::Org acting_org(db::Tx& tx, Actor actor, const std::string& person_path,
                    std::optional<std::int64_t> asked) {
  std::vector<org::Org> chain;  // nearest ancestor first
  auto ids = path_ids(person_path);
  for (auto it = ids.rbegin(); it != ids.rend(); ++it)
    if (auto n = org::directory::find(tx, *it)) chain.push_back(n->org);
  auto is_committee = [](const org::Org& o) {
    return o.kind == org::Kind::university_committee || o.kind == org::Kind::college_committee;
  };
  auto approves = [](const org::Org& o) {
    return o.kind == org::Kind::university_committee ||
           (o.kind == org::Kind::college_committee && o.approval_delegated);
  };
  if (actor == Actor::branch) {
    for (const auto& o : chain)
      if (o.kind == org::Kind::branch) return o;
    return chain.front();
  }
  if (asked) {
    auto it =
        std::find_if(chain.begin(), chain.end(), [&](const org::Org& o) { return o.id == *asked; });
    if (it == chain.end()) throw errors::validation("org_id", msg::kOrgNotAncestor);
    if (it->kind == org::Kind::general_branch)
      throw errors::conflict(msg::kGeneralBranchOnly, "org_id");
    if (!is_committee(*it)) throw errors::validation("org_id", msg::kOrgNotAncestor);
    if (actor == Actor::approver && !approves(*it))
      throw errors::conflict(msg::kNotDelegated, "org_id");
    if (actor == Actor::org_department && it->kind != org::Kind::university_committee)
      throw errors::validation("org_id", msg::kOrgDepartmentOnly);
    return *it;
  }
  for (const auto& o : chain) {
    if (actor == Actor::higher && is_committee(o)) return o;
    if (actor == Actor::approver && approves(o)) return o;
    if (actor == Actor::org_department && o.kind == org::Kind::university_committee) return o;
  }
  throw errors::conflict(msg::kNoHigher, "org_id");
}

std::vector<std::int64_t> id_list(const json& b, const char* field, size_t max,
                                  const char* message = msg::kPeopleList) {
  if (!b.contains(field) || !b[field].is_array() || b[field].size() > max)
    throw errors::validation(field, message);
  std::vector<std::int64_t> out;
  for (const auto& v : b[field]) {
    if (!v.is_number_integer()) throw errors::validation(field, message);
    out.push_back(v.get<std::int64_t>());
  }
  return out;
}

// Attaches materials to a step: files the caller uploaded, or already attached to a step of
// the same case (a file belongs to its uploader until attached, as for meeting minutes); each
// once.
void attach_files(db::Tx& tx, std::int64_t case_id, std::int64_t step_id,
                  const std::vector<std::int64_t>& ids, std::int64_t account_id) {
  std::set<std::int64_t> seen;
  for (auto f : ids) {
    if (!seen.insert(f).second) continue;
    if (!tx.query_one("SELECT 1 FROM files f WHERE f.id = ? AND (f.uploaded_by = ? OR EXISTS "
                      "(SELECT 1 FROM dev_step_files sf JOIN dev_steps s ON s.id = sf.step_id "
                      "WHERE sf.file_id = f.id AND s.case_id = ?))",
                      {f, account_id, case_id}))
      throw errors::validation("files", fmt::format(fmt::runtime(msg::kFileUnknown), f));
    tx.exec("INSERT INTO dev_step_files (step_id, file_id) VALUES (?, ?)", {step_id, f});
  }
}

std::vector<PersonFacts> person_facts(db::Tx& tx, const std::vector<std::int64_t>& ids,
                                      const char* field) {
  std::vector<PersonFacts> out;
  for (auto id : ids) {
    auto p = members::directory::person(tx, id);
    if (!p) throw errors::validation(field, msg::kPersonUnknown);
    out.push_back({p->member_id, p->name, p->category, p->status, p->watch_until});
  }
  return out;
}

int optional_count(const json& b, const char* field) {
  if (!b.contains(field) || b[field].is_null()) return 0;
  if (!b[field].is_number_integer()) throw errors::validation(field, "应为整数");
  auto v = b[field].get<std::int64_t>();
  if (v < -1 || v > 100000) return -1;
  return static_cast<int>(v);
}

std::string required_text(const json& b, const char* field, const char* message, size_t max) {
  auto v = input::optional_string(b, field, max);
  if (!v || v->empty()) throw errors::validation(field, message);
  return *v;
}

// Throws the refusal of a verdict as a 409 whose field and dates the client can show.
[[noreturn]] void refuse(const Verdict& v) {
  throw errors::conflict(v.message, v.field.empty() ? "step" : v.field);
}

// The case `case_id`, locked for the rest of this write, which the caller manages (404 when they
// may not see it, 403 when they see it but may not act).
store::Case managed_case(db::Tx& tx, const auth::Principal& who, std::int64_t case_id) {
  store::lock(tx, case_id);
  auto c = store::load(tx, case_id);
  if (!c || !who.can("development.read", c->org_path))
    throw errors::not_found(zhdj::msg::kNotFound);
  who.require("development.manage", c->org_path);
  return std::move(*c);
}

json step_json(const store::StepRow& s, const std::vector<json>& files) {
  json out{{"id", s.id},
           {"step", s.step},
           {"number", s.number},
           {"done_on", format_date(s.done_on)},
           {"org_id", s.org_id},
           {"org_name", s.org_name},
           {"comments", s.comments},
           {"late_reason", s.late_reason ? json(*s.late_reason) : json(nullptr)},
           {"data", s.data},
           {"rule_version", s.rule_version},
           {"recorded_by_name", s.recorded_by_name},
           {"recorded_at", format_instant(s.recorded_at)},
           {"superseded", s.superseded},
           {"files", files}};
  if (auto st = parse_step(s.step)) {
    out["name"] = step_info(*st).name;
    out["stage"] = stage_code(stage_of(*st));
  }
  return out;
}

// The path of the caller's own university: that of their first grant with development.read,
// else of their member record; nullopt for neither.
std::optional<std::string> home_university(db::Tx& tx, const auth::Principal& who) {
  std::string path;
  for (const auto& g : who.grants)
    if (g.has("development.read")) {
      path = g.org_path;
      break;
    }
  if (path.empty() && who.member_id)
    if (auto p = members::directory::person(tx, *who.member_id)) path = p->org_path;
  if (path.empty()) return std::nullopt;
  return "/" + std::to_string(store::university_of(path)) + "/";
}

// The university whose settings a call reads or changes: `chosen` (an org id that must be a
// university committee, the root of its tree) or else the caller's own. Only people of that
// university see it (404 for anyone else); changing needs development.approve at its root
// (403 for its other people, college and branch administrators among them).
std::pair<std::int64_t, std::string> university(db::Tx& tx, const auth::Principal& who,
                                                std::optional<std::int64_t> chosen, bool manage) {
  std::optional<std::int64_t> id = chosen;
  if (!id)
    if (auto home = home_university(tx, who)) id = store::university_of(*home);
  auto n = id ? org::directory::find(tx, *id) : std::nullopt;
  if (!n) throw errors::not_found(zhdj::msg::kNotFound);
  bool belongs = std::any_of(who.grants.begin(), who.grants.end(), [&](const auth::Grant& g) {
    return auth::is_under(g.org_path, n->org.path);
  });
  if (!belongs && who.member_id)
    if (auto p = members::directory::person(tx, *who.member_id))
      belongs = auth::is_under(p->org_path, n->org.path);
  if (!belongs) throw errors::not_found(zhdj::msg::kNotFound);
  if (n->org.parent_id) throw errors::validation("org_id", msg::kNotUniversity);
  if (manage && !who.can("development.approve", n->org.path))
    throw errors::forbidden(zhdj::msg::kForbidden);
  return {n->org.id, n->org.path};
}

}  // namespace

// ---- Catalogue ---------------------------------------------------------------------------

json Service::catalogue(const auth::Principal& who, std::optional<std::int64_t> org_id) {
  json steps = json::array();
  for (const auto& i : all_steps())
    steps.push_back({{"step", i.code},
                     {"number", i.number},
                     {"name", i.name},
                     {"stage", stage_code(i.stage)},
                     {"stage_name", stage_name(i.stage)},
                     {"repeatable", i.repeatable},
                     {"actor", i.actor == Actor::branch     ? "branch"
                               : i.actor == Actor::higher   ? "higher"
                               : i.actor == Actor::approver ? "approver"
                                                            : "org_department"}});
  json stages = json::array();
  for (int s = 1; s <= 5; ++s)
    stages.push_back({{"stage", stage_code(static_cast<Stage>(s))},
                      {"name", stage_name(static_cast<Stage>(s))}});
  json sets = json::array();
  for (const auto& r : rule_sets())
    sets.push_back({{"version", r.version},
                    {"title", r.title},
                    {"target_publicity_working_days", r.target_publicity_working_days},
                    {"secret_admission_vote", r.secret_admission_vote}});
  json archive = json::array();
  for (const auto& a : archive_items()) archive.push_back({{"code", a.code}, {"name", a.name}});
  json extras = json::array();
  std::string version(kDefaultRuleVersion);
  db_.read([&](db::Tx& tx) {
    // Someone of no university (no grant, no member record) sees the standard catalogue.
    if (!org_id && !home_university(tx, who)) return;
    auto [uni, path] = university(tx, who, org_id, false);
    version = store::rule_version(tx, uni);
    for (const auto& x : store::extra_steps(tx, uni))
      extras.push_back({{"id", x.id},
                        {"step", x.code},
                        {"name", x.name},
                        {"after", step_info(x.after).number},
                        {"publicity_working_days", x.publicity_working_days}});
  });
  return {{"steps", steps},          {"stages", stages},      {"rule_sets", sets},
          {"rule_version", version}, {"extra_steps", extras}, {"archive_items", archive}};
}

// ---- Cases -------------------------------------------------------------------------------

json Service::start(const auth::Principal& who, const json& b) {
  auto member_id = input::optional_int(b, "member_id");
  if (!member_id) throw errors::validation("member_id", msg::kMemberRequired);
  auto applied_on = input::optional_date(b, "applied_on");
  if (!applied_on) throw errors::validation("applied_on", msg::kDateRequired);
  auto comments = input::optional_string(b, "comments", 2000).value_or("");
  auto leaves_on = input::optional_date(b, "leaves_on");
  auto version_text = input::optional_string(b, "rule_version", 10);
  if (version_text && !find_rule_set(*version_text))
    throw errors::validation("rule_version", msg::kRuleVersion);
  auto files = b.contains("files") && !b["files"].is_null() ? id_list(b, "files", 20, msg::kFiles)
                                                            : std::vector<std::int64_t>{};
  const Date today = this->today();
  const Instant now = clock_.now();
  std::int64_t id = db_.write_result([&](db::Tx& tx) {
    auto p = members::directory::person(tx, *member_id);
    if (!p || !who.can("development.read", p->org_path))
      throw errors::not_found(zhdj::msg::kNotFound);
    who.require("development.manage", p->org_path);
    // Applicants start here; activists and development targets registered before the platform
    // came into use get their case too, their earlier steps recorded with the dates they had.
    if ((p->category != "applicant" && p->category != "activist" &&
         p->category != "development_target") ||
        p->status != "active")
      throw errors::conflict(msg::kNotApplicant, "member_id");
    if (tx.query_one("SELECT 1 FROM dev_cases WHERE member_id = ? AND status = 'active'",
                     {*member_id}))
      throw errors::conflict(msg::kCaseOpen, "member_id");
    auto uni = store::university_of(p->org_path);
    std::string version = store::rule_version(tx, uni);
    // The rules in force are the university's setting: only who sets them may open a case
    // under other rules (e.g. one applied for before a revision).
    if (version_text && *version_text != version) {
      if (!who.can("development.approve", "/" + std::to_string(uni) + "/"))
        throw errors::forbidden(msg::kRuleVersionChoice);
      version = *version_text;
    }
    // Check step 1 on the facts the case would have.
    store::Case probe;
    probe.rule_version = version;
    probe.status = "active";
    if (auto r = tx.query_one("SELECT birth_date, graduation_on FROM members WHERE id = ?",
                              {*member_id})) {
      if (!r->is_null(0)) probe.birth_date = parse_date(r->str(0));
    }
    auto f = store::facts(probe, store::extra_steps(tx, uni));
    auto v = check_step(f, Step::application, *applied_on, today, store::calendar(tx, uni));
    if (!v.ok()) {
      if (v.field == "done_on") v.field = "applied_on";
      refuse(v);
    }
    auto org = acting_org(tx, Actor::branch, p->org_path, std::nullopt);
    std::int64_t case_id = tx.insert(
        "INSERT INTO dev_cases (member_id, university_id, rule_version, status, last_number, "
        "leaves_on, created_by, created_at) VALUES (?, ?, ?, 'active', 1, ?, ?, ?) RETURNING id",
        {*member_id, uni, version, leaves_on ? db::Value(format_date(*leaves_on)) : db::Value(),
         who.account_id, now});
    std::int64_t step_id = tx.insert(
        "INSERT INTO dev_steps (case_id, step, number, done_on, org_id, comments, data, "
        "rule_version, recorded_by, recorded_at) VALUES (?, 'application', 1, ?, ?, ?, '{}', ?, "
        "?, ?) RETURNING id",
        {case_id, format_date(*applied_on), org.id, comments, version, who.account_id, now});
    attach_files(tx, case_id, step_id, files, who.account_id);
    audit::record(tx, actor_of(who),
                  {"development.start",
                   "dev_case",
                   std::to_string(case_id),
                   p->org_path,
                   {{"member_id", *member_id},
                    {"applied_on", format_date(*applied_on)},
                    {"rule_version", version}}},
                  now);
    return case_id;
  });
  return get(who, id);
}

json Service::list(const auth::Principal& who, std::optional<std::int64_t> org_id,
                   const std::string& status) {
  if (!status.empty() && status != "active" && status != "completed" && status != "cancelled" &&
      status != "all")
    throw errors::validation("status", "状态应为 active、completed、cancelled 或 all");
  const Date today = this->today();
  return db_.read_result([&](db::Tx& tx) {
    std::string path = "/";
    if (org_id) {
      auto n = org::directory::find(tx, *org_id);
      if (!n || !who.can("development.read", n->org.path))
        throw errors::not_found(zhdj::msg::kNotFound);
      path = n->org.path;
    }
    auto scope = auth::scope_filter(who, "development.read", "o.path");
    auto cases = store::load_under(tx, path,
                                   status == "all"  ? ""
                                   : status.empty() ? "active"
                                                    : status,
                                   scope.sql, scope.params);
    std::map<std::int64_t, std::pair<std::vector<ExtraStep>, Calendar>> uni;
    json items = json::array();
    for (const auto& c : cases) {
      if (!uni.contains(c.university_id))
        uni[c.university_id] = {store::extra_steps(tx, c.university_id),
                                store::calendar(tx, c.university_id)};
      const auto& [extras, cal] = uni[c.university_id];
      auto f = store::facts(c, extras);
      auto due = dues(f, today, cal);
      int overdue = static_cast<int>(
          std::count_if(due.begin(), due.end(), [](const Due& d) { return d.overdue; }));
      Stage stage = current_stage(f);
      int last = 0;
      for (const auto& [s, d] : f.done) last = std::max(last, step_info(s).number);
      items.push_back({{"id", c.id},
                       {"member_id", c.member_id},
                       {"name", c.name},
                       {"category", c.category},
                       {"category_name", members::name_of(members::codes::category, c.category)},
                       {"org_id", c.org_id},
                       {"org_name", c.org_name},
                       {"status", c.status},
                       {"status_name", status_name(c.status)},
                       {"stage", stage_code(stage)},
                       {"stage_name", stage_name(stage)},
                       {"last_number", last},
                       {"last_step_name", last ? step_info(static_cast<Step>(last)).name : ""},
                       {"next", due.empty() ? json(nullptr) : due_json(due.front())},
                       {"overdue", overdue},
                       {"rule_version", c.rule_version}});
    }
    return json{{"items", items}, {"today", format_date(today)}};
  });
}

json Service::get(const auth::Principal& who, std::int64_t case_id) {
  const Date today = this->today();
  return db_.read_result([&](db::Tx& tx) {
    auto c = store::load(tx, case_id);
    if (!c || (who.member_id != c->member_id && !who.can("development.read", c->org_path)))
      throw errors::not_found(zhdj::msg::kNotFound);
    auto extras = store::extra_steps(tx, c->university_id);
    auto cal = store::calendar(tx, c->university_id);
    auto f = store::facts(*c, extras);
    // Materials of every step.
    std::map<std::int64_t, std::vector<json>> files;
    for (const auto& r : tx.query(
             "SELECT sf.step_id, f.id, f.name, f.mime, f.size, f.sha256 FROM dev_step_files sf "
             "JOIN files f ON f.id = sf.file_id JOIN dev_steps s ON s.id = sf.step_id "
             "WHERE s.case_id = ? ORDER BY f.id",
             {case_id}))
      files[r.i64(0)].push_back({{"id", r.i64(1)},
                                 {"name", r.str(2)},
                                 {"mime", r.str(3)},
                                 {"size", r.i64(4)},
                                 {"sha256", r.str(5)}});
    // The person themself sees their progress (steps, dates, who did them, what comes next),
    // not the branch's working notes: comments, conclusions, votes, materials.
    const bool own_view = !who.can("development.read", c->org_path);
    json steps = json::array();
    for (const auto& s : c->steps) {
      json sj = step_json(s, files[s.id]);
      // An extra step's record carries its name, which stays when the step is removed.
      if (!sj.contains("name") && s.data.contains("name") && s.data["name"].is_string())
        sj["name"] = s.data["name"];
      if (own_view)
        for (const char* k : {"comments", "late_reason", "data", "files", "recorded_by_name"})
          sj.erase(k);
      steps.push_back(std::move(sj));
    }
    json people = json::array();
    for (const auto& r :
         tx.query("SELECT dp.role, dp.member_id, m.name FROM dev_people dp JOIN members m ON "
                  "m.id = dp.member_id WHERE dp.case_id = ? ORDER BY dp.role, m.name_sort",
                  {case_id}))
      people.push_back({{"role", r.str(0)}, {"member_id", r.i64(1)}, {"name", r.str(2)}});
    json pubs = json::array();
    for (const auto& p : c->publicities)
      pubs.push_back({{"id", p.id},
                      {"step", p.step},
                      {"starts_on", format_date(p.starts_on)},
                      {"working_days", p.working_days},
                      {"ends_on", format_date(p.ends_on)},
                      {"serial", p.serial},
                      {"content", p.content}});
    // What may be recorded next, each with today's verdict (the form shows the rule and dates).
    json next = json::array();
    if (c->status == "active") {
      auto add = [&](const std::string& code, int number, const std::string& name, Verdict v,
                     int publicity_days) {
        next.push_back({{"step", code},
                        {"number", number},
                        {"name", name},
                        {"verdict", verdict_json(v)},
                        {"publicity_working_days", publicity_days}});
      };
      // Repeatable reviews while their stage is open.
      for (Step r : {Step::activist_review, Step::probation_review}) {
        bool open =
            r == Step::activist_review
                ? f.done.contains(Step::contacts) && !f.done.contains(Step::target)
                : f.done.contains(Step::oath) && !f.done.contains(Step::conversion_approval);
        if (open)
          add(step_info(r).code, step_info(r).number, step_info(r).name,
              check_step(f, r, today, today, cal), 0);
      }
      // The first step not yet done in order (a university's extra step comes before the
      // standard step that follows it); after an extension, the conversion vote again.
      std::optional<Step> first;
      if (f.conversion_outcome == "extend" && !f.done.contains(Step::conversion_approval))
        first = Step::conversion_vote;
      for (const auto& i : all_steps())
        if (!first && !i.repeatable && !f.done.contains(i.step)) first = i.step;
      const ExtraStep* pending = nullptr;
      for (const auto& x : extras)
        if (!pending && first && step_info(x.after).number < step_info(*first).number &&
            !f.extra_done.contains(x.code))
          pending = &x;
      if (pending) {
        add(pending->code, step_info(pending->after).number, pending->name,
            check_extra_step(f, *pending, today, today, cal), pending->publicity_working_days);
      } else if (first) {
        const auto& i = step_info(*first);
        int pub = i.step == Step::target && f.rules ? f.rules->target_publicity_working_days : 0;
        add(i.code, i.number, i.name, check_step(f, i.step, today, today, cal), pub);
      }
    }
    json due = json::array();
    for (const auto& d : dues(f, today, cal)) due.push_back(due_json(d));
    // The person's closed admission and conversion votes, for steps 15 and 23 to pick from.
    json votes = json::array();
    for (const auto& o : meetings::VoteService::outcomes_for(tx, c->member_id))
      votes.push_back({{"vote_id", o.vote_id},
                       {"meeting_id", o.meeting_id},
                       {"kind", o.kind},
                       {"meeting_date", format_date(o.meeting_date)},
                       {"passed", o.result.passed},
                       {"quorum_met", o.result.quorum_met},
                       {"yes", o.result.yes},
                       {"eligible", o.result.eligible}});
    auto rs = find_rule_set(c->rule_version);
    auto end = probation_end(f);
    Stage stage = current_stage(f);
    return json{{"id", c->id},
                {"member_id", c->member_id},
                {"name", c->name},
                {"category", c->category},
                {"category_name", members::name_of(members::codes::category, c->category)},
                {"org_id", c->org_id},
                {"org_name", c->org_name},
                {"status", c->status},
                {"status_name", status_name(c->status)},
                {"stage", stage_code(stage)},
                {"stage_name", stage_name(stage)},
                {"rule_version", c->rule_version},
                {"rule_title", rs ? rs->title : ""},
                {"leaves_on", opt(c->leaves_on)},
                {"birth_date", opt(c->birth_date)},
                {"extension_months", c->extension_months},
                {"conversion_outcome", c->conversion_outcome},
                {"probation_end", opt(end)},
                {"cancel_reason", c->cancel_reason ? json(*c->cancel_reason) : json(nullptr)},
                {"cancelled_on", opt(c->cancelled_on)},
                {"version", c->version},
                {"steps", steps},
                {"people", people},
                {"publicities", pubs},
                {"dues", due},
                {"votes", votes},
                {"next", next},
                {"today", format_date(today)},
                {"can_manage", who.can("development.manage", c->org_path)}};
  });
}

http::Response Service::file(const auth::Principal& who, std::int64_t case_id,
                             std::int64_t file_id) {
  return db_.read_result([&](db::Tx& tx) {
    auto c = tx.query_one(
        "SELECT o.path FROM dev_cases c JOIN members m ON m.id = c.member_id JOIN orgs o ON o.id "
        "= m.org_id WHERE c.id = ?",
        {case_id});
    if (!c || !who.can("development.read", c->str(0)))
      throw errors::not_found(zhdj::msg::kNotFound);
    auto f = tx.query_one(
        "SELECT f.name, f.mime, f.content FROM dev_step_files sf JOIN dev_steps s ON s.id = "
        "sf.step_id JOIN files f ON f.id = sf.file_id WHERE s.case_id = ? AND sf.file_id = ?",
        {case_id, file_id});
    if (!f) throw errors::not_found(zhdj::msg::kNotFound);
    auto blob = f->blob(2);
    std::string ext = f->str(1) == "application/pdf" ? "pdf"
                      : f->str(1) == "image/png"     ? "png"
                                                     : "jpg";
    return http::Response::attachment(std::string(blob.begin(), blob.end()), f->str(1), f->str(0),
                                      "material." + ext);
  });
}

json Service::record(const auth::Principal& who, std::int64_t case_id, const json& b) {
  auto code = input::optional_string(b, "step", kStepCodeMax);
  if (!code || code->empty()) throw errors::validation("step", msg::kStepRequired);
  auto standard = parse_step(*code);
  if (!standard && (code->size() < 2 || (*code)[0] != 'x'))
    throw errors::validation("step", msg::kStepUnknown);
  auto done_on = input::optional_date(b, "done_on");
  auto comments = input::optional_string(b, "comments", 2000).value_or("");
  auto late_reason = input::optional_string(b, "late_reason", 1000);
  if (late_reason && late_reason->empty()) late_reason.reset();
  auto asked_org = input::optional_int(b, "org_id");
  auto files = b.contains("files") && !b["files"].is_null() ? id_list(b, "files", 20, msg::kFiles)
                                                            : std::vector<std::int64_t>{};
  auto expected_version = input::optional_int(b, "version");
  const Date today = this->today();
  const Instant now = clock_.now();

  db_.write([&](db::Tx& tx) {
    store::lock(tx, case_id);
    auto c = store::load(tx, case_id);
    if (!c || !who.can("development.read", c->org_path))
      throw errors::not_found(zhdj::msg::kNotFound);
    if (c->status != "active") throw errors::conflict(msg::kNotActive, "step");
    if (expected_version && *expected_version != c->version)
      throw errors::conflict(msg::kStale, "version");
    auto extras = store::extra_steps(tx, c->university_id);
    auto cal = store::calendar(tx, c->university_id);
    auto f = store::facts(*c, extras);

    const ExtraStep* extra = nullptr;
    if (!standard) {
      for (const auto& x : extras)
        if (x.code == *code) extra = &x;
      if (!extra) throw errors::validation("step", msg::kStepUnknown);
    }
    Actor actor = standard ? step_info(*standard).actor : Actor::branch;
    org::Org org = acting_org(tx, actor, c->org_path, asked_org);
    // The caller sees the case; a committee above them is not theirs to act for (403, not the
    // 404 of an org they cannot see).
    if (!who.can(actor == Actor::branch ? "development.manage" : "development.approve", org.path))
      throw errors::forbidden(zhdj::msg::kForbidden);

    json data = json::object();
    if (extra) data["name"] = extra->name;
    std::vector<std::pair<std::string, std::int64_t>> people;  // (role, member)
    std::optional<meetings::AssemblyVoteOutcome> vote;
    std::string outcome;
    // Step inputs that fix the date (votes) are read before the date check.
    if (standard == Step::admission_vote ||
        (standard == Step::conversion_vote && b.contains("vote_id") && !b["vote_id"].is_null())) {
      auto vote_id = input::optional_int(b, "vote_id");
      if (!vote_id) throw errors::validation("vote_id", msg::kVoteRequired);
      vote = meetings::VoteService::assembly_outcome(tx, *vote_id);
      if (!vote) throw errors::validation("vote_id", msg::kVoteNotFound);
      if (vote->candidate_member_id != c->member_id)
        throw errors::validation("vote_id", msg::kVoteWrongPerson);
      const char* kind = standard == Step::admission_vote ? "admission" : "conversion";
      if (vote->kind != kind)
        throw errors::validation(
            "vote_id",
            fmt::format(fmt::runtime(msg::kVoteWrongKind),
                        standard == Step::admission_vote ? "接收预备党员" : "预备党员转正"));
      done_on = vote->meeting_date;
      data["vote_id"] = vote->vote_id;
      data["meeting_id"] = vote->meeting_id;
      data["vote"] = {{"eligible", vote->result.eligible},
                      {"present", vote->result.present},
                      {"yes", vote->result.yes},
                      {"no", vote->result.no},
                      {"abstain", vote->result.abstain},
                      {"written", vote->result.written},
                      {"quorum_met", vote->result.quorum_met},
                      {"passed", vote->result.passed},
                      {"rule_version", vote->result.rule_version}};
    }
    if (!done_on) throw errors::validation("done_on", msg::kDateRequired);

    Verdict v = standard ? check_step(f, *standard, *done_on, today, cal)
                         : check_extra_step(f, *extra, *done_on, today, cal);
    if (v.kind == Verdict::Kind::refused) refuse(v);
    if (v.kind == Verdict::Kind::late) {
      if (!late_reason)
        throw errors::conflict(fmt::format(fmt::runtime(msg::kLateReason), v.message),
                               "late_reason");
      data["late"] = true;
    } else {
      late_reason.reset();
    }

    // The step's own inputs.
    switch (standard.value_or(Step::archive)) {
      case Step::activist: {
        auto by = input::optional_string(b, "decided_by", 20).value_or("");
        if (by != "committee" && by != "assembly")
          throw errors::validation("decided_by", msg::kDecidedBy);
        data["decided_by"] = by;
        break;
      }
      case Step::contacts:
      case Step::introducers: {
        bool contacts = standard == Step::contacts;
        const char* field = contacts ? "contacts" : "introducers";
        auto ids = id_list(b, field, 5);
        auto facts_of = person_facts(tx, ids, field);
        auto pv = contacts ? check_contacts(facts_of, c->member_id, *done_on)
                           : check_introducers(facts_of, c->member_id, *done_on);
        if (!pv.ok()) throw errors::validation(pv.field, pv.message);
        json names = json::array();
        for (const auto& p : facts_of) {
          names.push_back({{"member_id", p.member_id}, {"name", p.name}});
          people.emplace_back(contacts ? "contact" : "introducer", p.member_id);
        }
        data[field] = names;
        break;
      }
      case Step::activist_review:
      case Step::probation_review:
        if (comments.empty()) throw errors::validation("comments", msg::kReviewComments);
        break;
      case Step::political_review:
        data["conclusion"] = required_text(b, "conclusion", msg::kConclusion, 2000);
        break;
      case Step::short_training: {
        int days = optional_count(b, "training_days");
        int hours = optional_count(b, "class_hours");
        auto tv = check_training(days, hours);
        if (!tv.ok()) throw errors::validation(tv.field, tv.message);
        data["training_days"] = days;
        data["class_hours"] = hours;
        break;
      }
      case Step::application_form: {
        auto serial = required_text(b, "form_serial", msg::kFormSerial, 50);
        for (const auto& r :
             tx.query("SELECT s.data FROM dev_steps s JOIN dev_cases c ON c.id = s.case_id WHERE "
                      "s.step = 'application_form' AND c.university_id = ?",
                      {c->university_id})) {
          auto d = json::parse(r.str(0), nullptr, false);
          if (!d.is_discarded() && d.value("form_serial", "") == serial)
            throw errors::conflict(fmt::format(fmt::runtime(msg::kFormSerialTaken), serial),
                                   "form_serial");
        }
        data["form_serial"] = serial;
        break;
      }
      case Step::admission_vote:
        if (!vote->result.passed)
          throw errors::conflict(
              fmt::format(fmt::runtime(msg::kVoteFailed),
                          vote->result.quorum_met ? "赞成票未超过应到会有表决权党员的半数"
                                                  : "到会有表决权的正式党员未超过半数"),
              "vote_id");
        break;
      case Step::approval_talk:
        data["talker"] = required_text(b, "talker", msg::kTalker, 50);
        break;
      case Step::admission_approval: {
        outcome = input::optional_string(b, "outcome", 10).value_or("");
        if (outcome != "approve" && outcome != "refuse")
          throw errors::validation("outcome", msg::kOutcome);
        data["outcome"] = outcome;
        break;
      }
      case Step::placement: {
        if (auto g = input::optional_int(b, "group_id")) {
          auto n = org::directory::find(tx, *g);
          if (!n || n->org.kind != org::Kind::party_group ||
              !auth::is_under(n->org.path, acting_org(tx, Actor::branch, c->org_path, {}).path))
            throw errors::validation("group_id", msg::kGroup);
          data["group_id"] = *g;
          data["group_name"] = n->org.name;
        }
        break;
      }
      case Step::conversion_vote: {
        outcome = input::optional_string(b, "outcome", 10).value_or("");
        if (outcome != "convert" && outcome != "extend" && outcome != "cancel")
          throw errors::validation("outcome", msg::kConversionOutcome);
        if (outcome == "convert") {
          if (!vote) throw errors::validation("vote_id", msg::kVoteRequired);
          if (!vote->result.passed)
            throw errors::conflict(
                fmt::format(fmt::runtime(msg::kVoteFailed),
                            vote->result.quorum_met ? "赞成票未超过应到会有表决权党员的半数"
                                                    : "到会有表决权的正式党员未超过半数"),
                "vote_id");
        } else if (comments.empty()) {
          throw errors::validation("comments", "延长预备期或取消预备党员资格须写明理由");
        }
        if (outcome == "extend") {
          int months = optional_count(b, "extension_months");
          auto ev = check_extension(f, months);
          if (!ev.ok()) throw errors::validation(ev.field, ev.message);
          data["extension_months"] = months;
        }
        data["outcome"] = outcome;
        break;
      }
      case Step::conversion_approval:
        data["outcome"] = c->conversion_outcome;  // what was approved: convert or cancel
        break;
      case Step::archive: {
        if (!standard) break;
        std::set<std::string> ticked;
        if (b.contains("checklist") && b["checklist"].is_array())
          for (const auto& t : b["checklist"])
            if (t.is_string()) ticked.insert(t.get<std::string>());
        auto av = check_archive(ticked);
        if (!av.ok()) throw errors::validation(av.field, av.message);
        data["checklist"] = ticked;
        break;
      }
      default:
        break;
    }

    // Re-recorded pre-review or conversion vote: the earlier record stays, superseded.
    if (standard == Step::pre_review || standard == Step::conversion_vote)
      tx.exec("UPDATE dev_steps SET superseded = 1 WHERE case_id = ? AND step = ?",
              {case_id, *code});
    int number = standard ? step_info(*standard).number : step_info(extra->after).number;
    std::int64_t step_id = tx.insert(
        "INSERT INTO dev_steps (case_id, step, number, done_on, org_id, comments, late_reason, "
        "data, rule_version, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        {case_id, *code, number, format_date(*done_on), org.id, comments,
         late_reason ? db::Value(*late_reason) : db::Value(), data.dump(), c->rule_version,
         who.account_id, now});
    attach_files(tx, case_id, step_id, files, who.account_id);
    for (const auto& [role, member] : people)
      tx.exec(
          "INSERT INTO dev_people (case_id, role, member_id, step_id) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (case_id, role, member_id) DO UPDATE SET step_id = excluded.step_id",
          {case_id, role, member, step_id});

    // What the step changes: the case, and the person's registry category.
    std::string case_status = "active";
    std::optional<std::string> cancel_reason;
    members::Values before{{"category", c->category}}, after{{"category", c->category}};
    // The registry category only moves forward: recording the history of someone registered
    // further along (a development target's activist step) leaves it as it is.
    auto set_category = [&](const char* category) {
      static const std::vector<std::string> order = {"applicant", "activist", "development_target",
                                                     "probationary", "full"};
      auto rank = [&](const std::string& c) {
        return std::find(order.begin(), order.end(), c) - order.begin();
      };
      if (rank(category) > rank(c->category)) after["category"] = category;
    };
    switch (standard.value_or(Step::application)) {
      case Step::activist:
        set_category("activist");
        break;
      case Step::target:
        set_category("development_target");
        break;
      case Step::admission_approval:
        if (outcome == "approve") {
          set_category("probationary");
          auto row = tx.query_one("SELECT joined_on FROM members WHERE id = ?", {c->member_id});
          before["joined_on"] = row && !row->is_null(0) ? row->str(0) : "";
          after["joined_on"] = format_date(*f.admission_vote_on);
        } else {
          case_status = "cancelled";
          cancel_reason = "上级党委未批准接收为预备党员";
        }
        break;
      case Step::conversion_vote:
        tx.exec(
            "UPDATE dev_cases SET conversion_outcome = ?, extension_months = extension_months + ? "
            "WHERE id = ?",
            {outcome, outcome == "extend" ? data["extension_months"].get<int>() : 0, case_id});
        break;
      case Step::conversion_approval:
        if (c->conversion_outcome == "convert") {
          set_category("full");
          auto row = tx.query_one("SELECT full_on FROM members WHERE id = ?", {c->member_id});
          before["full_on"] = row && !row->is_null(0) ? row->str(0) : "";
          after["full_on"] = format_date(*probation_end(f));
        } else {
          // 取消预备党员资格: the registry status follows, as its own event would.
          auto row = tx.query_one("SELECT status FROM members WHERE id = ?", {c->member_id});
          before["status"] = row ? row->opt_str(0).value_or("active") : "active";
          after["status"] = "cancelled";
          before["status_since"] = "";
          after["status_since"] = format_date(*done_on);
          case_status = "cancelled";
          cancel_reason = "取消预备党员资格";
        }
        break;
      case Step::archive:
        if (standard) case_status = "completed";
        break;
      default:
        break;
    }
    members::store::set_columns(tx, c->member_id, before, after, who.account_id, "development",
                                now);
    int last = std::max(c->last_number, standard ? number : c->last_number);
    tx.exec(
        "UPDATE dev_cases SET last_number = ?, status = ?, cancel_reason = COALESCE(?, "
        "cancel_reason), cancelled_on = CASE WHEN ? = 'cancelled' THEN ? ELSE cancelled_on END, "
        "version = version + 1 WHERE id = ?",
        {last, case_status, cancel_reason ? db::Value(*cancel_reason) : db::Value(), case_status,
         format_date(*done_on), case_id});
    audit::record(tx, actor_of(who),
                  {"development.step",
                   "dev_case",
                   std::to_string(case_id),
                   c->org_path,
                   {{"step", *code},
                    {"done_on", format_date(*done_on)},
                    {"org_id", org.id},
                    {"rule_version", c->rule_version},
                    {"late", late_reason.has_value()},
                    {"data", data}}},
                  now);
    // The person hears of each step of their own progress.
    if (c->account_id) {
      std::string name = standard ? step_info(*standard).name : extra->name;
      notices_.send(tx, {*c->account_id},
                    {"development.step", fmt::format(fmt::runtime(msg::kNoticeStep), name),
                     fmt::format("{} {}", format_date(*done_on), org.name), "/development/mine"});
    }
  });
  return get(who, case_id);
}

json Service::publicity(const auth::Principal& who, std::int64_t case_id, const json& b) {
  auto step = input::optional_string(b, "step", kStepCodeMax).value_or("target");
  auto starts_on = input::optional_date(b, "starts_on");
  if (!starts_on) throw errors::validation("starts_on", msg::kDateRequired);
  auto content = input::optional_string(b, "content", 4000).value_or("");
  const Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto c = managed_case(tx, who, case_id);
    if (c.status != "active") throw errors::conflict(msg::kNotActive, "step");
    auto extras = store::extra_steps(tx, c.university_id);
    auto cal = store::calendar(tx, c.university_id);
    auto f = store::facts(c, extras);
    int days = 0;
    std::optional<Date> after;
    if (step == "target") {
      days = f.rules ? f.rules->target_publicity_working_days : 0;
      if (f.done.contains(Step::target)) throw errors::conflict(msg::kPublicityDone, "step");
      if (!f.done.contains(Step::activist))
        throw errors::conflict(fmt::format("请先完成第3步“{}”", step_info(Step::activist).name),
                               "step");
      after = f.done.at(Step::activist);
    } else {
      for (const auto& x : extras)
        if (x.code == step) {
          days = x.publicity_working_days;
          if (f.extra_done.contains(x.code)) throw errors::conflict(msg::kPublicityDone, "step");
          // Like the target's, the publicity follows the step it comes after.
          auto it = f.done.find(x.after);
          if (days > 0 && it == f.done.end())
            throw errors::conflict(fmt::format("请先完成第{}步“{}”", step_info(x.after).number,
                                               step_info(x.after).name),
                                   "step");
          if (it != f.done.end()) after = it->second;
        }
    }
    if (days <= 0) throw errors::validation("step", msg::kPublicityStep);
    if (after && std::chrono::sys_days{*starts_on} < std::chrono::sys_days{*after})
      throw errors::validation(
          "starts_on", fmt::format(fmt::runtime(msg::kPublicityBefore), format_date(*after)));
    Date ends_on = publicity_end({*starts_on, days}, cal);
    int year = static_cast<int>(starts_on->year());
    tx.exec(
        "INSERT INTO serials (name, year, next_value) VALUES ('dev_publicity', ?, 1) ON CONFLICT "
        "(name, year) DO NOTHING",
        {year});
    auto n = tx.query_one(
                   "UPDATE serials SET next_value = next_value + 1 WHERE name = 'dev_publicity' "
                   "AND year = ? RETURNING next_value - 1",
                   {year})
                 ->i64(0);
    std::string serial = fmt::format("{}-{:04d}", year, n);
    tx.exec("DELETE FROM dev_publicities WHERE case_id = ? AND step = ?", {case_id, step});
    tx.exec(
        "INSERT INTO dev_publicities (case_id, step, starts_on, working_days, ends_on, serial, "
        "content, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {case_id, step, format_date(*starts_on), days, format_date(ends_on), serial, content,
         who.account_id, now});
    tx.exec("UPDATE dev_cases SET version = version + 1 WHERE id = ?", {case_id});
    audit::record(tx, actor_of(who),
                  {"development.publicity",
                   "dev_case",
                   std::to_string(case_id),
                   c.org_path,
                   {{"step", step},
                    {"starts_on", format_date(*starts_on)},
                    {"ends_on", format_date(ends_on)},
                    {"serial", serial}}},
                  now);
  });
  return get(who, case_id);
}

json Service::cancel(const auth::Principal& who, std::int64_t case_id, const json& b) {
  auto reason = input::optional_string(b, "reason", 500).value_or("");
  if (reason.empty()) throw errors::validation("reason", msg::kCancelReason);
  const Date today = this->today();
  auto on = input::optional_date(b, "on").value_or(today);
  if (std::chrono::sys_days{today} < std::chrono::sys_days{on})
    throw errors::validation("on", fmt::format("日期不能晚于今天（{}）", format_date(today)));
  const Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto c = managed_case(tx, who, case_id);
    if (c.status != "active") throw errors::conflict(msg::kNotActive, "reason");
    // A probationary member's status ends only through the conversion vote and its approval.
    if (c.category == "probationary")
      throw errors::conflict(
          "预备党员的预备期不能直接终止：请在支部党员大会讨论转正时作出取消预备党员资格的决议，并报"
          "上级党委审批",
          "reason");
    tx.exec(
        "UPDATE dev_cases SET status = 'cancelled', cancel_reason = ?, cancelled_on = ?, "
        "version = version + 1 WHERE id = ?",
        {reason, format_date(on), case_id});
    audit::record(tx, actor_of(who),
                  {"development.cancel",
                   "dev_case",
                   std::to_string(case_id),
                   c.org_path,
                   {{"reason", reason}, {"on", format_date(on)}}},
                  now);
  });
  return get(who, case_id);
}

json Service::update(const auth::Principal& who, std::int64_t case_id, const json& b) {
  if (!b.contains("leaves_on")) throw errors::validation("leaves_on", msg::kDateRequired);
  auto leaves_on = b["leaves_on"].is_null() ? std::nullopt : input::optional_date(b, "leaves_on");
  if (!b["leaves_on"].is_null() && !leaves_on)
    throw errors::validation("leaves_on", msg::kDateRequired);
  const Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto c = managed_case(tx, who, case_id);
    auto before = tx.query_one("SELECT leaves_on FROM dev_cases WHERE id = ?", {case_id});
    tx.exec("UPDATE dev_cases SET leaves_on = ?, version = version + 1 WHERE id = ?",
            {leaves_on ? db::Value(format_date(*leaves_on)) : db::Value(), case_id});
    audit::record(
        tx, actor_of(who),
        {"development.update",
         "dev_case",
         std::to_string(case_id),
         c.org_path,
         {{"leaves_on",
           {{"before", before && !before->is_null(0) ? json(before->str(0)) : json(nullptr)},
            {"after", opt(leaves_on)}}}}},
        now);
  });
  return get(who, case_id);
}

// ---- To-do list and the applicant's view -------------------------------------------------

json Service::todo(const auth::Principal& who, std::optional<std::int64_t> org_id, int limit) {
  if (limit < 1 || limit > 5000) throw errors::validation("limit", "limit 应为 1 至 5000");
  const Date today = this->today();
  return db_.read_result([&](db::Tx& tx) {
    std::string path = "/";
    std::optional<org::directory::Node> node;
    if (org_id) {
      node = org::directory::find(tx, *org_id);
      if (!node || !who.can("development.read", node->org.path))
        throw errors::not_found(zhdj::msg::kNotFound);
      path = node->org.path;
    }
    auto scope = auth::scope_filter(who, "development.read", "o.path");
    auto cases = store::load_under(tx, path, "active", scope.sql, scope.params);
    std::map<std::int64_t, std::pair<std::vector<ExtraStep>, Calendar>> uni;
    // Roll-up per child org of the org asked for.
    std::vector<org::directory::Node> children;
    if (node) children = org::directory::children(tx, node->org.id);
    std::map<std::int64_t, std::pair<int, int>> per_child;  // child id → (items, overdue)
    // Items stay plain until the page of them is chosen: a university has thousands.
    std::vector<std::pair<Due, const store::Case*>> found;
    int overdue = 0;
    for (const auto& c : cases) {
      if (!uni.contains(c.university_id))
        uni[c.university_id] = {store::extra_steps(tx, c.university_id),
                                store::calendar(tx, c.university_id)};
      const auto& [extras, cal] = uni[c.university_id];
      auto f = store::facts(c, extras);
      const org::directory::Node* child = nullptr;
      for (const auto& ch : children)
        if (auth::is_under(c.org_path, ch.org.path)) child = &ch;
      for (auto& d : dues(f, today, cal)) {
        if (d.overdue) ++overdue;
        if (child) {
          auto& [n, o] = per_child[child->org.id];
          ++n;
          if (d.overdue) ++o;
        }
        found.emplace_back(std::move(d), &c);
      }
    }
    // Overdue first, then by deadline (items without one last).
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      if (a.first.overdue != b.first.overdue) return a.first.overdue;
      if (a.first.due_on.has_value() != b.first.due_on.has_value())
        return a.first.due_on.has_value();
      return a.first.due_on &&
             std::chrono::sys_days{*a.first.due_on} < std::chrono::sys_days{*b.first.due_on};
    });
    json items = json::array();
    for (size_t i = 0; i < found.size() && i < static_cast<size_t>(limit); ++i) {
      const auto& [d, c] = found[i];
      json item = due_json(d);
      item["case_id"] = c->id;
      item["member_id"] = c->member_id;
      item["name"] = c->name;
      item["org_id"] = c->org_id;
      item["org_name"] = c->org_name;
      items.push_back(std::move(item));
    }
    json by_org = json::array();
    for (const auto& ch : children) {
      auto [n, o] = per_child[ch.org.id];
      by_org.push_back({{"org_id", ch.org.id},
                        {"org_name", ch.org.name},
                        {"kind", org::kind_code(ch.org.kind)},
                        {"items", n},
                        {"overdue", o}});
    }
    const auto total = found.size();
    const bool truncated = total > static_cast<size_t>(limit);
    return json{{"items", items},
                {"total", total},
                {"truncated", truncated},
                {"overdue", overdue},
                {"cases", cases.size()},
                {"by_org", by_org},
                {"today", format_date(today)}};
  });
}

json Service::mine(const auth::Principal& who) {
  if (!who.member_id) return json{{"cases", json::array()}};
  std::vector<std::int64_t> ids = db_.read_result([&](db::Tx& tx) {
    std::vector<std::int64_t> out;
    for (const auto& r : tx.query("SELECT id FROM dev_cases WHERE member_id = ? ORDER BY id DESC",
                                  {*who.member_id}))
      out.push_back(r.i64(0));
    return out;
  });
  json cases = json::array();
  for (auto id : ids) {
    json c = get(who, id);
    // The person sees their own progress, not the branch's working notes on others.
    c.erase("can_manage");
    cases.push_back(std::move(c));
  }
  return json{{"cases", cases}};
}

// ---- University settings -----------------------------------------------------------------

json Service::set_rule_version(const auth::Principal& who, const json& b) {
  auto version = input::optional_string(b, "rule_version", 10).value_or("");
  if (!find_rule_set(version)) throw errors::validation("rule_version", msg::kRuleVersion);
  auto chosen = input::optional_int(b, "org_id");
  const Instant now = clock_.now();
  std::int64_t id = 0;
  db_.write([&](db::Tx& tx) {
    auto [uni, path] = university(tx, who, chosen, true);
    id = uni;
    auto before = store::rule_version(tx, uni);
    tx.exec(
        "INSERT INTO dev_settings (university_id, rule_version) VALUES (?, ?) ON CONFLICT "
        "(university_id) DO UPDATE SET rule_version = excluded.rule_version",
        {uni, version});
    audit::record(tx, actor_of(who),
                  {"development.settings",
                   "org",
                   std::to_string(uni),
                   path,
                   {{"rule_version", {{"before", before}, {"after", version}}}}},
                  now);
  });
  return catalogue(who, id);
}

json Service::add_extra_step(const auth::Principal& who, const json& b) {
  auto name = input::optional_string(b, "name", 50).value_or("");
  if (name.empty()) throw errors::validation("name", msg::kExtraName);
  auto after = input::optional_int(b, "after");
  if (!after || *after < 1 || *after >= kStepCount)
    throw errors::validation("after", msg::kExtraAfter);
  auto days = input::optional_int(b, "publicity_working_days").value_or(0);
  if (days < 0 || days > 30)
    throw errors::validation("publicity_working_days", msg::kExtraPublicity);
  auto chosen = input::optional_int(b, "org_id");
  const Instant now = clock_.now();
  std::int64_t university_id = 0;
  db_.write([&](db::Tx& tx) {
    auto [uni, path] = university(tx, who, chosen, true);
    university_id = uni;
    auto id = tx.insert(
        "INSERT INTO dev_extra_steps (university_id, name, after_number, publicity_working_days, "
        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        {uni, name, *after, days, who.account_id, now});
    audit::record(tx, actor_of(who),
                  {"development.extra_step.add",
                   "dev_extra_step",
                   std::to_string(id),
                   path,
                   {{"name", name}, {"after", *after}, {"publicity_working_days", days}}},
                  now);
  });
  return catalogue(who, university_id);
}

json Service::remove_extra_step(const auth::Principal& who, std::int64_t id) {
  const Instant now = clock_.now();
  std::int64_t university_id = 0;
  db_.write([&](db::Tx& tx) {
    auto r = tx.query_one(
        "SELECT name, university_id FROM dev_extra_steps WHERE id = ? AND active = 1", {id});
    if (!r) throw errors::not_found(zhdj::msg::kNotFound);
    auto [uni, path] = university(tx, who, r->i64(1), true);
    university_id = uni;
    // Steps already recorded stay in their cases; open cases simply no longer wait for it.
    tx.exec("UPDATE dev_extra_steps SET active = 0 WHERE id = ?", {id});
    audit::record(tx, actor_of(who),
                  {"development.extra_step.remove",
                   "dev_extra_step",
                   std::to_string(id),
                   path,
                   {{"name", r->str(0)}}},
                  now);
  });
  return catalogue(who, university_id);
}

json Service::calendar(const auth::Principal& who, std::optional<std::int64_t> year,
                       std::optional<std::int64_t> org_id) {
  std::int64_t y = year.value_or(static_cast<int>(today().year()));
  if (y < 2000 || y > 2100) throw errors::validation("year", msg::kYear);
  return db_.read_result([&](db::Tx& tx) {
    auto [uni, path] = university(tx, who, org_id, false);
    json days = json::array();
    for (const auto& r : tx.query(
             "SELECT day, kind, name FROM dev_calendar WHERE university_id = ? AND day >= ? AND "
             "day <= ? ORDER BY day",
             {uni, fmt::format("{}-01-01", y), fmt::format("{}-12-31", y)}))
      days.push_back({{"day", r.str(0)}, {"kind", r.str(1)}, {"name", r.str(2)}});
    return json{{"org_id", uni},
                {"year", y},
                {"days", days},
                {"can_edit", who.can("development.approve", path)}};
  });
}

json Service::set_calendar(const auth::Principal& who, const json& b) {
  auto year = input::optional_int(b, "year");
  if (!year || *year < 2000 || *year > 2100) throw errors::validation("year", msg::kYear);
  if (!b.contains("days") || !b["days"].is_array() || b["days"].size() > 366)
    throw errors::validation("days", msg::kCalendarDays);
  std::map<std::string, std::pair<std::string, std::string>> days;
  // Each entry's fields are checked for their type: json::value() would throw (a 500) on a
  // number where a string belongs.
  auto text_of = [](const json& d, const char* key) {
    if (!d.contains(key) || d[key].is_null()) return std::string();
    return d[key].is_string() ? d[key].get<std::string>() : d[key].dump();
  };
  for (const auto& d : b["days"]) {
    if (!d.is_object()) throw errors::validation("days", msg::kCalendarDays);
    auto day_text = text_of(d, "day");
    auto day = d.contains("day") && d["day"].is_string() ? parse_date(day_text) : std::nullopt;
    if (!day || static_cast<int>(day->year()) != *year)
      throw errors::validation("days",
                               fmt::format(fmt::runtime(msg::kCalendarDay), day_text, *year));
    auto kind = text_of(d, "kind");
    if (kind != "holiday" && kind != "workday")
      throw errors::validation("days", msg::kCalendarKind);
    // A name is refused when too long, not cut (a cut could split a UTF-8 character).
    auto name = text_of(d, "name");
    if ((d.contains("name") && !d["name"].is_null() && !d["name"].is_string()) ||
        text::length(name) > 30)
      throw errors::validation("days", msg::kCalendarName);
    days[day_text] = {kind, name};
  }
  auto chosen = input::optional_int(b, "org_id");
  const Instant now = clock_.now();
  std::int64_t university_id = 0;
  db_.write([&](db::Tx& tx) {
    auto [uni, path] = university(tx, who, chosen, true);
    university_id = uni;
    tx.exec("DELETE FROM dev_calendar WHERE university_id = ? AND day >= ? AND day <= ?",
            {uni, fmt::format("{}-01-01", *year), fmt::format("{}-12-31", *year)});
    for (const auto& [day, kn] : days)
      tx.exec("INSERT INTO dev_calendar (university_id, day, kind, name) VALUES (?, ?, ?, ?)",
              {uni, day, kn.first, kn.second});
    audit::record(tx, actor_of(who),
                  {"development.calendar",
                   "org",
                   std::to_string(uni),
                   path,
                   {{"year", *year}, {"days", days.size()}}},
                  now);
  });
  return calendar(who, *year, university_id);
}

// ---- Reminders ---------------------------------------------------------------------------

int Service::send_reminders() {
  const Date today = this->today();
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto cases = store::load_under(tx, "/", "active", "", {});
    std::map<std::int64_t, std::pair<std::vector<ExtraStep>, Calendar>> uni;
    int sent = 0;
    for (const auto& c : cases) {
      if (!uni.contains(c.university_id))
        uni[c.university_id] = {store::extra_steps(tx, c.university_id),
                                store::calendar(tx, c.university_id)};
      const auto& [extras, cal] = uni[c.university_id];
      auto f = store::facts(c, extras);
      for (const auto& d : dues(f, today, cal)) {
        if (!d.due_on) continue;
        const char* lead = d.overdue ? "overdue" : "ahead";
        if (!d.overdue && days_between(today, *d.due_on) > kReminderLeadDays) continue;
        auto claimed = tx.query(
            "INSERT INTO dev_reminders (case_id, kind, due_on, lead, sent_at) VALUES (?, ?, ?, ?, "
            "?) ON CONFLICT DO NOTHING RETURNING case_id",
            {c.id, d.kind, format_date(*d.due_on), lead, now});
        if (claimed.empty()) continue;
        // The branch's administrators for the branch's steps, the college's for those above
        // it; when that level has nobody, the nearest level above that has someone.
        Actor a = step_info(d.step).actor;
        const char* cap = a == Actor::branch ? "development.manage" : "development.approve";
        std::vector<std::int64_t> to;
        for (int level = a == Actor::branch ? 3 : 2; level >= 1 && to.empty(); --level)
          to = auth::administrators_of(tx, cap, c.org_path, level);
        if (to.empty()) {
          // Nobody to tell: release the claim, so the reminder goes out once someone can be.
          tx.exec(
              "DELETE FROM dev_reminders WHERE case_id = ? AND kind = ? AND due_on = ? AND "
              "lead = ?",
              {c.id, d.kind, format_date(*d.due_on), lead});
          continue;
        }
        notices_.send(
            tx, to,
            {d.overdue ? "development.overdue" : "development.reminder",
             fmt::format(fmt::runtime(d.overdue ? msg::kNoticeOverdue : msg::kNoticeReminder),
                         c.name, d.title),
             fmt::format(fmt::runtime(msg::kNoticeReminderBody), c.org_name,
                         format_date(*d.due_on)),
             "/development/cases/" + std::to_string(c.id)});
        ++sent;
      }
    }
    return sent;
  });
}

}  // namespace zhdj::development
