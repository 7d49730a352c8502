// Party dues (DOMAIN.md §6): the official calculation in integer fen, at every bracket edge.
#include <gtest/gtest.h>

#include <stdexcept>

#include <unicode/unistr.h>

#include "common/error.hpp"
#include "dues/rules.hpp"
#include "dues/statement.hpp"

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

namespace {
zhdj::YearMonth ym(const char* text) {
  return *zhdj::parse_year_month(text);
}
}  // namespace

TEST(DuesPayments, BackPaymentBeyondSixMonthsNeedsAnOverride) {
  EXPECT_FALSE(needs_back_payment_override(ym("2026-11"), ym("2026-11")));
  EXPECT_FALSE(needs_back_payment_override(ym("2026-11"), ym("2026-05")));  // exactly 6 back
  EXPECT_TRUE(needs_back_payment_override(ym("2026-11"), ym("2026-04")));   // 7 back
  // Across the turn of the year: P = 2027-02 reaches back to 2026-08.
  EXPECT_FALSE(needs_back_payment_override(ym("2027-02"), ym("2026-08")));
  EXPECT_TRUE(needs_back_payment_override(ym("2027-02"), ym("2026-07")));
  EXPECT_FALSE(needs_back_payment_override(ym("2027-01"), ym("2026-07")));
  EXPECT_TRUE(needs_back_payment_override(ym("2027-01"), ym("2026-06")));
  EXPECT_TRUE(needs_back_payment_override(ym("2027-06"), ym("2026-11")));
  EXPECT_FALSE(needs_back_payment_override(ym("2027-06"), ym("2026-12")));
  // Paying ahead never needs it.
  EXPECT_FALSE(needs_back_payment_override(ym("2026-11"), ym("2026-12")));
}

TEST(DuesPayments, AnExtraPaymentOfAThousandYuanOrMoreIsSpecial) {
  EXPECT_FALSE(is_special_payment(99'999));
  EXPECT_TRUE(is_special_payment(100'000));
  EXPECT_TRUE(is_special_payment(100'001));
  EXPECT_FALSE(is_special_payment(20));
}

TEST(DuesPayments, PayingInAdvanceReachesTheEndOfTheQuarter) {
  EXPECT_EQ(last_advance_month(ym("2026-10")), ym("2026-12"));
  EXPECT_EQ(last_advance_month(ym("2026-11")), ym("2026-12"));
  EXPECT_EQ(last_advance_month(ym("2026-12")), ym("2026-12"));
  EXPECT_EQ(last_advance_month(ym("2027-01")), ym("2027-03"));
  EXPECT_EQ(last_advance_month(ym("2026-06")), ym("2026-06"));
  EXPECT_EQ(last_advance_month(ym("2026-07")), ym("2026-09"));
}

TEST(DuesPayments, AmountsInYuanBecomeFenExactly) {
  EXPECT_EQ(parse_yuan("48"), 4800);
  EXPECT_EQ(parse_yuan("48.5"), 4850);
  EXPECT_EQ(parse_yuan("48.05"), 4805);
  EXPECT_EQ(parse_yuan("0.20"), 20);
  EXPECT_EQ(parse_yuan("0.1"), 10);
  EXPECT_EQ(parse_yuan("1,200.00"), 120000);
  EXPECT_EQ(parse_yuan("￥48.00"), 4800);
  EXPECT_EQ(parse_yuan("¥ 48.00"), 4800);
  EXPECT_EQ(parse_yuan("48.00元"), 4800);
  EXPECT_EQ(parse_yuan("４８.００"), 4800);  // full-width digits
  EXPECT_EQ(parse_yuan(" 48.00 "), 4800);
  EXPECT_EQ(parse_yuan("48.000"), 4800);  // Excel may write trailing zeros
  EXPECT_EQ(parse_yuan("1000000"), 100'000'000);
  EXPECT_FALSE(parse_yuan("1000000.01"));
  EXPECT_FALSE(parse_yuan("48.001"));  // a third decimal: not yuan and fen
  EXPECT_FALSE(parse_yuan("0.30000000000000004"));
  EXPECT_FALSE(parse_yuan(""));
  EXPECT_FALSE(parse_yuan("48."));
  EXPECT_FALSE(parse_yuan(".5"));
  EXPECT_FALSE(parse_yuan("-48"));
  EXPECT_FALSE(parse_yuan("4.8.0"));
  EXPECT_FALSE(parse_yuan("4E1"));
  EXPECT_FALSE(parse_yuan("四十八"));
  EXPECT_FALSE(parse_yuan(",48"));
}

TEST(DuesPayments, APaymentFillsTheGivenMonthsInOrderAndMayLeaveTheLastPartlyPaid) {
  std::vector<BillState> bills = {
      {"2026-08", 4800, 4800}, {"2026-09", 4800, 1000}, {"2026-10", 4800, 0}, {"2026-11", 0, 0}};
  auto a = allocate(bills, 6000);
  ASSERT_EQ(a.allocations.size(), 2u);
  EXPECT_EQ(a.allocations[0].month, "2026-09");
  EXPECT_EQ(a.allocations[0].amount_fen, 3800);
  EXPECT_EQ(a.allocations[1].month, "2026-10");
  EXPECT_EQ(a.allocations[1].amount_fen, 2200);
  EXPECT_EQ(a.left_fen, 0);
  EXPECT_EQ(allocate(bills, 9000).left_fen, 400);  // more than the months owe
  EXPECT_TRUE(allocate({}, 100).allocations.empty());
}

TEST(DuesPayments, AStatementAmountMatchesTheOldestWholeMonths) {
  std::vector<BillState> bills = {
      {"2026-08", 4800, 4800}, {"2026-09", 4800, 1000}, {"2026-10", 4800, 0}, {"2026-11", 5000, 0}};
  auto one = match_oldest_months(bills, 3800);  // what September still owes
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].month, "2026-09");
  auto three = match_oldest_months(bills, 3800 + 4800 + 5000);
  ASSERT_TRUE(three);
  EXPECT_EQ(three->size(), 3u);
  EXPECT_EQ(three->back().month, "2026-11");
  EXPECT_FALSE(match_oldest_months(bills, 4800));   // October alone skips September
  EXPECT_FALSE(match_oldest_months(bills, 20000));  // more than everything
  EXPECT_FALSE(match_oldest_months(bills, 0));
  EXPECT_FALSE(match_oldest_months({}, 4800));
}

TEST(DuesReliefs, AReliefLowersTheAmountForItsMonthsOnly) {
  std::vector<DeclaredBase> bases = {{1, MemberKind::in_service, yuan(4800), "2026-01"}};
  std::vector<Relief> reliefs = {{7, 1000, "2026-03", "2026-05"}, {8, 0, "2026-09", "2026-09"}};
  auto feb = assess(bases, reliefs, "2026-02");
  ASSERT_TRUE(feb);
  EXPECT_EQ(feb->amount_fen, 4800);
  EXPECT_FALSE(feb->relief_id);
  auto mar = assess(bases, reliefs, "2026-03");
  EXPECT_EQ(mar->amount_fen, 1000);
  EXPECT_EQ(mar->quote.amount_fen, 4800);  // the standard amount is kept beside it
  EXPECT_EQ(mar->relief_id, 7);
  EXPECT_EQ(assess(bases, reliefs, "2026-05")->amount_fen, 1000);
  EXPECT_EQ(assess(bases, reliefs, "2026-06")->amount_fen, 4800);
  EXPECT_EQ(assess(bases, reliefs, "2026-09")->amount_fen, 0);  // exempt
  // A reduction never raises the amount.
  EXPECT_EQ(assess({{2, MemberKind::student, 0, "2026-01"}}, reliefs, "2026-03")->amount_fen, 20);
  EXPECT_FALSE(assess(bases, reliefs, "2025-12"));  // no base yet
}

namespace {
std::vector<BillState> unpaid_from(const char* first, int months, std::int64_t amount = 4800) {
  std::vector<BillState> out;
  for (auto m = ym(first); out.size() < static_cast<size_t>(months); m += std::chrono::months{1})
    out.push_back({zhdj::format_year_month(m), amount, 0});
  return out;
}
}  // namespace

TEST(DuesArrears, SixConsecutiveUnpaidEndedMonthsAreALapseCase) {
  auto five = arrears(unpaid_from("2026-06", 5), "2026-11");  // June–October
  EXPECT_EQ(five.run_months, 5);
  EXPECT_FALSE(five.lapse_case);
  EXPECT_EQ(five.outstanding_fen, 5 * 4800);
  auto six = arrears(unpaid_from("2026-05", 6), "2026-11");
  EXPECT_EQ(six.run_months, 6);
  EXPECT_EQ(six.run_start, "2026-05");
  EXPECT_TRUE(six.lapse_case);
  EXPECT_EQ(six.unpaid_months.front(), "2026-05");
  EXPECT_EQ(six.unpaid_months.back(), "2026-10");
}

TEST(DuesArrears, TheCurrentMonthHasNotEndedYet) {
  auto bills = unpaid_from("2026-06", 6);  // June–November, November is current
  auto a = arrears(bills, "2026-11");
  EXPECT_EQ(a.run_months, 5);
  EXPECT_FALSE(a.lapse_case);
  EXPECT_EQ(a.unpaid_months.size(), 5u);
  EXPECT_EQ(a.outstanding_fen, 5 * 4800);
  EXPECT_TRUE(arrears(bills, "2026-12").lapse_case);  // a month later
}

TEST(DuesArrears, APartlyPaidMonthIsUnpaidAndAPaidMonthBreaksTheRun) {
  auto bills = unpaid_from("2026-05", 6);
  bills[2].paid_fen = 4799;  // July: one fen short
  auto partly = arrears(bills, "2026-11");
  EXPECT_EQ(partly.run_months, 6);
  EXPECT_EQ(partly.outstanding_fen, 5 * 4800 + 1);
  bills[2].paid_fen = 4800;  // July paid
  auto broken = arrears(bills, "2026-11");
  EXPECT_EQ(broken.run_months, 3);  // August–October
  EXPECT_EQ(broken.run_start, "2026-08");
  EXPECT_FALSE(broken.lapse_case);
  EXPECT_EQ(broken.unpaid_months.size(), 5u);
}

TEST(DuesArrears, AnExemptMonthNeitherCountsNorBreaksTheRun) {
  auto bills = unpaid_from("2026-04", 7);  // April–October
  bills[3].amount_fen = 0;                 // July exempt
  auto a = arrears(bills, "2026-11");
  EXPECT_EQ(a.run_months, 6);
  EXPECT_EQ(a.run_start, "2026-04");
  EXPECT_TRUE(a.lapse_case);
  EXPECT_EQ(a.unpaid_months.size(), 6u);
  // Exempt at the end: the run still reaches back across it.
  auto tail = unpaid_from("2026-04", 7);
  tail.back().amount_fen = 0;  // October exempt
  EXPECT_EQ(arrears(tail, "2026-11").run_months, 6);
}

TEST(DuesArrears, AMonthWithoutABillIsNotUnpaidAndBreaksTheRun) {
  auto bills = unpaid_from("2026-03", 8);  // March–October
  bills.erase(bills.begin() + 3);          // no bill for June
  auto a = arrears(bills, "2026-11");
  EXPECT_EQ(a.run_months, 4);  // July–October
  EXPECT_EQ(a.unpaid_months.size(), 7u);
  EXPECT_FALSE(a.lapse_case);
  EXPECT_EQ(arrears({}, "2026-11").run_months, 0);
  EXPECT_TRUE(arrears({}, "2026-11").run_start.empty());
}

TEST(DuesArrears, RunsCrossTheTurnOfTheYear) {
  auto a = arrears(unpaid_from("2026-08", 6), "2027-02");  // August–January
  EXPECT_EQ(a.run_months, 6);
  EXPECT_EQ(a.run_start, "2026-08");
  EXPECT_TRUE(a.lapse_case);
  auto b = arrears(unpaid_from("2026-09", 5), "2027-02");
  EXPECT_EQ(b.run_months, 5);
  EXPECT_FALSE(b.lapse_case);
}

TEST(DuesReports, TheCollectionRateIsTruncatedToOneDecimal) {
  EXPECT_EQ(collection_rate(935, 1000), "93.5%");
  EXPECT_EQ(collection_rate(9359, 10000), "93.5%");
  EXPECT_EQ(collection_rate(99999, 100000), "99.9%");  // never 100% before everything is paid
  EXPECT_EQ(collection_rate(100000, 100000), "100.0%");
  EXPECT_EQ(collection_rate(0, 4800), "0.0%");
  EXPECT_EQ(collection_rate(1, 3), "33.3%");
  EXPECT_FALSE(collection_rate(0, 0));
}

// ---- Finance-office statements -----------------------------------------------------------

namespace {
const zhdj::Date kToday = *zhdj::parse_date("2026-11-24");

// Text in GB18030, as Excel saves CSV on Chinese Windows.
std::string gb18030(std::string_view utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  std::string out(static_cast<size_t>(u.length()) * 4 + 4, '\0');
  auto n = u.extract(0, u.length(), out.data(), static_cast<uint32_t>(out.size()), "GB18030");
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string refusal(std::string_view bytes) {
  try {
    parse_statement(bytes, kToday);
  } catch (const zhdj::ApiError& e) {
    EXPECT_EQ(e.field(), "file");
    return e.message();
  }
  return "";
}
}  // namespace

TEST(DuesStatement, HeadersAreMatchedTolerantly) {
  auto s = parse_statement(
      "\xEF\xBB\xBF对账单\n\n序号,* 姓名 ,学号（工号）,金额（元）,到账日期,附言\n"
      "1,张三,2021001,48.00,2026/11/5,十一月党费\n"
      ",,,,,\n"
      "2,李四,,\"1,200.50\",,\n",
      kToday);
  EXPECT_EQ(s.format, "csv");
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(s.rows[0].row, 4u);
  EXPECT_EQ(s.rows[0].name, "张三");
  EXPECT_EQ(s.rows[0].number, "2021001");
  EXPECT_EQ(s.rows[0].amount_fen, 4800);
  EXPECT_EQ(zhdj::format_date(s.rows[0].paid_on), "2026-11-05");
  EXPECT_EQ(s.rows[0].memo, "十一月党费");
  EXPECT_EQ(s.rows[1].row, 6u);  // the blank row 5 is skipped
  EXPECT_EQ(s.rows[1].amount_fen, 120050);
  EXPECT_EQ(s.rows[1].paid_on, kToday);  // no date: the day of import
}

TEST(DuesStatement, CsvThatIsNotUtf8IsReadAsGb18030) {
  auto s = parse_statement(gb18030("姓名\t金额\t日期\n王五\t0.20\t2026年10月31日\n"), kToday);
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(s.rows[0].name, "王五");
  EXPECT_EQ(s.rows[0].amount_fen, 20);
  EXPECT_EQ(zhdj::format_date(s.rows[0].paid_on), "2026-10-31");
}

TEST(DuesStatement, BadRowsRefuseTheWholeFileNamingEachRow) {
  auto m =
      refusal("姓名,金额,日期\n张三,48.001,\n李四,48,2026-13-01\n王五,0,\n赵六,48,2027-01-01\n");
  EXPECT_NE(m.find("4 行"), std::string::npos) << m;
  EXPECT_NE(m.find("第 2 行"), std::string::npos) << m;
  EXPECT_NE(m.find("第 3 行"), std::string::npos) << m;
  EXPECT_NE(m.find("第 4 行"), std::string::npos) << m;
  EXPECT_NE(m.find("第 5 行"), std::string::npos) << m;
  EXPECT_NE(refusal("序号,备注\n1,x\n"), "");      // no header
  EXPECT_NE(refusal("姓名,金额\n"), "");           // no data
  EXPECT_NE(refusal(""), "");                      // no file
  EXPECT_NE(refusal("PK\x03\x04 not a zip"), "");  // a damaged .xlsx
}

TEST(DuesReassessment, AYearlyPolicyAllowsJanuaryOnly) {
  using std::chrono::year;
  EXPECT_TRUE(base_month_allowed(Reassessment::monthly, year{2026} / 11));
  EXPECT_TRUE(base_month_allowed(Reassessment::yearly, year{2027} / 1));
  EXPECT_FALSE(base_month_allowed(Reassessment::yearly, year{2026} / 12));
  EXPECT_FALSE(base_month_allowed(Reassessment::yearly, year{2027} / 2));
  EXPECT_EQ(parse_reassessment("yearly"), Reassessment::yearly);
  EXPECT_EQ(parse_reassessment("monthly"), Reassessment::monthly);
  EXPECT_FALSE(parse_reassessment("weekly"));
  EXPECT_STREQ(reassessment_code(Reassessment::yearly), "yearly");
}
