// What dues add up to, computed when read from bills, allocations and payments (nothing is
// kept up to date by a job): the collection report of an org subtree for a month, quarter or
// year with a breakdown per child org (and its .xlsx export), the arrears list with the 自行脱党
// cases (six consecutive unpaid months, DOMAIN.md §6: the system flags, people decide), and a
// member's own yearly statement. flag_lapses() tells the branch about each new case once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "dues/service.hpp"

namespace zhdj::dues {

class ReportService {
 public:
  explicit ReportService(Service& dues) : dues_(dues) {}

  // dues.read at the org (default: the top of the caller's scope); period "2026-11", "2026-Q4"
  // or "2026" (default this month).
  nlohmann::json report(const auth::Principal& who, std::optional<std::int64_t> org_id,
                        const std::string& period);
  struct File {
    std::string bytes, name, ascii_name;
  };
  // The report as .xlsx, watermarked with the exporter; audited.
  File export_xlsx(const auth::Principal& who, std::optional<std::int64_t> org_id,
                   const std::string& period);
  // Members under the org with arrears, the longest run first.
  nlohmann::json arrears(const auth::Principal& who, std::optional<std::int64_t> org_id);
  // The caller's own statement for a year (default this year).
  nlohmann::json mine(const auth::Principal& who, const std::string& year);
  // Notifies the branch administrators of each member whose run of unpaid months reached 6,
  // once per member and run (claimed by a unique row, so several nodes may run it). Returns the
  // cases notified.
  int flag_lapses();

 private:
  Service& dues_;
};

}  // namespace zhdj::dues
