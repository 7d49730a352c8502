#include <gtest/gtest.h>

#include "auth/password.hpp"
#include "auth/principal.hpp"
#include "common/crypto.hpp"

using namespace zhdj;
using namespace zhdj::auth;

TEST(PasswordPolicy, AtLeastTenCharactersCountingChineseAsOne) {
  EXPECT_TRUE(check_password_policy("Abc!12345", "T00001"));                // 9
  EXPECT_FALSE(check_password_policy("Abc!123456", "T00001"));              // 10
  EXPECT_FALSE(check_password_policy("不忘初心牢记使命一二三", "T00001"));  // 11 characters
  EXPECT_TRUE(check_password_policy("不忘初心牢记使命", "T00001"));  // 8 characters, 24 bytes
}

TEST(PasswordPolicy, MustNotContainTheAccountNameInAnyCase) {
  EXPECT_TRUE(check_password_policy("xxT00001yyzz", "t00001"));
  EXPECT_FALSE(check_password_policy("xxT0000yyzzq", "t00001"));
}

TEST(PasswordPolicy, CommonPasswordsAreRefused) {
  EXPECT_TRUE(check_password_policy("password123", "T00001"));
  EXPECT_TRUE(check_password_policy("PASSWORD123", "T00001"));
  EXPECT_TRUE(check_password_policy("woaini1314", "T00001"));
  EXPECT_TRUE(check_password_policy("1qaz2wsx3edc", "T00001"));
}

TEST(PasswordHashing, Argon2idVerifiesOnlyTheRightPassword) {
  crypto::init();
  PasswordHasher h(1, {1, 8 * 1024 * 1024});
  auto stored = h.hash("正确的密码-2026");
  EXPECT_EQ(stored.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(h.verify("正确的密码-2026", stored));
  EXPECT_FALSE(h.verify("错误的密码-2026", stored));
  EXPECT_NE(h.hash("正确的密码-2026"), stored);  // salted
}

static Principal with_grant(const std::string& path, std::set<std::string> caps) {
  Principal p;
  Grant g;
  g.org_path = path;
  g.capabilities = std::make_shared<CapabilitySet>(caps.begin(), caps.end());
  p.grants.push_back(g);
  return p;
}

TEST(Scope, AGrantHoldsForTheWholeSubtreeAndNothingBeside) {
  auto p = with_grant("/1/7/", {"org.read"});
  EXPECT_TRUE(p.can("org.read", "/1/7/"));
  EXPECT_TRUE(p.can("org.read", "/1/7/42/"));
  EXPECT_FALSE(p.can("org.read", "/1/70/"));  // a sibling whose id starts the same
  EXPECT_FALSE(p.can("org.read", "/1/"));
  EXPECT_FALSE(p.can("org.manage", "/1/7/42/"));
}

TEST(Scope, SqlFilterIsARangePerGrantWithNestedOnesMerged) {
  Principal p = with_grant("/1/7/", {"org.read"});
  Grant nested;
  nested.org_path = "/1/7/42/";
  nested.capabilities = std::make_shared<CapabilitySet>(CapabilitySet{"org.read"});
  p.grants.push_back(nested);
  Grant other;
  other.org_path = "/1/9/";
  other.capabilities = std::make_shared<CapabilitySet>(CapabilitySet{"org.read"});
  p.grants.push_back(other);
  auto f = scope_filter(p, "org.read", "o.path");
  EXPECT_EQ(f.sql, "((o.path >= ? AND o.path < ?) OR (o.path >= ? AND o.path < ?))");
  ASSERT_EQ(f.params.size(), 4u);
  EXPECT_EQ(std::get<std::string>(f.params[0].variant()), "/1/7/");
  EXPECT_EQ(std::get<std::string>(f.params[1].variant()), "/1/70");
  EXPECT_EQ(scope_filter(p, "audit.read", "o.path").sql, "1 = 0");
}
