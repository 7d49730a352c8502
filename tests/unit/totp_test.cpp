#include <gtest/gtest.h>

#include "auth/totp.hpp"
#include "common/crypto.hpp"

using namespace zhdj;
using namespace zhdj::auth;

static std::string hex(const std::array<unsigned char, 20>& d) {
  return crypto::to_hex(d.data(), d.size());
}

TEST(Sha1, MatchesFips180Vectors) {
  EXPECT_EQ(hex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

TEST(HmacSha1, MatchesRfc2202Vectors) {
  EXPECT_EQ(hex(hmac_sha1(std::string(20, '\x0b'), "Hi There")),
            "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(hex(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(hex(hmac_sha1(std::string(80, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First")),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

// RFC 6238 Appendix B, SHA-1 rows (8 digits), secret "12345678901234567890".
TEST(Totp, MatchesRfc6238Vectors) {
  const std::string key = "12345678901234567890";
  EXPECT_EQ(totp_code(key, 59 / 30, 8), "94287082");
  EXPECT_EQ(totp_code(key, 1111111109 / 30, 8), "07081804");
  EXPECT_EQ(totp_code(key, 1111111111 / 30, 8), "14050471");
  EXPECT_EQ(totp_code(key, 1234567890 / 30, 8), "89005924");
  EXPECT_EQ(totp_code(key, 2000000000 / 30, 8), "69279037");
  EXPECT_EQ(totp_code(key, 20000000000LL / 30, 8), "65353130");
}

TEST(Totp, AcceptsOneStepOfDriftAndNoMore) {
  const std::string key = "12345678901234567890";
  const std::int64_t now = 1700000000;
  auto code = totp_code(key, now / 30);
  EXPECT_EQ(totp_verify(key, code, now), now / 30);
  EXPECT_EQ(totp_verify(key, code, now + 30), now / 30);
  EXPECT_FALSE(totp_verify(key, code, now + 90));
  EXPECT_FALSE(totp_verify(key, "12345", now));
}

TEST(Base32, RoundTripsAndMatchesRfc4648) {
  std::string foobar = "foobar";
  EXPECT_EQ(base32_encode({foobar.begin(), foobar.end()}), "MZXW6YTBOI");
  auto back = base32_decode("MZXW6YTBOI");
  ASSERT_TRUE(back);
  EXPECT_EQ(std::string(back->begin(), back->end()), "foobar");
  EXPECT_EQ(*base32_decode("mzxw6ytboi"), *back);
  EXPECT_FALSE(base32_decode("MZXW1"));
}
