// zhdj — 智慧党建, the university smart Party-building platform. One binary, subcommands:
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "app/config.hpp"

int main(int argc, char** argv) {
  using namespace zhdj::app;
  CLI::App cli{"zhdj 智慧党建 — university Party-building platform"};
  cli.require_subcommand(1);
  cli.fallthrough();  // settings may follow the subcommand: `zhdj serve --port 9000`
  Config config;
  add_options(cli, config);

  auto* serve = cli.add_subcommand("serve", "serve the web app and the API");
  auto* migrate = cli.add_subcommand("migrate", "apply database migrations");

  auto* demo = cli.add_subcommand("demo", "create a demo university in an empty database");
  int members = 2000;
  demo->add_option("--members", members, "number of members")->check(CLI::Range(0, 1000000));
  int history_months = 0;
  demo->add_option("--meeting-history-months", history_months,
                   "also record this many months of past meetings (organizational life)")
      ->check(CLI::Range(0, 36));

  auto* user = cli.add_subcommand("user", "manage accounts");
  user->require_subcommand(1);
  std::string login, name, role;
  std::optional<std::string> password;
  std::int64_t org_id = 0;
  auto* user_create =
      user->add_subcommand("create", "create an account (password change at first login)");
  user_create->add_option("--login", login, "学号/工号")->required();
  user_create->add_option("--name", name, "姓名")->required();
  user_create->add_option("--password", password, "initial password (else read from stdin)");
  auto* user_reset = user->add_subcommand("reset-password", "set a new password (change required)");
  user_reset->add_option("--login", login)->required();
  user_reset->add_option("--password", password, "new password (else read from stdin)");
  auto* user_totp =
      user->add_subcommand("reset-totp", "clear a lost authenticator (re-enrol at next login)");
  user_totp->add_option("--login", login)->required();
  auto* user_grant = user->add_subcommand("grant", "grant a role at an org node");
  user_grant->add_option("--login", login)->required();
  user_grant
      ->add_option("--role", role,
                   "system_admin, university_admin, college_admin, branch_admin, member, auditor")
      ->required();
  user_grant->add_option("--org", org_id, "org id")->required();

  auto* backup = cli.add_subcommand("backup", "consistent online copy of the database");
  std::string destination;
  backup->add_option("--out", destination, "backup file")->required();

  auto* audit = cli.add_subcommand("audit", "audit log tools");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "check the audit log's hash chain");

  auto* keys = cli.add_subcommand("keys", "field-encryption keys");
  keys->require_subcommand(1);
  auto* keys_rotate = keys->add_subcommand(
      "rotate",
      "new key, re-encrypt ID numbers, phones, addresses, TOTP secrets (service stopped)");

  try {
    load_config_file(cli, argc, argv);
  } catch (const CLI::Error& e) {
    return cli.exit(e);
  }
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::from_str(config.log_level));

  if (*serve) return commands::serve(config);
  if (*migrate) return commands::migrate(config);
  if (*demo) return commands::demo(config, members, history_months);
  if (*user_create) return commands::user_create(config, login, name, password);
  if (*user_reset) return commands::user_reset_password(config, login, password);
  if (*user_totp) return commands::user_reset_totp(config, login);
  if (*user_grant) return commands::user_grant(config, login, role, org_id);
  if (*backup) return commands::backup(config, destination);
  if (*audit_verify) return commands::audit_verify(config);
  if (*keys_rotate) return commands::keys_rotate(config);
  return 1;
}
