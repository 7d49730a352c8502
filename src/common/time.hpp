// Civil dates and UTC instants.
// Dates of the domain (terms, deadlines, birthdays) are civil dates in the university's time zone;
// moments (login, audit) are UTC instants in milliseconds. Deadlines use calendar months
// (DOMAIN.md §3): one month from 03-10 is 04-10, from 01-31 it is the last day of February.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zhdj {

using Date = std::chrono::year_month_day;

// Parses "YYYY-MM-DD" strictly (zero-padded, a real calendar day); nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);

// A calendar month (bills, dues bases): "2026-11".
using YearMonth = std::chrono::year_month;
std::optional<YearMonth> parse_year_month(std::string_view text);  // strict "YYYY-MM"
std::string format_year_month(YearMonth m);
inline YearMonth year_month_of(Date d) {
  return d.year() / d.month();
}

// Calendar-month arithmetic: the day is kept, or clamped to the month's last day.
Date add_months(Date d, int months);
Date add_years(Date d, int years);
Date add_days(Date d, int days);
// Whole days from `from` to `to` (negative when `to` is earlier).
int days_between(Date from, Date to);

// Milliseconds since the Unix epoch, UTC.
using Instant = std::int64_t;
std::string format_instant(Instant ms);  // 2026-11-24T08:00:00Z
// The same format (optionally with milliseconds, as JavaScript's toISOString writes), or a date.
std::optional<Instant> parse_instant(std::string_view text);

// The civil date of an instant in an IANA time zone (e.g. "Asia/Shanghai"), via ICU.
Date civil_date(Instant ms, const std::string& time_zone);
// The instant at `minute_of_day` (0..1439) local time on `d` in `time_zone`.
Instant local_instant(Date d, int minute_of_day, const std::string& time_zone);
// "2026-11-25 14:30" in `time_zone`.
std::string format_local(Instant ms, const std::string& time_zone);

// The source of "now". Production uses the system clock; tests and the demo's
// time travel use a clock that can be moved forward.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// A clock that reads the system clock plus an offset that tests may advance.
class OffsetClock final : public Clock {
 public:
  Instant now() const override;
  void advance(std::int64_t ms) { offset_ += ms; }
  void set_offset(std::int64_t ms) { offset_ = ms; }

 private:
  std::atomic<std::int64_t> offset_{0};
};

}  // namespace zhdj
