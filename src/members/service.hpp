// The member registry's use cases: list and search, records with masked personal data,
// edits with history, reveals that are logged and shown to the person, self-service
// corrections, composition statistics and the alerts a branch must act on.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "common/crypto.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "members/fields.hpp"
#include "notify/service.hpp"

namespace zhdj::members {

struct ListQuery {
  std::optional<std::int64_t> org_id;
  std::vector<std::string> categories;
  std::string status = "current";  // current (active + suspended), all, or a status code
  std::string gender, ethnicity, education, identity;
  std::optional<int> age_min, age_max;
  std::optional<Date> joined_from, joined_to;
  std::optional<bool> lost_contact, mobile;
  std::string q;              // name, pinyin initials or full pinyin, or 学号/工号
  std::string sort = "name";  // name, birth_date, joined_on, full_on, created
  bool desc = false;
  std::string cursor;
  int limit = 50;
};

// The SQL behind a list query, shared by the list, export and statistics.
struct Filter {
  std::string where;  // conditions over members m JOIN orgs o
  db::Params params;
};

// An initial password for an account created by the registry: shown once, and the account
// must change it at first login.
struct Credential {
  std::int64_t member_id = 0;
  std::string name;
  std::string login;
  std::string initial_password;
};

class Service {
 public:
  Service(db::Database& db, const crypto::FieldKey& key, notify::Service& notices,
          const Clock& clock, std::string time_zone)
      : db_(db), key_(key), notices_(notices), clock_(clock), time_zone_(std::move(time_zone)) {}

  Date today() const { return civil_date(clock_.now(), time_zone_); }

  // Builds the filter (scope + conditions); throws 400 on bad filters, 404 for an invisible org.
  Filter filter(db::Tx& tx, const auth::Principal& who, const ListQuery& q,
                std::string_view capability = "members.read");

  nlohmann::json list(const auth::Principal& who, const ListQuery& q);
  nlohmann::json get(const auth::Principal& who, std::int64_t id);
  nlohmann::json create(const auth::Principal& who, const nlohmann::json& body);
  nlohmann::json update(const auth::Principal& who, std::int64_t id, const nlohmann::json& body);
  nlohmann::json history(const auth::Principal& who, std::int64_t id);
  nlohmann::json reveal(const auth::Principal& who, std::int64_t id);
  nlohmann::json access_log(const auth::Principal& who, std::int64_t id);

  nlohmann::json my_record(const auth::Principal& who);
  nlohmann::json request_correction(const auth::Principal& who, const nlohmann::json& body);
  nlohmann::json my_corrections(const auth::Principal& who);
  nlohmann::json corrections(const auth::Principal& who, const std::string& status);
  nlohmann::json decide_correction(const auth::Principal& who, std::int64_t id, bool approve,
                                   const std::string& reason);

  nlohmann::json stats(const auth::Principal& who, std::optional<std::int64_t> org_id);
  nlohmann::json alerts(const auth::Principal& who, std::optional<std::int64_t> org_id);
  static nlohmann::json code_tables();

  // Creates the login account of a new registry person inside `tx` (member role at `org_id`,
  // forced password change); returns the one-time initial password.
  static Credential create_account(db::Tx& tx, std::int64_t member_id, const std::string& name,
                                   const std::string& student_no, std::int64_t org_id, Instant now);

  db::Database& db() { return db_; }
  notify::Service& notices() { return notices_; }
  const crypto::FieldKey& key() const { return key_; }
  const Clock& clock() const { return clock_; }

 private:
  // Parses body fields into canonical values (editable fields only); collects errors.
  Values parse_changes(const nlohmann::json& body, Date today, bool for_correction);

  db::Database& db_;
  const crypto::FieldKey& key_;
  notify::Service& notices_;
  const Clock& clock_;
  std::string time_zone_;
};

}  // namespace zhdj::members
