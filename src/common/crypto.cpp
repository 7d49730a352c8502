#include "common/crypto.hpp"

#include <sodium.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <cstring>
#include <sstream>
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

namespace {
std::string hex_of(const std::array<unsigned char, 32>& a) {
  return to_hex(a.data(), a.size());
}

std::array<unsigned char, 32> array_from_hex(const std::string& hex, const std::string& path) {
  std::array<unsigned char, 32> out{};
  size_t len = 0;
  if (hex.size() != 64 ||
      sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != 32)
    throw std::runtime_error("key file " + path + " is damaged");
  return out;
}

FieldKey::Entry fresh_entry(unsigned id) {
  FieldKey::Entry e;
  e.id = id;
  crypto_aead_xchacha20poly1305_ietf_keygen(e.enc.data());
  crypto_generichash_keygen(e.index.data());
  return e;
}
}  // namespace

FieldKey FieldKey::from_bytes(const std::array<unsigned char, 32>& key) {
  Entry e;
  e.id = 1;
  e.enc = key;
  crypto_generichash(e.index.data(), e.index.size(), key.data(), key.size(),
                     reinterpret_cast<const unsigned char*>("zhdj-index"), 10);
  return FieldKey({e});
}

FieldKey FieldKey::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read key file " + path);
  std::vector<Entry> entries;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string tag, enc, index;
    unsigned id = 0;
    if (!(fields >> tag >> id >> enc >> index) || tag != "key" || id == 0 || id > 255)
      throw std::runtime_error("key file " + path + " is damaged");
    Entry e;
    e.id = id;
    e.enc = array_from_hex(enc, path);
    e.index = array_from_hex(index, path);
    if (!entries.empty() && entries.back().id >= id)
      throw std::runtime_error("key file " + path + " is damaged");
    entries.push_back(e);
  }
  if (entries.empty()) throw std::runtime_error("key file " + path + " holds no key");
  return FieldKey(std::move(entries));
}

FieldKey FieldKey::load_or_create(const std::string& path) {
  if (std::filesystem::exists(path)) return load(path);
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  FieldKey ring({fresh_entry(1)});
  ring.save(path);
  return ring;
}

void FieldKey::save(const std::string& path) const {
  std::string text =
      "# zhdj field-encryption keys. Keep secret; back up together with the database.\n"
      "# Without this file encrypted fields (ID numbers, phones, TOTP secrets) cannot be read.\n";
  for (const auto& e : entries_)
    text += "key " + std::to_string(e.id) + " " + hex_of(e.enc) + " " + hex_of(e.index) + "\n";
  std::string tmp = path + ".new";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write key file " + tmp);
  ::fchmod(fd, 0600);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write key file " + tmp);
  std::filesystem::rename(tmp, path);
}

FieldKey FieldKey::with_new_key() const {
  auto entries = entries_;
  if (current_id() >= 255) throw std::runtime_error("key ring is full (255 rotations)");
  entries.push_back(fresh_entry(current_id() + 1));
  return FieldKey(std::move(entries));
}

FieldKey FieldKey::current_only() const {
  return FieldKey({entries_.back()});
}

const FieldKey::Entry& FieldKey::entry(unsigned id) const {
  for (const auto& e : entries_)
    if (e.id == id) return e;
  throw std::runtime_error("field sealed under key " + std::to_string(id) +
                           ", which is not in the key file");
}

unsigned FieldKey::key_id_of(const std::vector<unsigned char>& sealed) {
  return sealed.empty() ? 0 : sealed[0];
}

std::vector<unsigned char> FieldKey::encrypt(std::string_view plaintext) const {
  constexpr size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  const Entry& key = entries_.back();
  std::vector<unsigned char> out(1 + nonce_len + plaintext.size() +
                                 crypto_aead_xchacha20poly1305_ietf_ABYTES);
  out[0] = static_cast<unsigned char>(key.id);
  unsigned char* nonce = out.data() + 1;
  randombytes_buf(nonce, nonce_len);
  unsigned long long clen = 0;
  // The key id is authenticated as associated data.
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + nonce_len, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), out.data(), 1, nullptr, nonce, key.enc.data());
  out.resize(1 + nonce_len + clen);
  return out;
}

std::string FieldKey::decrypt(const std::vector<unsigned char>& sealed) const {
  constexpr size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t overhead = 1 + nonce_len + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < overhead) throw std::runtime_error("sealed field too short");
  const Entry& key = entry(sealed[0]);
  std::string out(sealed.size() - overhead, '\0');
  unsigned long long mlen = 0;
  const unsigned char* nonce = sealed.data() + 1;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr, nonce + nonce_len,
          sealed.size() - 1 - nonce_len, sealed.data(), 1, nonce, key.enc.data()) != 0)
    throw std::runtime_error("field decryption failed");
  out.resize(mlen);
  return out;
}

namespace {
std::string index_under(const FieldKey::Entry& e, std::string_view domain, std::string_view value) {
  unsigned char digest[16];
  crypto_generichash_state st;
  crypto_generichash_init(&st, e.index.data(), e.index.size(), sizeof digest);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(domain.data()),
                            domain.size());
  const unsigned char sep = 0;
  crypto_generichash_update(&st, &sep, 1);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(value.data()),
                            value.size());
  crypto_generichash_final(&st, digest, sizeof digest);
  return to_hex(digest, sizeof digest);
}
}  // namespace

std::string FieldKey::blind_index(std::string_view domain, std::string_view value) const {
  return index_under(entries_.back(), domain, value);
}

std::vector<std::string> FieldKey::blind_indexes(std::string_view domain,
                                                 std::string_view value) const {
  std::vector<std::string> out;
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
    out.push_back(index_under(*it, domain, value));
  return out;
}

}  // namespace zhdj::crypto
