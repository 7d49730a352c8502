// Pure rules of organizational life (组织生活): the branch assembly vote rule (DOMAIN.md §3),
// voting rights, compliance periods, check-in tokens and window, online presence, when a meeting
// counts as held, the democratic-appraisal cap, the code tables and compliance evaluation
// (DOMAIN.md §4). Every date and instant is chosen here; nothing reads the real clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/time.hpp"
#include "meetings/rules.hpp"

using namespace zhdj;
using namespace zhdj::meetings;

namespace {

Date d(const char* s) {
  return *parse_date(s);
}
Instant at(const char* s) {
  return *parse_instant(s);
}
constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;

Period month(int y, int m) {
  return Period{PeriodKind::month, y, m};
}
Period quarter(int y, int q) {
  return Period{PeriodKind::quarter, y, q};
}
Period year(int y) {
  return Period{PeriodKind::year, y, 0};
}

std::vector<std::string> keys(const std::vector<Period>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.key());
  return out;
}

AssemblyVoteResult vote(int eligible, int present, int yes, int no = 0, int abstain = 0,
                        int written_yes = 0, int written_no = 0, int written_abstain = 0) {
  AssemblyVoteInput in;
  in.eligible = eligible;
  in.present = present;
  in.yes = yes;
  in.no = no;
  in.abstain = abstain;
  in.written_yes = written_yes;
  in.written_no = written_no;
  in.written_abstain = written_abstain;
  return decide_assembly_vote(in);
}

}  // namespace

// ---- The branch assembly vote rule (DOMAIN.md §3) ---------------------------------------

TEST(AssemblyVote, SixteenEligibleNeedNinePresentAndNineYes) {
  auto r = vote(16, 9, 9);
  EXPECT_EQ(r.quorum_needed, 9);
  EXPECT_EQ(r.pass_needed, 9);
  EXPECT_TRUE(r.quorum_met);
  EXPECT_TRUE(r.passed);

  auto eight_present = vote(16, 8, 8);
  EXPECT_FALSE(eight_present.quorum_met);
  EXPECT_FALSE(eight_present.passed);

  auto eight_yes = vote(16, 9, 8, 1);
  EXPECT_TRUE(eight_yes.quorum_met);
  EXPECT_FALSE(eight_yes.passed);
}

TEST(AssemblyVote, FifteenEligibleNeedEightPresentAndEightYes) {
  auto r = vote(15, 8, 8);
  EXPECT_EQ(r.quorum_needed, 8);
  EXPECT_EQ(r.pass_needed, 8);
  EXPECT_TRUE(r.quorum_met);
  EXPECT_TRUE(r.passed);

  EXPECT_FALSE(vote(15, 7, 7).quorum_met);
  EXPECT_FALSE(vote(15, 8, 7, 1).passed);
}

TEST(AssemblyVote, FourEligibleNeedThreePresentAndThreeYes) {
  auto r = vote(4, 3, 3);
  EXPECT_EQ(r.quorum_needed, 3);
  EXPECT_EQ(r.pass_needed, 3);
  EXPECT_TRUE(r.passed);

  EXPECT_FALSE(vote(4, 2, 2).quorum_met);  // exactly half present is no quorum
  EXPECT_FALSE(vote(4, 2, 2).passed);
  EXPECT_FALSE(vote(4, 4, 2, 2).passed);  // exactly half yes fails
}

TEST(AssemblyVote, ExactlyHalfYesIsATieAndFails) {
  for (int n = 2; n <= 20; n += 2) {
    auto tie = vote(n, n, n / 2, n / 2);
    EXPECT_TRUE(tie.quorum_met) << "N=" << n;
    EXPECT_FALSE(tie.passed) << "N=" << n;
    EXPECT_TRUE(vote(n, n, n / 2 + 1, n / 2 - 1).passed) << "N=" << n;
  }
}

TEST(AssemblyVote, PassCountsAgainstThoseWhoShouldAttendNotThosePresent) {
  // 8 of 10 present ballots are yes, but 8 is not more than half of the 16 who should attend.
  auto r = vote(16, 10, 8, 2);
  EXPECT_TRUE(r.quorum_met);
  EXPECT_EQ(r.yes, 8);
  EXPECT_FALSE(r.passed);
}

TEST(AssemblyVote, WrittenOpinionsCountInTheTallyButNotTowardTheQuorum) {
  // 5 of 10 present, all yes, plus one written yes: 6 yes, but only 5 present.
  auto no_quorum = vote(10, 5, 5, 0, 0, 1);
  EXPECT_EQ(no_quorum.quorum_needed, 6);
  EXPECT_EQ(no_quorum.present, 5);
  EXPECT_EQ(no_quorum.yes, 6);
  EXPECT_EQ(no_quorum.written, 1);
  EXPECT_FALSE(no_quorum.quorum_met);
  EXPECT_FALSE(no_quorum.passed);

  // 6 of 10 present, 4 yes; 2 absent members wrote yes: 6 yes, passed.
  auto passed = vote(10, 6, 4, 2, 0, 2);
  EXPECT_TRUE(passed.quorum_met);
  EXPECT_EQ(passed.yes, 6);
  EXPECT_EQ(passed.no, 2);
  EXPECT_EQ(passed.written, 2);
  EXPECT_TRUE(passed.passed);

  // Written opinions against count against: without them 6 present yes of 10 passes; the
  // written no does not take yes away but is tallied.
  auto against = vote(10, 6, 5, 1, 0, 0, 3, 1);
  EXPECT_EQ(against.yes, 5);
  EXPECT_EQ(against.no, 4);
  EXPECT_EQ(against.abstain, 1);
  EXPECT_EQ(against.written, 4);
  EXPECT_FALSE(against.passed);
}

TEST(AssemblyVote, CountsWhoDidNotVote) {
  // 12 eligible, 9 present of whom 7 cast a ballot; 1 of the 3 absent wrote an opinion.
  auto r = vote(12, 9, 5, 1, 1, 0, 1);
  EXPECT_EQ(r.eligible, 12);
  EXPECT_EQ(r.present, 9);
  EXPECT_EQ(r.yes, 5);
  EXPECT_EQ(r.no, 2);
  EXPECT_EQ(r.abstain, 1);
  EXPECT_EQ(r.written, 1);
  EXPECT_EQ(r.not_voted, 12 - 7 - 1);
}

TEST(AssemblyVote, ResultCitesTheRuleVersion) {
  EXPECT_EQ(vote(16, 9, 9).rule_version, kVoteRuleVersion);
  EXPECT_EQ(vote(3, 0, 0).rule_version, std::string("2026"));
}

TEST(AssemblyVote, NobodyEligibleNeverPasses) {
  auto r = vote(0, 0, 0);
  EXPECT_EQ(r.quorum_needed, 1);
  EXPECT_EQ(r.pass_needed, 1);
  EXPECT_FALSE(r.quorum_met);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.not_voted, 0);
}

// Every possible count for N = 0..12: the rule is floor(N/2) + 1 for both thresholds, quorum
// counts only those present, pass counts ballots and written opinions against N.
TEST(AssemblyVote, ExhaustiveForSmallBranches) {
  for (int n = 0; n <= 12; ++n) {
    for (int p = 0; p <= n; ++p) {
      for (int y = 0; y <= p; ++y) {
        for (int no = 0; y + no <= p; ++no) {
          for (int ab = 0; y + no + ab <= p; ++ab) {
            const int absent = n - p;
            for (int wy = 0; wy <= absent; ++wy) {
              for (int wn = 0; wy + wn <= absent; ++wn) {
                for (int wa = 0; wy + wn + wa <= absent; ++wa) {
                  AssemblyVoteResult r = vote(n, p, y, no, ab, wy, wn, wa);
                  const bool quorum = p * 2 > n;
                  const bool pass = quorum && (y + wy) * 2 > n;
                  const int not_voted = n - (y + no + ab) - (wy + wn + wa);
                  const bool ok = r.eligible == n && r.present == p &&
                                  r.quorum_needed == n / 2 + 1 && r.pass_needed == n / 2 + 1 &&
                                  r.yes == y + wy && r.no == no + wn && r.abstain == ab + wa &&
                                  r.written == wy + wn + wa && r.not_voted == not_voted &&
                                  r.quorum_met == quorum && r.passed == pass &&
                                  r.rule_version == kVoteRuleVersion;
                  if (!ok) {
                    ADD_FAILURE() << "N=" << n << " present=" << p << " ballots " << y << "/" << no
                                  << "/" << ab << " written " << wy << "/" << wn << "/" << wa
                                  << " → quorum_needed=" << r.quorum_needed
                                  << " pass_needed=" << r.pass_needed << " yes=" << r.yes
                                  << " no=" << r.no << " abstain=" << r.abstain
                                  << " written=" << r.written << " not_voted=" << r.not_voted
                                  << " quorum_met=" << r.quorum_met << " passed=" << r.passed;
                    return;
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

TEST(AssemblyVote, RefusesImpossibleCounts) {
  EXPECT_THROW(vote(10, 5, 4, 1, 1), std::invalid_argument);           // 6 ballots, 5 present
  EXPECT_THROW(vote(10, 6, 0, 0, 0, 3, 1, 1), std::invalid_argument);  // 5 opinions, 4 absent
  EXPECT_THROW(vote(10, 11, 0), std::invalid_argument);                // present > N
  EXPECT_THROW(vote(-1, 0, 0), std::invalid_argument);
  EXPECT_THROW(vote(10, -1, 0), std::invalid_argument);
  EXPECT_THROW(vote(10, 6, -1, 1), std::invalid_argument);
  EXPECT_THROW(vote(10, 6, 1, -1), std::invalid_argument);
  EXPECT_THROW(vote(10, 6, 1, 0, -1), std::invalid_argument);
  EXPECT_THROW(vote(10, 6, 1, 0, 0, -1, 1), std::invalid_argument);
  EXPECT_THROW(vote(10, 6, 1, 0, 0, 1, -1), std::invalid_argument);
  EXPECT_THROW(vote(10, 6, 1, 0, 0, 0, 1, -1), std::invalid_argument);
  EXPECT_THROW(vote(0, 0, 1), std::invalid_argument);
  EXPECT_THROW(vote(0, 0, 0, 0, 0, 1), std::invalid_argument);  // nobody absent to write
  // The edges themselves are possible.
  EXPECT_NO_THROW(vote(10, 5, 3, 1, 1));
  EXPECT_NO_THROW(vote(10, 6, 0, 0, 0, 2, 1, 1));
  EXPECT_NO_THROW(vote(10, 10, 10));
  EXPECT_NO_THROW(vote(10, 0, 0, 0, 0, 10));
}

// Throws exactly when some count is negative, ballots exceed those present, opinions exceed
// those absent, or present exceeds N — over every combination of small counts.
TEST(AssemblyVote, RefusesExactlyTheImpossibleCountsExhaustively) {
  for (int n = -1; n <= 3; ++n) {
    const int lo = -1, hi = std::max(n, 0) + 1;
    for (int p = lo; p <= hi; ++p)
      for (int y = lo; y <= hi; ++y)
        for (int no = lo; no <= hi; ++no)
          for (int ab = lo; ab <= hi; ++ab)
            for (int wy = lo; wy <= hi; ++wy)
              for (int wn = lo; wn <= hi; ++wn)
                for (int wa = lo; wa <= hi; ++wa) {
                  const bool negative =
                      n < 0 || p < 0 || y < 0 || no < 0 || ab < 0 || wy < 0 || wn < 0 || wa < 0;
                  const bool impossible =
                      negative || p > n || y + no + ab > p || wy + wn + wa > n - p;
                  bool threw = false;
                  try {
                    vote(n, p, y, no, ab, wy, wn, wa);
                  } catch (const std::invalid_argument&) {
                    threw = true;
                  }
                  if (threw != impossible) {
                    ADD_FAILURE() << "N=" << n << " present=" << p << " ballots " << y << "/" << no
                                  << "/" << ab << " written " << wy << "/" << wn << "/" << wa
                                  << (impossible ? " should throw" : " should not throw");
                    return;
                  }
                }
  }
}

// ---- Voting rights -------------------------------------------------------------------------

TEST(VotingRights, FullMembersInGoodStandingVote) {
  const Date today = d("2026-11-24");
  EXPECT_TRUE(has_voting_rights("full", "active", std::nullopt, today));
}

TEST(VotingRights, ProbationaryMembersAndPipelinePeopleDoNotVote) {
  const Date today = d("2026-11-24");
  EXPECT_FALSE(has_voting_rights("probationary", "active", std::nullopt, today));
  EXPECT_FALSE(has_voting_rights("applicant", "active", std::nullopt, today));
  EXPECT_FALSE(has_voting_rights("activist", "active", std::nullopt, today));
  EXPECT_FALSE(has_voting_rights("development_target", "active", std::nullopt, today));
}

TEST(VotingRights, OnlyAnActiveMembershipVotes) {
  const Date today = d("2026-11-24");
  EXPECT_FALSE(has_voting_rights("full", "suspended", std::nullopt, today));
  EXPECT_FALSE(has_voting_rights("full", "transferred_out", std::nullopt, today));
  EXPECT_FALSE(has_voting_rights("full", "expelled", std::nullopt, today));
  EXPECT_FALSE(has_voting_rights("full", "deceased", std::nullopt, today));
  EXPECT_FALSE(has_voting_rights("full", "", std::nullopt, today));
}

TEST(VotingRights, NoVoteUnderProbationWatchUntilItsEndDate) {
  const Date today = d("2026-11-24");
  // 留党察看 until a later day: no vote.
  EXPECT_FALSE(has_voting_rights("full", "active", d("2026-11-25"), today));
  EXPECT_FALSE(has_voting_rights("full", "active", d("2027-06-01"), today));
  // Its end date reached today: the vote is back.
  EXPECT_TRUE(has_voting_rights("full", "active", d("2026-11-24"), today));
  // Ended earlier.
  EXPECT_TRUE(has_voting_rights("full", "active", d("2025-01-01"), today));
}

// ---- Periods -------------------------------------------------------------------------------

TEST(Period, ParsesMonthsQuartersAndYears) {
  EXPECT_EQ(parse_period("2026-11"), month(2026, 11));
  EXPECT_EQ(parse_period("2026-01"), month(2026, 1));
  EXPECT_EQ(parse_period("2026-Q4"), quarter(2026, 4));
  EXPECT_EQ(parse_period("2026-q4"), quarter(2026, 4));
  EXPECT_EQ(parse_period("2026-Q1"), quarter(2026, 1));
  EXPECT_EQ(parse_period("2026"), year(2026));
}

TEST(Period, RefusesAnythingElse) {
  for (const char* bad : {"2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-Q", "26-11", "2026-1",
                          "", "garbage", "2026-11-01", "2026/11", "202", "20261", "2026-",
                          "2026-1a", "2026-Q44", " 2026", "2026 ", "2026-H1"}) {
    EXPECT_FALSE(parse_period(bad)) << '"' << bad << '"';
  }
}

TEST(Period, KeysRoundTrip) {
  EXPECT_EQ(month(2026, 11).key(), "2026-11");
  EXPECT_EQ(month(2026, 3).key(), "2026-03");
  EXPECT_EQ(quarter(2026, 4).key(), "2026-Q4");
  EXPECT_EQ(year(2026).key(), "2026");
  EXPECT_EQ(parse_period("2026-q4")->key(), "2026-Q4");
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(parse_period(month(2025, m).key()), month(2025, m));
  for (int q = 1; q <= 4; ++q) EXPECT_EQ(parse_period(quarter(2025, q).key()), quarter(2025, q));
  EXPECT_EQ(parse_period(year(2025).key()), year(2025));
}

TEST(Period, ChineseNames) {
  EXPECT_EQ(month(2026, 11).name(), "2026年11月");
  EXPECT_EQ(month(2026, 3).name(), "2026年3月");
  EXPECT_EQ(quarter(2026, 1).name(), "2026年第一季度");
  EXPECT_EQ(quarter(2026, 2).name(), "2026年第二季度");
  EXPECT_EQ(quarter(2026, 3).name(), "2026年第三季度");
  EXPECT_EQ(quarter(2026, 4).name(), "2026年第四季度");
  EXPECT_EQ(year(2026).name(), "2026年");
}

TEST(Period, FirstAndLastDays) {
  EXPECT_EQ(month(2024, 2).first_day(), d("2024-02-01"));
  EXPECT_EQ(month(2024, 2).last_day(), d("2024-02-29"));  // leap year
  EXPECT_EQ(month(2025, 2).last_day(), d("2025-02-28"));
  EXPECT_EQ(month(2026, 11).last_day(), d("2026-11-30"));
  EXPECT_EQ(month(2026, 12).last_day(), d("2026-12-31"));
  EXPECT_EQ(quarter(2026, 1).first_day(), d("2026-01-01"));
  EXPECT_EQ(quarter(2026, 1).last_day(), d("2026-03-31"));
  EXPECT_EQ(quarter(2026, 2).first_day(), d("2026-04-01"));
  EXPECT_EQ(quarter(2026, 2).last_day(), d("2026-06-30"));
  EXPECT_EQ(quarter(2026, 3).first_day(), d("2026-07-01"));
  EXPECT_EQ(quarter(2026, 3).last_day(), d("2026-09-30"));
  EXPECT_EQ(quarter(2026, 4).first_day(), d("2026-10-01"));
  EXPECT_EQ(quarter(2026, 4).last_day(), d("2026-12-31"));
  EXPECT_EQ(year(2026).first_day(), d("2026-01-01"));
  EXPECT_EQ(year(2026).last_day(), d("2026-12-31"));
}

TEST(Period, ContainsItsFirstAndLastDayOnly) {
  const Period q4 = quarter(2026, 4);
  EXPECT_FALSE(q4.contains(d("2026-09-30")));
  EXPECT_TRUE(q4.contains(d("2026-10-01")));
  EXPECT_TRUE(q4.contains(d("2026-11-24")));
  EXPECT_TRUE(q4.contains(d("2026-12-31")));
  EXPECT_FALSE(q4.contains(d("2027-01-01")));
  EXPECT_TRUE(month(2024, 2).contains(d("2024-02-29")));
  EXPECT_FALSE(month(2024, 2).contains(d("2024-03-01")));
  EXPECT_FALSE(year(2026).contains(d("2025-12-31")));
  EXPECT_TRUE(year(2026).contains(d("2026-01-01")));
}

TEST(Period, PeriodContainingADay) {
  const Date today = d("2026-11-24");
  EXPECT_EQ(period_containing(PeriodKind::month, today), month(2026, 11));
  EXPECT_EQ(period_containing(PeriodKind::quarter, today), quarter(2026, 4));
  EXPECT_EQ(period_containing(PeriodKind::year, today), year(2026));
  EXPECT_EQ(period_containing(PeriodKind::quarter, d("2026-03-31")), quarter(2026, 1));
  EXPECT_EQ(period_containing(PeriodKind::quarter, d("2026-04-01")), quarter(2026, 2));
  EXPECT_EQ(period_containing(PeriodKind::month, d("2024-02-29")), month(2024, 2));
  // Every day of a year lies in the period that contains it.
  for (Date day = d("2024-01-01"); day <= d("2024-12-31"); day = add_days(day, 1)) {
    for (PeriodKind k : {PeriodKind::month, PeriodKind::quarter, PeriodKind::year}) {
      Period p = period_containing(k, day);
      ASSERT_TRUE(p.contains(day)) << format_date(day);
      ASSERT_EQ(p.kind, k);
    }
  }
}

TEST(ObligationPeriods, FinerFrequenciesListEveryPeriodInsideTheReport) {
  EXPECT_EQ(keys(obligation_periods(Frequency::month, quarter(2026, 4))),
            (std::vector<std::string>{"2026-10", "2026-11", "2026-12"}));
  auto months = obligation_periods(Frequency::month, year(2026));
  ASSERT_EQ(months.size(), 12u);
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(months[m - 1], month(2026, m));
  EXPECT_EQ(keys(obligation_periods(Frequency::quarter, year(2026))),
            (std::vector<std::string>{"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}));
  EXPECT_EQ(keys(obligation_periods(Frequency::month, month(2026, 11))),
            (std::vector<std::string>{"2026-11"}));
  EXPECT_EQ(keys(obligation_periods(Frequency::quarter, quarter(2026, 2))),
            (std::vector<std::string>{"2026-Q2"}));
  EXPECT_EQ(keys(obligation_periods(Frequency::year, year(2026))),
            (std::vector<std::string>{"2026"}));
}

TEST(ObligationPeriods, CoarserFrequenciesJudgeThePeriodContainingTheReport) {
  EXPECT_EQ(keys(obligation_periods(Frequency::quarter, month(2026, 11))),
            (std::vector<std::string>{"2026-Q4"}));
  EXPECT_EQ(keys(obligation_periods(Frequency::quarter, month(2026, 3))),
            (std::vector<std::string>{"2026-Q1"}));
  EXPECT_EQ(keys(obligation_periods(Frequency::year, quarter(2026, 4))),
            (std::vector<std::string>{"2026"}));
  EXPECT_EQ(keys(obligation_periods(Frequency::year, month(2026, 2))),
            (std::vector<std::string>{"2026"}));
}

TEST(ObligationPeriods, NoFrequencyNoPeriods) {
  EXPECT_TRUE(obligation_periods(Frequency::none, month(2026, 11)).empty());
  EXPECT_TRUE(obligation_periods(Frequency::none, quarter(2026, 4)).empty());
  EXPECT_TRUE(obligation_periods(Frequency::none, year(2026)).empty());
}

// ---- Check-in tokens -------------------------------------------------------------------------

namespace {

const std::vector<unsigned char> kSecret{'m', 'e', 'e', 't', 'i', 'n', 'g', '-', '4', '2'};
const std::vector<unsigned char> kOtherSecret{'m', 'e', 'e', 't', 'i', 'n', 'g', '-', '4', '3'};

// The first instant of the step that contains t (found from token_step alone).
Instant step_start(Instant t) {
  const std::int64_t s = token_step(t);
  Instant lo = t - kTokenStepSeconds * kSecond - 1, hi = t;  // token_step(lo) < s == token_step(hi)
  while (hi - lo > 1) {
    Instant mid = lo + (hi - lo) / 2;
    (token_step(mid) < s ? lo : hi) = mid;
  }
  return hi;
}

bool lower_hex(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}
bool digits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

TEST(CheckinToken, StepsAreThirtySecondsFromTheEpoch) {
  const Instant t = at("2026-11-24T08:00:00Z");
  EXPECT_EQ(token_step(t), t / (kTokenStepSeconds * kSecond));
  EXPECT_EQ(token_step(t + 29'999), token_step(t));
  EXPECT_EQ(token_step(t + 30'000), token_step(t) + 1);
  EXPECT_EQ(token_step(t - 1), token_step(t) - 1);
  EXPECT_EQ(step_start(t + 12'345), t);
}

TEST(CheckinToken, TokenIsTwentyLowercaseHexAndCodeSixDigits) {
  for (std::int64_t step = 59'000'000; step < 59'000'050; ++step) {
    std::string token = checkin_token(kSecret, step);
    std::string code = checkin_code(kSecret, step);
    EXPECT_EQ(token.size(), 20u) << token;
    EXPECT_TRUE(lower_hex(token)) << token;
    EXPECT_EQ(code.size(), 6u) << code;
    EXPECT_TRUE(digits(code)) << code;
  }
}

TEST(CheckinToken, CodesKeepLeadingZeros) {
  // About one code in ten starts with 0; over 1000 steps some must, still six digits long.
  int leading_zero = 0;
  for (std::int64_t step = 0; step < 1000; ++step) {
    std::string code = checkin_code(kSecret, step);
    ASSERT_EQ(code.size(), 6u) << "step " << step << ": " << code;
    if (code[0] == '0') ++leading_zero;
  }
  EXPECT_GT(leading_zero, 0);
}

TEST(CheckinToken, SameSecretAndStepGiveTheSameTokenOthersDiffer) {
  const std::int64_t step = token_step(at("2026-11-24T08:00:00Z"));
  EXPECT_EQ(checkin_token(kSecret, step), checkin_token(kSecret, step));
  EXPECT_EQ(checkin_code(kSecret, step), checkin_code(kSecret, step));
  EXPECT_NE(checkin_token(kSecret, step), checkin_token(kSecret, step + 1));
  EXPECT_NE(checkin_token(kSecret, step), checkin_token(kOtherSecret, step));

  std::set<std::string> tokens, codes, other_codes;
  int same_code_other_secret = 0;
  for (std::int64_t s = step; s < step + 100; ++s) {
    tokens.insert(checkin_token(kSecret, s));
    codes.insert(checkin_code(kSecret, s));
    if (checkin_code(kSecret, s) == checkin_code(kOtherSecret, s)) ++same_code_other_secret;
  }
  EXPECT_EQ(tokens.size(), 100u);
  EXPECT_GT(codes.size(), 90u);
  EXPECT_LT(same_code_other_secret, 5);
}

TEST(CheckinToken, CurrentTokenAndCodeAreValidThroughoutTheirStep) {
  const Instant start = at("2026-11-24T08:00:00Z");
  const std::int64_t step = token_step(start);
  const std::string token = checkin_token(kSecret, step);
  const std::string code = checkin_code(kSecret, step);
  for (Instant t : {start, start + 1, start + 15'000, start + 29'999}) {
    EXPECT_TRUE(token_valid(kSecret, token, t)) << t - start;
    EXPECT_TRUE(code_valid(kSecret, code, t)) << t - start;
  }
}

TEST(CheckinToken, PreviousStepAcceptedOnlyWithinTheGracePeriod) {
  const Instant rotation = step_start(at("2026-11-24T08:00:10Z"));
  const std::int64_t previous = token_step(rotation) - 1;
  const std::string token = checkin_token(kSecret, previous);
  const std::string code = checkin_code(kSecret, previous);
  // Scanned just before the rotation, submitted just after.
  EXPECT_TRUE(token_valid(kSecret, token, rotation));
  EXPECT_TRUE(token_valid(kSecret, token, rotation + (kTokenGraceSeconds - 1) * kSecond));
  EXPECT_TRUE(code_valid(kSecret, code, rotation + (kTokenGraceSeconds - 1) * kSecond));
  // Well after the grace period.
  EXPECT_FALSE(token_valid(kSecret, token, rotation + (kTokenGraceSeconds + 1) * kSecond));
  EXPECT_FALSE(code_valid(kSecret, code, rotation + (kTokenGraceSeconds + 1) * kSecond));
  EXPECT_FALSE(token_valid(kSecret, token, rotation + 20 * kSecond));
}

TEST(CheckinToken, APhotographedOldCodeIsRefused) {
  const Instant now = step_start(at("2026-11-24T08:00:10Z")) + 15 * kSecond;
  const std::int64_t then = token_step(now - 40 * kSecond);
  ASSERT_LT(then, token_step(now));
  EXPECT_FALSE(token_valid(kSecret, checkin_token(kSecret, then), now));
  EXPECT_FALSE(code_valid(kSecret, checkin_code(kSecret, then), now));
}

TEST(CheckinToken, TokenTwoStepsOldIsRefusedEvenRightAfterRotation) {
  const Instant rotation = step_start(at("2026-11-24T08:00:10Z"));
  const std::int64_t two_old = token_step(rotation) - 2;
  EXPECT_FALSE(token_valid(kSecret, checkin_token(kSecret, two_old), rotation));
  EXPECT_FALSE(token_valid(kSecret, checkin_token(kSecret, two_old), rotation + 1000));
  EXPECT_FALSE(code_valid(kSecret, checkin_code(kSecret, two_old), rotation + 1000));
}

TEST(CheckinToken, WrongTokensAndCodesAreRefused) {
  const Instant now = at("2026-11-24T08:00:10Z");
  const std::int64_t step = token_step(now);
  const std::string token = checkin_token(kSecret, step);
  const std::string code = checkin_code(kSecret, step);
  EXPECT_FALSE(token_valid(kOtherSecret, token, now));  // another meeting's screen
  EXPECT_FALSE(token_valid(kSecret, checkin_token(kOtherSecret, step), now));
  EXPECT_FALSE(token_valid(kSecret, "", now));
  EXPECT_FALSE(token_valid(kSecret, token.substr(0, 19), now));
  EXPECT_FALSE(token_valid(kSecret, token + "0", now));
  std::string flipped = token;
  flipped[7] = flipped[7] == '0' ? '1' : '0';
  EXPECT_FALSE(token_valid(kSecret, flipped, now));
  EXPECT_FALSE(token_valid(kSecret, code, now));  // a code is not a token

  EXPECT_FALSE(code_valid(kOtherSecret, code, now));
  EXPECT_FALSE(code_valid(kSecret, "", now));
  EXPECT_FALSE(code_valid(kSecret, code.substr(0, 5), now));
  std::string wrong = code;
  wrong[5] = wrong[5] == '9' ? '0' : static_cast<char>(wrong[5] + 1);
  EXPECT_FALSE(code_valid(kSecret, wrong, now));
  EXPECT_FALSE(code_valid(kSecret, token, now));  // a token is not a code
}

TEST(CheckinToken, SecondsLeftCountDownToTheRotation) {
  const Instant base = at("2026-11-24T08:00:00Z");
  for (Instant t = base; t < base + 65 * kSecond; t += 250) {
    const int left = token_seconds_left(t);
    ASSERT_GE(left, 1) << t - base;
    ASSERT_LE(left, kTokenStepSeconds) << t - base;
    // Still the same token a second before the announced rotation, a new one at it.
    EXPECT_EQ(token_step(t + (left - 1) * kSecond), token_step(t)) << t - base;
    EXPECT_EQ(token_step(t + left * kSecond), token_step(t) + 1) << t - base;
  }
  EXPECT_EQ(token_seconds_left(base), 30);
  EXPECT_EQ(token_seconds_left(base + 29 * kSecond), 1);
}

TEST(CheckinWindow, OpensThirtyMinutesBeforeAndClosesThirtyAfterInclusive) {
  const Instant starts = at("2026-11-24T08:00:00Z");
  CheckinWindow w = checkin_window(starts, kDefaultCheckinBeforeMin, kDefaultCheckinAfterMin);
  EXPECT_EQ(w.opens, at("2026-11-24T07:30:00Z"));
  EXPECT_EQ(w.closes, at("2026-11-24T08:30:00Z"));
  EXPECT_FALSE(w.contains(w.opens - 1));
  EXPECT_TRUE(w.contains(w.opens));
  EXPECT_TRUE(w.contains(starts));
  EXPECT_TRUE(w.contains(w.closes));
  EXPECT_FALSE(w.contains(w.closes + 1));
}

TEST(CheckinWindow, FollowsThePolicyMinutes) {
  const Instant starts = at("2026-11-24T08:00:00Z");
  CheckinWindow w = checkin_window(starts, 10, 45);
  EXPECT_EQ(w.opens, starts - 10 * kMinute);
  EXPECT_EQ(w.closes, starts + 45 * kMinute);
  CheckinWindow at_start = checkin_window(starts, 0, 0);
  EXPECT_TRUE(at_start.contains(starts));
  EXPECT_FALSE(at_start.contains(starts + 1));
}

// ---- Online presence -----------------------------------------------------------------------

TEST(Presence, FirstHeartbeatAddsNothing) {
  const Instant s = at("2026-11-24T08:00:00Z"), e = at("2026-11-24T10:00:00Z");
  EXPECT_EQ(presence_credit(std::nullopt, s + 10 * kMinute, s, e), 0);
}

TEST(Presence, HeartbeatAddsTheTimeSinceThePreviousOne) {
  const Instant s = at("2026-11-24T08:00:00Z"), e = at("2026-11-24T10:00:00Z");
  EXPECT_EQ(presence_credit(s + 10 * kMinute, s + 11 * kMinute, s, e), 60'000);
  EXPECT_EQ(presence_credit(s + 10 * kMinute, s + 10 * kMinute + 61'500, s, e), 61'500);
  EXPECT_EQ(presence_credit(s + 10 * kMinute, s + 12 * kMinute, s, e), 120'000);  // exactly 2×
}

TEST(Presence, AClosedLaptopIsNotAttendance) {
  const Instant s = at("2026-11-24T08:00:00Z"), e = at("2026-11-24T10:00:00Z");
  EXPECT_EQ(presence_credit(s + 10 * kMinute, s + 12 * kMinute + 1, s, e),
            2 * kHeartbeatSeconds * kSecond);
  EXPECT_EQ(presence_credit(s + 10 * kMinute, s + 50 * kMinute, s, e), 120'000);
}

TEST(Presence, OnlyTimeInsideTheMeetingCounts) {
  const Instant s = at("2026-11-24T08:00:00Z"), e = at("2026-11-24T10:00:00Z");
  // Waiting before the start.
  EXPECT_EQ(presence_credit(s - 2 * kMinute, s - 1 * kMinute, s, e), 0);
  EXPECT_EQ(presence_credit(s - 1 * kMinute, s, s, e), 0);
  // Straddling the start: only the part after it.
  EXPECT_EQ(presence_credit(s - 30 * kSecond, s + 30 * kSecond, s, e), 30'000);
  // Straddling the end: only the part before it.
  EXPECT_EQ(presence_credit(e - 20 * kSecond, e + 40 * kSecond, s, e), 20'000);
  // Lingering after the end.
  EXPECT_EQ(presence_credit(e, e + 1 * kMinute, s, e), 0);
  EXPECT_EQ(presence_credit(e + 10 * kSecond, e + 70 * kSecond, s, e), 0);
}

// ---- Held meetings --------------------------------------------------------------------------

TEST(MeetingHeld, NeedsMinutesAndSomeonePresent) {
  for (const TypeInfo& t : all_types()) {
    EXPECT_FALSE(counts_as_held(t.type, false, 5, 5)) << t.code;  // no minutes
    EXPECT_FALSE(counts_as_held(t.type, true, 5, 0)) << t.code;   // nobody present
    EXPECT_FALSE(counts_as_held(t.type, false, 5, 0)) << t.code;
  }
}

TEST(MeetingHeld, CommitteeMeetingNeedsMoreThanHalfOfTheCommittee) {
  EXPECT_TRUE(counts_as_held(Type::committee, true, 5, 3));
  EXPECT_FALSE(counts_as_held(Type::committee, true, 5, 2));
  EXPECT_FALSE(counts_as_held(Type::committee, true, 4, 2));
  EXPECT_TRUE(counts_as_held(Type::committee, true, 4, 3));
  EXPECT_TRUE(counts_as_held(Type::committee, true, 3, 2));
  EXPECT_TRUE(counts_as_held(Type::committee, true, 7, 4));
  EXPECT_FALSE(counts_as_held(Type::committee, true, 7, 3));
  EXPECT_FALSE(counts_as_held(Type::committee, false, 5, 5));
}

TEST(MeetingHeld, OtherMeetingsNeedOnlySomeonePresent) {
  for (Type t : {Type::general_assembly, Type::group, Type::lecture, Type::theme_day,
                 Type::life_meeting, Type::appraisal, Type::talk, Type::activity}) {
    EXPECT_TRUE(counts_as_held(t, true, 50, 1)) << type_info(t).code;
    EXPECT_TRUE(counts_as_held(t, true, 4, 2)) << type_info(t).code;
  }
}

// ---- Democratic appraisal, votes' choices, code tables -------------------------------------

TEST(Appraisal, ExcellentIsAtMostOneThirdRoundedDown) {
  const int expected[] = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3};
  for (int n = 0; n <= 10; ++n) EXPECT_EQ(excellent_cap(n), expected[n]) << "n=" << n;
  EXPECT_EQ(excellent_cap(30), 10);
  EXPECT_EQ(excellent_cap(31), 10);
}

TEST(Appraisal, GradesRoundTrip) {
  const std::pair<Grade, const char*> grades[] = {{Grade::excellent, "优秀"},
                                                  {Grade::qualified, "合格"},
                                                  {Grade::basically_qualified, "基本合格"},
                                                  {Grade::unqualified, "不合格"}};
  for (auto [g, name] : grades) {
    EXPECT_EQ(parse_grade(grade_code(g)), g);
    EXPECT_STREQ(grade_name(g), name);
  }
  EXPECT_STREQ(grade_code(Grade::basically_qualified), "basically_qualified");
  EXPECT_EQ(parse_grade("excellent"), Grade::excellent);
  EXPECT_FALSE(parse_grade("good"));
  EXPECT_FALSE(parse_grade(""));
  EXPECT_FALSE(parse_grade("优秀"));
}

TEST(VoteChoice, ChoicesRoundTrip) {
  const std::tuple<Choice, const char*, const char*> choices[] = {
      {Choice::yes, "yes", "赞成"},
      {Choice::no, "no", "反对"},
      {Choice::abstain, "abstain", "弃权"}};
  for (auto [c, code, name] : choices) {
    EXPECT_STREQ(choice_code(c), code);
    EXPECT_STREQ(choice_name(c), name);
    EXPECT_EQ(parse_choice(code), c);
  }
  EXPECT_FALSE(parse_choice("maybe"));
  EXPECT_FALSE(parse_choice(""));
  EXPECT_FALSE(parse_choice("YES"));
}

TEST(MeetingTypes, NineTypesEachWithItsCodeAndDefaultPolicy) {
  struct Expect {
    Type type;
    const char* code;
    const char* name;
    Frequency frequency;
  };
  // DOMAIN.md §4.
  const Expect expected[] = {
      {Type::general_assembly, "general_assembly", "支部党员大会", Frequency::quarter},
      {Type::committee, "committee", "支部委员会会议", Frequency::month},
      {Type::group, "group", "党小组会", Frequency::month},
      {Type::lecture, "lecture", "党课", Frequency::quarter},
      {Type::theme_day, "theme_day", "主题党日", Frequency::month},
      {Type::life_meeting, "life_meeting", "组织生活会", Frequency::year},
      {Type::appraisal, "appraisal", "民主评议党员", Frequency::year},
      {Type::talk, "talk", "谈心谈话", Frequency::year},
      {Type::activity, "activity", "其他活动", Frequency::none},
  };
  ASSERT_EQ(all_types().size(), 9u);
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    const Expect& e = expected[i];
    EXPECT_EQ(all_types()[i].type, e.type) << e.code;  // in enum order
    const TypeInfo& info = type_info(e.type);
    EXPECT_EQ(info.type, e.type);
    EXPECT_STREQ(info.code, e.code);
    EXPECT_STREQ(info.name, e.name);
    EXPECT_EQ(info.default_frequency, e.frequency) << e.code;
    EXPECT_EQ(parse_type(e.code), e.type);
  }
  EXPECT_FALSE(parse_type("party_day"));
  EXPECT_FALSE(parse_type(""));
  EXPECT_FALSE(parse_type("Committee"));
}

TEST(MeetingTypes, WhoIsInvitedAndWhoHoldsIt) {
  EXPECT_EQ(type_info(Type::general_assembly).attendees, AttendeeSet::branch_members);
  EXPECT_EQ(type_info(Type::committee).attendees, AttendeeSet::committee);
  EXPECT_EQ(type_info(Type::group).attendees, AttendeeSet::group_members);
  EXPECT_EQ(type_info(Type::talk).attendees, AttendeeSet::pair);
  for (const TypeInfo& t : all_types())
    EXPECT_EQ(t.on_party_group, t.type == Type::group) << t.code;
}

TEST(MeetingTypes, FrequencyCodesRoundTrip) {
  const std::tuple<Frequency, const char*, const char*> fs[] = {
      {Frequency::none, "none", "不要求"},
      {Frequency::month, "month", "每月"},
      {Frequency::quarter, "quarter", "每季度"},
      {Frequency::year, "year", "每年"}};
  for (auto [f, code, name] : fs) {
    EXPECT_STREQ(frequency_code(f), code);
    EXPECT_STREQ(frequency_name(f), name);
    EXPECT_EQ(parse_frequency(code), f);
  }
  EXPECT_FALSE(parse_frequency("monthly"));
  EXPECT_FALSE(parse_frequency(""));
}

TEST(MeetingTypes, PolicyFallsBackToTheDefaultFrequency) {
  Policy defaults;
  for (const TypeInfo& t : all_types()) EXPECT_EQ(defaults.of(t.type), t.default_frequency);

  Policy local;
  local.frequency[Type::lecture] = Frequency::month;
  local.frequency[Type::general_assembly] = Frequency::none;
  EXPECT_EQ(local.of(Type::lecture), Frequency::month);
  EXPECT_EQ(local.of(Type::general_assembly), Frequency::none);
  EXPECT_EQ(local.of(Type::committee), Frequency::month);
  EXPECT_EQ(local.of(Type::life_meeting), Frequency::year);
}

TEST(MeetingTypes, StatusCodes) {
  EXPECT_STREQ(status_code(Status::met), "met");
  EXPECT_STREQ(status_code(Status::missed), "missed");
  EXPECT_STREQ(status_code(Status::open), "open");
}

// ---- Compliance ----------------------------------------------------------------------------

namespace {

// A 党支部 with a committee {1, 2} and party members {1, 2, 3, 4}, active for years.
OrgFacts branch() {
  OrgFacts o;
  o.id = 7;
  o.party_group = false;
  o.active_from = d("2020-01-01");
  o.has_committee = true;
  o.party_members = 4;
  o.committee_members = {1, 2};
  o.members = {1, 2, 3, 4};
  return o;
}

OrgFacts party_group() {
  OrgFacts o;
  o.id = 8;
  o.party_group = true;
  o.active_from = d("2020-01-01");
  o.has_committee = false;
  o.party_members = 3;
  o.members = {5, 6, 7};
  return o;
}

HeldMeeting held(Type t, const char* date, int expected = 4, int present = 3, int leave = 1) {
  HeldMeeting m;
  m.type = t;
  m.date = d(date);
  m.expected = expected;
  m.present = present;
  m.leave = leave;
  return m;
}

std::vector<const Obligation*> of_type(const OrgCompliance& c, Type t) {
  std::vector<const Obligation*> out;
  for (const auto& o : c.obligations)
    if (o.type == t) out.push_back(&o);
  return out;
}

// The one obligation of type t over period p; fails the test when there is not exactly one.
const Obligation& only(const OrgCompliance& c, Type t, const Period& p) {
  static const Obligation none{};
  const Obligation* found = nullptr;
  int n = 0;
  for (const auto& o : c.obligations)
    if (o.type == t && o.period == p) {
      found = &o;
      ++n;
    }
  if (n != 1) {
    ADD_FAILURE() << n << " obligations of " << type_info(t).code << " over " << p.key();
    return none;
  }
  return *found;
}

std::set<Type> types(const OrgCompliance& c) {
  std::set<Type> out;
  for (const auto& o : c.obligations) out.insert(o.type);
  return out;
}

std::string describe(const OrgCompliance& c) {
  std::ostringstream s;
  for (const auto& o : c.obligations)
    s << type_info(o.type).code << "@" << o.period.key() << ":" << status_code(o.status) << " ";
  return s.str();
}

const Date kToday = d("2026-11-24");

}  // namespace

TEST(Compliance, BranchWithCommitteeOwesEveryBranchTypeButGroupAndActivity) {
  auto c = evaluate(branch(), {}, Policy{}, month(2026, 11), kToday);
  EXPECT_EQ(types(c),
            (std::set<Type>{Type::general_assembly, Type::committee, Type::lecture, Type::theme_day,
                            Type::life_meeting, Type::appraisal, Type::talk}))
      << describe(c);
  // Each judged over its own frequency's period, with the policy frequency recorded.
  EXPECT_EQ(only(c, Type::general_assembly, quarter(2026, 4)).frequency, Frequency::quarter);
  EXPECT_EQ(only(c, Type::committee, month(2026, 11)).frequency, Frequency::month);
  EXPECT_EQ(only(c, Type::lecture, quarter(2026, 4)).frequency, Frequency::quarter);
  EXPECT_EQ(only(c, Type::theme_day, month(2026, 11)).frequency, Frequency::month);
  EXPECT_EQ(only(c, Type::life_meeting, year(2026)).frequency, Frequency::year);
  EXPECT_EQ(only(c, Type::appraisal, year(2026)).frequency, Frequency::year);
  EXPECT_EQ(only(c, Type::talk, year(2026)).frequency, Frequency::year);
  EXPECT_EQ(c.obligations.size(), 7u) << describe(c);
  // Nothing held yet, every period still runs: all open.
  EXPECT_EQ(c.open(), 7);
  EXPECT_EQ(c.met(), 0);
  EXPECT_EQ(c.missed(), 0);
}

TEST(Compliance, ObligationsAreInTypeOrderThenByPeriod) {
  auto c = evaluate(branch(), {}, Policy{}, year(2026), kToday);
  for (std::size_t i = 1; i < c.obligations.size(); ++i) {
    const Obligation& a = c.obligations[i - 1];
    const Obligation& b = c.obligations[i];
    ASSERT_TRUE(a.type < b.type ||
                (a.type == b.type && a.period.first_day() < b.period.first_day()))
        << describe(c);
  }
}

TEST(Compliance, PastMonthWithoutAMeetingIsMissedWithOneIsMet) {
  auto missed = evaluate(branch(), {}, Policy{}, month(2026, 10), kToday);
  const Obligation& m = only(missed, Type::committee, month(2026, 10));
  EXPECT_EQ(m.status, Status::missed);
  EXPECT_EQ(m.held, 0);
  EXPECT_EQ(m.required, 1);
  EXPECT_EQ(only(missed, Type::theme_day, month(2026, 10)).status, Status::missed);

  auto met = evaluate(branch(), {held(Type::committee, "2026-10-31", 2, 2, 0)}, Policy{},
                      month(2026, 10), kToday);
  const Obligation& ok = only(met, Type::committee, month(2026, 10));
  EXPECT_EQ(ok.status, Status::met);
  EXPECT_EQ(ok.held, 1);
  EXPECT_EQ(only(met, Type::theme_day, month(2026, 10)).status, Status::missed);
}

TEST(Compliance, TheMonthContainingTodayIsOpenUntilAMeetingIsHeld) {
  auto open = evaluate(branch(), {}, Policy{}, month(2026, 11), kToday);
  EXPECT_EQ(only(open, Type::committee, month(2026, 11)).status, Status::open);

  auto met = evaluate(branch(), {held(Type::committee, "2026-11-24", 2, 2, 0)}, Policy{},
                      month(2026, 11), kToday);
  EXPECT_EQ(only(met, Type::committee, month(2026, 11)).status, Status::met);
  EXPECT_EQ(only(met, Type::theme_day, month(2026, 11)).status, Status::open);
}

TEST(Compliance, SeveralMeetingsInAPeriodAreAllCounted) {
  auto c = evaluate(branch(),
                    {held(Type::theme_day, "2026-10-03"), held(Type::theme_day, "2026-10-20"),
                     held(Type::theme_day, "2026-11-02")},
                    Policy{}, quarter(2026, 4), kToday);
  EXPECT_EQ(only(c, Type::theme_day, month(2026, 10)).held, 2);
  EXPECT_EQ(only(c, Type::theme_day, month(2026, 10)).status, Status::met);
  EXPECT_EQ(only(c, Type::theme_day, month(2026, 11)).held, 1);
  EXPECT_EQ(only(c, Type::theme_day, month(2026, 11)).status, Status::met);
}

TEST(Compliance, MeetingsCountOnlyForTheirOwnType) {
  auto c =
      evaluate(branch(), {held(Type::activity, "2026-10-10"), held(Type::lecture, "2026-10-11")},
               Policy{}, month(2026, 10), kToday);
  EXPECT_EQ(only(c, Type::committee, month(2026, 10)).status, Status::missed);
  EXPECT_EQ(only(c, Type::theme_day, month(2026, 10)).status, Status::missed);
  EXPECT_EQ(only(c, Type::lecture, quarter(2026, 4)).status, Status::met);
  EXPECT_EQ(only(c, Type::general_assembly, quarter(2026, 4)).status, Status::open);
}

TEST(Compliance, PeriodsAfterTodayAreNotListed) {
  auto c = evaluate(branch(), {}, Policy{}, quarter(2026, 4), kToday);
  auto committee = of_type(c, Type::committee);
  ASSERT_EQ(committee.size(), 2u) << describe(c);  // October and November, not December
  EXPECT_EQ(committee[0]->period, month(2026, 10));
  EXPECT_EQ(committee[0]->status, Status::missed);
  EXPECT_EQ(committee[1]->period, month(2026, 11));
  EXPECT_EQ(committee[1]->status, Status::open);

  auto whole_year = evaluate(branch(), {}, Policy{}, year(2026), kToday);
  EXPECT_EQ(of_type(whole_year, Type::committee).size(), 11u);  // January to November
  EXPECT_EQ(of_type(whole_year, Type::general_assembly).size(), 4u);

  // December has not started: no monthly obligation, but its quarter and year already run.
  auto december = evaluate(branch(), {}, Policy{}, month(2026, 12), kToday);
  EXPECT_TRUE(of_type(december, Type::committee).empty()) << describe(december);
  EXPECT_TRUE(of_type(december, Type::theme_day).empty()) << describe(december);
  EXPECT_EQ(only(december, Type::general_assembly, quarter(2026, 4)).status, Status::open);
  EXPECT_EQ(only(december, Type::life_meeting, year(2026)).status, Status::open);
  // A report whose every period lies in the future judges nothing.
  EXPECT_TRUE(evaluate(branch(), {}, Policy{}, month(2027, 1), kToday).obligations.empty());
  EXPECT_TRUE(evaluate(branch(), {}, Policy{}, year(2027), kToday).obligations.empty());
}

TEST(Compliance, APeriodStartingTodayIsAlreadyOpen) {
  auto c = evaluate(branch(), {}, Policy{}, month(2026, 12), d("2026-12-01"));
  EXPECT_EQ(only(c, Type::committee, month(2026, 12)).status, Status::open);
  EXPECT_EQ(only(c, Type::general_assembly, quarter(2026, 4)).status, Status::open);
}

TEST(Compliance, TheLastDayOfAPeriodIsStillOpenAndTheNextDayMissed) {
  auto last_day = evaluate(branch(), {}, Policy{}, month(2026, 11), d("2026-11-30"));
  EXPECT_EQ(only(last_day, Type::committee, month(2026, 11)).status, Status::open);
  auto next_day = evaluate(branch(), {}, Policy{}, month(2026, 11), d("2026-12-01"));
  EXPECT_EQ(only(next_day, Type::committee, month(2026, 11)).status, Status::missed);
}

TEST(Compliance, PeriodsEndedBeforeTheOrgWasActiveAreNotJudged) {
  OrgFacts young = branch();
  young.active_from = d("2026-11-01");
  auto c = evaluate(young, {}, Policy{}, quarter(2026, 4), kToday);
  auto committee = of_type(c, Type::committee);
  ASSERT_EQ(committee.size(), 1u) << describe(c);
  EXPECT_EQ(committee[0]->period, month(2026, 11));
  // The quarter and the year did not end before it: still judged.
  EXPECT_EQ(of_type(c, Type::general_assembly).size(), 1u);
  EXPECT_EQ(of_type(c, Type::life_meeting).size(), 1u);

  // A period ending on the very day the org became active is judged.
  young.active_from = d("2026-10-31");
  auto edge = evaluate(young, {}, Policy{}, quarter(2026, 4), kToday);
  EXPECT_EQ(of_type(edge, Type::committee).size(), 2u) << describe(edge);

  // A year report for an org active from mid-March: from March on.
  young.active_from = d("2026-03-15");
  auto year_report = evaluate(young, {}, Policy{}, year(2026), kToday);
  auto months = of_type(year_report, Type::committee);
  ASSERT_EQ(months.size(), 9u) << describe(year_report);
  EXPECT_EQ(months.front()->period, month(2026, 3));
  EXPECT_EQ(months.back()->period, month(2026, 11));
  auto quarters = of_type(year_report, Type::general_assembly);
  ASSERT_EQ(quarters.size(), 4u) << describe(year_report);  // Q1 ends 03-31, after 03-15

  // A report wholly before the org existed judges nothing.
  EXPECT_TRUE(evaluate(young, {}, Policy{}, month(2025, 12), kToday).obligations.empty());
}

TEST(Compliance, QuarterlyObligationSeenFromAMonthIsJudgedOverItsQuarter) {
  // A past month's report: its quarter (Q3) has ended.
  auto missed = evaluate(branch(), {}, Policy{}, month(2026, 8), kToday);
  EXPECT_EQ(only(missed, Type::general_assembly, quarter(2026, 3)).status, Status::missed);
  EXPECT_EQ(of_type(missed, Type::general_assembly).size(), 1u);

  // Held in July, outside the August report but inside the quarter.
  auto met = evaluate(branch(), {held(Type::general_assembly, "2026-07-10", 4, 4, 0)}, Policy{},
                      month(2026, 8), kToday);
  EXPECT_EQ(only(met, Type::general_assembly, quarter(2026, 3)).status, Status::met);
  EXPECT_EQ(only(met, Type::general_assembly, quarter(2026, 3)).held, 1);

  // October's report: the quarter is still running.
  auto open = evaluate(branch(), {}, Policy{}, month(2026, 10), kToday);
  EXPECT_EQ(only(open, Type::general_assembly, quarter(2026, 4)).status, Status::open);
  auto later = evaluate(branch(), {held(Type::general_assembly, "2026-11-05", 4, 4, 0)}, Policy{},
                        month(2026, 10), kToday);
  EXPECT_EQ(only(later, Type::general_assembly, quarter(2026, 4)).status, Status::met);
}

TEST(Compliance, MeetingsOutsideAnObligationPeriodDoNotCount) {
  auto c = evaluate(
      branch(),
      {held(Type::general_assembly, "2026-06-30"), held(Type::general_assembly, "2026-10-01"),
       held(Type::committee, "2026-09-30", 2, 2, 0), held(Type::committee, "2025-08-15", 2, 2, 0)},
      Policy{}, month(2026, 8), kToday);
  EXPECT_EQ(only(c, Type::general_assembly, quarter(2026, 3)).status, Status::missed);
  EXPECT_EQ(only(c, Type::general_assembly, quarter(2026, 3)).held, 0);
  EXPECT_EQ(only(c, Type::committee, month(2026, 8)).status, Status::missed);
}

TEST(Compliance, PartyGroupOwesOnlyGroupMeetings) {
  auto c = evaluate(party_group(), {held(Type::group, "2026-10-15", 3, 3, 0)}, Policy{},
                    quarter(2026, 4), kToday);
  EXPECT_EQ(types(c), std::set<Type>{Type::group}) << describe(c);
  ASSERT_EQ(c.obligations.size(), 2u) << describe(c);
  EXPECT_EQ(only(c, Type::group, month(2026, 10)).status, Status::met);
  EXPECT_EQ(only(c, Type::group, month(2026, 11)).status, Status::open);
  EXPECT_EQ(only(c, Type::group, month(2026, 11)).frequency, Frequency::month);
}

TEST(Compliance, BranchWithoutCommitteeOwesNoCommitteeMeetingsNorTalks) {
  OrgFacts small = branch();
  small.has_committee = false;
  small.committee_members.clear();
  auto c = evaluate(small, {}, Policy{}, month(2026, 11), kToday);
  EXPECT_EQ(types(c), (std::set<Type>{Type::general_assembly, Type::lecture, Type::theme_day,
                                      Type::life_meeting, Type::appraisal}))
      << describe(c);
}

TEST(Compliance, OrgWithoutPartyMembersOwesNothing) {
  OrgFacts empty = branch();
  empty.party_members = 0;
  EXPECT_TRUE(evaluate(empty, {}, Policy{}, year(2026), kToday).obligations.empty());
  OrgFacts empty_group = party_group();
  empty_group.party_members = 0;
  EXPECT_TRUE(evaluate(empty_group, {}, Policy{}, year(2026), kToday).obligations.empty());
}

TEST(Compliance, PolicyFrequencyDecidesThePeriods) {
  Policy policy;
  policy.frequency[Type::lecture] = Frequency::month;
  policy.frequency[Type::general_assembly] = Frequency::none;
  policy.frequency[Type::life_meeting] = Frequency::quarter;
  auto c = evaluate(branch(), {}, policy, quarter(2026, 4), kToday);
  EXPECT_TRUE(of_type(c, Type::general_assembly).empty()) << describe(c);
  auto lectures = of_type(c, Type::lecture);
  ASSERT_EQ(lectures.size(), 2u) << describe(c);
  EXPECT_EQ(lectures[0]->period, month(2026, 10));
  EXPECT_EQ(lectures[0]->frequency, Frequency::month);
  EXPECT_EQ(only(c, Type::life_meeting, quarter(2026, 4)).frequency, Frequency::quarter);
}

TEST(Compliance, AttendanceIsSummedOverMeetingsHeldInsideTheReport) {
  auto c = evaluate(branch(),
                    {
                        held(Type::committee, "2026-11-02", 2, 2, 0),
                        held(Type::theme_day, "2026-11-15", 4, 3, 1),
                        held(Type::activity, "2026-11-20", 4, 2, 2),
                        // Outside November: count toward their quarter/year only.
                        held(Type::general_assembly, "2026-10-31", 4, 4, 0),
                        held(Type::committee, "2026-10-30", 2, 1, 1),
                        held(Type::lecture, "2025-11-10", 4, 4, 0),
                    },
                    Policy{}, month(2026, 11), kToday);
  EXPECT_EQ(c.meetings_held, 3);
  EXPECT_EQ(c.expected, 10);
  EXPECT_EQ(c.present, 7);
  EXPECT_EQ(c.leave, 3);
  EXPECT_EQ(only(c, Type::general_assembly, quarter(2026, 4)).status, Status::met);

  auto none = evaluate(branch(), {}, Policy{}, month(2026, 11), kToday);
  EXPECT_EQ(none.meetings_held, 0);
  EXPECT_EQ(none.expected, 0);
  EXPECT_EQ(none.present, 0);
  EXPECT_EQ(none.leave, 0);
}

TEST(Compliance, MetMissedAndOpenAreCounted) {
  auto c = evaluate(branch(),
                    {held(Type::committee, "2026-10-05", 2, 2, 0),
                     held(Type::theme_day, "2026-11-05"), held(Type::lecture, "2026-11-06")},
                    Policy{}, quarter(2026, 4), kToday);
  // committee Oct met, Nov open; theme_day Oct missed, Nov met; lecture Q4 met;
  // general_assembly Q4, life_meeting, appraisal, talk 2026 open.
  EXPECT_EQ(c.obligations.size(), 9u) << describe(c);
  EXPECT_EQ(c.met(), 3) << describe(c);
  EXPECT_EQ(c.missed(), 1) << describe(c);
  EXPECT_EQ(c.open(), 5) << describe(c);
}

TEST(TalkPairs, EachCommitteeMemberWithEveryOtherMemberOnce) {
  using Pairs = std::set<std::pair<std::int64_t, std::int64_t>>;
  EXPECT_EQ(talk_pairs_required({1, 2}, {1, 2, 3, 4}),
            (Pairs{{1, 2}, {1, 3}, {1, 4}, {2, 3}, {2, 4}}));
  // Pairs are ordered {a, b} with a < b whatever the ids' roles.
  EXPECT_EQ(talk_pairs_required({3}, {1, 2, 3}), (Pairs{{1, 3}, {2, 3}}));
  EXPECT_EQ(talk_pairs_required({4, 2}, {4, 3, 2, 1}),
            (Pairs{{1, 2}, {2, 3}, {2, 4}, {1, 4}, {3, 4}}));
  EXPECT_TRUE(talk_pairs_required({}, {1, 2, 3}).empty());
  EXPECT_TRUE(talk_pairs_required({1}, {1}).empty());
}

TEST(Compliance, TalksAreMetOnlyWhenEveryPairHasTalked) {
  OrgFacts org = branch();  // 5 pairs required
  org.talk_pairs_held = {{1, 2}, {1, 3}, {1, 4}, {2, 3}};
  auto partial = evaluate(org, {}, Policy{}, year(2026), kToday);
  const Obligation& t = only(partial, Type::talk, year(2026));
  EXPECT_EQ(t.required, 5);
  EXPECT_EQ(t.held, 4);
  EXPECT_EQ(t.status, Status::open);

  // A talk between two ordinary members is no pair the branch owes.
  org.talk_pairs_held.insert({3, 4});
  auto extra = evaluate(org, {}, Policy{}, year(2026), kToday);
  EXPECT_EQ(only(extra, Type::talk, year(2026)).held, 4);
  EXPECT_EQ(only(extra, Type::talk, year(2026)).status, Status::open);

  org.talk_pairs_held.insert({2, 4});
  auto full = evaluate(org, {}, Policy{}, year(2026), kToday);
  EXPECT_EQ(only(full, Type::talk, year(2026)).held, 5);
  EXPECT_EQ(only(full, Type::talk, year(2026)).required, 5);
  EXPECT_EQ(only(full, Type::talk, year(2026)).status, Status::met);
}

TEST(Compliance, TalksNotFinishedByTheYearsEndAreMissed) {
  OrgFacts org = branch();
  org.talk_pairs_held = {{1, 2}, {1, 3}};
  auto c = evaluate(org, {}, Policy{}, year(2025), kToday);
  const Obligation& t = only(c, Type::talk, year(2025));
  EXPECT_EQ(t.required, 5);
  EXPECT_EQ(t.held, 2);
  EXPECT_EQ(t.status, Status::missed);
  // Seen from a month of that year too.
  EXPECT_EQ(
      only(evaluate(org, {}, Policy{}, month(2025, 3), kToday), Type::talk, year(2025)).status,
      Status::missed);
}

TEST(Compliance, DueSoonWarnsOfOpenObligationsEndingWithinTheGivenDays) {
  auto c =
      evaluate(branch(), {held(Type::theme_day, "2026-11-05")}, Policy{}, quarter(2026, 4), kToday);
  // November ends in 6 days; the quarter and the year in 37.
  auto six = due_soon(c, kToday, 6);
  ASSERT_EQ(six.size(), 1u);  // committee November (theme day is met, October is missed)
  EXPECT_EQ(six[0].type, Type::committee);
  EXPECT_EQ(six[0].period, month(2026, 11));
  EXPECT_EQ(six[0].status, Status::open);

  EXPECT_TRUE(due_soon(c, kToday, 5).empty());

  auto all = due_soon(c, kToday, 37);
  for (const auto& o : all) EXPECT_EQ(o.status, Status::open);
  std::set<Type> due;
  for (const auto& o : all) due.insert(o.type);
  EXPECT_EQ(due, (std::set<Type>{Type::committee, Type::general_assembly, Type::lecture,
                                 Type::life_meeting, Type::appraisal, Type::talk}));
  EXPECT_EQ(all.size(), 6u);
  EXPECT_EQ(due_soon(c, kToday, 36).size(), 1u);
}

TEST(Compliance, DueSoonIncludesAPeriodEndingToday) {
  auto c = evaluate(branch(), {}, Policy{}, month(2026, 11), d("2026-11-30"));
  auto today = due_soon(c, d("2026-11-30"), 0);
  std::set<Type> due;
  for (const auto& o : today) due.insert(o.type);
  EXPECT_EQ(due, (std::set<Type>{Type::committee, Type::theme_day}));
}
