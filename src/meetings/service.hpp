// Organizational life (组织生活) use cases: schedule, publish, reschedule and cancel meetings;
// leave; check-in by rotating QR token or 6-digit code, by hand and by online presence; minutes
// with attachments, approval and amendments; reminders the day before.
// Each use case checks permission, runs one transaction, writes the audit entry and notifies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "http/types.hpp"
#include "meetings/rules.hpp"
#include "meetings/store.hpp"
#include "notify/service.hpp"

namespace zhdj::meetings {

struct Settings {
  std::string time_zone = "Asia/Shanghai";
  int reminder_minute_of_day = 18 * 60;  // reminders go out the day before at this local time
  int warning_days = 7;                  // compliance warnings this many days before a period ends
};

struct ListQuery {
  std::optional<Date> from, to;  // local dates, inclusive
  std::optional<std::int64_t> org_id;
  std::string type, status;
  bool mine = false;
};

class Service {
 public:
  Service(db::Database& db, notify::Service& notices, const Clock& clock, Settings settings)
      : db_(db), notices_(notices), clock_(clock), settings_(std::move(settings)) {}

  // Types with the frequency in force at the caller's university.
  nlohmann::json types(const auth::Principal& who);
  // Sets a frequency for the university `body.org_id` (a root org; default the caller's).
  nlohmann::json set_policy(const auth::Principal& who, const std::string& type,
                            const nlohmann::json& body);
  nlohmann::json candidates(const auth::Principal& who, std::int64_t org_id,
                            const std::string& type);

  nlohmann::json list(const auth::Principal& who, const ListQuery& q);
  nlohmann::json create(const auth::Principal& who, const nlohmann::json& body);
  nlohmann::json get(const auth::Principal& who, std::int64_t id);
  nlohmann::json update(const auth::Principal& who, std::int64_t id, const nlohmann::json& body);
  nlohmann::json publish(const auth::Principal& who, std::int64_t id);
  nlohmann::json cancel(const auth::Principal& who, std::int64_t id, const nlohmann::json& body);
  nlohmann::json set_attendees(const auth::Principal& who, std::int64_t id,
                               const nlohmann::json& body);

  nlohmann::json request_leave(const auth::Principal& who, std::int64_t id,
                               const nlohmann::json& body);
  nlohmann::json decide_leave(const auth::Principal& who, std::int64_t id, std::int64_t member_id,
                              const nlohmann::json& body);

  nlohmann::json checkin_display(const auth::Principal& who, std::int64_t id,
                                 const std::string& origin);
  nlohmann::json checkin(const auth::Principal& who, std::int64_t id, const nlohmann::json& body);
  nlohmann::json mark(const auth::Principal& who, std::int64_t id, std::int64_t member_id,
                      const nlohmann::json& body);
  nlohmann::json presence(const auth::Principal& who, std::int64_t id);

  nlohmann::json save_minutes(const auth::Principal& who, std::int64_t id,
                              const nlohmann::json& body);
  nlohmann::json approve_minutes(const auth::Principal& who, std::int64_t id);
  nlohmann::json amend(const auth::Principal& who, std::int64_t id, const nlohmann::json& body);

  // Files: an upload (content checked against its type), and a meeting's attachment.
  nlohmann::json upload(const auth::Principal& who, const std::string& mime,
                        const std::string& name_header, const std::string& content);
  http::Response attachment(const auth::Principal& who, std::int64_t id, std::int64_t file_id);

  // Sends the day-before reminders that are due; returns how many meetings were reminded.
  // Safe to run on several nodes at once (each meeting is claimed by one).
  int send_due_reminders();

  // For the other use cases of the area (votes, appraisal, compliance).
  Date today() const { return civil_date(clock_.now(), settings_.time_zone); }
  const Clock& clock() const { return clock_; }
  const Settings& settings() const { return settings_; }
  db::Database& db() { return db_; }
  notify::Service& notices() { return notices_; }
  // Loads a meeting the caller may see (404 otherwise) with the caller's roles.
  std::pair<store::Meeting, store::Roles> visible(db::Tx& tx, const auth::Principal& who,
                                                  std::int64_t id);
  // The frequencies in force at a university (a root org id; see university_of).
  Policy policy(db::Tx& tx, std::optional<std::int64_t> university);
  // Accounts of the meeting's attendees, host and recorder.
  std::vector<std::int64_t> audience(db::Tx& tx, const store::Meeting& m);

 private:
  nlohmann::json detail(db::Tx& tx, const auth::Principal& who, std::int64_t id);
  nlohmann::json minutes_json(db::Tx& tx, const store::Meeting& m);
  // Publishes a draft inside `tx`: status, audit, notices (the caller checked permission).
  void publish_in(db::Tx& tx, const auth::Principal& who, const store::Meeting& m, Instant now);

  db::Database& db_;
  notify::Service& notices_;
  const Clock& clock_;
  Settings settings_;
};

// The university (root org) of an org path: "/1/7/42/" → 1.
std::optional<std::int64_t> university_of(const std::string& path);

// One meeting as a list item (see docs/api.md).
nlohmann::json meeting_json(const store::Meeting& m, const std::optional<store::Attendee>& mine,
                            bool is_attendee);

}  // namespace zhdj::meetings
