// Cryptographic helpers over libsodium: random tokens, SHA-256, constant-time comparison,
// and field encryption (XChaCha20-Poly1305) with a key kept in a file outside the database.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace zhdj::crypto {

// Must be called once before any other function here (idempotent).
void init();

std::vector<unsigned char> random_bytes(size_t n);
// n random bytes as URL-safe base64 without padding.
std::string random_token(size_t n = 32);
std::string sha256_hex(std::string_view data);
std::string to_hex(const unsigned char* data, size_t n);
bool equal_constant_time(std::string_view a, std::string_view b);

// Authenticated encryption of small fields (TOTP secrets, ID and phone numbers, addresses) and
// keyed blind indexes for exact lookup of encrypted values, with keys kept in a file outside the
// database (mode 0600).
//
// The key file holds a ring of numbered keys, one per line ("key <id> <enc hex> <index hex>");
// the highest id is current. Every sealed value starts with the id of the key that sealed it, so
// values sealed under an older key still open during a rotation (`zhdj keys rotate`), and
// lookups compute the blind index under every key in the ring.
class FieldKey {
 public:
  struct Entry {
    unsigned id = 0;
    std::array<unsigned char, 32> enc{};
    std::array<unsigned char, 32> index{};
  };

  // Loads the ring from `path`, creating it with one fresh key (mode 0600) if it does not exist.
  static FieldKey load_or_create(const std::string& path);
  static FieldKey load(const std::string& path);
  // A one-key ring for tests.
  static FieldKey from_bytes(const std::array<unsigned char, 32>& key);

  // key id || nonce || ciphertext || tag, sealed under the current key.
  std::vector<unsigned char> encrypt(std::string_view plaintext) const;
  // Throws std::runtime_error if the data was tampered with or its key is not in the ring.
  std::string decrypt(const std::vector<unsigned char>& sealed) const;
  // The id of the key a value was sealed with (0 if it is too short to tell).
  static unsigned key_id_of(const std::vector<unsigned char>& sealed);

  // Keyed BLAKE2b of `value` under the current key, domain-separated by `domain` ("id",
  // "phone"), as 32 hex characters: equal inputs give equal indexes, nothing else is revealed.
  std::string blind_index(std::string_view domain, std::string_view value) const;
  // The index under every key of the ring (current first), for lookups during a rotation.
  std::vector<std::string> blind_indexes(std::string_view domain, std::string_view value) const;

  unsigned current_id() const { return entries_.back().id; }
  const std::vector<Entry>& entries() const { return entries_; }
  // This ring plus a fresh key that becomes current.
  FieldKey with_new_key() const;
  // Only the current key.
  FieldKey current_only() const;
  // Writes the ring atomically (temporary file, fsync, rename), mode 0600.
  void save(const std::string& path) const;

 private:
  explicit FieldKey(std::vector<Entry> entries) : entries_(std::move(entries)) {}
  const Entry& entry(unsigned id) const;
  std::vector<Entry> entries_;  // ascending ids; never empty
};

}  // namespace zhdj::crypto
