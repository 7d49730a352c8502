#include "audit/audit.hpp"

#include "common/crypto.hpp"

namespace zhdj::audit {

namespace {
void field(std::string& out, std::string_view v) {
  out += std::to_string(v.size());
  out += ':';
  out += v;
  out += ';';
}
std::string opt(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : "-";
}
}  // namespace

std::string entry_hash(std::int64_t seq, Instant at, const std::optional<std::int64_t>& actor,
                       const std::optional<std::int64_t>& real_actor, std::string_view ip,
                       const Entry& entry, std::string_view changes_text,
                       std::string_view prev_hash) {
  // Length-prefixed fields: no two different entries serialize alike.
  std::string text;
  field(text, std::to_string(seq));
  field(text, std::to_string(at));
  field(text, opt(actor));
  field(text, opt(real_actor));
  field(text, ip);
  field(text, entry.action);
  field(text, entry.object_type);
  field(text, entry.object_id);
  field(text, entry.org_path);
  field(text, changes_text);
  field(text, prev_hash);
  return crypto::sha256_hex(text);
}

std::int64_t record(db::Tx& tx, const Actor& actor, const Entry& entry, Instant at) {
  // Updating the head row first locks it (PostgreSQL row lock; SQLite has one writer),
  // so concurrent writers append one after another and the chain never forks.
  auto head =
      tx.query_one("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash");
  if (!head) throw db::DbError("audit_head row missing");
  std::int64_t seq = head->i64(0);
  std::string prev = head->str(1);
  std::string changes =
      entry.changes.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string hash =
      entry_hash(seq, at, actor.account_id, actor.real_account_id, actor.ip, entry, changes, prev);
  tx.exec(
      "INSERT INTO audit_log (seq, at, actor_id, real_actor_id, ip, action, object_type, "
      "object_id, org_path, changes, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {seq, at, actor.account_id, actor.real_account_id, actor.ip, entry.action, entry.object_type,
       entry.object_id, entry.org_path, changes, prev, hash});
  tx.exec("UPDATE audit_head SET last_hash = ? WHERE id = 1", {hash});
  return seq;
}

nlohmann::json diff(const nlohmann::json& before, const nlohmann::json& after) {
  nlohmann::json out = nlohmann::json::object();
  for (auto it = after.begin(); it != after.end(); ++it) {
    auto old = before.contains(it.key()) ? before[it.key()] : nlohmann::json(nullptr);
    if (old != it.value()) out[it.key()] = {{"before", old}, {"after", it.value()}};
  }
  for (auto it = before.begin(); it != before.end(); ++it)
    if (!after.contains(it.key())) out[it.key()] = {{"before", it.value()}, {"after", nullptr}};
  return out;
}

Verification verify(db::Database& db) {
  Verification v;
  db.read([&](db::Tx& tx) {
    std::string expected_prev(64, '0');
    std::int64_t expected_seq = 1;
    // Paged by seq so memory stays flat on a long log.
    for (;;) {
      auto rows = tx.query(
          "SELECT seq, at, actor_id, real_actor_id, ip, action, object_type, object_id, "
          "org_path, changes, prev_hash, hash FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT "
          "5000",
          {expected_seq});
      if (rows.empty()) break;
      for (const auto& r : rows) {
        std::int64_t seq = r.i64(0);
        auto fail = [&](std::int64_t at_seq, const char* problem) {
          v.ok = false;
          v.first_bad_seq = at_seq;
          v.problem = problem;
        };
        if (seq != expected_seq) {
          fail(expected_seq, "deleted");
          return;
        }
        if (r.str(10) != expected_prev) {
          fail(seq, "reordered");
          return;
        }
        Entry e{r.str(5), r.str(6), r.str(7), r.str(8)};
        if (entry_hash(seq, r.i64(1), r.opt_i64(2), r.opt_i64(3), r.str(4), e, r.str(9),
                       r.str(10)) != r.str(11)) {
          fail(seq, "changed");
          return;
        }
        expected_prev = r.str(11);
        ++expected_seq;
        ++v.entries;
      }
    }
    auto head = tx.query_one("SELECT seq, last_hash FROM audit_head WHERE id = 1");
    if (head && (head->i64(0) != v.entries || head->str(1) != expected_prev) && v.ok) {
      v.ok = false;
      v.first_bad_seq = v.entries + 1;
      v.problem = "truncated";
    }
  });
  return v;
}

}  // namespace zhdj::audit
