// Reporting periods: a calendar month, quarter or year in the university's time zone, written
// "2026-11", "2026-Q4" and "2026" in URLs (compliance of organizational life, dues reports).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/time.hpp"

namespace zhdj {

enum class PeriodKind { month, quarter, year };

struct Period {
  PeriodKind kind = PeriodKind::month;
  int year = 0;
  int index = 0;  // month 1–12, quarter 1–4, 0 for a year

  Date first_day() const;
  Date last_day() const;
  YearMonth first_month() const { return year_month_of(first_day()); }
  YearMonth last_month() const { return year_month_of(last_day()); }
  std::string key() const;        // "2026-11", "2026-Q4", "2026"
  std::string name() const;       // "2026年11月", "2026年第四季度", "2026年"
  const char* kind_code() const;  // "month", "quarter", "year"
  bool contains(Date d) const;
  friend bool operator==(const Period&, const Period&) = default;
};

// "2026-11", "2026-Q4" (or "2026-q4") and "2026"; nullopt for anything else.
std::optional<Period> parse_period(std::string_view key);
Period period_containing(PeriodKind kind, Date d);

}  // namespace zhdj
