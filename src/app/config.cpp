#include "app/config.hpp"

#include <cstdio>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <thread>

namespace zhdj::app {

void add_options(CLI::App& app, Config& c) {
  app.add_option("--config", "file of settings, one `key = value` per line (e.g. port = 8080)")
      ->envname("ZHDJ_CONFIG");
  app.add_option("--db", c.db_url, "database URL: sqlite:PATH or postgresql://...")
      ->envname("ZHDJ_DB")
      ->capture_default_str();
  app.add_option("--key-file", c.key_file,
                 "field-encryption key file (keep it out of backups of the database)")
      ->envname("ZHDJ_KEY_FILE")
      ->capture_default_str();
  app.add_option("--address", c.address, "address to listen on")
      ->envname("ZHDJ_ADDRESS")
      ->capture_default_str();
  app.add_option("--port", c.port, "port to listen on")
      ->envname("ZHDJ_PORT")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  app.add_option("--io-threads", c.io_threads, "I/O threads (0: one per core)")
      ->envname("ZHDJ_IO_THREADS");
  app.add_option("--workers", c.workers, "request worker threads (0: two per core, at least 4)")
      ->envname("ZHDJ_WORKERS")
      ->check(CLI::Range(0, 1024));
  app.add_option("--db-readers", c.db_readers,
                 "reader connections / PostgreSQL pool size (0: one per worker)")
      ->envname("ZHDJ_DB_READERS")
      ->check(CLI::Range(0, 256));
  app.add_option("--login-workers", c.login_workers,
                 "threads for password logins and changes, apart from the request workers")
      ->envname("ZHDJ_LOGIN_WORKERS")
      ->check(CLI::Range(1, 256));
  app.add_option("--web-root", c.web_root, "directory of the built web app")
      ->envname("ZHDJ_WEB_ROOT")
      ->capture_default_str();
  app.add_option("--time-zone", c.time_zone, "the university's time zone")
      ->envname("ZHDJ_TIME_ZONE")
      ->capture_default_str();
  app.add_option("--letter-validity-months", c.letter_validity_months,
                 "policy: validity of an introduction letter for a transfer, in months")
      ->envname("ZHDJ_LETTER_VALIDITY_MONTHS")
      ->check(CLI::Range(1, 24))
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--meeting-reminder-time",
         [&c](const std::string& v) {
           int h = 0, m = 0;
           char colon = 0;
           if (std::sscanf(v.c_str(), "%d%c%d", &h, &colon, &m) != 3 || colon != ':' || h < 0 ||
               h > 23 || m < 0 || m > 59 || v.size() > 5)
             throw CLI::ValidationError("--meeting-reminder-time", "expected HH:MM, e.g. 18:00");
           c.meeting_reminder_minute = h * 60 + m;
         },
         "policy: local time of the day-before meeting reminder, HH:MM (default 18:00)")
      ->envname("ZHDJ_MEETING_REMINDER_TIME");
  app.add_option("--compliance-warning-days", c.compliance_warning_days,
                 "policy: warn branch administrators this many days before a period ends")
      ->envname("ZHDJ_COMPLIANCE_WARNING_DAYS")
      ->check(CLI::Range(0, 60))
      ->capture_default_str();
  app.add_option("--cookie-secure", c.cookie_secure, "mark the session cookie Secure (HTTPS)")
      ->envname("ZHDJ_COOKIE_SECURE");
  app.add_flag("--test-clock", c.test_clock,
               "TESTS ONLY: let POST /api/v1/test/clock move the server's clock forward");
  app.add_option("--trust-proxy", c.trust_proxy, "take the client address from X-Real-IP")
      ->envname("ZHDJ_TRUST_PROXY");
  app.add_option("--ip-rate", c.ip_rate, "requests per second per client address (0: off)")
      ->envname("ZHDJ_IP_RATE");
  app.add_option("--ip-burst", c.ip_burst, "burst per client address")->envname("ZHDJ_IP_BURST");
  app.add_option("--account-rate", c.account_rate, "requests per second per account (0: off)")
      ->envname("ZHDJ_ACCOUNT_RATE");
  app.add_option("--account-burst", c.account_burst, "burst per account")
      ->envname("ZHDJ_ACCOUNT_BURST");
  app.add_option("--hash-threads", c.hash_threads, "password hashing threads")
      ->envname("ZHDJ_HASH_THREADS")
      ->check(CLI::Range(1, 64));
  app.add_option("--hash-ops", c.hash_ops, "argon2id passes")
      ->envname("ZHDJ_HASH_OPS")
      ->check(CLI::Range(1, 10));
  app.add_option("--hash-mem-mib", c.hash_mem_mib, "argon2id memory in MiB")
      ->envname("ZHDJ_HASH_MEM_MIB")
      ->check(CLI::Range(8, 1024));
  app.add_option("--log-level", c.log_level, "trace, debug, info, warn, error")
      ->envname("ZHDJ_LOG_LEVEL");
}

int effective_workers(const Config& c) {
  if (c.workers > 0) return c.workers;
  return std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency()));
}

int effective_db_readers(const Config& c) {
  return c.db_readers > 0 ? c.db_readers : effective_workers(c);
}

namespace {
std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return {};
  size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}
}  // namespace

void load_config_file(CLI::App& app, int argc, const char* const* argv) {
  std::string path;
  if (const char* env = std::getenv("ZHDJ_CONFIG")) path = env;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--config" && i + 1 < argc)
      path = argv[i + 1];
    else if (a.rfind("--config=", 0) == 0)
      path = a.substr(9);
  }
  if (path.empty()) return;
  std::ifstream in(path);
  if (!in) throw CLI::ConversionError("--config", "cannot read " + path);
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';' || line[0] == '[') continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) throw CLI::ConversionError("--config", "not key = value: " + line);
    std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    for (auto& c : key)
      if (c == '_') c = '-';
    const CLI::Option* opt = app.get_option_no_throw("--" + key);
    if (!opt || opt->get_envname().empty())
      throw CLI::ConversionError("--config", "unknown setting: " + key);
    ::setenv(opt->get_envname().c_str(), value.c_str(), 0);  // a real environment value wins
  }
}

}  // namespace zhdj::app
