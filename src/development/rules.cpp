#include "development/rules.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>

namespace zhdj::development {

namespace {

using std::chrono::sys_days;

bool before(Date a, Date b) {
  return sys_days{a} < sys_days{b};
}
std::string d(Date x) {
  return format_date(x);
}

Verdict allowed() {
  return {};
}
Verdict refused(std::string message, std::string field = "done_on",
                std::optional<Date> earliest = std::nullopt,
                std::optional<Date> latest = std::nullopt) {
  return {Verdict::Kind::refused, std::move(message), std::move(field), earliest, latest};
}
Verdict late(std::string message, Date latest) {
  return {Verdict::Kind::late, std::move(message), "done_on", std::nullopt, latest};
}

// The day someone born on `birth` turns `years` old (02-29 birthdays count on 03-01 in common
// years, as the registry does).
Date birthday(Date birth, int years) {
  auto y = birth.year() + std::chrono::years{years};
  if (birth.month() == std::chrono::February && birth.day() == std::chrono::day{29} && !y.is_leap())
    return Date{y / std::chrono::March / 1};
  return Date{y / birth.month() / birth.day()};
}

const std::vector<StepInfo> kSteps = {
    {Step::application, 1, "application", "递交入党申请书", Stage::applicant, Actor::branch, false},
    {Step::application_talk, 2, "application_talk", "与入党申请人谈话", Stage::applicant,
     Actor::branch, false},
    {Step::activist, 3, "activist", "确定入党积极分子", Stage::activist, Actor::branch, false},
    {Step::activist_filing, 4, "activist_filing", "入党积极分子报上级党委备案", Stage::activist,
     Actor::higher, false},
    {Step::contacts, 5, "contacts", "指定培养联系人", Stage::activist, Actor::branch, false},
    {Step::activist_review, 6, "activist_review", "培养教育考察", Stage::activist, Actor::branch,
     true},
    {Step::target, 7, "target", "确定发展对象", Stage::target, Actor::branch, false},
    {Step::target_filing, 8, "target_filing", "发展对象报上级党委备案", Stage::target,
     Actor::higher, false},
    {Step::introducers, 9, "introducers", "确定入党介绍人", Stage::target, Actor::branch, false},
    {Step::political_review, 10, "political_review", "政治审查", Stage::target, Actor::branch,
     false},
    {Step::short_training, 11, "short_training", "短期集中培训", Stage::target, Actor::branch,
     false},
    {Step::branch_review, 12, "branch_review", "支部委员会审查", Stage::admission, Actor::branch,
     false},
    {Step::pre_review, 13, "pre_review", "上级党委预审", Stage::admission, Actor::higher, false},
    {Step::application_form, 14, "application_form", "填写入党志愿书", Stage::admission,
     Actor::branch, false},
    {Step::admission_vote, 15, "admission_vote", "支部党员大会讨论接收预备党员", Stage::admission,
     Actor::branch, false},
    {Step::approval_talk, 16, "approval_talk", "上级党委派人谈话", Stage::admission, Actor::higher,
     false},
    {Step::admission_approval, 17, "admission_approval", "上级党委审批", Stage::admission,
     Actor::approver, false},
    {Step::admission_record, 18, "admission_record", "报上级党委组织部门备案", Stage::admission,
     Actor::org_department, false},
    {Step::placement, 19, "placement", "编入党支部和党小组", Stage::admission, Actor::branch,
     false},
    {Step::oath, 20, "oath", "入党宣誓", Stage::admission, Actor::branch, false},
    {Step::probation_review, 21, "probation_review", "预备党员教育考察", Stage::probation,
     Actor::branch, true},
    {Step::conversion_application, 22, "conversion_application", "提出转正申请", Stage::probation,
     Actor::branch, false},
    {Step::conversion_vote, 23, "conversion_vote", "支部党员大会讨论转正", Stage::probation,
     Actor::branch, false},
    {Step::conversion_approval, 24, "conversion_approval", "上级党委审批转正", Stage::probation,
     Actor::approver, false},
    {Step::archive, 25, "archive", "材料归档", Stage::probation, Actor::branch, false},
};

const std::vector<RuleSet> kRuleSets = {
    {"2014", "《中国共产党发展党员工作细则》（2014年）", 0, false},
    {"2026", "《中国共产党发展党员工作细则》（2026年5月修订）", 5, true},
};

const std::vector<ArchiveItem> kArchive = {
    {"application", "入党申请书"},
    {"talk_record", "谈话记录"},
    {"activist_record", "入党积极分子推荐和确定材料"},
    {"training_record", "培养教育考察材料"},
    {"target_record", "发展对象确定材料（含公示）"},
    {"political_review", "政治审查材料"},
    {"training_certificate", "短期集中培训结业证明"},
    {"application_form", "入党志愿书"},
    {"approval", "上级党委审批意见"},
    {"conversion_application", "转正申请书"},
    {"probation_record", "预备期考察材料"},
    {"conversion_approval", "转正审批意见"},
};

int number(Step s) {
  return static_cast<int>(s);
}
const char* name(Step s) {
  return step_info(s).name;
}

std::optional<Date> done_on(const CaseFacts& c, Step s) {
  auto it = c.done.find(s);
  if (it == c.done.end()) return std::nullopt;
  return it->second;
}

// The date of the last thing recorded before step `s` in the order (standard or extra steps),
// which `s` may not precede.
std::optional<Date> previous_date(const CaseFacts& c, Step s) {
  std::optional<Date> last;
  auto consider = [&](Date x) {
    if (!last || before(*last, x)) last = x;
  };
  for (int n = 1; n < number(s); ++n)
    if (auto x = done_on(c, static_cast<Step>(n))) consider(*x);
  for (const auto& x : c.extra_steps)
    if (number(x.after) < number(s))
      if (auto it = c.extra_done.find(x.code); it != c.extra_done.end()) consider(it->second);
  return last;
}

// The first prerequisite of `s` not yet recorded, as a refusal; nullopt when all are there.
std::optional<Verdict> missing_before(const CaseFacts& c, Step s) {
  for (int n = 1; n < number(s); ++n) {
    auto p = static_cast<Step>(n);
    if (step_info(p).repeatable) continue;
    if (!c.done.contains(p))
      return refused(
          fmt::format("请先完成第{}步“{}”，再办理第{}步“{}”", n, name(p), number(s), name(s)),
          "step");
  }
  for (const auto& x : c.extra_steps)
    if (number(x.after) < number(s) && !c.extra_done.contains(x.code))
      return refused(
          fmt::format("请先完成本校规定的步骤“{}”，再办理第{}步“{}”", x.name, number(s), name(s)),
          "step");
  return std::nullopt;
}

// The half-year windows since `from` that end on or before `on` and hold no review; the first
// such window, when there is one.
std::optional<std::pair<Date, Date>> missing_review(Date from, const std::vector<Date>& reviews,
                                                    Date on) {
  for (int k = 1;; ++k) {
    Date lo = add_months(from, 6 * (k - 1));
    Date hi = add_months(from, 6 * k);
    if (before(on, hi)) return std::nullopt;
    bool found = std::any_of(reviews.begin(), reviews.end(),
                             [&](Date r) { return before(lo, r) && !before(hi, r); });
    if (!found) return std::make_pair(lo, hi);
  }
}

}  // namespace

// ---- Steps -------------------------------------------------------------------------------

const std::vector<StepInfo>& all_steps() {
  return kSteps;
}
const StepInfo& step_info(Step s) {
  return kSteps.at(static_cast<std::size_t>(number(s) - 1));
}
std::optional<Step> parse_step(std::string_view code) {
  for (const auto& i : kSteps)
    if (code == i.code) return i.step;
  return std::nullopt;
}
const char* stage_code(Stage s) {
  switch (s) {
    case Stage::applicant:
      return "applicant";
    case Stage::activist:
      return "activist";
    case Stage::target:
      return "target";
    case Stage::admission:
      return "admission";
    case Stage::probation:
      return "probation";
  }
  return "";
}
const char* stage_name(Stage s) {
  switch (s) {
    case Stage::applicant:
      return "申请入党";
    case Stage::activist:
      return "入党积极分子的确定和培养教育";
    case Stage::target:
      return "发展对象的确定和考察";
    case Stage::admission:
      return "预备党员的接收";
    case Stage::probation:
      return "预备党员的教育考察和转正";
  }
  return "";
}
Stage stage_of(Step s) {
  return step_info(s).stage;
}

const std::vector<RuleSet>& rule_sets() {
  return kRuleSets;
}
const RuleSet* find_rule_set(std::string_view version) {
  for (const auto& r : kRuleSets)
    if (version == r.version) return &r;
  return nullptr;
}

// ---- Working days ------------------------------------------------------------------------

Calendar::Calendar(std::set<Date> holidays, std::set<Date> workdays)
    : holidays_(std::move(holidays)), workdays_(std::move(workdays)) {}

bool Calendar::is_working_day(Date x) const {
  if (workdays_.contains(x)) return true;
  if (holidays_.contains(x)) return false;
  std::chrono::weekday w{sys_days{x}};
  return w != std::chrono::Saturday && w != std::chrono::Sunday;
}

Date Calendar::nth_working_day(Date start, int n) const {
  Date x = start;
  int seen = 0;
  // A year has far more than n working days for any n a rule uses; the bound only stops a
  // calendar that marks every day a holiday from looping forever.
  for (int i = 0; i < 3660; ++i, x = add_days(x, 1))
    if (is_working_day(x) && ++seen >= n) return x;
  return x;
}

int Calendar::working_days(Date from, Date to) const {
  int n = 0;
  for (Date x = from; !before(to, x); x = add_days(x, 1))
    if (is_working_day(x)) ++n;
  return n;
}

Date publicity_end(const Publicity& p, const Calendar& cal) {
  return cal.nth_working_day(p.starts_on, std::max(p.working_days, 1));
}

// ---- A case ------------------------------------------------------------------------------

std::optional<Date> probation_end(const CaseFacts& c) {
  // The meeting date, or else the record of step 15 (as the approval's deadlines count).
  std::optional<Date> vote =
      c.admission_vote_on ? c.admission_vote_on : done_on(c, Step::admission_vote);
  if (!vote) return std::nullopt;
  // One count of calendar months from the vote: a vote on 2028-02-29 extended by 6 months ends
  // on 2029-08-29, not on the day a year's clamping would leave behind (08-28).
  return add_months(*vote, 12 + c.extension_months);
}

Verdict check_step(const CaseFacts& c, Step s, Date on, Date today, const Calendar& cal) {
  if (c.cancelled) return refused("该发展对象的发展程序已终止，不能再办理", "step");
  if (c.completed) return refused("该同志的发展程序已经完成并归档", "step");
  if (before(today, on))
    return refused(fmt::format("办理日期不能晚于今天（{}）", d(today)), "done_on", std::nullopt,
                   today);

  const bool again = c.done.contains(s);
  if (again && !step_info(s).repeatable) {
    bool pre_review_expired = s == Step::pre_review && !c.done.contains(Step::admission_vote) &&
                              before(add_months(c.done.at(Step::pre_review), 1), on);
    // After an extension the assembly meets again on conversion (once: a second extension is
    // refused by check_extension, so a second "extend" outcome cannot be recorded).
    bool after_extension =
        s == Step::conversion_vote && c.conversion_outcome == "extend" && c.extension_months > 0;
    if (!pre_review_expired && !after_extension)
      return refused(fmt::format("第{}步“{}”已经办理，不能重复办理", number(s), name(s)), "step");
  }
  if (auto m = missing_before(c, s)) return *m;
  // Repeatable steps only between their neighbours.
  if (s == Step::activist_review && c.done.contains(Step::target))
    return refused("已确定为发展对象，积极分子阶段的考察不再记录", "step");
  if (s == Step::probation_review && c.done.contains(Step::conversion_approval))
    return refused("转正已审批，预备期考察不再记录", "step");
  if (s == Step::conversion_application && c.done.contains(Step::conversion_vote) &&
      c.conversion_outcome != "extend")
    return refused(fmt::format("第{}步“{}”已经办理，不能重复办理", number(s), name(s)), "step");

  if (auto prev = previous_date(c, s); prev && before(on, *prev))
    return refused(fmt::format("办理日期不能早于上一步的日期（{}）", d(*prev)), "done_on", *prev);

  switch (s) {
    case Step::application: {
      if (!c.birth_date)
        return refused("缺少出生日期，无法核对年龄，请先在党员信息中填写公民身份号码",
                       "birth_date");
      Date adult = birthday(*c.birth_date, 18);
      if (before(on, adult))
        return refused(
            fmt::format("年满十八周岁方可申请入党，该同志最早可于 {} 递交入党申请书", d(adult)),
            "done_on", adult);
      return allowed();
    }
    case Step::application_talk: {
      Date latest = add_months(c.done.at(Step::application), 1);
      if (before(latest, on))
        return late(
            fmt::format("党组织应在收到入党申请书后一个月内派人谈话（最迟 {}），逾期须填写情况说明",
                        d(latest)),
            latest);
      return allowed();
    }
    case Step::target: {
      Date a3 = c.done.at(Step::activist);
      Date earliest = add_months(a3, 12);
      if (before(on, earliest))
        return refused(
            fmt::format("成为入党积极分子满一年后方可确定为发展对象，最早可于 {}", d(earliest)),
            "done_on", earliest);
      if (auto gap = missing_review(a3, c.activist_reviews, on))
        return refused(fmt::format("入党积极分子每半年应考察一次，{} 至 {} "
                                   "期间没有考察记录，请先补记第6步“培养教育考察”",
                                   d(add_days(gap->first, 1)), d(gap->second)),
                       "step");
      const RuleSet* rules = c.rules ? c.rules : find_rule_set(kDefaultRuleVersion);
      if (int n = rules->target_publicity_working_days; n > 0) {
        if (!c.target_publicity)
          return refused(
              fmt::format("确定发展对象前须公示，公示期不少于{}个工作日，请先发布公示", n),
              "publicity");
        Publicity p = *c.target_publicity;
        p.working_days = std::max(p.working_days, n);
        Date end = publicity_end(p, cal);
        Date earliest_after = add_days(end, 1);
        if (before(on, earliest_after))
          return refused(
              fmt::format("公示期不少于{}个工作日，公示期满后方可确定为发展对象，最早可于 {}", n,
                          d(earliest_after)),
              "done_on", earliest_after);
      }
      return allowed();
    }
    case Step::pre_review: {
      if (c.leaves_on && !before(add_months(on, 3), *c.leaves_on))
        return refused(
            fmt::format("该同志将于 {} "
                        "离开本单位（3个月内），上级党委一般不予预审；请与其去向单位党组织衔接",
                        d(*c.leaves_on)),
            "done_on");
      return allowed();
    }
    case Step::admission_vote: {
      Date latest = add_months(c.done.at(Step::pre_review), 1);
      if (before(latest, on))
        return refused(
            fmt::format(
                "支部党员大会应在预审通过后一个月内讨论（最迟 {}），已逾期，须重新报上级党委预审",
                d(latest)),
            "done_on", std::nullopt, latest);
      return allowed();
    }
    case Step::admission_approval: {
      Date vote = c.admission_vote_on.value_or(c.done.at(Step::admission_vote));
      Date soft = add_months(vote, 3), hard = add_months(vote, 6);
      if (before(hard, on))
        return refused(
            fmt::format("上级党委审批最迟不得超过支部党员大会讨论后六个月（{}），已不能审批",
                        d(hard)),
            "done_on", std::nullopt, hard);
      if (before(soft, on))
        return late(
            fmt::format("上级党委应在支部党员大会讨论后三个月内审批（最迟 {}），逾期须填写情况说明",
                        d(soft)),
            soft);
      return allowed();
    }
    case Step::oath: {
      Date latest = add_months(c.done.at(Step::admission_approval), 1);
      if (before(latest, on))
        return late(
            fmt::format("入党宣誓一般应在上级党委批准后一个月内进行（最迟 {}），逾期须填写情况说明",
                        d(latest)),
            latest);
      return allowed();
    }
    case Step::conversion_application: {
      Date end = *probation_end(c);
      Date earliest = add_months(end, -1);
      if (before(on, earliest))
        return refused(fmt::format("预备期将满时方可提出转正申请（预备期至 {}），最早可于 {}",
                                   d(end), d(earliest)),
                       "done_on", earliest);
      return allowed();
    }
    case Step::conversion_vote: {
      Date end = *probation_end(c);
      if (before(on, end))
        return refused(
            fmt::format(
                "预备期满后方可讨论转正（预备期从支部党员大会通过之日起计算一年），最早可于 {}",
                d(end)),
            "done_on", end);
      Date latest = add_months(end, 3);
      if (before(latest, on))
        return late(
            fmt::format("预备期满后应及时讨论转正（最迟 {}），逾期须填写情况说明", d(latest)),
            latest);
      return allowed();
    }
    case Step::conversion_approval: {
      if (c.conversion_outcome != "convert" && c.conversion_outcome != "cancel")
        return refused("支部党员大会尚未作出转正或取消预备党员资格的决议", "step");
      Date latest = add_months(c.done.at(Step::conversion_vote), 3);
      if (before(latest, on))
        return late(
            fmt::format(
                "上级党委应在支部党员大会讨论转正后三个月内审批（最迟 {}），逾期须填写情况说明",
                d(latest)),
            latest);
      return allowed();
    }
    default:
      return allowed();
  }
}

Verdict check_extra_step(const CaseFacts& c, const ExtraStep& x, Date on, Date today,
                         const Calendar& cal) {
  if (c.cancelled) return refused("该发展对象的发展程序已终止，不能再办理", "step");
  if (c.completed) return refused("该同志的发展程序已经完成并归档", "step");
  if (before(today, on))
    return refused(fmt::format("办理日期不能晚于今天（{}）", d(today)), "done_on", std::nullopt,
                   today);
  if (c.extra_done.contains(x.code))
    return refused(fmt::format("“{}”已经办理，不能重复办理", x.name), "step");
  for (int n = 1; n <= number(x.after); ++n) {
    auto p = static_cast<Step>(n);
    if (!step_info(p).repeatable && !c.done.contains(p))
      return refused(fmt::format("请先完成第{}步“{}”，再办理“{}”", n, name(p), x.name), "step");
  }
  for (const auto& e : c.extra_steps) {
    if (e.code == x.code) break;
    if (number(e.after) <= number(x.after) && !c.extra_done.contains(e.code))
      return refused(fmt::format("请先完成本校规定的步骤“{}”，再办理“{}”", e.name, x.name), "step");
  }
  if (!c.done.contains(x.after))
    return refused(
        fmt::format("请先完成第{}步“{}”，再办理“{}”", number(x.after), name(x.after), x.name),
        "step");
  // Not before the step it follows, nor before an extra step listed ahead of it there.
  Date prev = c.done.at(x.after);
  for (const auto& e : c.extra_steps) {
    if (e.code == x.code) break;
    if (auto it = c.extra_done.find(e.code);
        number(e.after) <= number(x.after) && it != c.extra_done.end() && before(prev, it->second))
      prev = it->second;
  }
  if (before(on, prev))
    return refused(fmt::format("办理日期不能早于上一步的日期（{}）", d(prev)), "done_on", prev);
  if (x.publicity_working_days > 0) {
    auto it = c.extra_publicities.find(x.code);
    if (it == c.extra_publicities.end())
      return refused(fmt::format("“{}”前须公示，公示期不少于{}个工作日，请先发布公示", x.name,
                                 x.publicity_working_days),
                     "publicity");
    Publicity p = it->second;
    p.working_days = std::max(p.working_days, x.publicity_working_days);
    Date after = add_days(publicity_end(p, cal), 1);
    if (before(on, after))
      return refused(fmt::format("公示期不少于{}个工作日，公示期满后方可办理“{}”，最早可于 {}",
                                 x.publicity_working_days, x.name, d(after)),
                     "done_on", after);
  }
  return allowed();
}

namespace {

bool good_standing(const PersonFacts& p) {
  return p.category == "full" && p.status == "active";
}
bool under_watch(const PersonFacts& p, Date on) {
  return p.watch_until && !before(*p.watch_until, on);
}
std::optional<Verdict> distinct_others(const std::vector<PersonFacts>& people, std::int64_t self,
                                       const char* role, const char* field) {
  std::set<std::int64_t> seen;
  for (const auto& p : people) {
    if (p.member_id == self) return refused(fmt::format("{}不能是本人", role), field);
    if (!seen.insert(p.member_id).second)
      return refused(fmt::format("{}不能重复：{}", role, p.name), field);
  }
  return std::nullopt;
}

}  // namespace

Verdict check_contacts(const std::vector<PersonFacts>& people, std::int64_t self, Date on) {
  (void)on;
  if (people.empty() || people.size() > 2)
    return refused("应指定1至2名正式党员作为培养联系人", "contacts");
  if (auto v = distinct_others(people, self, "培养联系人", "contacts")) return *v;
  for (const auto& p : people)
    if (!good_standing(p))
      return refused(fmt::format("培养联系人应为正式党员：{}不符合条件", p.name), "contacts");
  return allowed();
}

Verdict check_introducers(const std::vector<PersonFacts>& people, std::int64_t self, Date on) {
  if (people.size() != 2) return refused("入党介绍人应为2名正式党员", "introducers");
  if (auto v = distinct_others(people, self, "入党介绍人", "introducers")) return *v;
  for (const auto& p : people) {
    if (!good_standing(p))
      return refused(fmt::format("入党介绍人应为正式党员：{}不符合条件", p.name), "introducers");
    if (under_watch(p, on))
      return refused(
          fmt::format("受留党察看处分、尚未恢复党员权利的党员不能作入党介绍人：{}（至 {}）", p.name,
                      d(*p.watch_until)),
          "introducers");
  }
  return allowed();
}

Verdict check_training(int days, int class_hours) {
  if (days < 0 || days > 366) return refused("培训天数应为0至366之间的整数", "training_days");
  if (class_hours < 0 || class_hours > 2000)
    return refused("培训学时应为0至2000之间的整数", "class_hours");
  if (days < 3 && class_hours < 24)
    return refused("集中培训时间一般不少于3天或不少于24个学时", "training_days");
  return allowed();
}

Verdict check_extension(const CaseFacts& c, int months) {
  if (c.extension_months > 0) return refused("预备期只能延长一次", "extension_months");
  if (months < 6 || months > 12)
    return refused("延长预备期的时间不能少于半年，最长不超过一年（6至12个月）", "extension_months");
  return allowed();
}

const std::vector<ArchiveItem>& archive_items() {
  return kArchive;
}

Verdict check_archive(const std::set<std::string>& ticked) {
  for (const auto& i : kArchive)
    if (!ticked.contains(i.code))
      return refused(fmt::format("归档材料不全：缺少“{}”", i.name), "checklist");
  for (const auto& t : ticked)
    if (std::none_of(kArchive.begin(), kArchive.end(),
                     [&](const ArchiveItem& i) { return t == i.code; }))
      return refused(fmt::format("未知的归档材料：{}", t), "checklist");
  return allowed();
}

// ---- What falls due ----------------------------------------------------------------------

std::vector<Due> dues(const CaseFacts& c, Date today, const Calendar& cal) {
  std::vector<Due> out;
  if (c.cancelled || c.completed) return out;
  auto add = [&](std::string kind, Step s, std::string title, std::optional<Date> from,
                 std::optional<Date> due_on, bool hard = false, std::string code = {}) {
    if (code.empty()) code = step_info(s).code;
    Due x{std::move(kind), s, std::move(code), std::move(title), from, due_on, false, hard};
    x.overdue = due_on && before(*due_on, today);
    out.push_back(std::move(x));
  };
  auto has = [&](Step s) { return c.done.contains(s); };
  if (has(Step::application) && !has(Step::application_talk))
    add("talk", Step::application_talk, "与入党申请人谈话", c.done.at(Step::application),
        add_months(c.done.at(Step::application), 1));
  if (has(Step::activist) && !has(Step::target)) {
    Date a3 = c.done.at(Step::activist);
    // The next half year without a review.
    for (int k = 1; k < 100; ++k) {
      Date lo = add_months(a3, 6 * (k - 1)), hi = add_months(a3, 6 * k);
      bool found = std::any_of(c.activist_reviews.begin(), c.activist_reviews.end(),
                               [&](Date r) { return before(lo, r) && !before(hi, r); });
      if (!found) {
        add("activist_review", Step::activist_review, "入党积极分子半年考察", add_days(lo, 1), hi);
        break;
      }
    }
    Date eligible = add_months(a3, 12);
    if (!before(add_days(today, 30), eligible) && has(Step::activist_review) && has(Step::contacts))
      add("target_eligible", Step::target, "可确定为发展对象", eligible, std::nullopt);
  }
  if (has(Step::pre_review) && !has(Step::admission_vote)) {
    // Past this deadline the pre-review must be redone (the item stays, overdue and hard).
    add("pre_review_vote", Step::admission_vote, "支部党员大会讨论接收预备党员",
        c.done.at(Step::pre_review), add_months(c.done.at(Step::pre_review), 1), true);
  }
  if (has(Step::admission_vote) && !has(Step::admission_approval)) {
    Date vote = c.admission_vote_on.value_or(c.done.at(Step::admission_vote));
    bool past_soft = before(add_months(vote, 3), today);
    add("approval", Step::admission_approval, "上级党委审批接收预备党员", vote,
        past_soft ? add_months(vote, 6) : add_months(vote, 3), past_soft);
    // Past three months the approval is already late (recorded only with an explanation): the
    // item is overdue even though the hard stop lies ahead.
    if (past_soft) out.back().overdue = true;
  }
  if (has(Step::admission_approval) && !has(Step::oath))
    add("oath", Step::oath, "组织入党宣誓", c.done.at(Step::admission_approval),
        add_months(c.done.at(Step::admission_approval), 1));
  if (auto end = probation_end(c);
      end && has(Step::admission_approval) &&
      (!has(Step::conversion_vote) || c.conversion_outcome == "extend") &&
      !before(add_days(today, 30), *end))
    add("probation_ending", Step::conversion_vote, "预备期满，讨论转正", *end, add_months(*end, 3));
  if (has(Step::conversion_vote) && !has(Step::conversion_approval) &&
      (c.conversion_outcome == "convert" || c.conversion_outcome == "cancel"))
    add("conversion_approval", Step::conversion_approval, "上级党委审批转正",
        c.done.at(Step::conversion_vote), add_months(c.done.at(Step::conversion_vote), 3));
  if (has(Step::conversion_approval) && !has(Step::archive))
    add("archive", Step::archive, "发展材料归档", c.done.at(Step::conversion_approval),
        std::nullopt);
  for (const auto& x : c.extra_steps) {
    if (c.extra_done.contains(x.code) || !c.done.contains(x.after)) continue;
    std::optional<Date> from = c.done.at(x.after);
    if (auto it = c.extra_publicities.find(x.code); it != c.extra_publicities.end()) {
      Publicity p = it->second;  // at least the required length, as check_extra_step counts
      p.working_days = std::max(p.working_days, x.publicity_working_days);
      from = add_days(publicity_end(p, cal), 1);
    }
    add("extra", x.after, x.name, from, std::nullopt, false, x.code);
  }
  std::stable_sort(out.begin(), out.end(), [](const Due& a, const Due& b) {
    if (a.due_on && b.due_on) return before(*a.due_on, *b.due_on);
    return a.due_on.has_value() && !b.due_on.has_value();
  });
  return out;
}

}  // namespace zhdj::development
