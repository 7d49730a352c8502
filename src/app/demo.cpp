#include "app/demo.hpp"

#include <fmt/format.h>

#include <map>
#include <random>
#include <set>

#include "audit/audit.hpp"
#include "members/personal.hpp"
#include "members/store.hpp"
#include "org/model.hpp"

namespace zhdj::app {

namespace {

const std::vector<std::string> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄",   "赵",   "吴",  "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "高", "林", "罗", "郑",   "梁",   "谢",  "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董",   "袁",   "潘",  "于", "蒋", "蔡", "余", "杜",
    "叶", "程", "苏", "魏", "吕", "丁", "任",   "沈",   "姚",  "卢", "姜", "崔", "钟", "谭",
    "陆", "汪", "范", "金", "石", "廖", "贾",   "夏",   "韦",  "付", "方", "白", "邹", "孟",
    "熊", "秦", "邱", "江", "尹", "薛", "闫",   "段",   "雷",  "侯", "龙", "史", "陶", "黎",
    "贺", "顾", "毛", "郝", "龚", "邵", "欧阳", "司马", "诸葛"};
const std::vector<std::string> kGivenChars = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "辉", "建",
    "文", "宇", "浩", "晨", "欣", "怡", "佳", "嘉", "子", "涵", "睿", "思", "雨", "泽", "博",
    "宁", "航", "琪", "颖", "瑶", "晓", "婷", "昊", "然", "彤", "阳", "雪", "梦", "凯", "璐",
    "逸", "轩", "诗", "悦", "卓", "昕", "一", "安", "志", "远", "海", "林", "清", "春", "忠",
    "国", "立", "振", "兴", "德", "培", "铭", "钰", "航", "岚", "蕾", "薇", "翔", "斌", "琳"};

struct College {
  const char* name;
  bool general_branch;  // a 党总支 rather than a 院党委
};
const std::vector<College> kColleges = {{"计算机科学与技术学院", false},
                                        {"机械工程学院", false},
                                        {"电气工程学院", false},
                                        {"经济管理学院", false},
                                        {"外国语学院", false},
                                        {"马克思主义学院", false},
                                        {"数学与统计学院", false},
                                        {"物理学院", false},
                                        {"化学化工学院", false},
                                        {"生命科学学院", false},
                                        {"材料科学与工程学院", false},
                                        {"土木工程学院", false},
                                        {"建筑学院", false},
                                        {"文学院", false},
                                        {"法学院", false},
                                        {"新闻传播学院", false},
                                        {"医学院", false},
                                        {"艺术学院", true},
                                        {"体育学院", true},
                                        {"环境学院", true}};

const char* kNumerals[] = {"第一", "第二", "第三", "第四", "第五",
                           "第六", "第七", "第八", "第九", "第十"};

// "第一" … "第十", then "第11" and so on (large demo universities have many branches).
std::string ordinal(int i) {
  return i < 10 ? std::string(kNumerals[i]) : fmt::format("第{}", i + 1);
}

struct BranchPlan {
  std::int64_t id;
  std::string identity;  // staff, undergraduate, graduate
  int college;
};

// A valid ID number (GB 11643 check character) for a birth date and sex.
std::string demo_id_number(std::mt19937& rng, Date birth, bool male) {
  static const char* kRegions[] = {"110101", "310104", "440106", "320102", "330106",
                                   "420111", "510107", "610113", "370102", "210102"};
  std::string s = kRegions[rng() % std::size(kRegions)];
  s += fmt::format("{:04d}{:02d}{:02d}", static_cast<int>(birth.year()),
                   static_cast<unsigned>(birth.month()), static_cast<unsigned>(birth.day()));
  int seq = static_cast<int>(rng() % 500) * 2 + (male ? 1 : 0);
  s += fmt::format("{:03d}", seq);
  static const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (s[i] - '0') * w[i];
  int check = (12 - sum % 11) % 11;
  s += check == 10 ? 'X' : static_cast<char>('0' + check);
  return s;
}

members::Values demo_person(std::mt19937& rng, const std::string& identity,
                            const std::string& category, const std::string& person,
                            const std::string& login, const std::string& college, Date today) {
  bool student = identity != "staff";
  int age = student ? (identity == "graduate" ? 23 + static_cast<int>(rng() % 6)
                                              : 18 + static_cast<int>(rng() % 5))
                    : 26 + static_cast<int>(rng() % 36);
  if (login.rfind("demo-", 0) == 0) age = 24;  // the demo logins are full members
  Date birth = add_days(add_years(today, -age), -static_cast<int>(rng() % 360));
  bool male = rng() % 2 == 0;
  members::Values v;
  v["name"] = person;
  v["gender"] = male ? "male" : "female";
  v["id_number"] = demo_id_number(rng, birth, male);
  v["birth_date"] = format_date(birth);
  int e = static_cast<int>(rng() % 100);
  v["ethnicity"] = e < 88 ? "汉族" : e < 91 ? "回族" : e < 94 ? "壮族" : e < 96 ? "满族" : "蒙古族";
  v["education"] = identity == "undergraduate" ? "high_school"
                   : identity == "graduate"    ? "bachelor"
                   : rng() % 3 == 0            ? "master"
                                               : "doctor";
  // Entry no earlier than the 18th birthday; full members a year of probation later.
  std::string cat = category;
  Date earliest = add_years(birth, 18);
  auto after = [](Date a, Date b) { return std::chrono::sys_days(a) > std::chrono::sys_days(b); };
  if (cat == "full" && after(earliest, add_years(today, -1))) cat = "probationary";
  v["category"] = cat;
  if (members::is_party_member(cat)) {
    Date latest = cat == "full" ? add_years(today, -1) : add_days(today, -30);
    int span = std::max(0, days_between(earliest, latest));
    Date joined = add_days(earliest, span == 0 ? 0 : static_cast<int>(rng() % (span + 1)));
    v["joined_on"] = format_date(joined);
    if (cat == "full") v["full_on"] = format_date(add_years(joined, 1));
  }
  v["job"] = student ? "学生" : (rng() % 2 ? "专任教师" : "管理人员");
  v["phone"] = fmt::format("1{}{:09d}", 3 + static_cast<int>(rng() % 7),
                           static_cast<int>(rng() % 1000000000));
  v["student_no"] = login;
  v["department"] = college;
  v["identity"] = identity;
  if (student) {
    // Students still studying: undergraduates of the classes of 2022–2026, graduates of 2023–2026.
    int year = (identity == "graduate" ? 2023 + static_cast<int>(rng() % 4)
                                       : 2022 + static_cast<int>(rng() % 5));
    v["class_name"] = fmt::format("{}级{}班", year, 1 + rng() % 4);
    v["graduation_on"] = fmt::format("{}-06-30", year + (identity == "graduate" ? 3 : 4));
  }
  return v;
}

}  // namespace

bool load_demo(Platform& p, int member_count, unsigned seed) {
  bool empty = p.db().read_result(
      [](db::Tx& tx) { return !tx.query_one("SELECT 1 FROM orgs LIMIT 1").has_value(); });
  if (!empty) return false;

  std::mt19937 rng(seed);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  auto name = [&] {
    std::string n = pick(kSurnames) + pick(kGivenChars);
    if (rng() % 3 != 0) n += pick(kGivenChars);
    return n;
  };
  // One argon2id hash shared by every demo account: hashing thousands would take minutes.
  const std::string password_hash = p.hasher().hash(kDemoPassword);
  const Instant now = p.clock().now();
  const Date today = p.orgs().today();

  p.db().write([&](db::Tx& tx) {
    auto add_org = [&](std::optional<std::int64_t> parent, const std::string& parent_path,
                       int depth, org::Kind kind, const std::string& org_name) {
      auto id = tx.insert(
          "INSERT INTO orgs (parent_id, kind, name, path, depth, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {parent, org::kind_code(kind), org_name, "pending:" + org_name + parent_path, depth, now,
           now});
      std::string path =
          (parent_path.empty() ? std::string("/") : parent_path) + std::to_string(id) + "/";
      tx.exec("UPDATE orgs SET path = ? WHERE id = ?", {path, id});
      return std::make_pair(id, path);
    };
    auto [root_id, root_path] =
        add_org(std::nullopt, "", 0, org::Kind::university_committee, "示范大学党委");

    std::vector<BranchPlan> branches;
    std::vector<std::pair<std::int64_t, std::string>> college_ids;
    for (size_t c = 0; c < kColleges.size(); ++c) {
      const auto& col = kColleges[c];
      auto kind = col.general_branch ? org::Kind::general_branch : org::Kind::college_committee;
      std::string cname = std::string(col.name) + (col.general_branch ? "党总支" : "党委");
      auto [cid, cpath] = add_org(root_id, root_path, 1, kind, cname);
      college_ids.emplace_back(cid, cpath);
      std::string short_name = col.name;
      // About 30 people per branch at scale: a large university has more branches per college.
      int scale = std::max(1, member_count / 3000);
      int teachers = (col.general_branch ? 1 : 1 + static_cast<int>(rng() % 2)) * scale;
      int undergrad = (col.general_branch ? 1 : 2) * scale;
      int graduate = (col.general_branch ? 1 : 1 + static_cast<int>(rng() % 2)) * scale;
      auto add_branches = [&](int n, const char* label, const char* identity) {
        for (int i = 0; i < n; ++i) {
          auto [bid, bpath] =
              add_org(cid, cpath, 2, org::Kind::branch, short_name + label + ordinal(i) + "党支部");
          branches.push_back({bid, identity, static_cast<int>(c)});
          if (std::string(identity) == "staff")
            for (int g = 0; g < 2; ++g)
              add_org(bid, bpath, 3, org::Kind::party_group, std::string(kNumerals[g]) + "党小组");
        }
      };
      add_branches(teachers, "教工", "staff");
      add_branches(undergrad, "本科生", "undergraduate");
      add_branches(graduate, "研究生", "graduate");
    }

    // Members, spread over the branches; students' branches hold the pipeline people.
    std::map<std::int64_t, std::vector<std::int64_t>> full_by_branch;
    int staff_seq = 1, student_seq = 1;
    std::set<std::string> used_ids;
    auto add_member = [&](const BranchPlan& b, const std::string& login, const std::string& person,
                          const std::string& category, bool must_change) {
      auto account = tx.insert(
          "INSERT INTO accounts (login, name, password_hash, must_change_password, created_at) "
          "VALUES (?, ?, ?, ?, ?) RETURNING id",
          {login, person, password_hash, must_change, now});
      members::Values v =
          demo_person(rng, b.identity, category, person, login, kColleges[b.college].name, today);
      // ID numbers are unique: draw again on the rare repeat.
      while (!used_ids.insert(v["id_number"]).second)
        v = demo_person(rng, b.identity, category, person, login, kColleges[b.college].name, today);
      auto member =
          members::store::insert(tx, p.field_key(), b.id, v, account, std::nullopt, "demo", now);
      tx.exec(
          "INSERT INTO role_grants (account_id, role, org_id, granted_at) VALUES (?, 'member', ?, "
          "?)",
          {account, b.id, now});
      if (v["category"] == "full") full_by_branch[b.id].push_back(member);
      return account;
    };
    for (int i = 0; i < member_count; ++i) {
      const auto& b = branches[i % branches.size()];
      std::string category;
      int roll = static_cast<int>(rng() % 100);
      if (b.identity == "undergraduate")
        category = roll < 25   ? "full"
                   : roll < 45 ? "probationary"
                   : roll < 70 ? "activist"
                   : roll < 85 ? "development_target"
                               : "applicant";
      else if (b.identity == "graduate")
        category = roll < 70 ? "full" : roll < 85 ? "probationary" : "activist";
      else
        category = roll < 92 ? "full" : "probationary";
      std::string login;
      if (b.identity == "staff") {
        login = fmt::format("T{:05d}", staff_seq++);
      } else {
        login = fmt::format("{}{:02d}{:04d}", 2021 + static_cast<int>(rng() % 5), b.college + 1,
                            student_seq++);
      }
      add_member(b, login, name(), category, true);
    }

    // The demo logins, one per administration level.
    const auto& college = college_ids.front();
    const BranchPlan* branch = nullptr;
    for (const auto& b : branches)
      if (b.college == 0 && b.identity == "undergraduate") {
        branch = &b;
        break;
      }
    auto demo_account = [&](const std::string& login, const std::string& person) {
      return tx.insert(
          "INSERT INTO accounts (login, name, password_hash, must_change_password, created_at) "
          "VALUES (?, ?, ?, 0, ?) RETURNING id",
          {login, person, password_hash, now});
    };
    auto grant = [&](std::int64_t account, const char* role, std::int64_t org_id) {
      tx.exec("INSERT INTO role_grants (account_id, role, org_id, granted_at) VALUES (?, ?, ?, ?)",
              {account, role, org_id, now});
    };
    grant(demo_account("demo-school", "组织部 演示管理员"), "university_admin", root_id);
    grant(demo_account("demo-auditor", "纪委 演示审计员"), "auditor", root_id);
    grant(demo_account("demo-college", "计算机学院 演示管理员"), "college_admin", college.first);
    auto branch_admin = add_member(*branch, "demo-branch", "演示支部书记", "full", false);
    tx.exec("UPDATE accounts SET must_change_password = 0 WHERE id = ?", {branch_admin});
    grant(branch_admin, "branch_admin", branch->id);
    auto member = add_member(*branch, "demo-member", "演示党员", "full", false);
    tx.exec("UPDATE accounts SET must_change_password = 0 WHERE id = ?", {member});

    // A few people out of reach, so the registry's alerts have something to show: lost
    // contact 7 months ago (suspension due) in the demo branch and elsewhere.
    for (const auto& b : {*branch, branches[branches.size() / 2]}) {
      auto& full = full_by_branch[b.id];
      if (full.size() < 3) continue;
      auto lost = full[1];  // not the demo logins, which come last
      std::string since = format_date(add_months(today, -7));
      tx.exec(
          "UPDATE members SET lost_contact = 1, lost_since = ?, lost_reason = 'migrant_work' "
          "WHERE id = ?",
          {since, lost});
      tx.exec(
          "INSERT INTO member_events (member_id, kind, occurred_on, decided_by, reason, "
          "status_before, status_after, recorded_by, recorded_at) VALUES (?, 'lost_contact', ?, "
          "'支部委员会', 'migrant_work', 'active', 'active', ?, ?)",
          {lost, since, branch_admin, now});
    }

    // Committees: terms started 1–3.5 years ago, so some are due for re-election soon.
    for (const auto& b : branches) {
      auto& full = full_by_branch[b.id];
      if (full.empty()) continue;
      Date start = add_days(today, -static_cast<int>(300 + rng() % 1000));
      auto cid = tx.insert(
          "INSERT INTO committees (org_id, term_start, term_end, created_at) VALUES (?, ?, ?, ?) "
          "RETURNING id",
          {b.id, format_date(start), format_date(add_years(start, 3)), now});
      const char* posts[] = {"secretary", "organization", "propaganda", "discipline", "member"};
      size_t n = full.size() >= 7 ? std::min<size_t>(5, 3 + rng() % 3) : 1;
      for (size_t k = 0; k < n && k < full.size(); ++k)
        tx.exec("INSERT INTO committee_posts (committee_id, member_id, post) VALUES (?, ?, ?)",
                {cid, full[k], posts[k]});
    }

    audit::record(tx, {std::nullopt, std::nullopt, "cli"},
                  {"demo.load",
                   "org",
                   std::to_string(root_id),
                   root_path,
                   {{"colleges", kColleges.size()},
                    {"branches", branches.size()},
                    {"members", member_count}}},
                  now);
  });
  return true;
}

std::vector<DemoLogin> demo_logins(Platform& p) {
  return p.db().read_result([](db::Tx& tx) {
    std::vector<DemoLogin> out;
    for (const auto& r :
         tx.query("SELECT a.login, r.name, o.name FROM accounts a JOIN role_grants g ON "
                  "g.account_id = a.id "
                  "JOIN roles r ON r.code = g.role JOIN orgs o ON o.id = g.org_id "
                  "WHERE a.login LIKE 'demo-%' AND (g.role <> 'member' OR a.login = 'demo-member') "
                  "ORDER BY COALESCE(r.admin_level, 9), a.login"))
      out.push_back({r.str(0), r.str(1), r.str(2)});
    return out;
  });
}

}  // namespace zhdj::app
