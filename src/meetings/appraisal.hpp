// 民主评议党员 (democratic appraisal), one per appraisal meeting:
//   open     each party member invited writes a self-assessment and grades every other one in
//            secret (stored like secret ballots: whom it is about and the grade, not who gave it);
//   grading  the branch sees the peer tallies and sets each member's grade, with 优秀 capped at
//            one third of those appraised (policy check, DOMAIN.md §4);
//   closed   every grade set; final.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "meetings/service.hpp"

namespace zhdj::meetings {

class AppraisalService {
 public:
  explicit AppraisalService(Service& meetings) : meetings_(meetings) {}

  nlohmann::json create(const auth::Principal& who, std::int64_t meeting_id);
  nlohmann::json get(const auth::Principal& who, std::int64_t meeting_id);
  nlohmann::json self_assessment(const auth::Principal& who, std::int64_t meeting_id,
                                 const nlohmann::json& body);
  nlohmann::json peer(const auth::Principal& who, std::int64_t meeting_id,
                      const nlohmann::json& body);
  nlohmann::json advance(const auth::Principal& who, std::int64_t meeting_id);
  nlohmann::json grade(const auth::Principal& who, std::int64_t meeting_id,
                       const nlohmann::json& body);
  nlohmann::json close(const auth::Principal& who, std::int64_t meeting_id);

 private:
  Service& meetings_;
};

}  // namespace zhdj::meetings
