// The audit actor of a request: who acted, on whose behalf, from where.
#pragma once

#include "audit/audit.hpp"
#include "auth/principal.hpp"

namespace zhdj::audit {

inline Actor actor_of(const auth::Principal& who) {
  return {who.account_id, who.real_account_id, who.ip};
}

}  // namespace zhdj::audit
