// Party dues (DOMAIN.md §6): the official calculation in integer fen, at every bracket edge.
#include <gtest/gtest.h>

#include <stdexcept>

#include "dues/rules.hpp"

using namespace zhdj::dues;

namespace {
std::int64_t due(MemberKind k, std::int64_t base_fen) {
  return quote(k, base_fen).amount_fen;
}
constexpr std::int64_t yuan(std::int64_t y) {
  return y * 100;
}
}  // namespace

TEST(DuesCalculation, WorkedExamplesOfTheDomainRules) {
  EXPECT_EQ(due(MemberKind::in_service, yuan(4800)), yuan(48));
  EXPECT_EQ(due(MemberKind::in_service, yuan(3000)), yuan(15));
  EXPECT_EQ(due(MemberKind::in_service, yuan(3000) + 1), yuan(30));  // the jump is intended
  EXPECT_EQ(due(MemberKind::in_service, yuan(12500)), yuan(250));
  EXPECT_EQ(due(MemberKind::retired, yuan(5000)), yuan(25));
  EXPECT_EQ(due(MemberKind::retired, yuan(6000)), yuan(60));
  EXPECT_EQ(due(MemberKind::student, 0), 20);
}

TEST(DuesCalculation, OneRateOnTheWholeBaseAtEachInServiceEdge) {
  // {base at the edge, its amount; one fen above, its amount}
  EXPECT_EQ(due(MemberKind::in_service, yuan(3000)), 1500);        // 0.5 %
  EXPECT_EQ(due(MemberKind::in_service, yuan(3000) - 1), 1500);    // 1499.995 → 1500
  EXPECT_EQ(due(MemberKind::in_service, yuan(3000) + 1), 3000);    // 1 % of 3000.01
  EXPECT_EQ(due(MemberKind::in_service, yuan(5000)), 5000);        // 1 %
  EXPECT_EQ(due(MemberKind::in_service, yuan(5000) - 1), 5000);    // 4999.99 → 49.9999 → 50.00
  EXPECT_EQ(due(MemberKind::in_service, yuan(5000) + 1), 7500);    // 1.5 %: 75.00015 → 75.00
  EXPECT_EQ(due(MemberKind::in_service, yuan(10000)), 15000);      // 1.5 %
  EXPECT_EQ(due(MemberKind::in_service, yuan(10000) - 1), 15000);  // 149.99985 → 150.00
  EXPECT_EQ(due(MemberKind::in_service, yuan(10000) + 1), 20000);  // 2 %: 200.0002 → 200.00
  EXPECT_EQ(quote(MemberKind::in_service, yuan(3000)).rate, "0.5%");
  EXPECT_EQ(quote(MemberKind::in_service, yuan(3000) + 1).rate, "1%");
  EXPECT_EQ(quote(MemberKind::in_service, yuan(5000) + 1).rate, "1.5%");
  EXPECT_EQ(quote(MemberKind::in_service, yuan(10000) + 1).rate, "2%");
}

TEST(DuesCalculation, RetireesHaveTwoBracketsOnThePensionReceived) {
  EXPECT_EQ(due(MemberKind::retired, yuan(5000) - 1), 2500);  // 24.99995 → 25.00
  EXPECT_EQ(due(MemberKind::retired, yuan(5000)), 2500);
  EXPECT_EQ(due(MemberKind::retired, yuan(5000) + 1), 5000);  // 1 % of 5000.01
  EXPECT_EQ(due(MemberKind::retired, yuan(20000)), 20000);    // no third bracket
  EXPECT_EQ(quote(MemberKind::retired, yuan(5000)).rate, "0.5%");
  EXPECT_EQ(quote(MemberKind::retired, yuan(5000) + 1).rate, "1%");
}

TEST(DuesCalculation, EveryFenUpToTwelveThousandYuanMatchesTheTable) {
  // An independent statement of the table: the rate in tenths of a percent, half up.
  auto expected = [](bool retired, std::int64_t base) {
    int tenths = retired ? (base <= 500000 ? 5 : 10)
                         : (base <= 300000    ? 5
                            : base <= 500000  ? 10
                            : base <= 1000000 ? 15
                                              : 20);
    return (base * tenths + 500) / 1000;  // base × tenths/1000 in fen, rounded half up
  };
  for (std::int64_t base = 0; base <= yuan(12000); ++base) {
    ASSERT_EQ(due(MemberKind::in_service, base), expected(false, base)) << base;
    ASSERT_EQ(due(MemberKind::retired, base), expected(true, base)) << base;
  }
}

TEST(DuesCalculation, FixedAmountsIgnoreTheBase) {
  for (auto k : {MemberKind::student, MemberKind::unemployed, MemberKind::relief}) {
    EXPECT_EQ(due(k, 0), 20);
    EXPECT_EQ(due(k, yuan(9000)), 20);
    EXPECT_TRUE(quote(k, 0).fixed);
    EXPECT_EQ(quote(k, 0).rate, "固定 0.20 元");
  }
  Policy p;
  p.farmer_fen = 100;  // 1.00 yuan, the top of the farmer range
  EXPECT_EQ(quote(MemberKind::farmer, 0).amount_fen, 20);
  EXPECT_EQ(quote(MemberKind::farmer, 0, p).amount_fen, 100);
}

TEST(DuesCalculation, RoundingOfTheLastFenIsAPolicy) {
  // 1.00 yuan at 0.5 % is half a fen; 3.00 yuan is one and a half.
  EXPECT_EQ(apply_rate(100, 50, Rounding::half_up), 1);
  EXPECT_EQ(apply_rate(100, 50, Rounding::half_even), 0);
  EXPECT_EQ(apply_rate(100, 50, Rounding::down), 0);
  EXPECT_EQ(apply_rate(300, 50, Rounding::half_up), 2);
  EXPECT_EQ(apply_rate(300, 50, Rounding::half_even), 2);
  EXPECT_EQ(apply_rate(300, 50, Rounding::down), 1);
  EXPECT_EQ(apply_rate(299, 50, Rounding::half_up), 1);  // 1.495
  Policy down;
  down.rounding = Rounding::down;
  EXPECT_EQ(quote(MemberKind::in_service, yuan(3000) - 1, down).amount_fen, 1499);
  EXPECT_EQ(quote(MemberKind::in_service, yuan(3000) - 1).amount_fen, 1500);
}

TEST(DuesCalculation, BasesOutsideTheRangeAreRefused) {
  EXPECT_THROW(quote(MemberKind::in_service, -1), std::invalid_argument);
  EXPECT_THROW(quote(MemberKind::in_service, kMaxBaseFen + 1), std::invalid_argument);
  EXPECT_EQ(due(MemberKind::in_service, kMaxBaseFen), kMaxBaseFen / 50);  // 2 %
  EXPECT_EQ(quote(MemberKind::in_service, 0).amount_fen, 0);
}

TEST(DuesCalculation, KindsAndAmountsReadBack) {
  for (auto k : {MemberKind::in_service, MemberKind::retired, MemberKind::student,
                 MemberKind::unemployed, MemberKind::relief, MemberKind::farmer})
    EXPECT_EQ(parse_kind(kind_code(k)), k);
  EXPECT_FALSE(parse_kind("teacher"));
  EXPECT_FALSE(parse_kind(""));
  EXPECT_EQ(format_yuan(4800), "48.00");
  EXPECT_EQ(format_yuan(20), "0.20");
  EXPECT_EQ(format_yuan(0), "0.00");
  EXPECT_EQ(format_yuan(-105), "-1.05");
}

TEST(DuesBases, TheLatestApprovedBaseEffectiveByTheMonthApplies) {
  std::vector<DeclaredBase> approved = {
      {1, MemberKind::in_service, yuan(4800), "2026-01"},
      {2, MemberKind::in_service, yuan(5200), "2026-07"},  // a raise from July
      {3, MemberKind::in_service, yuan(5300), "2026-07"},  // corrected later, same month
      {4, MemberKind::retired, yuan(4000), "2027-03"},     // retires next March
  };
  EXPECT_FALSE(base_in_force(approved, "2025-12"));
  EXPECT_EQ(base_in_force(approved, "2026-01")->id, 1);
  EXPECT_EQ(base_in_force(approved, "2026-06")->id, 1);
  EXPECT_EQ(base_in_force(approved, "2026-07")->id, 3);
  EXPECT_EQ(base_in_force(approved, "2027-02")->id, 3);
  EXPECT_EQ(base_in_force(approved, "2027-03")->kind, MemberKind::retired);
  EXPECT_FALSE(base_in_force({}, "2026-11"));
}

TEST(DuesBills, ProbationaryMembersOweFromTheMonthOfTheirAssemblyVote) {
  EXPECT_FALSE(owes_for("probationary", "2026-09", "2026-08"));
  EXPECT_TRUE(owes_for("probationary", "2026-09", "2026-09"));
  EXPECT_TRUE(owes_for("probationary", "2026-09", "2027-01"));
  EXPECT_TRUE(owes_for("full", "2001-07", "2026-11"));
  EXPECT_TRUE(owes_for("full", "", "2026-11"));  // an old record without a joining date
  EXPECT_FALSE(owes_for("activist", "", "2026-11"));
  EXPECT_FALSE(owes_for("development_target", "", "2026-11"));
  EXPECT_FALSE(owes_for("applicant", "", "2026-11"));
}
