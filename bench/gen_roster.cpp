// Writes a realistic roster .xlsx for the import benchmark (bench/registry.sh): one row per person
// in the columns of the server's own import template, with valid 公民身份号码 (GB 11643 check
// character computed here), unique 学号/工号, Chinese names, categories, dates and phones, spread
// over the branches named in a file. Deterministic for a given seed and date.
//
// Usage: gen_roster TEMPLATE.xlsx BRANCHES.txt ROWS OUT.xlsx [SEED]
//   TEMPLATE.xlsx  GET /api/v1/members/import/template: the columns are taken from its header row
//   BRANCHES.txt   one 党支部 name per line (the branches of the demo university)
// Every row is checked with the server's own rules (members::canonical, check_record) before the
// file is written, so a row the server would refuse is a bug here, not a benchmark result.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/time.hpp"
#include "members/codes.hpp"
#include "members/fields.hpp"
#include "members/personal.hpp"
#include "xlsx/reader.hpp"
#include "xlsx/writer.hpp"

namespace {

using zhdj::Date;
using zhdj::members::Values;

const std::vector<std::string> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐",   "孙",   "马",  "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许",   "韩",   "冯",  "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余",   "杜",   "叶",  "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",   "陆",   "汪",  "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊",   "秦",   "邱",  "江", "尹",
    "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾",   "毛",   "郝",  "龚", "邵",
    "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "常", "欧阳", "上官", "司马"};
// No character whose UTF-8 ends in byte 0xA0 (U+xxx20 patterns: 忠 U+5FE0, 习 U+4E60, ...) may end
// a name: text::normalize trims the trailing 0xA0 byte as if it were a no-break space and leaves
// invalid UTF-8, so the server answers the preview with a 500 (docs/performance.md, "Member
// registry"). The names below avoid it; the check in main() refuses any value the server would
// change.
const std::vector<std::string> kGiven = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "辉", "建",
    "文", "宇", "浩", "晨", "欣", "怡", "佳", "嘉", "子", "涵", "睿", "思", "雨", "泽", "博",
    "宁", "航", "琪", "颖", "瑶", "晓", "婷", "昊", "然", "彤", "阳", "雪", "梦", "凯", "璐",
    "逸", "轩", "诗", "悦", "卓", "昕", "一", "安", "志", "远", "海", "林", "清", "春", "亮",
    "国", "立", "振", "兴", "德", "培", "铭", "钰", "岚", "蕾", "薇", "翔", "斌", "琳", "哲"};
// Region codes (行政区划代码) not used by `zhdj demo`, so no generated ID number can collide
// with a demo person's and turn a "new" row into an update.
const std::vector<std::string> kRegions = {"120101", "130102", "140105", "230103", "340104",
                                           "350102", "360102", "410105", "430104", "500103",
                                           "520102", "530102", "620102", "650102", "460106"};
const std::vector<std::string> kCities = {"天津市和平区",   "石家庄市长安区", "太原市小店区",
                                          "哈尔滨市南岗区", "合肥市蜀山区",   "福州市鼓楼区",
                                          "南昌市东湖区",   "郑州市金水区",   "长沙市岳麓区",
                                          "重庆市渝中区",   "贵阳市南明区",   "昆明市五华区"};
const std::vector<std::string> kStreets = {"人民路", "解放路", "中山路", "建设路", "文化路",
                                           "学府路", "和平街", "新华路", "长江路", "黄河路"};
const std::vector<std::string> kDestinations = {"广东省深圳市", "上海市浦东新区", "浙江省杭州市",
                                                "江苏省苏州市", "北京市海淀区"};
const std::vector<std::string> kStaffJobs = {"专任教师", "专任教师",     "专任教师",
                                             "管理人员", "实验技术人员", "辅导员"};

// GB 11643-1999: the check character of the first 17 digits (ISO 7064 MOD 11-2).
char id_check_character(const std::string& first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  int check = (12 - sum % 11) % 11;
  return check == 10 ? 'X' : static_cast<char>('0' + check);
}

// A branch of the demo university: "计算机科学与技术学院本科生第一党支部" → college and identity.
struct Branch {
  std::string name;
  std::string college;   // 院系
  std::string identity;  // staff, undergraduate, graduate
};

Branch parse_branch(const std::string& name) {
  for (auto [marker, identity] : {std::pair{"本科生", "undergraduate"},
                                  std::pair{"研究生", "graduate"}, std::pair{"教工", "staff"}}) {
    auto at = name.find(marker);
    if (at != std::string::npos) return {name, name.substr(0, at), identity};
  }
  return {name, "", "staff"};
}

class RosterGenerator {
 public:
  RosterGenerator(unsigned seed, Date today) : rng_(seed), today_(today) {}

  // The values of one person in the branch, as a secretary would type them (Chinese names of
  // codes, 是/否, YYYY-MM-DD dates), keyed by field key.
  Values person(const Branch& b, int college_no) {
    const bool student = b.identity != "staff";
    const int age = b.identity == "undergraduate" ? 18 + below(5)
                    : b.identity == "graduate"    ? 22 + below(8)
                                                  : 25 + below(36);
    // At least 40 days old on any day in the next month: no date may lie in the future.
    Date birth = zhdj::add_days(zhdj::add_years(today_, -age), -40 - below(320));
    const bool male = below(2) == 0;
    Values v;
    v["name"] = pick(kSurnames) + pick(kGiven) + (below(3) ? pick(kGiven) : "");
    v["gender"] = male ? "男" : "女";
    v["id_number"] = unique_id_number(birth, male);
    v["birth_date"] = zhdj::format_date(birth);
    const int e = below(100);
    v["ethnicity"] = e < 90   ? "汉族"
                     : e < 93 ? "回族"
                     : e < 95 ? "壮族"
                     : e < 97 ? "满族"
                              : "土家族";
    v["education"] = b.identity == "undergraduate" ? "高中"
                     : b.identity == "graduate"    ? "大学本科"
                     : below(3) == 0               ? "硕士研究生"
                                                   : "博士研究生";
    // Joined at 18 at the earliest (two days' margin for people born on 29 February).
    const Date adult = zhdj::add_days(zhdj::add_years(birth, 18), 2);
    std::string category = category_for(b.identity);
    // Full membership comes a year after joining: too young for it, still probationary.
    if (category == "full" && std::chrono::sys_days(zhdj::add_years(adult, 1)) >
                                  std::chrono::sys_days(zhdj::add_days(today_, -60)))
      category = "probationary";
    v["category"] = zhdj::members::name_of(zhdj::members::codes::category, category);
    v["org"] = b.name;
    if (zhdj::members::is_party_member(category)) {
      // At least 60 days ago; full members became full a year later.
      int span = std::max(1, zhdj::days_between(adult, today_) - 60);
      int back = 60 + below(span);
      if (category == "full") back = std::max(back, 366 + 30);
      if (category == "probationary") back = 60 + below(300);
      Date joined = zhdj::add_days(today_, -back);
      if (std::chrono::sys_days(joined) < std::chrono::sys_days(adult)) joined = adult;
      v["joined_on"] = zhdj::format_date(joined);
      if (category == "full") v["full_on"] = zhdj::format_date(zhdj::add_years(joined, 1));
    }
    v["job"] = student ? "学生" : pick(kStaffJobs);
    v["phone"] = fmt::format("1{}{:09d}", pick_of({3, 5, 7, 8, 9}), below(1000000000));
    v["address"] = fmt::format("{}{}{}号{}单元{}室", pick(kCities), pick(kStreets), 1 + below(300),
                               1 + below(6), 101 + below(20) * 100 + below(4));
    const bool mobile = below(100) < 2;
    v["mobile"] = mobile ? "是" : "否";
    if (mobile) v["mobile_destination"] = pick(kDestinations);
    v["department"] = b.college;
    v["identity"] = zhdj::members::name_of(zhdj::members::codes::identity, b.identity);
    if (student) {
      // 学号: entry year, college number, 5-digit sequence (11 characters; the demo's are 10).
      int entry =
          static_cast<int>(today_.year()) - (b.identity == "graduate" ? below(3) : below(4));
      if (static_cast<unsigned>(today_.month()) < 9)
        --entry;  // the school year starts in September
      v["student_no"] = fmt::format("{}{:02d}{:05d}", entry, college_no, ++student_seq_);
      v["class_name"] = fmt::format("{}级{}班", entry, 1 + below(6));
      v["graduation_on"] = fmt::format("{}-06-30", entry + (b.identity == "graduate" ? 3 : 4));
    } else {
      // 工号: year of employment and a 4-digit sequence (8 digits; the demo's are T00001…).
      int hired = static_cast<int>(today_.year()) - below(std::max(1, age - 24));
      v["student_no"] = fmt::format("{}{:04d}", hired, ++staff_seq_);
    }
    return v;
  }

 private:
  int below(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }
  const std::string& pick(const std::vector<std::string>& v) { return v[below(v.size())]; }
  int pick_of(std::initializer_list<int> v) { return *(v.begin() + below(v.size())); }

  std::string category_for(const std::string& identity) {
    const int roll = below(100);
    if (identity == "undergraduate")
      return roll < 25   ? "full"
             : roll < 45 ? "probationary"
             : roll < 70 ? "activist"
             : roll < 85 ? "development_target"
                         : "applicant";
    if (identity == "graduate") return roll < 70 ? "full" : roll < 85 ? "probationary" : "activist";
    return roll < 92 ? "full" : "probationary";
  }

  std::string unique_id_number(Date birth, bool male) {
    for (;;) {
      // Digits 15–17: the sequence code, odd for men and even for women.
      std::string s =
          pick(kRegions) + fmt::format("{:04d}{:02d}{:02d}{:03d}", static_cast<int>(birth.year()),
                                       static_cast<unsigned>(birth.month()),
                                       static_cast<unsigned>(birth.day()),
                                       below(500) * 2 + (male ? 1 : 0));
      s += id_check_character(s);
      if (ids_.insert(s).second) return s;
    }
  }

  std::mt19937 rng_;
  Date today_;
  std::set<std::string> ids_;
  int student_seq_ = 0, staff_seq_ = 0;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 5) {
    std::cerr << "usage: gen_roster TEMPLATE.xlsx BRANCHES.txt ROWS OUT.xlsx [SEED]\n";
    return 2;
  }
  const int rows = std::stoi(argv[3]);
  const unsigned seed = argc > 5 ? static_cast<unsigned>(std::stoul(argv[5])) : 20261124u;
  const Date today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  namespace members = zhdj::members;

  // The columns, in the template's order.
  auto template_book = zhdj::xlsx::read(read_file(argv[1]));
  if (template_book.sheets.empty() || template_book.sheets.front().rows.empty())
    throw std::runtime_error("the template has no header row");
  std::vector<const members::Field*> columns;
  std::vector<zhdj::xlsx::Column> headers;
  for (const auto& cell : template_book.sheets.front().rows.front()) {
    const members::Field* f = members::find_field_by_header(cell.text);
    if (!f) throw std::runtime_error("unknown template column: " + cell.text);
    columns.push_back(f);
    headers.push_back({cell.text, 14, {}, true});
  }

  std::vector<Branch> branches;
  {
    std::ifstream in(argv[2]);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) branches.push_back(parse_branch(line));
  }
  if (branches.empty()) throw std::runtime_error(std::string("no branch names in ") + argv[2]);
  std::vector<std::string> colleges;  // numbered in order of appearance, for the 学号
  std::vector<int> college_no;
  for (const auto& b : branches) {
    auto it = std::find(colleges.begin(), colleges.end(), b.college);
    if (it == colleges.end()) it = colleges.insert(colleges.end(), b.college);
    college_no.push_back(static_cast<int>(it - colleges.begin()) + 1);
  }

  RosterGenerator gen(seed, today);
  zhdj::xlsx::Writer writer;
  auto& sheet = writer.add_sheet("党员花名册", headers);
  int by_identity[3] = {0, 0, 0};
  for (int i = 0; i < rows; ++i) {
    const size_t bi = static_cast<size_t>(i) % branches.size();
    Values v = gen.person(branches[bi], college_no[bi]);
    // What the server will make of the row: every value canonical, the record consistent.
    Values canonical;
    std::vector<std::string> cells;
    for (const auto* f : columns) {
      std::string value = v.count(f->key) ? v.at(f->key) : std::string();
      cells.push_back(value);
      if (f->type == members::FieldType::org) continue;
      std::string problem;
      auto c = members::canonical(*f, value, today, &problem);
      if (c && f->type == members::FieldType::text && *c != value)
        throw std::runtime_error(
            fmt::format("row {}: {} \"{}\" would be stored as \"{}\"", i + 2, f->label, value, *c));
      if (!c)
        throw std::runtime_error(fmt::format("row {}: {} {}: {}", i + 2, f->label, value, problem));
      canonical[f->key] = *c;
    }
    if (auto errors = members::check_record(canonical, today); !errors.empty())
      throw std::runtime_error(
          fmt::format("row {}: {}: {}", i + 2, errors.front().field, errors.front().message));
    ++by_identity[branches[bi].identity == "staff"      ? 0
                  : branches[bi].identity == "graduate" ? 2
                                                        : 1];
    sheet.add_row(cells);
  }
  std::string bytes = writer.finish();
  std::ofstream(argv[4], std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::cout << fmt::format(
      "rows: {}\ncolumns: {}\nbranches: {}\nstaff: {}\nundergraduates: {}\ngraduates: {}\nbytes: "
      "{}\n",
      rows, columns.size(), branches.size(), by_identity[0], by_identity[1], by_identity[2],
      bytes.size());
  return 0;
} catch (const std::exception& e) {
  std::cerr << "gen_roster: " << e.what() << "\n";
  return 1;
}
