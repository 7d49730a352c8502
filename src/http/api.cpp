#include "http/api.hpp"

#include <spdlog/spdlog.h>

#include "common/error.hpp"
#include "common/messages.hpp"
#include "common/crypto.hpp"
#include "db/database.hpp"

namespace zhdj::http {

const Json& Call::body() {
  if (!body_) {
    Json parsed = Json::parse(req_.body, nullptr, false);
    if (parsed.is_discarded()) throw ApiError(400, "invalid_json", msg::kInvalidJson);
    if (!parsed.is_object()) throw ApiError(400, "invalid_json", msg::kBodyNotObject);
    body_ = std::move(parsed);
  }
  return *body_;
}

std::int64_t Call::id(const std::string& name) const {
  auto it = params_.find(name);
  if (it == params_.end() || it->second.empty() || it->second.size() > 18 ||
      it->second.find_first_not_of("0123456789") != std::string::npos || it->second[0] == '0')
    throw errors::not_found(msg::kNotFound);
  return std::stoll(it->second);
}

Api::Api(SessionResolver resolver, double account_rate_per_second, double account_burst,
         const Clock& clock)
    : resolver_(std::move(resolver)),
      account_limiter_(account_rate_per_second, account_burst),
      clock_(clock) {}

void Api::get(const std::string& p, CallHandler h, Access a) {
  add("GET", p, std::move(h), a);
}
void Api::post(const std::string& p, CallHandler h, Access a) {
  add("POST", p, std::move(h), a);
}
void Api::patch(const std::string& p, CallHandler h, Access a) {
  add("PATCH", p, std::move(h), a);
}
void Api::put(const std::string& p, CallHandler h, Access a) {
  add("PUT", p, std::move(h), a);
}
void Api::del(const std::string& p, CallHandler h, Access a) {
  add("DELETE", p, std::move(h), a);
}

void Api::add(const std::string& method, const std::string& pattern, CallHandler h, Access access) {
  bool unsafe = method != "GET";
  router_.add(
      method, pattern,
      [this, h = std::move(h), access, unsafe](Request& req, const PathParams& params) {
        if (access == Access::open) {
          Call call(req, params, nullptr);
          return h(call);
        }
        auth::Principal who = resolver_(req);
        if (access == Access::session && who.stage != "ok") {
          if (who.stage == "change_password")
            throw ApiError(403, "password_change_required", msg::kPasswordChangeRequired);
          throw ApiError(403, "mfa_required", msg::kMfaRequired);
        }
        if (unsafe && !crypto::equal_constant_time(req.header("x-csrf-token"), who.csrf_token))
          throw ApiError(403, "csrf", msg::kCsrf);
        if (!account_limiter_.allow("a" + std::to_string(who.account_id), clock_.now()))
          throw ApiError(429, "rate_limited", msg::kRateLimited);
        Call call(req, params, &who);
        return h(call);
      });
}

Response Api::handle(Request& req) {
  auto m = router_.match(req.method, req.path);
  if (m.outcome == Router::Outcome::not_found)
    return Response::error(404, "not_found", msg::kRouteNotFound);
  if (m.outcome == Router::Outcome::method_not_allowed) {
    auto r = Response::error(405, "method_not_allowed", msg::kMethodNotAllowed);
    r.route = "method_not_allowed";
    return r;
  }
  std::string route = m.route->method + " " + m.route->pattern;
  Response res;
  try {
    res = m.route->handler(req, m.params);
  } catch (const ApiError& e) {
    res = Response::error(e.status(), e.code(), e.message(), e.field());
  } catch (const db::UniqueViolation& e) {
    res = Response::error(409, "conflict", "数据与已有记录冲突");
  } catch (const std::exception& e) {
    spdlog::error("{} {} [{}] failed: {}", req.method, req.path, req.request_id, e.what());
    res = Response::error(500, "internal", msg::kInternal);
  }
  res.route = route;
  return res;
}

namespace input {

namespace {
size_t chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}
}  // namespace

std::optional<std::string> optional_string(const Json& body, const char* field, size_t max_chars) {
  if (!body.contains(field) || body[field].is_null()) return std::nullopt;
  if (!body[field].is_string()) throw errors::validation(field, msg::kMustBeString);
  std::string v = trim(body[field].get<std::string>());
  if (chars(v) > max_chars)
    throw errors::validation(field, "不能超过 " + std::to_string(max_chars) + " 个字符");
  for (unsigned char c : v)
    if (c < 0x20 && c != '\n' && c != '\t') throw errors::validation(field, "包含不允许的控制字符");
  return v;
}

std::string required_string(const Json& body, const char* field, size_t max_chars) {
  auto v = optional_string(body, field, max_chars);
  if (!v || v->empty()) throw errors::validation(field, msg::kRequired);
  return *v;
}

std::optional<std::int64_t> optional_int(const Json& body, const char* field) {
  if (!body.contains(field) || body[field].is_null()) return std::nullopt;
  const auto& v = body[field];
  if (!v.is_number_integer()) throw errors::validation(field, msg::kMustBeInteger);
  return v.get<std::int64_t>();
}

std::int64_t required_int(const Json& body, const char* field) {
  auto v = optional_int(body, field);
  if (!v) throw errors::validation(field, msg::kRequired);
  return *v;
}

std::optional<Date> optional_date(const Json& body, const char* field) {
  auto s = optional_string(body, field, 10);
  if (!s || s->empty()) return std::nullopt;
  auto d = parse_date(*s);
  if (!d) throw errors::validation(field, msg::kMustBeDate);
  return d;
}

Date required_date(const Json& body, const char* field) {
  auto d = optional_date(body, field);
  if (!d) throw errors::validation(field, msg::kRequired);
  return *d;
}

std::optional<std::int64_t> query_number(const Call& call, const char* name) {
  auto v = call.query(name);
  if (!v || v->empty()) return std::nullopt;
  if (v->size() > 18 || v->find_first_not_of("0123456789") != std::string::npos)
    throw errors::validation(name, msg::kMustBeInteger);
  return std::stoll(*v);
}

int limit(const Call& call, int default_limit) {
  auto v = call.query("limit");
  if (!v) return default_limit;
  if (v->empty() || v->size() > 3 || v->find_first_not_of("0123456789") != std::string::npos)
    throw errors::validation("limit", msg::kBadLimit);
  int n = std::stoi(*v);
  if (n < 1 || n > 200) throw errors::validation("limit", msg::kBadLimit);
  return n;
}

}  // namespace input
}  // namespace zhdj::http
