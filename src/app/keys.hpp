// `zhdj keys rotate`: a new field-encryption key, every sealed value re-encrypted under it and
// every blind index recomputed, in one transaction; then the old key leaves the key file.
// Crash-safe: the file holds both keys until the data no longer needs the old one, and values
// carry the id of their key. Run it with the service stopped (the service loads keys at start).
#pragma once

#include <cstdint>
#include <string>

#include "common/time.hpp"
#include "db/database.hpp"

namespace zhdj::app {

struct RotationResult {
  unsigned old_key = 0;
  unsigned new_key = 0;
  std::int64_t values = 0;  // sealed values re-encrypted
};

RotationResult rotate_keys(db::Database& db, const std::string& key_file, Instant now);

}  // namespace zhdj::app
