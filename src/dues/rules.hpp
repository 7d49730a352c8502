// Party dues (党费), the pure rules: the official calculation of DOMAIN.md §6
// (中组部《关于中国共产党 党费收缴、使用和管理的规定》): one rate on the whole monthly base
// (brackets are not marginal), in integer fen with the rounding of the last fen a policy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace zhdj::dues
