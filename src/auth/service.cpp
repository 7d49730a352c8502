#include "auth/service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "auth/messages.hpp"
#include "auth/totp.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"

namespace zhdj::auth {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool valid_login(const std::string& login) {
  if (login.size() < 2 || login.size() > 40) return false;
  return std::all_of(login.begin(), login.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '.' || c == '-';
  });
}

// Where an account's events belong in the tree, so the right auditors see them: its member
// record's org; else the highest org it holds a role at; else the top.
std::string account_org_path(db::Tx& tx, std::int64_t account_id) {
  auto row = tx.query_one(
      "SELECT o.path FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.account_id = ?",
      {account_id});
  if (!row)
    row = tx.query_one(
        "SELECT o.path FROM role_grants g JOIN orgs o ON o.id = g.org_id WHERE g.account_id = ? "
        "ORDER BY length(o.path), o.path LIMIT 1",
        {account_id});
  return row ? row->str(0) : "/";
}

void require_code_format(const std::string& code) {
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos)
    throw errors::validation("code", msg::kTotpFormat);
}

audit::Actor actor_of(const Principal& who) {
  return {who.account_id, who.real_account_id, who.ip};
}

}  // namespace

Service::Service(db::Database& db, PasswordHasher& hasher, const crypto::FieldKey& key,
                 const Clock& clock, SessionSettings settings)
    : db_(db), hasher_(hasher), key_(key), clock_(clock), settings_(std::move(settings)) {}

void Service::check_not_locked(db::Tx& tx, const std::string& key, Instant now) {
  auto row = tx.query_one("SELECT locked_until FROM login_throttle WHERE key = ?", {key});
  if (row && row->i64(0) > now) {
    auto seconds = (row->i64(0) - now + 999) / 1000;
    throw ApiError(429, "locked", fmt::format(fmt::runtime(msg::kLocked), seconds));
  }
}

void Service::count_failure(db::Tx& tx, const std::string& key, int threshold, Instant now) {
  auto row = tx.query_one("SELECT failures FROM login_throttle WHERE key = ?", {key});
  int failures = row ? static_cast<int>(row->i64(0)) + 1 : 1;
  Instant locked_until = 0;
  if (failures >= threshold) {
    // Exponential: 30 s after the threshold, doubling with each further failure, at most 1 h.
    int doublings = std::min(failures - threshold, 20);
    locked_until = now + std::min(settings_.lock_max_ms, settings_.lock_base_ms << doublings);
  }
  tx.exec(
      "INSERT INTO login_throttle (key, failures, locked_until, updated_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
      "locked_until = excluded.locked_until, updated_at = excluded.updated_at",
      {key, failures, locked_until, now});
}

const Service::Role& Service::role(db::Tx& tx, const std::string& code) {
  std::lock_guard lock(roles_mutex_);
  if (auto it = roles_.find(code); it != roles_.end()) return it->second;
  roles_.clear();
  for (const auto& r : tx.query("SELECT code, name, admin_level FROM roles")) {
    auto caps = std::make_shared<CapabilitySet>();
    for (const auto& c :
         tx.query("SELECT capability FROM role_capabilities WHERE role = ?", {r.str(0)}))
      caps->insert(c.str(0));
    std::optional<int> level;
    if (!r.is_null(2)) level = static_cast<int>(r.i64(2));
    roles_[r.str(0)] = Role{r.str(1), level, std::move(caps)};
  }
  auto it = roles_.find(code);
  if (it == roles_.end()) throw db::DbError("unknown role " + code);
  return it->second;
}

std::vector<Grant> Service::load_grants(db::Tx& tx, std::int64_t account_id) {
  auto rows = tx.query(
      "SELECT g.id, g.role, g.org_id, o.path, o.name FROM role_grants g "
      "JOIN orgs o ON o.id = g.org_id WHERE g.account_id = ? ORDER BY g.id",
      {account_id});
  std::vector<Grant> grants;
  grants.reserve(rows.size());
  for (const auto& r : rows) {
    Grant g;
    g.id = r.i64(0);
    g.role = r.str(1);
    g.org_id = r.i64(2);
    // A system administrator's grant covers every university.
    g.org_path = g.role == "system_admin" ? "/" : r.str(3);
    g.org_name = r.str(4);
    const Role& role_info = role(tx, g.role);
    g.role_name = role_info.name;
    g.admin_level = role_info.admin_level;
    g.capabilities = role_info.capabilities;
    grants.push_back(std::move(g));
  }
  return grants;
}

std::string Service::stage_after_password(db::Tx& tx, std::int64_t account_id, bool must_change) {
  auto grants = load_grants(tx, account_id);
  bool admin = std::any_of(grants.begin(), grants.end(),
                           [](const Grant& g) { return g.admin_level.has_value(); });
  if (admin) {
    auto row = tx.query_one("SELECT totp_enabled FROM accounts WHERE id = ?", {account_id});
    return row && row->i64(0) ? "totp" : "totp_enroll";
  }
  return must_change ? "change_password" : "ok";
}

namespace {
// One query for the session, its account and the member record (hot path: every request).
constexpr const char* kPrincipalSelect =
    "SELECT s.id, s.account_id, s.stage, s.csrf_token, a.login, a.name, m.id, s.created_at, "
    "s.last_seen_at, a.disabled FROM sessions s JOIN accounts a ON a.id = s.account_id "
    "LEFT JOIN members m ON m.account_id = a.id WHERE ";

Principal principal_from(const db::Row& r) {
  Principal p;
  p.session_id = r.i64(0);
  p.account_id = r.i64(1);
  p.stage = r.str(2);
  p.csrf_token = r.str(3);
  p.login = r.str(4);
  p.name = r.str(5);
  p.member_id = r.opt_i64(6);
  return p;
}
}  // namespace

Principal Service::load_principal(db::Tx& tx, std::int64_t session_id) {
  auto row = tx.query_one(std::string(kPrincipalSelect) + "s.id = ?", {session_id});
  if (!row) throw errors::unauthenticated(zhdj::msg::kSessionExpired);
  Principal p = principal_from(*row);
  p.grants = load_grants(tx, p.account_id);
  return p;
}

LoginResult Service::login(const std::string& login, const std::string& password,
                           const std::string& ip, const std::string& user_agent) {
  if (login.empty()) throw errors::validation("login", msg::kLoginRequired);
  if (password.empty()) throw errors::validation("password", msg::kPasswordRequired);
  if (login.size() > 100 || password.size() > 1024)
    throw errors::unauthenticated(msg::kBadCredentials);
  const Instant now = clock_.now();
  const std::string account_key = "account:" + lower(login);
  const std::string ip_key = "ip:" + ip;

  struct Found {
    std::int64_t id = 0;
    std::string hash;
    bool disabled = false;
    bool must_change = false;
  };
  std::optional<Found> found;
  db_.read([&](db::Tx& tx) {
    check_not_locked(tx, account_key, now);
    check_not_locked(tx, ip_key, now);
    auto row = tx.query_one(
        "SELECT id, password_hash, disabled, must_change_password FROM accounts WHERE login = ?",
        {login});
    if (row && !row->is_null(1))
      found = Found{row->i64(0), row->str(1), row->i64(2) != 0, row->i64(3) != 0};
  });

  // Verify against a decoy when the account is unknown: same cost, nothing revealed.
  bool ok = hasher_.verify(password, found ? found->hash : hasher_.decoy_hash()) && found;
  if (!ok) {
    db_.write([&](db::Tx& tx) {
      count_failure(tx, account_key, settings_.account_lock_after, now);
      count_failure(tx, ip_key, settings_.ip_lock_after, now);
      audit::record(tx, {found ? std::optional<std::int64_t>(found->id) : std::nullopt, {}, ip},
                    {"auth.login_failed",
                     "account",
                     login,
                     found ? account_org_path(tx, found->id) : "/",
                     {{"login", login}}},
                    now);
    });
    throw errors::unauthenticated(msg::kBadCredentials);
  }
  if (found->disabled) throw ApiError(403, "disabled", msg::kDisabled);

  LoginResult result;
  result.token = crypto::random_token(32);
  db_.write([&](db::Tx& tx) {
    tx.exec("DELETE FROM login_throttle WHERE key = ?", {account_key});
    std::string stage = stage_after_password(tx, found->id, found->must_change);
    auto session_id = tx.insert(
        "INSERT INTO sessions (token_hash, account_id, csrf_token, stage, created_at, "
        "last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {crypto::sha256_hex(result.token), found->id, crypto::random_token(24), stage, now, now, ip,
         user_agent.substr(0, 300)});
    audit::record(tx, {found->id, {}, ip},
                  {"auth.login",
                   "session",
                   std::to_string(session_id),
                   account_org_path(tx, found->id),
                   {{"stage", stage}}},
                  now);
    result.principal = load_principal(tx, session_id);
  });
  result.principal.ip = ip;
  return result;
}

Principal Service::resolve(const std::string& token, const std::string& ip) {
  if (token.empty() || token.size() > 100) throw errors::unauthenticated(zhdj::msg::kNotLoggedIn);
  const Instant now = clock_.now();
  std::optional<Principal> who;
  bool touch = false;
  db_.read([&](db::Tx& tx) {
    auto row = tx.query_one(std::string(kPrincipalSelect) + "s.token_hash = ?",
                            {crypto::sha256_hex(token)});
    if (!row || row->i64(9) != 0 || now - row->i64(7) > settings_.absolute_ms ||
        now - row->i64(8) > settings_.idle_ms)
      return;
    // Refresh the idle clock at most once a minute: one small write, not one per request.
    touch = now - row->i64(8) > 60 * 1000;
    who = principal_from(*row);
    who->grants = load_grants(tx, who->account_id);
  });
  if (!who) throw errors::unauthenticated(zhdj::msg::kSessionExpired);
  if (touch)
    db_.write([&](db::Tx& tx) {
      tx.exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?", {now, who->session_id});
    });
  who->ip = ip;
  return *who;
}

bool Service::session_alive(std::int64_t session_id) {
  const Instant now = clock_.now();
  return db_.read_result([&](db::Tx& tx) {
    auto row =
        tx.query_one("SELECT created_at, last_seen_at FROM sessions WHERE id = ?", {session_id});
    return row && now - row->i64(0) <= settings_.absolute_ms &&
           now - row->i64(1) <= settings_.idle_ms;
  });
}

void Service::logout(const Principal& who) {
  db_.write([&](db::Tx& tx) {
    tx.exec("DELETE FROM sessions WHERE id = ?", {who.session_id});
    audit::record(tx, actor_of(who),
                  {"auth.logout",
                   "session",
                   std::to_string(who.session_id),
                   account_org_path(tx, who.account_id),
                   {}},
                  clock_.now());
  });
}

std::string Service::verify_totp(const Principal& who, const std::string& code) {
  if (who.stage != "totp") throw ApiError(400, "wrong_stage", msg::kWrongStage);
  require_code_format(code);
  const Instant now = clock_.now();
  const std::string account_key = "account:" + lower(who.login);
  db_.read([&](db::Tx& tx) { check_not_locked(tx, account_key, now); });
  std::string next;
  bool failed = false;
  db_.write([&](db::Tx& tx) {
    auto row = tx.query_one(
        "SELECT totp_secret, totp_last_step, must_change_password FROM accounts WHERE id = ?",
        {who.account_id});
    std::string secret = key_.decrypt(row->blob(0));
    auto step = totp_verify(secret, code, now / 1000);
    if (!step || *step <= row->i64(1)) {  // wrong, or replayed
      count_failure(tx, account_key, settings_.account_lock_after, now);
      audit::record(tx, actor_of(who),
                    {"auth.totp_failed",
                     "account",
                     std::to_string(who.account_id),
                     account_org_path(tx, who.account_id),
                     {}},
                    now);
      failed = true;
      return;
    }
    next = row->i64(2) ? "change_password" : "ok";
    tx.exec("UPDATE accounts SET totp_last_step = ? WHERE id = ?", {*step, who.account_id});
    tx.exec("UPDATE sessions SET stage = ? WHERE id = ?", {next, who.session_id});
    tx.exec("DELETE FROM login_throttle WHERE key = ?", {account_key});
    audit::record(tx, actor_of(who),
                  {"auth.totp",
                   "session",
                   std::to_string(who.session_id),
                   account_org_path(tx, who.account_id),
                   {{"stage", next}}},
                  now);
  });
  if (failed) throw errors::validation("code", msg::kTotpWrong);
  return next;
}

TotpEnrollment Service::begin_totp_enrollment(const Principal& who) {
  if (who.stage != "totp_enroll") throw ApiError(400, "wrong_stage", msg::kWrongStage);
  auto raw = crypto::random_bytes(20);
  TotpEnrollment e;
  e.secret = base32_encode(raw);
  e.otpauth_uri = otpauth_uri(settings_.totp_issuer, who.login, e.secret);
  db_.write([&](db::Tx& tx) {
    tx.exec("UPDATE accounts SET totp_secret = ?, totp_enabled = 0 WHERE id = ?",
            {db::Blob(key_.encrypt(std::string(raw.begin(), raw.end()))), who.account_id});
    audit::record(tx, actor_of(who),
                  {"auth.totp_enroll_start",
                   "account",
                   std::to_string(who.account_id),
                   account_org_path(tx, who.account_id),
                   {}},
                  clock_.now());
  });
  return e;
}

std::string Service::confirm_totp_enrollment(const Principal& who, const std::string& code) {
  if (who.stage != "totp_enroll") throw ApiError(400, "wrong_stage", msg::kWrongStage);
  require_code_format(code);
  const Instant now = clock_.now();
  std::string next;
  db_.write([&](db::Tx& tx) {
    auto row = tx.query_one("SELECT totp_secret, must_change_password FROM accounts WHERE id = ?",
                            {who.account_id});
    if (!row || row->is_null(0)) throw ApiError(400, "wrong_stage", msg::kWrongStage);
    auto step = totp_verify(key_.decrypt(row->blob(0)), code, now / 1000);
    if (!step) throw errors::validation("code", msg::kTotpWrong);
    next = row->i64(1) ? "change_password" : "ok";
    tx.exec("UPDATE accounts SET totp_enabled = 1, totp_last_step = ? WHERE id = ?",
            {*step, who.account_id});
    tx.exec("UPDATE sessions SET stage = ? WHERE id = ?", {next, who.session_id});
    audit::record(tx, actor_of(who),
                  {"auth.totp_enrolled",
                   "account",
                   std::to_string(who.account_id),
                   account_org_path(tx, who.account_id),
                   {{"totp_enabled", {{"before", false}, {"after", true}}}}},
                  now);
  });
  return next;
}

std::string Service::change_password(const Principal& who, const std::string& old_password,
                                     const std::string& new_password) {
  if (who.stage != "ok" && who.stage != "change_password")
    throw ApiError(400, "wrong_stage", msg::kWrongStage);
  if (old_password.empty()) throw errors::validation("old_password", msg::kPasswordRequired);
  if (auto problem = check_password_policy(new_password, who.login))
    throw errors::validation("new_password", *problem);
  if (new_password == old_password) throw errors::validation("new_password", msg::kPasswordSame);
  const Instant now = clock_.now();
  const std::string account_key = "account:" + lower(who.login);
  std::string stored;
  db_.read([&](db::Tx& tx) {
    check_not_locked(tx, account_key, now);
    stored =
        tx.query_one("SELECT password_hash FROM accounts WHERE id = ?", {who.account_id})->str(0);
  });
  if (!hasher_.verify(old_password, stored)) {
    db_.write(
        [&](db::Tx& tx) { count_failure(tx, account_key, settings_.account_lock_after, now); });
    throw errors::validation("old_password", msg::kWrongOldPassword);
  }
  std::string hash = hasher_.hash(new_password);
  db_.write([&](db::Tx& tx) {
    tx.exec(
        "UPDATE accounts SET password_hash = ?, must_change_password = 0, password_changed_at = ? "
        "WHERE id = ?",
        {hash, now, who.account_id});
    // Other sessions of this account end: whoever knew the old password is logged out.
    tx.exec("DELETE FROM sessions WHERE account_id = ? AND id <> ?",
            {who.account_id, who.session_id});
    tx.exec("UPDATE sessions SET stage = 'ok' WHERE id = ?", {who.session_id});
    audit::record(tx, actor_of(who),
                  {"auth.password_change",
                   "account",
                   std::to_string(who.account_id),
                   account_org_path(tx, who.account_id),
                   {{"password", "changed"}}},
                  now);
  });
  return "ok";
}

std::int64_t Service::create_account(const audit::Actor& actor, const std::string& login,
                                     const std::string& name, const std::string& password,
                                     bool must_change) {
  if (!valid_login(login)) throw errors::validation("login", msg::kLoginFormat);
  if (name.empty()) throw errors::validation("name", msg::kNameRequired);
  if (auto problem = check_password_policy(password, login))
    throw errors::validation("password", *problem);
  std::string hash = hasher_.hash(password);
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    if (tx.query_one("SELECT 1 FROM accounts WHERE login = ?", {login}))
      throw errors::conflict(msg::kLoginTaken, "login");
    auto id = tx.insert(
        "INSERT INTO accounts (login, name, password_hash, must_change_password, created_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id",
        {login, name, hash, must_change, now});
    audit::record(tx, actor,
                  {"account.create",
                   "account",
                   std::to_string(id),
                   "/",
                   {{"login", login}, {"name", name}, {"must_change_password", must_change}}},
                  now);
    return id;
  });
}

void Service::reset_password(const audit::Actor& actor, const std::string& login,
                             const std::string& password, bool must_change) {
  if (auto problem = check_password_policy(password, login))
    throw errors::validation("password", *problem);
  std::string hash = hasher_.hash(password);
  const Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto row = tx.query_one("SELECT id FROM accounts WHERE login = ?", {login});
    if (!row) throw errors::not_found(zhdj::msg::kNotFound);
    auto id = row->i64(0);
    tx.exec("UPDATE accounts SET password_hash = ?, must_change_password = ? WHERE id = ?",
            {hash, must_change, id});
    tx.exec("DELETE FROM sessions WHERE account_id = ?", {id});
    tx.exec("DELETE FROM login_throttle WHERE key = ?", {"account:" + lower(login)});
    audit::record(tx, actor,
                  {"account.reset_password",
                   "account",
                   std::to_string(id),
                   account_org_path(tx, id),
                   {{"must_change_password", must_change}}},
                  now);
  });
}

void Service::reset_totp(const audit::Actor& actor, const std::string& login) {
  const Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto row = tx.query_one("SELECT id FROM accounts WHERE login = ?", {login});
    if (!row) throw errors::not_found(zhdj::msg::kNotFound);
    auto id = row->i64(0);
    tx.exec("UPDATE accounts SET totp_secret = NULL, totp_enabled = 0 WHERE id = ?", {id});
    tx.exec("DELETE FROM sessions WHERE account_id = ?", {id});
    audit::record(tx, actor,
                  {"account.reset_totp",
                   "account",
                   std::to_string(id),
                   account_org_path(tx, id),
                   {{"totp_enabled", {{"before", true}, {"after", false}}}}},
                  now);
  });
}

}  // namespace zhdj::auth
