// HTTP binding of organizational life (docs/api.md "Organizational life").
#pragma once

#include "http/api.hpp"
#include "meetings/appraisal.hpp"
#include "meetings/compliance.hpp"
#include "meetings/service.hpp"
#include "meetings/votes.hpp"

namespace zhdj::meetings {

struct Services {
  Service& meetings;
  VoteService& votes;
  AppraisalService& appraisals;
  ComplianceService& compliance;
};

void register_routes(http::Api& api, Services s);

}  // namespace zhdj::meetings
