// SQL of the meetings area: meetings, attendees, minutes, amendments and attachments. Votes,
// appraisals and compliance keep their SQL beside their use cases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "db/database.hpp"
#include "meetings/rules.hpp"

namespace zhdj::meetings::store {

struct Meeting {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string org_name, org_path, org_kind;
  Type type = Type::activity;
  std::string title, status;
  Instant starts_at = 0, ends_at = 0;
  std::string start_date;
  std::string place, online_url, agenda;
  std::optional<std::int64_t> host_id, recorder_id;
  std::string host_name, recorder_name;
  int checkin_before_min = 30, checkin_after_min = 30;
  std::vector<unsigned char> secret;
  Instant remind_at = 0;
  std::optional<Instant> reminded_at;
  std::string minutes_status;  // none, draft, approved
  int expected = 0, present = 0, leave = 0;
  bool held = false;
  std::string cancel_reason;
  std::int64_t version = 1;
  std::int64_t created_by = 0;
  std::optional<Instant> published_at;

  bool locked() const { return minutes_status == "approved"; }
};

struct Attendee {
  std::int64_t member_id = 0;
  std::optional<std::int64_t> account_id;
  std::string name, org_name, category;
  bool present = false;
  std::string method;  // qr, code, manual, online, ""
  std::optional<Instant> checked_in_at;
  std::string leave;  // none, requested, approved, rejected
  std::string leave_reason;
  std::int64_t online_ms = 0;
  std::optional<Instant> last_seen_at;
  int checkin_failures = 0;
};

std::optional<Meeting> load(db::Tx& tx, std::int64_t id);
// Meetings with the given WHERE/ORDER clause over `meetings m JOIN orgs o` (params in order).
std::vector<Meeting> load_where(db::Tx& tx, const std::string& where, const db::Params& params);
std::vector<Attendee> attendees(db::Tx& tx, std::int64_t meeting_id);
std::optional<Attendee> attendee(db::Tx& tx, std::int64_t meeting_id, std::int64_t member_id);
// Recomputes expected/present/leave and `held` from the attendee rows and minutes.
void recount(db::Tx& tx, std::int64_t meeting_id);

// Who the caller is to a meeting.
struct Roles {
  bool read = false;    // meetings.read at the org
  bool manage = false;  // meetings.manage at the org
  bool host = false;
  bool recorder = false;
  bool attendee = false;
  bool may_see(const Meeting& m) const {
    return read || manage || host || recorder || (attendee && m.status != "draft");
  }
  bool may_record() const { return manage || host || recorder; }
  bool may_host() const { return manage || host; }
};
Roles roles_of(db::Tx& tx, const auth::Principal& who, const Meeting& m);

}  // namespace zhdj::meetings::store
