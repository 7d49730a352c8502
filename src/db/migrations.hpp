// Numbered schema migrations, compiled into the binary from migrations/NNNN_name.sql.
// One SQL text serves both dialects; a few macros expand per dialect:
//   {{ID}}     an auto-generated BIGINT primary key
//   {{BLOB}}   binary data
//   {{CTEXT}}  text compared bytewise (materialized paths use range scans on it)
//   {{WITHOUT_ROWID}}  after a CREATE TABLE: SQLite keeps rows in key order, not insertion order
#pragma once

#include <string>
#include <vector>

#include "db/database.hpp"

namespace zhdj::db {

struct MigrationFile {
  const char* name;  // "0001_foundation.sql"
  const char* sql;
};
const std::vector<MigrationFile>& embedded_migrations();

std::string expand_dialect(const std::string& sql, Dialect dialect);

// Applies every migration not yet recorded in schema_migrations, each in its own
// transaction, in version order. Returns the names applied.
std::vector<std::string> migrate(Database& db);

}  // namespace zhdj::db
