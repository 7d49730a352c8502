// 组织生活落实情况: for an org and a period, the obligations of every 党支部 and 党小组 under it
// (DOMAIN.md §4) against the meetings actually held, rolled up for ancestors. Computed when read
// from the meetings table (one indexed range scan per report), so it is current the moment a
// meeting is recorded and there is no nightly job that could silently fail.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "meetings/rules.hpp"
#include "meetings/service.hpp"
#include "org/directory.hpp"

namespace zhdj::meetings {

class ComplianceService {
 public:
  explicit ComplianceService(Service& meetings) : meetings_(meetings) {}

  nlohmann::json report(const auth::Principal& who, std::optional<std::int64_t> org_id,
                        const std::string& period);

  // Tells branch administrators about obligations still open within `warning_days` of their
  // period's end, once per org, type and period (any node may run it). Returns warnings sent.
  int send_warnings();

  struct Judged {
    org::directory::Node node;
    OrgCompliance compliance;
  };
  // Every 党支部 and 党小组 at or under `path`, judged over `report` on `today`.
  static std::vector<Judged> evaluate_subtree(db::Tx& tx, const std::string& path,
                                              const Period& report, Date today,
                                              const Policy& policy, const std::string& time_zone);

 private:
  Service& meetings_;
};

}  // namespace zhdj::meetings
