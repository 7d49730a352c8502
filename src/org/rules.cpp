#include "org/rules.hpp"

#include <fmt/format.h>

namespace zhdj::org::rules {

bool may_contain(Kind parent, Kind child) {
  switch (parent) {
    case Kind::university_committee:
      return child == Kind::college_committee || child == Kind::general_branch ||
             child == Kind::branch;
    case Kind::college_committee:
      return child == Kind::general_branch || child == Kind::branch;
    case Kind::general_branch:
      return child == Kind::branch;
    case Kind::branch:
      return child == Kind::party_group;
    case Kind::party_group:
      return false;
  }
  return false;
}

bool may_be_root(Kind k) {
  return k == Kind::university_committee;
}

std::optional<std::string> admin_role_for(Kind k) {
  switch (k) {
    case Kind::university_committee:
      return "university_admin";
    case Kind::college_committee:
    case Kind::general_branch:
      return "college_admin";
    case Kind::branch:
      return "branch_admin";
    case Kind::party_group:
      return std::nullopt;
  }
  return std::nullopt;
}

Date default_term_end(Date start) {
  return add_years(start, kDefaultTermYears);
}

std::optional<Warning> term_warning(const CommitteeTerm& current, Date today) {
  if (current.ended_on) return std::nullopt;
  Warning w;
  w.org_id = current.org_id;
  w.due_on = current.term_end;
  int days_left = days_between(today, current.term_end);
  if (days_left < 0) {
    w.code = "term_overdue";
    w.severity = Severity::overdue;
    w.message = fmt::format("支部委员会任期已于 {} 届满，已超期 {} 天，请尽快换届",
                            format_date(current.term_end), -days_left);
    return w;
  }
  if (days_left <= kTermReminderDays) {
    w.code = "term_ending";
    w.message = fmt::format("支部委员会任期将于 {} 届满（还有 {} 天），请做好换届准备",
                            format_date(current.term_end), days_left);
    return w;
  }
  return std::nullopt;
}

std::vector<Warning> branch_size_warnings(const BranchCounts& counts, bool has_committee) {
  std::vector<Warning> out;
  auto add = [&](const char* code, std::string message) {
    Warning w;
    w.code = code;
    w.message = std::move(message);
    out.push_back(std::move(w));
  };
  if (counts.full_members < 3)
    add("branch_too_small",
        fmt::format("正式党员 {} 名，不足 3 名，不符合成立党支部的条件", counts.full_members));
  if (counts.all_members > 50)
    add("branch_too_large",
        fmt::format("党员 {} 名，超过一般不超过 50 名的规定，建议分设党支部或设立党总支",
                    counts.all_members));
  if (counts.full_members >= 7 && !has_committee)
    add("committee_required",
        fmt::format("正式党员 {} 名（7 名以上），应当设立支部委员会", counts.full_members));
  return out;
}

std::optional<std::string> check_committee(const BranchCounts& counts,
                                           const std::vector<CommitteePost>& posts) {
  int secretaries = 0, deputies = 0;
  for (const auto& p : posts) {
    if (p.post == Post::secretary) ++secretaries;
    if (p.post == Post::deputy_secretary) ++deputies;
  }
  if (secretaries != 1) return "支部委员会须有且只有一名书记";
  const int n = static_cast<int>(posts.size());
  if (counts.full_members >= 7) {
    if (n < 3 || n > 7) return "设立支部委员会时，委员一般为 3 至 5 人，最多不超过 7 人";
  } else {
    if (n > 2 || (n == 2 && deputies != 1))
      return "正式党员不足 7 人的党支部不设支部委员会，只设书记一名，必要时设副书记一名";
  }
  return std::nullopt;
}

}  // namespace zhdj::org::rules
