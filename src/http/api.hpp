// The JSON API's middleware: every route is registered here with its access level, and
// every request passes the same steps — match → session → stage → CSRF → per-account rate
// limit → handler → typed error to JSON. Handlers receive a Call and return a Response.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "auth/principal.hpp"
#include "common/time.hpp"
#include "http/rate_limit.hpp"
#include "http/router.hpp"
#include "http/types.hpp"

namespace zhdj::http {

enum class Access {
  open,         // anyone (login, health)
  any_session,  // a session in any stage (TOTP step, forced password change, logout)
  session,      // a fully logged-in session
};

class Call {
 public:
  Call(Request& req, const PathParams& params, const auth::Principal* who)
      : req_(req), params_(params), who_(who) {}

  Request& request() { return req_; }
  // The caller; only for routes with a session.
  const auth::Principal& who() const { return *who_; }
  // The body as a JSON object; 400 when it is not one.
  const Json& body();
  // A path parameter that must be a positive integer id (404 otherwise).
  std::int64_t id(const std::string& name) const;
  std::optional<std::string> query(const std::string& name) const { return req_.query_param(name); }
  // A path parameter as text ("" when absent).
  std::string param(const std::string& name) const {
    auto it = params_.find(name);
    return it == params_.end() ? std::string() : it->second;
  }

 private:
  Request& req_;
  const PathParams& params_;
  const auth::Principal* who_;
  std::optional<Json> body_;
};

using CallHandler = std::function<Response(Call&)>;
// Resolves the session of a request; throws ApiError 401 when there is none.
using SessionResolver = std::function<auth::Principal(const Request&)>;

class Api {
 public:
  Api(SessionResolver resolver, double account_rate_per_second, double account_burst,
      const Clock& clock);

  void get(const std::string& pattern, CallHandler h, Access a = Access::session);
  void post(const std::string& pattern, CallHandler h, Access a = Access::session);
  void patch(const std::string& pattern, CallHandler h, Access a = Access::session);
  void put(const std::string& pattern, CallHandler h, Access a = Access::session);
  void del(const std::string& pattern, CallHandler h, Access a = Access::session);

  // Runs the whole pipeline for one request (on a worker thread).
  Response handle(Request& req);

  const Router& router() const { return router_; }

 private:
  void add(const std::string& method, const std::string& pattern, CallHandler h, Access a);
  Router router_;
  SessionResolver resolver_;
  RateLimiter account_limiter_;
  const Clock& clock_;
};

// Reading fields of a JSON body with Chinese validation errors naming the field.
namespace input {
std::string required_string(const Json& body, const char* field, size_t max_chars = 200);
std::optional<std::string> optional_string(const Json& body, const char* field,
                                           size_t max_chars = 2000);
std::int64_t required_int(const Json& body, const char* field);
std::optional<std::int64_t> optional_int(const Json& body, const char* field);
Date required_date(const Json& body, const char* field);
std::optional<Date> optional_date(const Json& body, const char* field);
// A query parameter that must be a whole number (ids, cursors); nullopt when absent or empty.
std::optional<std::int64_t> query_number(const Call& call, const char* name);
// Query-string paging: limit (1..200, default 50).
int limit(const Call& call, int default_limit = 50);
}  // namespace input

}  // namespace zhdj::http
