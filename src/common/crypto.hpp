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

// Authenticated encryption of small fields (TOTP secrets, ID numbers, phone numbers).
class FieldKey {
 public:
  // Loads the 32-byte key from `path`, creating it with mode 0600 if it does not exist.
  static FieldKey load_or_create(const std::string& path);
  static FieldKey from_bytes(const std::array<unsigned char, 32>& key) { return FieldKey(key); }

  // nonce || ciphertext || tag
  std::vector<unsigned char> encrypt(std::string_view plaintext) const;
  // Throws std::runtime_error if the data was tampered with or the key is wrong.
  std::string decrypt(const std::vector<unsigned char>& sealed) const;

 private:
  explicit FieldKey(const std::array<unsigned char, 32>& key) : key_(key) {}
  std::array<unsigned char, 32> key_;
};

}  // namespace zhdj::crypto
