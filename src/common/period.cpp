#include "common/period.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace zhdj {

using namespace std::chrono;

namespace {
Date ymd(int y, int m, int d) {
  return Date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
}
Date last_of(int y, int m) {
  return Date{year_month_day_last{year{y}, month_day_last{month{static_cast<unsigned>(m)}}}};
}
int year_of(Date d) {
  return static_cast<int>(d.year());
}
int month_of(Date d) {
  return static_cast<int>(static_cast<unsigned>(d.month()));
}
bool before(Date a, Date b) {
  return sys_days(a) < sys_days(b);
}
}  // namespace

Date Period::first_day() const {
  switch (kind) {
    case PeriodKind::month:
      return ymd(year, index, 1);
    case PeriodKind::quarter:
      return ymd(year, (index - 1) * 3 + 1, 1);
    case PeriodKind::year:
      break;
  }
  return ymd(year, 1, 1);
}

Date Period::last_day() const {
  switch (kind) {
    case PeriodKind::month:
      return last_of(year, index);
    case PeriodKind::quarter:
      return last_of(year, index * 3);
    case PeriodKind::year:
      break;
  }
  return ymd(year, 12, 31);
}

std::string Period::key() const {
  switch (kind) {
    case PeriodKind::month:
      return fmt::format("{:04d}-{:02d}", year, index);
    case PeriodKind::quarter:
      return fmt::format("{:04d}-Q{}", year, index);
    case PeriodKind::year:
      break;
  }
  return fmt::format("{:04d}", year);
}

std::string Period::name() const {
  static const char* kQuarters[] = {"一", "二", "三", "四"};
  switch (kind) {
    case PeriodKind::month:
      return fmt::format("{}年{}月", year, index);
    case PeriodKind::quarter:
      return fmt::format("{}年第{}季度", year, kQuarters[index - 1]);
    case PeriodKind::year:
      break;
  }
  return fmt::format("{}年", year);
}

const char* Period::kind_code() const {
  return kind == PeriodKind::month ? "month" : kind == PeriodKind::quarter ? "quarter" : "year";
}

bool Period::contains(Date d) const {
  return !before(d, first_day()) && !before(last_day(), d);
}

std::optional<Period> parse_period(std::string_view key) {
  auto digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (key.size() < 4 || !digits(key.substr(0, 4))) return std::nullopt;
  int y = std::stoi(std::string(key.substr(0, 4)));
  if (y < 1900 || y > 9999) return std::nullopt;
  if (key.size() == 4) return Period{PeriodKind::year, y, 0};
  if (key[4] != '-') return std::nullopt;
  std::string_view rest = key.substr(5);
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4')
    return Period{PeriodKind::quarter, y, rest[1] - '0'};
  if (rest.size() == 2 && digits(rest)) {
    int m = (rest[0] - '0') * 10 + (rest[1] - '0');
    if (m >= 1 && m <= 12) return Period{PeriodKind::month, y, m};
  }
  return std::nullopt;
}

Period period_containing(PeriodKind kind, Date d) {
  int y = year_of(d), m = month_of(d);
  switch (kind) {
    case PeriodKind::month:
      return {kind, y, m};
    case PeriodKind::quarter:
      return {kind, y, (m - 1) / 3 + 1};
    case PeriodKind::year:
      break;
  }
  return {PeriodKind::year, y, 0};
}

}  // namespace zhdj
