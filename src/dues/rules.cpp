#include "dues/rules.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace zhdj::dues {

namespace {
struct KindInfo {
  MemberKind kind;
  const char* code;
  const char* name;
};
constexpr KindInfo kKinds[] = {
    {MemberKind::in_service, "in_service", "在职党员"},
    {MemberKind::retired, "retired", "离退休党员"},
    {MemberKind::student, "student", "学生党员"},
    {MemberKind::unemployed, "unemployed", "下岗失业党员"},
    {MemberKind::relief, "relief", "领取最低生活保障金的党员"},
    {MemberKind::farmer, "farmer", "农民党员"},
};

// DOMAIN.md §6: the bracket's rate applies to the whole base.
int in_service_rate(std::int64_t base_fen) {
  if (base_fen <= 300'000) return 50;     // ≤ 3000 yuan: 0.5 %
  if (base_fen <= 500'000) return 100;    // ≤ 5000: 1 %
  if (base_fen <= 1'000'000) return 150;  // ≤ 10000: 1.5 %
  return 200;                             // above: 2 %
}
int retired_rate(std::int64_t base_fen) {
  return base_fen <= 500'000 ? 50 : 100;  // ≤ 5000 yuan: 0.5 %, above: 1 %
}

std::string percent(int basis_points) {
  if (basis_points % 100 == 0) return fmt::format("{}%", basis_points / 100);
  return fmt::format("{}.{}%", basis_points / 100, (basis_points % 100) / 10);
}
}  // namespace

std::optional<MemberKind> parse_kind(std::string_view code) {
  for (const auto& k : kKinds)
    if (code == k.code) return k.kind;
  return std::nullopt;
}

const char* kind_code(MemberKind k) {
  return kKinds[static_cast<int>(k)].code;
}

const char* kind_name(MemberKind k) {
  return kKinds[static_cast<int>(k)].name;
}

std::int64_t apply_rate(std::int64_t base_fen, int basis_points, Rounding rounding) {
  std::int64_t product = base_fen * basis_points;  // ≤ 1e8 × 200: far from overflow
  std::int64_t whole = product / 10'000, rest = product % 10'000;
  switch (rounding) {
    case Rounding::down:
      return whole;
    case Rounding::half_even:
      if (rest * 2 > 10'000 || (rest * 2 == 10'000 && whole % 2 == 1)) return whole + 1;
      return whole;
    case Rounding::half_up:
      break;
  }
  return rest * 2 >= 10'000 ? whole + 1 : whole;
}

Quote quote(MemberKind kind, std::int64_t monthly_base_fen, const Policy& policy) {
  if (monthly_base_fen < 0 || monthly_base_fen > kMaxBaseFen)
    throw std::invalid_argument("monthly base out of range");
  Quote q;
  auto fixed = [&](std::int64_t fen) {
    q.fixed = true;
    q.amount_fen = fen;
    q.rate = fmt::format("固定 {} 元", format_yuan(fen));
  };
  switch (kind) {
    case MemberKind::in_service:
      q.rate_basis_points = in_service_rate(monthly_base_fen);
      break;
    case MemberKind::retired:
      q.rate_basis_points = retired_rate(monthly_base_fen);
      break;
    case MemberKind::farmer:
      fixed(policy.farmer_fen);
      return q;
    case MemberKind::student:
    case MemberKind::unemployed:
    case MemberKind::relief:
      fixed(policy.fixed_fen);
      return q;
  }
  q.amount_fen = apply_rate(monthly_base_fen, q.rate_basis_points, policy.rounding);
  q.rate = percent(q.rate_basis_points);
  return q;
}

std::optional<DeclaredBase> base_in_force(const std::vector<DeclaredBase>& approved,
                                          const std::string& month) {
  std::optional<DeclaredBase> best;
  for (const auto& b : approved) {
    if (b.effective_month > month) continue;  // "YYYY-MM" compares in calendar order
    if (!best || b.effective_month > best->effective_month ||
        (b.effective_month == best->effective_month && b.id > best->id))
      best = b;
  }
  return best;
}

bool owes_for(std::string_view category, const std::string& joined_month,
              const std::string& month) {
  if (category != "full" && category != "probationary") return false;
  return joined_month.empty() || joined_month <= month;
}

std::string format_yuan(std::int64_t fen) {
  const char* sign = fen < 0 ? "-" : "";
  std::int64_t a = fen < 0 ? -fen : fen;
  return fmt::format("{}{}.{:02d}", sign, a / 100, a % 100);
}

}  // namespace zhdj::dues
