#include "dues/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "common/text.hpp"

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

std::optional<std::int64_t> parse_yuan(std::string_view input) {
  std::string s = text::normalize(input);
  auto strip_prefix = [&](std::string_view p) {
    if (s.rfind(p, 0) == 0) s = text::normalize(s.substr(p.size()));
  };
  for (std::string_view p : {"￥", "¥", "RMB", "CNY"}) strip_prefix(p);
  for (std::string_view suffix : {"元", "RMB", "CNY"})
    if (s.size() >= suffix.size() &&
        s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0)
      s = text::normalize(s.substr(0, s.size() - suffix.size()));
  std::int64_t whole = 0, cents = 0;
  int decimals = -1;  // -1: no point yet
  bool digit_seen = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ',' && decimals < 0 && digit_seen && i + 1 < s.size() && s[i + 1] >= '0' &&
        s[i + 1] <= '9')
      continue;  // a thousands separator
    if (c == '.' && decimals < 0 && digit_seen) {
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digit_seen = true;
    if (decimals < 0) {
      whole = whole * 10 + (c - '0');
      if (whole > kMaxBaseFen) return std::nullopt;
    } else if (++decimals <= 2) {
      cents = cents * 10 + (c - '0');
    } else if (c != '0') {
      return std::nullopt;  // a third decimal that is not a zero: not an amount in yuan
    }
  }
  if (!digit_seen || decimals == 0) return std::nullopt;  // "", "48."
  if (decimals == 1) cents *= 10;
  std::int64_t fen = whole * 100 + cents;
  if (fen > kMaxBaseFen) return std::nullopt;
  return fen;
}

std::optional<Relief> relief_for(const std::vector<Relief>& approved, const std::string& month) {
  std::optional<Relief> found;
  for (const auto& r : approved)
    if (r.from_month <= month && month <= r.to_month && (!found || r.id > found->id)) found = r;
  return found;
}

std::optional<Assessment> assess(const std::vector<DeclaredBase>& approved_bases,
                                 const std::vector<Relief>& approved_reliefs,
                                 const std::string& month, const Policy& policy) {
  auto base = base_in_force(approved_bases, month);
  if (!base) return std::nullopt;
  Assessment a{*base, quote(base->kind, base->monthly_base_fen, policy)};
  a.amount_fen = a.quote.amount_fen;
  if (auto relief = relief_for(approved_reliefs, month)) {
    a.amount_fen = std::min(a.amount_fen, relief->monthly_fen);
    a.relief_id = relief->id;
  }
  return a;
}

bool needs_back_payment_override(YearMonth paid, YearMonth bill) {
  return bill < paid - std::chrono::months{kBackPaymentMonths};
}

bool is_special_payment(std::int64_t extra_amount_fen) {
  return extra_amount_fen >= kSpecialPaymentFen;
}

YearMonth last_advance_month(YearMonth current) {
  unsigned m = static_cast<unsigned>(current.month());
  return current + std::chrono::months{static_cast<int>((3 - m % 3) % 3)};
}

const char* bill_status(const BillState& b) {
  if (b.amount_fen <= 0) return "exempt";
  if (b.paid_fen >= b.amount_fen) return "paid";
  return b.paid_fen > 0 ? "partial" : "unpaid";
}

const char* bill_status_name(std::string_view status) {
  if (status == "exempt") return "免缴";
  if (status == "paid") return "已缴清";
  if (status == "partial") return "部分缴纳";
  if (status == "unpaid") return "未缴";
  return "未出账单";
}

Allocated allocate(const std::vector<BillState>& bills, std::int64_t amount_fen) {
  Allocated out;
  out.left_fen = amount_fen;
  for (const auto& b : bills) {
    if (out.left_fen <= 0) break;
    std::int64_t take = std::min(b.outstanding(), out.left_fen);
    if (take <= 0) continue;
    out.allocations.push_back({b.month, take});
    out.left_fen -= take;
  }
  return out;
}

std::optional<std::vector<Allocation>> match_oldest_months(const std::vector<BillState>& bills,
                                                           std::int64_t amount_fen) {
  std::vector<Allocation> taken;
  std::int64_t sum = 0;
  for (const auto& b : bills) {
    if (b.outstanding() <= 0) continue;
    sum += b.outstanding();
    taken.push_back({b.month, b.outstanding()});
    if (sum == amount_fen) return taken;
    if (sum > amount_fen) break;
  }
  return std::nullopt;
}

Arrears arrears(std::vector<BillState> bills, const std::string& current_month) {
  std::sort(bills.begin(), bills.end(),
            [](const BillState& a, const BillState& b) { return a.month < b.month; });
  Arrears out;
  std::map<std::string, const BillState*> by_month;
  for (const auto& b : bills) {
    by_month[b.month] = &b;
    if (b.month >= current_month || b.amount_fen <= 0 || b.paid_fen >= b.amount_fen) continue;
    out.outstanding_fen += b.outstanding();
    out.unpaid_months.push_back(b.month);
  }
  // The run: walk back month by month from the last ended one.
  auto current = parse_year_month(current_month);
  if (!current) return out;
  for (YearMonth m = *current - std::chrono::months{1};; m -= std::chrono::months{1}) {
    auto it = by_month.find(format_year_month(m));
    if (it == by_month.end()) break;  // no bill: not unpaid, the run ends
    const BillState& b = *it->second;
    if (b.amount_fen <= 0) continue;  // exempt: skipped
    if (b.paid_fen >= b.amount_fen) break;
    ++out.run_months;
    out.run_start = b.month;
  }
  out.lapse_case = out.run_months >= kLapseMonths;
  return out;
}

std::optional<std::string> collection_rate(std::int64_t paid_fen, std::int64_t due_fen) {
  if (due_fen <= 0) return std::nullopt;
  std::int64_t permille = std::clamp<std::int64_t>(paid_fen, 0, due_fen) * 1000 / due_fen;
  return fmt::format("{}.{}%", permille / 10, permille % 10);
}

const char* reassessment_code(Reassessment r) {
  return r == Reassessment::yearly ? "yearly" : "monthly";
}

const char* reassessment_name(Reassessment r) {
  return r == Reassessment::yearly ? "每年核定一次（1 月起）" : "按月核定（随工资调整）";
}

std::optional<Reassessment> parse_reassessment(std::string_view code) {
  if (code == "monthly") return Reassessment::monthly;
  if (code == "yearly") return Reassessment::yearly;
  return std::nullopt;
}

bool base_month_allowed(Reassessment r, YearMonth month) {
  return r == Reassessment::monthly || month.month() == std::chrono::January;
}

}  // namespace zhdj::dues
