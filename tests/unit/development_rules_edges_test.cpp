// Pure rules of member development (发展党员, DOMAIN.md §3) at their edges: the age on the
// application date (29 February birthdays), deadlines in calendar months (from the 31st), the
// year as an activist with a review every half year, the publicity in working days with holidays
// and make-up days, the pre-review and the vote window, approval at 3 and 6 months, probation
// from the vote with one extension, introducers, training, the archive checklist, extra steps
// and the to-do list. Every date is chosen here; nothing reads the clock.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/time.hpp"
#include "development/rules.hpp"

using namespace zhdj;
using namespace zhdj::development;

namespace {

Date d(const char* s) {
  return *parse_date(s);
}

// A case with every standard step up to `last` recorded on `on` (one activist review then).
CaseFacts through(int last, Date on, const char* version = "2026") {
  CaseFacts f;
  f.rules = find_rule_set(version);
  f.birth_date = d("2000-01-01");
  for (int n = 1; n <= last; ++n) f.done[static_cast<Step>(n)] = on;
  if (last >= 6) f.activist_reviews.push_back(on);
  if (last >= 15) f.admission_vote_on = on;
  if (last >= 21) f.probation_reviews.push_back(on);
  return f;
}

const Date kToday = d("2030-01-01");  // far enough that no date below is in the future
const Calendar kPlain;

Verdict check(const CaseFacts& f, Step s, const char* on, const Calendar& cal = kPlain) {
  return check_step(f, s, d(on), kToday, cal);
}

bool allowed(const Verdict& v) {
  return v.kind == Verdict::Kind::allowed;
}
bool late(const Verdict& v) {
  return v.kind == Verdict::Kind::late;
}
bool refused(const Verdict& v) {
  return v.kind == Verdict::Kind::refused;
}

}  // namespace

TEST(DevelopmentRules, ApplicantIsEighteenOnTheBirthdayAndLeapDayBirthdaysOnFirstOfMarch) {
  CaseFacts f = through(0, d("2000-01-01"));
  f.birth_date = d("2008-05-10");
  auto v = check(f, Step::application, "2026-05-09");
  ASSERT_TRUE(refused(v));
  EXPECT_EQ(v.earliest, d("2026-05-10"));
  EXPECT_NE(v.message.find("最早可于 2026-05-10"), std::string::npos) << v.message;
  EXPECT_TRUE(allowed(check(f, Step::application, "2026-05-10")));
  f.birth_date = d("2008-02-29");
  EXPECT_EQ(check(f, Step::application, "2026-02-28").earliest, d("2026-03-01"));
  EXPECT_TRUE(allowed(check(f, Step::application, "2026-03-01")));
  f.birth_date.reset();
  EXPECT_EQ(check(f, Step::application, "2026-03-01").field, "birth_date");
  // Not in the future.
  f.birth_date = d("2000-01-01");
  EXPECT_TRUE(refused(check_step(f, Step::application, d("2026-03-02"), d("2026-03-01"), kPlain)));
}

TEST(DevelopmentRules, TalkIsDueOneCalendarMonthAfterTheApplication) {
  auto f = through(1, d("2026-01-31"));
  EXPECT_TRUE(allowed(check(f, Step::application_talk, "2026-02-28")));  // the last of February
  auto v = check(f, Step::application_talk, "2026-03-01");
  ASSERT_TRUE(late(v));
  EXPECT_EQ(v.latest, d("2026-02-28"));
  EXPECT_TRUE(refused(check(f, Step::application_talk, "2026-01-30")));  // before the application
}

TEST(DevelopmentRules, StepsFollowTheirOrder) {
  auto f = through(1, d("2026-01-05"));
  auto v = check(f, Step::activist, "2026-02-01");
  ASSERT_TRUE(refused(v));
  EXPECT_EQ(v.field, "step");
  EXPECT_NE(v.message.find("第2步"), std::string::npos) << v.message;
  EXPECT_TRUE(refused(check(f, Step::application, "2026-02-01")));  // once only
  f.cancelled = true;
  EXPECT_TRUE(refused(check(f, Step::application_talk, "2026-01-06")));
}

TEST(DevelopmentRules, TargetAfterAYearWithAReviewEveryHalfYearAndThePublicity) {
  auto f = through(5, d("2025-03-10"));
  f.activist_reviews = {d("2025-09-10")};
  f.done[Step::activist_review] = d("2025-09-10");
  // A year in calendar months.
  auto early = check(f, Step::target, "2026-03-09");
  ASSERT_TRUE(refused(early));
  EXPECT_EQ(early.earliest, d("2026-03-10"));
  // The second half year (2025-09-10, 2026-03-10] has no review.
  auto gap = check(f, Step::target, "2026-03-10");
  ASSERT_TRUE(refused(gap));
  EXPECT_EQ(gap.field, "step");
  EXPECT_NE(gap.message.find("2025-09-11 至 2026-03-10"), std::string::npos) << gap.message;
  f.activist_reviews.push_back(d("2026-03-10"));
  f.done[Step::activist_review] = d("2026-03-10");
  // 2026 rules: the publicity first.
  EXPECT_EQ(check(f, Step::target, "2026-03-10").field, "publicity");
  f.target_publicity = Publicity{d("2026-03-09"), 5};  // a Monday
  // Mon 9, Tue 10, Wed 11 (holiday), Thu 12, Fri 13, Mon 16: the fifth working day is the 16th.
  Calendar holiday({d("2026-03-11")}, {});
  EXPECT_EQ(publicity_end(*f.target_publicity, holiday), d("2026-03-16"));
  auto v = check(f, Step::target, "2026-03-16", holiday);
  ASSERT_TRUE(refused(v));
  EXPECT_EQ(v.earliest, d("2026-03-17"));
  EXPECT_TRUE(allowed(check(f, Step::target, "2026-03-17", holiday)));
  // A make-up working day on Saturday the 14th ends it that day.
  Calendar makeup({d("2026-03-11")}, {d("2026-03-14")});
  EXPECT_EQ(publicity_end(*f.target_publicity, makeup), d("2026-03-14"));
  EXPECT_TRUE(allowed(check(f, Step::target, "2026-03-15", makeup)));
  // Without a calendar: Friday the 13th.
  EXPECT_EQ(publicity_end(*f.target_publicity, kPlain), d("2026-03-13"));
  // 2014 rules ask for no publicity.
  f.rules = find_rule_set("2014");
  f.target_publicity.reset();
  EXPECT_TRUE(allowed(check(f, Step::target, "2026-03-10")));
}

TEST(DevelopmentRules, PreReviewRefusedWhenLeavingWithinThreeMonths) {
  auto f = through(12, d("2026-03-01"));
  f.leaves_on = d("2026-06-30");
  auto v = check(f, Step::pre_review, "2026-03-31");  // leaves exactly 3 months later
  ASSERT_TRUE(refused(v));
  EXPECT_NE(v.message.find("2026-06-30"), std::string::npos) << v.message;
  EXPECT_TRUE(allowed(check(f, Step::pre_review, "2026-03-29")));
}

TEST(DevelopmentRules, AssemblyWithinAMonthOfThePreReviewWhichMayThenBeRedone) {
  auto f = through(14, d("2026-01-31"));
  EXPECT_TRUE(allowed(check(f, Step::admission_vote, "2026-02-28")));
  auto v = check(f, Step::admission_vote, "2026-03-01");
  ASSERT_TRUE(refused(v));
  EXPECT_EQ(v.latest, d("2026-02-28"));
  // The pre-review again, only once its month passed without a vote.
  EXPECT_TRUE(refused(check(f, Step::pre_review, "2026-02-28")));
  EXPECT_TRUE(allowed(check(f, Step::pre_review, "2026-03-01")));
}

TEST(DevelopmentRules, ApprovalLateAfterThreeMonthsRefusedAfterSix) {
  auto f = through(16, d("2026-01-15"));
  EXPECT_TRUE(allowed(check(f, Step::admission_approval, "2026-04-15")));
  auto v = check(f, Step::admission_approval, "2026-04-16");
  ASSERT_TRUE(late(v));
  EXPECT_EQ(v.latest, d("2026-04-15"));
  EXPECT_TRUE(late(check(f, Step::admission_approval, "2026-07-15")));
  auto hard = check(f, Step::admission_approval, "2026-07-16");
  ASSERT_TRUE(refused(hard));
  EXPECT_EQ(hard.latest, d("2026-07-15"));
  // The oath within a month of the approval.
  auto g = through(19, d("2026-01-31"));
  EXPECT_TRUE(allowed(check(g, Step::oath, "2026-02-28")));
  EXPECT_TRUE(late(check(g, Step::oath, "2026-03-01")));
}

TEST(DevelopmentRules, ProbationCountsFromTheVoteAndMayBeExtendedOnce) {
  auto f = through(21, d("2026-01-15"));
  EXPECT_EQ(probation_end(f), d("2027-01-15"));
  auto app = check(f, Step::conversion_application, "2026-12-14");
  ASSERT_TRUE(refused(app));
  EXPECT_EQ(app.earliest, d("2026-12-15"));
  f.done[Step::conversion_application] = d("2026-12-15");
  auto vote = check(f, Step::conversion_vote, "2027-01-14");
  ASSERT_TRUE(refused(vote));
  EXPECT_EQ(vote.earliest, d("2027-01-15"));
  EXPECT_TRUE(allowed(check(f, Step::conversion_vote, "2027-01-15")));
  EXPECT_TRUE(late(check(f, Step::conversion_vote, "2027-04-16")));
  // Extension: 6 to 12 months, once.
  EXPECT_TRUE(refused(check_extension(f, 5)));
  EXPECT_TRUE(allowed(check_extension(f, 6)));
  EXPECT_TRUE(allowed(check_extension(f, 12)));
  EXPECT_TRUE(refused(check_extension(f, 13)));
  f.done[Step::conversion_vote] = d("2027-01-15");
  f.conversion_outcome = "extend";
  f.extension_months = 6;
  EXPECT_EQ(probation_end(f), d("2027-07-15"));
  EXPECT_TRUE(refused(check_extension(f, 6)));
  EXPECT_EQ(check(f, Step::conversion_vote, "2027-07-14").earliest, d("2027-07-15"));
  EXPECT_TRUE(allowed(check(f, Step::conversion_vote, "2027-07-15")));
  // The approval needs the decision to convert or cancel.
  EXPECT_TRUE(refused(check(f, Step::conversion_approval, "2027-07-15")));
  f.conversion_outcome = "convert";
  EXPECT_TRUE(allowed(check(f, Step::conversion_approval, "2027-04-15")));
  EXPECT_TRUE(late(check(f, Step::conversion_approval, "2027-04-16")));
  // Admitted on 29 February: probation ends on the 28th a year later.
  EXPECT_EQ(probation_end(through(15, d("2028-02-29"))), d("2029-02-28"));
}

TEST(DevelopmentRules, IntroducersAreTwoFullMembersNotUnderWatch) {
  PersonFacts a{1, "甲", "full", "active", std::nullopt};
  PersonFacts b{2, "乙", "full", "active", std::nullopt};
  const Date on = d("2026-05-10");
  EXPECT_TRUE(allowed(check_introducers({a, b}, 9, on)));
  EXPECT_TRUE(refused(check_introducers({a}, 9, on)));
  EXPECT_TRUE(refused(check_introducers({a, a}, 9, on)));
  EXPECT_TRUE(refused(check_introducers({a, b}, 2, on)));  // the person themself
  PersonFacts w = b;
  w.watch_until = on;  // the last day of 留党察看
  auto v = check_introducers({a, w}, 9, on);
  ASSERT_TRUE(refused(v));
  EXPECT_NE(v.message.find("留党察看"), std::string::npos) << v.message;
  w.watch_until = d("2026-05-09");
  EXPECT_TRUE(allowed(check_introducers({a, w}, 9, on)));
  PersonFacts p{3, "丙", "probationary", "active", std::nullopt};
  EXPECT_TRUE(refused(check_introducers({a, p}, 9, on)));
  // Contact persons: one or two full members.
  EXPECT_TRUE(allowed(check_contacts({a}, 9, on)));
  EXPECT_TRUE(refused(check_contacts({}, 9, on)));
  EXPECT_TRUE(refused(check_contacts({a, b, w}, 9, on)));
  EXPECT_TRUE(refused(check_contacts({p}, 9, on)));
}

TEST(DevelopmentRules, TrainingThreeDaysOrTwentyFourHoursAndTheWholeChecklist) {
  EXPECT_TRUE(allowed(check_training(3, 0)));
  EXPECT_TRUE(allowed(check_training(0, 24)));
  EXPECT_TRUE(refused(check_training(2, 23)));
  EXPECT_EQ(check_training(-1, 30).field, "training_days");
  EXPECT_EQ(check_training(0, 2001).field, "class_hours");
  std::set<std::string> all;
  for (const auto& i : archive_items()) all.insert(i.code);
  EXPECT_TRUE(allowed(check_archive(all)));
  auto partial = all;
  partial.erase("political_review");
  EXPECT_NE(check_archive(partial).message.find("政治审查材料"), std::string::npos);
  all.insert("photos");
  EXPECT_TRUE(refused(check_archive(all)));
}

TEST(DevelopmentRules, ExtraStepWaitsForItsPublicityAndHoldsTheNextStandardStep) {
  auto f = through(22, d("2026-01-15"));
  f.done[Step::conversion_application] = d("2027-01-05");
  ExtraStep x{"x7", "转正公示", Step::conversion_application, 5, 7};
  f.extra_steps = {x};
  auto blocked = check(f, Step::conversion_vote, "2027-01-15");
  ASSERT_TRUE(refused(blocked));
  EXPECT_NE(blocked.message.find("转正公示"), std::string::npos) << blocked.message;
  EXPECT_EQ(check_extra_step(f, x, d("2027-01-06"), kToday, kPlain).field, "publicity");
  f.extra_publicities["x7"] = Publicity{d("2027-01-04"), 5};  // Monday → Friday the 8th
  EXPECT_EQ(check_extra_step(f, x, d("2027-01-08"), kToday, kPlain).earliest, d("2027-01-09"));
  EXPECT_TRUE(allowed(check_extra_step(f, x, d("2027-01-11"), kToday, kPlain)));
  // On the to-do list under its own code until recorded.
  bool listed = false;
  for (const auto& due : dues(f, d("2027-01-11"), kPlain))
    if (due.kind == "extra") {
      listed = true;
      EXPECT_EQ(due.code, "x7");
      EXPECT_EQ(due.from, d("2027-01-09"));
    }
  EXPECT_TRUE(listed);
  f.extra_done["x7"] = d("2027-01-11");
  EXPECT_TRUE(allowed(check(f, Step::conversion_vote, "2027-01-15")));
}

TEST(DevelopmentRules, DuesComeSoonestFirstAndTurnOverdueAfterTheirDay) {
  auto f = through(1, d("2026-01-31"));
  auto items = dues(f, d("2026-02-28"), kPlain);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].kind, "talk");
  EXPECT_EQ(items[0].code, "application_talk");
  EXPECT_EQ(items[0].due_on, d("2026-02-28"));
  EXPECT_FALSE(items[0].overdue);
  EXPECT_TRUE(dues(f, d("2026-03-01"), kPlain)[0].overdue);
  // The vote after a pre-review: hard, past its month nothing can be recorded.
  auto g = through(14, d("2026-01-31"));
  auto vote = dues(g, d("2026-02-01"), kPlain);
  ASSERT_FALSE(vote.empty());
  EXPECT_EQ(vote[0].kind, "pre_review_vote");
  EXPECT_TRUE(vote[0].hard);
  // Nothing for a finished case.
  f.completed = true;
  EXPECT_TRUE(dues(f, d("2026-03-01"), kPlain).empty());
}
