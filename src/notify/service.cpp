#include "notify/service.hpp"

#include <mutex>

#include "audit/audit.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"

namespace zhdj::notify {

namespace {
constexpr const char* kColumns = "id, kind, title, body, link, created_at, read_at";
}

nlohmann::json notification_json(const db::Row& r) {
  return {{"id", r.i64(0)},       {"kind", r.str(1)}, {"title", r.str(2)},
          {"body", r.str(3)},     {"link", r.str(4)}, {"created_at", format_instant(r.i64(5))},
          {"read", !r.is_null(6)}};
}

void Service::send(db::Tx& tx, const std::vector<std::int64_t>& account_ids, const Notice& notice) {
  const Instant now = clock_.now();
  for (auto id : account_ids)
    tx.exec(
        "INSERT INTO notifications (account_id, kind, title, body, link, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {id, notice.kind, notice.title, notice.body, notice.link, now});
  tx.after_commit([hub = &hub_, account_ids] { hub->wake(account_ids); });
}

nlohmann::json Service::list(const auth::Principal& who, std::optional<std::int64_t> before_id,
                             int limit) {
  nlohmann::json out;
  db_.read([&](db::Tx& tx) {
    auto rows = tx.query(std::string("SELECT ") + kColumns +
                             " FROM notifications WHERE account_id = ? AND id < ? "
                             "ORDER BY id DESC LIMIT ?",
                         {who.account_id, before_id.value_or(INT64_MAX), limit + 1});
    out["items"] = nlohmann::json::array();
    for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(limit); ++i)
      out["items"].push_back(notification_json(rows[i]));
    out["next_cursor"] = rows.size() > static_cast<size_t>(limit)
                             ? nlohmann::json(std::to_string(rows[limit - 1].i64(0)))
                             : nlohmann::json(nullptr);
    out["unread"] =
        tx.query_one("SELECT COUNT(*) FROM notifications WHERE account_id = ? AND read_at IS NULL",
                     {who.account_id})
            ->i64(0);
  });
  return out;
}

std::int64_t Service::unread_count(const auth::Principal& who) {
  return db_.read_result([&](db::Tx& tx) {
    return tx
        .query_one("SELECT COUNT(*) FROM notifications WHERE account_id = ? AND read_at IS NULL",
                   {who.account_id})
        ->i64(0);
  });
}

void Service::mark_read(const auth::Principal& who, std::int64_t id) {
  const Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    // Someone else's notification is "not found", not "forbidden".
    auto row = tx.query_one("SELECT read_at FROM notifications WHERE id = ? AND account_id = ?",
                            {id, who.account_id});
    if (!row) throw errors::not_found(zhdj::msg::kNotFound);
    if (!row->is_null(0)) return;
    tx.exec("UPDATE notifications SET read_at = ? WHERE id = ?", {now, id});
    audit::record(tx, {who.account_id, who.real_account_id, who.ip},
                  {"notification.read", "notification", std::to_string(id), "/", {}}, now);
  });
}

void Service::mark_all_read(const auth::Principal& who) {
  const Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto n =
        tx.query_one("SELECT COUNT(*) FROM notifications WHERE account_id = ? AND read_at IS NULL",
                     {who.account_id})
            ->i64(0);
    if (n == 0) return;
    tx.exec("UPDATE notifications SET read_at = ? WHERE account_id = ? AND read_at IS NULL",
            {now, who.account_id});
    audit::record(
        tx, {who.account_id, who.real_account_id, who.ip},
        {"notification.read_all", "account", std::to_string(who.account_id), "/", {{"count", n}}},
        now);
  });
}

namespace {

// Reads what is new for one account from the database each time it is woken.
class NotificationStream final : public http::EventStream {
 public:
  NotificationStream(db::Database& db, Hub& hub, std::int64_t account_id, std::int64_t last_id,
                     std::function<bool()> alive)
      : db_(db), hub_(hub), account_id_(account_id), last_id_(last_id), alive_(std::move(alive)) {}
  ~NotificationStream() override {
    if (token_) hub_.unsubscribe(token_);
  }

  void set_waker(std::function<void()> wake) override {
    token_ = hub_.subscribe(account_id_, std::move(wake));
  }

  std::optional<std::string> poll() override {
    std::lock_guard lock(mutex_);
    if (!alive_()) return std::nullopt;  // session over: end the stream
    std::string out;
    if (first_) {
      out += "retry: 3000\n\n";
      first_ = false;
    }
    db_.read([&](db::Tx& tx) {
      auto rows = tx.query(std::string("SELECT ") + kColumns +
                               " FROM notifications WHERE account_id = ? AND id > ? "
                               "ORDER BY id LIMIT 100",
                           {account_id_, last_id_});
      for (const auto& r : rows) {
        last_id_ = r.i64(0);
        out += "id: " + std::to_string(last_id_) +
               "\nevent: notification\ndata: " + notification_json(r).dump() + "\n\n";
      }
    });
    return out;
  }

 private:
  db::Database& db_;
  Hub& hub_;
  std::int64_t account_id_;
  std::int64_t last_id_;
  std::function<bool()> alive_;
  Hub::Token token_ = 0;
  bool first_ = true;
  std::mutex mutex_;
};

}  // namespace

std::shared_ptr<http::EventStream> Service::open_stream(const auth::Principal& who,
                                                        std::int64_t last_event_id,
                                                        std::function<bool()> session_alive) {
  std::int64_t start = last_event_id;
  if (start <= 0) {
    // A fresh stream starts after the newest existing notification: the list endpoint has
    // shown those already.
    start = db_.read_result([&](db::Tx& tx) {
      auto row =
          tx.query_one("SELECT MAX(id) FROM notifications WHERE account_id = ?", {who.account_id});
      return row && !row->is_null(0) ? row->i64(0) : std::int64_t{0};
    });
  }
  return std::make_shared<NotificationStream>(db_, hub_, who.account_id, start,
                                              std::move(session_alive));
}

}  // namespace zhdj::notify
