#include "app/commands.hpp"

#include <thread>

#include <atomic>

#include "app/keys.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "app/demo.hpp"
#include "app/platform.hpp"
#include "audit/audit.hpp"
#include "common/error.hpp"
#include "db/migrations.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"

namespace zhdj::app::commands {

namespace {
const audit::Actor kCli{std::nullopt, std::nullopt, "cli"};

void apply_migrations(db::Database& db) {
  for (const auto& name : db::migrate(db)) spdlog::info("migration applied: {}", name);
}

std::string read_password(std::optional<std::string> given) {
  if (given) return *given;
  std::cerr << "密码 (password): " << std::flush;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

// Runs a CLI action, printing a typed error's Chinese message instead of a stack of text.
template <class F>
int guarded(F fn) {
  try {
    return fn();
  } catch (const ApiError& e) {
    std::cerr << "错误: " << e.message() << (e.field().empty() ? "" : " (" + e.field() + ")")
              << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
}  // namespace

int migrate(const Config& config) {
  return guarded([&] {
    Platform p(config);
    apply_migrations(p.db());
    std::cout << "database is up to date\n";
    return 0;
  });
}

int serve(const Config& config) {
  return guarded([&] {
    Platform platform(config);
    apply_migrations(platform.db());
    if (config.test_clock)
      spdlog::warn("--test-clock: anyone may move this server's clock forward; tests only");
    http::StaticFiles files(config.web_root);
    if (files.size() == 0)
      spdlog::warn("no web app found in {} (build it with `make web`); serving the API only",
                   config.web_root);
    http::ServerOptions options;
    options.address = config.address;
    options.port = static_cast<std::uint16_t>(config.port);
    options.io_threads = config.io_threads;
    options.workers = effective_workers(config);
    options.slow_workers = config.login_workers;
    options.slow = [](const http::Request& r) { return app::Platform::is_slow(r); };
    options.is_upload = [](std::string_view target) { return app::Platform::is_upload(target); };
    options.ip_rate_per_second = config.ip_rate;
    options.ip_burst = config.ip_burst;
    options.trust_proxy = config.trust_proxy;
    http::Server server(
        options, [&platform](http::Request& r) { return platform.handle(r); }, &files,
        &platform.metrics());
    platform.set_stream_counter([&server] { return server.open_streams(); });
    server.stop_on_signals();
    server.start();
    spdlog::info("zhdj serving on http://{}:{} ({})", config.address, server.port(), config.db_url);
    // Reminders and warnings that fall due; a failure is logged and retried next minute.
    std::atomic<bool> stopping{false};
    std::thread jobs([&] {
      while (!stopping) {
        try {
          platform.run_due_jobs();
        } catch (const std::exception& e) {
          spdlog::error("due jobs failed: {}", e.what());
        }
        for (int i = 0; i < 600 && !stopping; ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
    server.wait();
    stopping = true;
    jobs.join();
    spdlog::info("stopped: requests in flight finished, database closed");
    return 0;
  });
}

int demo(const Config& config, int members, int meeting_history_months) {
  return guarded([&] {
    Platform p(config);
    apply_migrations(p.db());
    if (load_demo(p, members)) {
      std::cout << "演示大学已创建 (demo university created) with " << members << " members\n";
      if (int n = load_demo_meetings(p, meeting_history_months))
        std::cout << "已录入 " << meeting_history_months << " 个月的组织生活记录 (" << n
                  << " meetings)\n";
      if (int n = load_demo_development(p))
        std::cout << "已录入 " << n << " 名发展对象的发展党员程序 (development cases)\n";
    } else
      std::cout << "数据库中已有组织，未重复创建演示数据 (database not empty; demo not loaded)\n";
    auto logins = demo_logins(p);
    if (!logins.empty()) {
      std::cout << "\n演示账号 (demo logins), 密码 password: " << kDemoPassword << "\n";
      for (const auto& l : logins)
        std::cout << "  " << l.login << "\t" << l.role << "\t" << l.scope << "\n";
      std::cout << "管理员账号首次登录需绑定身份验证器 (TOTP)；admins enrol an authenticator app "
                   "at first login.\n";
    }
    return 0;
  });
}

int user_create(const Config& config, const std::string& login, const std::string& name,
                std::optional<std::string> password) {
  return guarded([&] {
    Platform p(config);
    apply_migrations(p.db());
    auto id = p.auth().create_account(kCli, login, name, read_password(password), true);
    std::cout << "account " << login << " created (id " << id
              << "); password change required at first login\n";
    return 0;
  });
}

int user_reset_password(const Config& config, const std::string& login,
                        std::optional<std::string> password) {
  return guarded([&] {
    Platform p(config);
    p.auth().reset_password(kCli, login, read_password(password), true);
    std::cout << "password of " << login << " reset; change required at next login\n";
    return 0;
  });
}

int user_reset_totp(const Config& config, const std::string& login) {
  return guarded([&] {
    Platform p(config);
    p.auth().reset_totp(kCli, login);
    std::cout << "two-step verification of " << login
              << " cleared; a new authenticator is enrolled at next login\n";
    return 0;
  });
}

int user_grant(const Config& config, const std::string& login, const std::string& role,
               std::int64_t org_id) {
  return guarded([&] {
    Platform p(config);
    p.db().write([&](db::Tx& tx) {
      auto account = tx.query_one("SELECT id FROM accounts WHERE login = ?", {login});
      if (!account) throw errors::not_found("账号不存在");
      if (!tx.query_one("SELECT 1 FROM orgs WHERE id = ?", {org_id}))
        throw errors::not_found("组织不存在");
      if (!tx.query_one("SELECT 1 FROM roles WHERE code = ?", {role}))
        throw errors::validation("role", "角色无效");
      auth::GrantService::grant_unchecked(tx, account->i64(0), role, org_id, p.clock().now(),
                                          "cli");
    });
    std::cout << "granted " << role << " at org " << org_id << " to " << login << "\n";
    return 0;
  });
}

int backup(const Config& config, const std::string& destination) {
  return guarded([&] {
    Platform p(config);
    p.db().backup_to(destination);
    std::cout << "backup written to " << destination << "\n";
    return 0;
  });
}

int audit_verify(const Config& config) {
  return guarded([&] {
    Platform p(config);
    auto v = audit::verify(p.db());
    if (v.ok) {
      std::cout << "audit log intact: " << v.entries << " entries\n";
      return 0;
    }
    std::cout << "audit log BROKEN at entry " << *v.first_bad_seq << ": " << v.problem << "\n";
    return 1;
  });
}

int keys_rotate(const Config& config) {
  return guarded([&] {
    Platform p(config);
    auto r = rotate_keys(p.db(), config.key_file, p.clock().now());
    std::cout << "key " << r.old_key << " replaced by key " << r.new_key << "; " << r.values
              << " encrypted values re-encrypted\n";
    return 0;
  });
}

}  // namespace zhdj::app::commands
