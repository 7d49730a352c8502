// Registry rows: reading and writing member records, with sensitive fields sealed, blind
// indexes and masks kept together, and a history row for every field that changes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/crypto.hpp"
#include "db/database.hpp"
#include "members/fields.hpp"

namespace zhdj::members::store {

struct Record {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string org_path;
  std::string org_name;
  std::string org_kind;
  std::optional<std::int64_t> account_id;
  std::int64_t version = 0;
  std::int64_t created_at = 0;
  std::string watch_until;
  std::string status_since;
  std::string id_index;
  // Canonical values; sensitive ones in clear when loaded with decrypt, masked otherwise.
  Values values;
};

// The masked or decrypted record, or nullopt.
std::optional<Record> load(db::Tx& tx, const crypto::FieldKey& key, std::int64_t id, bool decrypt);
std::optional<std::int64_t> find_by_id_number(db::Tx& tx, const crypto::FieldKey& key,
                                              const std::string& id_number);
std::optional<std::int64_t> find_by_student_no(db::Tx& tx, const std::string& student_no);

// Inserts a record (values already checked); returns its id. Writes "create" history.
std::int64_t insert(db::Tx& tx, const crypto::FieldKey& key, std::int64_t org_id,
                    const Values& values, std::optional<std::int64_t> account_id,
                    std::optional<std::int64_t> actor, const std::string& source, Instant now);

// Writes the fields of `changes` that differ from `current` (loaded with decrypt), with one
// history row each, bumps the version; returns the keys that changed.
std::vector<std::string> update(db::Tx& tx, const crypto::FieldKey& key, const Record& current,
                                const Values& changes, std::optional<std::int64_t> actor,
                                const std::string& source, Instant now);

// Sets status columns directly (status events); history rows for what changed.
void set_columns(db::Tx& tx, std::int64_t member_id, const Values& before, const Values& after,
                 std::optional<std::int64_t> actor, const std::string& source, Instant now);

// Accounts that manage members at `org_path` from a branch or college level (administrators at
// the org or above it, up to the college): whom to tell about a request waiting for them.
std::vector<std::int64_t> managers_of(db::Tx& tx, const std::string& org_path);

// Records that `account` read unmasked `fields` of `member` for `purpose`.
void log_access(db::Tx& tx, std::int64_t member_id, std::int64_t account_id,
                const std::string& purpose, const std::string& fields, Instant now);

}  // namespace zhdj::members::store
