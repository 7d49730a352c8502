// Party dues (党费) use cases. Now: the monthly base a member declares (or an administrator
// declares for them) with the kind of member and the month it takes effect; the branch approves
// a member's own declaration; the history is kept and the base in force for a month is the latest
// approved one effective by then. Bills, payments and reports build on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "notify/service.hpp"

namespace zhdj::dues {

class Service {
 public:
  Service(db::Database& db, notify::Service& notices, const Clock& clock, std::string time_zone)
      : db_(db), notices_(notices), clock_(clock), time_zone_(std::move(time_zone)) {}

  // A member's own declaration waits for the branch; an administrator's (dues.manage at the
  // member's org) is approved at once. Both are audited.
  nlohmann::json declare(const auth::Principal& who, const nlohmann::json& body);
  // A member's declarations, newest first, and the base in force this month.
  nlohmann::json bases(const auth::Principal& who, std::optional<std::int64_t> member_id);
  // Declarations waiting in the caller's scope (dues.manage).
  nlohmann::json pending(const auth::Principal& who, std::optional<std::int64_t> org_id);
  nlohmann::json decide(const auth::Principal& who, std::int64_t id, const nlohmann::json& body);

  // Bills every party member under `org_id` for `month` from the base in force then; a member
  // already billed is left alone (generating twice creates nothing new); members without an
  // approved base are listed, not billed. Probationary members owe from their admission month.
  nlohmann::json generate_bills(const auth::Principal& who, const nlohmann::json& body);
  // A member's bills, newest first.
  nlohmann::json bills(const auth::Principal& who, std::optional<std::int64_t> member_id);

  YearMonth this_month() const { return year_month_of(civil_date(clock_.now(), time_zone_)); }

 private:
  db::Database& db_;
  notify::Service& notices_;
  const Clock& clock_;
  std::string time_zone_;
};

}  // namespace zhdj::dues
