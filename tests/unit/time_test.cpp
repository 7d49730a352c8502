#include <gtest/gtest.h>

#include "common/time.hpp"

using namespace zhdj;

static Date d(const char* s) {
  return *parse_date(s);
}

TEST(CivilDate, ParsesOnlyRealCalendarDays) {
  EXPECT_TRUE(parse_date("2026-02-28"));
  EXPECT_FALSE(parse_date("2026-02-29"));
  EXPECT_TRUE(parse_date("2024-02-29"));
  EXPECT_FALSE(parse_date("2026-13-01"));
  EXPECT_FALSE(parse_date("2026-1-01"));
  EXPECT_FALSE(parse_date("2026/01/01"));
  EXPECT_FALSE(parse_date(""));
  EXPECT_EQ(format_date(d("2026-03-10")), "2026-03-10");
}

TEST(CalendarMonths, OneMonthKeepsTheDay) {
  EXPECT_EQ(format_date(add_months(d("2026-03-10"), 1)), "2026-04-10");
}

TEST(CalendarMonths, ClampsToTheLastDayOfShortMonths) {
  EXPECT_EQ(format_date(add_months(d("2026-01-31"), 1)), "2026-02-28");
  EXPECT_EQ(format_date(add_months(d("2024-01-31"), 1)), "2024-02-29");
  EXPECT_EQ(format_date(add_months(d("2026-03-31"), 1)), "2026-04-30");
  EXPECT_EQ(format_date(add_months(d("2026-08-31"), -6)), "2026-02-28");
}

TEST(CalendarMonths, YearsAreTwelveMonths) {
  EXPECT_EQ(format_date(add_years(d("2024-02-29"), 1)), "2025-02-28");
  EXPECT_EQ(format_date(add_years(d("2023-06-15"), 3)), "2026-06-15");
  EXPECT_EQ(format_date(add_months(d("2026-11-30"), 3)), "2027-02-28");
}

TEST(CalendarDays, CountsWholeDays) {
  EXPECT_EQ(days_between(d("2026-01-01"), d("2026-12-31")), 364);
  EXPECT_EQ(days_between(d("2026-03-01"), d("2026-02-28")), -1);
  EXPECT_EQ(format_date(add_days(d("2026-12-31"), 1)), "2027-01-01");
}

TEST(Instants, FormatAndParseRoundTrip) {
  EXPECT_EQ(format_instant(0), "1970-01-01T00:00:00Z");
  auto t = parse_instant("2026-11-24T08:30:05Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_instant(*t), "2026-11-24T08:30:05Z");
  EXPECT_EQ(*parse_instant("2026-11-24"), *parse_instant("2026-11-24T00:00:00Z"));
  EXPECT_FALSE(parse_instant("2026-11-24T25:00:00Z"));
}

TEST(TimeZone, CivilDateUsesTheUniversitysZone) {
  // 2026-11-24T17:00:00Z is already the 25th in Beijing (UTC+8) but still the 24th in UTC.
  auto t = *parse_instant("2026-11-24T17:00:00Z");
  EXPECT_EQ(format_date(civil_date(t, "Asia/Shanghai")), "2026-11-25");
  EXPECT_EQ(format_date(civil_date(t, "UTC")), "2026-11-24");
}

TEST(Instants, AcceptJavaScriptMilliseconds) {
  // What a browser's Date.toISOString() sends.
  EXPECT_EQ(*parse_instant("2026-11-24T08:30:05.250Z"),
            *parse_instant("2026-11-24T08:30:05Z") + 250);
  EXPECT_FALSE(parse_instant("2026-11-24T08:30:05.2Z"));
  EXPECT_FALSE(parse_instant("2026-11-24T08:30:05.abcZ"));
  EXPECT_FALSE(parse_instant("2026-11-24T08:30:05.250"));
}

TEST(TimeZone, LocalTimeOfADayIsAnInstantInTheZone) {
  // 18:00 in Beijing is 10:00 UTC; the day before a meeting on 11-25 is 11-24.
  EXPECT_EQ(format_instant(local_instant(*parse_date("2026-11-24"), 18 * 60, "Asia/Shanghai")),
            "2026-11-24T10:00:00Z");
  EXPECT_EQ(format_instant(local_instant(*parse_date("2026-11-24"), 0, "UTC")),
            "2026-11-24T00:00:00Z");
  // Daylight saving time: 12:00 in New York is 16:00 UTC in July, 17:00 UTC in January.
  EXPECT_EQ(format_instant(local_instant(*parse_date("2026-07-01"), 12 * 60, "America/New_York")),
            "2026-07-01T16:00:00Z");
  EXPECT_EQ(format_instant(local_instant(*parse_date("2026-01-15"), 12 * 60, "America/New_York")),
            "2026-01-15T17:00:00Z");
}

TEST(TimeZone, FormatsLocalTimeForNotices) {
  auto t = *parse_instant("2026-11-25T06:30:00Z");
  EXPECT_EQ(format_local(t, "Asia/Shanghai"), "2026-11-25 14:30");
  EXPECT_EQ(format_local(*parse_instant("2026-11-24T17:05:00Z"), "Asia/Shanghai"),
            "2026-11-25 01:05");
}

TEST(YearMonths, ParseStrictlyAndCountInCalendarMonths) {
  auto m = parse_year_month("2026-11");
  ASSERT_TRUE(m);
  EXPECT_EQ(format_year_month(*m), "2026-11");
  EXPECT_EQ(format_year_month(*m + std::chrono::months{2}), "2027-01");
  EXPECT_EQ(format_year_month(*m - std::chrono::months{11}), "2025-12");
  EXPECT_EQ(format_year_month(year_month_of(*parse_date("2024-02-29"))), "2024-02");
  for (const char* bad : {"2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", ""})
    EXPECT_FALSE(parse_year_month(bad)) << bad;
}
