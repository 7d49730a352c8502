#include "harness.hpp"

#include <httplib.h>

#include <csignal>
#include <random>

#include "app/demo.hpp"
#include "auth/totp.hpp"
#include "db/migrations.hpp"

namespace zhdj::testing {

// A client that is cut off mid-upload (413) must see an error, not die of SIGPIPE.
[[maybe_unused]] static const bool kIgnoreSigpipe = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

std::string Reply::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  return {};
}

std::string fresh_database_url(const std::filesystem::path& dir, bool& postgres) {
  const char* which = std::getenv("ZHDJ_TEST_DB");
  postgres = which && std::string(which) == "postgres";
  if (!postgres) return "sqlite:" + (dir / "zhdj.db").string();
  const char* url = std::getenv("ZHDJ_TEST_PG_URL");
  if (!url)
    throw std::runtime_error(
        "ZHDJ_TEST_DB=postgres needs ZHDJ_TEST_PG_URL (tests/pg/with-postgres.sh)");
  auto db = db::Database::open(url, {});
  db->write(
      [](db::Tx& tx) { tx.exec_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"); });
  return url;
}

TestUniversity::TestUniversity(int members, double account_rate) {
  static std::mt19937_64 rng(std::random_device{}());
  dir_ = std::filesystem::temp_directory_path() / ("zhdj-test-" + std::to_string(rng()));
  std::filesystem::create_directories(dir_);
  app::Config config;
  config.db_url = fresh_database_url(dir_, postgres_);
  config.key_file = (dir_ / "zhdj.key").string();
  config.cookie_secure = false;
  config.hash_ops = 1;  // real argon2id, at the cheapest cost, to keep the suite quick
  config.hash_mem_mib = 8;
  config.account_rate = account_rate;
  config.account_burst = 3;
  config.db_readers = 4;
  platform_ = std::make_unique<app::Platform>(config);
  db::migrate(platform_->db());
  app::load_demo(*platform_, members);
  http::ServerOptions options;
  options.port = 0;
  options.io_threads = 2;
  options.workers = 4;  // as on a small machine
  options.slow_workers = 2;
  options.slow = [](const http::Request& r) { return app::Platform::is_slow(r); };
  options.is_upload = [](std::string_view target) { return app::Platform::is_upload(target); };
  options.ip_rate_per_second = 0;
  options.sse_heartbeat_seconds = 1;
  server_ = std::make_unique<http::Server>(
      options, [this](http::Request& r) { return platform_->handle(r); }, &files_,
      &platform_->metrics());
  server_->start();
  port_ = server_->port();
}

TestUniversity::~TestUniversity() {
  server_->stop();
  server_.reset();
  platform_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string TestUniversity::totp_secret(const std::string& login) const {
  auto it = secrets_.find(login);
  return it == secrets_.end() ? std::string() : it->second;
}

void TestUniversity::remember_totp_secret(const std::string& login, const std::string& secret) {
  secrets_[login] = secret;
}

std::int64_t TestUniversity::org_id(const std::string& name) {
  return scalar("SELECT id FROM orgs WHERE name = ?", {name});
}

std::int64_t TestUniversity::scalar(const std::string& sql, const db::Params& params) {
  return db().read_result([&](db::Tx& tx) {
    auto row = tx.query_one(sql, params);
    if (!row || row->is_null(0)) throw std::runtime_error("no value for: " + sql);
    return row->i64(0);
  });
}

Reply Client::request(const std::string& method, const std::string& path, const std::string& body,
                      bool with_csrf,
                      const std::vector<std::pair<std::string, std::string>>& extra) {
  httplib::Client cli("127.0.0.1", u_.port());
  cli.set_read_timeout(30, 0);
  httplib::Headers headers;
  if (!cookie_.empty()) headers.emplace("Cookie", "zhdj_session=" + cookie_);
  if (with_csrf && !csrf_.empty()) headers.emplace("X-CSRF-Token", csrf_);
  // A Content-Type among `extra` replaces the JSON one (file uploads).
  std::string content_type = "application/json";
  for (const auto& [k, v] : extra)
    if (strcasecmp(k.c_str(), "Content-Type") == 0)
      content_type = v;
    else
      headers.emplace(k, v);
  auto send = [&]() -> httplib::Result {
    if (method == "GET") return cli.Get(path.c_str(), headers);
    if (method == "POST") return cli.Post(path.c_str(), headers, body, content_type.c_str());
    if (method == "PATCH") return cli.Patch(path.c_str(), headers, body, content_type.c_str());
    if (method == "PUT") return cli.Put(path.c_str(), headers, body, content_type.c_str());
    return cli.Delete(path.c_str(), headers, body, content_type.c_str());
  };
  httplib::Result res = send();
  Reply r;
  if (!res) {
    r.status = -1;
    return r;
  }
  r.status = res->status;
  r.body = res->body;
  for (const auto& [k, v] : res->headers) r.headers.emplace_back(k, v);
  r.json = Json::parse(res->body, nullptr, false);
  for (const auto& [k, v] : res->headers)
    if (strcasecmp(k.c_str(), "Set-Cookie") == 0 && v.rfind("zhdj_session=", 0) == 0) {
      cookie_ = v.substr(13, v.find(';') - 13);
    }
  return r;
}

Reply Client::get(const std::string& path) {
  return request("GET", path, "");
}
Reply Client::post(const std::string& path, const Json& body) {
  return request("POST", path, body.dump());
}
Reply Client::patch(const std::string& path, const Json& body) {
  return request("PATCH", path, body.dump());
}
Reply Client::put(const std::string& path, const Json& body) {
  return request("PUT", path, body.dump());
}
Reply Client::del(const std::string& path) {
  return request("DELETE", path, "");
}

void Client::login(const std::string& login, const std::string& password) {
  auto r = post("/api/v1/auth/login", {{"login", login}, {"password", password}});
  ASSERT_EQ(r.status, 200) << r.body;
  csrf_ = r.json["csrf_token"];
  std::string next = r.json["next"];
  auto now_seconds = [&] { return u_.platform().clock().now() / 1000; };
  if (next == "totp_enroll") {
    auto e = get("/api/v1/auth/totp/enroll");
    ASSERT_EQ(e.status, 200) << e.body;
    std::string secret = e.json["secret"];
    u_.remember_totp_secret(login, secret);
    auto raw = *auth::base32_decode(secret);
    auto code = auth::totp_code(std::string(raw.begin(), raw.end()), now_seconds() / 30);
    auto c = post("/api/v1/auth/totp/enroll", {{"code", code}});
    ASSERT_EQ(c.status, 200) << c.body;
    next = c.json["next"];
  } else if (next == "totp") {
    u_.next_totp_step();
    auto raw = *auth::base32_decode(u_.totp_secret(login));
    auto code = auth::totp_code(std::string(raw.begin(), raw.end()), now_seconds() / 30);
    auto c = post("/api/v1/auth/totp", {{"code", code}});
    ASSERT_EQ(c.status, 200) << c.body;
    next = c.json["next"];
  }
  ASSERT_EQ(next, "ok") << "login of " << login << " did not complete";
}

}  // namespace zhdj::testing
