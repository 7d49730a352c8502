// Hardship reductions and exemptions (困难党员减免, DOMAIN.md §6: "needs branch decision and
// higher approval"). A member or an administrator requests one for a range of months; a branch
// administrator of the member's 党支部 decides first, then an administrator of a higher org (a
// strict ancestor of the branch) approves — two different people. Each step is audited and
// notifies the next deciders; a refusal keeps its reason and step. Approval re-assesses the
// unpaid bills in the range; bills generated later use the relief.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "dues/service.hpp"

namespace zhdj::dues {

class ReliefService {
 public:
  explicit ReliefService(Service& dues) : dues_(dues) {}

  nlohmann::json request(const auth::Principal& who, const nlohmann::json& body);
  // A member's requests, newest first (their own, or dues.read).
  nlohmann::json list(const auth::Principal& who, std::optional<std::int64_t> member_id);
  // Requests waiting for a step the caller may take.
  nlohmann::json pending(const auth::Principal& who, std::optional<std::int64_t> org_id);
  // The next step: the branch's decision, then the higher approval.
  nlohmann::json decide(const auth::Principal& who, std::int64_t id, const nlohmann::json& body);

 private:
  Service& dues_;
};

}  // namespace zhdj::dues
