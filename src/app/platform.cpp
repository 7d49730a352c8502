#include "app/platform.hpp"

#include "audit/routes.hpp"
#include "auth/routes.hpp"
#include "dues/reports.hpp"
#include "dues/routes.hpp"
#include "meetings/routes.hpp"
#include "members/routes.hpp"
#include "notify/routes.hpp"
#include "org/routes.hpp"

namespace zhdj::app {

namespace {
db::Options db_options(const Config& c) {
  db::Options o;
  o.readers = effective_db_readers(c);
  return o;
}
}  // namespace

Platform::Platform(const Config& config)
    : config_(config),
      db_((crypto::init(), db::Database::open(config.db_url, db_options(config)))),
      key_(crypto::FieldKey::load_or_create(config.key_file)) {
  hasher_ = std::make_unique<auth::PasswordHasher>(
      config.hash_threads, auth::HashCost{config.hash_ops, config.hash_mem_mib * 1024 * 1024});
  notifications_ = std::make_unique<notify::Service>(*db_, hub_, clock_);
  auth_ = std::make_unique<auth::Service>(*db_, *hasher_, key_, clock_);
  grants_ = std::make_unique<auth::GrantService>(*db_, *notifications_, clock_);
  orgs_ = std::make_unique<org::Service>(*db_, clock_, config.time_zone);
  registry_ =
      std::make_unique<members::Service>(*db_, key_, *notifications_, clock_, config.time_zone);
  events_ = std::make_unique<members::EventService>(*registry_);
  transfers_ =
      std::make_unique<members::TransferService>(*registry_, config.letter_validity_months);
  roster_ = std::make_unique<members::RosterService>(*registry_);
  meetings_ = std::make_unique<meetings::Service>(
      *db_, *notifications_, clock_,
      meetings::Settings{config.time_zone, config.meeting_reminder_minute,
                         config.compliance_warning_days});
  votes_ = std::make_unique<meetings::VoteService>(*meetings_);
  dues_ = std::make_unique<dues::Service>(*db_, *notifications_, clock_, config.time_zone);
  appraisals_ = std::make_unique<meetings::AppraisalService>(*meetings_);
  compliance_ = std::make_unique<meetings::ComplianceService>(*meetings_);

  api_ = std::make_unique<http::Api>(
      [this](const http::Request& req) {
        return auth_->resolve(auth::session_token(req), req.remote_ip);
      },
      config.account_rate, config.account_burst, clock_);

  // The API, area by area.
  auth::register_routes(*api_, *auth_, *grants_, {config.cookie_secure});
  org::register_routes(*api_, *orgs_);
  members::register_routes(*api_, {*registry_, *events_, *transfers_, *roster_});
  dues::register_routes(*api_, *dues_);
  meetings::register_routes(*api_, {*meetings_, *votes_, *appraisals_, *compliance_});
  notify::register_routes(*api_, *notifications_,
                          [this](std::int64_t session) { return auth_->session_alive(session); });
  audit::register_routes(*api_, *db_);

  // Operations.
  api_->get(
      "/healthz",
      [this](http::Call&) {
        try {
          db_->read([](db::Tx& tx) { tx.query("SELECT 1"); });
          return http::Response::json({{"status", "ok"}});
        } catch (const std::exception&) {
          return http::Response::json({{"status", "unavailable"}}, 503);
        }
      },
      http::Access::open);
  api_->get(
      "/metrics",
      [this](http::Call&) {
        http::Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = metrics_.render(db_->stats(), stream_counter_ ? stream_counter_() : 0);
        return r;
      },
      http::Access::open);
}

Platform::~Platform() = default;

http::Response Platform::handle(http::Request& req) {
  return api_->handle(req);
}

bool Platform::is_slow(const http::Request& req) {
  return req.method == "POST" &&
         (req.path == "/api/v1/auth/login" || req.path == "/api/v1/auth/password");
}

}  // namespace zhdj::app

namespace zhdj::app {
bool Platform::is_upload(std::string_view target) {
  return target.rfind("/api/v1/members/import?", 0) == 0 || target == "/api/v1/members/import" ||
         target == "/api/v1/files" || target.rfind("/api/v1/dues/payments/import", 0) == 0;
}

int Platform::run_due_jobs() {
  int sent = meetings_->send_due_reminders();
  // Compliance warnings judge the whole tree: every 10 minutes is often enough.
  Instant now = clock_.now();
  if (now - warnings_checked_at_ >= 10 * 60 * 1000) {
    warnings_checked_at_ = now;
    sent += compliance_->send_warnings();
    sent += dues_->reports().flag_lapses();
  }
  return sent;
}
}  // namespace zhdj::app
