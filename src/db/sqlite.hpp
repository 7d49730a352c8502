// Embedded SQLite driver: WAL, synchronous=FULL, one writer thread with group commit,
// a pool of reader connections.
#pragma once

#include "db/database.hpp"

namespace zhdj::db {
std::unique_ptr<Database> open_sqlite(const std::string& path, const Options& options);
}
