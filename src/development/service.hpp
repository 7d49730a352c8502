// Member development (发展党员) use cases: a case per person from the written application to the
// archive, each step checked by development/rules against the dates recorded so far and stored
// with the rule version it was checked against; the person's registry category follows the
// pipeline (applicant → activist → development target → probationary → full). The to-do list,
// the board and the reminders are computed from the recorded dates when read or when the
// scheduler runs; nothing keeps a status a job must update.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "http/types.hpp"
#include "notify/service.hpp"

namespace zhdj::development {

class Service {
 public:
  Service(db::Database& db, notify::Service& notices, const Clock& clock, std::string time_zone)
      : db_(db), notices_(notices), clock_(clock), time_zone_(std::move(time_zone)) {}

  // Steps, stages, rule sets, archive items, and the rule version and extra steps of a
  // university: the one of `org_id` (a university committee) or the caller's own.
  nlohmann::json catalogue(const auth::Principal& who, std::optional<std::int64_t> org_id);

  // Opens a case for a registry applicant by recording step 1 (development.manage).
  nlohmann::json start(const auth::Principal& who, const nlohmann::json& body);
  // Cases under an org (the board): stage, last step, next item, overdue count.
  nlohmann::json list(const auth::Principal& who, std::optional<std::int64_t> org_id,
                      const std::string& status);
  // One case: the person, every step with its materials, publicities, the to-do items and what
  // may be recorded next (with the rule and the earliest date).
  nlohmann::json get(const auth::Principal& who, std::int64_t case_id);
  // A material attached to a step of the case, as a download (development.read at the
  // person's org; the person themself sees the list of steps, not the materials).
  http::Response file(const auth::Principal& who, std::int64_t case_id, std::int64_t file_id);
  // Records a step (standard or extra); refusals are 409 with the rule and the date.
  nlohmann::json record(const auth::Principal& who, std::int64_t case_id,
                        const nlohmann::json& body);
  // Starts the publicity (公示) before naming a development target or before an extra step.
  nlohmann::json publicity(const auth::Principal& who, std::int64_t case_id,
                           const nlohmann::json& body);
  // Stops a case (the person withdraws, or is not admitted) with a reason.
  nlohmann::json cancel(const auth::Principal& who, std::int64_t case_id,
                        const nlohmann::json& body);
  // Sets when the person leaves the unit (beyond the registry's graduation date).
  nlohmann::json update(const auth::Principal& who, std::int64_t case_id,
                        const nlohmann::json& body);

  // The to-do list of every open case under `org_id` (default: the caller's scope), soonest
  // deadline first, overdue flagged; per child org the roll-up counts.
  nlohmann::json todo(const auth::Principal& who, std::optional<std::int64_t> org_id);
  // The caller's own progress (an applicant's phone view).
  nlohmann::json mine(const auth::Principal& who);

  // University settings: the rule version in force, extra steps, the holiday calendar. Each
  // takes the university committee's id (`org_id`, in the body or the query), by default the
  // caller's university; changes need development.approve there.
  nlohmann::json set_rule_version(const auth::Principal& who, const nlohmann::json& body);
  nlohmann::json add_extra_step(const auth::Principal& who, const nlohmann::json& body);
  nlohmann::json remove_extra_step(const auth::Principal& who, std::int64_t id);
  nlohmann::json calendar(const auth::Principal& who, std::optional<std::int64_t> year,
                          std::optional<std::int64_t> org_id);
  nlohmann::json set_calendar(const auth::Principal& who, const nlohmann::json& body);

  // Printable documents of a case (documents.cpp): "publicity" (公示), "cover" (入党志愿书封面),
  // "approval" (接收预备党员的批复), "filing" (发展对象备案报告), "conversion" (转正批复); the
  // HTML print view or a PDF. A document's serial number is allocated when it is first printed
  // and kept with its step, so every later print carries the same number.
  std::string document(const auth::Principal& who, std::int64_t case_id, const std::string& kind,
                       bool pdf);

  // The funnel of an org subtree for a year (funnel.cpp): how many people entered each stage,
  // how long the stages took (median days), steps recorded late and items overdue now; per
  // child org for the charts. As JSON or as an .xlsx workbook.
  nlohmann::json funnel(const auth::Principal& who, std::optional<std::int64_t> org_id,
                        std::optional<std::int64_t> year);
  std::string funnel_xlsx(const auth::Principal& who, std::optional<std::int64_t> org_id,
                          std::optional<std::int64_t> year);

  // Reminders ahead of each deadline (kReminderLeadDays before, and once overdue), each claimed
  // once by a unique row; returns how many were sent. Called by the scheduler.
  int send_reminders();

  Date today() const { return civil_date(clock_.now(), time_zone_); }

 private:
  db::Database& db_;
  notify::Service& notices_;
  const Clock& clock_;
  std::string time_zone_;
};

}  // namespace zhdj::development
