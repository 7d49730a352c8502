// Time-based one-time passwords (RFC 6238) with HMAC-SHA1, 6 digits, 30-second steps:
// what every authenticator app understands. Pure functions, no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zhdj::auth {

std::array<unsigned char, 20> sha1(std::string_view data);
std::array<unsigned char, 20> hmac_sha1(std::string_view key, std::string_view message);

std::string base32_encode(const std::vector<unsigned char>& data);
std::optional<std::vector<unsigned char>> base32_decode(std::string_view text);

// The code for a time step (unix seconds / 30), as RFC 4226 dynamic truncation, `digits` long.
std::string totp_code(std::string_view key, std::int64_t step, int digits = 6);

// Checks `code` against the steps around `unix_seconds` (±`window` steps for clock drift).
// Returns the matching step, so a caller can refuse a code that was already used.
std::optional<std::int64_t> totp_verify(std::string_view key, std::string_view code,
                                        std::int64_t unix_seconds, int window = 1);

std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view base32_secret);

}  // namespace zhdj::auth
