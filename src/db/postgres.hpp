// PostgreSQL driver over libpq: a pool of connections, prepared statements per connection.
#pragma once

#include "db/database.hpp"

namespace zhdj::db {
std::unique_ptr<Database> open_postgres(const std::string& url, const Options& options);
// `?` placeholders → `$1, $2, ...` (quoted strings are left alone).
std::string to_postgres_placeholders(std::string_view sql);
}  // namespace zhdj::db
