// The audit actor of a request: who acted, on whose behalf, from where.
#pragma once

#include <fmt/format.h>

#include <string>

#include "audit/audit.hpp"
#include "auth/principal.hpp"

namespace zhdj::audit {

inline Actor actor_of(const auth::Principal& who) {
  return {who.account_id, who.real_account_id, who.ip};
}

// The watermark of an exported file (page header and footer): who exported it, and when.
inline std::string export_mark(const auth::Principal& who, Instant now) {
  return fmt::format("导出人：{}（{}） 导出时间：{}", who.name, who.login, format_instant(now));
}

}  // namespace zhdj::audit
