// The roster in Excel: the template to fill in, import (upload → preview → confirm, all or
// nothing, idempotent) and export of a filtered list with chosen columns, watermarked.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "auth/principal.hpp"
#include "http/api.hpp"
#include "members/service.hpp"

namespace zhdj::members {

class RosterService {
 public:
  explicit RosterService(Service& registry) : registry_(registry) {}

  // The .xlsx template: Chinese headers, validation lists for coded fields.
  std::string template_xlsx();
  // Parses and checks an uploaded roster for import under `org_id`; stores it for confirm.
  nlohmann::json preview(const auth::Principal& who, std::int64_t org_id, const std::string& bytes);
  // Applies a previewed batch in one transaction; returns counts and initial passwords.
  nlohmann::json confirm(const auth::Principal& who, const std::string& batch_token);
  // The filtered list as .xlsx with the chosen columns; audited, watermarked.
  std::string export_xlsx(const auth::Principal& who, const ListQuery& q,
                          const std::vector<std::string>& columns);
  std::string stats_xlsx(const auth::Principal& who, std::optional<std::int64_t> org_id);

 private:
  Service& registry_;
};

ListQuery list_query(const http::Call& c);
ListQuery list_query_from_json(const nlohmann::json& filters);
void register_roster_routes(http::Api& api, RosterService& roster);

}  // namespace zhdj::members
