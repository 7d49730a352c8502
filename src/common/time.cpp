#include "common/time.hpp"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <cctype>
#include <cstdio>
#include <ctime>
#include <memory>

namespace zhdj {
using namespace std::chrono;

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](size_t pos, size_t len) -> int {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 1 || m < 1 || d < 1) return std::nullopt;
  Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_date(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::optional<YearMonth> parse_year_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  auto d = parse_date(std::string(text) + "-01");
  if (!d) return std::nullopt;
  return year_month_of(*d);
}

std::string format_year_month(YearMonth m) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u", static_cast<int>(m.year()),
                static_cast<unsigned>(m.month()));
  return out;
}

Date add_months(Date d, int months) {
  year_month ym = year_month{d.year(), d.month()} + std::chrono::months{months};
  auto last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
  return Date{ym.year(), ym.month(), d.day() > last ? last : d.day()};
}

Date add_years(Date d, int years) {
  return add_months(d, years * 12);
}

Date add_days(Date d, int days) {
  return Date{sys_days{d} + std::chrono::days{days}};
}

int days_between(Date from, Date to) {
  return static_cast<int>((sys_days{to} - sys_days{from}).count());
}

std::string format_instant(Instant ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<Instant> parse_instant(std::string_view text) {
  if (auto d = parse_date(text.substr(0, 10)); d && text.size() >= 10) {
    Instant base = duration_cast<milliseconds>(sys_days{*d}.time_since_epoch()).count();
    if (text.size() == 10) return base;
    int h, mi, s;
    char z = 0;
    std::string rest(text.substr(10));
    int ms = 0;
    if (rest.size() == 14 && rest[9] == '.' && rest[13] == 'Z' &&
        std::isdigit(static_cast<unsigned char>(rest[10])) &&
        std::isdigit(static_cast<unsigned char>(rest[11])) &&
        std::isdigit(static_cast<unsigned char>(rest[12]))) {
      ms = std::stoi(rest.substr(10, 3));
      rest = rest.substr(0, 9) + "Z";
    }
    if (std::sscanf(rest.c_str(), "T%2d:%2d:%2d%c", &h, &mi, &s, &z) == 4 && z == 'Z' &&
        rest.size() == 10 && h < 24 && mi < 60 && s < 61)
      return base + ((h * 60 + mi) * 60 + s) * 1000LL + ms;
  }
  return std::nullopt;
}

Date civil_date(Instant ms, const std::string& time_zone) {
  std::unique_ptr<icu::TimeZone> tz(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)));
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  tz->getOffset(static_cast<UDate>(ms), false, raw, dst, status);
  Instant local = ms + (U_SUCCESS(status) ? static_cast<Instant>(raw) + dst : 0);
  auto days = floor<std::chrono::days>(sys_time<milliseconds>{milliseconds{local}});
  return Date{days};
}

Instant local_instant(Date d, int minute_of_day, const std::string& time_zone) {
  std::unique_ptr<icu::TimeZone> tz(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)));
  Instant local = duration_cast<milliseconds>(sys_days{d}.time_since_epoch()).count() +
                  static_cast<Instant>(minute_of_day) * 60000;
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  tz->getOffset(static_cast<UDate>(local), true, raw, dst, status);
  return local - (U_SUCCESS(status) ? static_cast<Instant>(raw) + dst : 0);
}

std::string format_local(Instant ms, const std::string& time_zone) {
  Date d = civil_date(ms, time_zone);
  Instant midnight = local_instant(d, 0, time_zone);
  int minutes = static_cast<int>((ms - midnight) / 60000);
  char out[32];
  std::snprintf(out, sizeof out, "%s %02d:%02d", format_date(d).c_str(), minutes / 60,
                minutes % 60);
  return out;
}

Instant SystemClock::now() const {
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Instant OffsetClock::now() const {
  return SystemClock{}.now() + offset_.load();
}

}  // namespace zhdj
