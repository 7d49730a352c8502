// Accounts and sessions: login with lockout, TOTP second factor, forced password change,
// session resolution with idle and absolute timeouts, and account administration.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "auth/password.hpp"
#include "auth/principal.hpp"
#include "common/crypto.hpp"
#include "common/time.hpp"
#include "db/database.hpp"

namespace zhdj::auth {

struct SessionSettings {
  std::int64_t idle_ms = 30 * 60 * 1000;        // 30 minutes without a request
  std::int64_t absolute_ms = 12 * 3600 * 1000;  // 12 hours after login
  int account_lock_after = 5;                   // failures before the first lock
  int ip_lock_after = 20;
  std::int64_t lock_base_ms = 30 * 1000;  // doubles with each further failure
  std::int64_t lock_max_ms = 3600 * 1000;
  std::string totp_issuer = "智慧党建";
};

struct LoginResult {
  std::string token;  // for the cookie; never stored
  Principal principal;
};

struct TotpEnrollment {
  std::string secret;  // base32
  std::string otpauth_uri;
};

class Service {
 public:
  Service(db::Database& db, PasswordHasher& hasher, const crypto::FieldKey& key, const Clock& clock,
          SessionSettings settings = {});

  // Throws 400 (missing fields), 401 (bad credentials), 429 (locked).
  LoginResult login(const std::string& login, const std::string& password, const std::string& ip,
                    const std::string& user_agent);
  // Throws 401 when the token is unknown or the session expired.
  Principal resolve(const std::string& token, const std::string& ip);
  void logout(const Principal& who);
  // Whether a session still holds, without refreshing its idle clock (for live streams).
  bool session_alive(std::int64_t session_id);

  // Each returns the session's next stage.
  std::string verify_totp(const Principal& who, const std::string& code);
  TotpEnrollment begin_totp_enrollment(const Principal& who);
  std::string confirm_totp_enrollment(const Principal& who, const std::string& code);
  std::string change_password(const Principal& who, const std::string& old_password,
                              const std::string& new_password);

  // Administration (CLI, imports). `password` must satisfy the policy.
  std::int64_t create_account(const audit::Actor& actor, const std::string& login,
                              const std::string& name, const std::string& password,
                              bool must_change);
  void reset_password(const audit::Actor& actor, const std::string& login,
                      const std::string& password, bool must_change);

  // Clears a lost authenticator: the account enrols a new one at its next login.
  void reset_totp(const audit::Actor& actor, const std::string& login);

  // The grants of an account with their capabilities (system_admin holds everywhere).
  std::vector<Grant> load_grants(db::Tx& tx, std::int64_t account_id);

  const SessionSettings& settings() const { return settings_; }

 private:
  void check_not_locked(db::Tx& tx, const std::string& key, Instant now);
  void count_failure(db::Tx& tx, const std::string& key, int threshold, Instant now);
  std::string stage_after_password(db::Tx& tx, std::int64_t account_id, bool must_change);
  Principal load_principal(db::Tx& tx, std::int64_t session_id);

  // Roles and their capabilities change only with migrations: read once, on first use (after
  // migrating), instead of joining them into every request's grant query.
  struct Role {
    std::string name;
    std::optional<int> admin_level;
    std::shared_ptr<const CapabilitySet> capabilities;
  };
  const Role& role(db::Tx& tx, const std::string& code);
  std::mutex roles_mutex_;
  std::map<std::string, Role> roles_;

  db::Database& db_;
  PasswordHasher& hasher_;
  const crypto::FieldKey& key_;
  const Clock& clock_;
  SessionSettings settings_;
};

}  // namespace zhdj::auth
