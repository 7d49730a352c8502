// A small university on a real database (SQLite, or PostgreSQL when ZHDJ_TEST_DB=postgres),
// served in-process over real HTTP on a free port, and a client that logs in like a browser.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "app/platform.hpp"
#include "http/server.hpp"

namespace zhdj::testing {

using Json = nlohmann::json;

struct Reply {
  int status = 0;
  Json json;
  std::string body;
  std::string header(const std::string& name) const;
  std::vector<std::pair<std::string, std::string>> headers;
};

class TestUniversity;

// One browser-like session: keeps the cookie and the CSRF token.
class Client {
 public:
  explicit Client(TestUniversity& u) : u_(u) {}
  Reply get(const std::string& path);
  Reply post(const std::string& path, const Json& body = Json::object());
  Reply patch(const std::string& path, const Json& body);
  Reply put(const std::string& path, const Json& body);
  Reply del(const std::string& path);
  Reply request(const std::string& method, const std::string& path, const std::string& body,
                bool with_csrf = true,
                const std::vector<std::pair<std::string, std::string>>& extra = {});
  // Logs in; enrols or answers TOTP for admins; fails the test if anything goes wrong.
  void login(const std::string& login, const std::string& password = "Zhdj@2026demo");
  const std::string& cookie() const { return cookie_; }
  const std::string& csrf() const { return csrf_; }
  void set_csrf(std::string c) { csrf_ = std::move(c); }

 private:
  TestUniversity& u_;
  std::string cookie_;
  std::string csrf_;
};

class TestUniversity {
 public:
  // Fresh database, migrated, demo with `members` members, server on a free port.
  // `account_rate`: requests per second per account (0: unlimited), burst of 3 when set.
  explicit TestUniversity(int members = 80, double account_rate = 0);
  ~TestUniversity();

  app::Platform& platform() { return *platform_; }
  db::Database& db() { return platform_->db(); }
  int port() const { return port_; }
  bool postgres() const { return postgres_; }
  // Lets 31 s pass on the platform clock (a TOTP code is accepted once per 30 s step).
  void next_totp_step() { platform_->clock().advance(31 * 1000); }
  std::string totp_secret(const std::string& login) const;
  void remember_totp_secret(const std::string& login, const std::string& secret);

  std::int64_t org_id(const std::string& name);
  std::int64_t scalar(const std::string& sql, const db::Params& params = {});
  std::int64_t audit_count() { return scalar("SELECT COUNT(*) FROM audit_log"); }

 private:
  std::filesystem::path dir_;
  bool postgres_ = false;
  std::unique_ptr<app::Platform> platform_;
  http::StaticFiles files_{""};
  std::unique_ptr<http::Server> server_;
  int port_ = 0;
  std::map<std::string, std::string> secrets_;
};

// The database URL for this run (after resetting it).
std::string fresh_database_url(const std::filesystem::path& dir, bool& postgres);

}  // namespace zhdj::testing
