#include "app/config.hpp"

#include <CLI/CLI.hpp>

namespace zhdj::app {

void add_options(CLI::App& app, Config& c) {
  app.set_config("--config", "", "INI file with settings (key = value)");
  app.add_option("--db", c.db_url, "database URL: sqlite:PATH or postgresql://...")
      ->envname("ZHDJ_DB")->capture_default_str();
  app.add_option("--key-file", c.key_file, "field-encryption key file (keep it out of backups of the database)")
      ->envname("ZHDJ_KEY_FILE")->capture_default_str();
  app.add_option("--address", c.address, "address to listen on")->envname("ZHDJ_ADDRESS")->capture_default_str();
  app.add_option("--port", c.port, "port to listen on")->envname("ZHDJ_PORT")->capture_default_str()
      ->check(CLI::Range(0, 65535));
  app.add_option("--io-threads", c.io_threads, "I/O threads (0: one per core)")->envname("ZHDJ_IO_THREADS");
  app.add_option("--workers", c.workers, "request worker threads")->envname("ZHDJ_WORKERS")
      ->check(CLI::Range(1, 1024));
  app.add_option("--db-readers", c.db_readers, "reader connections / PostgreSQL pool size")
      ->envname("ZHDJ_DB_READERS")->check(CLI::Range(1, 256));
  app.add_option("--web-root", c.web_root, "directory of the built web app")->envname("ZHDJ_WEB_ROOT")
      ->capture_default_str();
  app.add_option("--time-zone", c.time_zone, "the university's time zone")->envname("ZHDJ_TIME_ZONE")
      ->capture_default_str();
  app.add_option("--cookie-secure", c.cookie_secure, "mark the session cookie Secure (HTTPS)")
      ->envname("ZHDJ_COOKIE_SECURE");
  app.add_option("--trust-proxy", c.trust_proxy, "take the client address from X-Real-IP")
      ->envname("ZHDJ_TRUST_PROXY");
  app.add_option("--ip-rate", c.ip_rate, "requests per second per client address (0: off)")
      ->envname("ZHDJ_IP_RATE");
  app.add_option("--ip-burst", c.ip_burst, "burst per client address")->envname("ZHDJ_IP_BURST");
  app.add_option("--account-rate", c.account_rate, "requests per second per account (0: off)")
      ->envname("ZHDJ_ACCOUNT_RATE");
  app.add_option("--account-burst", c.account_burst, "burst per account")->envname("ZHDJ_ACCOUNT_BURST");
  app.add_option("--hash-threads", c.hash_threads, "password hashing threads")
      ->envname("ZHDJ_HASH_THREADS")->check(CLI::Range(1, 64));
  app.add_option("--hash-ops", c.hash_ops, "argon2id passes")->envname("ZHDJ_HASH_OPS")
      ->check(CLI::Range(1, 10));
  app.add_option("--hash-mem-mib", c.hash_mem_mib, "argon2id memory in MiB")
      ->envname("ZHDJ_HASH_MEM_MIB")->check(CLI::Range(8, 1024));
  app.add_option("--log-level", c.log_level, "trace, debug, info, warn, error")->envname("ZHDJ_LOG_LEVEL");
}

}  // namespace zhdj::app
