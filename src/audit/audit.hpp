// 留痕: the append-only, hash-chained audit log.
//
// Every use case that writes calls record() inside its own transaction, so an audit entry
// exists exactly when the change does. Each entry's hash covers its content and the previous
// entry's hash; verify() recomputes the chain and names the first entry that was changed,
// deleted or reordered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/time.hpp"
#include "db/database.hpp"

namespace zhdj::audit {

struct Actor {
  std::optional<std::int64_t> account_id;       // who acted (none: the system, a CLI command)
  std::optional<std::int64_t> real_account_id;  // who really acted, when on someone's behalf
  std::string ip;                               // "cli" for command-line tools
};

struct Entry {
  std::string action;       // "org.create", "grant.revoke", "auth.login", ...
  std::string object_type;  // "org", "grant", "account", ...
  std::string object_id;
  std::string org_path;  // where in the tree it happened: who may read the entry
  nlohmann::json changes = nlohmann::json::object();  // {"field": {"before": .., "after": ..}}
};

// Appends one entry in the caller's transaction. Returns its sequence number.
std::int64_t record(db::Tx& tx, const Actor& actor, const Entry& entry, Instant at);

// {"name": {"before": old, "after": new}} for the fields that differ.
nlohmann::json diff(const nlohmann::json& before, const nlohmann::json& after);

struct Verification {
  bool ok = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_bad_seq;
  std::string problem;  // "changed", "deleted", "reordered", "truncated"
};
Verification verify(db::Database& db);

// The hash of an entry given its fields (exposed for tests).
std::string entry_hash(std::int64_t seq, Instant at, const std::optional<std::int64_t>& actor,
                       const std::optional<std::int64_t>& real_actor, std::string_view ip,
                       const Entry& entry, std::string_view changes_text,
                       std::string_view prev_hash);

}  // namespace zhdj::audit
