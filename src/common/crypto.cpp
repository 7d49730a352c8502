#include "common/crypto.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <cstring>
#include <stdexcept>

namespace zhdj::crypto {

void init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::vector<unsigned char> random_bytes(size_t n) {
  std::vector<unsigned char> out(n);
  randombytes_buf(out.data(), n);
  return out;
}

std::string random_token(size_t n) {
  auto bytes = random_bytes(n);
  std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), n,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string to_hex(const unsigned char* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.resize(n * 2);
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return to_hex(digest, sizeof digest);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

FieldKey FieldKey::load_or_create(const std::string& path) {
  std::array<unsigned char, 32> key{};
  if (!std::filesystem::exists(path)) {
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
    std::string tmp = path + ".new";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      ::chmod(tmp.c_str(), 0600);
      out.write(reinterpret_cast<const char*>(key.data()), key.size());
      if (!out) throw std::runtime_error("cannot write key file " + tmp);
    }
    std::filesystem::rename(tmp, path);
    return FieldKey(key);
  }
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(key.data()), key.size());
  if (in.gcount() != static_cast<std::streamsize>(key.size()))
    throw std::runtime_error("key file " + path + " is not 32 bytes");
  return FieldKey(key);
}

std::vector<unsigned char> FieldKey::encrypt(std::string_view plaintext) const {
  constexpr size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::vector<unsigned char> out(nonce_len + plaintext.size() +
                                 crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(out.data(), nonce_len);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + nonce_len, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), nullptr, 0, nullptr, out.data(), key_.data());
  out.resize(nonce_len + clen);
  return out;
}

std::string FieldKey::decrypt(const std::vector<unsigned char>& sealed) const {
  constexpr size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (sealed.size() < nonce_len + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    throw std::runtime_error("sealed field too short");
  std::string out(sealed.size() - nonce_len - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr, sealed.data() + nonce_len,
          sealed.size() - nonce_len, nullptr, 0, sealed.data(), key_.data()) != 0)
    throw std::runtime_error("field decryption failed");
  out.resize(mlen);
  return out;
}

}  // namespace zhdj::crypto
