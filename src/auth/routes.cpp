#include "auth/routes.hpp"

#include "common/error.hpp"
#include "common/qr.hpp"

namespace zhdj::auth {

namespace {
constexpr const char* kCookie = "zhdj_session";

nlohmann::json session_json(const Principal& p) {
  nlohmann::json grants = nlohmann::json::array();
  for (const auto& g : p.grants)
    grants.push_back({{"role", g.role},
                      {"role_name", g.role_name},
                      {"org_id", g.org_id},
                      {"org_name", g.org_name},
                      {"org_path", g.org_path},
                      {"admin_level",
                       g.admin_level ? nlohmann::json(*g.admin_level) : nlohmann::json(nullptr)}});
  auto level = p.admin_level();
  return {{"account", {{"id", p.account_id}, {"login", p.login}, {"name", p.name}}},
          {"csrf_token", p.csrf_token},
          {"next", p.stage},
          {"grants", grants},
          {"capabilities", p.capabilities()},
          {"member_id", p.member_id ? nlohmann::json(*p.member_id) : nlohmann::json(nullptr)},
          {"admin_level", level ? nlohmann::json(*level) : nlohmann::json(nullptr)}};
}

std::string cookie_header(const std::string& token, bool secure, bool clear) {
  std::string c =
      std::string(kCookie) + "=" + (clear ? "" : token) + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  c += clear ? "; Max-Age=0" : "; Max-Age=43200";
  return c;
}
}  // namespace

std::string session_token(const http::Request& req) {
  return req.cookie(kCookie);
}

void register_routes(http::Api& api, Service& auth, GrantService& grants, CookieSettings cookie) {
  using http::Access;
  using http::Call;
  using http::Response;
  namespace input = http::input;

  api.post(
      "/api/v1/auth/login",
      [&auth, cookie](Call& c) {
        const auto& body = c.body();
        auto login = input::optional_string(body, "login", 100).value_or("");
        std::string password = body.contains("password") && body["password"].is_string()
                                   ? body["password"].get<std::string>()
                                   : "";
        auto result =
            auth.login(login, password, c.request().remote_ip, c.request().header("user-agent"));
        auto r = Response::json(session_json(result.principal));
        r.headers.emplace_back("Set-Cookie", cookie_header(result.token, cookie.secure, false));
        return r;
      },
      Access::open);

  api.get(
      "/api/v1/auth/session", [](Call& c) { return Response::json(session_json(c.who())); },
      Access::any_session);

  api.post(
      "/api/v1/auth/totp",
      [&auth](Call& c) {
        auto code = input::required_string(c.body(), "code", 10);
        return Response::json({{"next", auth.verify_totp(c.who(), code)}});
      },
      Access::any_session);

  api.get(
      "/api/v1/auth/totp/enroll",
      [&auth](Call& c) {
        auto e = auth.begin_totp_enrollment(c.who());
        return Response::json({{"secret", e.secret},
                               {"otpauth_uri", e.otpauth_uri},
                               {"qr_svg", qr_svg(e.otpauth_uri)}});
      },
      Access::any_session);

  api.post(
      "/api/v1/auth/totp/enroll",
      [&auth](Call& c) {
        auto code = input::required_string(c.body(), "code", 10);
        return Response::json({{"next", auth.confirm_totp_enrollment(c.who(), code)}});
      },
      Access::any_session);

  api.post(
      "/api/v1/auth/password",
      [&auth](Call& c) {
        const auto& body = c.body();
        auto field = [&](const char* name) {
          return body.contains(name) && body[name].is_string() ? body[name].get<std::string>()
                                                               : std::string();
        };
        return Response::json({{"next", auth.change_password(c.who(), field("old_password"),
                                                             field("new_password"))}});
      },
      Access::any_session);

  api.post(
      "/api/v1/auth/logout",
      [&auth, cookie](Call& c) {
        auth.logout(c.who());
        auto r = Response::json({{"ok", true}});
        r.headers.emplace_back("Set-Cookie", cookie_header("", cookie.secure, true));
        return r;
      },
      Access::any_session);

  api.get("/api/v1/roles", [&grants](Call&) { return Response::json(grants.roles()); });

  api.get("/api/v1/grants", [&grants](Call& c) {
    auto org_id = input::query_number(c, "org_id");
    return Response::json(grants.list(c.who(), org_id));
  });

  api.post("/api/v1/grants", [&grants](Call& c) {
    const auto& body = c.body();
    return Response::json(
        grants.grant(c.who(), input::required_string(body, "login", 100),
                     input::required_string(body, "role", 40), input::required_int(body, "org_id")),
        201);
  });

  api.del("/api/v1/grants/{id}", [&grants](Call& c) {
    grants.revoke(c.who(), c.id("id"));
    return Response::json({{"ok", true}});
  });

  api.get("/api/v1/accounts", [&grants](Call& c) {
    auto q = c.query("q").value_or("");
    if (q.size() > 100) throw errors::validation("q", "搜索内容过长");
    return Response::json(grants.search_accounts(c.who(), q));
  });
}

}  // namespace zhdj::auth
