// The member registry through the API: records, validation, encryption and masking, reveals
// visible to the person, history, list filters and paging, corrections, status events,
// transfers with introduction letters, statistics and alerts.
#include <fmt/format.h>

#include <set>

#include "app/keys.hpp"
#include "harness.hpp"

using namespace zhdj::testing;
using zhdj::Date;

namespace {

const char* kBranch = "计算机科学与技术学院本科生第一党支部";  // demo-branch administers it
const char* kOtherBranch = "机械工程学院本科生第一党支部";     // another college

// A valid 公民身份号码 for a birth date and sex (independent of the code under test).
std::string id_number(Date birth, bool male, const std::string& region = "110101", int seq = 12) {
  std::string s = region + fmt::format("{:04d}{:02d}{:02d}", static_cast<int>(birth.year()),
                                       static_cast<unsigned>(birth.month()),
                                       static_cast<unsigned>(birth.day()));
  s += fmt::format("{:02d}{}", seq % 100, male ? 1 : 2);
  const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (s[i] - '0') * w[i];
  const char* checks = "10X98765432";
  return s + checks[sum % 11];
}

Date today(TestUniversity& u) {
  return u.platform().registry().today();
}

Json person(TestUniversity& u, const std::string& name, const std::string& student_no, int age = 30,
            bool male = true) {
  Date birth = zhdj::add_years(today(u), -age);
  int seq = static_cast<int>(std::hash<std::string>{}(student_no) % 97);
  return {{"org_id", u.org_id(kBranch)},
          {"name", name},
          {"category", "full"},
          {"id_number", id_number(birth, male, "110101", seq)},
          {"ethnicity", "汉族"},
          {"education", "大学本科"},
          {"joined_on", zhdj::format_date(zhdj::add_years(today(u), -5))},
          {"phone", "13812345678"},
          {"address", "北京市海淀区学院路 1 号"},
          {"student_no", student_no},
          {"identity", "staff"}};
}

std::int64_t create(Client& c, const Json& body) {
  auto r = c.post("/api/v1/members", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json.value("id", std::int64_t{0});
}

}  // namespace

TEST(Registry, RecordDerivesFromIdNumberAndMasksPersonalData) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  Date birth = zhdj::add_years(today(u), -30);
  std::string id = id_number(birth, false);
  auto body = person(u, "林小雨", "T90001", 30, false);
  body.erase("id_number");
  // Pasted with spaces around and one full-width digit, as from a web form or a Word file.
  std::string full_width = "\xEF\xBC" + std::string(1, static_cast<char>(0x90 + (id[6] - '0')));
  body["id_number"] = " " + id.substr(0, 6) + full_width + id.substr(7) + "\xE3\x80\x80";
  auto r = c.post("/api/v1/members", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["gender"], "female");
  EXPECT_EQ(r.json["birth_date"], zhdj::format_date(birth));
  EXPECT_EQ(r.json["id_number"], id.substr(0, 6) + "********" + id.substr(14));
  EXPECT_EQ(r.json["phone"], "138****5678");
  EXPECT_EQ(r.json["age"], 30);
  EXPECT_EQ(r.json["can_vote"], true);
  auto member = r.json["id"].get<std::int64_t>();
  // Nothing in clear at rest: the sealed columns differ from the number and the index is keyed.
  u.db().read([&](zhdj::db::Tx& tx) {
    auto row = tx.query_one(
        "SELECT id_enc, id_index, phone_enc, address_enc FROM members WHERE id = ?", {member});
    auto sealed = row->blob(0);
    std::string raw(sealed.begin(), sealed.end());
    EXPECT_EQ(raw.find(id), std::string::npos);
    EXPECT_EQ(row->str(1).size(), 32u);
    EXPECT_EQ(row->str(1).find(id), std::string::npos);
    auto phone = row->blob(2);
    EXPECT_EQ(std::string(phone.begin(), phone.end()).find("13812345678"), std::string::npos);
  });
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM member_changes WHERE member_id = ? AND new_value = ?",
                     {member, id}),
            0);
  EXPECT_EQ(
      u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'member.create' AND object_id = ?",
               {std::to_string(member)}),
      1);
  auto audit = u.db().read_result([&](zhdj::db::Tx& tx) {
    return tx
        .query_one("SELECT changes FROM audit_log WHERE action = 'member.create' AND object_id = ?",
                   {std::to_string(member)})
        ->str(0);
  });
  EXPECT_EQ(audit.find(id), std::string::npos) << "the audit log must not hold the ID number";
}

TEST(Registry, BadInputIsRefusedInChineseAndChangesNothing) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto count = u.scalar("SELECT COUNT(*) FROM members");
  auto audits = u.audit_count();
  auto expect_400 = [&](Json body, const std::string& field, const std::string& message_part) {
    auto r = c.post("/api/v1/members", body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json["error"]["field"], field) << r.body;
    EXPECT_NE(r.json["error"]["message"].get<std::string>().find(message_part), std::string::npos)
        << r.body;
  };
  auto good = person(u, "周正", "T90002");
  std::string id = good["id_number"];
  auto wrong_check = good;
  wrong_check["id_number"] = id.substr(0, 17) + (id[17] == '1' ? "2" : "1");
  expect_400(wrong_check, "id_number", "校验位");
  auto short_id = good;
  short_id["id_number"] = "11010119900101";
  expect_400(short_id, "id_number", "18 位");
  auto bad_date = good;
  bad_date["id_number"] = "110101199002300012";
  expect_400(bad_date, "id_number", "出生日期");
  auto mismatch = good;
  mismatch["birth_date"] = "1990-01-01";
  expect_400(mismatch, "birth_date", "不一致");
  auto sex = good;
  sex["gender"] = "female";
  expect_400(sex, "gender", "性别");
  auto code = good;
  code["education"] = "大专以上";
  expect_400(code, "education", "不是有效的学历");
  auto phone = good;
  phone["phone"] = "12345";
  expect_400(phone, "phone", "联系电话");
  auto unknown = good;
  unknown["salary"] = "1";
  expect_400(unknown, "salary", "未知字段");
  auto status = good;
  status["status"] = "expelled";
  expect_400(status, "status", "不能在这里修改");
  auto no_join = good;
  no_join.erase("joined_on");
  expect_400(no_join, "joined_on", "入党日期");
  // An applicant one day short of 18 is refused, with the day they may apply.
  Date birth = zhdj::add_days(zhdj::add_years(today(u), -18), 1);
  auto minor = person(u, "少年", "S90001");
  minor["category"] = "applicant";
  minor.erase("joined_on");
  minor["id_number"] = id_number(birth, true);
  expect_400(minor, "birth_date", zhdj::format_date(zhdj::add_years(birth, 18)));
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM members"), count);
  EXPECT_EQ(u.audit_count(), audits);
  // Exactly 18 today is fine.
  minor["id_number"] = id_number(zhdj::add_years(today(u), -18), true);
  EXPECT_EQ(c.post("/api/v1/members", minor).status, 201);
}

TEST(Registry, DuplicatesByIdNumberOrStudentNumberAreRefused) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto body = person(u, "陈一", "T90003");
  create(c, body);
  auto again = body;
  again["student_no"] = "T90004";
  again["id_number"] = " " + body["id_number"].get<std::string>();
  auto r = c.post("/api/v1/members", again);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json["error"]["field"], "id_number");
  EXPECT_NE(r.body.find("陈一"), std::string::npos);
  auto same_no = person(u, "陈二", "T90003", 40);
  r = c.post("/api/v1/members", same_no);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json["error"]["field"], "student_no");
}

TEST(Registry, EditsKeepAFieldHistoryAndRefuseStaleVersions) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto id = create(c, person(u, "王可", "T90010"));
  auto path = "/api/v1/members/" + std::to_string(id);
  auto r = c.patch(path, {{"version", 1}, {"job", "辅导员"}, {"phone", "13900001111"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["version"], 2);
  EXPECT_EQ(r.json["phone"], "139****1111");
  // Someone still holding version 1 is told to reload; nothing changes.
  auto stale = c.patch(path, {{"version", 1}, {"job", "教师"}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.json["error"]["field"], "version");
  EXPECT_EQ(c.get(path).json["job"], "辅导员");
  auto h = c.get(path + "/history");
  ASSERT_EQ(h.status, 200);
  bool job = false, phone = false;
  for (const auto& e : h.json["items"]) {
    if (e["field"] == "job" && e["new_value"] == "辅导员") {
      job = true;
      EXPECT_EQ(e["changed_by"], "演示支部书记");
      EXPECT_EQ(e["source"], "edit");
    }
    if (e["field"] == "phone" && e["source"] == "edit") {
      phone = true;
      EXPECT_EQ(e["old_value"], "138****5678");  // history of personal data is masked too
      EXPECT_EQ(e["new_value"], "139****1111");
    }
  }
  EXPECT_TRUE(job);
  EXPECT_TRUE(phone);
  EXPECT_EQ(c.patch(path, {{"job", "x"}}).status, 400);  // no version
}

TEST(Registry, RevealNeedsThePermissionIsAuditedAndShownToThePerson) {
  TestUniversity u;
  Client admin(u);
  admin.login("demo-branch");
  auto member = u.scalar(
      "SELECT m.id FROM members m JOIN accounts a ON a.id = m.account_id WHERE a.login = "
      "'demo-member'");
  auto path = "/api/v1/members/" + std::to_string(member);
  auto masked = admin.get(path);
  ASSERT_EQ(masked.status, 200);
  EXPECT_NE(masked.json["id_number"].get<std::string>().find("********"), std::string::npos);
  EXPECT_EQ(masked.json["can_reveal"], true);
  auto r = admin.post(path + "/reveal");
  ASSERT_EQ(r.status, 200) << r.body;
  std::string full = r.json["id_number"];
  EXPECT_EQ(full.size(), 18u);
  EXPECT_EQ(full.substr(0, 6), masked.json["id_number"].get<std::string>().substr(0, 6));
  EXPECT_EQ(full.find('*'), std::string::npos);
  EXPECT_EQ(
      u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'member.reveal' AND object_id = ?",
               {std::to_string(member)}),
      1);
  // The auditor may read the registry but not personal data.
  Client auditor(u);
  auditor.login("demo-auditor");
  EXPECT_EQ(auditor.get(path).status, 200);
  EXPECT_EQ(auditor.post(path + "/reveal").status, 403);
  // The person sees who looked.
  Client self(u);
  self.login("demo-member");
  auto mine = self.get("/api/v1/me/record");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.json["access_log"].size(), 1u);
  EXPECT_EQ(mine.json["access_log"][0]["accessor"], "演示支部书记");
  EXPECT_EQ(mine.json["access_log"][0]["purpose"], "reveal");
  // and may see their own number.
  auto own = self.post(path + "/reveal");
  EXPECT_EQ(own.status, 200);
  EXPECT_EQ(own.json["id_number"], full);
}

TEST(Registry, ListFiltersSearchesInPinyinAndPagesWithoutGapsOrRepeats) {
  TestUniversity u(300);
  Client c(u);
  c.login("demo-branch");
  create(c, person(u, "张三", "T91001", 40));
  create(c, person(u, "阿美", "T91002", 25, false));
  create(c, person(u, "白云", "T91003", 55));
  auto zs = c.get("/api/v1/members?q=zs");
  ASSERT_EQ(zs.status, 200) << zs.body;
  bool found = false;
  for (const auto& m : zs.json["items"]) {
    found = found || m["name"] == "张三";
    EXPECT_EQ(m["name"].get<std::string>().rfind("张", 0), 0u) << m["name"];
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(c.get("/api/v1/members?q=zhangsan").json["items"][0]["name"], "张三");
  EXPECT_EQ(c.get("/api/v1/members?q=T9100").json["total"], 3);
  EXPECT_EQ(c.get("/api/v1/members?q=%E4%BA%91").json["items"][0]["name"], "白云");  // 云
  // Filters: sex, age range, category.
  auto women = c.get("/api/v1/members?gender=female&age_min=24&age_max=26&q=T91");
  ASSERT_EQ(women.json["total"], 1) << women.body;
  EXPECT_EQ(women.json["items"][0]["name"], "阿美");
  auto old = c.get("/api/v1/members?age_min=55&q=T91");
  EXPECT_EQ(old.json["total"], 1);
  EXPECT_EQ(c.get("/api/v1/members?category=applicant,activist&q=T91").json["total"], 0);
  EXPECT_EQ(c.get("/api/v1/members?gender=unknown").status, 400);
  EXPECT_EQ(c.get("/api/v1/members?sort=salary").status, 400);
  EXPECT_EQ(c.get("/api/v1/members?cursor=zz~1").status, 400);
  // Pinyin order: 阿 (a) < 白 (b) < 张 (z).
  auto sorted = c.get("/api/v1/members?q=T91&sort=name");
  ASSERT_EQ(sorted.json["items"].size(), 3u);
  EXPECT_EQ(sorted.json["items"][0]["name"], "阿美");
  EXPECT_EQ(sorted.json["items"][1]["name"], "白云");
  EXPECT_EQ(sorted.json["items"][2]["name"], "张三");
  // The branch admin sees only their branch; paging visits each person once.
  Client school(u);
  school.login("demo-school");
  for (const std::string sort : {"name", "birth_date", "joined_on"}) {
    std::set<std::int64_t> seen;
    std::string cursor;
    std::int64_t total = -1;
    int pages = 0;
    do {
      auto page = school.get("/api/v1/members?limit=37&sort=" + sort + "&order=desc" +
                             (cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(page.status, 200) << page.body;
      if (pages == 0)
        total = page.json["total"];
      else
        EXPECT_TRUE(page.json["total"].is_null());  // counted on the first page only
      for (const auto& m : page.json["items"])
        EXPECT_TRUE(seen.insert(m["id"].get<std::int64_t>()).second);
      cursor =
          page.json["next_cursor"].is_null() ? "" : page.json["next_cursor"].get<std::string>();
      ++pages;
    } while (!cursor.empty() && pages < 100);
    EXPECT_EQ(static_cast<std::int64_t>(seen.size()), total) << sort;
  }
  auto mine = c.get("/api/v1/members?limit=200");
  for (const auto& m : mine.json["items"]) EXPECT_EQ(m["org_name"], kBranch);
  auto other = c.get("/api/v1/members?org_id=" + std::to_string(u.org_id(kOtherBranch)));
  EXPECT_TRUE(other.status == 403 || other.status == 404);
}

TEST(Registry, MemberRequestsACorrectionAndTheBranchDecides) {
  TestUniversity u;
  Client self(u);
  self.login("demo-member");
  auto r = self.post("/api/v1/me/corrections",
                     {{"changes", {{"job", "学生会主席"}, {"phone", "13700001234"}}},
                      {"reason", "岗位和手机号有变化"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["changes"]["phone"]["after"], "137****1234");
  EXPECT_EQ(
      self.post("/api/v1/me/corrections", {{"changes", {{"job", "x"}}}, {"reason", "再次"}}).status,
      409);
  EXPECT_EQ(
      self.post("/api/v1/me/corrections", {{"changes", {{"category", "full"}}}, {"reason", "x"}})
          .status,
      400);
  EXPECT_EQ(self.post("/api/v1/me/corrections", {{"changes", {{"job", "x"}}}}).status, 400);
  Client admin(u);
  admin.login("demo-branch");
  auto pending = admin.get("/api/v1/members/corrections");
  ASSERT_EQ(pending.json["items"].size(), 1u) << pending.body;
  auto id = pending.json["items"][0]["id"].get<std::int64_t>();
  EXPECT_EQ(admin.post("/api/v1/members/corrections/" + std::to_string(id) + "/reject").status,
            400);
  auto ok = admin.post("/api/v1/members/corrections/" + std::to_string(id) + "/approve");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["status"], "approved");
  auto mine = self.get("/api/v1/me/record");
  EXPECT_EQ(mine.json["job"], "学生会主席");
  EXPECT_EQ(mine.json["phone"], "137****1234");
  EXPECT_EQ(admin.post("/api/v1/members/corrections/" + std::to_string(id) + "/approve").status,
            409);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM member_changes WHERE source = 'correction'"), 2);
  EXPECT_GE(u.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'member.correction_decided'"),
            1);
}

TEST(Registry, StatusEventsFollowTheRulesAndRefuseImpossibleSequences) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto id = create(c, person(u, "赵明", "T92001"));
  auto events = "/api/v1/members/" + std::to_string(id) + "/events";
  auto on = [&](int months_ago) {
    return zhdj::format_date(zhdj::add_months(today(u), -months_ago));
  };
  auto post = [&](Json b) {
    if (!b.contains("decided_by")) b["decided_by"] = "本科生第一党支部支部委员会";
    return c.post(events, b);
  };
  EXPECT_EQ(post({{"kind", "lost_contact"}, {"occurred_on", on(7)}}).status, 400);  // no reason
  ASSERT_EQ(
      post({{"kind", "lost_contact"}, {"occurred_on", on(7)}, {"reason", "migrant_work"}}).status,
      201);
  // Suspension needs 6 full months of being unreachable; the earliest day is named.
  auto early = post({{"kind", "suspension"}, {"occurred_on", on(2)}});
  EXPECT_EQ(early.status, 409);
  EXPECT_NE(early.body.find(on(1)), std::string::npos) << early.body;
  auto alerts = c.get("/api/v1/members/alerts");
  bool due = false;
  for (const auto& a : alerts.json["items"])
    due = due || (a["code"] == "suspension_due" && a["member_id"] == id);
  EXPECT_TRUE(due) << alerts.body;
  auto s =
      post({{"kind", "suspension"}, {"occurred_on", on(1)}, {"document_no", "党发〔2026〕3号"}});
  ASSERT_EQ(s.status, 201) << s.body;
  EXPECT_EQ(s.json["status_after"], "suspended");
  EXPECT_EQ(c.get("/api/v1/members/" + std::to_string(id)).json["party_status"], "停止");
  EXPECT_EQ(post({{"kind", "restoration"}, {"occurred_on", on(0)}}).status, 201);
  EXPECT_EQ(post({{"kind", "expulsion"}, {"occurred_on", on(0)}}).status, 201);
  auto restore = post({{"kind", "restoration"}, {"occurred_on", on(0)}});
  EXPECT_EQ(restore.status, 409);
  EXPECT_NE(restore.json["error"]["message"].get<std::string>().find("开除党籍"),
            std::string::npos);
  EXPECT_EQ(post({{"kind", "transfer_out"}, {"occurred_on", on(0)}}).status,
            400);  // transfers only
  EXPECT_EQ(
      post({{"kind", "death"}, {"occurred_on", zhdj::format_date(zhdj::add_days(today(u), 1))}})
          .status,
      400);
  EXPECT_EQ(c.get(events).json["items"].size(), 4u);
  // Cancelling probation applies only to probationary members.
  auto other = create(c, person(u, "钱进", "T92002"));
  auto r =
      c.post("/api/v1/members/" + std::to_string(other) + "/events",
             {{"kind", "cancel_probation"}, {"occurred_on", on(0)}, {"decided_by", "支部大会"}});
  EXPECT_EQ(r.status, 409);
}

TEST(Registry, ProbationWatchSuspendsVotingUntilItsEndDate) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto id = create(c, person(u, "孙立", "T92003"));
  auto path = "/api/v1/members/" + std::to_string(id);
  auto bad = c.post(path + "/events", {{"kind", "probation_watch"},
                                       {"occurred_on", zhdj::format_date(today(u))},
                                       {"decided_by", "学院党委"},
                                       {"term_months", 18}});
  EXPECT_EQ(bad.status, 400);
  auto w = c.post(path + "/events", {{"kind", "probation_watch"},
                                     {"occurred_on", zhdj::format_date(today(u))},
                                     {"decided_by", "学院党委"},
                                     {"term_months", 12}});
  ASSERT_EQ(w.status, 201) << w.body;
  EXPECT_EQ(w.json["ends_on"], zhdj::format_date(zhdj::add_months(today(u), 12)));
  EXPECT_EQ(c.get(path).json["can_vote"], false);
  // Nothing to run: a year later the right to vote is back because the date has passed.
  u.platform().clock().advance(366LL * 24 * 3600 * 1000);
  c.login("demo-branch");
  auto later = c.get(path);
  EXPECT_EQ(later.json["under_watch"], false);
  EXPECT_EQ(later.json["can_vote"], true);
}

TEST(Registry, InternalTransferMovesThePersonOnlyWhenTheReceiverConfirms) {
  TestUniversity u;
  Client sender(u);
  sender.login("demo-branch");
  auto id = create(sender, person(u, "李响", "T93001"));
  auto target = u.org_id(kOtherBranch);
  auto r = sender.post("/api/v1/transfers", {{"direction", "internal"},
                                             {"member_id", id},
                                             {"to_org_id", target},
                                             {"reason", "调入机械学院工作"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto t = "/api/v1/transfers/" + std::to_string(r.json["id"].get<std::int64_t>());
  EXPECT_EQ(r.json["status"], "requested");
  EXPECT_EQ(sender
                .post("/api/v1/transfers", {{"direction", "internal"},
                                            {"member_id", id},
                                            {"to_org_id", target},
                                            {"reason", "重复"}})
                .status,
            409);
  // The receiver cannot confirm before the sender approves.
  Client school(u);
  school.login("demo-school");
  EXPECT_EQ(school.post(t + "/confirm").status, 409);
  ASSERT_EQ(sender.post(t + "/approve").status, 200);
  EXPECT_EQ(sender.get(t).json["can_confirm"], false);
  // Until the receiver confirms, the person stays with the sender.
  EXPECT_EQ(sender.get("/api/v1/members/" + std::to_string(id)).json["org_name"], kBranch);
  EXPECT_EQ(sender.post(t + "/confirm").status, 403);
  auto done = school.post(t + "/confirm");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json["status"], "completed");
  auto moved = school.get("/api/v1/members/" + std::to_string(id));
  EXPECT_EQ(moved.json["org_name"], kOtherBranch);
  EXPECT_EQ(moved.json["status"], "active");
  // The old branch no longer sees the person.
  EXPECT_EQ(sender.get("/api/v1/members/" + std::to_string(id)).status, 404);
  EXPECT_EQ(
      u.scalar("SELECT COUNT(*) FROM member_events WHERE member_id = ? AND kind = 'transfer_in'",
               {id}),
      1);
  EXPECT_EQ(
      u.scalar("SELECT COUNT(*) FROM member_changes WHERE member_id = ? AND field = 'org'", {id}),
      1);
}

TEST(Registry, EitherSideRejectsWithAReasonAndAMemberMayAsk) {
  TestUniversity u;
  Client self(u);
  self.login("demo-member");
  auto me = u.scalar(
      "SELECT m.id FROM members m JOIN accounts a ON a.id = m.account_id WHERE a.login = "
      "'demo-member'");
  auto r = self.post("/api/v1/transfers", {{"direction", "internal"},
                                           {"member_id", me},
                                           {"to_org_id", u.org_id(kOtherBranch)},
                                           {"reason", "转专业"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto t = "/api/v1/transfers/" + std::to_string(r.json["id"].get<std::int64_t>());
  EXPECT_EQ(self.post(t + "/approve").status, 403);
  Client admin(u);
  admin.login("demo-branch");
  EXPECT_EQ(admin.post(t + "/reject").status, 400);
  auto rej = admin.post(t + "/reject", {{"reason", "材料不全，请补充转专业证明"}});
  ASSERT_EQ(rej.status, 200);
  EXPECT_EQ(rej.json["status"], "rejected");
  EXPECT_EQ(self.get(t).json["reject_reason"], "材料不全，请补充转专业证明");
  EXPECT_GE(u.scalar("SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id "
                     "WHERE a.login = 'demo-member' AND n.kind = 'transfer'"),
            1);
  // Someone else's member cannot be sent away.
  auto other = u.scalar("SELECT MIN(id) FROM members WHERE org_id = ?", {u.org_id(kOtherBranch)});
  auto denied = self.post("/api/v1/transfers", {{"direction", "internal"},
                                                {"member_id", other},
                                                {"to_org_id", u.org_id(kBranch)},
                                                {"reason", "x"}});
  EXPECT_TRUE(denied.status == 403 || denied.status == 404);
}

TEST(Registry, OutgoingTransferIssuesANumberedLetterAndEndsWithTheReceipt) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto a = create(c, person(u, "吴桐<b>", "T94001"));
  auto b = create(c, person(u, "郑和", "T94002", 35));
  auto out = [&](std::int64_t id) {
    auto r = c.post("/api/v1/transfers", {{"direction", "outgoing"},
                                          {"member_id", id},
                                          {"outside_unit", "中共某某市委组织部"},
                                          {"reason", "毕业离校"}});
    EXPECT_EQ(r.status, 201) << r.body;
    auto path = "/api/v1/transfers/" + std::to_string(r.json["id"].get<std::int64_t>());
    auto ok = c.post(path + "/approve");
    EXPECT_EQ(ok.status, 200) << ok.body;
    return std::make_pair(path, ok.json);
  };
  auto [ta, ja] = out(a);
  auto [tb, jb] = out(b);
  int year = static_cast<int>(today(u).year());
  EXPECT_EQ(ja["letter_serial"], fmt::format("{}-0001", year));
  EXPECT_EQ(jb["letter_serial"], fmt::format("{}-0002", year));
  EXPECT_EQ(ja["letter_valid_until"], zhdj::format_date(zhdj::add_months(today(u), 3)));
  auto html = c.get(ta + "/letter");
  ASSERT_EQ(html.status, 200);
  EXPECT_NE(html.body.find(fmt::format("{}-0001", year)), std::string::npos);
  EXPECT_NE(html.body.find("吴桐&lt;b&gt;"), std::string::npos);
  EXPECT_EQ(html.body.find("吴桐<b>"), std::string::npos);
  EXPECT_NE(html.body.find("中共某某市委组织部"), std::string::npos);
  auto pdf = c.get(ta + "/letter.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_GE(
      u.scalar("SELECT COUNT(*) FROM sensitive_access WHERE member_id = ? AND purpose = 'letter'",
               {a}),
      1);
  // Still with the sender until the receipt; expired letters are flagged.
  EXPECT_EQ(c.get("/api/v1/members/" + std::to_string(a)).json["status"], "active");
  u.platform().clock().advance(95LL * 24 * 3600 * 1000);
  c.login("demo-branch");
  bool flagged = false;
  auto alerts = c.get("/api/v1/members/alerts");
  for (const auto& al : alerts.json["items"])
    flagged = flagged || (al["code"] == "letter_expired" && al["member_id"] == b);
  EXPECT_TRUE(flagged) << alerts.body;
  EXPECT_EQ(c.get(tb).json["letter_expired"], true);
  EXPECT_EQ(c.post(ta + "/receipt", {{"received_on", "2000-01-01"}}).status, 400);
  auto receipt = c.post(ta + "/receipt", {{"received_on", zhdj::format_date(today(u))}});
  ASSERT_EQ(receipt.status, 200) << receipt.body;
  EXPECT_EQ(receipt.json["status"], "completed");
  EXPECT_EQ(c.get("/api/v1/members/" + std::to_string(a)).json["status"], "transferred_out");
  EXPECT_EQ(c.get("/api/v1/members?q=T94001").json["total"], 0);  // no longer in the current roster
}

TEST(Registry, IncomingTransferCreatesTheRecordAndAnAccountWithAForcedPasswordChange) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto p = person(u, "冯远", "T95001");
  p.erase("org_id");
  auto r = c.post("/api/v1/transfers", {{"direction", "incoming"},
                                        {"to_org_id", u.org_id(kBranch)},
                                        {"outside_unit", "中共某某大学委员会组织部"},
                                        {"incoming_letter_no", "某组转〔2026〕88号"},
                                        {"reason", "新入职教师"},
                                        {"person", p}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto t = "/api/v1/transfers/" + std::to_string(r.json["id"].get<std::int64_t>());
  auto done = c.post(t + "/confirm");
  ASSERT_EQ(done.status, 200) << done.body;
  std::string login = done.json["credential"]["login"];
  std::string password = done.json["credential"]["initial_password"];
  EXPECT_EQ(login, "T95001");
  EXPECT_GE(password.size(), 12u);
  EXPECT_EQ(c.get("/api/v1/members?q=T95001").json["total"], 1);
  // The one-time password logs in only into the password-change step.
  Client newcomer(u);
  auto login_reply =
      newcomer.post("/api/v1/auth/login", {{"login", login}, {"password", password}});
  ASSERT_EQ(login_reply.status, 200) << login_reply.body;
  EXPECT_EQ(login_reply.json["next"], "change_password");
  Client wrong(u);
  EXPECT_EQ(
      wrong.post("/api/v1/auth/login", {{"login", login}, {"password", password + "x"}}).status,
      401);
}

TEST(Registry, TransferTargetsListOnlyTheCallersUniversity) {
  TestUniversity u;
  u.db().write([&](zhdj::db::Tx& tx) {
    auto root = tx.insert(
        "INSERT INTO orgs (kind, name, path, depth, created_at, updated_at) VALUES "
        "('university_committee', '外校党委', 'x', 0, 0, 0) RETURNING id");
    tx.exec("UPDATE orgs SET path = ? WHERE id = ?", {"/" + std::to_string(root) + "/", root});
    auto b = tx.insert(
        "INSERT INTO orgs (parent_id, kind, name, path, depth, created_at, updated_at) VALUES "
        "(?, 'branch', '外校第一党支部', 'y', 1, 0, 0) RETURNING id",
        {root});
    tx.exec("UPDATE orgs SET path = ? WHERE id = ?",
            {"/" + std::to_string(root) + "/" + std::to_string(b) + "/", b});
  });
  Client c(u);
  c.login("demo-member");
  auto r = c.get("/api/v1/transfers/targets?q=%E7%AC%AC%E4%B8%80");  // 第一
  ASSERT_EQ(r.status, 200);
  EXPECT_GT(r.json["items"].size(), 0u);
  EXPECT_EQ(r.body.find("外校"), std::string::npos);
}

TEST(Registry, CompositionStatisticsAddUpToTheRoster) {
  TestUniversity u(200);
  Client c(u);
  c.login("demo-college");
  auto s = c.get("/api/v1/members/stats");
  ASSERT_EQ(s.status, 200) << s.body;
  auto total = s.json["total"].get<std::int64_t>();
  EXPECT_GT(total, 0);
  for (const char* dim : {"category", "gender", "ethnicity", "education", "identity", "age"}) {
    std::int64_t sum = 0;
    for (const auto& g : s.json[dim]) sum += g["count"].get<std::int64_t>();
    EXPECT_EQ(sum, total) << dim;
  }
  std::int64_t party = 0;
  for (const auto& g : s.json["party_age"]) party += g["count"].get<std::int64_t>();
  EXPECT_EQ(party, s.json["full_members"].get<std::int64_t>());
  EXPECT_EQ(c.get("/api/v1/members?limit=1").json["total"], total);
}

TEST(Registry, KeyRotationReencryptsEverythingAndLookupsStillWork) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto body = person(u, "韩梅", "T96001");
  auto id = create(c, body);
  std::string clear = body["id_number"];
  auto before = u.db().read_result([&](zhdj::db::Tx& tx) {
    return tx.query_one("SELECT id_enc, id_index FROM members WHERE id = ?", {id})->blob(0);
  });
  const auto& key_file = u.platform().config().key_file;
  auto r = zhdj::app::rotate_keys(u.db(), key_file, u.platform().clock().now());
  EXPECT_EQ(r.old_key, 1u);
  EXPECT_EQ(r.new_key, 2u);
  EXPECT_GT(r.values, 100);  // every demo person's ID, phone and address, and TOTP secrets
  auto ring = zhdj::crypto::FieldKey::load(key_file);
  ASSERT_EQ(ring.entries().size(), 1u);
  EXPECT_EQ(ring.current_id(), 2u);
  u.db().read([&](zhdj::db::Tx& tx) {
    auto row = tx.query_one("SELECT id_enc, id_index FROM members WHERE id = ?", {id});
    auto after = row->blob(0);
    EXPECT_NE(after, before);
    EXPECT_EQ(zhdj::crypto::FieldKey::key_id_of(after), 2u);
    EXPECT_EQ(ring.decrypt(after), clear);
    EXPECT_EQ(row->str(1), ring.blind_index("id", clear));
    EXPECT_EQ(tx.query_one("SELECT COUNT(*) FROM members WHERE id_enc IS NOT NULL AND id_index IS "
                           "NULL")
                  ->i64(0),
              0);
  });
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'keys.rotate'"), 1);
}
