// Settings of a zhdj process. Sources, strongest first: command-line flags, ZHDJ_* environment
// variables, the config file (--config, INI "key = value"), then these defaults.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace zhdj::app {

struct Config {
  std::string db_url = "sqlite:./data/zhdj.db";
  std::string key_file = "./data/zhdj.key";  // field-encryption key, created 0600 at first start
  std::string address = "127.0.0.1";
  int port = 8080;
  int io_threads = 0;  // 0: one per core
  // Threads that run handlers (0: two per core, at least 4), and database reader connections
  // (0: one per worker, so no worker waits for a connection). More workers mostly add context
  // switches (docs/performance.md); raise them where handlers wait long on the database.
  int workers = 0;
  int db_readers = 0;
  // Password logins wait ~20 ms each for argon2id; they run on their own threads so that a
  // burst of logins never holds the request workers (docs/performance.md).
  int login_workers = 4;
  std::string web_root = "web/dist";
  std::string time_zone = "Asia/Shanghai";
  // Policy (DOMAIN.md §7): how long an introduction letter is valid.
  int letter_validity_months = 3;
  // Policy (DOMAIN.md §4): meeting reminders go out the day before at this local time (minutes
  // after midnight, from --meeting-reminder-time HH:MM), and branch administrators are warned
  // this many days before a period ends while an obligation is open.
  int meeting_reminder_minute = 18 * 60;
  int compliance_warning_days = 7;
  bool cookie_secure = true;
  // Test suites only: POST /api/v1/test/clock moves this server's clock forward (never in use).
  bool test_clock = false;
  bool trust_proxy = false;
  // Per client address, API requests only. Generous: phones behind one campus NAT share an
  // address, and a whole meeting checks in at once (docs/performance.md, organizational life).
  double ip_rate = 200, ip_burst = 1000;
  double account_rate = 20, account_burst = 100;
  int hash_threads = 2;
  unsigned long long hash_ops = 2;       // argon2id t
  unsigned long long hash_mem_mib = 19;  // argon2id m
  std::string log_level = "info";
};

// Registers the settings on a CLI11 app (with their environment variables).
void add_options(CLI::App& app, Config& config);

// The worker and reader counts with the automatic defaults (0) resolved for this machine.
int effective_workers(const Config& config);
int effective_db_readers(const Config& config);

// Reads the config file named by --config (or ZHDJ_CONFIG) before parsing. Its values become
// defaults that environment variables and flags override: each `key = value` is exported as
// ZHDJ_KEY unless that variable is already set. Throws CLI::ConversionError on an unknown key.
void load_config_file(CLI::App& app, int argc, const char* const* argv);

}  // namespace zhdj::app
