// Notifications: stored per account with read state, pushed live to open browser tabs.
// Other areas only call send() inside their own transaction; delivery follows the commit.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "common/time.hpp"
#include "db/database.hpp"
#include "http/types.hpp"
#include "notify/hub.hpp"

namespace zhdj::notify {

struct Notice {
  std::string kind;  // "grant.created", "meeting.published", ...
  std::string title;
  std::string body;
  std::string link;  // a path in the web app, e.g. "/orgs/42"
};

class Service {
 public:
  Service(db::Database& db, Hub& hub, const Clock& clock) : db_(db), hub_(hub), clock_(clock) {}

  // Stores one notification per account in the caller's transaction; streams are woken after
  // the commit.
  void send(db::Tx& tx, const std::vector<std::int64_t>& account_ids, const Notice& notice);

  nlohmann::json list(const auth::Principal& who, std::optional<std::int64_t> before_id, int limit);
  std::int64_t unread_count(const auth::Principal& who);
  void mark_read(const auth::Principal& who, std::int64_t id);
  void mark_all_read(const auth::Principal& who);
  // An SSE stream of the caller's notifications after `last_event_id`; it ends when the
  // session ends.
  std::shared_ptr<http::EventStream> open_stream(const auth::Principal& who,
                                                 std::int64_t last_event_id,
                                                 std::function<bool()> session_alive);

 private:
  db::Database& db_;
  Hub& hub_;
  const Clock& clock_;
};

nlohmann::json notification_json(const db::Row& r);

}  // namespace zhdj::notify
