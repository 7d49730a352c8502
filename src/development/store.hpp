// Reading development cases: the case row, the person, and the facts the rules need, for one
// case or for every open case under an org in a few queries (boards, to-do lists, reminders).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/database.hpp"
#include "development/rules.hpp"

namespace zhdj::development::store {

struct StepRow {
  std::int64_t id = 0;
  std::string step;  // code
  int number = 0;
  Date done_on;
  std::int64_t org_id = 0;
  std::string org_name;
  std::string comments;
  std::optional<std::string> late_reason;
  nlohmann::json data;
  std::string rule_version;
  std::string recorded_by_name;
  Instant recorded_at = 0;
  bool superseded = false;
};

struct PublicityRow {
  std::int64_t id = 0;
  std::string step;
  Date starts_on;
  int working_days = 0;
  Date ends_on;
  std::string serial;
  std::string content;
};

struct Case {
  std::int64_t id = 0;
  std::int64_t member_id = 0;
  std::int64_t university_id = 0;
  std::string rule_version;
  std::string status;  // active, completed, cancelled
  int last_number = 0;
  std::optional<Date> leaves_on;  // the case's own, else the registry's graduation date
  int extension_months = 0;
  std::string conversion_outcome;
  std::optional<std::string> cancel_reason;
  std::optional<Date> cancelled_on;
  std::int64_t version = 0;
  Instant created_at = 0;
  // The person as the registry has them now.
  std::string name;
  std::string category;
  std::string status_of_member;
  std::int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
  std::optional<Date> birth_date;
  std::optional<std::int64_t> account_id;
  std::vector<StepRow> steps;  // in order of number, then id
  std::vector<PublicityRow> publicities;
};

// The university an org path belongs to: its first id.
std::int64_t university_of(const std::string& path);

std::optional<Case> load(db::Tx& tx, std::int64_t case_id);
// Takes the case's row lock for the rest of a write transaction (PostgreSQL; SQLite has one
// writer), so two requests on one case check and write one after the other and a step cannot
// be recorded twice. Call it before load().
void lock(db::Tx& tx, std::int64_t case_id);
// Open cases (status active) of people under `path`, optionally restricted by an extra SQL
// condition on the person's org path (the caller's scope), with their steps and publicities.
std::vector<Case> load_under(db::Tx& tx, const std::string& path, const std::string& status,
                             const std::string& scope_sql, const db::Params& scope_params);
std::vector<Case> load_for_member(db::Tx& tx, std::int64_t member_id);

std::vector<ExtraStep> extra_steps(db::Tx& tx, std::int64_t university_id);
Calendar calendar(db::Tx& tx, std::int64_t university_id);
std::string rule_version(db::Tx& tx, std::int64_t university_id);

// The facts development/rules reads, from a loaded case.
CaseFacts facts(const Case& c, const std::vector<ExtraStep>& extras);

}  // namespace zhdj::development::store
