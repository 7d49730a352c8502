// Use cases of the organization tree. Each checks the caller's capability at the target node,
// runs in one transaction, and writes its audit entry there.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "org/model.hpp"

namespace zhdj::org {

struct NewCommittee {
  Date term_start;
  std::optional<Date> term_end;
  std::vector<std::pair<std::string, std::int64_t>> posts;  // (post code, member id)
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, std::string time_zone)
      : db_(db), clock_(clock), time_zone_(std::move(time_zone)) {}

  // Every org the caller may read, in path order, with direct member counts.
  nlohmann::json list(const auth::Principal& who);
  nlohmann::json get(const auth::Principal& who, std::int64_t id);
  Org create(const auth::Principal& who, std::int64_t parent_id, const std::string& kind,
             const std::string& name);
  Org rename(const auth::Principal& who, std::int64_t id, const std::string& name);
  // Whether a college committee may approve admissions and conversions itself (DOMAIN.md §1):
  // the university committee decides (org.manage at the university), for college committees only.
  Org set_approval_delegated(const auth::Principal& who, std::int64_t id, bool delegated);
  Org move(const auth::Principal& who, std::int64_t id, std::int64_t new_parent_id);
  void dissolve(const auth::Principal& who, std::int64_t id);

  // Warnings for the node and everything under it (terms ending or overdue, branch sizes).
  std::vector<Warning> warnings(const auth::Principal& who, std::int64_t id);
  nlohmann::json committees(const auth::Principal& who, std::int64_t id);
  CommitteeTerm create_committee(const auth::Principal& who, std::int64_t id,
                                 const NewCommittee& input);
  // Members of the node and of the nodes under it, paged by id.
  nlohmann::json members(const auth::Principal& who, std::int64_t id,
                         std::optional<std::int64_t> after_id, int limit);

  // For other areas: the node, checked against a capability of the caller.
  Org require(db::Tx& tx, const auth::Principal& who, std::int64_t id, std::string_view capability);

  Date today() const { return civil_date(clock_.now(), time_zone_); }

 private:
  // Warnings for `top` and everything under it, or for `top` alone.
  std::vector<Warning> warnings_under(db::Tx& tx, const auth::Principal& who, const Org& top,
                                      bool only_top);

  db::Database& db_;
  const Clock& clock_;
  std::string time_zone_;
};

nlohmann::json org_json(const Org& o);
nlohmann::json warning_json(const Warning& w);
nlohmann::json committee_json(const CommitteeTerm& t);

}  // namespace zhdj::org
