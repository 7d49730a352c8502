// Organizational life (组织生活) through the API: scheduling with default attendees, validation,
// notices and reminders, leave, rotating QR/code check-in, manual and online attendance, minutes
// with attachments, approval and amendments, votes under the assembly rule (DOMAIN.md §3) with
// unlinkable secret ballots, democratic appraisal, and compliance rolled up the tree (§4).
// Time moves only through the platform clock; check-in tokens are computed from the meeting's
// secret as the big screen would.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "harness.hpp"
#include "meetings/rules.hpp"
#include "meetings/votes.hpp"

using namespace zhdj::testing;
using zhdj::Date;
using zhdj::Instant;

namespace {

const char* kBranch = "计算机科学与技术学院本科生第一党支部";  // demo-branch administers it
const char* kCollege = "计算机科学与技术学院党委";             // demo-college administers it
const char* kOtherBranch = "机械工程学院本科生第一党支部";     // another college
const char* kOtherCollege = "机械工程学院党委";
constexpr Instant kMinute = 60 * 1000;
constexpr Instant kHour = 60 * kMinute;
constexpr Instant kDay = 24 * kHour;

std::string s(std::int64_t v) {
  return std::to_string(v);
}

Instant now(TestUniversity& u) {
  return u.platform().clock().now();
}

// An instant relative to the platform clock, as the API takes it.
std::string at(TestUniversity& u, Instant offset) {
  return zhdj::format_instant(now(u) + offset);
}

Date today(TestUniversity& u) {
  return u.platform().meetings().today();
}

const std::string& zone(TestUniversity& u) {
  return u.platform().meetings().settings().time_zone;
}

std::int64_t member_of(TestUniversity& u, const std::string& login) {
  return u.scalar(
      "SELECT m.id FROM members m JOIN accounts a ON a.id = m.account_id WHERE a.login = ?",
      {login});
}

std::int64_t account_of(TestUniversity& u, const std::string& login) {
  return u.scalar("SELECT id FROM accounts WHERE login = ?", {login});
}

// Notifications of a kind about one meeting that an account received.
std::int64_t notices(TestUniversity& u, const std::string& kind, std::int64_t meeting,
                     std::int64_t account) {
  return u.scalar(
      "SELECT COUNT(*) FROM notifications WHERE kind = ? AND link = ? AND account_id = ?",
      {kind, "/meetings/" + s(meeting), account});
}

std::int64_t count(TestUniversity& u, const std::string& table) {
  return u.scalar("SELECT COUNT(*) FROM " + table);
}

std::set<std::int64_t> ids_of(const Json& list, const char* key = "member_id") {
  std::set<std::int64_t> out;
  for (const auto& e : list) out.insert(e[key].get<std::int64_t>());
  return out;
}

std::set<std::int64_t> id_set(TestUniversity& u, const std::string& sql,
                              const zhdj::db::Params& params) {
  return u.db().read_result([&](zhdj::db::Tx& tx) {
    std::set<std::int64_t> out;
    for (const auto& r : tx.query(sql, params)) out.insert(r.i64(0));
    return out;
  });
}

const Json* attendee(const Json& meeting, std::int64_t member) {
  for (const auto& a : meeting["attendees"])
    if (a["member_id"] == member) return &a;
  return nullptr;
}

std::vector<unsigned char> secret_of(TestUniversity& u, std::int64_t meeting) {
  return u.db().read_result([&](zhdj::db::Tx& tx) {
    return tx.query_one("SELECT checkin_secret FROM meetings WHERE id = ?", {meeting})->blob(0);
  });
}

// The QR token the big screen shows now.
std::string token_now(TestUniversity& u, std::int64_t meeting) {
  return zhdj::meetings::checkin_token(secret_of(u, meeting), zhdj::meetings::token_step(now(u)));
}

// A 6-digit code that is valid in no step around now.
std::string wrong_code(TestUniversity& u, std::int64_t meeting) {
  auto secret = secret_of(u, meeting);
  auto step = zhdj::meetings::token_step(now(u));
  std::set<std::string> valid;
  for (auto k = step - 2; k <= step + 2; ++k) valid.insert(zhdj::meetings::checkin_code(secret, k));
  for (int n = 123456;; ++n)
    if (!valid.count(fmt::format("{:06d}", n % 1000000))) return fmt::format("{:06d}", n % 1000000);
}

// An account that logs in with the demo password and no forced change: test people.
void usable_login(TestUniversity& u, const std::string& login) {
  u.db().write([&](zhdj::db::Tx& tx) {
    auto hash =
        tx.query_one("SELECT password_hash FROM accounts WHERE login = 'demo-member'")->str(0);
    tx.exec("UPDATE accounts SET password_hash = ?, must_change_password = 0 WHERE login = ?",
            {hash, login});
  });
}

// An administrator of another college, who must see nothing of the demo branch.
void add_other_college_admin(TestUniversity& u) {
  auto college = u.org_id(kOtherCollege);
  u.db().write([&](zhdj::db::Tx& tx) {
    auto account = tx.insert(
        "INSERT INTO accounts (login, name, password_hash, must_change_password, created_at) "
        "VALUES ('other-college', '机械学院 管理员', NULL, 0, 0) RETURNING id");
    tx.exec(
        "INSERT INTO role_grants (account_id, role, org_id, granted_at) VALUES (?, "
        "'college_admin', ?, 0)",
        {account, college});
  });
  usable_login(u, "other-college");
}

struct Person {
  std::int64_t id = 0;
  std::string login;
};

// The demo branch, its administrator (demo-branch, also its secretary's member record) and
// people added through the registry API whom a test can log in as.
struct Branch {
  TestUniversity& u;
  std::int64_t org;
  Client admin;
  std::int64_t secretary;  // demo-branch's member record
  std::int64_t member;     // demo-member's
  int added = 0;

  explicit Branch(TestUniversity& university)
      : u(university),
        org(university.org_id(kBranch)),
        admin(university),
        secretary(member_of(university, "demo-branch")),
        member(member_of(university, "demo-member")) {
    admin.login("demo-branch");
  }

  // A person registered through POST /members with an account, in this branch or `in_org`.
  Person add(const std::string& name, const std::string& category,
             std::optional<std::int64_t> in_org = std::nullopt) {
    ++added;
    Json body = {{"org_id", in_org.value_or(org)},
                 {"name", name},
                 {"category", category},
                 {"identity", "staff"},
                 {"student_no", fmt::format("MT{:04d}", added)},
                 {"create_account", true}};
    if (category == "full") body["joined_on"] = zhdj::format_date(zhdj::add_years(today(u), -5));
    if (category == "probationary")
      body["joined_on"] = zhdj::format_date(zhdj::add_months(today(u), -3));
    auto r = admin.post("/api/v1/members", body);
    EXPECT_EQ(r.status, 201) << r.body;
    Person p{r.json.value("id", std::int64_t{0}), r.json["credential"].value("login", "")};
    usable_login(u, p.login);
    return p;
  }

  // Full members F1…Fn.
  std::vector<Person> add_full(int n) {
    static const char* kNames[] = {"赵一鸣", "钱二娜", "孙三强", "李四海", "周五岳",
                                   "吴六奇", "郑七星", "王八方", "冯九思", "陈十全"};
    std::vector<Person> out;
    for (int i = 0; i < n; ++i) out.push_back(add(kNames[i % 10], "full"));
    return out;
  }

  Json meeting(const std::string& type, Instant start_offset, Instant end_offset) {
    return {{"org_id", org},
            {"type", type},
            {"title", "测试会议"},
            {"starts_at", at(u, start_offset)},
            {"ends_at", at(u, end_offset)},
            {"place", "党员活动室"},
            {"host_member_id", secretary}};
  }

  // Schedules (and publishes, unless told otherwise) a meeting; returns its id.
  std::int64_t schedule(Json body, bool publish = true) {
    body["publish"] = publish;
    auto r = admin.post("/api/v1/meetings", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.value("id", std::int64_t{0});
  }

  Json detail(std::int64_t meeting) {
    auto r = admin.get("/api/v1/meetings/" + s(meeting));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json;
  }

  void mark(std::int64_t meeting, std::int64_t who, bool present) {
    auto r = admin.post("/api/v1/meetings/" + s(meeting) + "/attendance/" + s(who),
                        {{"present", present}});
    EXPECT_EQ(r.status, 200) << r.body;
  }
};

// An error answer: status, the field it names (none when empty) and part of its Chinese message.
void expect_error(const Reply& r, int status, const std::string& field,
                  const std::string& message_part) {
  EXPECT_EQ(r.status, status) << r.body;
  if (field.empty())
    EXPECT_TRUE(r.json["error"]["field"].is_null()) << r.body;
  else
    EXPECT_EQ(r.json["error"]["field"], field) << r.body;
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find(message_part), std::string::npos)
      << r.body;
}

}  // namespace

// ---- Scheduling ------------------------------------------------------------------------------

TEST(Meetings, BranchAdminSchedulesWithTheDefaultAttendeesOfEachType) {
  TestUniversity u;
  Branch b(u);
  b.add_full(2);
  auto probationary = b.add("钱预备", "probationary");
  auto applicant = b.add("孙申请", "applicant");
  // General assembly: the branch's party members (full and probationary), nobody else.
  auto party = id_set(u,
                      "SELECT m.id FROM members m WHERE m.org_id = ? AND m.status = 'active' AND "
                      "m.category IN ('full', 'probationary')",
                      {b.org});
  EXPECT_TRUE(party.count(probationary.id));
  auto c = b.admin.get("/api/v1/meetings/candidates?org_id=" + s(b.org) + "&type=general_assembly");
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(std::set<std::int64_t>(c.json["default"].begin(), c.json["default"].end()), party);
  EXPECT_TRUE(ids_of(c.json["people"]).count(applicant.id));  // may be invited, not by default
  auto r = b.admin.post("/api/v1/meetings", b.meeting("general_assembly", kDay, kDay + kHour));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["status"], "draft");
  EXPECT_EQ(r.json["type_name"], "支部党员大会");
  EXPECT_EQ(ids_of(r.json["attendees"]), party);
  EXPECT_EQ(r.json["expected"], party.size());
  EXPECT_EQ(r.json["host"]["member_id"], b.secretary);
  EXPECT_EQ(r.json["recorder"]["member_id"], b.secretary);  // the host, unless someone is named
  EXPECT_EQ(r.json["mode"], "offline");
  EXPECT_EQ(r.json["version"], 1);
  EXPECT_EQ(r.json["can"]["manage"], true);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.create' AND "
                     "object_id = ?",
                     {s(r.json["id"].get<std::int64_t>())}),
            1);
  // A draft is not shown to the attendees yet.
  Client member(u);
  member.login("demo-member");
  EXPECT_EQ(member.get("/api/v1/meetings/" + s(r.json["id"].get<std::int64_t>())).status, 404);

  // Committee meeting: the current committee.
  auto committee = id_set(u,
                          "SELECT p.member_id FROM committee_posts p JOIN committees c ON c.id = "
                          "p.committee_id WHERE c.org_id = ? AND c.ended_on IS NULL",
                          {b.org});
  ASSERT_FALSE(committee.empty());
  auto host = *committee.begin();
  auto body = b.meeting("committee", kDay, kDay + kHour);
  body["host_member_id"] = host;
  auto cm = b.admin.post("/api/v1/meetings", body);
  ASSERT_EQ(cm.status, 201) << cm.body;
  EXPECT_EQ(ids_of(cm.json["attendees"]), committee);

  // 党小组会 only at a 党小组: refused at the branch, held by a group of it with its members.
  auto at_branch = b.admin.post("/api/v1/meetings", b.meeting("group", kDay, kDay + kHour));
  expect_error(at_branch, 400, "type", "党小组");
  auto g = b.admin.post("/api/v1/orgs",
                        {{"parent_id", b.org}, {"kind", "party_group"}, {"name", "第一党小组"}});
  ASSERT_EQ(g.status, 201) << g.body;
  std::int64_t group = g.json["id"];
  auto in_group = b.add("周小组", "full", group);
  auto gm_body = b.meeting("group", kDay, kDay + kHour);
  gm_body["org_id"] = group;
  auto gm = b.admin.post("/api/v1/meetings", gm_body);
  ASSERT_EQ(gm.status, 201) << gm.body;
  EXPECT_EQ(ids_of(gm.json["attendees"]), std::set<std::int64_t>{in_group.id});
  EXPECT_EQ(gm.json["org_name"], "第一党小组");
  // …and the other way round: branch meeting types are not held by a group.
  auto lecture_body = b.meeting("lecture", kDay, kDay + kHour);
  lecture_body["org_id"] = group;
  expect_error(b.admin.post("/api/v1/meetings", lecture_body), 400, "type", "党支部");

  // Chosen attendees replace the default set; a talk is exactly two people, the host one of them.
  auto talk = b.meeting("talk", kDay, kDay + kHour);
  talk["attendee_ids"] = {b.secretary, b.member};
  auto t = b.admin.post("/api/v1/meetings", talk);
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_EQ(ids_of(t.json["attendees"]), (std::set<std::int64_t>{b.secretary, b.member}));
  // Online meetings carry their mode.
  auto online = b.meeting("lecture", kDay, kDay + kHour);
  online["online_url"] = "https://meeting.example.cn/j/123456";
  auto o = b.admin.post("/api/v1/meetings", online);
  ASSERT_EQ(o.status, 201) << o.body;
  EXPECT_EQ(o.json["mode"], "hybrid");
}

TEST(Meetings, BadSchedulesAreRefusedInChineseAndWriteNothing) {
  TestUniversity u;
  Branch b(u);
  auto third = b.add_full(1)[0];
  auto outsider =
      u.scalar("SELECT MIN(id) FROM members WHERE org_id = ?", {u.org_id(kOtherBranch)});
  auto meetings = count(u, "meetings");
  auto attendees = count(u, "meeting_attendees");
  auto audits = u.audit_count();
  auto refused = [&](Json body, const std::string& field, const std::string& message_part) {
    SCOPED_TRACE(body.dump());
    expect_error(b.admin.post("/api/v1/meetings", body), 400, field, message_part);
  };
  auto good = b.meeting("theme_day", kDay, kDay + kHour);

  auto nowhere = good;
  nowhere["place"] = "";
  nowhere["online_url"] = "";
  refused(nowhere, "place", "会议地点或线上会议链接");
  auto backwards = good;
  backwards["ends_at"] = at(u, kDay - kHour);
  refused(backwards, "ends_at", "结束时间应晚于开始时间");
  auto same = good;
  same["ends_at"] = good["starts_at"];
  refused(same, "ends_at", "结束时间应晚于开始时间");
  auto type = good;
  type["type"] = "party";
  refused(type, "type", "会议类型");
  auto no_type = good;
  no_type.erase("type");
  refused(no_type, "type", "必填");
  auto url = good;
  url["online_url"] = "ftp://meeting.example.cn/room";
  refused(url, "online_url", "http://");
  auto spaced = good;
  spaced["online_url"] = "https://meeting.example.cn/j/1 2";
  refused(spaced, "online_url", "不含空格");
  auto time = good;
  time["starts_at"] = "明天上午";
  refused(time, "starts_at", "时间格式");
  auto trio = b.meeting("talk", kDay, kDay + kHour);
  trio["attendee_ids"] = {b.secretary, b.member, third.id};
  refused(trio, "attendee_ids", "两人");
  auto alone = b.meeting("talk", kDay, kDay + kHour);
  alone["attendee_ids"] = {b.secretary};
  refused(alone, "attendee_ids", "两人");
  auto foreign = good;
  foreign["attendee_ids"] = {b.secretary, outsider};
  refused(foreign, "attendee_ids", "不属于本组织");
  auto foreign_host = good;
  foreign_host["host_member_id"] = outsider;
  refused(foreign_host, "host_member_id", "不在本组织");
  auto window = good;
  window["checkin_before_min"] = 500;
  refused(window, "checkin_before_min", "0 到 240");
  auto no_host = good;
  no_host.erase("host_member_id");
  refused(no_host, "host_member_id", "主持人");
  // A committee meeting needs a committee: end the branch's current term.
  u.db().write([&](zhdj::db::Tx& tx) {
    tx.exec("UPDATE committees SET ended_on = ? WHERE org_id = ? AND ended_on IS NULL",
            {zhdj::format_date(today(u)), b.org});
  });
  refused(b.meeting("committee", kDay, kDay + kHour), "type", "尚未设立支部委员会");
  // …also when the attendees are chosen by hand.
  auto chosen = b.meeting("committee", kDay, kDay + kHour);
  chosen["attendee_ids"] = {b.secretary, b.member};
  refused(chosen, "type", "尚未设立支部委员会");

  EXPECT_EQ(count(u, "meetings"), meetings);
  EXPECT_EQ(count(u, "meeting_attendees"), attendees);
  EXPECT_EQ(u.audit_count(), audits);
}

TEST(Meetings, PublishRescheduleAndCancelNotifyEveryAttendee) {
  TestUniversity u;
  Branch b(u);
  auto people = b.add_full(3);
  auto body = b.meeting("theme_day", 3 * kDay, 3 * kDay + 2 * kHour);
  body["recorder_member_id"] = b.member;
  auto id = b.schedule(body, false);
  auto draft = b.detail(id);
  std::vector<std::int64_t> accounts;
  for (const auto& a : draft["attendees"])
    if (auto acc = u.db().read_result([&](zhdj::db::Tx& tx) {
          return tx
              .query_one("SELECT account_id FROM members WHERE id = ?",
                         {a["member_id"].get<std::int64_t>()})
              ->opt_i64(0);
        }))
      accounts.push_back(*acc);
  ASSERT_GE(accounts.size(), 5u);
  for (auto a : accounts) EXPECT_EQ(notices(u, "meeting.published", id, a), 0);

  auto p = b.admin.post("/api/v1/meetings/" + s(id) + "/publish");
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.json["status"], "published");
  for (auto a : accounts) EXPECT_EQ(notices(u, "meeting.published", id, a), 1) << a;
  EXPECT_EQ(b.admin.post("/api/v1/meetings/" + s(id) + "/publish").status, 409);
  // The attendee sees it, with their own state.
  Client member(u);
  member.login(people[0].login);
  auto seen = member.get("/api/v1/meetings/" + s(id));
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json["my"]["attendee"], true);
  EXPECT_EQ(seen.json["can"]["manage"], false);
  auto mine = member.get("/api/v1/meetings?mine=1&from=" + zhdj::format_date(today(u)) +
                         "&to=" + zhdj::format_date(zhdj::add_days(today(u), 10)));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(ids_of(mine.json["items"], "id"), std::set<std::int64_t>{id});

  // Someone else saved first: a stale version is refused and changes nothing.
  std::int64_t version = p.json["version"];
  auto moved = at(u, 4 * kDay);
  auto stale = b.admin.patch(
      "/api/v1/meetings/" + s(id),
      {{"version", version - 1}, {"starts_at", moved}, {"ends_at", at(u, 4 * kDay + kHour)}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_NE(stale.json["error"]["message"].get<std::string>().find("刷新"), std::string::npos);
  EXPECT_EQ(b.detail(id)["starts_at"], p.json["starts_at"]);
  EXPECT_EQ(b.admin.patch("/api/v1/meetings/" + s(id), {{"title", "无版本"}}).status, 400);
  // A title change tells nobody; a new time tells everyone again (改期通知).
  auto retitled = b.admin.patch("/api/v1/meetings/" + s(id),
                                {{"version", version}, {"title", "十一月主题党日"}});
  ASSERT_EQ(retitled.status, 200) << retitled.body;
  EXPECT_EQ(retitled.json["version"], version + 1);
  for (auto a : accounts) EXPECT_EQ(notices(u, "meeting.changed", id, a), 0);
  auto r = b.admin.patch(
      "/api/v1/meetings/" + s(id),
      {{"version", version + 1}, {"starts_at", moved}, {"ends_at", at(u, 4 * kDay + kHour)}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["starts_at"], moved);
  for (auto a : accounts) EXPECT_EQ(notices(u, "meeting.changed", id, a), 1) << a;
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.update' AND "
                     "object_id = ?",
                     {s(id)}),
            2);

  // Cancelling needs a reason and tells everyone.
  expect_error(b.admin.post("/api/v1/meetings/" + s(id) + "/cancel", Json::object()), 400, "reason",
               "");
  auto c = b.admin.post("/api/v1/meetings/" + s(id) + "/cancel", {{"reason", "与学校大会冲突"}});
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.json["status"], "cancelled");
  EXPECT_EQ(c.json["cancel_reason"], "与学校大会冲突");
  for (auto a : accounts) EXPECT_EQ(notices(u, "meeting.cancelled", id, a), 1) << a;
  EXPECT_EQ(b.admin.post("/api/v1/meetings/" + s(id) + "/cancel", {{"reason", "再次"}}).status,
            409);
  EXPECT_EQ(
      b.admin.patch("/api/v1/meetings/" + s(id), {{"version", c.json["version"]}, {"title", "x"}})
          .status,
      409);
}

TEST(Meetings, AnotherCollegesAdminSeesAndChangesNothing) {
  TestUniversity u;
  Branch b(u);
  add_other_college_admin(u);
  auto id = b.schedule(b.meeting("theme_day", kDay, kDay + kHour));
  Client college(u);
  college.login("demo-college");  // the branch's own college sees it
  EXPECT_EQ(college.get("/api/v1/meetings/" + s(id)).status, 200);
  Client other(u);
  other.login("other-college");
  auto before = b.detail(id);
  EXPECT_EQ(other.get("/api/v1/meetings/" + s(id)).status, 404);
  EXPECT_EQ(
      other.patch("/api/v1/meetings/" + s(id), {{"version", before["version"]}, {"title", "x"}})
          .status,
      404);
  EXPECT_EQ(other.post("/api/v1/meetings/" + s(id) + "/cancel", {{"reason", "越权"}}).status, 404);
  auto create = other.post("/api/v1/meetings", b.meeting("theme_day", kDay, kDay + kHour));
  EXPECT_TRUE(create.status == 403 || create.status == 404) << create.body;
  auto list =
      other.get("/api/v1/meetings?org_id=" + s(b.org) + "&from=" + zhdj::format_date(today(u)) +
                "&to=" + zhdj::format_date(zhdj::add_days(today(u), 5)));
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(list.json["items"].empty()) << list.body;
  EXPECT_EQ(b.detail(id)["version"], before["version"]);
  EXPECT_EQ(b.detail(id)["title"], before["title"]);
}

// ---- Frequency policy ----------------------------------------------------------------------

TEST(Meetings, FrequencyPolicyIsSetByAUniversityForItselfOnly) {
  TestUniversity u;
  Branch b(u);
  auto root = u.scalar("SELECT id FROM orgs WHERE parent_id IS NULL");
  // A second university in the same database, with its own administrator.
  std::int64_t foreign = 0;
  u.db().write([&](zhdj::db::Tx& tx) {
    foreign = tx.insert(
        "INSERT INTO orgs (kind, name, path, depth, created_at, updated_at) VALUES "
        "('university_committee', '外校党委', 'x', 0, 0, 0) RETURNING id");
    tx.exec("UPDATE orgs SET path = ? WHERE id = ?", {"/" + s(foreign) + "/", foreign});
    auto account = tx.insert(
        "INSERT INTO accounts (login, name, password_hash, must_change_password, created_at) "
        "VALUES ('foreign-admin', '外校管理员', NULL, 0, 0) RETURNING id");
    tx.exec(
        "INSERT INTO role_grants (account_id, role, org_id, granted_at) VALUES (?, "
        "'university_admin', ?, 0)",
        {account, foreign});
  });
  usable_login(u, "foreign-admin");
  auto frequency = [](const Reply& types, const std::string& code) {
    for (const auto& t : types.json["items"])
      if (t["code"] == code) return t["frequency"].get<std::string>();
    return std::string();
  };
  Client school(u), college(u), other(u), member(u);
  school.login("demo-school");
  college.login("demo-college");
  other.login("foreign-admin");
  member.login("demo-member");
  EXPECT_EQ(frequency(school.get("/api/v1/meetings/types"), "theme_day"), "month");

  // Only the university sets it, with a valid frequency.
  auto audits = u.audit_count();
  auto denied = college.put("/api/v1/meetings/policies/theme_day", {{"frequency", "quarter"}});
  EXPECT_TRUE(denied.status == 403 || denied.status == 404) << denied.body;
  expect_error(school.put("/api/v1/meetings/policies/theme_day", {{"frequency", "weekly"}}), 400,
               "frequency", "每季度");
  EXPECT_EQ(school.put("/api/v1/meetings/policies/tea_party", {{"frequency", "month"}}).status,
            404);
  expect_error(school.put("/api/v1/meetings/policies/theme_day",
                          {{"frequency", "quarter"}, {"org_id", u.org_id(kCollege)}}),
               400, "org_id", "学校党委");
  // Nobody sets another university's policy.
  auto across = school.put("/api/v1/meetings/policies/theme_day",
                           {{"frequency", "quarter"}, {"org_id", foreign}});
  EXPECT_TRUE(across.status == 403 || across.status == 404) << across.body;
  EXPECT_EQ(u.audit_count(), audits);
  EXPECT_EQ(count(u, "meeting_policies"), 0);

  auto set = school.put("/api/v1/meetings/policies/theme_day", {{"frequency", "quarter"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json["frequency"], "quarter");
  EXPECT_EQ(set.json["frequency_name"], "每季度");
  EXPECT_EQ(set.json["default_frequency"], "month");
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.policy'"), 1);
  // In force for everyone of this university, its compliance included…
  EXPECT_EQ(frequency(member.get("/api/v1/meetings/types"), "theme_day"), "quarter");
  auto report = b.admin.get("/api/v1/compliance?org_id=" + s(b.org));
  ASSERT_EQ(report.status, 200) << report.body;
  bool quarterly = false;
  for (const auto& o : report.json["own"]["obligations"])
    if (o["type"] == "theme_day") quarterly = o["frequency"] == "quarter";
  EXPECT_TRUE(quarterly) << report.body;
  // …and not for the other university, which keeps its own.
  EXPECT_EQ(frequency(other.get("/api/v1/meetings/types"), "theme_day"), "month");
  auto theirs = other.put("/api/v1/meetings/policies/theme_day", {{"frequency", "year"}});
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_EQ(frequency(school.get("/api/v1/meetings/types"), "theme_day"), "quarter");
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM meeting_policies WHERE org_id = ?", {root}), 1);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM meeting_policies WHERE org_id = ?", {foreign}), 1);
}

// ---- Reminders -------------------------------------------------------------------------------

TEST(Meetings, DayBeforeReminderGoesOutOnceAndNotForCancelledMeetings) {
  TestUniversity u;
  Branch b(u);
  auto people = b.add_full(2);
  Date day = zhdj::add_days(today(u), 3);
  Instant starts = zhdj::local_instant(day, 9 * 60, zone(u));
  Json body = b.meeting("theme_day", 0, 0);
  body["starts_at"] = zhdj::format_instant(starts);
  body["ends_at"] = zhdj::format_instant(starts + 2 * kHour);
  auto id = b.schedule(body);
  auto cancelled = b.schedule(body);
  ASSERT_EQ(
      b.admin.post("/api/v1/meetings/" + s(cancelled) + "/cancel", {{"reason", "改期"}}).status,
      200);
  // One attendee is excused: no reminder for them.
  Client excused(u);
  excused.login(people[1].login);
  ASSERT_EQ(excused.post("/api/v1/meetings/" + s(id) + "/leave", {{"reason", "出差"}}).status, 200);
  ASSERT_EQ(
      b.admin.post("/api/v1/meetings/" + s(id) + "/leave/" + s(people[1].id), {{"approve", true}})
          .status,
      200);

  // Nothing before the reminder time (the day before, 18:00 local).
  Instant remind_at = zhdj::local_instant(zhdj::add_days(day, -1), 18 * 60, zone(u));
  EXPECT_EQ(u.scalar("SELECT remind_at FROM meetings WHERE id = ?", {id}), remind_at);
  u.platform().run_due_jobs();
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'meeting.reminder'"), 0);

  u.platform().clock().advance(remind_at - now(u) + kMinute);
  u.platform().run_due_jobs();
  u.platform().run_due_jobs();
  auto expected = id_set(u,
                         "SELECT p.account_id FROM meeting_attendees a JOIN members p ON p.id = "
                         "a.member_id WHERE a.meeting_id = ? AND p.account_id IS NOT NULL AND "
                         "a.leave <> 'approved'",
                         {id});
  ASSERT_GE(expected.size(), 3u);
  for (auto a : expected) EXPECT_EQ(notices(u, "meeting.reminder", id, a), 1) << a;
  EXPECT_EQ(notices(u, "meeting.reminder", id, account_of(u, people[1].login)), 0);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'meeting.reminder' AND "
                     "link = ?",
                     {"/meetings/" + s(id)}),
            static_cast<std::int64_t>(expected.size()));
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'meeting.reminder' AND "
                     "link = ?",
                     {"/meetings/" + s(cancelled)}),
            0);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.remind'"), 1);
}

TEST(Meetings, MovingAMeetingPastItsReminderTimeSendsTheChangeNoticeInstead) {
  TestUniversity u;
  Branch b(u);
  b.add_full(1);
  // Published for next week (no reminder yet), then moved to tomorrow morning after 18:00 today
  // has passed: the change notice tells everyone; no reminder follows right behind it.
  Date next_week = zhdj::add_days(today(u), 7);
  Instant starts = zhdj::local_instant(next_week, 9 * 60, zone(u));
  Json body = b.meeting("theme_day", 0, 0);
  body["starts_at"] = zhdj::format_instant(starts);
  body["ends_at"] = zhdj::format_instant(starts + 2 * kHour);
  body["publish"] = true;
  auto id = b.schedule(body);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM meetings WHERE id = ? AND status = 'published' AND "
                     "reminded_at IS NULL",
                     {id}),
            1);
  Instant evening = zhdj::local_instant(today(u), 20 * 60, zone(u));
  if (evening > now(u)) {
    u.platform().clock().advance(evening - now(u));
    b.admin.login("demo-branch");  // the session idled out meanwhile
  }
  Instant tomorrow = zhdj::local_instant(zhdj::add_days(today(u), 1), 9 * 60, zone(u));
  auto version = b.admin.get("/api/v1/meetings/" + s(id)).json["version"];
  auto r = b.admin.patch("/api/v1/meetings/" + s(id),
                         {{"version", version},
                          {"starts_at", zhdj::format_instant(tomorrow)},
                          {"ends_at", zhdj::format_instant(tomorrow + kHour)}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GE(u.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'meeting.changed' AND "
                     "link = ?",
                     {"/meetings/" + s(id)}),
            2);
  u.platform().run_due_jobs();
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'meeting.reminder' AND "
                     "link = ?",
                     {"/meetings/" + s(id)}),
            0);
}

TEST(Meetings, CreateWithPublishWritesTheMeetingItsPublicationAndNoticesTogether) {
  TestUniversity u;
  Branch b(u);
  b.add_full(1);
  Json body = b.meeting("theme_day", kHour, 2 * kHour);
  body["publish"] = true;
  auto before = u.audit_count();
  auto id = b.schedule(body);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM meetings WHERE id = ? AND status = 'published'", {id}),
            1);
  // The meeting, its publication, both audit entries and the notices, from one request.
  EXPECT_EQ(u.audit_count(), before + 2);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'meeting.published' AND "
                     "link = ?",
                     {"/meetings/" + s(id)}),
            u.scalar("SELECT COUNT(*) FROM meeting_attendees a JOIN members p ON p.id = "
                     "a.member_id WHERE a.meeting_id = ? AND p.account_id IS NOT NULL",
                     {id}));
}

// ---- Leave -----------------------------------------------------------------------------------

TEST(Meetings, LeaveIsAskedBeforeTheStartAndCountedApartFromAbsence) {
  TestUniversity u;
  Branch b(u);
  auto p = b.add_full(3);  // A asks and is refused, B attends, C asks too late
  auto body = b.meeting("lecture", 20 * kMinute, 40 * kMinute);
  body["attendee_ids"] = {b.secretary, b.member, p[0].id, p[1].id, p[2].id};
  auto id = b.schedule(body);
  auto path = "/api/v1/meetings/" + s(id);

  Client member(u), a(u), bee(u), c(u);
  member.login("demo-member");
  a.login(p[0].login);
  bee.login(p[1].login);
  c.login(p[2].login);
  expect_error(member.post(path + "/leave", Json::object()), 400, "reason", "");
  auto asked = member.post(path + "/leave", {{"reason", "赴外地参加学术会议"}});
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_EQ(asked.json["my"]["leave"], "requested");
  EXPECT_EQ(asked.json["leave"], 0);  // a request is not leave yet
  EXPECT_EQ(notices(u, "meeting.leave", id, account_of(u, "demo-branch")), 1);
  ASSERT_EQ(a.post(path + "/leave", {{"reason", "有事"}}).status, 200);
  // Only the host (or a manager) decides.
  EXPECT_EQ(bee.post(path + "/leave/" + s(b.member), {{"approve", true}}).status, 403);
  expect_error(b.admin.post(path + "/leave/" + s(b.member), Json::object()), 400, "approve",
               "批准");
  auto ok = b.admin.post(path + "/leave/" + s(b.member), {{"approve", true}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["leave"], 1);
  EXPECT_EQ(attendee(ok.json, b.member)->at("leave"), "approved");
  EXPECT_EQ(attendee(ok.json, b.member)->at("leave_reason"), "赴外地参加学术会议");
  EXPECT_EQ(attendee(ok.json, b.member)->at("attendance"), "leave");
  auto no = b.admin.post(path + "/leave/" + s(p[0].id), {{"approve", false}, {"reason", "须参加"}});
  ASSERT_EQ(no.status, 200) << no.body;
  EXPECT_EQ(attendee(no.json, p[0].id)->at("leave"), "rejected");
  EXPECT_EQ(no.json["leave"], 1);
  EXPECT_EQ(notices(u, "meeting.leave", id, account_of(u, "demo-member")), 1);
  EXPECT_EQ(b.admin.post(path + "/leave/" + s(p[0].id), {{"approve", true}}).status, 409);
  // Others do not read the reasons.
  auto seen = bee.get(path);
  EXPECT_EQ(attendee(seen.json, b.member)->at("leave_reason"), "");
  // B checks in; after the start nobody can ask for leave any more.
  auto in = bee.post(path + "/checkin", {{"token", token_now(u, id)}});
  ASSERT_EQ(in.status, 200) << in.body;
  u.platform().clock().advance(21 * kMinute);
  auto late = c.post(path + "/leave", {{"reason", "临时有事"}});
  expect_error(late, 409, "", "会议已开始");
  auto during = b.detail(id);
  EXPECT_EQ(attendee(during, p[2].id)->at("leave"), "none");
  EXPECT_EQ(attendee(during, p[2].id)->at("attendance"), "pending");
  // After the end: present, on leave and absent are three different things.
  u.platform().clock().advance(20 * kMinute);
  auto after = b.detail(id);
  EXPECT_EQ(after["expected"], 5);
  EXPECT_EQ(after["present"], 1);
  EXPECT_EQ(after["leave"], 1);
  EXPECT_EQ(attendee(after, p[1].id)->at("attendance"), "present");
  EXPECT_EQ(attendee(after, b.member)->at("attendance"), "leave");
  EXPECT_EQ(attendee(after, p[0].id)->at("attendance"), "absent");
  EXPECT_EQ(attendee(after, p[2].id)->at("attendance"), "absent");
  EXPECT_EQ(attendee(after, b.secretary)->at("attendance"), "absent");
  EXPECT_EQ(u.scalar("SELECT leave_count FROM meetings WHERE id = ?", {id}), 1);
}

// ---- Check-in --------------------------------------------------------------------------------

TEST(Meetings, CheckInTakesTheCurrentTokenOrCodeInsideTheWindow) {
  TestUniversity u;
  Branch b(u);
  auto p = b.add_full(5);
  auto body = b.meeting("theme_day", 10 * kMinute, 2 * kHour);
  body["attendee_ids"] = {b.secretary, b.member, p[0].id, p[1].id, p[2].id, p[3].id};
  auto id = b.schedule(body);
  auto path = "/api/v1/meetings/" + s(id);

  // The big screen, for the host.
  auto d = b.admin.get(path + "/checkin-display?origin=" + std::string("http://localhost:8080"));
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.json["step_seconds"], 30);
  EXPECT_EQ(d.json["code"].get<std::string>().size(), 6u);
  EXPECT_EQ(d.json["url"], "http://localhost:8080/#/checkin/" + s(id) +
                               "?t=" + d.json["token"].get<std::string>());
  EXPECT_NE(d.json["qr_svg"].get<std::string>().find("<svg"), std::string::npos);
  EXPECT_EQ(d.json["window"]["open"], true);
  EXPECT_EQ(d.json["expected"], 6);
  expect_error(b.admin.get(path + "/checkin-display?origin=javascript:alert(1)"), 400, "origin",
               "");

  Client member(u);
  member.login("demo-member");
  EXPECT_EQ(member.get(path + "/checkin-display?origin=http://localhost").status, 403);
  // The token on the screen → present, by QR; twice → already.
  auto r = member.post(path + "/checkin", {{"token", d.json["token"]}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["present"], true);
  EXPECT_EQ(r.json["method"], "qr");
  EXPECT_EQ(r.json["already"], false);
  auto again = member.post(path + "/checkin", {{"token", token_now(u, id)}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json["already"], true);
  EXPECT_EQ(again.json["checked_in_at"], r.json["checked_in_at"]);

  // A photo of the screen taken 40 s ago does not work.
  Client late(u);
  late.login(p[0].login);
  auto old_token = token_now(u, id);
  u.platform().clock().advance(40 * 1000);
  expect_error(late.post(path + "/checkin", {{"token", old_token}}), 400, "token", "二维码已过期");
  EXPECT_EQ(attendee(b.detail(id), p[0].id)->at("present"), false);
  auto fresh = late.post(path + "/checkin", {{"token", token_now(u, id)}});
  ASSERT_EQ(fresh.status, 200) << fresh.body;

  // The 6-digit code works; a wrong one is refused, and ten wrong ones stop code check-in.
  Client coder(u);
  coder.login(p[1].login);
  auto code = zhdj::meetings::checkin_code(secret_of(u, id), zhdj::meetings::token_step(now(u)));
  auto by_code = coder.post(path + "/checkin", {{"code", code}});
  ASSERT_EQ(by_code.status, 200) << by_code.body;
  EXPECT_EQ(by_code.json["method"], "code");
  Client guesser(u);
  guesser.login(p[2].login);
  expect_error(guesser.post(path + "/checkin", Json::object()), 400, "code", "签到码");
  for (int i = 0; i < 10; ++i) {
    auto w = guesser.post(path + "/checkin", {{"code", wrong_code(u, id)}});
    expect_error(w, 400, "code", "签到码不正确");
  }
  EXPECT_EQ(u.scalar("SELECT checkin_failures FROM meeting_attendees WHERE meeting_id = ? AND "
                     "member_id = ?",
                     {id, p[2].id}),
            10);
  auto right = zhdj::meetings::checkin_code(secret_of(u, id), zhdj::meetings::token_step(now(u)));
  auto blocked = guesser.post(path + "/checkin", {{"code", right}});
  expect_error(blocked, 409, "", "错误次数过多");
  EXPECT_EQ(attendee(b.detail(id), p[2].id)->at("present"), false);
  // The QR code still works for them.
  ASSERT_EQ(guesser.post(path + "/checkin", {{"token", token_now(u, id)}}).status, 200);

  // Someone not invited cannot check in.
  Client outsider(u);
  outsider.login(p[4].login);
  auto o = outsider.post(path + "/checkin", {{"token", token_now(u, id)}});
  EXPECT_TRUE(o.status == 403 || o.status == 404) << o.body;
  EXPECT_EQ(
      u.scalar("SELECT COUNT(*) FROM meeting_attendees WHERE meeting_id = ? AND member_id = ?",
               {id, p[4].id}),
      0);

  auto now_state = b.detail(id);
  EXPECT_EQ(now_state["present"], 4);
  EXPECT_EQ(attendee(now_state, b.member)->at("method"), "qr");
  EXPECT_EQ(attendee(now_state, p[1].id)->at("method"), "code");
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.checkin' AND "
                     "object_id = ?",
                     {s(id)}),
            4);
}

TEST(Meetings, CheckInIsRefusedOutsideTheWindow) {
  TestUniversity u;
  Branch b(u);
  // Opens 30 minutes before the start…
  auto early = b.schedule(b.meeting("theme_day", 2 * kHour, 3 * kHour));
  // …and closes 30 minutes after it.
  auto over = b.schedule(b.meeting("theme_day", -2 * kHour, -kHour));
  // A draft has no check-in at all.
  auto draft = b.schedule(b.meeting("theme_day", 5 * kMinute, kHour), false);
  Client member(u);
  member.login("demo-member");
  auto r =
      member.post("/api/v1/meetings/" + s(early) + "/checkin", {{"token", token_now(u, early)}});
  expect_error(r, 409, "", "签到尚未开始");
  EXPECT_EQ(b.detail(early)["checkin_window"]["open"], false);
  auto closed =
      member.post("/api/v1/meetings/" + s(over) + "/checkin", {{"token", token_now(u, over)}});
  expect_error(closed, 409, "", "签到已结束");
  auto d =
      member.post("/api/v1/meetings/" + s(draft) + "/checkin", {{"token", token_now(u, draft)}});
  EXPECT_TRUE(d.status == 404 || d.status == 409) << d.body;
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM meeting_attendees WHERE present = 1"), 0);
  // The window can be widened per meeting; the window's edge is inclusive.
  auto body = b.meeting("theme_day", 2 * kHour, 3 * kHour);
  body["checkin_before_min"] = 120;
  auto wide = b.schedule(body);
  auto ok =
      member.post("/api/v1/meetings/" + s(wide) + "/checkin", {{"token", token_now(u, wide)}});
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST(Meetings, RecorderMarksAttendanceByHandAndItIsAudited) {
  TestUniversity u;
  Branch b(u);
  auto p = b.add_full(3);  // p[2] is not invited
  auto body = b.meeting("theme_day", -10 * kMinute, kHour);
  body["recorder_member_id"] = b.member;
  body["attendee_ids"] = {b.secretary, b.member, p[0].id, p[1].id};
  auto id = b.schedule(body);
  auto path = "/api/v1/meetings/" + s(id);
  Client recorder(u), plain(u);
  recorder.login("demo-member");
  plain.login(p[1].login);
  auto audits = u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.attendance'");
  // An attendee who is not the recorder cannot.
  EXPECT_EQ(plain.post(path + "/attendance/" + s(p[0].id), {{"present", true}}).status, 403);
  expect_error(recorder.post(path + "/attendance/" + s(p[0].id), Json::object()), 400, "present",
               "是否到会");
  auto r = recorder.post(path + "/attendance/" + s(p[0].id), {{"present", true}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["present"], true);
  EXPECT_EQ(r.json["method"], "manual");
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.attendance'"),
            audits + 1);
  auto changes = u.db().read_result([&](zhdj::db::Tx& tx) {
    return Json::parse(tx.query_one("SELECT changes FROM audit_log WHERE action = "
                                    "'meeting.attendance' ORDER BY seq DESC")
                           ->str(0));
  });
  EXPECT_EQ(changes["member_id"], p[0].id);
  EXPECT_EQ(changes["present"]["before"], false);
  EXPECT_EQ(changes["present"]["after"], true);
  EXPECT_EQ(u.scalar("SELECT actor_id FROM audit_log WHERE action = 'meeting.attendance' ORDER BY "
                     "seq DESC LIMIT 1"),
            account_of(u, "demo-member"));
  // Someone not on the list cannot be marked.
  EXPECT_EQ(recorder.post(path + "/attendance/" + s(p[2].id), {{"present", true}}).status, 404);
  // Taking it back is audited too.
  auto back = recorder.post(path + "/attendance/" + s(p[0].id), {{"present", false}});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.json["present"], false);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.attendance'"),
            audits + 2);
  EXPECT_EQ(b.detail(id)["present"], 0);
}

TEST(Meetings, OnlineHeartbeatsMarkPresenceAndAccumulateMinutes) {
  TestUniversity u;
  Branch b(u);
  auto body = b.meeting("lecture", -kMinute, kHour);
  body["place"] = "";
  body["online_url"] = "https://meeting.example.cn/j/888";
  auto id = b.schedule(body);
  auto offline = b.schedule(b.meeting("lecture", -kMinute, kHour));
  auto later = body;
  later["starts_at"] = at(u, 2 * kHour);
  later["ends_at"] = at(u, 3 * kHour);
  auto future = b.schedule(later);
  auto path = "/api/v1/meetings/" + s(id);
  Client member(u);
  member.login("demo-member");
  EXPECT_EQ(b.detail(id)["mode"], "online");
  // Before the meeting a heartbeat counts nothing.
  auto early = member.post("/api/v1/meetings/" + s(future) + "/presence");
  ASSERT_EQ(early.status, 200) << early.body;
  EXPECT_EQ(early.json["counted"], false);
  EXPECT_EQ(attendee(b.detail(future), b.member)->at("present"), false);
  // A meeting without a link has no online attendance.
  EXPECT_EQ(member.post("/api/v1/meetings/" + s(offline) + "/presence").status, 409);

  auto first = member.post(path + "/presence");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json["counted"], true);
  EXPECT_EQ(first.json["online_minutes"], 0);
  auto started = b.detail(id);
  EXPECT_EQ(attendee(started, b.member)->at("present"), true);
  EXPECT_EQ(attendee(started, b.member)->at("method"), "online");
  for (int minute = 1; minute <= 3; ++minute) {
    u.platform().clock().advance(60 * 1000);
    auto beat = member.post(path + "/presence");
    ASSERT_EQ(beat.status, 200) << beat.body;
    EXPECT_EQ(beat.json["online_minutes"], minute);
  }
  // A laptop closed for ten minutes is not attendance: at most two minutes are credited.
  u.platform().clock().advance(10 * kMinute);
  EXPECT_EQ(member.post(path + "/presence").json["online_minutes"], 5);
  auto after = b.detail(id);
  EXPECT_EQ(attendee(after, b.member)->at("online_minutes"), 5);
  EXPECT_EQ(attendee(after, b.member)->at("method"), "online");
  EXPECT_EQ(after["present"], 1);
  // Only attendees send heartbeats.
  Client admin_college(u);
  admin_college.login("demo-college");
  EXPECT_EQ(admin_college.post(path + "/presence").status, 403);
}

// ---- Minutes ---------------------------------------------------------------------------------

TEST(Meetings, MinutesWithAttachmentsLockOnApprovalAndAmendmentsAreAudited) {
  TestUniversity u;
  Branch b(u);
  auto p = b.add_full(3);  // p[2] is not invited
  auto body = b.meeting("theme_day", -2 * kHour, -kHour);
  body["recorder_member_id"] = b.member;
  body["attendee_ids"] = {b.secretary, b.member, p[0].id, p[1].id};
  auto id = b.schedule(body);
  auto path = "/api/v1/meetings/" + s(id);
  Client recorder(u), attendee_client(u), outsider(u);
  recorder.login("demo-member");
  attendee_client.login(p[0].login);
  outsider.login(p[2].login);

  // Only the recorder (or host, managers) keeps minutes.
  EXPECT_EQ(attendee_client.put(path + "/minutes", {{"content", "越权"}}).status, 403);
  expect_error(recorder.put(path + "/minutes", {{"content", ""}}), 400, "content", "");
  // Criticism entries belong to 组织生活会 only.
  auto crit = recorder.put(
      path + "/minutes",
      {{"content", "学习"}, {"criticisms", {{{"member_id", p[0].id}, {"criticism", "迟到"}}}}});
  expect_error(crit, 400, "criticisms", "组织生活会");
  EXPECT_EQ(count(u, "meeting_minutes"), 0);

  // Files: the content must match the declared type.
  std::string pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
  auto files = count(u, "files");
  auto bad = recorder.request("POST", "/api/v1/files", "MZ\x90 not a pdf", true,
                              {{"Content-Type", "application/pdf"}, {"X-File-Name", "a.pdf"}});
  expect_error(bad, 400, "file", "不符");
  auto exe =
      recorder.request("POST", "/api/v1/files", "MZ", true,
                       {{"Content-Type", "application/x-msdownload"}, {"X-File-Name", "a.exe"}});
  expect_error(exe, 400, "file", "PDF");
  EXPECT_EQ(count(u, "files"), files);
  auto up = recorder.request(
      "POST", "/api/v1/files", pdf, true,
      {{"Content-Type", "application/pdf"},
       {"X-File-Name", "%E4%BC%9A%E8%AE%AE%E8%AE%B0%E5%BD%95.pdf"}});  // 会议记录.pdf
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json["name"], "会议记录.pdf");
  EXPECT_EQ(up.json["size"], pdf.size());
  EXPECT_EQ(up.json["sha256"].get<std::string>().size(), 64u);
  std::int64_t file = up.json["id"];
  // Someone else's upload cannot be attached.
  EXPECT_EQ(b.admin.put(path + "/minutes", {{"content", "x"}, {"attachment_ids", {file}}}).status,
            400);

  // Minutes alone do not make a meeting held: someone must be present.
  auto saved = recorder.put(path + "/minutes", {{"content", "学习党的二十届四中全会精神。"},
                                                {"decisions", {"开展志愿服务"}},
                                                {"attachment_ids", {file}}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.json["status"], "draft");
  EXPECT_EQ(saved.json["decisions"], Json({"开展志愿服务"}));
  ASSERT_EQ(saved.json["attachments"].size(), 1u);
  EXPECT_EQ(saved.json["attachments"][0]["id"], file);
  EXPECT_EQ(saved.json["recorded_by_name"], "演示党员");
  EXPECT_EQ(b.detail(id)["held"], false);
  EXPECT_EQ(b.detail(id)["minutes_status"], "draft");
  auto marked = recorder.post(path + "/attendance/" + s(p[0].id), {{"present", true}});
  ASSERT_EQ(marked.status, 200) << marked.body;
  EXPECT_EQ(b.detail(id)["held"], true);

  // Attendees download the attachment; others do not see it.
  auto dl = attendee_client.get(path + "/files/" + s(file));
  ASSERT_EQ(dl.status, 200);
  EXPECT_EQ(dl.body, pdf);
  EXPECT_NE(dl.header("Content-Type").find("application/pdf"), std::string::npos);
  EXPECT_EQ(outsider.get(path + "/files/" + s(file)).status, 404);
  EXPECT_EQ(outsider.get(path).status, 404);
  EXPECT_EQ(attendee_client.get(path + "/files/" + s(file + 1000)).status, 404);

  // Approval locks the meeting.
  EXPECT_EQ(recorder.post(path + "/minutes/approve").status, 403);  // managers approve
  auto approved = b.admin.post(path + "/minutes/approve");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json["status"], "approved");
  EXPECT_EQ(approved.json["approved_by_name"], "演示支部书记");
  auto version = b.detail(id)["version"];
  auto audits = u.audit_count();
  expect_error(recorder.put(path + "/minutes", {{"content", "改"}}), 409, "", "审批");
  EXPECT_EQ(b.admin.patch(path, {{"version", version}, {"title", "改名"}}).status, 409);
  EXPECT_EQ(recorder.post(path + "/attendance/" + s(p[1].id), {{"present", true}}).status, 409);
  EXPECT_EQ(b.admin.post(path + "/minutes/approve").status, 409);
  EXPECT_EQ(u.audit_count(), audits);
  EXPECT_EQ(b.detail(id)["present"], 1);

  // An amendment keeps before and after, the reason and who made it, and is audited.
  expect_error(
      recorder.post(path + "/amendments", {{"field", "content"}, {"value", "更正后的内容"}}), 400,
      "reason", "");
  expect_error(
      recorder.post(path + "/amendments", {{"field", "title"}, {"value", "x"}, {"reason", "笔误"}}),
      400, "field", "修正项");
  auto amended =
      recorder.post(path + "/amendments", {{"field", "content"},
                                           {"value", "学习党的二十届四中全会精神（更正）。"},
                                           {"reason", "记录笔误"}});
  ASSERT_EQ(amended.status, 200) << amended.body;
  EXPECT_EQ(amended.json["content"], "学习党的二十届四中全会精神（更正）。");
  ASSERT_EQ(amended.json["amendments"].size(), 1u);
  const auto& a = amended.json["amendments"][0];
  EXPECT_EQ(a["field"], "content");
  EXPECT_EQ(a["field_name"], "会议内容");
  EXPECT_EQ(a["before"], "学习党的二十届四中全会精神。");
  EXPECT_EQ(a["after"], "学习党的二十届四中全会精神（更正）。");
  EXPECT_EQ(a["reason"], "记录笔误");
  EXPECT_EQ(a["by_name"], "演示党员");
  auto logged = u.db().read_result([&](zhdj::db::Tx& tx) {
    return Json::parse(
        tx.query_one("SELECT changes FROM audit_log WHERE action = 'meeting.amend' AND "
                     "object_id = ?",
                     {s(id)})
            ->str(0));
  });
  EXPECT_EQ(logged["content"]["before"], "学习党的二十届四中全会精神。");
  EXPECT_EQ(logged["content"]["after"], "学习党的二十届四中全会精神（更正）。");
  EXPECT_EQ(logged["reason"], "记录笔误");
  // Attendance corrected after approval is an amendment too.
  auto fix =
      recorder.post(path + "/amendments", {{"field", "attendance"},
                                           {"value", {{"member_id", p[1].id}, {"present", true}}},
                                           {"reason", "补签到"}});
  ASSERT_EQ(fix.status, 200) << fix.body;
  EXPECT_EQ(b.detail(id)["present"], 2);
  EXPECT_EQ(fix.json["amendments"].size(), 2u);
  EXPECT_EQ(fix.json["status"], "approved");
}

TEST(Meetings, LifeMeetingMinutesRecordCriticismPerAttendee) {
  TestUniversity u;
  Branch b(u);
  auto p = b.add_full(2);
  auto body = b.meeting("life_meeting", -2 * kHour, -kHour);
  body["attendee_ids"] = {b.secretary, b.member, p[0].id};
  auto id = b.schedule(body);
  auto path = "/api/v1/meetings/" + s(id);
  // Not for someone who was not there; not twice for one person.
  auto stranger = b.admin.put(
      path + "/minutes",
      {{"content", "对照检查"}, {"criticisms", {{{"member_id", p[1].id}, {"criticism", "x"}}}}});
  expect_error(stranger, 400, "criticisms", "参会人员");
  auto twice = b.admin.put(path + "/minutes", {{"content", "对照检查"},
                                               {"criticisms",
                                                {{{"member_id", b.member}, {"criticism", "x"}},
                                                 {{"member_id", b.member}, {"criticism", "y"}}}}});
  expect_error(twice, 400, "criticisms", "只能填写一条");
  auto r = b.admin.put(path + "/minutes", {{"content", "对照检查材料"},
                                           {"criticisms",
                                            {{{"member_id", b.member},
                                              {"self_criticism", "理论学习不够系统"},
                                              {"criticism", "联系群众不够"},
                                              {"rectification", "每月精读一篇原著"}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["criticisms"].size(), 1u);
  EXPECT_EQ(r.json["criticisms"][0]["name"], "演示党员");
  EXPECT_EQ(r.json["criticisms"][0]["rectification"], "每月精读一篇原著");
  // Minutes cannot be written before the meeting starts.
  auto future = b.schedule(b.meeting("theme_day", kHour, 2 * kHour));
  expect_error(b.admin.put("/api/v1/meetings/" + s(future) + "/minutes", {{"content", "提前写"}}),
               409, "", "会议开始后");
}

// ---- Votes -----------------------------------------------------------------------------------

// A 支部党员大会 in progress: the secretary and demo-member, six full members F1–F6, W under
// 留党察看, a probationary member P and, not invited, the development target T.
struct Assembly {
  TestUniversity& u;
  Branch b;
  std::vector<Person> f;
  Person w, p, t;
  std::int64_t meeting = 0;
  std::map<std::string, std::unique_ptr<Client>> clients;

  explicit Assembly(TestUniversity& university, int full = 6) : u(university), b(university) {
    f = b.add_full(full);
    w = b.add("魏察看", "full");
    p = b.add("潘预备", "probationary");
    t = b.add("唐发展", "development_target");
    auto e = b.admin.post("/api/v1/members/" + s(w.id) + "/events",
                          {{"kind", "probation_watch"},
                           {"occurred_on", zhdj::format_date(today(u))},
                           {"decided_by", "计算机学院党委"},
                           {"term_months", 12}});
    EXPECT_EQ(e.status, 201) << e.body;
    auto body = b.meeting("general_assembly", -5 * kMinute, 2 * kHour);
    Json ids = {b.secretary, b.member, w.id, p.id};
    for (const auto& x : f) ids.push_back(x.id);
    body["attendee_ids"] = ids;
    meeting = b.schedule(body);
  }

  Client& as(const std::string& login) {
    auto& c = clients[login];
    if (!c) {
      c = std::make_unique<Client>(u);
      c->login(login);
    }
    return *c;
  }

  Json create(const Json& body) {
    auto r = b.admin.post("/api/v1/meetings/" + s(meeting) + "/votes", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json["items"];
  }
};

TEST(Meetings, AdmissionVoteFollowsTheAssemblyRule) {
  TestUniversity u;
  Assembly a(u);
  auto& b = a.b;
  // The registry says W may not vote while under watch.
  EXPECT_EQ(b.admin.get("/api/v1/members/" + s(a.w.id)).json["can_vote"], false);
  // Present: the secretary, demo-member, F1–F3, W and P. Absent: F4–F6.
  for (auto id : {b.secretary, b.member, a.f[0].id, a.f[1].id, a.f[2].id, a.w.id, a.p.id})
    b.mark(a.meeting, id, true);

  // Candidates must be development targets of the branch, voted on one by one.
  auto vpath = "/api/v1/meetings/" + s(a.meeting) + "/votes";
  expect_error(b.admin.post(vpath, {{"kind", "admission"}, {"candidate_member_ids", {a.f[0].id}}}),
               400, "candidate_member_ids", "不是发展对象");
  expect_error(b.admin.post(vpath, {{"kind", "admission"}}), 400, "candidate_member_ids", "");
  expect_error(b.admin.post(vpath, {{"kind", "secret"}}), 400, "kind", "表决类型");
  auto items = a.create({{"kind", "admission"}, {"candidate_member_ids", {a.t.id}}});
  ASSERT_EQ(items.size(), 1u);
  auto vote = items[0];
  std::int64_t v = vote["id"];
  auto path = "/api/v1/votes/" + s(v);
  EXPECT_EQ(vote["secret"], true);  // rule 2026: admission by secret ballot
  EXPECT_EQ(vote["status"], "draft");
  EXPECT_EQ(vote["candidate"]["member_id"], a.t.id);
  EXPECT_NE(vote["title"].get<std::string>().find("唐发展"), std::string::npos);
  EXPECT_EQ(vote["options"].size(), 3u);
  EXPECT_TRUE(vote["result"].is_null());
  EXPECT_EQ(b.admin.post(vpath, {{"kind", "admission"}, {"candidate_member_ids", {a.t.id}}}).status,
            409);  // once per candidate and meeting

  // Written opinions of absent voting members, before the vote opens.
  auto op = b.admin.post(path + "/opinions", {{"member_id", a.f[3].id}, {"choice", "yes"}});
  ASSERT_EQ(op.status, 200) << op.body;
  EXPECT_EQ(op.json["written"], 1);
  ASSERT_EQ(b.admin.post(path + "/opinions", {{"member_id", a.f[4].id}, {"choice", "no"}}).status,
            200);
  expect_error(b.admin.post(path + "/opinions", {{"member_id", a.f[0].id}, {"choice", "yes"}}), 400,
               "member_id", "已到会");
  expect_error(b.admin.post(path + "/opinions", {{"member_id", a.p.id}, {"choice", "yes"}}), 400,
               "member_id", "有表决权");
  expect_error(b.admin.post(path + "/opinions", {{"member_id", a.f[5].id}, {"choice", "maybe"}}),
               400, "choice", "");
  // Ballots wait for the vote to open.
  expect_error(a.as("demo-member").post(path + "/ballot", {{"choice", "yes"}}), 409, "",
               "表决尚未开始");

  auto opened = b.admin.post(path + "/open");
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(opened.json["status"], "open");
  EXPECT_EQ(opened.json["eligible"], 8);  // W (留党察看) and P (预备党员) have no vote
  EXPECT_EQ(opened.json["present"], 5);
  EXPECT_EQ(b.admin.post(path + "/opinions", {{"member_id", a.f[5].id}, {"choice", "yes"}}).status,
            409);
  EXPECT_EQ(a.as("demo-member").get(path).json["my"]["may_vote"], true);
  EXPECT_EQ(a.as(a.p.login).get(path).json["my"]["may_vote"], false);

  auto cast = [&](const std::string& login, const std::string& choice) {
    return a.as(login).post(path + "/ballot", {{"choice", choice}});
  };
  EXPECT_EQ(cast("demo-branch", "yes").status, 200);
  EXPECT_EQ(cast("demo-member", "yes").status, 200);
  EXPECT_EQ(cast(a.f[0].login, "yes").status, 200);
  expect_error(cast(a.f[1].login, "maybe"), 400, "choice", "");
  EXPECT_EQ(cast(a.f[1].login, "yes").status, 200);
  EXPECT_EQ(cast(a.f[2].login, "abstain").status, 200);
  // Once per voter; only present full members with voting rights.
  expect_error(cast("demo-member", "no"), 409, "", "只能投一次");
  expect_error(cast(a.w.login, "no"), 403, "", "留党察看");
  expect_error(cast(a.p.login, "no"), 403, "", "正式党员");
  expect_error(cast(a.f[5].login, "no"), 403, "", "没有表决权");
  // No tally while the vote runs, for anyone.
  auto running = b.admin.get(path);
  EXPECT_TRUE(running.json["result"].is_null()) << running.body;
  EXPECT_EQ(running.json["voted"], 5);
  EXPECT_TRUE(b.admin.get(vpath).json["items"][0]["result"].is_null());
  EXPECT_EQ(cast(a.f[3].login, "no").status, 403);  // absent: their written opinion stands

  EXPECT_EQ(a.as("demo-member").post(path + "/close").status, 403);  // the host closes
  auto closed = b.admin.post(path + "/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  const auto& res = closed.json["result"];
  // N = 8: quorum needs 5 present (5 are), passing needs 5 yes: 4 ballots + 1 written opinion.
  EXPECT_EQ(res["eligible"], 8);
  EXPECT_EQ(res["present"], 5);
  EXPECT_EQ(res["quorum_needed"], 5);
  EXPECT_EQ(res["pass_needed"], 5);
  EXPECT_EQ(res["yes"], 5);
  EXPECT_EQ(res["no"], 1);
  EXPECT_EQ(res["abstain"], 1);
  EXPECT_EQ(res["written"], 2);
  EXPECT_EQ(res["not_voted"], 1);
  EXPECT_EQ(res["quorum_met"], true);
  EXPECT_EQ(res["passed"], true);
  EXPECT_EQ(res["rule_version"], "2026");
  EXPECT_EQ(res["counts"], Json::parse(R"([{"code":"yes","label":"赞成","count":5},
      {"code":"no","label":"反对","count":1},{"code":"abstain","label":"弃权","count":1}])"));
  std::string summary = res["summary"];
  EXPECT_NE(summary.find("应到会有表决权的正式党员 8 名，实到 5 名"), std::string::npos) << summary;
  EXPECT_NE(summary.find("含书面意见 2 份"), std::string::npos) << summary;
  EXPECT_NE(summary.find("表决通过"), std::string::npos) << summary;
  expect_error(cast(a.f[2].login, "yes"), 409, "", "表决已结束");
  EXPECT_EQ(b.admin.post(path + "/close").status, 409);

  // The development pipeline reads the outcome from the meetings area.
  auto outcome = u.db().read_result(
      [&](zhdj::db::Tx& tx) { return zhdj::meetings::VoteService::assembly_outcome(tx, v); });
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->kind, "admission");
  EXPECT_EQ(outcome->candidate_member_id, a.t.id);
  EXPECT_EQ(outcome->meeting_id, a.meeting);
  auto starts = zhdj::parse_instant(b.detail(a.meeting)["starts_at"].get<std::string>());
  EXPECT_EQ(outcome->meeting_date, zhdj::civil_date(*starts, zone(u)));
  EXPECT_TRUE(outcome->result.passed);
  EXPECT_EQ(outcome->result.yes, 5);
  EXPECT_EQ(outcome->result.eligible, 8);
  EXPECT_EQ(outcome->result.rule_version, "2026");
  auto all = u.db().read_result(
      [&](zhdj::db::Tx& tx) { return zhdj::meetings::VoteService::outcomes_for(tx, a.t.id); });
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].vote_id, v);
}

TEST(Meetings, WrittenOpinionsCountTowardPassingButNotTowardTheQuorum) {
  TestUniversity u;
  Assembly a(u);
  auto& b = a.b;
  // Present: the secretary, F1, F2 (and P, W, who have no vote): 3 of N = 8.
  for (auto id : {b.secretary, a.f[0].id, a.f[1].id, a.w.id, a.p.id}) b.mark(a.meeting, id, true);
  auto items = a.create({{"kind", "conversion"}, {"candidate_member_ids", {a.p.id}}});
  std::int64_t v = items[0]["id"];
  auto path = "/api/v1/votes/" + s(v);
  EXPECT_NE(items[0]["title"].get<std::string>().find("转为中共正式党员"), std::string::npos);
  for (auto who : {a.f[3].id, a.f[4].id})
    ASSERT_EQ(b.admin.post(path + "/opinions", {{"member_id", who}, {"choice", "yes"}}).status,
              200);
  ASSERT_EQ(b.admin.post(path + "/open").status, 200);
  for (const auto& login : {std::string("demo-branch"), a.f[0].login, a.f[1].login})
    ASSERT_EQ(a.as(login).post(path + "/ballot", {{"choice", "yes"}}).status, 200);
  // A probationary member is not a conversion candidate twice, nor a full member one at all.
  expect_error(b.admin.post("/api/v1/meetings/" + s(a.meeting) + "/votes",
                            {{"kind", "conversion"}, {"candidate_member_ids", {a.f[0].id}}}),
               400, "candidate_member_ids", "不是预备党员");
  auto closed = b.admin.post(path + "/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  const auto& res = closed.json["result"];
  // 5 yes would pass, but only 3 of 8 are present: no quorum, so no decision.
  EXPECT_EQ(res["eligible"], 8);
  EXPECT_EQ(res["present"], 3);
  EXPECT_EQ(res["yes"], 5);
  EXPECT_EQ(res["written"], 2);
  EXPECT_EQ(res["not_voted"], 3);
  EXPECT_EQ(res["quorum_needed"], 5);
  EXPECT_EQ(res["quorum_met"], false);
  EXPECT_EQ(res["passed"], false);
  EXPECT_NE(res["summary"].get<std::string>().find("到会人数不足"), std::string::npos);
  auto outcome = u.db().read_result(
      [&](zhdj::db::Tx& tx) { return zhdj::meetings::VoteService::assembly_outcome(tx, v); });
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->result.passed);
  EXPECT_FALSE(outcome->result.quorum_met);
  EXPECT_EQ(outcome->kind, "conversion");
}

TEST(Meetings, GeneralNamedVoteShowsCountsOnlyOnceClosed) {
  TestUniversity u;
  Assembly a(u, 3);
  auto& b = a.b;
  for (auto id : {b.secretary, b.member, a.f[0].id, a.f[1].id, a.p.id}) b.mark(a.meeting, id, true);
  auto vpath = "/api/v1/meetings/" + s(a.meeting) + "/votes";
  expect_error(b.admin.post(vpath, {{"kind", "general"}, {"title", "推荐"}, {"options", {"同意"}}}),
               400, "options", "2 到 10");
  expect_error(
      b.admin.post(vpath, {{"kind", "general"}, {"title", "推荐"}, {"options", {"同意", "同意"}}}),
      400, "options", "不能重复");
  auto items = a.create(
      {{"kind", "general"}, {"title", "推荐优秀党员"}, {"options", {"同意", "不同意", "弃权"}}});
  std::int64_t v = items[0]["id"];
  auto path = "/api/v1/votes/" + s(v);
  EXPECT_EQ(items[0]["secret"], false);
  EXPECT_EQ(items[0]["options"][0], Json({{"code", "o1"}, {"label", "同意"}}));
  // Votes are not for attendees' written opinions.
  EXPECT_EQ(b.admin.post(path + "/opinions", {{"member_id", a.f[2].id}, {"choice", "yes"}}).status,
            409);
  auto opened = b.admin.post(path + "/open");
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(opened.json["present"], 4);
  ASSERT_EQ(a.as("demo-branch").post(path + "/ballot", {{"choice", "o1"}}).status, 200);
  ASSERT_EQ(a.as("demo-member").post(path + "/ballot", {{"choice", "o1"}}).status, 200);
  ASSERT_EQ(a.as(a.f[0].login).post(path + "/ballot", {{"choice", "o2"}}).status, 200);
  EXPECT_EQ(a.as(a.f[0].login).post(path + "/ballot", {{"choice", "o1"}}).status, 409);
  EXPECT_EQ(a.as(a.p.login).post(path + "/ballot", {{"choice", "o1"}}).status, 403);
  EXPECT_TRUE(a.as("demo-member").get(path).json["result"].is_null());
  auto closed = b.admin.post(path + "/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json["result"]["voted"], 3);
  EXPECT_EQ(closed.json["result"]["eligible"], 4 + 1);  // F3 was invited and is absent
  EXPECT_EQ(closed.json["result"]["counts"][0]["count"], 2);
  EXPECT_EQ(closed.json["result"]["counts"][1]["count"], 1);
  EXPECT_EQ(closed.json["result"]["counts"][2]["count"], 0);
  EXPECT_FALSE(closed.json["result"].contains("passed"));
  // A named vote records who chose what; it is not an assembly outcome.
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM vote_voters WHERE vote_id = ? AND member_id = ? AND "
                     "choice = 'o2'",
                     {v, a.f[0].id}),
            1);
  EXPECT_FALSE(u.db()
                   .read_result([&](zhdj::db::Tx& tx) {
                     return zhdj::meetings::VoteService::assembly_outcome(tx, v);
                   })
                   .has_value());
}

TEST(Meetings, SecretBallotsCannotBeLinkedToVotersFromStoredData) {
  TestUniversity u;
  Assembly a(u, 7);
  auto& b = a.b;
  std::vector<std::string> voters = {"demo-branch", "demo-member"};
  for (const auto& x : a.f) voters.push_back(x.login);
  ASSERT_EQ(voters.size(), 9u);
  for (auto id : {b.secretary, b.member}) b.mark(a.meeting, id, true);
  for (const auto& x : a.f) b.mark(a.meeting, x.id, true);
  auto items = a.create({{"kind", "admission"}, {"candidate_member_ids", {a.t.id}}});
  std::int64_t v = items[0]["id"];
  auto path = "/api/v1/votes/" + s(v);
  for (const auto& login : voters) a.as(login);  // logged in before the vote opens
  ASSERT_EQ(b.admin.post(path + "/open").status, 200);
  auto opened_seq = u.scalar("SELECT MAX(seq) FROM audit_log");
  // A distinctive pattern, cast in a known order.
  const std::vector<std::string> pattern = {"yes", "no", "yes",     "abstain", "yes",
                                            "yes", "no", "abstain", "yes"};
  for (size_t i = 0; i < voters.size(); ++i)
    ASSERT_EQ(a.as(voters[i]).post(path + "/ballot", {{"choice", pattern[i]}}).status, 200)
        << voters[i];
  auto closed = b.admin.post(path + "/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json["result"]["yes"], 5);
  EXPECT_EQ(closed.json["result"]["no"], 2);
  EXPECT_EQ(closed.json["result"]["abstain"], 2);
  EXPECT_EQ(closed.json["result"]["passed"], true);

  auto columns = [&](const std::string& table) {
    return u.db().read_result([&](zhdj::db::Tx& tx) {
      std::set<std::string> out;
      auto sql = u.postgres() ? "SELECT column_name FROM information_schema.columns WHERE "
                                "table_schema = current_schema() AND table_name = ?"
                              : "SELECT name FROM pragma_table_info(?)";
      for (const auto& r : tx.query(sql, {table})) out.insert(r.str(0));
      return out;
    });
  };
  // A ballot is a random key and a choice: nothing refers to a person or a time.
  EXPECT_EQ(columns("vote_ballots"), (std::set<std::string>{"vote_id", "ballot_key", "choice"}));
  EXPECT_EQ(columns("vote_voters"), (std::set<std::string>{"vote_id", "member_id", "present",
                                                           "voted", "choice", "written_choice"}));
  if (!u.postgres()) {
    // No hidden rowid that would follow the casting order either.
    EXPECT_THROW(u.scalar("SELECT rowid FROM vote_ballots LIMIT 1"), std::exception);
  }
  // Who voted is known; how, for a secret vote, is not.
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM vote_voters WHERE vote_id = ? AND voted = 1", {v}), 9);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM vote_voters WHERE vote_id = ? AND (choice IS NOT NULL "
                     "OR written_choice IS NOT NULL)",
                     {v}),
            0);
  // The stored order of ballots is the order of their random keys, not of casting.
  auto natural = u.db().read_result([&](zhdj::db::Tx& tx) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : tx.query("SELECT vote_id, ballot_key, choice FROM vote_ballots"))
      if (r.i64(0) == v) out.emplace_back(r.str(1), r.str(2));
    return out;
  });
  ASSERT_EQ(natural.size(), 9u);
  auto sorted = natural;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(natural, sorted);
  std::multiset<std::string> choices;
  for (const auto& [key, choice] : natural) {
    choices.insert(choice);
    EXPECT_EQ(key.size(), 32u);
  }
  EXPECT_EQ(choices, std::multiset<std::string>(pattern.begin(), pattern.end()));
  if (u.postgres()) {
    // Rewritten in one transaction: no row carries the id of the transaction that cast it.
    EXPECT_EQ(
        u.scalar("SELECT COUNT(DISTINCT xmin::text) FROM vote_ballots WHERE vote_id = ?", {v}), 1);
    EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log a WHERE a.action = 'vote.ballot' AND "
                       "a.xmin::text IN (SELECT xmin::text FROM vote_ballots WHERE vote_id = ?)",
                       {v}),
              0);
  }
  // The audit log says who voted, never how; nothing written since the vote opened pairs a
  // person with a choice.
  u.db().read([&](zhdj::db::Tx& tx) {
    int ballots = 0;
    for (const auto& r :
         tx.query("SELECT action, object_id, changes FROM audit_log WHERE seq > ? ORDER BY seq",
                  {opened_seq})) {
      std::string changes = r.str(2);
      if (r.str(0) == "vote.ballot") {
        ++ballots;
        EXPECT_EQ(r.str(1), s(v));
        EXPECT_EQ(Json::parse(changes), Json::object()) << changes;
      }
      EXPECT_EQ(changes.find("\"choice\""), std::string::npos) << r.str(0) << " " << changes;
      if (changes.find("member_id") != std::string::npos)
        for (const char* c : {"\"yes\"", "\"no\"", "\"abstain\""})
          EXPECT_EQ(changes.find(c), std::string::npos) << r.str(0) << " " << changes;
    }
    EXPECT_EQ(ballots, 9);
  });
  // Nor does any answer of the API.
  auto listed = b.admin.get("/api/v1/meetings/" + s(a.meeting) + "/votes");
  EXPECT_EQ(listed.body.find("\"choice\""), std::string::npos);
}

// ---- Democratic appraisal ----------------------------------------------------------------

TEST(Meetings, AppraisalGradesWithExcellentCappedAtAThird) {
  TestUniversity u;
  Branch b(u);
  auto f = b.add_full(4);
  auto body = b.meeting("appraisal", -10 * kMinute, 2 * kHour);
  body["attendee_ids"] = {b.secretary, b.member, f[0].id, f[1].id, f[2].id, f[3].id};
  auto id = b.schedule(body);
  auto path = "/api/v1/meetings/" + s(id) + "/appraisal";
  // Only on an appraisal meeting, and by a manager.
  auto other = b.schedule(b.meeting("theme_day", -10 * kMinute, kHour));
  expect_error(b.admin.post("/api/v1/meetings/" + s(other) + "/appraisal"), 409, "",
               "民主评议党员会议");
  Client member(u), rater(u);
  member.login("demo-member");
  rater.login(f[0].login);
  EXPECT_EQ(member.post(path).status, 403);
  auto created = b.admin.post(path);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json["status"], "open");
  EXPECT_EQ(created.json["subjects"].size(), 6u);
  EXPECT_EQ(created.json["excellent_cap"], 2);
  EXPECT_EQ(b.admin.post(path).status, 409);
  EXPECT_EQ(b.detail(id)["appraisal"], true);

  // Self-assessment, then one secret peer evaluation of every other subject.
  expect_error(member.put(path + "/self", {{"text", ""}}), 400, "text", "个人总结");
  auto self = member.put(path + "/self", {{"text", "一年来认真学习，按时交纳党费。"}});
  ASSERT_EQ(self.status, 200) << self.body;
  EXPECT_EQ(self.json["my"]["self_submitted"], true);
  Json all_others = Json::object();
  for (auto x : {b.secretary, f[0].id, f[1].id, f[2].id, f[3].id}) all_others[s(x)] = "qualified";
  all_others[s(f[0].id)] = "excellent";
  auto peer = member.post(path + "/peer", {{"grades", all_others}});
  ASSERT_EQ(peer.status, 200) << peer.body;
  EXPECT_EQ(peer.json["my"]["peer_done"], true);
  EXPECT_EQ(peer.json["raters_done"], 1);
  EXPECT_TRUE(peer.json["subjects"][0]["peer"].is_null());  // no tallies while open
  expect_error(member.post(path + "/peer", {{"grades", all_others}}), 409, "", "只能提交一次");
  Json partial = {{s(b.secretary), "qualified"}, {s(b.member), "excellent"}};
  expect_error(rater.post(path + "/peer", {{"grades", partial}}), 400, "grades", "每一位参评党员");
  Json with_self = partial;
  with_self[s(f[0].id)] = "excellent";
  expect_error(rater.post(path + "/peer", {{"grades", with_self}}), 400, "grades",
               "不是本次民主评议的参评党员");
  EXPECT_EQ(u.scalar("SELECT peer_done FROM appraisal_subjects WHERE meeting_id = ? AND "
                     "member_id = ?",
                     {id, f[0].id}),
            0);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM appraisal_ballots WHERE meeting_id = ?", {id}), 5);
  // Grading waits for the branch to close the evaluation.
  EXPECT_EQ(b.admin.put(path + "/grades", {{"grades", {{s(b.member), "qualified"}}}}).status, 409);
  EXPECT_EQ(member.post(path + "/advance").status, 403);
  auto grading = b.admin.post(path + "/advance");
  ASSERT_EQ(grading.status, 200) << grading.body;
  EXPECT_EQ(grading.json["status"], "grading");
  for (const auto& subject : grading.json["subjects"]) {
    ASSERT_TRUE(subject["peer"].is_object()) << subject;
    int expected_excellent = subject["member_id"] == f[0].id ? 1 : 0;
    EXPECT_EQ(subject["peer"]["excellent"], expected_excellent);
  }
  EXPECT_EQ(member.put(path + "/self", {{"text", "补充"}}).status, 409);

  // Three 优秀 among six is over the cap of two: refused, nothing changes.
  auto audits = u.audit_count();
  Json three = {
      {s(b.secretary), "excellent"}, {s(b.member), "excellent"}, {s(f[0].id), "excellent"}};
  auto over = b.admin.put(path + "/grades", {{"grades", three}});
  EXPECT_EQ(over.status, 409) << over.body;
  EXPECT_EQ(over.json["error"]["message"],
            "优秀等次一般不超过参评党员的三分之一：6 人参评，最多 2 人评为优秀（当前 3 人）");
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM appraisal_subjects WHERE meeting_id = ? AND grade IS "
                     "NOT NULL",
                     {id}),
            0);
  EXPECT_EQ(u.audit_count(), audits);
  expect_error(b.admin.put(path + "/grades", {{"grades", {{s(b.member), "good"}}}}), 400, "grades",
               "等次");
  Json five = {{s(b.secretary), "excellent"},
               {s(f[0].id), "excellent"},
               {s(b.member), "qualified"},
               {s(f[1].id), "qualified"},
               {s(f[2].id), "basically_qualified"}};
  ASSERT_EQ(b.admin.put(path + "/grades", {{"grades", five}}).status, 200);
  // Not every subject graded: the appraisal stays open for grading.
  expect_error(b.admin.post(path + "/close"), 409, "", "还有 1 人未评定");
  // Grades are the branch's until then.
  auto hidden = member.get(path);
  for (const auto& subject : hidden.json["subjects"]) EXPECT_TRUE(subject["grade"].is_null());
  ASSERT_EQ(b.admin.put(path + "/grades", {{"grades", {{s(f[3].id), "qualified"}}}}).status, 200);
  auto closed = b.admin.post(path + "/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json["status"], "closed");
  auto seen = member.get(path);
  for (const auto& subject : seen.json["subjects"]) {
    EXPECT_FALSE(subject["grade"].is_null());
    if (subject["member_id"] == f[0].id) EXPECT_EQ(subject["grade_name"], "优秀");
  }
  EXPECT_EQ(b.admin.put(path + "/grades", {{"grades", {{s(f[3].id), "excellent"}}}}).status, 409);
}

// ---- Compliance ----------------------------------------------------------------------------

namespace {

const Json* obligation(const Json& report, const std::string& type) {
  if (!report["own"].is_object()) return nullptr;
  for (const auto& o : report["own"]["obligations"])
    if (o["type"] == type) return &o;
  return nullptr;
}

const Json* by_type(const Json& report, const std::string& type) {
  for (const auto& t : report["by_type"])
    if (t["type"] == type) return &t;
  return nullptr;
}

}  // namespace

TEST(Meetings, ComplianceIsJudgedPerPeriodAndRolledUpTheTree) {
  TestUniversity u;
  Branch b(u);
  add_other_college_admin(u);
  // The demo's orgs were created just now; let them have existed for two years.
  u.db().write(
      [&](zhdj::db::Tx& tx) { tx.exec("UPDATE orgs SET created_at = ?", {now(u) - 730 * kDay}); });
  Date first = Date{today(u).year(), today(u).month(), std::chrono::day{1}};
  Date last_month = zhdj::add_months(first, -1);
  auto last_key = fmt::format("{:04d}-{:02d}", static_cast<int>(last_month.year()),
                              static_cast<unsigned>(last_month.month()));
  auto this_key = fmt::format("{:04d}-{:02d}", static_cast<int>(first.year()),
                              static_cast<unsigned>(first.month()));
  auto branch_report = [&](const std::string& period) {
    auto r = b.admin.get("/api/v1/compliance?org_id=" + s(b.org) + "&period=" + period);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json;
  };

  // This month: the theme day is still open.
  auto current = b.admin.get("/api/v1/compliance?org_id=" + s(b.org));
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(current.json["period"]["key"], this_key);
  EXPECT_EQ(current.json["org"]["kind"], "branch");
  ASSERT_NE(obligation(current.json, "theme_day"), nullptr) << current.body;
  EXPECT_EQ(obligation(current.json, "theme_day")->at("status"), "open");
  EXPECT_EQ(obligation(current.json, "theme_day")->at("period_key"), this_key);
  EXPECT_EQ(obligation(current.json, "group"), nullptr);  // a branch holds no 党小组会

  // Last month: missed, and visible to the college and the university.
  auto before = branch_report(last_key);
  ASSERT_NE(obligation(before, "theme_day"), nullptr) << before;
  EXPECT_EQ(obligation(before, "theme_day")->at("status"), "missed");
  bool listed = false;
  for (const auto& m : before["missed"])
    listed = listed || (m["org_id"] == b.org && m["type"] == "theme_day");
  EXPECT_TRUE(listed) << before["missed"];
  Client college(u), school(u);
  college.login("demo-college");
  school.login("demo-school");
  auto college_before =
      college.get("/api/v1/compliance?org_id=" + s(u.org_id(kCollege)) + "&period=" + last_key);
  ASSERT_EQ(college_before.status, 200) << college_before.body;
  EXPECT_TRUE(college_before.json["own"].is_null());
  auto root = u.scalar("SELECT id FROM orgs WHERE parent_id IS NULL");
  auto school_before = school.get("/api/v1/compliance?org_id=" + s(root) + "&period=" + last_key);
  ASSERT_EQ(school_before.status, 200) << school_before.body;
  ASSERT_NE(by_type(college_before.json, "theme_day"), nullptr);
  int college_missed = by_type(college_before.json, "theme_day")->at("orgs_missed");
  int college_met = by_type(college_before.json, "theme_day")->at("orgs_met");
  int school_missed = by_type(school_before.json, "theme_day")->at("orgs_missed");
  EXPECT_GE(college_missed, 1);
  EXPECT_GE(school_missed, college_missed);
  EXPECT_FALSE(school_before.json["children"].empty());

  // Recording last month's theme day afterwards: scheduled in the past, published, attendance
  // marked by hand, minutes saved.
  Instant starts = zhdj::local_instant(zhdj::add_days(last_month, 14), 14 * 60, zone(u));
  auto body = b.meeting("theme_day", 0, 0);
  body["starts_at"] = zhdj::format_instant(starts);
  body["ends_at"] = zhdj::format_instant(starts + 2 * kHour);
  auto id = b.schedule(body);
  b.mark(id, b.member, true);
  EXPECT_EQ(obligation(branch_report(last_key), "theme_day")->at("status"), "missed");
  ASSERT_EQ(
      b.admin.put("/api/v1/meetings/" + s(id) + "/minutes", {{"content", "参观革命纪念馆"}}).status,
      200);
  auto after = branch_report(last_key);
  EXPECT_EQ(obligation(after, "theme_day")->at("status"), "met");
  EXPECT_EQ(obligation(after, "theme_day")->at("held"), 1);
  EXPECT_EQ(after["summary"]["meetings_held"], 1);
  EXPECT_EQ(after["summary"]["present"], 1);
  auto college_after =
      college.get("/api/v1/compliance?org_id=" + s(u.org_id(kCollege)) + "&period=" + last_key);
  EXPECT_EQ(by_type(college_after.json, "theme_day")->at("orgs_missed"), college_missed - 1);
  EXPECT_EQ(by_type(college_after.json, "theme_day")->at("orgs_met"), college_met + 1);
  auto school_after = school.get("/api/v1/compliance?org_id=" + s(root) + "&period=" + last_key);
  EXPECT_EQ(by_type(school_after.json, "theme_day")->at("orgs_missed"), school_missed - 1);
  // A quarter and a year are reports too.
  auto quarter = branch_report(fmt::format("{:04d}-Q{}", static_cast<int>(first.year()),
                                           (static_cast<unsigned>(first.month()) - 1) / 3 + 1));
  EXPECT_EQ(quarter["period"]["kind"], "quarter");
  EXPECT_EQ(branch_report(fmt::format("{:04d}", static_cast<int>(first.year())))["period"]["kind"],
            "year");

  // Bad periods are refused in Chinese.
  for (const char* bad : {"2026-13", "2026-Q5", "26-11", "abc", "2026-1"}) {
    auto r = b.admin.get("/api/v1/compliance?org_id=" + s(b.org) + "&period=" + bad);
    expect_error(r, 400, "period", "统计期间");
  }
  // A member sees their own branch, and nothing above it.
  Client member(u);
  member.login("demo-member");
  auto own = member.get("/api/v1/compliance");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.json["org"]["id"], b.org);
  EXPECT_EQ(member.get("/api/v1/compliance?org_id=" + s(b.org)).status, 200);
  EXPECT_EQ(member.get("/api/v1/compliance?org_id=" + s(u.org_id(kCollege))).status, 404);
  EXPECT_EQ(member.get("/api/v1/compliance?org_id=" + s(u.org_id(kOtherBranch))).status, 404);
  // Another college's admin sees nothing of this branch.
  Client other(u);
  other.login("other-college");
  EXPECT_EQ(other.get("/api/v1/compliance?org_id=" + s(b.org)).status, 404);
  EXPECT_EQ(other.get("/api/v1/compliance?org_id=" + s(u.org_id(kOtherBranch))).status, 200);
}

TEST(Meetings, ComplianceWarningsGoToBranchAdminsOnceBeforeThePeriodEnds) {
  TestUniversity u;
  Branch b(u);
  // Move to three days before the end of this month (unless already closer).
  Date first = Date{today(u).year(), today(u).month(), std::chrono::day{1}};
  Date last = zhdj::add_days(zhdj::add_months(first, 1), -1);
  Instant target = zhdj::local_instant(zhdj::add_days(last, -3), 10 * 60, zone(u));
  if (target > now(u)) u.platform().clock().advance(target - now(u));
  auto sent = u.platform().compliance().send_warnings();
  EXPECT_GE(sent, 1);
  auto admin = account_of(u, "demo-branch");
  auto warnings = [&](std::int64_t account) {
    return u.scalar(
        "SELECT COUNT(*) FROM notifications WHERE kind = 'meeting.compliance' AND "
        "account_id = ? AND link LIKE ?",
        {account, "%org_id=" + s(b.org) + "&%"});
  };
  auto first_round = warnings(admin);
  EXPECT_GE(first_round, 1);
  auto theme_day = u.scalar(
      "SELECT COUNT(*) FROM notifications WHERE kind = 'meeting.compliance' AND account_id = ? "
      "AND title LIKE ?",
      {admin, "%主题党日%"});
  EXPECT_EQ(theme_day, 1);
  EXPECT_EQ(warnings(account_of(u, "demo-member")), 0);  // administrators only
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM compliance_warnings WHERE org_id = ? AND type = "
                     "'theme_day'",
                     {b.org}),
            1);
  // Once per org, type and period.
  EXPECT_EQ(u.platform().compliance().send_warnings(), 0);
  u.platform().run_due_jobs();
  EXPECT_EQ(warnings(admin), first_round);
}
