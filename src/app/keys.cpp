#include "app/keys.hpp"

#include "audit/audit.hpp"
#include "common/crypto.hpp"

namespace zhdj::app {

namespace {

// Re-seals one column of a table (with an optional blind-index column of `domain`).
std::int64_t reseal(db::Tx& tx, const crypto::FieldKey& ring, const std::string& table,
                    const std::string& column, const std::string& index_column = {},
                    const std::string& domain = {}) {
  std::int64_t n = 0;
  for (const auto& r :
       tx.query("SELECT id, " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL")) {
    std::string clear = ring.decrypt(r.blob(1));
    db::Blob sealed = ring.encrypt(clear);
    if (index_column.empty()) {
      tx.exec("UPDATE " + table + " SET " + column + " = ? WHERE id = ?", {sealed, r.i64(0)});
    } else {
      tx.exec("UPDATE " + table + " SET " + column + " = ?, " + index_column + " = ? WHERE id = ?",
              {sealed, ring.blind_index(domain, clear), r.i64(0)});
    }
    ++n;
  }
  return n;
}

}  // namespace

RotationResult rotate_keys(db::Database& db, const std::string& key_file, Instant now) {
  auto ring = crypto::FieldKey::load(key_file);
  RotationResult out;
  out.old_key = ring.current_id();
  // 1. Both keys on disk before any value is sealed under the new one.
  auto both = ring.with_new_key();
  both.save(key_file);
  out.new_key = both.current_id();
  // 2. Everything re-sealed in one transaction.
  db.write([&](db::Tx& tx) {
    out.values = reseal(tx, both, "accounts", "totp_secret") +
                 reseal(tx, both, "members", "id_enc", "id_index", "id") +
                 reseal(tx, both, "members", "phone_enc", "phone_index", "phone") +
                 reseal(tx, both, "members", "address_enc") +
                 reseal(tx, both, "member_corrections", "changes") +
                 reseal(tx, both, "transfers", "person") +
                 reseal(tx, both, "import_batches", "payload");
    audit::record(tx, {std::nullopt, std::nullopt, "cli"},
                  {"keys.rotate",
                   "key",
                   std::to_string(out.new_key),
                   "/",
                   {{"old_key", out.old_key}, {"new_key", out.new_key}, {"values", out.values}}},
                  now);
  });
  // 3. The old key is no longer needed.
  both.current_only().save(key_file);
  return out;
}

}  // namespace zhdj::app
