// Party dues (党费) use cases. This class holds the monthly base a member declares (or an
// administrator declares for them) and the bills made from it; it also owns the area's other use
// cases — hardship reliefs, payments, statement imports, reports and arrears — which share its
// database, clock and notifications. The history of bases is kept and the base in force for a
// month is the latest approved one effective by then; approving a base re-assesses the unpaid
// bills from its month on.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "notify/service.hpp"

namespace zhdj::dues {

class ReliefService;
class PaymentService;
class StatementImport;
class ReportService;

class Service {
 public:
  Service(db::Database& db, notify::Service& notices, const Clock& clock, std::string time_zone);
  ~Service();

  // A member's own declaration waits for the branch; an administrator's (dues.manage at the
  // member's org) is approved at once and re-assesses the unpaid bills from its month on. Both
  // are audited; the answer lists the bills that changed ("reassessed").
  nlohmann::json declare(const auth::Principal& who, const nlohmann::json& body);
  // A member's declarations, newest first, and the base in force this month.
  nlohmann::json bases(const auth::Principal& who, std::optional<std::int64_t> member_id);
  // Declarations waiting in the caller's scope (dues.manage).
  nlohmann::json pending(const auth::Principal& who, std::optional<std::int64_t> org_id);
  // Approving re-assesses the unpaid bills from the base's month on.
  nlohmann::json decide(const auth::Principal& who, std::int64_t id, const nlohmann::json& body);

  // Bills every party member under `org_id` for `month` from the base in force then, lowered by
  // an approved relief; a member already billed is left alone (generating twice creates nothing
  // new); members without an approved base are listed, not billed. Probationary members owe
  // from their admission month.
  nlohmann::json generate_bills(const auth::Principal& who, const nlohmann::json& body);
  // A member's bills with what has been paid of each, newest first.
  // The university's dues policy (when a new base takes effect): of `org_id` (a university
  // committee) or the caller's own; setting it needs dues.manage at the university committee, and
  // is audited.
  nlohmann::json settings(const auth::Principal& who, std::optional<std::int64_t> org_id);
  nlohmann::json set_settings(const auth::Principal& who, const nlohmann::json& body);

  nlohmann::json bills(const auth::Principal& who, std::optional<std::int64_t> member_id);
  // The bills of `month` of everyone billed at `org_id` or below it (dues.read there), in name
  // order, with what each has been paid; at most 5000 (a college's month), `truncated` beyond.
  nlohmann::json org_bills(const auth::Principal& who, std::int64_t org_id,
                           const std::string& month);

  ReliefService& reliefs() { return *reliefs_; }
  PaymentService& payments() { return *payments_; }
  StatementImport& statements() { return *statements_; }
  ReportService& reports() { return *reports_; }

  db::Database& db() { return db_; }
  notify::Service& notices() { return notices_; }
  const Clock& clock() const { return clock_; }
  const std::string& time_zone() const { return time_zone_; }
  Date today() const { return civil_date(clock_.now(), time_zone_); }
  YearMonth this_month() const { return year_month_of(today()); }

 private:
  nlohmann::json base_with_changes(std::int64_t id, const nlohmann::json& reassessed);

  db::Database& db_;
  notify::Service& notices_;
  const Clock& clock_;
  std::string time_zone_;
  std::unique_ptr<ReliefService> reliefs_;
  std::unique_ptr<PaymentService> payments_;
  std::unique_ptr<StatementImport> statements_;
  std::unique_ptr<ReportService> reports_;
};

}  // namespace zhdj::dues
