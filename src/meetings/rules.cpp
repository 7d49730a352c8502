#include "meetings/rules.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "common/crypto.hpp"

namespace zhdj::meetings {

using namespace std::chrono;

// ---- Types and policy --------------------------------------------------------------------

const std::vector<TypeInfo>& all_types() {
  // Default frequencies: DOMAIN.md §4.
  static const std::vector<TypeInfo> kTypes{
      {Type::general_assembly, "general_assembly", "支部党员大会", Frequency::quarter,
       AttendeeSet::branch_members, false},
      {Type::committee, "committee", "支部委员会会议", Frequency::month, AttendeeSet::committee,
       false},
      {Type::group, "group", "党小组会", Frequency::month, AttendeeSet::group_members, true},
      {Type::lecture, "lecture", "党课", Frequency::quarter, AttendeeSet::branch_members, false},
      {Type::theme_day, "theme_day", "主题党日", Frequency::month, AttendeeSet::branch_members,
       false},
      {Type::life_meeting, "life_meeting", "组织生活会", Frequency::year,
       AttendeeSet::branch_members, false},
      {Type::appraisal, "appraisal", "民主评议党员", Frequency::year, AttendeeSet::branch_members,
       false},
      {Type::talk, "talk", "谈心谈话", Frequency::year, AttendeeSet::pair, false},
      {Type::activity, "activity", "其他活动", Frequency::none, AttendeeSet::branch_members, false},
  };
  return kTypes;
}

const TypeInfo& type_info(Type t) {
  return all_types().at(static_cast<size_t>(t));
}

std::optional<Type> parse_type(std::string_view code) {
  for (const auto& t : all_types())
    if (code == t.code) return t.type;
  return std::nullopt;
}

const char* frequency_code(Frequency f) {
  switch (f) {
    case Frequency::month:
      return "month";
    case Frequency::quarter:
      return "quarter";
    case Frequency::year:
      return "year";
    case Frequency::none:
      break;
  }
  return "none";
}

const char* frequency_name(Frequency f) {
  switch (f) {
    case Frequency::month:
      return "每月";
    case Frequency::quarter:
      return "每季度";
    case Frequency::year:
      return "每年";
    case Frequency::none:
      break;
  }
  return "不要求";
}

std::optional<Frequency> parse_frequency(std::string_view code) {
  for (Frequency f : {Frequency::none, Frequency::month, Frequency::quarter, Frequency::year})
    if (code == frequency_code(f)) return f;
  return std::nullopt;
}

Frequency Policy::of(Type t) const {
  auto it = frequency.find(t);
  return it == frequency.end() ? type_info(t).default_frequency : it->second;
}

// ---- Periods -------------------------------------------------------------------------------

namespace {
bool before(Date a, Date b) {
  return sys_days(a) < sys_days(b);
}
int rank(PeriodKind k) {
  return k == PeriodKind::month ? 0 : k == PeriodKind::quarter ? 1 : 2;
}
std::optional<PeriodKind> kind_of(Frequency f) {
  switch (f) {
    case Frequency::month:
      return PeriodKind::month;
    case Frequency::quarter:
      return PeriodKind::quarter;
    case Frequency::year:
      return PeriodKind::year;
    case Frequency::none:
      break;
  }
  return std::nullopt;
}
}  // namespace

std::vector<Period> obligation_periods(Frequency f, const Period& p) {
  auto kind = kind_of(f);
  if (!kind) return {};
  if (rank(*kind) > rank(p.kind)) return {period_containing(*kind, p.first_day())};
  std::vector<Period> out;
  for (Date d = p.first_day(); !before(p.last_day(), d);) {
    Period sub = period_containing(*kind, d);
    out.push_back(sub);
    d = add_days(sub.last_day(), 1);
  }
  return out;
}

// ---- Check-in --------------------------------------------------------------------------------

std::int64_t token_step(Instant now) {
  return now / (kTokenStepSeconds * 1000);
}

namespace {
std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac(
    const std::vector<unsigned char>& secret, std::string_view purpose, std::int64_t step) {
  std::string message = fmt::format("{}:{}", purpose, step);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> out{};
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, secret.data(), secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&st, out.data());
  return out;
}

template <class F>
bool valid_for_now(std::string_view given, Instant now, F&& expected) {
  std::int64_t step = token_step(now);
  if (crypto::equal_constant_time(given, expected(step))) return true;
  bool in_grace = now - step * kTokenStepSeconds * 1000 <= kTokenGraceSeconds * 1000;
  return in_grace && crypto::equal_constant_time(given, expected(step - 1));
}
}  // namespace

std::string checkin_token(const std::vector<unsigned char>& secret, std::int64_t step) {
  auto m = mac(secret, "qr", step);
  return crypto::to_hex(m.data(), 10);
}

std::string checkin_code(const std::vector<unsigned char>& secret, std::int64_t step) {
  auto m = mac(secret, "code", step);
  // Dynamic truncation as in RFC 4226, so every digit is uniform.
  int offset = m[m.size() - 1] & 0x0f;
  std::uint32_t bin = (static_cast<std::uint32_t>(m[offset] & 0x7f) << 24) |
                      (static_cast<std::uint32_t>(m[offset + 1]) << 16) |
                      (static_cast<std::uint32_t>(m[offset + 2]) << 8) | m[offset + 3];
  return fmt::format("{:06d}", bin % 1000000);
}

bool token_valid(const std::vector<unsigned char>& secret, std::string_view token, Instant now) {
  return token.size() == 20 &&
         valid_for_now(token, now, [&](std::int64_t s) { return checkin_token(secret, s); });
}

bool code_valid(const std::vector<unsigned char>& secret, std::string_view code, Instant now) {
  return code.size() == 6 &&
         valid_for_now(code, now, [&](std::int64_t s) { return checkin_code(secret, s); });
}

int token_seconds_left(Instant now) {
  std::int64_t step_ms = kTokenStepSeconds * 1000;
  std::int64_t left = step_ms - (now - token_step(now) * step_ms);
  return static_cast<int>((left + 999) / 1000);
}

CheckinWindow checkin_window(Instant starts_at, int before_min, int after_min) {
  return {starts_at - static_cast<Instant>(before_min) * 60000,
          starts_at + static_cast<Instant>(after_min) * 60000};
}

std::int64_t presence_credit(std::optional<Instant> last_seen, Instant now, Instant starts_at,
                             Instant ends_at) {
  if (!last_seen || now <= *last_seen) return 0;
  Instant from = std::max(*last_seen, now - 2 * kHeartbeatSeconds * 1000);
  from = std::max(from, starts_at);
  Instant to = std::min(now, ends_at);
  return to > from ? to - from : 0;
}

bool counts_as_held(Type t, bool minutes_recorded, int expected, int present) {
  if (!minutes_recorded || present <= 0) return false;
  if (t == Type::committee) return present * 2 > expected;
  return true;
}

// ---- Votes -----------------------------------------------------------------------------------

const char* choice_code(Choice c) {
  switch (c) {
    case Choice::yes:
      return "yes";
    case Choice::no:
      return "no";
    case Choice::abstain:
      break;
  }
  return "abstain";
}

const char* choice_name(Choice c) {
  switch (c) {
    case Choice::yes:
      return "赞成";
    case Choice::no:
      return "反对";
    case Choice::abstain:
      break;
  }
  return "弃权";
}

std::optional<Choice> parse_choice(std::string_view code) {
  for (Choice c : {Choice::yes, Choice::no, Choice::abstain})
    if (code == choice_code(c)) return c;
  return std::nullopt;
}

AssemblyVoteResult decide_assembly_vote(const AssemblyVoteInput& in) {
  if (in.eligible < 0 || in.present < 0 || in.yes < 0 || in.no < 0 || in.abstain < 0 ||
      in.written_yes < 0 || in.written_no < 0 || in.written_abstain < 0)
    throw std::invalid_argument("negative count");
  if (in.present > in.eligible) throw std::invalid_argument("more present than eligible");
  if (in.yes + in.no + in.abstain > in.present)
    throw std::invalid_argument("more ballots than voters present");
  int written = in.written_yes + in.written_no + in.written_abstain;
  if (written > in.eligible - in.present)
    throw std::invalid_argument("more written opinions than absent voters");

  AssemblyVoteResult r;
  r.eligible = in.eligible;
  r.present = in.present;
  // "More than half" of N: the smallest whole number above N/2.
  r.quorum_needed = in.eligible / 2 + 1;
  r.pass_needed = in.eligible / 2 + 1;
  r.yes = in.yes + in.written_yes;
  r.no = in.no + in.written_no;
  r.abstain = in.abstain + in.written_abstain;
  r.written = written;
  r.not_voted = in.eligible - (in.yes + in.no + in.abstain) - written;
  // The quorum counts those present; written opinions count only in the tally.
  r.quorum_met = in.present * 2 > in.eligible;
  r.passed = r.quorum_met && r.yes * 2 > in.eligible;
  return r;
}

bool has_voting_rights(std::string_view category, std::string_view status,
                       std::optional<Date> watch_until, Date today) {
  if (category != "full" || status != "active") return false;
  return !watch_until || !before(today, *watch_until);
}

// ---- Appraisal -------------------------------------------------------------------------------

const char* grade_code(Grade g) {
  switch (g) {
    case Grade::excellent:
      return "excellent";
    case Grade::qualified:
      return "qualified";
    case Grade::basically_qualified:
      return "basically_qualified";
    case Grade::unqualified:
      break;
  }
  return "unqualified";
}

const char* grade_name(Grade g) {
  switch (g) {
    case Grade::excellent:
      return "优秀";
    case Grade::qualified:
      return "合格";
    case Grade::basically_qualified:
      return "基本合格";
    case Grade::unqualified:
      break;
  }
  return "不合格";
}

std::optional<Grade> parse_grade(std::string_view code) {
  for (Grade g :
       {Grade::excellent, Grade::qualified, Grade::basically_qualified, Grade::unqualified})
    if (code == grade_code(g)) return g;
  return std::nullopt;
}

int excellent_cap(int appraised) {
  return appraised < 0 ? 0 : appraised / 3;
}

// ---- Compliance ------------------------------------------------------------------------------

const char* status_code(Status s) {
  switch (s) {
    case Status::met:
      return "met";
    case Status::missed:
      return "missed";
    case Status::open:
      break;
  }
  return "open";
}

int OrgCompliance::met() const {
  return static_cast<int>(
      std::count_if(obligations.begin(), obligations.end(),
                    [](const Obligation& o) { return o.status == Status::met; }));
}
int OrgCompliance::missed() const {
  return static_cast<int>(
      std::count_if(obligations.begin(), obligations.end(),
                    [](const Obligation& o) { return o.status == Status::missed; }));
}
int OrgCompliance::open() const {
  return static_cast<int>(
      std::count_if(obligations.begin(), obligations.end(),
                    [](const Obligation& o) { return o.status == Status::open; }));
}

std::set<std::pair<std::int64_t, std::int64_t>> talk_pairs_required(
    const std::vector<std::int64_t>& committee_members, const std::vector<std::int64_t>& members) {
  std::set<std::pair<std::int64_t, std::int64_t>> out;
  for (auto c : committee_members) {
    auto add = [&](std::int64_t m) {
      if (m != c) out.insert({std::min(c, m), std::max(c, m)});
    };
    for (auto m : members) add(m);
    for (auto m : committee_members) add(m);
  }
  return out;
}

namespace {
bool required_of(const OrgFacts& org, Type t) {
  if (org.party_group) return t == Type::group;
  switch (t) {
    case Type::group:
    case Type::activity:
      return false;
    case Type::committee:
    case Type::talk:
      return org.has_committee;
    default:
      return true;
  }
}
}  // namespace

OrgCompliance evaluate(const OrgFacts& org, const std::vector<HeldMeeting>& held,
                       const Policy& policy, const Period& report, Date today) {
  OrgCompliance out;
  for (const auto& m : held) {
    if (!report.contains(m.date)) continue;
    ++out.meetings_held;
    out.expected += m.expected;
    out.present += m.present;
    out.leave += m.leave;
  }
  if (org.party_members <= 0) return out;

  for (const auto& info : all_types()) {
    if (!required_of(org, info.type)) continue;
    Frequency f = policy.of(info.type);
    for (const Period& p : obligation_periods(f, report)) {
      if (before(today, p.first_day())) continue;           // not started yet
      if (before(p.last_day(), org.active_from)) continue;  // before the org existed
      Obligation o{info.type, f, p, 0, 1, Status::open};
      if (info.type == Type::talk) {
        auto pairs = talk_pairs_required(org.committee_members, org.members);
        o.required = static_cast<int>(pairs.size());
        for (const auto& pr : pairs) o.held += org.talk_pairs_held.count(pr) ? 1 : 0;
        if (o.required == 0) continue;
      } else {
        for (const auto& m : held)
          if (m.type == info.type && p.contains(m.date)) ++o.held;
      }
      bool ended = before(p.last_day(), today);
      o.status = o.held >= o.required ? Status::met : ended ? Status::missed : Status::open;
      out.obligations.push_back(o);
    }
  }
  return out;
}

std::vector<Obligation> due_soon(const OrgCompliance& c, Date today, int days) {
  std::vector<Obligation> out;
  for (const auto& o : c.obligations)
    if (o.status == Status::open && days_between(today, o.period.last_day()) <= days &&
        days_between(today, o.period.last_day()) >= 0)
      out.push_back(o);
  return out;
}

}  // namespace zhdj::meetings
