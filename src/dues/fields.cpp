#include "dues/fields.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.hpp"
#include "dues/messages.hpp"
#include "dues/rules.hpp"

namespace zhdj::dues::fields {

using nlohmann::json;

YearMonth required_month(const json& b, const char* field) {
  std::optional<YearMonth> m;
  if (b.contains(field) && b[field].is_string()) m = parse_year_month(b[field].get<std::string>());
  if (!m) throw errors::validation(field, msg::kMonthField);
  return *m;
}

std::optional<std::int64_t> optional_fen(const json& b, const char* field, std::int64_t min_fen,
                                         std::int64_t max_fen) {
  if (!b.contains(field) || b[field].is_null()) return std::nullopt;
  const auto& v = b[field];
  if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > 1ULL << 62))
    throw errors::validation(field, msg::kFenInteger);
  auto fen = v.get<std::int64_t>();
  if (fen < min_fen || fen > max_fen)
    throw errors::validation(field, fmt::format(fmt::runtime(msg::kFenRange), format_yuan(min_fen),
                                                format_yuan(max_fen)));
  return fen;
}

bool optional_flag(const json& b, const char* field) {
  if (!b.contains(field) || b[field].is_null()) return false;
  if (!b[field].is_boolean()) throw errors::validation(field, msg::kFlag);
  return b[field].get<bool>();
}

std::vector<YearMonth> optional_months(const json& b, const char* field) {
  std::vector<YearMonth> out;
  if (!b.contains(field) || b[field].is_null()) return out;
  if (!b[field].is_array() || b[field].size() > 36) throw errors::validation(field, msg::kMonths);
  for (const auto& v : b[field]) {
    std::optional<YearMonth> m;
    if (v.is_string()) m = parse_year_month(v.get<std::string>());
    if (!m) throw errors::validation(field, msg::kMonths);
    out.push_back(*m);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace zhdj::dues::fields
