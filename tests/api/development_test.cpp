// Member development (发展党员) through the API (DOMAIN.md §3): the whole 25-step path from the
// written application to the archive with real assembly votes, each rule's refusal (409 with the
// rule and the date in Chinese, nothing written), late steps that need a written reason,
// extension and cancellation, transfers that keep the history, approval powers, to-do lists, the
// applicant's own view, reminders once per deadline, and a university's own settings (rule
// version, extra steps, holiday calendar).
// Time moves only through the platform clock, which each test first sets to a Monday 10:00 where
// the university is, so weekdays are known; dates in assertions are computed from it.
#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "harness.hpp"

using namespace zhdj::testing;
using zhdj::add_days;
using zhdj::add_months;
using zhdj::add_years;
using zhdj::Date;
using zhdj::Instant;

namespace {

const char* kBranch = "计算机科学与技术学院本科生第一党支部";   // demo-branch administers it
const char* kBranch2 = "计算机科学与技术学院本科生第二党支部";  // the same college
const char* kCollege = "计算机科学与技术学院党委";              // demo-college administers it
const char* kArtsBranch = "艺术学院本科生第一党支部";           // under a 党总支
const char* kGeneralBranch = "艺术学院党总支";
const char* kUniversity = "示范大学党委";  // demo-school administers it
const std::string kCases = "/api/v1/development/cases";
constexpr Instant kMinute = 60 * 1000;
constexpr Instant kHour = 60 * kMinute;
constexpr Instant kDay = 24 * kHour;

std::string s(std::int64_t v) {
  return std::to_string(v);
}
std::string d(Date x) {
  return zhdj::format_date(x);
}

const std::string& zone(TestUniversity& u) {
  return u.platform().meetings().settings().time_zone;
}

std::chrono::weekday weekday(Date x) {
  return std::chrono::weekday{std::chrono::sys_days{x}};
}

// Sets the platform clock to 10:00 on the next Monday where the university is.
void start_on_monday(TestUniversity& u) {
  Date x = add_days(zhdj::civil_date(u.platform().clock().now(), zone(u)), 1);
  while (weekday(x) != std::chrono::Monday) x = add_days(x, 1);
  u.platform().clock().advance(zhdj::local_instant(x, 10 * 60, zone(u)) -
                               u.platform().clock().now());
}

// A valid 公民身份号码 for a birth date (independent of the code under test).
std::string id_number(Date birth, int seq) {
  std::string n = "110101" + fmt::format("{:04d}{:02d}{:02d}", static_cast<int>(birth.year()),
                                         static_cast<unsigned>(birth.month()),
                                         static_cast<unsigned>(birth.day()));
  n += fmt::format("{:03d}", seq % 1000);
  const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (n[i] - '0') * w[i];
  return n + "10X98765432"[sum % 11];
}

std::int64_t member_of(TestUniversity& u, const std::string& login) {
  return u.scalar(
      "SELECT m.id FROM members m JOIN accounts a ON a.id = m.account_id WHERE a.login = ?",
      {login});
}

// An account that logs in with the demo password and no forced change.
void usable_login(TestUniversity& u, const std::string& login) {
  u.db().write([&](zhdj::db::Tx& tx) {
    auto hash =
        tx.query_one("SELECT password_hash FROM accounts WHERE login = 'demo-member'")->str(0);
    tx.exec("UPDATE accounts SET password_hash = ?, must_change_password = 0 WHERE login = ?",
            {hash, login});
  });
}

// An error answer: status, the field it names and part of its Chinese message.
void expect_error(const Reply& r, int status, const std::string& field,
                  const std::string& message_part) {
  EXPECT_EQ(r.status, status) << r.body;
  ASSERT_TRUE(r.json.is_object() && r.json.contains("error")) << r.body;
  const Json& e = r.json["error"];
  EXPECT_EQ(e["field"].is_string() ? e["field"].get<std::string>() : "", field) << r.body;
  std::string message = e["message"].is_string() ? e["message"].get<std::string>() : "";
  EXPECT_NE(message.find(message_part), std::string::npos)
      << "expected “" << message_part << "” in " << r.body;
}

// The latest record of a step in a case answer (nullptr when there is none).
const Json* step_of(const Json& c, const std::string& code) {
  const Json* found = nullptr;
  for (const auto& x : c["steps"])
    if (x["step"] == code && !x["superseded"].get<bool>()) found = &x;
  return found;
}

bool has_due(const Json& c, const std::string& kind) {
  for (const auto& x : c["dues"])
    if (x["kind"] == kind) return true;
  return false;
}

struct Person {
  std::int64_t id = 0;
  std::string login;
};

// The demo university with its administrators logged in: demo-branch (the branch, whose member
// record is the secretary), demo-college (the college committee), demo-school (the university
// committee's 组织部) and demo-member (a full member of the branch).
struct Dev {
  TestUniversity& u;
  Client branch, college, school, member;
  std::int64_t branch_org, branch2_org, college_org, university_org;
  std::int64_t secretary, member_id;
  int added = 0;
  int serial = 0;
  std::map<std::string, std::unique_ptr<Client>> people;

  explicit Dev(TestUniversity& university)
      : u(university),
        branch(university),
        college(university),
        school(university),
        member(university),
        branch_org(university.org_id(kBranch)),
        branch2_org(university.org_id(kBranch2)),
        college_org(university.org_id(kCollege)),
        university_org(university.org_id(kUniversity)),
        secretary(member_of(university, "demo-branch")),
        member_id(member_of(university, "demo-member")) {
    start_on_monday(u);
    login_all();
  }

  Date today() { return u.platform().meetings().today(); }

  void login_all() {
    branch.login("demo-branch");
    college.login("demo-college");
    school.login("demo-school");
    member.login("demo-member");
    for (auto& [login, c] : people) c->login(login);
  }

  // Lets `days` pass; sessions lapse after 30 idle minutes, so everyone logs in again.
  void advance(int days) {
    u.platform().clock().advance(days * kDay);
    login_all();
  }

  // A logged-in client for a person added here.
  Client& as(const std::string& login) {
    auto& c = people[login];
    if (!c) {
      c = std::make_unique<Client>(u);
      c->login(login);
    }
    return *c;
  }

  // Someone registered through POST /members with an account. Applicants are 22 and carry an ID
  // number (step 1 checks the age from it); `extra` adds or replaces fields.
  Person add(const std::string& name, const std::string& category, std::int64_t org = 0,
             const Json& extra = Json::object()) {
    ++added;
    if (!org) org = branch_org;
    Client& c = org == branch_org ? branch : org == branch2_org ? college : school;
    Json body = {{"org_id", org},
                 {"name", name},
                 {"category", category},
                 {"identity", "undergraduate"},
                 {"student_no", fmt::format("DV{:04d}", added)},
                 {"create_account", true}};
    if (category == "full") body["joined_on"] = d(add_years(today(), -5));
    if (category == "applicant") body["id_number"] = id_number(add_years(today(), -22), added);
    for (const auto& [k, v] : extra.items()) body[k] = v;
    auto r = c.post("/api/v1/members", body);
    EXPECT_EQ(r.status, 201) << r.body;
    Person p{r.json.value("id", std::int64_t{0}), r.json["credential"].value("login", "")};
    usable_login(u, p.login);
    return p;
  }

  // Puts a full member under 留党察看 for a year from today.
  void watch(std::int64_t who) {
    auto r = branch.post("/api/v1/members/" + s(who) + "/events", {{"kind", "probation_watch"},
                                                                   {"occurred_on", d(today())},
                                                                   {"decided_by", "计算机学院党委"},
                                                                   {"term_months", 12}});
    EXPECT_EQ(r.status, 201) << r.body;
  }

  Json start(Client& c, std::int64_t person, Date applied_on) {
    auto r = c.post(kCases, {{"member_id", person}, {"applied_on", d(applied_on)}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json;
  }
  std::int64_t open(Client& c, std::int64_t person, Date applied_on) {
    return start(c, person, applied_on).value("id", std::int64_t{0});
  }

  Json get(Client& c, std::int64_t id) {
    auto r = c.get(kCases + "/" + s(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json;
  }

  Reply step(Client& c, std::int64_t id, const Json& body) {
    return c.post(kCases + "/" + s(id) + "/steps", body);
  }
  // Records a step that must be accepted; returns the case.
  Json ok(Client& c, std::int64_t id, const Json& body) {
    auto r = step(c, id, body);
    EXPECT_EQ(r.status, 201) << body.dump() << " → " << r.body;
    return r.json;
  }

  Json publicity(Client& c, std::int64_t id, const std::string& step, Date starts_on) {
    auto r = c.post(kCases + "/" + s(id) + "/publicity",
                    {{"step", step}, {"starts_on", d(starts_on)}, {"content", "拟确定为发展对象"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json;
  }

  // Records steps 2..`last` (at most 14) of a case opened on `applied`, all in the past: the
  // activist 30 days after the application, reviews at 6 and 12 months (those not after today),
  // the publicity (when the rules ask for one) right after the first year, the development
  // target 20 days after the first year, steps 8–12 on that day and the pre-review with the
  // form on `pre_review` (default today). `br` records the branch's steps, `hi` the higher
  // committee's.
  void drive(std::int64_t id, Date applied, int last, Client& br, Client& hi,
             std::optional<Date> pre_review = std::nullopt, bool publicity_needed = true) {
    Date a3 = add_days(applied, 30);
    Date year = add_months(a3, 12);
    Date target = add_days(year, 20);
    auto rec = [&](int n, Client& who, Json body) {
      if (n <= last) ok(who, id, body);
    };
    rec(2, br, {{"step", "application_talk"}, {"done_on", d(add_days(applied, 10))}});
    rec(3, br, {{"step", "activist"}, {"done_on", d(a3)}, {"decided_by", "committee"}});
    rec(4, hi, {{"step", "activist_filing"}, {"done_on", d(add_days(a3, 5))}});
    rec(5, br, {{"step", "contacts"}, {"done_on", d(add_days(a3, 5))}, {"contacts", {member_id}}});
    for (int k : {6, 12})
      if (last >= 6 && !(today() < add_months(a3, k)))
        ok(br, id,
           {{"step", "activist_review"},
            {"done_on", d(add_months(a3, k))},
            {"comments", "表现良好，继续培养"}});
    if (last >= 7 && publicity_needed) publicity(br, id, "target", add_days(year, 1));
    rec(7, br, {{"step", "target"}, {"done_on", d(target)}});
    rec(8, hi, {{"step", "target_filing"}, {"done_on", d(target)}});
    rec(9, br,
        {{"step", "introducers"}, {"done_on", d(target)}, {"introducers", {secretary, member_id}}});
    rec(10, br, {{"step", "political_review"}, {"done_on", d(target)}, {"conclusion", "政治合格"}});
    rec(11, br, {{"step", "short_training"}, {"done_on", d(target)}, {"class_hours", 24}});
    rec(12, br, {{"step", "branch_review"}, {"done_on", d(target)}});
    Date pre = pre_review.value_or(today());
    rec(13, hi, {{"step", "pre_review"}, {"done_on", d(pre)}});
    rec(14, br,
        {{"step", "application_form"},
         {"done_on", d(pre)},
         {"form_serial", fmt::format("ZY-{:04d}", ++serial)}});
  }

  // A 支部党员大会 of `org` happening now: `voters` attend and are marked present, `admin`
  // creates a vote of `kind` about `candidate`, everyone votes `choice`, the vote closes.
  // Returns the vote id.
  std::int64_t assembly_vote(Client& admin, std::int64_t org, std::int64_t host,
                             const std::vector<std::pair<std::int64_t, Client*>>& voters,
                             const std::string& kind, std::int64_t candidate,
                             const std::string& choice = "yes") {
    Instant now = u.platform().clock().now();
    Json ids = Json::array();
    for (const auto& [id, _] : voters) ids.push_back(id);
    auto m = admin.post("/api/v1/meetings", {{"org_id", org},
                                             {"type", "general_assembly"},
                                             {"title", "支部党员大会"},
                                             {"starts_at", zhdj::format_instant(now - 5 * kMinute)},
                                             {"ends_at", zhdj::format_instant(now + 2 * kHour)},
                                             {"place", "党员活动室"},
                                             {"host_member_id", host},
                                             {"attendee_ids", ids},
                                             {"publish", true}});
    EXPECT_EQ(m.status, 201) << m.body;
    std::string meeting = "/api/v1/meetings/" + s(m.json.value("id", std::int64_t{0}));
    for (const auto& [id, _] : voters)
      EXPECT_EQ(admin.post(meeting + "/attendance/" + s(id), {{"present", true}}).status, 200);
    auto v =
        admin.post(meeting + "/votes", {{"kind", kind}, {"candidate_member_ids", {candidate}}});
    EXPECT_EQ(v.status, 201) << v.body;
    std::int64_t vote = v.json["items"][0].value("id", std::int64_t{0});
    std::string path = "/api/v1/votes/" + s(vote);
    EXPECT_EQ(admin.post(path + "/open").status, 200);
    for (const auto& [_, c] : voters)
      EXPECT_EQ(c->post(path + "/ballot", {{"choice", choice}}).status, 200);
    auto closed = admin.post(path + "/close");
    EXPECT_EQ(closed.status, 200) << closed.body;
    return vote;
  }
  // The same in the demo branch: the secretary and demo-member attend and vote.
  std::int64_t branch_vote(const std::string& kind, std::int64_t candidate,
                           const std::string& choice = "yes") {
    return assembly_vote(branch, branch_org, secretary,
                         {{secretary, &branch}, {member_id, &member}}, kind, candidate, choice);
  }

  // Steps 15–20 today: the admission vote `vote`, the talk and the filing by the college, the
  // approval by the university, placement and oath by the branch.
  void admit(std::int64_t id, std::int64_t vote) {
    ok(branch, id, {{"step", "admission_vote"}, {"vote_id", vote}});
    ok(college, id, {{"step", "approval_talk"}, {"done_on", d(today())}, {"talker", "张书记"}});
    ok(school, id,
       {{"step", "admission_approval"}, {"done_on", d(today())}, {"outcome", "approve"}});
    ok(school, id, {{"step", "admission_record"}, {"done_on", d(today())}});
    ok(branch, id, {{"step", "placement"}, {"done_on", d(today())}});
    ok(branch, id, {{"step", "oath"}, {"done_on", d(today())}});
  }

  // Everything a refused request could have written about a case and its person.
  std::string snapshot(std::int64_t id) {
    std::string out;
    u.db().read([&](zhdj::db::Tx& tx) {
      const char* queries[] = {
          "SELECT status, last_number, version, extension_months, conversion_outcome, "
          "COALESCE(leaves_on, ''), COALESCE(cancel_reason, '') FROM dev_cases WHERE id = ?",
          "SELECT id, step, done_on, superseded, data, COALESCE(late_reason, '') FROM dev_steps "
          "WHERE case_id = ? ORDER BY id",
          "SELECT id, step, starts_on, ends_on FROM dev_publicities WHERE case_id = ? ORDER BY id",
          "SELECT role, member_id FROM dev_people WHERE case_id = ? ORDER BY role, member_id",
          "SELECT m.category, m.version, COALESCE(m.status, ''), COALESCE(m.joined_on, ''), "
          "COALESCE(m.full_on, '') FROM members m JOIN dev_cases c ON c.member_id = m.id WHERE "
          "c.id = ?",
      };
      for (const char* sql : queries)
        for (const auto& r : tx.query(sql, {id})) {
          for (size_t i = 0; i < r.size(); ++i) out += r.str(i) + "|";
          out += "\n";
        }
      for (const char* sql :
           {"SELECT COUNT(*) FROM audit_log", "SELECT COUNT(*) FROM notifications",
            "SELECT COUNT(*) FROM dev_cases", "SELECT COUNT(*) FROM member_changes"})
        out += tx.query_one(sql)->str(0) + "\n";
    });
    return out;
  }

  // A request that must be refused and change nothing.
  void refused(std::int64_t id, const std::function<Reply()>& attempt, int status,
               const std::string& field, const std::string& message_part) {
    auto before = snapshot(id);
    expect_error(attempt(), status, field, message_part);
    EXPECT_EQ(snapshot(id), before) << "a refused request wrote something";
  }
  void refused_step(Client& c, std::int64_t id, const Json& body, int status,
                    const std::string& field, const std::string& message_part) {
    SCOPED_TRACE(body.dump());
    refused(
        id, [&] { return step(c, id, body); }, status, field, message_part);
  }

  Json record_of(std::int64_t person) {
    auto r = school.get("/api/v1/members/" + s(person));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json;
  }

  // Sets holidays and make-up working days (grouped by year, as PUT /development/calendar takes
  // one year at a time).
  void set_calendar(const std::vector<std::pair<Date, std::string>>& days) {
    std::map<int, Json> by_year;
    for (const auto& [day, kind] : days)
      by_year[static_cast<int>(day.year())].push_back(
          {{"day", d(day)}, {"kind", kind}, {"name", kind == "holiday" ? "测试假日" : "调休上班"}});
    for (const auto& [year, list] : by_year) {
      auto r = school.put("/api/v1/development/calendar", {{"year", year}, {"days", list}});
      EXPECT_EQ(r.status, 200) << r.body;
    }
  }

  std::int64_t notices(const std::string& kind, std::int64_t id, const std::string& login) {
    return u.scalar(
        "SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id WHERE "
        "n.kind = ? AND n.link = ? AND a.login = ?",
        {kind, "/development/cases/" + s(id), login});
  }

  std::vector<std::string> archive_items() {
    auto r = branch.get("/api/v1/development/catalogue");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    for (const auto& i : r.json["archive_items"]) out.push_back(i["code"]);
    return out;
  }
};

std::int64_t audits(TestUniversity& u, const std::string& action) {
  return u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = ?", {action});
}

}  // namespace

// ---- The whole path ----------------------------------------------------------------------

TEST(Development, WholePathRunsFromApplicationToArchive) {
  TestUniversity u;
  Dev t(u);
  const Date m0 = t.today();
  auto a = t.add("林思远", "applicant", 0, {{"graduation_on", d(add_years(m0, 3))}});

  // 1 递交入党申请书: the case opens with the application.
  Date applied = add_days(m0, -14);
  auto c = t.start(t.branch, a.id, applied);
  const std::int64_t id = c["id"];
  EXPECT_EQ(c["status"], "active");
  EXPECT_EQ(c["rule_version"], "2026");
  EXPECT_EQ(c["category"], "applicant");
  EXPECT_EQ(c["stage"], "applicant");
  ASSERT_EQ(c["steps"].size(), 1u);
  EXPECT_EQ(c["steps"][0]["step"], "application");
  EXPECT_EQ(c["steps"][0]["done_on"], d(applied));
  EXPECT_EQ(c["steps"][0]["org_name"], kBranch);
  ASSERT_EQ(c["next"].size(), 1u);
  EXPECT_EQ(c["next"][0]["step"], "application_talk");
  EXPECT_EQ(c["next"][0]["verdict"]["kind"], "allowed");
  ASSERT_EQ(c["dues"].size(), 1u);
  EXPECT_EQ(c["dues"][0]["kind"], "talk");
  EXPECT_EQ(c["dues"][0]["due_on"], d(add_months(applied, 1)));
  EXPECT_EQ(c["can_manage"], true);
  EXPECT_EQ(audits(u, "development.start"), 1);
  // One open case per person.
  expect_error(t.branch.post(kCases, {{"member_id", a.id}, {"applied_on", d(m0)}}), 409,
               "member_id", "进行中");

  // 2 谈话 within the month.
  c = t.ok(t.branch, id,
           {{"step", "application_talk"},
            {"done_on", d(add_days(m0, -7))},
            {"comments", "了解入党动机"}});
  EXPECT_TRUE(step_of(c, "application_talk")->at("late_reason").is_null());
  EXPECT_FALSE(has_due(c, "talk"));

  // 3 确定入党积极分子, decided by the branch committee: the registry category follows.
  t.refused_step(t.branch, id, {{"step", "activist"}, {"done_on", d(m0)}}, 400, "decided_by",
                 "支部委员会");
  c = t.ok(t.branch, id, {{"step", "activist"}, {"done_on", d(m0)}, {"decided_by", "committee"}});
  EXPECT_EQ(c["category"], "activist");
  EXPECT_EQ(c["stage"], "activist");
  EXPECT_EQ(t.record_of(a.id)["category"], "activist");

  // 4 备案 by the higher committee: not the branch's to record.
  t.refused_step(t.branch, id, {{"step", "activist_filing"}, {"done_on", d(m0)}}, 403, "", "");
  c = t.ok(t.college, id, {{"step", "activist_filing"}, {"done_on", d(m0)}});
  EXPECT_EQ(step_of(c, "activist_filing")->at("org_name"), kCollege);

  // 5 培养联系人: one or two full members, not the person.
  t.refused_step(
      t.branch, id,
      {{"step", "contacts"}, {"done_on", d(m0)}, {"contacts", {t.member_id, t.secretary, a.id}}},
      400, "contacts", "1至2名");
  t.refused_step(t.branch, id, {{"step", "contacts"}, {"done_on", d(m0)}, {"contacts", {a.id}}},
                 400, "contacts", "本人");
  c = t.ok(t.branch, id, {{"step", "contacts"}, {"done_on", d(m0)}, {"contacts", {t.member_id}}});
  ASSERT_EQ(c["people"].size(), 1u);
  EXPECT_EQ(c["people"][0]["role"], "contact");
  EXPECT_EQ(c["people"][0]["member_id"], t.member_id);
  ASSERT_TRUE(has_due(c, "activist_review"));

  // 6 培养教育考察 every half year, recorded as time passes.
  t.advance(175);  // still inside the first half year
  t.refused_step(t.branch, id, {{"step", "activist_review"}, {"done_on", d(t.today())}}, 400,
                 "comments", "考察意见");
  t.ok(t.branch, id,
       {{"step", "activist_review"}, {"done_on", d(t.today())}, {"comments", "学习认真"}});
  t.advance(182);  // inside the second half year
  t.ok(t.branch, id,
       {{"step", "activist_review"}, {"done_on", d(t.today())}, {"comments", "积极参加志愿服务"}});
  t.advance(14);  // a year and a week after becoming an activist
  const Date m1 = t.today();
  ASSERT_EQ(weekday(m1), std::chrono::Monday);
  const Date year = add_months(m0, 12);

  // 7 确定发展对象: not before a full year as an activist…
  t.refused_step(t.branch, id, {{"step", "target"}, {"done_on", d(add_days(year, -1))}}, 409,
                 "done_on", "最早可于 " + d(year));
  // …nor without the publicity of at least 5 working days (2026 rules).
  t.refused_step(t.branch, id, {{"step", "target"}, {"done_on", d(m1)}}, 409, "publicity", "公示");
  // The university's calendar: a holiday on the Wednesday, a make-up working day on Saturday.
  Date p = add_days(m1, -7);  // a Monday
  t.set_calendar({{add_days(p, 2), "holiday"}, {add_days(p, 5), "workday"}});
  c = t.publicity(t.branch, id, "target", p);
  ASSERT_EQ(c["publicities"].size(), 1u);
  EXPECT_EQ(c["publicities"][0]["working_days"], 5);
  // Mon, Tue, (Wed off), Thu, Fri, Sat (make-up day): the fifth working day is Saturday.
  EXPECT_EQ(c["publicities"][0]["ends_on"], d(add_days(p, 5)));
  EXPECT_FALSE(c["publicities"][0]["serial"].get<std::string>().empty());
  t.refused_step(t.branch, id, {{"step", "target"}, {"done_on", d(add_days(p, 5))}}, 409, "done_on",
                 "最早可于 " + d(add_days(p, 6)));
  c = t.ok(t.branch, id, {{"step", "target"}, {"done_on", d(add_days(p, 6))}});
  EXPECT_EQ(c["category"], "development_target");
  EXPECT_EQ(c["stage"], "target");
  EXPECT_EQ(t.record_of(a.id)["category"], "development_target");

  // 8 备案.
  t.ok(t.college, id, {{"step", "target_filing"}, {"done_on", d(m1)}});
  auto watched = t.add("魏察看", "full");
  t.watch(watched.id);
  // 9 入党介绍人: two full members; one under 留党察看 is refused.
  t.refused_step(t.branch, id,
                 {{"step", "introducers"}, {"done_on", d(m1)}, {"introducers", {t.member_id}}}, 400,
                 "introducers", "2名");
  t.refused_step(
      t.branch, id,
      {{"step", "introducers"}, {"done_on", d(m1)}, {"introducers", {t.member_id, watched.id}}},
      400, "introducers", "留党察看");
  c = t.ok(
      t.branch, id,
      {{"step", "introducers"}, {"done_on", d(m1)}, {"introducers", {t.member_id, t.secretary}}});
  EXPECT_EQ(step_of(c, "introducers")->at("data")["introducers"].size(), 2u);
  // 10 政治审查 with a written conclusion and its materials: files the caller uploaded.
  t.refused_step(t.branch, id, {{"step", "political_review"}, {"done_on", d(m1)}}, 400,
                 "conclusion", "结论");
  const std::string pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
  auto upload = [&](Client& c) {
    auto r = c.request("POST", "/api/v1/files", pdf, true,
                       {{"Content-Type", "application/pdf"},
                        {"X-File-Name", "%E6%94%BF%E5%AE%A1.pdf"}});  // 政审.pdf
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.value("id", std::int64_t{0});
  };
  const std::int64_t own_file = upload(t.branch), their_file = upload(t.college);
  Json review = {{"step", "political_review"},
                 {"done_on", d(m1)},
                 {"conclusion", "政治历史清楚，合格"},
                 {"files", {their_file}}};
  t.refused_step(t.branch, id, review, 400, "files", "材料文件不存在");
  review["files"] = "政审.pdf";
  t.refused_step(t.branch, id, review, 400, "files", "已上传文件");
  review["files"] = {own_file, own_file};
  c = t.ok(t.branch, id, review);
  const Json* political = step_of(c, "political_review");
  ASSERT_EQ(political->at("files").size(), 1u);
  EXPECT_EQ(political->at("files")[0]["name"], "政审.pdf");
  EXPECT_EQ(political->at("data")["conclusion"], "政治历史清楚，合格");
  auto download = t.college.get(kCases + "/" + s(id) + "/files/" + s(own_file));
  ASSERT_EQ(download.status, 200) << download.body;
  EXPECT_EQ(download.body, pdf);
  EXPECT_EQ(t.branch.get(kCases + "/" + s(id) + "/files/" + s(their_file)).status, 404);
  // 11 短期集中培训: 3 days or 24 class hours.
  t.refused_step(
      t.branch, id,
      {{"step", "short_training"}, {"done_on", d(m1)}, {"training_days", 2}, {"class_hours", 20}},
      400, "training_days", "24个学时");
  c = t.ok(t.branch, id, {{"step", "short_training"}, {"done_on", d(m1)}, {"class_hours", 24}});
  EXPECT_EQ(step_of(c, "short_training")->at("data")["class_hours"], 24);
  // 12 支部委员会审查, 13 预审 by the college, 14 入党志愿书 with its serial.
  t.ok(t.branch, id, {{"step", "branch_review"}, {"done_on", d(m1)}});
  c = t.ok(t.college, id, {{"step", "pre_review"}, {"done_on", d(m1)}});
  EXPECT_EQ(c["stage"], "admission");
  ASSERT_TRUE(has_due(c, "pre_review_vote"));
  t.refused_step(t.branch, id, {{"step", "application_form"}, {"done_on", d(m1)}}, 400,
                 "form_serial", "编号");
  c = t.ok(t.branch, id,
           {{"step", "application_form"}, {"done_on", d(m1)}, {"form_serial", "RD-2026-0001"}});
  EXPECT_EQ(step_of(c, "application_form")->at("data")["form_serial"], "RD-2026-0001");

  // 15 支部党员大会: the admission vote of a real meeting, closed and passed.
  t.refused_step(t.branch, id, {{"step", "admission_vote"}, {"done_on", d(m1)}}, 400, "vote_id",
                 "vote_id");
  std::int64_t vote = t.branch_vote("admission", a.id);
  c = t.ok(t.branch, id, {{"step", "admission_vote"}, {"vote_id", vote}});
  const Json* v15 = step_of(c, "admission_vote");
  ASSERT_NE(v15, nullptr);
  EXPECT_EQ(v15->at("done_on"), d(m1));  // the meeting's date
  EXPECT_EQ(v15->at("data")["vote_id"], vote);
  EXPECT_EQ(v15->at("data")["vote"]["passed"], true);
  EXPECT_EQ(v15->at("data")["vote"]["yes"], 2);
  EXPECT_EQ(c["probation_end"], d(add_years(m1, 1)));

  // 16 谈话 by the higher committee.
  t.ok(t.college, id, {{"step", "approval_talk"}, {"done_on", d(m1)}, {"talker", "张书记"}});
  // 17 审批: the college has no delegated power; the university approves.
  t.refused_step(t.college, id,
                 {{"step", "admission_approval"},
                  {"done_on", d(m1)},
                  {"outcome", "approve"},
                  {"org_id", t.college_org}},
                 409, "org_id", "未获授权");
  t.refused_step(t.college, id,
                 {{"step", "admission_approval"}, {"done_on", d(m1)}, {"outcome", "approve"}}, 403,
                 "", "");
  c = t.ok(t.school, id,
           {{"step", "admission_approval"}, {"done_on", d(m1)}, {"outcome", "approve"}});
  EXPECT_EQ(step_of(c, "admission_approval")->at("org_name"), kUniversity);
  EXPECT_EQ(c["category"], "probationary");
  auto record = t.record_of(a.id);
  EXPECT_EQ(record["category"], "probationary");
  EXPECT_EQ(record["joined_on"], d(m1));  // probation counts from the assembly vote
  // 18 备案 with the organization department (the university's).
  t.refused_step(t.college, id, {{"step", "admission_record"}, {"done_on", d(m1)}}, 403, "", "");
  t.ok(t.school, id, {{"step", "admission_record"}, {"done_on", d(m1)}});
  // 19 编入党支部和党小组.
  auto g =
      t.branch.post("/api/v1/orgs",
                    {{"parent_id", t.branch_org}, {"kind", "party_group"}, {"name", "第一党小组"}});
  ASSERT_EQ(g.status, 201) << g.body;
  c = t.ok(t.branch, id, {{"step", "placement"}, {"done_on", d(m1)}, {"group_id", g.json["id"]}});
  EXPECT_EQ(step_of(c, "placement")->at("data")["group_name"], "第一党小组");
  // 20 入党宣誓.
  c = t.ok(t.branch, id, {{"step", "oath"}, {"done_on", d(m1)}});
  EXPECT_EQ(c["stage"], "probation");

  // 21 预备期考察 during the year; 22 转正申请 when it is nearly over.
  t.advance(182);
  t.ok(t.branch, id,
       {{"step", "probation_review"}, {"done_on", d(t.today())}, {"comments", "发挥模范作用"}});
  t.refused_step(t.branch, id, {{"step", "conversion_application"}, {"done_on", d(t.today())}}, 409,
                 "done_on", "最早可于 " + d(add_months(add_years(m1, 1), -1)));
  t.advance(189);
  const Date m2 = t.today();
  const Date probation_end = add_years(m1, 1);
  ASSERT_FALSE(m2 < probation_end);
  t.ok(t.branch, id,
       {{"step", "probation_review"}, {"done_on", d(m2)}, {"comments", "预备期表现良好"}});
  c = t.ok(t.branch, id, {{"step", "conversion_application"}, {"done_on", d(m2)}});
  ASSERT_TRUE(has_due(c, "probation_ending"));

  // 23 转正 vote in a real meeting, outcome convert.
  std::int64_t conversion = t.branch_vote("conversion", a.id);
  t.refused_step(t.branch, id,
                 {{"step", "conversion_vote"}, {"vote_id", vote}, {"outcome", "convert"}}, 400,
                 "vote_id", "预备党员转正");
  c = t.ok(t.branch, id,
           {{"step", "conversion_vote"}, {"vote_id", conversion}, {"outcome", "convert"}});
  EXPECT_EQ(c["conversion_outcome"], "convert");
  EXPECT_EQ(step_of(c, "conversion_vote")->at("done_on"), d(m2));
  // 24 转正审批 by the university: a full member from the end of probation.
  c = t.ok(t.school, id, {{"step", "conversion_approval"}, {"done_on", d(m2)}});
  EXPECT_EQ(c["category"], "full");
  record = t.record_of(a.id);
  EXPECT_EQ(record["category"], "full");
  EXPECT_EQ(record["joined_on"], d(m1));
  EXPECT_EQ(record["full_on"], d(probation_end));
  ASSERT_TRUE(has_due(c, "archive"));

  // 25 归档 with every item of the checklist.
  auto items = t.archive_items();
  ASSERT_EQ(items.size(), 12u);
  auto partial = items;
  partial.pop_back();
  t.refused_step(t.branch, id, {{"step", "archive"}, {"done_on", d(m2)}, {"checklist", partial}},
                 400, "checklist", "缺少");
  c = t.ok(t.branch, id, {{"step", "archive"}, {"done_on", d(m2)}, {"checklist", items}});
  EXPECT_EQ(c["status"], "completed");
  EXPECT_TRUE(c["next"].empty());
  EXPECT_TRUE(c["dues"].empty());
  t.refused_step(t.branch, id,
                 {{"step", "probation_review"}, {"done_on", d(m2)}, {"comments", "补记"}}, 409,
                 "step", "已结束");

  // Every standard step is on record once (the reviews more often), each checked against the
  // rules of 2026, each audited.
  std::set<std::string> codes;
  for (const auto& x : c["steps"]) {
    codes.insert(x["step"].get<std::string>());
    EXPECT_EQ(x["rule_version"], "2026");
  }
  EXPECT_EQ(codes.size(), 25u);
  EXPECT_EQ(audits(u, "development.step"), static_cast<std::int64_t>(c["steps"].size()) - 1);

  // The person follows their own progress.
  Client self(u);
  self.login(a.login);
  auto mine = self.get("/api/v1/development/mine");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.json["cases"].size(), 1u);
  EXPECT_EQ(mine.json["cases"][0]["id"], id);
  EXPECT_EQ(mine.json["cases"][0]["status"], "completed");
  EXPECT_FALSE(mine.json["cases"][0].contains("can_manage"));
  // …without the branch's working notes: comments, conclusions, votes, materials.
  ASSERT_EQ(mine.json["cases"][0]["steps"].size(), c["steps"].size());
  for (const auto& x : mine.json["cases"][0]["steps"]) {
    EXPECT_TRUE(x.contains("name") && x.contains("done_on") && x.contains("org_name")) << x;
    EXPECT_FALSE(x.contains("comments") || x.contains("data") || x.contains("files")) << x;
  }
  EXPECT_EQ(mine.body.find("学习认真"), std::string::npos);
  EXPECT_EQ(mine.body.find("政治历史清楚"), std::string::npos);
  EXPECT_EQ(self.get(kCases + "/" + s(id)).json["steps"][0].count("comments"), 0u);
  EXPECT_EQ(self.get(kCases + "/" + s(id) + "/files/" + s(own_file)).status, 404);
  EXPECT_GE(u.scalar("SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = "
                     "n.account_id WHERE a.login = ? AND n.kind = 'development.step'",
                     {a.login}),
            24);
  // The board lists it among completed cases, not among the open ones.
  auto board = t.branch.get(kCases + "?status=completed");
  ASSERT_EQ(board.status, 200) << board.body;
  ASSERT_EQ(board.json["items"].size(), 1u);
  EXPECT_EQ(board.json["items"][0]["last_number"], 25);
  EXPECT_TRUE(t.branch.get(kCases).json["items"].empty());
}

// ---- Refusals ----------------------------------------------------------------------------

TEST(Development, ApplicantMustBeEighteenOnTheApplicationDate) {
  TestUniversity u;
  Dev t(u);
  const Date today = t.today();
  // Turned 18 ten days ago.
  Date birth = add_days(add_years(today, -18), -10);
  auto young = t.add("少年", "applicant", 0, {{"id_number", id_number(birth, 7)}});
  auto elsewhere = t.add("外院申请人", "applicant", u.org_id("机械工程学院本科生第一党支部"));
  auto cases = u.scalar("SELECT COUNT(*) FROM dev_cases");
  auto audit = u.audit_count();
  auto r =
      t.branch.post(kCases, {{"member_id", young.id}, {"applied_on", d(add_days(today, -20))}});
  expect_error(r, 409, "applied_on", "最早可于 " + d(add_days(today, -10)));
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find("十八周岁"), std::string::npos);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dev_cases"), cases);
  EXPECT_EQ(u.audit_count(), audit);
  // Input mistakes.
  expect_error(t.branch.post(kCases, {{"applied_on", d(today)}}), 400, "member_id", "");
  expect_error(t.branch.post(kCases, {{"member_id", young.id}}), 400, "applied_on", "");
  expect_error(t.branch.post(kCases, {{"member_id", young.id}, {"applied_on", "2026-02-30"}}), 400,
               "applied_on", "");
  expect_error(
      t.branch.post(kCases,
                    {{"member_id", young.id}, {"applied_on", d(today)}, {"rule_version", "2020"}}),
      400, "rule_version", "2014");
  expect_error(
      t.branch.post(kCases, {{"member_id", young.id}, {"applied_on", d(add_days(today, 1))}}), 409,
      "applied_on", "不能晚于今天");
  // Only registry applicants start a case, and only in the caller's reach.
  expect_error(t.branch.post(kCases, {{"member_id", t.member_id}, {"applied_on", d(today)}}), 409,
               "member_id", "入党申请人");
  EXPECT_EQ(t.branch.post(kCases, {{"member_id", elsewhere.id}, {"applied_on", d(today)}}).status,
            404);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dev_cases"), cases);
  EXPECT_EQ(u.audit_count(), audit);
  // On the day after the 18th birthday it is fine.
  auto c = t.start(t.branch, young.id, add_days(today, -9));
  EXPECT_EQ(c["birth_date"], d(birth));
}

TEST(Development, RefusalsNameTheRuleAndTheDateAndWriteNothing) {
  TestUniversity u;
  Dev t(u);
  const Date today = t.today();

  // Order and dates.
  auto a = t.add("顺序测试", "applicant");
  auto id = t.open(t.branch, a.id, add_days(today, -5));
  t.refused_step(t.branch, id,
                 {{"step", "activist"}, {"done_on", d(today)}, {"decided_by", "committee"}}, 409,
                 "step", "请先完成第2步“与入党申请人谈话”");
  t.refused_step(t.branch, id, {{"step", "application_talk"}, {"done_on", d(add_days(today, 1))}},
                 409, "done_on", "不能晚于今天");
  t.refused_step(t.branch, id, {{"step", "application_talk"}, {"done_on", d(add_days(today, -6))}},
                 409, "done_on", "不能早于上一步的日期（" + d(add_days(today, -5)));
  t.refused_step(t.branch, id, {{"step", "application"}, {"done_on", d(today)}}, 409, "step",
                 "不能重复办理");
  t.refused_step(t.branch, id, {{"step", "oath-ish"}, {"done_on", d(today)}}, 400, "step", "未知");
  t.refused_step(t.branch, id, {{"done_on", d(today)}}, 400, "step", "");
  t.refused_step(t.branch, id, {{"step", "application_talk"}}, 400, "done_on", "办理日期");
  t.refused_step(t.branch, id, {{"step", "application_talk"}, {"done_on", 20260101}}, 400,
                 "done_on", "");
  t.refused_step(t.member, id, {{"step", "application_talk"}, {"done_on", d(today)}}, 404, "", "");

  // A late talk needs a written reason, and is flagged.
  auto late = t.add("逾期测试", "applicant");
  Date applied = add_days(today, -45);
  auto lid = t.open(t.branch, late.id, applied);
  t.refused_step(t.branch, lid, {{"step", "application_talk"}, {"done_on", d(today)}}, 409,
                 "late_reason", "最迟 " + d(add_months(applied, 1)));
  auto c = t.ok(t.branch, lid,
                {{"step", "application_talk"},
                 {"done_on", d(today)},
                 {"late_reason", "申请人寒假离校，返校后补谈"}});
  const Json* talk = step_of(c, "application_talk");
  ASSERT_NE(talk, nullptr);
  EXPECT_EQ(talk->at("late_reason"), "申请人寒假离校，返校后补谈");
  EXPECT_EQ(talk->at("data")["late"], true);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'development.step' AND "
                     "object_id = ? AND changes LIKE '%\"late\":true%'",
                     {s(lid)}),
            1);
  // A reason given when nothing is late is not stored.
  c = t.ok(t.branch, lid,
           {{"step", "activist"},
            {"done_on", d(today)},
            {"decided_by", "assembly"},
            {"late_reason", "无"}});
  EXPECT_TRUE(step_of(c, "activist")->at("late_reason").is_null());

  // An early development target: the message names the first possible day.
  auto early = t.add("提前测试", "applicant");
  Date e_applied = add_days(today, -300);
  auto eid = t.open(t.branch, early.id, e_applied);
  t.drive(eid, e_applied, 6, t.branch, t.college);
  Date a3 = add_days(e_applied, 30);
  t.refused_step(t.branch, eid, {{"step", "target"}, {"done_on", d(today)}}, 409, "done_on",
                 "最早可于 " + d(add_months(a3, 12)));
  auto ec = t.get(t.branch, eid);
  ASSERT_EQ(ec["next"].size(), 2u);  // the review, and the target with its refusal
  EXPECT_EQ(ec["next"][1]["step"], "target");
  EXPECT_EQ(ec["next"][1]["verdict"]["kind"], "refused");
  EXPECT_EQ(ec["next"][1]["verdict"]["earliest"], d(add_months(a3, 12)));
  EXPECT_EQ(ec["next"][1]["publicity_working_days"], 5);

  // Missing half-yearly reviews hold the development target back.
  auto gap = t.add("考察缺漏", "applicant");
  Date g_applied = add_days(today, -600);
  auto gid = t.open(t.branch, gap.id, g_applied);
  t.drive(gid, g_applied, 5, t.branch, t.college);
  Date g3 = add_days(g_applied, 30);
  t.ok(t.branch, gid,
       {{"step", "activist_review"}, {"done_on", d(add_months(g3, 6))}, {"comments", "良好"}});
  t.publicity(t.branch, gid, "target", add_days(add_months(g3, 12), 1));
  t.refused_step(t.branch, gid,
                 {{"step", "target"}, {"done_on", d(add_days(add_months(g3, 12), 20))}}, 409,
                 "step", "没有考察记录");

  // Pre-review when the person graduates within 3 months.
  auto grad = t.add("毕业生", "applicant", 0, {{"graduation_on", d(add_months(today, 2))}});
  Date p_applied = add_days(today, -600);
  auto pid = t.open(t.branch, grad.id, p_applied);
  t.drive(pid, p_applied, 12, t.branch, t.college);
  t.refused_step(t.college, pid, {{"step", "pre_review"}, {"done_on", d(today)}}, 409, "done_on",
                 d(add_months(today, 2)));
  // The person stays (e.g. for graduate school): the case's own date replaces graduation.
  auto patched = t.branch.patch(kCases + "/" + s(pid), {{"leaves_on", d(add_years(today, 3))}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json["leaves_on"], d(add_years(today, 3)));
  t.ok(t.college, pid, {{"step", "pre_review"}, {"done_on", d(today)}});

  // The assembly more than a month after the pre-review: refused, the pre-review is redone.
  auto slow = t.add("预审过期", "applicant");
  Date s_applied = add_days(today, -600);
  auto sid = t.open(t.branch, slow.id, s_applied);
  Date pre = add_days(today, -40);
  t.drive(sid, s_applied, 14, t.branch, t.college, pre);
  std::int64_t vote = t.branch_vote("admission", slow.id);
  t.refused_step(t.branch, sid, {{"step", "admission_vote"}, {"vote_id", vote}}, 409, "done_on",
                 "最迟 " + d(add_months(pre, 1)));
  c = t.ok(t.college, sid, {{"step", "pre_review"}, {"done_on", d(today)}});
  int pre_reviews = 0, superseded = 0;
  for (const auto& x : c["steps"])
    if (x["step"] == "pre_review") {
      ++pre_reviews;
      superseded += x["superseded"].get<bool>() ? 1 : 0;
    }
  EXPECT_EQ(pre_reviews, 2);
  EXPECT_EQ(superseded, 1);
  c = t.ok(t.branch, sid, {{"step", "admission_vote"}, {"vote_id", vote}});
  EXPECT_EQ(step_of(c, "admission_vote")->at("done_on"), d(today));
  // A form serial is used once in the university.
  std::string used = step_of(c, "application_form")->at("data")["form_serial"];
  t.refused_step(t.branch, pid,
                 {{"step", "application_form"}, {"done_on", d(today)}, {"form_serial", used}}, 409,
                 "form_serial", "已被使用");

  // Approval: late after 3 months (with a reason), refused after 6.
  t.ok(t.college, sid, {{"step", "approval_talk"}, {"done_on", d(today)}, {"talker", "李委员"}});
  t.advance(200);
  t.refused_step(
      t.school, sid,
      {{"step", "admission_approval"}, {"done_on", d(t.today())}, {"outcome", "approve"}}, 409,
      "done_on", d(add_months(today, 6)));
  Date four = add_months(today, 4);
  t.refused_step(t.school, sid,
                 {{"step", "admission_approval"}, {"done_on", d(four)}, {"outcome", "approve"}},
                 409, "late_reason", "三个月内");
  c = t.ok(t.school, sid,
           {{"step", "admission_approval"},
            {"done_on", d(four)},
            {"outcome", "approve"},
            {"late_reason", "材料补充审核"}});
  EXPECT_EQ(step_of(c, "admission_approval")->at("data")["late"], true);
  EXPECT_EQ(t.record_of(slow.id)["joined_on"], d(today));
}

// ---- Extension, cancellation -------------------------------------------------------------

TEST(Development, ProbationIsExtendedOnceThenConverted) {
  TestUniversity u;
  Dev t(u);
  const Date m1 = t.today();
  auto e = t.add("延期考察", "applicant");
  auto k = t.add("取消资格", "applicant");
  Date applied = add_days(m1, -600);
  auto eid = t.open(t.branch, e.id, applied);
  auto kid = t.open(t.branch, k.id, applied);
  t.drive(eid, applied, 14, t.branch, t.college);
  t.drive(kid, applied, 14, t.branch, t.college);
  t.admit(eid, t.branch_vote("admission", e.id));
  t.admit(kid, t.branch_vote("admission", k.id));
  // A probationary member's case is not simply cancelled.
  t.refused(
      eid,
      [&] {
        return t.branch.post(kCases + "/" + s(eid) + "/cancel", {{"reason", "本人要求"}});
      },
      409, "reason", "取消预备党员资格");

  t.advance(371);
  const Date end = add_years(m1, 1);
  for (auto id : {eid, kid})
    t.ok(t.branch, id, {{"step", "conversion_application"}, {"done_on", d(t.today())}});
  // Extend: by 6 to 12 months, with the reason.
  Json extend = {{"step", "conversion_vote"}, {"done_on", d(t.today())}, {"outcome", "extend"}};
  t.refused_step(t.branch, eid, extend, 400, "comments", "理由");
  extend["comments"] = "群众意见较多，需继续考察";
  extend["extension_months"] = 5;
  t.refused_step(t.branch, eid, extend, 400, "extension_months", "6至12个月");
  extend["extension_months"] = 6;
  auto c = t.ok(t.branch, eid, extend);
  EXPECT_EQ(c["conversion_outcome"], "extend");
  EXPECT_EQ(c["extension_months"], 6);
  const Date new_end = add_months(end, 6);
  EXPECT_EQ(c["probation_end"], d(new_end));
  EXPECT_EQ(c["category"], "probationary");
  // The extended probation must run out before the branch discusses conversion again.
  ASSERT_FALSE(c["next"].empty());
  EXPECT_EQ(c["next"].back()["step"], "conversion_vote");
  t.refused_step(t.branch, eid,
                 {{"step", "conversion_vote"},
                  {"done_on", d(t.today())},
                  {"outcome", "cancel"},
                  {"comments", "x"}},
                 409, "done_on", "最早可于 " + d(new_end));
  // Cancel: the branch decides, the university approves, the registry status follows.
  t.ok(t.branch, kid,
       {{"step", "conversion_vote"},
        {"done_on", d(t.today())},
        {"outcome", "cancel"},
        {"comments", "预备期间违反纪律"}});
  c = t.ok(t.school, kid, {{"step", "conversion_approval"}, {"done_on", d(t.today())}});
  EXPECT_EQ(c["status"], "cancelled");
  EXPECT_EQ(c["cancel_reason"], "取消预备党员资格");
  EXPECT_EQ(t.record_of(k.id)["status"], "cancelled");

  t.advance(190);
  ASSERT_FALSE(t.today() < new_end);
  // Only one extension.
  Json again = {{"step", "conversion_vote"},
                {"done_on", d(t.today())},
                {"outcome", "extend"},
                {"comments", "再延长"},
                {"extension_months", 6}};
  t.refused_step(t.branch, eid, again, 400, "extension_months", "只能延长一次");
  std::int64_t vote = t.branch_vote("conversion", e.id);
  c = t.ok(t.branch, eid, {{"step", "conversion_vote"}, {"vote_id", vote}, {"outcome", "convert"}});
  EXPECT_EQ(c["conversion_outcome"], "convert");
  c = t.ok(t.school, eid, {{"step", "conversion_approval"}, {"done_on", d(t.today())}});
  auto record = t.record_of(e.id);
  EXPECT_EQ(record["category"], "full");
  EXPECT_EQ(record["full_on"], d(new_end));
  EXPECT_EQ(record["joined_on"], d(m1));
}

TEST(Development, CancelledCaseStopsWithItsReason) {
  TestUniversity u;
  Dev t(u);
  const Date today = t.today();
  auto a = t.add("终止测试", "applicant");
  auto id = t.open(t.branch, a.id, add_days(today, -60));
  t.drive(id, add_days(today, -60), 3, t.branch, t.college);
  std::string path = kCases + "/" + s(id) + "/cancel";
  t.refused(
      id, [&] { return t.branch.post(path, Json::object()); }, 400, "reason", "原因");
  t.refused(
      id,
      [&] {
        return t.branch.post(path, {{"reason", "x"}, {"on", d(add_days(today, 1))}});
      },
      400, "on", "不能晚于今天");
  t.refused(
      id,
      [&] {
        return t.member.post(path, {{"reason", "越权"}});
      },
      404, "", "");
  auto r = t.branch.post(path, {{"reason", "本人申请撤回"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["status"], "cancelled");
  EXPECT_EQ(r.json["cancel_reason"], "本人申请撤回");
  EXPECT_EQ(r.json["cancelled_on"], d(today));
  EXPECT_TRUE(r.json["next"].empty());
  EXPECT_TRUE(r.json["dues"].empty());
  EXPECT_EQ(audits(u, "development.cancel"), 1);
  t.refused_step(t.branch, id, {{"step", "activist_filing"}, {"done_on", d(today)}}, 409, "step",
                 "已结束");
  t.refused(
      id,
      [&] {
        return t.branch.post(path, {{"reason", "again"}});
      },
      409, "reason", "已结束");
  // The board keeps it among cancelled cases.
  auto cancelled = t.branch.get(kCases + "?status=cancelled");
  ASSERT_EQ(cancelled.json["items"].size(), 1u);
  EXPECT_EQ(cancelled.json["items"][0]["status_name"], "已终止");
  EXPECT_TRUE(t.branch.get(kCases).json["items"].empty());
  EXPECT_EQ(t.branch.get(kCases + "?status=whatever").status, 400);
}

// ---- Transfers ---------------------------------------------------------------------------

TEST(Development, TransferKeepsTheHistoryAndTheTrainingTime) {
  TestUniversity u;
  Dev t(u);
  const Date today = t.today();
  auto a = t.add("转接积极分子", "applicant");
  Date applied = add_days(today, -420);
  auto id = t.open(t.branch, a.id, applied);
  t.drive(id, applied, 5, t.branch, t.college);
  Date a3 = add_days(applied, 30);
  t.ok(t.branch, id,
       {{"step", "activist_review"}, {"done_on", d(add_months(a3, 6))}, {"comments", "良好"}});

  // Moved to the college's second undergraduate branch through the registry's transfer.
  auto r = t.branch.post("/api/v1/transfers", {{"direction", "internal"},
                                               {"member_id", a.id},
                                               {"to_org_id", t.branch2_org},
                                               {"reason", "转专业"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string transfer = "/api/v1/transfers/" + s(r.json["id"].get<std::int64_t>());
  ASSERT_EQ(t.branch.post(transfer + "/approve").status, 200);
  auto done = t.college.post(transfer + "/confirm");
  ASSERT_EQ(done.status, 200) << done.body;

  // The old branch no longer sees the case; the new one has it with every earlier step.
  EXPECT_EQ(t.branch.get(kCases + "/" + s(id)).status, 404);
  auto c = t.get(t.college, id);
  EXPECT_EQ(c["org_name"], kBranch2);
  EXPECT_EQ(c["steps"].size(), 6u);
  EXPECT_EQ(step_of(c, "activist")->at("org_name"), kBranch);
  // The second review in the new branch; the year as an activist and the first review count.
  c = t.ok(t.college, id,
           {{"step", "activist_review"},
            {"done_on", d(add_months(a3, 12))},
            {"comments", "新支部考察"}});
  EXPECT_EQ(step_of(c, "activist_review")->at("org_name"), kBranch2);
  t.publicity(t.college, id, "target", add_days(add_months(a3, 12), 1));
  c = t.ok(t.college, id, {{"step", "target"}, {"done_on", d(today)}});
  EXPECT_EQ(c["category"], "development_target");
  EXPECT_EQ(step_of(c, "target")->at("org_name"), kBranch2);
}

// ---- Approval powers ---------------------------------------------------------------------

TEST(Development, ApprovalBelongsToTheUniversityOrADelegatedCollege) {
  TestUniversity u;
  Dev t(u);
  const Date today = t.today();
  Date applied = add_days(today, -600);

  // Under a 党总支, which only deliberates: filing and approval go to the university.
  const std::int64_t arts = u.org_id(kArtsBranch);
  const std::int64_t general = u.org_id(kGeneralBranch);
  auto g = t.add("总支对象", "applicant", arts);
  auto f1 = t.add("总支党员甲", "full", arts);
  auto f2 = t.add("总支党员乙", "full", arts);
  auto gid = t.open(t.school, g.id, applied);
  t.drive(gid, applied, 14, t.school, t.school);
  auto c = t.get(t.school, gid);
  EXPECT_EQ(step_of(c, "activist_filing")->at("org_name"), kUniversity);
  EXPECT_EQ(step_of(c, "pre_review")->at("org_name"), kUniversity);
  auto vote =
      t.assembly_vote(t.school, arts, f1.id, {{f1.id, &t.as(f1.login)}, {f2.id, &t.as(f2.login)}},
                      "admission", g.id);
  t.ok(t.school, gid, {{"step", "admission_vote"}, {"vote_id", vote}});
  Json talk = {{"step", "approval_talk"}, {"done_on", d(today)}, {"talker", "王委员"}};
  talk["org_id"] = general;
  t.refused_step(t.school, gid, talk, 409, "org_id", "党总支");
  talk.erase("org_id");
  t.ok(t.school, gid, talk);
  Json approve = {{"step", "admission_approval"}, {"done_on", d(today)}, {"outcome", "approve"}};
  approve["org_id"] = general;
  t.refused_step(t.school, gid, approve, 409, "org_id", "党总支");
  approve["org_id"] = arts;
  t.refused_step(t.school, gid, approve, 400, "org_id", "上级党委");
  approve["org_id"] = t.college_org;  // not above the person
  t.refused_step(t.school, gid, approve, 400, "org_id", "上级党委");
  approve.erase("org_id");
  c = t.ok(t.school, gid, approve);
  EXPECT_EQ(step_of(c, "admission_approval")->at("org_name"), kUniversity);
  EXPECT_EQ(c["category"], "probationary");

  // A college committee approves only with delegated power.
  auto h = t.add("学院审批", "applicant");
  auto hid = t.open(t.branch, h.id, applied);
  t.drive(hid, applied, 14, t.branch, t.college);
  t.ok(t.branch, hid, {{"step", "admission_vote"}, {"vote_id", t.branch_vote("admission", h.id)}});
  t.ok(t.college, hid, {{"step", "approval_talk"}, {"done_on", d(today)}, {"talker", "张书记"}});
  approve["org_id"] = t.college_org;
  t.refused_step(t.college, hid, approve, 409, "org_id", "未获授权");
  approve.erase("org_id");
  t.refused_step(t.college, hid, approve, 403, "", "");
  // There is no API for the flag yet: the university sets it in the org table.
  u.db().write([&](zhdj::db::Tx& tx) {
    tx.exec("UPDATE orgs SET approval_delegated = 1 WHERE id = ?", {t.college_org});
  });
  t.refused_step(t.branch, hid, approve, 403, "", "");  // a branch never approves
  c = t.ok(t.college, hid, approve);
  EXPECT_EQ(step_of(c, "admission_approval")->at("org_name"), kCollege);
  EXPECT_EQ(t.record_of(h.id)["category"], "probationary");
  // Filing with the organization department stays with the university.
  t.refused_step(t.college, hid,
                 {{"step", "admission_record"}, {"done_on", d(today)}, {"org_id", t.college_org}},
                 400, "org_id", "组织部门");
  t.ok(t.school, hid, {{"step", "admission_record"}, {"done_on", d(today)}});
}

// ---- To-do lists, the applicant's view, reminders ----------------------------------------

TEST(Development, ToDoListsRollUpAndRemindersGoOutOncePerDeadline) {
  TestUniversity u;
  Dev t(u);
  const Date today = t.today();
  auto r1 = t.add("待谈话甲", "applicant");
  auto r2 = t.add("待谈话乙", "applicant");
  auto r3 = t.add("二支部申请人", "applicant", t.branch2_org);
  auto c1 = t.open(t.branch, r1.id, add_days(today, -25));  // talk due within a week
  auto c2 = t.open(t.branch, r2.id, add_days(today, -3));
  auto c3 = t.open(t.college, r3.id, add_days(today, -40));  // talk overdue
  const Date due1 = add_months(add_days(today, -25), 1);

  // The branch: its own cases, soonest deadline first.
  auto todo = t.branch.get("/api/v1/development/todo");
  ASSERT_EQ(todo.status, 200) << todo.body;
  ASSERT_EQ(todo.json["items"].size(), 2u) << todo.body;
  EXPECT_EQ(todo.json["items"][0]["case_id"], c1);
  EXPECT_EQ(todo.json["items"][0]["kind"], "talk");
  EXPECT_EQ(todo.json["items"][0]["step"], "application_talk");
  EXPECT_EQ(todo.json["items"][0]["due_on"], d(due1));
  EXPECT_EQ(todo.json["items"][0]["overdue"], false);
  EXPECT_EQ(todo.json["items"][0]["name"], "待谈话甲");
  EXPECT_EQ(todo.json["items"][1]["case_id"], c2);
  EXPECT_EQ(todo.json["total"], 2);
  EXPECT_EQ(todo.json["overdue"], 0);
  EXPECT_EQ(todo.json["cases"], 2);
  EXPECT_EQ(todo.json["today"], d(today));
  // The college: overdue items first, counts per branch.
  auto roll = t.college.get("/api/v1/development/todo?org_id=" + s(t.college_org));
  ASSERT_EQ(roll.status, 200) << roll.body;
  ASSERT_EQ(roll.json["items"].size(), 3u);
  EXPECT_EQ(roll.json["items"][0]["case_id"], c3);
  EXPECT_EQ(roll.json["items"][0]["overdue"], true);
  EXPECT_EQ(roll.json["overdue"], 1);
  EXPECT_EQ(roll.json["cases"], 3);
  std::map<std::int64_t, std::pair<int, int>> by_org;
  for (const auto& o : roll.json["by_org"])
    by_org[o["org_id"].get<std::int64_t>()] = {o["items"].get<int>(), o["overdue"].get<int>()};
  EXPECT_EQ(by_org[t.branch_org], std::make_pair(2, 0));
  EXPECT_EQ(by_org[t.branch2_org], std::make_pair(1, 1));
  EXPECT_GE(by_org.size(), 3u);  // every child of the college, with or without items
  EXPECT_EQ(t.branch.get("/api/v1/development/todo?org_id=" + s(t.college_org)).status, 404);
  // The board: stage, last step, next item, overdue count.
  auto board = t.college.get(kCases + "?org_id=" + s(t.college_org));
  ASSERT_EQ(board.status, 200) << board.body;
  ASSERT_EQ(board.json["items"].size(), 3u);
  for (const auto& i : board.json["items"]) {
    EXPECT_EQ(i["stage"], "applicant");
    EXPECT_EQ(i["last_number"], 1);
    EXPECT_EQ(i["next"]["kind"], "talk");
    EXPECT_EQ(i["overdue"], i["id"] == c3 ? 1 : 0);
  }
  EXPECT_EQ(t.branch.get(kCases).json["items"].size(), 2u);

  // Reminders: the week before a deadline, to the branch's administrators (to the college's
  // when the branch has none), once per deadline however often the scheduler runs.
  u.platform().run_due_jobs();
  EXPECT_EQ(t.notices("development.reminder", c1, "demo-branch"), 1);
  EXPECT_EQ(t.notices("development.reminder", c2, "demo-branch"), 0);
  EXPECT_EQ(t.notices("development.overdue", c3, "demo-college"), 1);
  u.platform().run_due_jobs();
  u.platform().clock().advance(11 * kMinute);
  u.platform().run_due_jobs();
  EXPECT_EQ(t.notices("development.reminder", c1, "demo-branch"), 1);
  EXPECT_EQ(t.notices("development.overdue", c3, "demo-college"), 1);
  // Past the deadline: one overdue notice.
  t.advance(8);
  u.platform().run_due_jobs();
  u.platform().clock().advance(11 * kMinute);
  u.platform().run_due_jobs();
  EXPECT_EQ(t.notices("development.overdue", c1, "demo-branch"), 1);
  EXPECT_EQ(t.notices("development.reminder", c1, "demo-branch"), 1);
  EXPECT_EQ(t.notices("development.reminder", c2, "demo-branch"), 0);
  EXPECT_EQ(t.notices("development.overdue", c3, "demo-college"), 1);

  // The applicant sees their own case and nobody else's.
  Client self(u);
  self.login(r1.login);
  auto mine = self.get("/api/v1/development/mine");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.json["cases"].size(), 1u);
  EXPECT_EQ(mine.json["cases"][0]["id"], c1);
  EXPECT_EQ(mine.json["cases"][0]["dues"][0]["kind"], "talk");
  EXPECT_EQ(mine.json["cases"][0]["dues"][0]["overdue"], true);
  EXPECT_FALSE(mine.json["cases"][0].contains("can_manage"));
  EXPECT_EQ(self.get(kCases + "/" + s(c1)).status, 200);
  EXPECT_EQ(self.get(kCases + "/" + s(c2)).status, 404);
  EXPECT_EQ(t.step(self, c1, {{"step", "application_talk"}, {"done_on", d(t.today())}}).status,
            404);
  EXPECT_TRUE(self.get("/api/v1/development/todo").json["items"].empty());
  EXPECT_TRUE(t.member.get("/api/v1/development/mine").json["cases"].empty());
}

// ---- University settings -----------------------------------------------------------------

TEST(Development, RuleVersionIsTheUniversitysAndCasesKeepTheirs) {
  TestUniversity u;
  Dev t(u);
  const Date today = t.today();
  auto cat = t.branch.get("/api/v1/development/catalogue");
  ASSERT_EQ(cat.status, 200) << cat.body;
  ASSERT_EQ(cat.json["steps"].size(), 25u);
  EXPECT_EQ(cat.json["steps"][6]["step"], "target");
  EXPECT_EQ(cat.json["steps"][6]["number"], 7);
  EXPECT_EQ(cat.json["steps"][16]["actor"], "approver");
  EXPECT_EQ(cat.json["stages"].size(), 5u);
  EXPECT_EQ(cat.json["rule_sets"].size(), 2u);
  EXPECT_EQ(cat.json["rule_version"], "2026");

  Date applied = add_days(today, -600);
  Date target = add_days(add_months(add_days(applied, 30), 12), 20);
  auto newer = t.add("新规对象", "applicant");
  auto nid = t.open(t.branch, newer.id, applied);

  const std::string path = "/api/v1/development/settings/rule-version";
  auto audit = u.audit_count();
  expect_error(t.college.put(path, {{"rule_version", "2014"}}), 403, "", "");
  expect_error(t.school.put(path, {{"rule_version", "2020"}}), 400, "rule_version", "2014");
  EXPECT_EQ(u.audit_count(), audit);
  auto sw = t.school.put(path, {{"rule_version", "2014"}});
  ASSERT_EQ(sw.status, 200) << sw.body;
  EXPECT_EQ(sw.json["rule_version"], "2014");
  EXPECT_EQ(t.branch.get("/api/v1/development/catalogue").json["rule_version"], "2014");

  // Under the 2014 rules no publicity comes before the development target.
  auto older = t.add("旧规对象", "applicant");
  auto oid = t.open(t.branch, older.id, applied);
  EXPECT_EQ(t.get(t.branch, oid)["rule_version"], "2014");
  t.drive(oid, applied, 6, t.branch, t.college);
  expect_error(t.branch.post(kCases + "/" + s(oid) + "/publicity",
                             {{"step", "target"}, {"starts_on", d(today)}}),
               400, "step", "不需要公示");
  auto c = t.ok(t.branch, oid, {{"step", "target"}, {"done_on", d(target)}});
  EXPECT_EQ(c["category"], "development_target");
  EXPECT_EQ(step_of(c, "target")->at("rule_version"), "2014");
  // The case opened under 2026 keeps its rules.
  t.drive(nid, applied, 6, t.branch, t.college);
  t.refused_step(t.branch, nid, {{"step", "target"}, {"done_on", d(target)}}, 409, "publicity",
                 "5个工作日");
  // Other rules for one case (e.g. applied for before a revision) only by who sets the rules.
  auto named = t.add("指定版本", "applicant");
  Json body = {{"member_id", named.id}, {"applied_on", d(applied)}, {"rule_version", "2026"}};
  auto cases = u.scalar("SELECT COUNT(*) FROM dev_cases");
  expect_error(t.branch.post(kCases, body), 403, "", "统一设置");
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dev_cases"), cases);
  body["rule_version"] = "2014";  // the university's own: anyone may name it
  ASSERT_EQ(t.branch.post(kCases, body).status, 201);
  auto other = t.add("指定版本乙", "applicant");
  auto r = t.school.post(
      kCases, {{"member_id", other.id}, {"applied_on", d(applied)}, {"rule_version", "2026"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["rule_version"], "2026");
}

TEST(Development, ExtraStepOfTheUniversityBlocksTheNextStandardStep) {
  TestUniversity u;
  Dev t(u);
  const Date m1 = t.today();
  const std::string extra = "/api/v1/development/settings/extra-steps";
  auto audit = u.audit_count();
  expect_error(t.college.post(extra, {{"name", "转正公示"}, {"after", 22}}), 403, "", "");
  expect_error(t.school.post(extra, {{"name", ""}, {"after", 22}}), 400, "name", "");
  expect_error(t.school.post(extra, {{"name", "转正公示"}, {"after", 25}}), 400, "after", "");
  expect_error(t.school.post(extra, {{"name", "转正公示"}, {"after", "22"}}), 400, "after", "");
  expect_error(
      t.school.post(extra, {{"name", "转正公示"}, {"after", 22}, {"publicity_working_days", 31}}),
      400, "publicity_working_days", "");
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dev_extra_steps"), 0);
  EXPECT_EQ(u.audit_count(), audit);
  auto added =
      t.school.post(extra, {{"name", "转正公示"}, {"after", 22}, {"publicity_working_days", 5}});
  ASSERT_EQ(added.status, 201) << added.body;
  ASSERT_EQ(added.json["extra_steps"].size(), 1u);
  const std::string code = added.json["extra_steps"][0]["step"];
  EXPECT_EQ(added.json["extra_steps"][0]["after"], 22);
  EXPECT_EQ(added.json["extra_steps"][0]["publicity_working_days"], 5);

  // A probationary member a year on.
  auto p = t.add("转正公示对象", "applicant");
  Date applied = add_days(m1, -600);
  auto id = t.open(t.branch, p.id, applied);
  t.drive(id, applied, 14, t.branch, t.college);
  t.admit(id, t.branch_vote("admission", p.id));
  t.advance(371);
  const Date m2 = t.today();
  auto c = t.ok(t.branch, id, {{"step", "conversion_application"}, {"done_on", d(m2)}});
  // The extra step is what comes next, and the conversion vote waits for it.
  ASSERT_FALSE(c["next"].empty());
  EXPECT_EQ(c["next"].back()["step"], code);
  EXPECT_EQ(c["next"].back()["name"], "转正公示");
  EXPECT_EQ(c["next"].back()["verdict"]["field"], "publicity");
  bool listed = false;
  for (const auto& x : c["dues"])
    if (x["kind"] == "extra") {
      listed = true;
      EXPECT_EQ(x["step"], code);
    }
  EXPECT_TRUE(listed);
  t.refused_step(
      t.branch, id,
      {{"step", "conversion_vote"}, {"done_on", d(m2)}, {"outcome", "cancel"}, {"comments", "x"}},
      409, "step", "本校规定的步骤“转正公示”");
  t.refused_step(t.branch, id, {{"step", code}, {"done_on", d(m2)}}, 409, "publicity", "公示");
  c = t.publicity(t.branch, id, code, m2);
  EXPECT_EQ(c["publicities"].back()["ends_on"], d(add_days(m2, 4)));  // Monday to Friday
  t.refused_step(t.branch, id, {{"step", code}, {"done_on", d(m2)}}, 409, "done_on",
                 "最早可于 " + d(add_days(m2, 5)));
  t.advance(7);
  c = t.ok(t.branch, id, {{"step", code}, {"done_on", d(t.today())}});
  EXPECT_EQ(step_of(c, code)->at("name"), "转正公示");
  EXPECT_EQ(step_of(c, code)->at("number"), 22);
  t.refused_step(t.branch, id, {{"step", code}, {"done_on", d(t.today())}}, 409, "step",
                 "不能重复办理");
  c = t.ok(t.branch, id,
           {{"step", "conversion_vote"},
            {"vote_id", t.branch_vote("conversion", p.id)},
            {"outcome", "convert"}});
  EXPECT_EQ(c["conversion_outcome"], "convert");

  // Removed, it is no longer asked of anyone; what was recorded stays.
  auto step_id = added.json["extra_steps"][0]["id"].get<std::int64_t>();
  auto denied = t.branch.del(extra + "/" + s(step_id));
  EXPECT_TRUE(denied.status == 403 || denied.status == 404) << denied.body;
  auto removed = t.school.del(extra + "/" + s(step_id));
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_TRUE(removed.json["extra_steps"].empty());
  EXPECT_EQ(t.school.del(extra + "/" + s(step_id)).status, 404);
  EXPECT_NE(step_of(t.get(t.branch, id), code), nullptr);
}

TEST(Development, CalendarRefusesBadDaysAndWritesNothing) {
  TestUniversity u;
  Dev t(u);
  const int year = static_cast<int>(t.today().year());
  const std::string path = "/api/v1/development/calendar";
  auto audit = u.audit_count();
  auto put = [&](const Json& body) { return t.school.put(path, body); };
  auto day = [&](const Json& v, const char* kind = "holiday") {
    return Json{{"year", year}, {"days", {{{"day", v}, {"kind", kind}}}}};
  };
  expect_error(put({{"year", 1999}, {"days", Json::array()}}), 400, "year", "2000");
  expect_error(put({{"days", Json::array()}}), 400, "year", "");
  expect_error(put({{"year", year}}), 400, "days", "days");
  expect_error(put({{"year", year}, {"days", {"2026-10-01"}}}), 400, "days", "days");
  expect_error(put(day(fmt::format("{}-13-01", year))), 400, "days", fmt::format("{}-13-01", year));
  expect_error(put(day(fmt::format("{}-10-01", year + 1))), 400, "days", "属于");
  expect_error(put(day(20261001)), 400, "days", "2026-10-01");
  expect_error(put(day(fmt::format("{}-10-01", year), "rest")), 400, "days", "holiday");
  expect_error(put(day(fmt::format("{}-10-01", year), "")), 400, "days", "holiday");
  Json long_name = day(fmt::format("{}-10-01", year));
  long_name["days"][0]["name"] = "中华人民共和国成立七十七周年国庆节假期第一天全校放假安排通知书";
  expect_error(put(long_name), 400, "days", "30 字");
  long_name["days"][0]["name"] = 1;
  expect_error(put(long_name), 400, "days", "30 字");
  auto denied = t.branch.put(path, day(fmt::format("{}-10-01", year)));
  EXPECT_TRUE(denied.status == 403 || denied.status == 404) << denied.body;
  EXPECT_EQ(t.college.put(path, day(fmt::format("{}-10-01", year))).status, 403);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dev_calendar"), 0);
  EXPECT_EQ(u.audit_count(), audit);

  auto ok =
      put({{"year", year},
           {"days",
            {{{"day", fmt::format("{}-10-01", year)}, {"kind", "holiday"}, {"name", "国庆节"}},
             {{"day", fmt::format("{}-09-27", year)}, {"kind", "workday"}, {"name", "调休"}}}}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  ASSERT_EQ(ok.json["days"].size(), 2u);
  EXPECT_EQ(ok.json["days"][0]["day"], fmt::format("{}-09-27", year));
  EXPECT_EQ(ok.json["days"][0]["kind"], "workday");
  EXPECT_EQ(ok.json["can_edit"], true);
  auto seen = t.branch.get(path + "?year=" + s(year));
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json["days"].size(), 2u);
  EXPECT_EQ(seen.json["can_edit"], false);
  EXPECT_EQ(t.branch.get(path + "?year=1900").status, 400);
  EXPECT_TRUE(t.branch.get(path + "?year=" + s(year + 1)).json["days"].empty());
  // The whole year is replaced.
  ASSERT_EQ(put({{"year", year}, {"days", Json::array()}}).status, 200);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM dev_calendar"), 0);
}
