// The subcommands of the zhdj binary. Each returns the process exit code.
#pragma once

#include <optional>
#include <string>

#include "app/config.hpp"

namespace zhdj::app::commands {

int serve(const Config& config);
int migrate(const Config& config);
int demo(const Config& config, int members, int meeting_history_months = 0);
int user_create(const Config& config, const std::string& login, const std::string& name,
                std::optional<std::string> password);
int user_reset_password(const Config& config, const std::string& login,
                        std::optional<std::string> password);
int user_reset_totp(const Config& config, const std::string& login);
int user_grant(const Config& config, const std::string& login, const std::string& role,
               std::int64_t org_id);
int backup(const Config& config, const std::string& destination);
int audit_verify(const Config& config);
int keys_rotate(const Config& config);

}  // namespace zhdj::app::commands
