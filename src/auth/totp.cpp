#include "auth/totp.hpp"

#include <cstring>

#include "common/crypto.hpp"

namespace zhdj::auth {

namespace {
std::uint32_t rotl(std::uint32_t x, int n) {
  return (x << n) | (x >> (32 - n));
}
}  // namespace

// SHA-1 (FIPS 180-4). Only used inside HMAC for TOTP, where it remains sound;
// libsodium has no SHA-1.
std::array<unsigned char, 20> sha1(std::string_view data) {
  std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::string msg(data);
  std::uint64_t bit_len = static_cast<std::uint64_t>(data.size()) * 8;
  msg += static_cast<char>(0x80);
  while (msg.size() % 64 != 56) msg += '\0';
  for (int i = 7; i >= 0; --i) msg += static_cast<char>((bit_len >> (i * 8)) & 0xff);

  for (size_t chunk = 0; chunk < msg.size(); chunk += 64) {
    std::uint32_t w[80];
    for (int i = 0; i < 16; ++i) {
      auto b = reinterpret_cast<const unsigned char*>(msg.data() + chunk + i * 4);
      w[i] = (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) |
             (std::uint32_t(b[2]) << 8) | b[3];
    }
    for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      std::uint32_t f, k;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5A827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8F1BBCDC;
      } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6;
      }
      std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  std::array<unsigned char, 20> out{};
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j) out[i * 4 + j] = static_cast<unsigned char>(h[i] >> (24 - 8 * j));
  return out;
}

std::array<unsigned char, 20> hmac_sha1(std::string_view key, std::string_view message) {
  std::string k(key);
  if (k.size() > 64) {
    auto d = sha1(k);
    k.assign(d.begin(), d.end());
  }
  k.resize(64, '\0');
  std::string inner(64, '\0'), outer(64, '\0');
  for (int i = 0; i < 64; ++i) {
    inner[i] = static_cast<char>(k[i] ^ 0x36);
    outer[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  auto ih = sha1(inner + std::string(message));
  return sha1(outer + std::string(ih.begin(), ih.end()));
}

static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string base32_encode(const std::vector<unsigned char>& data) {
  std::string out;
  int bits = 0;
  std::uint32_t buffer = 0;
  for (unsigned char byte : data) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::vector<unsigned char>> base32_decode(std::string_view text) {
  std::vector<unsigned char> out;
  int bits = 0;
  std::uint32_t buffer = 0;
  for (char c : text) {
    if (c == '=' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const char* p = std::strchr(kAlphabet, c);
    if (!p || c == '\0') return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(p - kAlphabet);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<unsigned char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

std::string totp_code(std::string_view key, std::int64_t step, int digits) {
  std::string counter(8, '\0');
  for (int i = 7; i >= 0; --i) {
    counter[i] = static_cast<char>(step & 0xff);
    step >>= 8;
  }
  auto mac = hmac_sha1(key, counter);
  int offset = mac[19] & 0x0f;
  std::uint32_t binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) |
                         (mac[offset + 2] << 8) | mac[offset + 3];
  std::uint32_t mod = 1;
  for (int i = 0; i < digits; ++i) mod *= 10;
  std::string code = std::to_string(binary % mod);
  return std::string(digits - code.size(), '0') + code;
}

std::optional<std::int64_t> totp_verify(std::string_view key, std::string_view code,
                                        std::int64_t unix_seconds, int window) {
  if (code.size() != 6) return std::nullopt;
  std::int64_t step = unix_seconds / 30;
  for (int d = -window; d <= window; ++d)
    if (crypto::equal_constant_time(totp_code(key, step + d), code)) return step + d;
  return std::nullopt;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view base32_secret) {
  auto enc = [](std::string_view s) {
    std::string out;
    const char* hex = "0123456789ABCDEF";
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
    return out;
  };
  return "otpauth://totp/" + enc(issuer) + ":" + enc(account) +
         "?secret=" + std::string(base32_secret) + "&issuer=" + enc(issuer) +
         "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace zhdj::auth
