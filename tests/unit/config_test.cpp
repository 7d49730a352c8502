#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/config.hpp"
#include "app/platform.hpp"

using zhdj::app::Config;

namespace {
Config parse(std::vector<std::string> args) {
  CLI::App app;
  Config c;
  zhdj::app::add_options(app, c);
  std::vector<const char*> argv = {"zhdj"};
  for (auto& a : args) argv.push_back(a.c_str());
  zhdj::app::load_config_file(app, static_cast<int>(argv.size()), argv.data());
  app.parse(static_cast<int>(argv.size()), argv.data());
  return c;
}
}  // namespace

TEST(Config, FlagsBeatEnvironmentBeatsConfigFileBeatsDefaults) {
  auto file = std::filesystem::temp_directory_path() / "zhdj-config-test.ini";
  std::ofstream(file) << "port = 7000\ndb = sqlite:/srv/zhdj/zhdj.db\n";
  auto clear = [] {
    ::unsetenv("ZHDJ_PORT");
    ::unsetenv("ZHDJ_DB");
  };
  clear();
  EXPECT_EQ(parse({}).port, 8080);
  EXPECT_EQ(parse({"--config", file.string()}).port, 7000);
  clear();
  EXPECT_EQ(parse({"--config", file.string()}).db_url, "sqlite:/srv/zhdj/zhdj.db");
  clear();
  ::setenv("ZHDJ_PORT", "7100", 1);
  EXPECT_EQ(parse({"--config", file.string()}).port, 7100);
  EXPECT_EQ(parse({"--config", file.string(), "--port", "7200"}).port, 7200);
  clear();
  std::filesystem::remove(file);
}

TEST(Config, UnknownSettingInTheFileIsRefused) {
  auto file = std::filesystem::temp_directory_path() / "zhdj-config-bad.ini";
  std::ofstream(file) << "prot = 7000\n";
  EXPECT_THROW(parse({"--config", file.string()}), CLI::ConversionError);
  std::filesystem::remove(file);
}

TEST(Config, OutOfRangeValuesAreRefused) {
  EXPECT_THROW(parse({"--port", "70000"}), CLI::ValidationError);
  EXPECT_THROW(parse({"--workers", "-1"}), CLI::ValidationError);
  EXPECT_THROW(parse({"--db-readers", "1000"}), CLI::ValidationError);
}

TEST(Config, AutomaticWorkersAndReadersScaleWithTheMachine) {
  Config c;
  EXPECT_GE(zhdj::app::effective_workers(c), 4);
  EXPECT_EQ(zhdj::app::effective_db_readers(c), zhdj::app::effective_workers(c));
  c.workers = 12;
  EXPECT_EQ(zhdj::app::effective_workers(c), 12);
  EXPECT_EQ(zhdj::app::effective_db_readers(c), 12);
  c.db_readers = 3;
  EXPECT_EQ(zhdj::app::effective_db_readers(c), 3);
}

TEST(SlowRequests, PasswordHashingRequestsGoToTheirOwnPool) {
  auto req = [](std::string method, std::string path) {
    zhdj::http::Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    return r;
  };
  using zhdj::app::Platform;
  EXPECT_TRUE(Platform::is_slow(req("POST", "/api/v1/auth/login")));
  EXPECT_TRUE(Platform::is_slow(req("POST", "/api/v1/auth/password")));
  EXPECT_FALSE(Platform::is_slow(req("GET", "/api/v1/auth/session")));
  EXPECT_FALSE(Platform::is_slow(req("POST", "/api/v1/auth/totp")));
  EXPECT_FALSE(Platform::is_slow(req("GET", "/api/v1/orgs")));
}
