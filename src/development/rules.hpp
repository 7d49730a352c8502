// Member development (发展党员), the pure rules: the 5 stages and 25 steps of DOMAIN.md §3, the
// versioned rule sets, the working-day calendar, and for a case (one person's pipeline) what may
// be recorded on which date and what falls due when. No I/O: the service reads the facts and
// writes what these functions allow.
//
// Every date is a civil date in the university's time zone; every deadline uses calendar months
// (add_months: 01-31 + 1 month = the last day of February).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.hpp"

namespace zhdj::development {

// ---- Steps -------------------------------------------------------------------------------

// The 25 standard steps, numbered as in DOMAIN.md §3.
enum class Step : int {
  application = 1,         // 递交入党申请书
  application_talk,        // 2 与入党申请人谈话 (within 1 month)
  activist,                // 3 确定入党积极分子
  activist_filing,         // 4 报上级党委备案
  contacts,                // 5 指定培养联系人 (1–2 full members)
  activist_review,         // 6 培养教育考察 (repeatable; every 6 months)
  target,                  // 7 确定发展对象 (≥ 1 year after 3; publicity before, 2026)
  target_filing,           // 8 报上级党委备案
  introducers,             // 9 确定入党介绍人 (2 full members, not under 留党察看)
  political_review,        // 10 政治审查 (written conclusion)
  short_training,          // 11 短期集中培训 (≥ 3 days or ≥ 24 class hours)
  branch_review,           // 12 支部委员会审查
  pre_review,              // 13 上级党委预审 (not if leaving within 3 months)
  application_form,        // 14 填写入党志愿书 (form serial)
  admission_vote,          // 15 支部大会讨论 (within 1 month of 13; a meeting vote)
  approval_talk,           // 16 上级党委派人谈话
  admission_approval,      // 17 上级党委审批 (within 3 months of 15, never after 6)
  admission_record,        // 18 报上级党委组织部门备案
  placement,               // 19 编入党支部和党小组
  oath,                    // 20 入党宣誓 (within 1 month of 17)
  probation_review,        // 21 预备党员教育考察 (repeatable)
  conversion_application,  // 22 提出转正申请
  conversion_vote,         // 23 支部大会讨论转正 (not before probation ends)
  conversion_approval,     // 24 上级党委审批转正 (within 3 months of 23)
  archive,                 // 25 材料归档
};
constexpr int kStepCount = 25;

enum class Stage {
  applicant = 1,  // 申请入党 (1–2)
  activist,       // 入党积极分子的确定和培养教育 (3–6)
  target,         // 发展对象的确定和考察 (7–11)
  admission,      // 预备党员的接收 (12–20)
  probation,      // 预备党员的教育考察和转正 (21–25)
};

// Who records a step.
enum class Actor {
  branch,  // the branch (its admins)
  higher,  // the higher committee (基层党委: any committee above the branch may file/pre-review)
  approver,        // the university committee, or a college committee with delegated approval power
  org_department,  // the organization department above (the university level)
};

struct StepInfo {
  Step step;
  int number;        // 1..25
  const char* code;  // "application", ...
  const char* name;  // Chinese, e.g. "确定入党积极分子"
  Stage stage;
  Actor actor;
  bool repeatable;  // 6 and 21: several records
};

const std::vector<StepInfo>& all_steps();  // in order
const StepInfo& step_info(Step s);
std::optional<Step> parse_step(std::string_view code);
const char* stage_code(Stage s);  // "applicant", "activist", "target", "admission", "probation"
const char* stage_name(Stage s);  // Chinese
Stage stage_of(Step s);

// ---- Rule sets ---------------------------------------------------------------------------

// A version of the rules. Decisions store the version they were checked against.
struct RuleSet {
  const char* version;  // "2014", "2026"
  const char* title;    // "《中国共产党发展党员工作细则》（2014年）"
  int target_publicity_working_days;  // before naming a development target; 0 = not required
  bool secret_admission_vote;         // the assembly votes by secret ballot
};

const std::vector<RuleSet>& rule_sets();
const RuleSet* find_rule_set(std::string_view version);
constexpr std::string_view kDefaultRuleVersion = "2026";

// A step a university adds without code changes, e.g. a second publicity before conversion.
// It sits right after standard step `after`, and the next standard step waits for it.
struct ExtraStep {
  std::string code;  // "x12": 'x' + its id
  std::string name;  // Chinese, as the university wrote it
  Step after;
  int publicity_working_days = 0;  // > 0: a publicity of that length must end before it is recorded
  std::int64_t id = 0;             // its row (the university's settings)
};

// ---- Working days ------------------------------------------------------------------------

// Monday–Friday are working days, except the listed holidays; listed make-up days (调休) are
// working days even on a weekend.
class Calendar {
 public:
  Calendar() = default;
  Calendar(std::set<Date> holidays, std::set<Date> workdays);
  bool is_working_day(Date d) const;
  // The n-th working day counting from `start` (n >= 1; `start` itself counts when it is one).
  Date nth_working_day(Date start, int n) const;
  // Working days in [from, to], both included; 0 when to < from.
  int working_days(Date from, Date to) const;

 private:
  std::set<Date> holidays_;
  std::set<Date> workdays_;
};

// A publicity period (公示): it starts on `starts_on` and lasts `working_days` working days.
struct Publicity {
  Date starts_on;
  int working_days = 0;
};
// The last day of the publicity.
Date publicity_end(const Publicity& p, const Calendar& cal);

// ---- A case ------------------------------------------------------------------------------

// What is known about one person's pipeline, read by the service from its tables.
struct CaseFacts {
  const RuleSet* rules = nullptr;  // nullptr: the default rule set (kDefaultRuleVersion)
  std::optional<Date> birth_date;  // from the ID number
  std::optional<Date> leaves_on;   // graduation (students) or leaving the unit, when known
  // The date of the latest record of each standard step done (repeatable steps: their latest).
  std::map<Step, Date> done;
  std::vector<Date> activist_reviews;   // every step-6 record
  std::vector<Date> probation_reviews;  // every step-21 record
  // Step 7's publicity (and the publicities of extra steps, by code), when started.
  std::optional<Publicity> target_publicity;
  std::map<std::string, Publicity> extra_publicities;
  std::vector<ExtraStep> extra_steps;      // the university's, in order
  std::map<std::string, Date> extra_done;  // extra step code → date recorded
  std::optional<Date> admission_vote_on;   // the meeting date of the admission vote (15)
  // The latest conversion vote's (23) decision: "convert", "extend" or "cancel"; empty before.
  std::string conversion_outcome;
  int extension_months = 0;  // 0, or 6..12 once probation was extended
  bool cancelled = false;
  bool completed = false;
};

// The end of probation: one year from the admission vote (admission_vote_on, or else the date
// step 15 was recorded), plus any extension; nullopt before the vote.
std::optional<Date> probation_end(const CaseFacts& c);

// The outcome of checking a step.
struct Verdict {
  enum class Kind {
    allowed,  // record it
    late,     // allowed only with a written reason for the delay (情况说明); counted as overdue
    refused,  // a rule forbids it: `message` says which and, where there is one, the date
  };
  Kind kind = Kind::allowed;
  std::string message;           // Chinese, cites the rule and the earliest/latest allowed date
  std::string field;             // the input it concerns, e.g. "done_on"
  std::optional<Date> earliest;  // the earliest date it would be allowed
  std::optional<Date> latest;    // the deadline (late or refused after it)
  bool ok() const { return kind == Kind::allowed; }
};

// May standard step `s` be recorded on `on` (today is `today`)? Checks the order (every earlier
// non-repeatable step and the extra steps before it done; repeatable ones only between their
// neighbours), the dates (not before the previous step, not in the future) and the step's own
// numeric rule. Inputs particular to a step are checked by the functions below.
//
// The numeric rules, exactly (a = the date of the step named):
//  1  refused before the 18th birthday (born 02-29: 03-01 in a common year) — earliest = it
//  2  late after add_months(a1, 1)
//  7  refused before add_months(a3, 12) — earliest = it; refused unless every half year
//     (add_months(a3, 6(k-1)), add_months(a3, 6k)] that ends on or before `on` holds a step-6
//     review; when the rule set asks for a publicity: refused unless it was started and `on` is
//     after its last day — earliest = the day after
//  13 refused when leaves_on <= add_months(on, 3); may be recorded again when its vote window
//     (below) passed without a vote
//  15 refused after add_months(a13, 1) (the pre-review must be redone) — latest = it
//  17 late after add_months(a15, 3); refused after add_months(a15, 6) — latest = it
//  20 late after add_months(a17, 1)
//  22 refused before add_months(probation_end, -1)
//  23 refused before probation_end (= add_years(a15, 1) + extension); late after
//     add_months(probation_end, 3); after an extension it may be recorded again
//  24 late after add_months(a23, 3); needs a23's outcome "convert" or "cancel"
//  25 needs step 24 (its checklist is check_archive)
Verdict check_step(const CaseFacts& c, Step s, Date on, Date today, const Calendar& cal);
Verdict check_extra_step(const CaseFacts& c, const ExtraStep& x, Date on, Date today,
                         const Calendar& cal);

// A person named in a step (contact person, introducer), as the registry knows them on the date.
struct PersonFacts {
  std::int64_t member_id = 0;
  std::string name;
  std::string category;             // "full", "probationary", ...
  std::string status;               // "active", ...
  std::optional<Date> watch_until;  // 留党察看 until (inclusive)
};
// Step 5: one or two distinct full members in good standing, not the person themself.
Verdict check_contacts(const std::vector<PersonFacts>& people, std::int64_t self, Date on);
// Step 9: exactly two distinct full members, active, not under 留党察看 on `on`, not the person.
Verdict check_introducers(const std::vector<PersonFacts>& people, std::int64_t self, Date on);
// Step 11: at least 3 days or at least 24 class hours (either suffices); negative or absurd
// numbers (more than 366 days or 2000 hours) refused.
Verdict check_training(int days, int class_hours);
// Step 23: probation may be extended once, by 6 to 12 months.
Verdict check_extension(const CaseFacts& c, int months);

// Step 25: the materials that go into the personnel file; archiving needs every item ticked.
struct ArchiveItem {
  const char* code;
  const char* name;  // Chinese
};
const std::vector<ArchiveItem>& archive_items();
Verdict check_archive(const std::set<std::string>& ticked);

// ---- What falls due ----------------------------------------------------------------------

// An item of the branch's to-do list for one case.
struct Due {
  std::string kind;   // "talk", "activist_review", "target_eligible", "pre_review_vote",
                      // "approval", "oath", "probation_ending", "conversion_approval", "archive",
                      // "extra"
  Step step;          // the step that settles it (an extra step: the standard step it follows)
  std::string code;   // the code of the step to record: step's, or the extra step's "x12"
  std::string title;  // Chinese, e.g. "入党申请人谈话"
  std::optional<Date> from;    // the earliest date it may be done
  std::optional<Date> due_on;  // the deadline, when there is one
  bool overdue = false;        // due_on < today
  bool hard = false;           // past due_on nothing can be recorded (approval at 6 months)
};

// The open items of a case on `today`, soonest deadline first. Empty for cancelled or completed
// cases.
std::vector<Due> dues(const CaseFacts& c, Date today, const Calendar& cal);

// Reminder days: one reminder goes out within this many days before a deadline (the day itself
// included), and one more once it is overdue.
constexpr int kReminderLeadDays = 7;

}  // namespace zhdj::development
