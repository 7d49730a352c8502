// Party dues (党费), the pure rules: the official calculation of DOMAIN.md §6
// (中组部《关于中国共产党 党费收缴、使用和管理的规定》): one rate on the whole monthly base
// (brackets are not marginal), in integer fen with the rounding of the last fen a policy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.hpp"

namespace zhdj::dues {

// Whose dues these are.
enum class MemberKind {
  in_service,  // 在职
  retired,     // 离退休 (on the pension received)
  student,     // 学生
  unemployed,  // 下岗失业
  relief,      // 领取最低生活保障 / 救济
  farmer,      // 农民
};

std::optional<MemberKind> parse_kind(std::string_view code);
const char* kind_code(MemberKind k);
const char* kind_name(MemberKind k);  // Chinese

// How the last fen is rounded when base × rate is not a whole number of fen.
enum class Rounding { half_up, half_even, down };

struct Policy {
  std::string version = "2008";  // the rule the quote cites
  Rounding rounding = Rounding::half_up;
  std::int64_t fixed_fen = 20;   // students, unemployed, relief: 0.20 yuan a month
  std::int64_t farmer_fen = 20;  // farmers: 0.20–1.00 yuan a month (policy)
};

// When a new base takes effect (DOMAIN.md §6, a university's policy): from the month a new salary
// applies, or once a year (in January).
enum class Reassessment { monthly, yearly };
const char* reassessment_code(Reassessment r);  // "monthly", "yearly"
const char* reassessment_name(Reassessment r);  // 按月核定（随工资调整）, 每年核定一次
std::optional<Reassessment> parse_reassessment(std::string_view code);
// May a base take effect in `month` under the policy? (Yearly: January only.)
bool base_month_allowed(Reassessment r, YearMonth month);

// The largest monthly base accepted (1,000,000 yuan): anything above is a typing mistake.
inline constexpr std::int64_t kMaxBaseFen = 100'000'000;

struct Quote {
  std::int64_t amount_fen = 0;
  int rate_basis_points = 0;  // 50 = 0.5 %; 0 for a fixed amount
  bool fixed = false;
  std::string rate;  // "1.5%", or "固定 0.20 元"
};

// The monthly dues. `monthly_base_fen` must be in [0, kMaxBaseFen] (std::invalid_argument
// otherwise); it is ignored for the fixed kinds.
Quote quote(MemberKind kind, std::int64_t monthly_base_fen, const Policy& policy = {});

// base × basis points / 10000, rounded as the policy says (exact integer arithmetic).
std::int64_t apply_rate(std::int64_t base_fen, int basis_points, Rounding rounding);

// A declared monthly base (approved ones are what bills use).
struct DeclaredBase {
  std::int64_t id = 0;
  MemberKind kind = MemberKind::in_service;
  std::int64_t monthly_base_fen = 0;
  std::string effective_month;  // "YYYY-MM"
};

// The base in force for `month` ("YYYY-MM"): among approved bases, the one with the latest
// effective month not after `month`, the later declaration winning a tie. Nullopt: none yet.
std::optional<DeclaredBase> base_in_force(const std::vector<DeclaredBase>& approved,
                                          const std::string& month);

// Whether a member owes dues for `month` ("YYYY-MM"): full members always; probationary members
// from the month of the assembly vote that admitted them (`joined_month`, DOMAIN.md §6). Nobody
// owes for a month before they joined.
bool owes_for(std::string_view category, const std::string& joined_month, const std::string& month);

// "48.00" for 4800 fen.
std::string format_yuan(std::int64_t fen);
// Yuan as people and finance offices write them — "48", "48.5", "1,200.00", "￥48.00",
// "48.00元" (full-width digits too) — to fen, exactly (decimal text, no floating point). Nullopt
// for anything else, more than two decimals (unless they are zeros), or above kMaxBaseFen.
std::optional<std::int64_t> parse_yuan(std::string_view text);

// ---- Hardship reliefs (困难党员减免) ----------------------------------------------------------

// An approved reduction (monthly_fen > 0, 减缴) or exemption (0, 免缴) for a range of months.
struct Relief {
  std::int64_t id = 0;
  std::int64_t monthly_fen = 0;
  std::string from_month, to_month;  // "YYYY-MM", inclusive
};
// The relief covering `month`, the later one winning if several do.
std::optional<Relief> relief_for(const std::vector<Relief>& approved, const std::string& month);

// What a member owes for a month: the official amount from the base in force, lowered to the
// relief's monthly amount when a relief covers the month (never raised by it).
struct Assessment {
  DeclaredBase base;
  Quote quote;                  // from the base: standard_fen = quote.amount_fen
  std::int64_t amount_fen = 0;  // due
  std::optional<std::int64_t> relief_id;
};
// Nullopt when no approved base is in force for `month`.
std::optional<Assessment> assess(const std::vector<DeclaredBase>& approved_bases,
                                 const std::vector<Relief>& approved_reliefs,
                                 const std::string& month, const Policy& policy = {});

// ---- Payments ---------------------------------------------------------------------------------

// A payment made in month `paid` that pays the bill of month `bill` more than 6 months earlier
// (bill < paid − 6 months) needs an explicit, audited override (DOMAIN.md §6: back-payment
// normally covers at most 6 months). P = 2026-11: 2026-05 is fine, 2026-04 is not.
inline constexpr int kBackPaymentMonths = 6;
bool needs_back_payment_override(YearMonth paid, YearMonth bill);

// A single voluntary extra payment of 1000 yuan or more is a special donation (大额/特殊党费).
inline constexpr std::int64_t kSpecialPaymentFen = 100'000;
bool is_special_payment(std::int64_t extra_amount_fen);

// Paying in advance (with the branch's consent) reaches at most the last month of the current
// quarter.
YearMonth last_advance_month(YearMonth current);

// A bill as the ledger sees it.
struct BillState {
  std::string month;  // "YYYY-MM"
  std::int64_t amount_fen = 0;
  std::int64_t paid_fen = 0;  // payments allocated to it
  std::int64_t outstanding() const { return amount_fen > paid_fen ? amount_fen - paid_fen : 0; }
};

// "exempt" (amount 0), "paid", "partial" or "unpaid" — whether or not the month has ended.
const char* bill_status(const BillState& b);
// 免缴, 已缴清, 部分缴纳, 未缴, and 未出账单 for "not_billed".
const char* bill_status_name(std::string_view status);

struct Allocation {
  std::string month;
  std::int64_t amount_fen = 0;
};
struct Allocated {
  std::vector<Allocation> allocations;
  std::int64_t left_fen = 0;  // what no bill could take
};
// Splits `amount_fen` over `bills` in the order given, each taking at most what it still owes
// (bills owing nothing are passed over), so the last one reached may stay partly paid.
Allocated allocate(const std::vector<BillState>& bills, std::int64_t amount_fen);

// A statement row's amount matched to whole months: the bills owing something, oldest first
// (`bills` in month order), whose outstanding amounts add up to exactly `amount_fen` for the
// first k of them (k ≥ 1). Nullopt when no such k exists.
std::optional<std::vector<Allocation>> match_oldest_months(const std::vector<BillState>& bills,
                                                           std::int64_t amount_fen);

// ---- Arrears (欠缴) --------------------------------------------------------------------------

// Six consecutive unpaid months are flagged to the branch as a 自行脱党 case to decide.
inline constexpr int kLapseMonths = 6;

struct Arrears {
  std::int64_t outstanding_fen = 0;        // owed for ended months
  std::vector<std::string> unpaid_months;  // ended, amount > 0, not fully paid; oldest first
  int run_months = 0;       // consecutive unpaid months ending with the last ended one
  std::string run_start;    // the first month of that run ("" when 0)
  bool lapse_case = false;  // run_months ≥ kLapseMonths
};
// From a member's bills (any order) and the current month ("YYYY-MM"). A month has ended when
// it is before the current one. A month without a bill is not unpaid and breaks a run; an
// exempt month (amount 0) neither counts nor breaks a run; a fully paid month breaks it; a partly
// paid one is unpaid.
Arrears arrears(std::vector<BillState> bills, const std::string& current_month);

// paid / due as "93.5%": one decimal, truncated, so 100.0% means everything is paid. Nullopt
// when nothing is due.
std::optional<std::string> collection_rate(std::int64_t paid_fen, std::int64_t due_fen);

}  // namespace zhdj::dues
