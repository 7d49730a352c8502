// Organizational life (组织生活), the pure rules: meeting types and their default policy,
// compliance periods, check-in tokens, online presence, the branch assembly vote rule
// (DOMAIN.md §3), the democratic-appraisal cap and compliance evaluation (DOMAIN.md §4).
// No I/O here: the service feeds these functions facts read from the database.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/period.hpp"
#include "common/time.hpp"

namespace zhdj::meetings {

// The forms of organizational life.
enum class Type {
  general_assembly,  // 支部党员大会
  committee,         // 支部委员会会议
  group,             // 党小组会
  lecture,           // 党课
  theme_day,         // 主题党日
  life_meeting,      // 组织生活会
  appraisal,         // 民主评议党员
  talk,              // 谈心谈话 (one pair per record)
  activity,          // 其他活动 (no obligation)
};

enum class Frequency { none, month, quarter, year };

// Who is invited by default.
enum class AttendeeSet {
  branch_members,  // the party members (full and probationary) of the branch and its groups
  committee,       // the branch committee of the current term
  group_members,   // the party members of the party group
  pair,            // 谈心谈话: exactly two people, chosen
};

struct TypeInfo {
  Type type;
  const char* code;  // "general_assembly", ...
  const char* name;  // Chinese
  Frequency default_frequency;
  AttendeeSet attendees;
  bool on_party_group;  // held by a 党小组 (otherwise by a 党支部 or 党总支)
};

const std::vector<TypeInfo>& all_types();
const TypeInfo& type_info(Type t);
std::optional<Type> parse_type(std::string_view code);
const char* frequency_code(Frequency f);  // "none", "month", "quarter", "year"
const char* frequency_name(Frequency f);  // 不要求, 每月, 每季度, 每年
std::optional<Frequency> parse_frequency(std::string_view code);

// The frequency in force for each type (policy; types not listed use their default).
struct Policy {
  std::map<Type, Frequency> frequency;
  Frequency of(Type t) const;
};

// ---- Periods ---------------------------------------------------------------------------

// Calendar months, quarters and years (common/period.hpp), as meetings have always named them.
using zhdj::parse_period;
using zhdj::Period;
using zhdj::period_containing;
using zhdj::PeriodKind;

// The periods of frequency `f` a report on `p` judges: every f-period inside `p` when f is as
// fine as p or finer (monthly obligations in a quarter: its 3 months), otherwise the single
// f-period that contains `p` (a quarterly obligation seen from a month: its quarter).
// Empty for Frequency::none.
std::vector<Period> obligation_periods(Frequency f, const Period& p);

// ---- Check-in ---------------------------------------------------------------------------

// The big screen's QR token and 6-digit code change every 30 s.
inline constexpr int kTokenStepSeconds = 30;
// A code scanned just before it rotated is still accepted this long after.
inline constexpr int kTokenGraceSeconds = 5;

std::int64_t token_step(Instant now);
// Derived from the meeting's secret with HMAC-SHA-256: 20 lowercase hex characters, and a
// 6-digit decimal code (leading zeros kept).
std::string checkin_token(const std::vector<unsigned char>& secret, std::int64_t step);
std::string checkin_code(const std::vector<unsigned char>& secret, std::int64_t step);
// True for the current step's token/code, or the previous step's within the grace period.
// Comparison is constant-time.
bool token_valid(const std::vector<unsigned char>& secret, std::string_view token, Instant now);
bool code_valid(const std::vector<unsigned char>& secret, std::string_view code, Instant now);
// Seconds until the current token rotates (1..30).
int token_seconds_left(Instant now);

// Check-in is open from `before_min` minutes before the start to `after_min` minutes after it
// (policy default 30 and 30), both ends inclusive.
inline constexpr int kDefaultCheckinBeforeMin = 30;
inline constexpr int kDefaultCheckinAfterMin = 30;
struct CheckinWindow {
  Instant opens = 0;
  Instant closes = 0;
  bool contains(Instant t) const { return t >= opens && t <= closes; }
};
CheckinWindow checkin_window(Instant starts_at, int before_min, int after_min);

// Online attendance: the meeting page sends a heartbeat every kHeartbeatSeconds while open.
inline constexpr int kHeartbeatSeconds = 60;
// Milliseconds of attendance a heartbeat at `now` adds: the time since the previous heartbeat
// (`last_seen`), at most 2 × kHeartbeatSeconds (a closed laptop is not attendance), clipped to
// the meeting [starts_at, ends_at]. The first heartbeat adds nothing.
std::int64_t presence_credit(std::optional<Instant> last_seen, Instant now, Instant starts_at,
                             Instant ends_at);

// A meeting counts as held (for compliance) when its minutes are recorded and attendance was
// taken (someone present); a branch committee meeting also needs more than half of the
// committee present (DOMAIN.md §4).
bool counts_as_held(Type t, bool minutes_recorded, int expected, int present);

// ---- Votes ------------------------------------------------------------------------------

enum class Choice { yes, no, abstain };
const char* choice_code(Choice c);  // "yes", "no", "abstain"
const char* choice_name(Choice c);  // 赞成, 反对, 弃权
std::optional<Choice> parse_choice(std::string_view code);

// The version of the rule the vote result cites.
inline constexpr const char* kVoteRuleVersion = "2026";

// 支部党员大会 votes on admission and conversion (DOMAIN.md §3). Counts only:
struct AssemblyVoteInput {
  int eligible = 0;                  // N: full members with voting rights who should attend
  int present = 0;                   // of them, present at the meeting
  int yes = 0, no = 0, abstain = 0;  // ballots of present voting members
  // Written opinions formally submitted before the discussion by absent voting members.
  int written_yes = 0, written_no = 0, written_abstain = 0;
};

struct AssemblyVoteResult {
  int eligible = 0;
  int present = 0;
  int quorum_needed = 0;             // present must reach this: floor(N/2) + 1
  int pass_needed = 0;               // yes (ballots + written) must reach this: floor(N/2) + 1
  int yes = 0, no = 0, abstain = 0;  // ballots and written opinions together
  int written = 0;                   // how many written opinions were counted
  int not_voted = 0;                 // eligible members with neither ballot nor opinion
  bool quorum_met = false;
  bool passed = false;  // quorum met and yes > N/2
  std::string rule_version = kVoteRuleVersion;
};

// Throws std::invalid_argument when the counts are impossible (negative, more ballots than
// present members, more written opinions than absent members, present > N).
AssemblyVoteResult decide_assembly_vote(const AssemblyVoteInput& in);

// Who may vote in an admission or conversion vote: full members in good standing, not under
// 留党察看 (its end date `watch_until` not yet reached on `today`). Probationary members attend
// but do not vote.
bool has_voting_rights(std::string_view category, std::string_view status,
                       std::optional<Date> watch_until, Date today);

// ---- Democratic appraisal (民主评议党员) ------------------------------------------------

enum class Grade { excellent, qualified, basically_qualified, unqualified };
const char* grade_code(Grade g);  // "excellent", "qualified", "basically_qualified", "unqualified"
const char* grade_name(Grade g);  // 优秀, 合格, 基本合格, 不合格
std::optional<Grade> parse_grade(std::string_view code);

// 优秀 normally at most one third of those appraised: floor(n / 3).
int excellent_cap(int appraised);

// ---- Compliance -------------------------------------------------------------------------

// A held meeting, as compliance sees it.
struct HeldMeeting {
  Type type = Type::activity;
  Date date;  // local date of the start
  int expected = 0;
  int present = 0;
  int leave = 0;
};

// What compliance needs to know about one branch or party group.
struct OrgFacts {
  std::int64_t id = 0;
  bool party_group = false;  // a 党小组 (else a 党支部)
  Date active_from;          // periods that ended before this day are not judged
  bool has_committee = false;
  int party_members = 0;  // an org with none has no obligations
  // 谈心谈话: committee members and party members; a talk pair is {a, b} with a < b.
  std::vector<std::int64_t> committee_members;
  std::vector<std::int64_t> members;
  std::set<std::pair<std::int64_t, std::int64_t>> talk_pairs_held;  // in the report's year
};

enum class Status { met, missed, open };
const char* status_code(Status s);  // "met", "missed", "open"

struct Obligation {
  Type type = Type::activity;
  Frequency frequency = Frequency::none;
  Period period;     // the period it is judged over
  int held = 0;      // meetings held in it (talks: pairs covered)
  int required = 1;  // 1, or for talks the number of pairs
  Status status = Status::open;
};

struct OrgCompliance {
  std::vector<Obligation> obligations;       // in type order, then by period
  int meetings_held = 0;                     // held meetings inside the report period
  int expected = 0, present = 0, leave = 0;  // their attendance, summed
  int met() const;
  int missed() const;
  int open() const;
};

// Judges one org over `report` on `today`: each obligation period that has started by today and
// ended no earlier than `active_from`. A period that has ended is met or missed; the period that
// contains today is met or still open. `held` may include meetings outside `report` (they
// count only toward obligation periods they fall in).
// Required per type: 党小组 → group; 党支部 → general_assembly, lecture, theme_day,
// life_meeting, appraisal, talk (only with a committee), committee (only with a committee).
OrgCompliance evaluate(const OrgFacts& org, const std::vector<HeldMeeting>& held,
                       const Policy& policy, const Period& report, Date today);

// Talk pairs a branch owes in a year: each committee member with each other party member
// (committee members among themselves once), as {a, b} with a < b.
std::set<std::pair<std::int64_t, std::int64_t>> talk_pairs_required(
    const std::vector<std::int64_t>& committee_members, const std::vector<std::int64_t>& members);

// Open obligations whose period ends within `days` of today (inclusive): warnings to send.
std::vector<Obligation> due_soon(const OrgCompliance& c, Date today, int days);

}  // namespace zhdj::meetings
