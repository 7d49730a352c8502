// The platform assembled: database, clock, services and the API, in one object. `serve` puts
// an HTTP server in front of it; the API tests drive it in-process the same way.
#pragma once

#include <memory>

#include "app/config.hpp"
#include "auth/grants.hpp"
#include "auth/password.hpp"
#include "auth/service.hpp"
#include "common/crypto.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "development/service.hpp"
#include "dues/service.hpp"
#include "http/api.hpp"
#include "http/metrics.hpp"
#include "members/events.hpp"
#include "members/roster.hpp"
#include "members/service.hpp"
#include "members/transfers.hpp"
#include "meetings/appraisal.hpp"
#include "meetings/compliance.hpp"
#include "meetings/service.hpp"
#include "meetings/votes.hpp"
#include "notify/hub.hpp"
#include "notify/service.hpp"
#include "org/service.hpp"

namespace zhdj::app {

class Platform {
 public:
  explicit Platform(const Config& config);
  ~Platform();

  // Runs one request through the API (on the calling worker thread).
  http::Response handle(http::Request& req);
  // Requests that wait on password hashing (login, password change): the server runs them on
  // a pool of their own.
  static bool is_slow(const http::Request& req);
  // Requests that upload a file (roster import): allowed a larger body.
  static bool is_upload(std::string_view target);

  const Config& config() const { return config_; }
  db::Database& db() { return *db_; }
  OffsetClock& clock() { return clock_; }
  http::Metrics& metrics() { return metrics_; }
  const http::Api& api() const { return *api_; }
  auth::Service& auth() { return *auth_; }
  auth::PasswordHasher& hasher() { return *hasher_; }
  org::Service& orgs() { return *orgs_; }
  notify::Service& notifications() { return *notifications_; }
  members::Service& registry() { return *registry_; }
  meetings::Service& meetings() { return *meetings_; }
  meetings::ComplianceService& compliance() { return *compliance_; }
  // Background work that is due (meeting reminders, compliance warnings); `serve` calls it
  // every minute, tests call it after moving the clock. Returns notifications sent.
  int run_due_jobs();
  const crypto::FieldKey& field_key() const { return key_; }
  // Set by the server so /metrics can report open event streams.
  void set_stream_counter(std::function<std::int64_t()> f) { stream_counter_ = std::move(f); }

 private:
  Config config_;
  OffsetClock clock_;
  std::unique_ptr<db::Database> db_;
  crypto::FieldKey key_;
  std::unique_ptr<auth::PasswordHasher> hasher_;
  notify::Hub hub_;
  http::Metrics metrics_;
  std::unique_ptr<notify::Service> notifications_;
  std::unique_ptr<auth::Service> auth_;
  std::unique_ptr<auth::GrantService> grants_;
  std::unique_ptr<org::Service> orgs_;
  std::unique_ptr<members::Service> registry_;
  std::unique_ptr<members::EventService> events_;
  std::unique_ptr<members::TransferService> transfers_;
  std::unique_ptr<members::RosterService> roster_;
  std::unique_ptr<meetings::Service> meetings_;
  std::unique_ptr<dues::Service> dues_;
  std::unique_ptr<development::Service> development_;
  std::unique_ptr<meetings::VoteService> votes_;
  std::unique_ptr<meetings::AppraisalService> appraisals_;
  std::unique_ptr<meetings::ComplianceService> compliance_;
  Instant warnings_checked_at_ = 0;
  std::unique_ptr<http::Api> api_;
  std::function<std::int64_t()> stream_counter_;
};

}  // namespace zhdj::app
