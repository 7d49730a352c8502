// Member development (发展党员, DOMAIN.md §3), the pure rules of src/development/rules.hpp as a
// specification: every numeric rule at its boundaries (the day before, the day, the day after,
// month ends such as 01-31 and 02-29), the order of the 25 steps, the university's extra steps,
// the working-day calendar, the archive checklist and the to-do list. Every date is chosen
// here; nothing reads the real clock.
#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.hpp"
#include "development/rules.hpp"

using namespace zhdj;
using namespace zhdj::development;

namespace {

Date D(std::string_view text) {
  auto d = parse_date(text);
  if (!d) throw std::invalid_argument("bad date in a test: " + std::string(text));
  return *d;
}
// Dates compared as text, so that a failure prints them readably; "-" for none.
std::string str(std::optional<Date> d) {
  return d ? format_date(*d) : "-";
}
std::string kind(const Verdict& v) {
  switch (v.kind) {
    case Verdict::Kind::allowed:
      return "allowed";
    case Verdict::Kind::late:
      return "late";
    case Verdict::Kind::refused:
      return "refused";
  }
  return "?";
}
::testing::AssertionResult Mentions(const std::string& text, std::string_view word) {
  if (text.find(word) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "“" << text << "” does not mention “" << word << "”";
}
std::string nth(Step s) {
  return "第" + std::to_string(static_cast<int>(s)) + "步";
}
Step step_number(int n) {
  return static_cast<Step>(n);
}

const RuleSet* rules_2014() {
  return find_rule_set("2014");
}
const RuleSet* rules_2026() {
  return find_rule_set("2026");
}

// Far after every date the tests use, unless a test is about "today".
const Date kToday = D("2031-12-31");
// Monday–Friday, no holidays.
const Calendar kWeekends{};
// Weekends, 国庆 2026-10-01..07 off, and the make-up working days (调休) Sunday 2026-09-20 and
// Saturday 2026-10-10.
Calendar national_day_2026() {
  std::set<Date> holidays;
  for (int day = 1; day <= 7; ++day) holidays.insert(add_days(D("2026-09-30"), day));
  return Calendar{holidays, {D("2026-09-20"), D("2026-10-10")}};
}

// Someone born on `born` who has not applied yet, under the 2026 rules.
CaseFacts applicant(const char* born) {
  CaseFacts c;
  c.rules = rules_2026();
  c.birth_date = D(born);
  return c;
}

// A case ready for step `next`: every standard step before it recorded on `on` (repeatable steps
// with one record that day; the admission vote's meeting date that day too; a conversion vote
// deciding "convert"), under the 2026 rules, for someone born in 2000.
CaseFacts ready_for(Step next, const char* on) {
  CaseFacts c = applicant("2000-05-20");
  Date d = D(on);
  for (int n = 1; n < static_cast<int>(next); ++n) c.done[step_number(n)] = d;
  if (c.done.contains(Step::activist_review)) c.activist_reviews = {d};
  if (c.done.contains(Step::admission_vote)) c.admission_vote_on = d;
  if (c.done.contains(Step::probation_review)) c.probation_reviews = {d};
  if (c.done.contains(Step::conversion_vote)) c.conversion_outcome = "convert";
  return c;
}

// Replaces the activist's half-yearly reviews (step 6); the step's date is the latest of them.
void reviewed(CaseFacts& c, std::initializer_list<const char*> dates) {
  c.activist_reviews.clear();
  c.done.erase(Step::activist_review);
  for (const char* x : dates) {
    c.activist_reviews.push_back(D(x));
    c.done[Step::activist_review] = D(x);
  }
}

Verdict check(const CaseFacts& c, Step s, const char* on, const Calendar& cal = kWeekends) {
  return check_step(c, s, D(on), kToday, cal);
}

PersonFacts person(std::int64_t id, const char* name, const char* category = "full",
                   const char* status = "active", std::optional<Date> watch_until = {}) {
  return PersonFacts{id, name, category, status, watch_until};
}
constexpr std::int64_t kSelf = 100;

// The item of that kind, copied (the list is often a temporary).
std::optional<Due> find_due(const std::vector<Due>& dues, std::string_view kind) {
  for (const auto& x : dues)
    if (x.kind == kind) return x;
  return std::nullopt;
}
std::vector<std::string> kinds(const std::vector<Due>& dues) {
  std::vector<std::string> out;
  for (const auto& x : dues) out.push_back(x.kind);
  return out;
}

}  // namespace

// ---- Steps and rule sets ------------------------------------------------------------------

TEST(DevelopmentSteps, TwentyFiveStepsNumberedInOrderInFiveStages) {
  const auto& steps = all_steps();
  ASSERT_EQ(steps.size(), static_cast<std::size_t>(kStepCount));
  ASSERT_EQ(kStepCount, 25);
  for (int n = 1; n <= kStepCount; ++n) {
    const StepInfo& i = steps[static_cast<std::size_t>(n - 1)];
    EXPECT_EQ(i.number, n);
    EXPECT_EQ(static_cast<int>(i.step), n);
    EXPECT_EQ(&step_info(i.step), &i);
    EXPECT_EQ(parse_step(i.code), i.step) << i.code;
    EXPECT_EQ(stage_of(i.step), i.stage);
    EXPECT_FALSE(std::string(i.name).empty());
  }
  // 申请入党 1–2, 积极分子 3–6, 发展对象 7–11, 预备党员的接收 12–20, 教育考察和转正 21–25.
  auto stage = [](int n) { return stage_of(step_number(n)); };
  EXPECT_EQ(stage(1), Stage::applicant);
  EXPECT_EQ(stage(2), Stage::applicant);
  EXPECT_EQ(stage(3), Stage::activist);
  EXPECT_EQ(stage(6), Stage::activist);
  EXPECT_EQ(stage(7), Stage::target);
  EXPECT_EQ(stage(11), Stage::target);
  EXPECT_EQ(stage(12), Stage::admission);
  EXPECT_EQ(stage(20), Stage::admission);
  EXPECT_EQ(stage(21), Stage::probation);
  EXPECT_EQ(stage(25), Stage::probation);
  std::set<std::string> codes, names;
  for (auto s :
       {Stage::applicant, Stage::activist, Stage::target, Stage::admission, Stage::probation}) {
    codes.insert(stage_code(s));
    names.insert(stage_name(s));
  }
  EXPECT_EQ(codes,
            (std::set<std::string>{"applicant", "activist", "target", "admission", "probation"}));
  EXPECT_EQ(names.size(), 5u);
}

TEST(DevelopmentSteps, OnlyTheTwoTrainingReviewsRepeat) {
  for (const auto& i : all_steps())
    EXPECT_EQ(i.repeatable, i.step == Step::activist_review || i.step == Step::probation_review)
        << i.code;
}

TEST(DevelopmentSteps, TheHigherCommitteeFilesAndApproves) {
  EXPECT_EQ(step_info(Step::application).actor, Actor::branch);
  EXPECT_EQ(step_info(Step::activist_filing).actor, Actor::higher);
  EXPECT_EQ(step_info(Step::target_filing).actor, Actor::higher);
  EXPECT_EQ(step_info(Step::pre_review).actor, Actor::higher);
  EXPECT_EQ(step_info(Step::admission_approval).actor, Actor::approver);
  EXPECT_EQ(step_info(Step::admission_record).actor, Actor::org_department);
  EXPECT_EQ(step_info(Step::conversion_approval).actor, Actor::approver);
  EXPECT_EQ(std::string(step_info(Step::activist).name), "确定入党积极分子");
  EXPECT_EQ(std::string(step_info(Step::oath).name), "入党宣誓");
}

TEST(DevelopmentSteps, UnknownCodesDoNotParse) {
  EXPECT_FALSE(parse_step(""));
  EXPECT_FALSE(parse_step("Application"));
  EXPECT_FALSE(parse_step("x12"));
  EXPECT_EQ(parse_step("conversion_vote"), Step::conversion_vote);
}

TEST(DevelopmentRuleSets, The2014And2026RulesExistAnd2026IsTheDefault) {
  ASSERT_EQ(rule_sets().size(), 2u);
  ASSERT_NE(rules_2014(), nullptr);
  ASSERT_NE(rules_2026(), nullptr);
  EXPECT_EQ(rules_2014()->target_publicity_working_days, 0);
  EXPECT_FALSE(rules_2014()->secret_admission_vote);
  EXPECT_EQ(rules_2026()->target_publicity_working_days, 5);
  EXPECT_TRUE(rules_2026()->secret_admission_vote);
  EXPECT_EQ(find_rule_set(kDefaultRuleVersion), rules_2026());
  EXPECT_EQ(find_rule_set("2020"), nullptr);
  EXPECT_TRUE(Mentions(rules_2026()->title, "发展党员工作细则"));
}

// ---- Working days --------------------------------------------------------------------------

TEST(DevelopmentCalendar, WeekendsHolidaysAndMakeUpDays) {
  Calendar cal = national_day_2026();
  EXPECT_TRUE(cal.is_working_day(D("2026-09-28")));   // Monday
  EXPECT_TRUE(cal.is_working_day(D("2026-09-30")));   // Wednesday
  EXPECT_FALSE(cal.is_working_day(D("2026-09-26")));  // Saturday
  EXPECT_FALSE(cal.is_working_day(D("2026-09-27")));  // Sunday
  EXPECT_TRUE(cal.is_working_day(D("2026-09-20")));   // Sunday, 调休
  EXPECT_FALSE(cal.is_working_day(D("2026-10-01")));  // Thursday, 国庆
  EXPECT_FALSE(cal.is_working_day(D("2026-10-02")));  // Friday, 国庆
  EXPECT_FALSE(cal.is_working_day(D("2026-10-05")));  // Monday, 国庆
  EXPECT_FALSE(cal.is_working_day(D("2026-10-07")));  // Wednesday, 国庆
  EXPECT_TRUE(cal.is_working_day(D("2026-10-08")));   // Thursday
  EXPECT_TRUE(cal.is_working_day(D("2026-10-10")));   // Saturday, 调休
  EXPECT_FALSE(cal.is_working_day(D("2026-10-11")));  // Sunday

  EXPECT_TRUE(kWeekends.is_working_day(D("2026-10-01")));
  EXPECT_FALSE(kWeekends.is_working_day(D("2026-10-10")));
}

TEST(DevelopmentCalendar, NthWorkingDayCountsTheStartWhenItIsOne) {
  Calendar cal = national_day_2026();
  EXPECT_EQ(str(cal.nth_working_day(D("2026-09-28"), 1)), "2026-09-28");
  EXPECT_EQ(str(cal.nth_working_day(D("2026-09-28"), 3)), "2026-09-30");
  EXPECT_EQ(str(cal.nth_working_day(D("2026-09-28"), 4)), "2026-10-08");  // over the holiday
  EXPECT_EQ(str(cal.nth_working_day(D("2026-09-28"), 5)), "2026-10-09");
  EXPECT_EQ(str(cal.nth_working_day(D("2026-09-28"), 6)), "2026-10-10");  // the make-up Saturday
  EXPECT_EQ(str(cal.nth_working_day(D("2026-09-28"), 7)), "2026-10-12");
  EXPECT_EQ(str(cal.nth_working_day(D("2026-10-01"), 1)), "2026-10-08");  // starts on a holiday
  EXPECT_EQ(str(cal.nth_working_day(D("2026-09-19"), 1)), "2026-09-20");  // Saturday → 调休
  EXPECT_EQ(str(kWeekends.nth_working_day(D("2026-02-28"), 5)), "2026-03-06");  // from a Saturday
  EXPECT_EQ(str(kWeekends.nth_working_day(D("2026-09-28"), 5)), "2026-10-02");
}

TEST(DevelopmentCalendar, WorkingDaysBothEndsIncluded) {
  Calendar cal = national_day_2026();
  EXPECT_EQ(cal.working_days(D("2026-09-28"), D("2026-10-11")), 6);  // 28, 29, 30, 8, 9, 10
  EXPECT_EQ(cal.working_days(D("2026-10-01"), D("2026-10-07")), 0);
  EXPECT_EQ(cal.working_days(D("2026-10-10"), D("2026-10-10")), 1);
  EXPECT_EQ(cal.working_days(D("2026-10-11"), D("2026-10-11")), 0);
  EXPECT_EQ(cal.working_days(D("2026-10-09"), D("2026-10-08")), 0);  // to < from
  EXPECT_EQ(kWeekends.working_days(D("2026-03-02"), D("2026-03-08")), 5);
  EXPECT_EQ(kWeekends.working_days(D("2026-02-01"), D("2026-02-28")), 20);
}

TEST(DevelopmentCalendar, APublicityEndsOnItsLastWorkingDay) {
  Calendar cal = national_day_2026();
  EXPECT_EQ(str(publicity_end({D("2026-09-28"), 5}, cal)), "2026-10-09");
  EXPECT_EQ(str(publicity_end({D("2026-09-29"), 5}, cal)), "2026-10-10");
  EXPECT_EQ(str(publicity_end({D("2026-10-03"), 5}, cal)), "2026-10-13");  // 8, 9, 10, 12, 13
  EXPECT_EQ(str(publicity_end({D("2026-03-02"), 5}, kWeekends)), "2026-03-06");
  EXPECT_EQ(str(publicity_end({D("2026-03-04"), 5}, kWeekends)), "2026-03-10");
  // The publicity holds exactly its working days, whatever the calendar.
  for (const char* start : {"2026-09-17", "2026-09-28", "2026-09-29", "2026-10-01"}) {
    Publicity p{D(start), 5};
    EXPECT_EQ(cal.working_days(p.starts_on, publicity_end(p, cal)), 5) << start;
    EXPECT_TRUE(cal.is_working_day(publicity_end(p, cal))) << start;
  }
}

// ---- 1 Application: 18 years old ------------------------------------------------------------

TEST(DevelopmentAge, ApplicationFromTheEighteenthBirthday) {
  CaseFacts c = applicant("2008-05-20");
  Verdict before = check(c, Step::application, "2026-05-19");
  EXPECT_EQ(kind(before), "refused");
  EXPECT_EQ(str(before.earliest), "2026-05-20");
  EXPECT_TRUE(Mentions(before.message, "年满十八周岁"));
  EXPECT_TRUE(Mentions(before.message, "2026-05-20"));
  EXPECT_EQ(kind(check(c, Step::application, "2026-05-20")), "allowed");
  EXPECT_EQ(kind(check(c, Step::application, "2026-05-21")), "allowed");
}

TEST(DevelopmentAge, BornOnALeapDayTurnsEighteenOnMarchFirstOfACommonYear) {
  CaseFacts c = applicant("2008-02-29");
  Verdict v = check(c, Step::application, "2026-02-28");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_EQ(str(v.earliest), "2026-03-01");
  EXPECT_TRUE(Mentions(v.message, "2026-03-01"));
  EXPECT_EQ(kind(check(c, Step::application, "2026-03-01")), "allowed");
  EXPECT_EQ(kind(check(c, Step::application, "2026-03-02")), "allowed");
}

TEST(DevelopmentAge, AroundALeapDayOfTheApplicationYear) {
  // Someone born on 02-29 never turns 18 in a leap year (the years differ by 18); the leap day
  // matters when the application falls on it.
  CaseFacts march = applicant("2010-03-01");
  Verdict v = check(march, Step::application, "2028-02-29");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_EQ(str(v.earliest), "2028-03-01");
  EXPECT_EQ(kind(check(march, Step::application, "2028-03-01")), "allowed");

  CaseFacts february = applicant("2010-02-28");
  EXPECT_EQ(kind(check(february, Step::application, "2028-02-27")), "refused");
  EXPECT_EQ(kind(check(february, Step::application, "2028-02-28")), "allowed");
  EXPECT_EQ(kind(check(february, Step::application, "2028-02-29")), "allowed");
}

TEST(DevelopmentAge, MissingBirthDateIsRefused) {
  CaseFacts c;
  c.rules = rules_2026();
  Verdict v = check(c, Step::application, "2026-05-20");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_EQ(v.field, "birth_date");
  EXPECT_TRUE(Mentions(v.message, "出生日期"));
}

// ---- 2 Talk within a month ----------------------------------------------------------------

TEST(DevelopmentTalk, WithinOneCalendarMonthOfTheApplication) {
  CaseFacts c = ready_for(Step::application_talk, "2026-03-10");
  EXPECT_EQ(kind(check(c, Step::application_talk, "2026-04-09")), "allowed");
  EXPECT_EQ(kind(check(c, Step::application_talk, "2026-04-10")), "allowed");
  Verdict v = check(c, Step::application_talk, "2026-04-11");
  EXPECT_EQ(kind(v), "late");
  EXPECT_EQ(str(v.latest), "2026-04-10");
  EXPECT_TRUE(Mentions(v.message, "一个月内"));
  EXPECT_TRUE(Mentions(v.message, "2026-04-10"));
  EXPECT_TRUE(Mentions(v.message, "情况说明"));
}

TEST(DevelopmentTalk, FromJanuaryThirtyFirstTheDeadlineIsTheEndOfFebruary) {
  CaseFacts common = ready_for(Step::application_talk, "2026-01-31");
  EXPECT_EQ(kind(check(common, Step::application_talk, "2026-02-28")), "allowed");
  Verdict v = check(common, Step::application_talk, "2026-03-01");
  EXPECT_EQ(kind(v), "late");
  EXPECT_EQ(str(v.latest), "2026-02-28");

  CaseFacts leap = ready_for(Step::application_talk, "2024-01-31");
  EXPECT_EQ(kind(check(leap, Step::application_talk, "2024-02-29")), "allowed");
  Verdict w = check(leap, Step::application_talk, "2024-03-01");
  EXPECT_EQ(kind(w), "late");
  EXPECT_EQ(str(w.latest), "2024-02-29");
}

// ---- 7 Development target: one year, half-yearly reviews, publicity ------------------------

TEST(DevelopmentTarget, OneYearAfterBecomingActivistInCalendarMonths) {
  CaseFacts c = ready_for(Step::target, "2025-03-10");
  reviewed(c, {"2025-09-01", "2026-03-01"});
  c.target_publicity = Publicity{D("2026-03-02"), 5};  // ends Friday 2026-03-06
  Verdict v = check(c, Step::target, "2026-03-09");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_EQ(str(v.earliest), "2026-03-10");
  EXPECT_TRUE(Mentions(v.message, "满一年"));
  EXPECT_TRUE(Mentions(v.message, "2026-03-10"));
  EXPECT_EQ(kind(check(c, Step::target, "2026-03-10")), "allowed");
  EXPECT_EQ(kind(check(c, Step::target, "2026-03-11")), "allowed");
}

TEST(DevelopmentTarget, AnActivistFromALeapDayIsEligibleOnFebruaryTwentyEighth) {
  CaseFacts c = ready_for(Step::target, "2024-02-29");
  c.rules = rules_2014();
  reviewed(c, {"2024-08-01", "2025-01-15"});
  Verdict v = check(c, Step::target, "2025-02-27");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_EQ(str(v.earliest), "2025-02-28");
  EXPECT_EQ(kind(check(c, Step::target, "2025-02-28")), "allowed");
}

TEST(DevelopmentTarget, EveryHalfYearThatEndedNeedsAReview) {
  // Activist 2025-03-10: half years (03-10, 09-10] and (09-10, 2026-03-10].
  CaseFacts c = ready_for(Step::target, "2025-03-10");
  c.rules = rules_2014();

  reviewed(c, {"2025-09-10", "2026-03-10"});  // each exactly on its half year's end: counts
  EXPECT_EQ(kind(check(c, Step::target, "2026-03-10")), "allowed");

  reviewed(c, {"2025-09-10"});  // the end of the first half year is the start of the second
  Verdict second = check(c, Step::target, "2026-03-10");
  EXPECT_EQ(kind(second), "refused");
  EXPECT_EQ(second.field, "step");
  EXPECT_TRUE(Mentions(second.message, "2025-09-11 至 2026-03-10"));
  EXPECT_TRUE(Mentions(second.message, "第6步"));

  reviewed(c, {"2025-03-10", "2026-01-15"});  // on the first half year's start: does not count
  Verdict first = check(c, Step::target, "2026-03-10");
  EXPECT_EQ(kind(first), "refused");
  EXPECT_TRUE(Mentions(first.message, "2025-03-11 至 2025-09-10"));

  reviewed(c, {"2025-06-01", "2025-08-01"});  // two in the first half year, none in the second
  EXPECT_EQ(kind(check(c, Step::target, "2026-03-10")), "refused");

  reviewed(c, {});
  EXPECT_EQ(kind(check(c, Step::target, "2026-03-10")), "refused");
}

TEST(DevelopmentTarget, AHalfYearStillRunningNeedsNoReviewYet) {
  CaseFacts c = ready_for(Step::target, "2025-03-10");
  c.rules = rules_2014();
  reviewed(c, {"2025-09-10", "2026-03-10"});
  EXPECT_EQ(kind(check(c, Step::target, "2026-09-09")), "allowed");
  Verdict third = check(c, Step::target, "2026-09-10");  // (2026-03-10, 2026-09-10] has ended
  EXPECT_EQ(kind(third), "refused");
  EXPECT_TRUE(Mentions(third.message, "2026-03-11 至 2026-09-10"));
  reviewed(c, {"2025-09-10", "2026-03-10", "2026-09-10"});
  EXPECT_EQ(kind(check(c, Step::target, "2026-09-10")), "allowed");
}

TEST(DevelopmentTarget, The2026RulesNeedAFinishedPublicityOfFiveWorkingDays) {
  Calendar cal = national_day_2026();
  // Activist 2025-09-01: eligible 2026-09-01, half years to 2026-03-01 and 2026-09-01.
  CaseFacts c = ready_for(Step::target, "2025-09-01");
  reviewed(c, {"2026-02-01", "2026-08-01"});

  Verdict none = check(c, Step::target, "2026-10-09", cal);
  EXPECT_EQ(kind(none), "refused");
  EXPECT_EQ(none.field, "publicity");
  EXPECT_TRUE(Mentions(none.message, "公示"));
  EXPECT_TRUE(Mentions(none.message, "5个工作日"));

  c.target_publicity = Publicity{D("2026-09-28"), 5};  // 09-28, 29, 30, 10-08, 10-09
  Verdict last_day = check(c, Step::target, "2026-10-09", cal);
  EXPECT_EQ(kind(last_day), "refused");
  EXPECT_EQ(last_day.field, "done_on");
  EXPECT_EQ(str(last_day.earliest), "2026-10-10");
  EXPECT_TRUE(Mentions(last_day.message, "2026-10-10"));
  EXPECT_EQ(kind(check(c, Step::target, "2026-10-08", cal)), "refused");
  EXPECT_EQ(kind(check(c, Step::target, "2026-10-10", cal)), "allowed");

  // Without the holidays the same publicity would have ended on Friday 10-02.
  EXPECT_EQ(kind(check(c, Step::target, "2026-10-03", kWeekends)), "allowed");
  EXPECT_EQ(kind(check(c, Step::target, "2026-10-03", cal)), "refused");

  // Started a day later, its fifth working day is the make-up Saturday.
  c.target_publicity = Publicity{D("2026-09-29"), 5};
  Verdict saturday = check(c, Step::target, "2026-10-10", cal);
  EXPECT_EQ(kind(saturday), "refused");
  EXPECT_EQ(str(saturday.earliest), "2026-10-11");
  EXPECT_EQ(kind(check(c, Step::target, "2026-10-11", cal)), "allowed");
}

TEST(DevelopmentTarget, APublicityRecordedShorterStillLastsFiveWorkingDays) {
  CaseFacts c = ready_for(Step::target, "2025-02-10");  // eligible 2026-02-10
  reviewed(c, {"2025-08-01", "2026-02-01"});
  c.target_publicity = Publicity{D("2026-03-02"), 3};
  Verdict v = check(c, Step::target, "2026-03-06");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_EQ(str(v.earliest), "2026-03-07");
  EXPECT_EQ(kind(check(c, Step::target, "2026-03-07")), "allowed");
}

TEST(DevelopmentTarget, The2014RulesNeedNoPublicity) {
  CaseFacts c = ready_for(Step::target, "2025-03-10");
  reviewed(c, {"2025-09-01", "2026-03-01"});
  c.rules = rules_2014();
  EXPECT_EQ(kind(check(c, Step::target, "2026-03-10")), "allowed");
  c.rules = rules_2026();
  EXPECT_EQ(kind(check(c, Step::target, "2026-03-10")), "refused");
}

TEST(DevelopmentTarget, ACaseWithoutARuleSetFollowsTheDefault) {
  CaseFacts c = ready_for(Step::target, "2025-03-10");
  reviewed(c, {"2025-09-01", "2026-03-01"});
  c.rules = nullptr;
  Verdict v = check(c, Step::target, "2026-03-10");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_EQ(v.field, "publicity");
  c.target_publicity = Publicity{D("2026-03-02"), 5};
  EXPECT_EQ(kind(check(c, Step::target, "2026-03-10")), "allowed");
}

// ---- 5 Contact persons, 9 introducers, 11 short training -----------------------------------

TEST(DevelopmentContacts, OneOrTwoFullMembers) {
  Date on = D("2026-06-15");
  EXPECT_EQ(kind(check_contacts({}, kSelf, on)), "refused");
  EXPECT_TRUE(Mentions(check_contacts({}, kSelf, on).message, "1至2名"));
  EXPECT_EQ(kind(check_contacts({person(1, "张三")}, kSelf, on)), "allowed");
  EXPECT_EQ(kind(check_contacts({person(1, "张三"), person(2, "李四")}, kSelf, on)), "allowed");
  Verdict three =
      check_contacts({person(1, "张三"), person(2, "李四"), person(3, "王五")}, kSelf, on);
  EXPECT_EQ(kind(three), "refused");
  EXPECT_EQ(three.field, "contacts");
}

TEST(DevelopmentContacts, EachAFullMemberInGoodStandingAndNotThePersonThemself) {
  Date on = D("2026-06-15");
  Verdict probationary =
      check_contacts({person(1, "张三"), person(2, "李四", "probationary")}, kSelf, on);
  EXPECT_EQ(kind(probationary), "refused");
  EXPECT_TRUE(Mentions(probationary.message, "李四"));
  EXPECT_TRUE(Mentions(probationary.message, "正式党员"));

  Verdict suspended = check_contacts({person(1, "张三", "full", "suspended")}, kSelf, on);
  EXPECT_EQ(kind(suspended), "refused");
  EXPECT_TRUE(Mentions(suspended.message, "张三"));

  Verdict twice = check_contacts({person(1, "张三"), person(1, "张三")}, kSelf, on);
  EXPECT_EQ(kind(twice), "refused");
  EXPECT_TRUE(Mentions(twice.message, "重复"));

  Verdict self = check_contacts({person(kSelf, "本人")}, kSelf, on);
  EXPECT_EQ(kind(self), "refused");
  EXPECT_TRUE(Mentions(self.message, "本人"));
}

TEST(DevelopmentIntroducers, ExactlyTwoFullActiveMembers) {
  Date on = D("2026-06-15");
  EXPECT_EQ(kind(check_introducers({}, kSelf, on)), "refused");
  Verdict one = check_introducers({person(1, "张三")}, kSelf, on);
  EXPECT_EQ(kind(one), "refused");
  EXPECT_EQ(one.field, "introducers");
  EXPECT_TRUE(Mentions(one.message, "2名"));
  EXPECT_EQ(kind(check_introducers({person(1, "张三"), person(2, "李四")}, kSelf, on)), "allowed");
  EXPECT_EQ(
      kind(check_introducers({person(1, "张三"), person(2, "李四"), person(3, "王五")}, kSelf, on)),
      "refused");
  EXPECT_EQ(
      kind(check_introducers({person(1, "张三"), person(2, "李四", "probationary")}, kSelf, on)),
      "refused");
  EXPECT_EQ(kind(check_introducers({person(1, "张三"), person(2, "李四", "full", "suspended")},
                                   kSelf, on)),
            "refused");
  EXPECT_EQ(kind(check_introducers({person(1, "张三"), person(1, "张三")}, kSelf, on)), "refused");
  Verdict self = check_introducers({person(1, "张三"), person(kSelf, "本人")}, kSelf, on);
  EXPECT_EQ(kind(self), "refused");
  EXPECT_TRUE(Mentions(self.message, "本人"));
}

TEST(DevelopmentIntroducers, NotUnderProbationInThePartyOnTheDate) {
  // 留党察看 until a date, inclusive.
  auto with_watch = [](const char* until) {
    return std::vector<PersonFacts>{person(1, "张三"),
                                    person(2, "李四", "full", "active", D(until))};
  };
  Date on = D("2026-06-15");
  EXPECT_EQ(kind(check_introducers(with_watch("2026-06-14"), kSelf, on)), "allowed");
  Verdict the_day = check_introducers(with_watch("2026-06-15"), kSelf, on);
  EXPECT_EQ(kind(the_day), "refused");
  EXPECT_TRUE(Mentions(the_day.message, "留党察看"));
  EXPECT_TRUE(Mentions(the_day.message, "李四"));
  EXPECT_TRUE(Mentions(the_day.message, "2026-06-15"));
  EXPECT_EQ(kind(check_introducers(with_watch("2026-06-16"), kSelf, on)), "refused");
}

TEST(DevelopmentTraining, ThreeDaysOrTwentyFourClassHours) {
  Verdict short_of_both = check_training(2, 23);
  EXPECT_EQ(kind(short_of_both), "refused");
  EXPECT_TRUE(Mentions(short_of_both.message, "3天"));
  EXPECT_TRUE(Mentions(short_of_both.message, "24个学时"));
  EXPECT_EQ(kind(check_training(3, 0)), "allowed");
  EXPECT_EQ(kind(check_training(0, 24)), "allowed");
  EXPECT_EQ(kind(check_training(2, 24)), "allowed");
  EXPECT_EQ(kind(check_training(0, 0)), "refused");
}

TEST(DevelopmentTraining, NegativeAndAbsurdNumbersAreRefused) {
  EXPECT_EQ(kind(check_training(-1, 30)), "refused");
  EXPECT_EQ(check_training(-1, 30).field, "training_days");
  EXPECT_EQ(kind(check_training(5, -1)), "refused");
  EXPECT_EQ(check_training(5, -1).field, "class_hours");
  EXPECT_EQ(kind(check_training(366, 0)), "allowed");
  EXPECT_EQ(kind(check_training(367, 0)), "refused");
  EXPECT_EQ(kind(check_training(0, 2000)), "allowed");
  EXPECT_EQ(kind(check_training(0, 2001)), "refused");
}

// ---- 13 Pre-review, 15 admission vote, 17 approval, 20 oath --------------------------------

TEST(DevelopmentPreReview, RefusedWhenLeavingWithinThreeMonths) {
  CaseFacts c = ready_for(Step::pre_review, "2026-06-01");
  c.leaves_on = D("2026-09-15");
  Verdict v = check(c, Step::pre_review, "2026-06-15");  // 2026-06-15 + 3 months = 09-15
  EXPECT_EQ(kind(v), "refused");
  EXPECT_TRUE(Mentions(v.message, "2026-09-15"));
  EXPECT_TRUE(Mentions(v.message, "3个月"));
  c.leaves_on = D("2026-09-14");
  EXPECT_EQ(kind(check(c, Step::pre_review, "2026-06-15")), "refused");
  c.leaves_on = D("2026-09-16");
  EXPECT_EQ(kind(check(c, Step::pre_review, "2026-06-15")), "allowed");
  c.leaves_on.reset();
  EXPECT_EQ(kind(check(c, Step::pre_review, "2026-06-15")), "allowed");
}

TEST(DevelopmentPreReview, ThreeMonthsFromNovemberThirtiethEndOnFebruaryTwentyEighth) {
  CaseFacts c = ready_for(Step::pre_review, "2026-11-01");
  c.leaves_on = D("2027-02-28");
  EXPECT_EQ(kind(check(c, Step::pre_review, "2026-11-30")), "refused");
  c.leaves_on = D("2027-02-27");
  EXPECT_EQ(kind(check(c, Step::pre_review, "2026-11-30")), "refused");
  c.leaves_on = D("2027-03-01");
  EXPECT_EQ(kind(check(c, Step::pre_review, "2026-11-30")), "allowed");
}

TEST(DevelopmentPreReview, RecordedAgainOnlyAfterItsVoteWindowPassedWithoutAVote) {
  // Pre-reviewed 2026-05-10 and the form filled in; the vote window closed on 06-10.
  CaseFacts c = ready_for(Step::admission_vote, "2026-05-10");
  Verdict within = check(c, Step::pre_review, "2026-06-10");
  EXPECT_EQ(kind(within), "refused");
  EXPECT_TRUE(Mentions(within.message, "不能重复"));
  EXPECT_EQ(kind(check(c, Step::pre_review, "2026-06-11")), "allowed");

  // Redone on 06-20: the vote window now runs to 07-20.
  c.done[Step::pre_review] = D("2026-06-20");
  EXPECT_EQ(kind(check(c, Step::admission_vote, "2026-07-20")), "allowed");
  EXPECT_EQ(kind(check(c, Step::pre_review, "2026-07-20")), "refused");

  CaseFacts voted = ready_for(Step::approval_talk, "2026-05-10");
  EXPECT_EQ(kind(check(voted, Step::pre_review, "2026-09-01")), "refused");
}

TEST(DevelopmentAdmissionVote, WithinOneMonthOfThePreReview) {
  CaseFacts c = ready_for(Step::admission_vote, "2026-03-10");
  EXPECT_EQ(kind(check(c, Step::admission_vote, "2026-04-10")), "allowed");
  Verdict v = check(c, Step::admission_vote, "2026-04-11");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_EQ(str(v.latest), "2026-04-10");
  EXPECT_TRUE(Mentions(v.message, "2026-04-10"));
  EXPECT_TRUE(Mentions(v.message, "重新报上级党委预审"));
}

TEST(DevelopmentAdmissionVote, FromJanuaryThirtyFirstTheWindowEndsWithFebruary) {
  CaseFacts common = ready_for(Step::admission_vote, "2026-01-31");
  EXPECT_EQ(kind(check(common, Step::admission_vote, "2026-02-28")), "allowed");
  Verdict v = check(common, Step::admission_vote, "2026-03-01");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_EQ(str(v.latest), "2026-02-28");

  CaseFacts leap = ready_for(Step::admission_vote, "2028-01-31");
  EXPECT_EQ(kind(check(leap, Step::admission_vote, "2028-02-29")), "allowed");
  Verdict w = check(leap, Step::admission_vote, "2028-03-01");
  EXPECT_EQ(kind(w), "refused");
  EXPECT_EQ(str(w.latest), "2028-02-29");
}

TEST(DevelopmentApproval, ThreeMonthsThenLateThenRefusedAfterSix) {
  CaseFacts c = ready_for(Step::admission_approval, "2026-03-31");
  EXPECT_EQ(kind(check(c, Step::admission_approval, "2026-06-30")), "allowed");
  Verdict late = check(c, Step::admission_approval, "2026-07-01");
  EXPECT_EQ(kind(late), "late");
  EXPECT_FALSE(late.ok());  // recorded only with a written reason
  EXPECT_EQ(str(late.latest), "2026-06-30");
  EXPECT_TRUE(Mentions(late.message, "三个月"));
  EXPECT_TRUE(Mentions(late.message, "2026-06-30"));
  EXPECT_EQ(kind(check(c, Step::admission_approval, "2026-09-29")), "late");
  EXPECT_EQ(kind(check(c, Step::admission_approval, "2026-09-30")), "late");
  Verdict too_late = check(c, Step::admission_approval, "2026-10-01");
  EXPECT_EQ(kind(too_late), "refused");
  EXPECT_EQ(str(too_late.latest), "2026-09-30");
  EXPECT_TRUE(Mentions(too_late.message, "六个月"));
  EXPECT_TRUE(Mentions(too_late.message, "2026-09-30"));
}

TEST(DevelopmentApproval, MonthEndsOfBothDeadlines) {
  // Vote 2026-08-31: three months → 11-30, six months → 2027-02-28.
  CaseFacts c = ready_for(Step::admission_approval, "2026-08-31");
  EXPECT_EQ(kind(check(c, Step::admission_approval, "2026-11-30")), "allowed");
  EXPECT_EQ(kind(check(c, Step::admission_approval, "2026-12-01")), "late");
  EXPECT_EQ(kind(check(c, Step::admission_approval, "2027-02-28")), "late");
  Verdict v = check(c, Step::admission_approval, "2027-03-01");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_EQ(str(v.latest), "2027-02-28");
}

TEST(DevelopmentApproval, CountsFromTheMeetingDateOfTheVote) {
  CaseFacts c = ready_for(Step::admission_approval, "2026-04-02");
  c.admission_vote_on = D("2026-03-31");  // recorded two days after the meeting
  Verdict v = check(c, Step::admission_approval, "2026-07-01");
  EXPECT_EQ(kind(v), "late");
  EXPECT_EQ(str(v.latest), "2026-06-30");
}

TEST(DevelopmentOath, WithinOneMonthOfTheApproval) {
  CaseFacts c = ready_for(Step::oath, "2026-07-15");
  EXPECT_EQ(kind(check(c, Step::oath, "2026-08-14")), "allowed");
  EXPECT_EQ(kind(check(c, Step::oath, "2026-08-15")), "allowed");
  Verdict v = check(c, Step::oath, "2026-08-16");
  EXPECT_EQ(kind(v), "late");
  EXPECT_EQ(str(v.latest), "2026-08-15");
  EXPECT_TRUE(Mentions(v.message, "一个月"));

  CaseFacts january = ready_for(Step::oath, "2026-01-31");
  EXPECT_EQ(kind(check(january, Step::oath, "2026-02-28")), "allowed");
  EXPECT_EQ(str(check(january, Step::oath, "2026-03-01").latest), "2026-02-28");
}

// ---- Probation and conversion (21–24) -------------------------------------------------------

TEST(DevelopmentProbation, OneYearFromTheAdmissionVotePlusAnyExtension) {
  CaseFacts c = ready_for(Step::application_form, "2026-11-01");
  EXPECT_FALSE(probation_end(c));  // no vote yet
  c.admission_vote_on = D("2026-11-20");
  EXPECT_EQ(str(probation_end(c)), "2027-11-20");
  c.extension_months = 6;
  EXPECT_EQ(str(probation_end(c)), "2028-05-20");
  c.extension_months = 12;
  EXPECT_EQ(str(probation_end(c)), "2028-11-20");
  c.extension_months = 0;
  c.admission_vote_on = D("2028-02-29");
  EXPECT_EQ(str(probation_end(c)), "2029-02-28");
  // Months are counted from the vote in one go, so the 29th comes back when the month has it.
  c.extension_months = 6;
  EXPECT_EQ(str(probation_end(c)), "2029-08-29");
}

TEST(DevelopmentProbation, WithoutAMeetingDateTheRecordOfTheVoteCounts) {
  CaseFacts c = ready_for(Step::approval_talk, "2026-11-20");
  c.admission_vote_on.reset();
  EXPECT_EQ(str(probation_end(c)), "2027-11-20");

  CaseFacts ready = ready_for(Step::conversion_application, "2026-11-20");
  ready.admission_vote_on.reset();
  EXPECT_EQ(kind(check(ready, Step::conversion_application, "2027-10-19")), "refused");
  EXPECT_EQ(kind(check(ready, Step::conversion_application, "2027-10-20")), "allowed");
  EXPECT_TRUE(find_due(dues(ready, D("2027-10-21"), kWeekends), "probation_ending"));
}

TEST(DevelopmentProbation, ExtendedOnceBySixToTwelveMonths) {
  CaseFacts c = ready_for(Step::conversion_approval, "2027-03-10");
  c.conversion_outcome = "extend";
  Verdict five = check_extension(c, 5);
  EXPECT_EQ(kind(five), "refused");
  EXPECT_EQ(five.field, "extension_months");
  EXPECT_EQ(kind(check_extension(c, 6)), "allowed");
  EXPECT_EQ(kind(check_extension(c, 12)), "allowed");
  EXPECT_EQ(kind(check_extension(c, 13)), "refused");
  EXPECT_EQ(kind(check_extension(c, 0)), "refused");
  c.extension_months = 6;
  Verdict second = check_extension(c, 6);
  EXPECT_EQ(kind(second), "refused");
  EXPECT_TRUE(Mentions(second.message, "一次"));
}

TEST(DevelopmentConversion, ApplicationNotBeforeAMonthBeforeProbationEnds) {
  // Vote 2026-03-31: probation ends 2027-03-31; a month before is 2027-02-28.
  CaseFacts c = ready_for(Step::conversion_application, "2026-03-31");
  Verdict v = check(c, Step::conversion_application, "2027-02-27");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_EQ(str(v.earliest), "2027-02-28");
  EXPECT_TRUE(Mentions(v.message, "2027-03-31"));
  EXPECT_TRUE(Mentions(v.message, "2027-02-28"));
  EXPECT_EQ(kind(check(c, Step::conversion_application, "2027-02-28")), "allowed");
  EXPECT_EQ(kind(check(c, Step::conversion_application, "2027-03-01")), "allowed");
  EXPECT_EQ(kind(check(c, Step::conversion_application, "2027-06-01")), "allowed");
}

TEST(DevelopmentConversion, VoteNotBeforeProbationEndsAndLateAfterThreeMonths) {
  // Vote 2028-02-29: probation ends 2029-02-28; three months later is 2029-05-28.
  CaseFacts c = ready_for(Step::conversion_vote, "2028-02-29");
  c.done[Step::conversion_application] = D("2029-02-01");
  Verdict early = check(c, Step::conversion_vote, "2029-02-27");
  EXPECT_EQ(kind(early), "refused");
  EXPECT_EQ(str(early.earliest), "2029-02-28");
  EXPECT_TRUE(Mentions(early.message, "2029-02-28"));
  EXPECT_TRUE(Mentions(early.message, "预备期"));
  EXPECT_EQ(kind(check(c, Step::conversion_vote, "2029-02-28")), "allowed");
  EXPECT_EQ(kind(check(c, Step::conversion_vote, "2029-05-28")), "allowed");
  Verdict late = check(c, Step::conversion_vote, "2029-05-29");
  EXPECT_EQ(kind(late), "late");
  EXPECT_EQ(str(late.latest), "2029-05-28");
}

TEST(DevelopmentConversion, AfterAnExtensionTheVoteIsHeldAgainWhenTheLongerProbationEnds) {
  CaseFacts c = ready_for(Step::conversion_approval, "2026-03-10");
  c.done[Step::conversion_application] = D("2027-02-15");
  c.done[Step::conversion_vote] = D("2027-03-10");
  c.conversion_outcome = "extend";
  c.extension_months = 6;  // probation now ends 2027-09-10
  Verdict early = check(c, Step::conversion_vote, "2027-09-09");
  EXPECT_EQ(kind(early), "refused");
  EXPECT_EQ(str(early.earliest), "2027-09-10");
  EXPECT_EQ(kind(check(c, Step::conversion_vote, "2027-09-10")), "allowed");
  EXPECT_EQ(kind(check(c, Step::probation_review, "2027-06-01")), "allowed");
  // The extension outcome needs no approval of conversion yet.
  EXPECT_EQ(kind(check(c, Step::conversion_approval, "2027-03-20")), "refused");

  c.conversion_outcome = "convert";
  Verdict again = check(c, Step::conversion_vote, "2027-09-10");
  EXPECT_EQ(kind(again), "refused");
  EXPECT_TRUE(Mentions(again.message, "不能重复"));
}

TEST(DevelopmentConversion, ApprovalWithinThreeMonthsOfAConvertOrCancelDecision) {
  CaseFacts c = ready_for(Step::conversion_approval, "2027-03-31");
  EXPECT_EQ(kind(check(c, Step::conversion_approval, "2027-06-30")), "allowed");
  Verdict late = check(c, Step::conversion_approval, "2027-07-01");
  EXPECT_EQ(kind(late), "late");
  EXPECT_EQ(str(late.latest), "2027-06-30");
  EXPECT_TRUE(Mentions(late.message, "三个月"));

  c.conversion_outcome = "cancel";
  EXPECT_EQ(kind(check(c, Step::conversion_approval, "2027-04-10")), "allowed");
  for (const char* outcome : {"extend", ""}) {
    c.conversion_outcome = outcome;
    Verdict v = check(c, Step::conversion_approval, "2027-04-10");
    EXPECT_EQ(kind(v), "refused") << outcome;
    EXPECT_TRUE(Mentions(v.message, "决议")) << outcome;
  }
}

TEST(DevelopmentConversion, ArchiveNeedsTheApprovalOfConversion) {
  CaseFacts c = ready_for(Step::archive, "2027-05-01");
  EXPECT_EQ(kind(check(c, Step::archive, "2027-05-10")), "allowed");
  c.done.erase(Step::conversion_approval);
  Verdict v = check(c, Step::archive, "2027-05-10");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_TRUE(Mentions(v.message, nth(Step::conversion_approval)));
}

// ---- The order of the steps -----------------------------------------------------------------

TEST(DevelopmentOrder, EveryStepWaitsForEachEarlierNonRepeatableStep) {
  for (int s = 2; s <= kStepCount; ++s) {
    for (int p = 1; p < s; ++p) {
      if (step_info(step_number(p)).repeatable) continue;
      SCOPED_TRACE("step " + std::to_string(s) + " without step " + std::to_string(p));
      CaseFacts c = ready_for(step_number(s), "2026-06-15");
      c.done.erase(step_number(p));
      Verdict v = check(c, step_number(s), "2026-06-15");
      EXPECT_EQ(kind(v), "refused");
      EXPECT_EQ(v.field, "step");
      EXPECT_TRUE(Mentions(v.message, nth(step_number(p))));
      EXPECT_TRUE(Mentions(v.message, step_info(step_number(p)).name));
    }
  }
}

TEST(DevelopmentOrder, NoStepBeforeThePreviousOne) {
  for (int s = 2; s <= kStepCount; ++s) {
    SCOPED_TRACE("step " + std::to_string(s));
    CaseFacts c = ready_for(step_number(s), "2026-06-15");
    Verdict v = check(c, step_number(s), "2026-06-14");
    EXPECT_EQ(kind(v), "refused");
    EXPECT_EQ(v.field, "done_on");
    EXPECT_EQ(str(v.earliest), "2026-06-15");
    EXPECT_TRUE(Mentions(v.message, "不能早于上一步"));
  }
}

TEST(DevelopmentOrder, NoStepInTheFuture) {
  for (int s = 1; s <= kStepCount; ++s) {
    SCOPED_TRACE("step " + std::to_string(s));
    CaseFacts c = ready_for(step_number(s), "2026-06-01");
    Verdict v = check_step(c, step_number(s), D("2026-06-16"), D("2026-06-15"), kWeekends);
    EXPECT_EQ(kind(v), "refused");
    EXPECT_EQ(str(v.latest), "2026-06-15");
    EXPECT_TRUE(Mentions(v.message, "不能晚于今天"));
  }
}

TEST(DevelopmentOrder, NonRepeatableStepsOnlyOnce) {
  for (const auto& i : all_steps()) {
    if (i.repeatable) continue;
    SCOPED_TRACE(i.code);
    CaseFacts c = ready_for(i.step, "2026-06-15");
    c.done[i.step] = D("2026-06-15");
    if (i.step == Step::admission_vote) c.admission_vote_on = D("2026-06-15");
    if (i.step == Step::conversion_vote) c.conversion_outcome = "convert";
    Verdict v = check(c, i.step, "2026-06-20");
    EXPECT_EQ(kind(v), "refused");
    EXPECT_EQ(v.field, "step");
    EXPECT_TRUE(Mentions(v.message, "不能重复"));
  }
}

TEST(DevelopmentOrder, ActivistReviewsRepeatUntilTheTargetIsNamed) {
  CaseFacts c = ready_for(Step::target, "2025-03-10");
  reviewed(c, {"2025-09-01"});
  EXPECT_EQ(kind(check(c, Step::activist_review, "2025-09-01")), "allowed");
  EXPECT_EQ(kind(check(c, Step::activist_review, "2026-02-01")), "allowed");
  c.done[Step::target] = D("2026-03-20");
  Verdict v = check(c, Step::activist_review, "2026-04-01");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_TRUE(Mentions(v.message, "发展对象"));
}

TEST(DevelopmentOrder, ProbationReviewsRepeatUntilConversionIsApproved) {
  CaseFacts c = ready_for(Step::probation_review, "2026-06-15");
  EXPECT_EQ(kind(check(c, Step::probation_review, "2026-06-15")), "allowed");
  c = ready_for(Step::conversion_application, "2026-06-15");  // one review recorded already
  EXPECT_EQ(kind(check(c, Step::probation_review, "2026-12-15")), "allowed");
  c = ready_for(Step::conversion_approval, "2026-06-15");  // conversion voted, not approved
  EXPECT_EQ(kind(check(c, Step::probation_review, "2026-12-15")), "allowed");
  c = ready_for(Step::archive, "2026-06-15");
  Verdict v = check(c, Step::probation_review, "2026-12-15");
  EXPECT_EQ(kind(v), "refused");
  EXPECT_TRUE(Mentions(v.message, "转正已审批"));
}

TEST(DevelopmentOrder, CancelledAndCompletedCasesRefuseEverything) {
  ExtraStep x{"x12", "支部委员会审查后公示", Step::branch_review, 0};
  for (bool cancelled : {true, false}) {
    for (int s = 1; s <= kStepCount; ++s) {
      SCOPED_TRACE(std::to_string(s) + (cancelled ? " cancelled" : " completed"));
      CaseFacts c = ready_for(step_number(s), "2026-06-15");
      c.cancelled = cancelled;
      c.completed = !cancelled;
      Verdict v = check(c, step_number(s), "2026-06-20");
      EXPECT_EQ(kind(v), "refused");
      EXPECT_TRUE(Mentions(v.message, cancelled ? "终止" : "完成"));
    }
    CaseFacts c = ready_for(Step::pre_review, "2026-06-15");
    c.extra_steps = {x};
    c.cancelled = cancelled;
    c.completed = !cancelled;
    EXPECT_EQ(kind(check_extra_step(c, x, D("2026-06-20"), kToday, kWeekends)), "refused");
  }
}

// ---- Extra steps of the university ----------------------------------------------------------

TEST(DevelopmentExtraSteps, TheNextStandardStepWaitsForIt) {
  ExtraStep x{"x12", "党总支复审", Step::branch_review, 0};
  CaseFacts c = ready_for(Step::pre_review, "2026-06-15");
  c.extra_steps = {x};
  Verdict waiting = check(c, Step::pre_review, "2026-06-20");
  EXPECT_EQ(kind(waiting), "refused");
  EXPECT_EQ(waiting.field, "step");
  EXPECT_TRUE(Mentions(waiting.message, "党总支复审"));
  EXPECT_TRUE(Mentions(waiting.message, "本校规定"));
  // Later steps wait for it too; the step it follows does not.
  CaseFacts later = ready_for(Step::application_form, "2026-06-15");
  later.extra_steps = {x};
  EXPECT_EQ(kind(check(later, Step::application_form, "2026-06-20")), "refused");

  EXPECT_EQ(kind(check_extra_step(c, x, D("2026-06-18"), kToday, kWeekends)), "allowed");
  c.extra_done[x.code] = D("2026-06-18");
  EXPECT_EQ(kind(check(c, Step::pre_review, "2026-06-20")), "allowed");
  Verdict before_it = check(c, Step::pre_review, "2026-06-17");
  EXPECT_EQ(kind(before_it), "refused");
  EXPECT_EQ(str(before_it.earliest), "2026-06-18");
}

TEST(DevelopmentExtraSteps, ItFollowsItsStandardStepOnce) {
  ExtraStep x{"x12", "党总支复审", Step::branch_review, 0};
  CaseFacts c = ready_for(Step::branch_review, "2026-06-15");
  c.extra_steps = {x};
  Verdict early = check_extra_step(c, x, D("2026-06-20"), kToday, kWeekends);
  EXPECT_EQ(kind(early), "refused");
  EXPECT_TRUE(Mentions(early.message, nth(Step::branch_review)));

  c.done[Step::branch_review] = D("2026-06-15");
  Verdict before_it = check_extra_step(c, x, D("2026-06-14"), kToday, kWeekends);
  EXPECT_EQ(kind(before_it), "refused");
  EXPECT_EQ(str(before_it.earliest), "2026-06-15");
  Verdict future = check_extra_step(c, x, D("2026-06-21"), D("2026-06-20"), kWeekends);
  EXPECT_EQ(kind(future), "refused");
  EXPECT_EQ(str(future.latest), "2026-06-20");
  EXPECT_EQ(kind(check_extra_step(c, x, D("2026-06-15"), kToday, kWeekends)), "allowed");

  c.extra_done[x.code] = D("2026-06-15");
  Verdict twice = check_extra_step(c, x, D("2026-06-20"), kToday, kWeekends);
  EXPECT_EQ(kind(twice), "refused");
  EXPECT_TRUE(Mentions(twice.message, "不能重复"));
}

TEST(DevelopmentExtraSteps, TwoAfterTheSameStepInTheirOrder) {
  ExtraStep first{"x1", "党总支复审", Step::branch_review, 0};
  ExtraStep second{"x2", "征求群众意见", Step::branch_review, 0};
  CaseFacts c = ready_for(Step::pre_review, "2026-06-15");
  c.extra_steps = {first, second};
  Verdict waiting = check_extra_step(c, second, D("2026-06-20"), kToday, kWeekends);
  EXPECT_EQ(kind(waiting), "refused");
  EXPECT_TRUE(Mentions(waiting.message, "党总支复审"));
  c.extra_done[first.code] = D("2026-06-20");
  Verdict earlier = check_extra_step(c, second, D("2026-06-19"), kToday, kWeekends);
  EXPECT_EQ(kind(earlier), "refused");
  EXPECT_EQ(str(earlier.earliest), "2026-06-20");
  EXPECT_EQ(kind(check_extra_step(c, second, D("2026-06-20"), kToday, kWeekends)), "allowed");
  EXPECT_EQ(kind(check(c, Step::pre_review, "2026-06-22")), "refused");
  c.extra_done[second.code] = D("2026-06-22");
  EXPECT_EQ(kind(check(c, Step::pre_review, "2026-06-22")), "allowed");
}

TEST(DevelopmentExtraSteps, ItsOwnPublicityMustHaveEnded) {
  Calendar cal = national_day_2026();
  ExtraStep x{"x22", "转正前公示", Step::conversion_application, 5};
  CaseFacts c = ready_for(Step::conversion_vote, "2026-09-25");
  c.extra_steps = {x};
  Verdict none = check_extra_step(c, x, D("2026-10-12"), kToday, cal);
  EXPECT_EQ(kind(none), "refused");
  EXPECT_EQ(none.field, "publicity");
  EXPECT_TRUE(Mentions(none.message, "转正前公示"));
  EXPECT_TRUE(Mentions(none.message, "5个工作日"));

  c.extra_publicities[x.code] = Publicity{D("2026-09-28"), 5};  // ends 2026-10-09
  Verdict last_day = check_extra_step(c, x, D("2026-10-09"), kToday, cal);
  EXPECT_EQ(kind(last_day), "refused");
  EXPECT_EQ(str(last_day.earliest), "2026-10-10");
  EXPECT_EQ(kind(check_extra_step(c, x, D("2026-10-10"), kToday, cal)), "allowed");
}

// ---- Archive checklist ----------------------------------------------------------------------

TEST(DevelopmentArchive, EveryItemTickedAndNothingUnknown) {
  const auto& items = archive_items();
  ASSERT_GE(items.size(), 10u);
  std::set<std::string> all;
  for (const auto& i : items) all.insert(i.code);
  EXPECT_EQ(all.size(), items.size());  // codes are distinct
  EXPECT_TRUE(all.contains("application"));
  EXPECT_TRUE(all.contains("application_form"));
  EXPECT_TRUE(all.contains("conversion_approval"));
  EXPECT_EQ(kind(check_archive(all)), "allowed");

  for (const auto& i : items) {
    std::set<std::string> missing = all;
    missing.erase(i.code);
    Verdict v = check_archive(missing);
    EXPECT_EQ(kind(v), "refused") << i.code;
    EXPECT_EQ(v.field, "checklist");
    EXPECT_TRUE(Mentions(v.message, i.name));
  }

  std::set<std::string> unknown = all;
  unknown.insert("photo");
  Verdict v = check_archive(unknown);
  EXPECT_EQ(kind(v), "refused");
  EXPECT_TRUE(Mentions(v.message, "photo"));
  EXPECT_EQ(kind(check_archive({})), "refused");
}

// ---- What falls due -------------------------------------------------------------------------

TEST(DevelopmentDues, TheTalkIsDueAMonthAfterTheApplication) {
  CaseFacts c = ready_for(Step::application_talk, "2026-01-31");
  auto on_time = dues(c, D("2026-02-28"), kWeekends);
  ASSERT_EQ(kinds(on_time), std::vector<std::string>{"talk"});
  EXPECT_EQ(on_time[0].step, Step::application_talk);
  EXPECT_EQ(str(on_time[0].from), "2026-01-31");
  EXPECT_EQ(str(on_time[0].due_on), "2026-02-28");
  EXPECT_FALSE(on_time[0].overdue);
  EXPECT_FALSE(on_time[0].hard);
  auto overdue = dues(c, D("2026-03-01"), kWeekends);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_TRUE(overdue[0].overdue);
  c.done[Step::application_talk] = D("2026-02-10");
  EXPECT_TRUE(dues(c, D("2026-03-01"), kWeekends).empty());
}

TEST(DevelopmentDues, TheNextHalfYearWithoutAReview) {
  CaseFacts c = ready_for(Step::activist_review, "2026-03-10");  // no review yet
  auto first = dues(c, D("2026-04-01"), kWeekends);
  std::optional<Due> r = find_due(first, "activist_review");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->step, Step::activist_review);
  EXPECT_EQ(str(r->from), "2026-03-11");
  EXPECT_EQ(str(r->due_on), "2026-09-10");
  EXPECT_FALSE(r->overdue);
  EXPECT_TRUE(find_due(dues(c, D("2026-09-11"), kWeekends), "activist_review")->overdue);

  reviewed(c, {"2026-09-10"});
  r = find_due(dues(c, D("2026-09-11"), kWeekends), "activist_review");
  ASSERT_TRUE(r);
  EXPECT_EQ(str(r->from), "2026-09-11");
  EXPECT_EQ(str(r->due_on), "2027-03-10");

  c.done[Step::target] = D("2027-03-20");
  EXPECT_FALSE(find_due(dues(c, D("2027-03-21"), kWeekends), "activist_review"));
}

TEST(DevelopmentDues, TheTargetBecomesEligibleWithinThirtyDays) {
  CaseFacts c = ready_for(Step::target, "2025-03-10");  // eligible 2026-03-10
  reviewed(c, {"2025-09-01"});
  EXPECT_FALSE(find_due(dues(c, D("2026-02-07"), kWeekends), "target_eligible"));
  std::optional<Due> e = find_due(dues(c, D("2026-02-08"), kWeekends), "target_eligible");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->step, Step::target);
  EXPECT_EQ(str(e->from), "2026-03-10");
  EXPECT_FALSE(e->due_on);
  EXPECT_TRUE(find_due(dues(c, D("2026-05-01"), kWeekends), "target_eligible"));
}

TEST(DevelopmentDues, TheVoteWindowAfterThePreReviewIsHard) {
  CaseFacts c = ready_for(Step::application_form, "2026-01-31");
  auto items = dues(c, D("2026-02-10"), kWeekends);
  ASSERT_EQ(kinds(items), std::vector<std::string>{"pre_review_vote"});
  EXPECT_EQ(items[0].step, Step::admission_vote);
  EXPECT_EQ(str(items[0].due_on), "2026-02-28");
  EXPECT_TRUE(items[0].hard);
  EXPECT_FALSE(items[0].overdue);
  EXPECT_TRUE(dues(c, D("2026-03-01"), kWeekends)[0].overdue);
}

TEST(DevelopmentDues, TheApprovalIsDueAtThreeMonthsThenHardAtSix) {
  CaseFacts c = ready_for(Step::admission_approval, "2026-03-31");
  auto soft = dues(c, D("2026-06-30"), kWeekends);
  ASSERT_EQ(kinds(soft), std::vector<std::string>{"approval"});
  EXPECT_EQ(soft[0].step, Step::admission_approval);
  EXPECT_EQ(str(soft[0].from), "2026-03-31");
  EXPECT_EQ(str(soft[0].due_on), "2026-06-30");
  EXPECT_FALSE(soft[0].hard);
  auto hard = dues(c, D("2026-07-01"), kWeekends);
  ASSERT_EQ(hard.size(), 1u);
  EXPECT_EQ(str(hard[0].due_on), "2026-09-30");
  EXPECT_TRUE(hard[0].hard);
  EXPECT_TRUE(hard[0].overdue);  // already late: only with an explanation from here on
  EXPECT_TRUE(dues(c, D("2026-10-01"), kWeekends)[0].overdue);
}

TEST(DevelopmentDues, TheOathIsDueAMonthAfterTheApproval) {
  CaseFacts c = ready_for(Step::oath, "2026-01-31");
  auto items = dues(c, D("2026-02-01"), kWeekends);
  ASSERT_EQ(kinds(items), std::vector<std::string>{"oath"});
  EXPECT_EQ(items[0].step, Step::oath);
  EXPECT_EQ(str(items[0].due_on), "2026-02-28");
  EXPECT_TRUE(dues(c, D("2026-03-01"), kWeekends)[0].overdue);
}

TEST(DevelopmentDues, ProbationEndingWithinThirtyDays) {
  CaseFacts c = ready_for(Step::probation_review, "2026-03-10");  // ends 2027-03-10
  EXPECT_TRUE(dues(c, D("2027-02-07"), kWeekends).empty());
  auto items = dues(c, D("2027-02-08"), kWeekends);
  ASSERT_EQ(kinds(items), std::vector<std::string>{"probation_ending"});
  EXPECT_EQ(items[0].step, Step::conversion_vote);
  EXPECT_EQ(str(items[0].from), "2027-03-10");
  EXPECT_EQ(str(items[0].due_on), "2027-06-10");

  // Voted to convert: nothing more about the probation; extended by 6 months: again at its end.
  c = ready_for(Step::conversion_approval, "2026-03-10");
  c.done[Step::conversion_vote] = D("2027-03-10");
  c.conversion_outcome = "extend";
  c.extension_months = 6;
  EXPECT_FALSE(find_due(dues(c, D("2027-08-10"), kWeekends), "probation_ending"));
  std::optional<Due> again = find_due(dues(c, D("2027-08-11"), kWeekends), "probation_ending");
  ASSERT_TRUE(again);
  EXPECT_EQ(str(again->from), "2027-09-10");
  EXPECT_EQ(str(again->due_on), "2027-12-10");
  EXPECT_FALSE(find_due(dues(c, D("2027-08-11"), kWeekends), "conversion_approval"));
}

TEST(DevelopmentDues, ConversionApprovalThenArchive) {
  CaseFacts c = ready_for(Step::conversion_approval, "2027-03-31");
  auto items = dues(c, D("2027-04-01"), kWeekends);
  ASSERT_EQ(kinds(items), std::vector<std::string>{"conversion_approval"});
  EXPECT_EQ(items[0].step, Step::conversion_approval);
  EXPECT_EQ(str(items[0].due_on), "2027-06-30");
  c.conversion_outcome = "cancel";
  EXPECT_EQ(kinds(dues(c, D("2027-04-01"), kWeekends)),
            std::vector<std::string>{"conversion_approval"});

  c = ready_for(Step::archive, "2027-05-01");
  items = dues(c, D("2027-05-02"), kWeekends);
  ASSERT_EQ(kinds(items), std::vector<std::string>{"archive"});
  EXPECT_EQ(items[0].step, Step::archive);
  EXPECT_EQ(str(items[0].from), "2027-05-01");
  EXPECT_FALSE(items[0].due_on);
  c.done[Step::archive] = D("2027-05-10");
  EXPECT_TRUE(dues(c, D("2027-05-11"), kWeekends).empty());
}

TEST(DevelopmentDues, AnExtraStepIsDueFromTheEndOfItsPublicity) {
  Calendar cal = national_day_2026();
  ExtraStep x{"x22", "转正前公示", Step::conversion_application, 5};
  CaseFacts c = ready_for(Step::conversion_vote, "2026-09-25");
  c.extra_steps = {x};
  std::optional<Due> e = find_due(dues(c, D("2026-09-26"), cal), "extra");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->title, "转正前公示");
  EXPECT_EQ(str(e->from), "2026-09-25");
  EXPECT_FALSE(e->due_on);

  // Its first day is the day check_extra_step first allows, even for a publicity recorded
  // shorter than the rule.
  for (int recorded : {5, 3, 0}) {
    c.extra_publicities[x.code] = Publicity{D("2026-09-28"), recorded};
    e = find_due(dues(c, D("2026-09-28"), cal), "extra");
    ASSERT_TRUE(e);
    EXPECT_EQ(str(e->from), "2026-10-10") << recorded;
    EXPECT_EQ(str(check_extra_step(c, x, D("2026-10-09"), kToday, cal).earliest), "2026-10-10");
  }
  c.extra_done[x.code] = D("2026-10-10");
  EXPECT_FALSE(find_due(dues(c, D("2026-10-11"), cal), "extra"));
}

TEST(DevelopmentDues, SoonestDeadlineFirstAndOpenEndedLast) {
  // Voted 2026-01-10, approved late on 2026-12-20, placed, no oath yet; a university step after
  // the placement is open.
  CaseFacts c = ready_for(Step::oath, "2026-12-20");
  c.admission_vote_on = D("2026-01-10");
  c.done[Step::admission_vote] = D("2026-01-10");
  c.extra_steps = {ExtraStep{"x19", "党小组见面会", Step::placement, 0}};
  auto items = dues(c, D("2026-12-25"), kWeekends);
  ASSERT_EQ(kinds(items), (std::vector<std::string>{"oath", "probation_ending", "extra"}));
  EXPECT_EQ(str(items[0].due_on), "2027-01-20");
  EXPECT_EQ(str(items[1].due_on), "2027-04-10");
  EXPECT_FALSE(items[2].due_on);
}

TEST(DevelopmentDues, NothingForCancelledOrCompletedCases) {
  CaseFacts c = ready_for(Step::application_talk, "2026-01-31");
  ASSERT_FALSE(dues(c, D("2026-02-10"), kWeekends).empty());
  c.cancelled = true;
  EXPECT_TRUE(dues(c, D("2026-02-10"), kWeekends).empty());
  c.cancelled = false;
  c.completed = true;
  EXPECT_TRUE(dues(c, D("2026-02-10"), kWeekends).empty());
}
