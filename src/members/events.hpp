// Status events of a registry person (DOMAIN.md §2): transfers, lost contact, suspension and
// restoration, withdrawal, removal, expulsion, cancellation of probation, death, discipline
// and mobility. Each event is checked against the person's current state (impossible
// sequences are refused with a Chinese message) and changes the state it implies.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "auth/principal.hpp"
#include "common/crypto.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "http/api.hpp"
#include "members/fields.hpp"

namespace zhdj::members {

class Service;

struct EventInput {
  std::string kind;
  Date occurred_on;
  std::string decided_by;
  std::string document_no;
  std::string reason;       // lost_contact: a lost_reason code
  int term_months = 0;      // probation_watch: 12 or 24
  std::string destination;  // mobile_out
  std::string note;
};

struct MemberState {
  std::string category;
  std::string status;
  bool lost_contact = false;
  std::optional<Date> lost_since;
  bool mobile = false;
  std::optional<Date> watch_until;
  std::optional<Date> last_event_on;
};

struct EventOutcome {
  // Columns to set: status, status_since, lost_contact, lost_since, lost_reason, mobile,
  // mobile_destination, watch_until (canonical text, "" = NULL).
  Values changes;
  std::optional<Date> ends_on;
};

// The rules, pure: what the event does to `state`, or an ApiError (400/409) saying why not.
// Transfer events are only accepted with `from_transfer` (they come from the transfer flow).
EventOutcome apply_event(const MemberState& state, const EventInput& e, Date today,
                         bool from_transfer = false);

class EventService {
 public:
  EventService(Service& registry) : registry_(registry) {}

  nlohmann::json record(const auth::Principal& who, std::int64_t member_id,
                        const nlohmann::json& body);
  nlohmann::json list(const auth::Principal& who, std::int64_t member_id);

  // Used by the transfer flow inside its transaction.
  static void record_in(db::Tx& tx, std::int64_t member_id, const EventInput& e, std::int64_t actor,
                        Date today, Instant now, bool from_transfer);

 private:
  Service& registry_;
};

void register_event_routes(http::Api& api, EventService& events);

}  // namespace zhdj::members
