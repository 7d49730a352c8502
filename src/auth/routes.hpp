// HTTP binding of accounts, sessions, roles and grants.
#pragma once

#include "auth/grants.hpp"
#include "auth/service.hpp"
#include "http/api.hpp"

namespace zhdj::auth {

struct CookieSettings {
  bool secure = true;  // only over HTTPS (browsers also accept it on localhost)
};

// The session cookie's token, or "".
std::string session_token(const http::Request& req);

void register_routes(http::Api& api, Service& auth, GrantService& grants, CookieSettings cookie);

}  // namespace zhdj::auth
