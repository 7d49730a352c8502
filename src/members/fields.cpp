#include "members/fields.hpp"

#include <fmt/format.h>

#include "common/text.hpp"
#include "members/messages.hpp"
#include "members/personal.hpp"

namespace zhdj::members {

namespace {
using T = FieldType;
const std::vector<Field> kFields = {
    {"name", "姓名", T::text, nullptr, 30},
    {"gender", "性别", T::code, &codes::gender},
    {"id_number", "公民身份号码", T::id_number, nullptr, 18},
    {"ethnicity", "民族", T::code, &codes::ethnicity},
    {"birth_date", "出生日期", T::date},
    {"education", "学历", T::code, &codes::education},
    {"category", "人员类别", T::code, &codes::category},
    {"org", "所在党支部", T::org, nullptr, 60, false},
    {"joined_on", "入党日期", T::date},
    {"full_on", "转正日期", T::date},
    {"job", "工作岗位", T::text, nullptr, 60},
    {"phone", "联系电话", T::phone, nullptr, 20},
    {"address", "家庭住址", T::address, nullptr, 120},
    {"status", "党籍状态", T::code, &codes::status, 60, false},
    {"lost_contact", "是否失联", T::flag, nullptr, 60, false},
    {"lost_since", "失联日期", T::date, nullptr, 60, false},
    {"lost_reason", "失联原因", T::code, &codes::lost_reason, 60, false},
    {"mobile", "是否流动党员", T::flag},
    {"mobile_destination", "外出流向", T::text, nullptr, 100},
    {"student_no", "学号/工号", T::text, nullptr, 20},
    {"department", "院系", T::text, nullptr, 60},
    {"class_name", "年级/班级", T::text, nullptr, 60},
    {"identity", "身份", T::code, &codes::identity},
    {"graduation_on", "毕业时间", T::date},
};

struct Alias {
  const char* header;
  const char* key;
};
constexpr Alias kAliases[] = {
    {"身份证号", "id_number"},
    {"身份证号码", "id_number"},
    {"公民身份证号码", "id_number"},
    {"手机号", "phone"},
    {"手机号码", "phone"},
    {"电话", "phone"},
    {"联系方式", "phone"},
    {"学号", "student_no"},
    {"工号", "student_no"},
    {"学工号", "student_no"},
    {"党支部", "org"},
    {"所在支部", "org"},
    {"支部", "org"},
    {"类别", "category"},
    {"人员身份", "identity"},
    {"入党时间", "joined_on"},
    {"转正时间", "full_on"},
    {"出生年月", "birth_date"},
    {"年级班级", "class_name"},
    {"班级", "class_name"},
    {"学院", "department"},
    {"所在院系", "department"},
    {"住址", "address"},
    {"家庭地址", "address"},
    {"文化程度", "education"},
    {"最高学历", "education"},
    {"岗位", "job"},
    {"预计毕业时间", "graduation_on"},
    {"毕业日期", "graduation_on"},
    {"流动去向", "mobile_destination"},
};

std::string choices_of(const CodeTable& t) {
  std::string out;
  for (const auto& c : t) {
    if (!out.empty()) out += "、";
    out += c.name;
  }
  return out;
}
}  // namespace

const std::vector<Field>& fields() {
  return kFields;
}

const Field* find_field(std::string_view key) {
  for (const auto& f : kFields)
    if (key == f.key) return &f;
  return nullptr;
}

const Field* find_field_by_header(std::string_view raw) {
  std::string h;
  for (char c : text::normalize(raw))
    if (c != ' ' && c != '*') h += c;  // "* 姓名" marks required columns in some templates
  for (const auto& f : kFields)
    if (h == f.label || h == f.key) return &f;
  for (const auto& a : kAliases)
    if (h == a.header) return find_field(a.key);
  return nullptr;
}

std::optional<std::string> canonical(const Field& f, std::string_view raw, Date today,
                                     std::string* problem) {
  auto fail = [&](std::string message) -> std::optional<std::string> {
    *problem = std::move(message);
    return std::nullopt;
  };
  std::string v = text::normalize(raw);
  if (v.empty()) return std::string();
  switch (f.type) {
    case T::text:
    case T::org:
    case T::address:
      if (text::length(v) > f.max_chars)
        return fail(fmt::format(fmt::runtime(msg::kTooLong), f.max_chars));
      return v;
    case T::code: {
      auto c = code_of(*f.codes, v);
      if (!c)
        return fail(fmt::format(fmt::runtime(msg::kUnknownCode), v, f.label, choices_of(*f.codes)));
      return *c;
    }
    case T::date: {
      auto d = text::parse_loose_date(v);
      if (!d) return fail(msg::kDateFormat);
      if (f.key != std::string_view("graduation_on") &&
          std::chrono::sys_days(*d) > std::chrono::sys_days(today))
        return fail(msg::kDateInFuture);
      return format_date(*d);
    }
    case T::flag:
      if (v == "是" || v == "1" || v == "true" || v == "Y" || v == "y") return std::string("1");
      if (v == "否" || v == "0" || v == "false" || v == "N" || v == "n") return std::string("0");
      return fail(msg::kFlagFormat);
    case T::id_number: {
      auto id = parse_id_number(v, today, problem);
      if (!id) return std::nullopt;
      return id->number;
    }
    case T::phone: {
      auto p = parse_phone(v);
      if (!p) return fail(msg::kPhoneFormat);
      return *p;
    }
  }
  return v;
}

std::vector<FieldError> check_record(Values& v, Date today) {
  std::vector<FieldError> errors;
  auto get = [&](const char* k) -> std::string& { return v[k]; };
  if (get("name").empty()) errors.push_back({"name", msg::kNameRequired});
  if (get("category").empty()) errors.push_back({"category", msg::kCategoryRequired});
  if (!get("id_number").empty()) {
    std::string ignored;
    if (auto id = parse_id_number(get("id_number"), today, &ignored)) {
      std::string birth = format_date(id->birth_date);
      if (get("birth_date").empty())
        get("birth_date") = birth;
      else if (get("birth_date") != birth)
        errors.push_back({"birth_date", fmt::format(fmt::runtime(msg::kIdBirthMismatch), birth)});
      std::string sex = id->male ? "male" : "female";
      if (get("gender").empty())
        get("gender") = sex;
      else if (get("gender") != sex)
        errors.push_back(
            {"gender", fmt::format(fmt::runtime(msg::kIdGenderMismatch), id->male ? "男" : "女")});
    }
  }
  auto birth = parse_date(get("birth_date"));
  if (get("category") == "applicant" && birth && age_on(*birth, today) < 18) {
    Date adult = add_years(*birth, 18);
    if (static_cast<unsigned>(birth->month()) == 2 && static_cast<unsigned>(birth->day()) == 29 &&
        !adult.year().is_leap())
      adult = Date{adult.year(), std::chrono::March, std::chrono::day(1)};
    errors.push_back(
        {"birth_date", fmt::format(fmt::runtime(msg::kApplicantUnder18), format_date(adult))});
  }
  if (is_party_member(get("category")) && get("joined_on").empty())
    errors.push_back({"joined_on", msg::kJoinedRequired});
  auto joined = parse_date(get("joined_on"));
  auto full = parse_date(get("full_on"));
  if (joined && full && std::chrono::sys_days(*full) < std::chrono::sys_days(*joined))
    errors.push_back({"full_on", msg::kFullBeforeJoined});
  if (joined && birth && age_on(*birth, *joined) < 18)
    errors.push_back({"joined_on", msg::kJoinedBeforeBirth});
  if (get("mobile") == "1" && get("mobile_destination").empty())
    errors.push_back({"mobile_destination", msg::kDestinationRequired});
  return errors;
}

std::string masked(const Field& f, std::string_view value) {
  if (value.empty()) return {};
  switch (f.type) {
    case T::id_number:
      return mask_id_number(value);
    case T::phone:
      return mask_phone(value);
    case T::address:
      return mask_address(value);
    default:
      return std::string(value);
  }
}

std::string display(const Field& f, std::string_view value) {
  if (value.empty()) return {};
  if (f.type == T::code) return name_of(*f.codes, value);
  if (f.type == T::flag) return value == "1" ? "是" : "否";
  return std::string(value);
}

}  // namespace zhdj::members
