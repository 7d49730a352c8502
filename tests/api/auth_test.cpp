#include "harness.hpp"

#include "auth/totp.hpp"
#include "common/crypto.hpp"

using namespace zhdj::testing;

TEST(Login, MemberLogsInAndSeesOwnSession) {
  TestUniversity u;
  Client c(u);
  c.login("demo-member");
  auto s = c.get("/api/v1/auth/session");
  ASSERT_EQ(s.status, 200);
  EXPECT_EQ(s.json["account"]["login"], "demo-member");
  EXPECT_EQ(s.json["next"], "ok");
  EXPECT_TRUE(s.json["admin_level"].is_null());
}

TEST(Login, WrongPasswordIsRefusedWithoutASession) {
  TestUniversity u;
  Client c(u);
  auto r =
      c.post("/api/v1/auth/login", {{"login", "demo-member"}, {"password", "wrong-password-1"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json["error"]["code"], "unauthenticated");
  EXPECT_EQ(r.json["error"]["message"], "账号或密码错误");
  EXPECT_TRUE(c.cookie().empty());
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM sessions"), 0);
}

TEST(Login, UnknownAccountAnswersExactlyLikeAWrongPassword) {
  TestUniversity u;
  Client c(u);
  auto r = c.post("/api/v1/auth/login", {{"login", "nobody-here"}, {"password", "whatever-123"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json["error"]["message"], "账号或密码错误");
}

TEST(Lockout, AccountLocksAfterFiveFailuresAndTheWaitGrows) {
  TestUniversity u;
  Client c(u);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(
        c.post("/api/v1/auth/login", {{"login", "demo-member"}, {"password", "bad-password-x"}})
            .status,
        401);
  // Locked now: even the right password is refused.
  auto locked =
      c.post("/api/v1/auth/login", {{"login", "demo-member"}, {"password", "Zhdj@2026demo"}});
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.json["error"]["code"], "locked");
  EXPECT_NE(locked.json["error"]["message"].get<std::string>().find("30 秒"), std::string::npos);
  // After the first wait one more failure doubles it.
  u.platform().clock().advance(31 * 1000);
  EXPECT_EQ(c.post("/api/v1/auth/login", {{"login", "demo-member"}, {"password", "bad-password-x"}})
                .status,
            401);
  auto again =
      c.post("/api/v1/auth/login", {{"login", "demo-member"}, {"password", "Zhdj@2026demo"}});
  EXPECT_EQ(again.status, 429);
  EXPECT_NE(again.json["error"]["message"].get<std::string>().find("60 秒"), std::string::npos);
  u.platform().clock().advance(61 * 1000);
  Client ok(u);
  ok.login("demo-member");
}

TEST(Lockout, AnAddressThatTriesManyAccountsIsLocked) {
  TestUniversity u;
  Client c(u);
  for (int i = 0; i < 20; ++i)
    c.post("/api/v1/auth/login",
           {{"login", "guess" + std::to_string(i)}, {"password", "bad-password-x"}});
  auto r = c.post("/api/v1/auth/login", {{"login", "demo-member"}, {"password", "Zhdj@2026demo"}});
  EXPECT_EQ(r.status, 429);
}

TEST(Totp, AdminMustEnrolBeforeUsingTheApi) {
  TestUniversity u;
  Client c(u);
  auto r = c.post("/api/v1/auth/login", {{"login", "demo-college"}, {"password", "Zhdj@2026demo"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["next"], "totp_enroll");
  c.set_csrf(r.json["csrf_token"]);
  auto orgs = c.get("/api/v1/orgs");
  EXPECT_EQ(orgs.status, 403);
  EXPECT_EQ(orgs.json["error"]["code"], "mfa_required");
  auto e = c.get("/api/v1/auth/totp/enroll");
  ASSERT_EQ(e.status, 200);
  EXPECT_EQ(e.json["otpauth_uri"].get<std::string>().rfind("otpauth://totp/", 0), 0u);
  EXPECT_NE(e.json["qr_svg"].get<std::string>().find("<svg"), std::string::npos);
  auto wrong = c.post("/api/v1/auth/totp/enroll", {{"code", "000000"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json["error"]["field"], "code");
  auto raw = *zhdj::auth::base32_decode(e.json["secret"].get<std::string>());
  auto code = zhdj::auth::totp_code(std::string(raw.begin(), raw.end()),
                                    u.platform().clock().now() / 1000 / 30);
  auto ok = c.post("/api/v1/auth/totp/enroll", {{"code", code}});
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json["next"], "ok");
  EXPECT_EQ(c.get("/api/v1/orgs").status, 200);
}

TEST(Totp, EnrolledAdminAnswersACodeAndACodeWorksOnlyOnce) {
  TestUniversity u;
  Client first(u);
  first.login("demo-college");  // enrols
  std::string secret = u.totp_secret("demo-college");
  auto raw = *zhdj::auth::base32_decode(secret);
  std::string key(raw.begin(), raw.end());

  Client second(u);
  auto r =
      second.post("/api/v1/auth/login", {{"login", "demo-college"}, {"password", "Zhdj@2026demo"}});
  ASSERT_EQ(r.json["next"], "totp");
  second.set_csrf(r.json["csrf_token"]);
  // The enrolment code's step was used already.
  auto step = u.platform().clock().now() / 1000 / 30;
  EXPECT_EQ(second.post("/api/v1/auth/totp", {{"code", zhdj::auth::totp_code(key, step)}}).status,
            400);
  u.next_totp_step();
  step = u.platform().clock().now() / 1000 / 30;
  auto ok = second.post("/api/v1/auth/totp", {{"code", zhdj::auth::totp_code(key, step)}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["next"], "ok");
  Client third(u);
  auto r3 =
      third.post("/api/v1/auth/login", {{"login", "demo-college"}, {"password", "Zhdj@2026demo"}});
  third.set_csrf(r3.json["csrf_token"]);
  EXPECT_EQ(third.post("/api/v1/auth/totp", {{"code", zhdj::auth::totp_code(key, step)}}).status,
            400);
}

TEST(Csrf, UnsafeRequestWithoutTheTokenIsRefusedAndWritesNothing) {
  TestUniversity u;
  Client c(u);
  c.login("demo-college");
  auto college = u.org_id("计算机科学与技术学院党委");
  auto before = u.audit_count();
  auto r =
      c.request("POST", "/api/v1/orgs",
                Json{{"parent_id", college}, {"kind", "branch"}, {"name", "新支部"}}.dump(), false);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json["error"]["code"], "csrf");
  auto wrong =
      c.request("POST", "/api/v1/orgs",
                Json{{"parent_id", college}, {"kind", "branch"}, {"name", "新支部"}}.dump(), false,
                {{"X-CSRF-Token", "forged"}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(u.audit_count(), before);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM orgs WHERE name = '新支部'"), 0);
}

TEST(Password, PolicyRefusesShortCommonAndLoginContainingPasswords) {
  TestUniversity u;
  Client c(u);
  c.login("demo-member");
  auto change = [&](const std::string& pw) {
    return c.post("/api/v1/auth/password",
                  {{"old_password", "Zhdj@2026demo"}, {"new_password", pw}});
  };
  auto short_pw = change("Ab1!short");
  EXPECT_EQ(short_pw.status, 400);
  EXPECT_EQ(short_pw.json["error"]["field"], "new_password");
  EXPECT_EQ(short_pw.json["error"]["message"], "密码至少需要 10 个字符");
  EXPECT_EQ(change("xx-demo-member-xx").json["error"]["message"], "密码不能包含账号");
  EXPECT_EQ(change("password123").json["error"]["message"], "密码过于常见，请换一个更难猜的密码");
  auto wrong_old = c.post("/api/v1/auth/password", {{"old_password", "not-the-old-1"},
                                                    {"new_password", "红旗渠精神永放光芒2026"}});
  EXPECT_EQ(wrong_old.status, 400);
  EXPECT_EQ(wrong_old.json["error"]["field"], "old_password");
  auto ok = change("红旗渠精神永放光芒2026");
  EXPECT_EQ(ok.status, 200);
  Client again(u);
  again.login("demo-member", "红旗渠精神永放光芒2026");
}

TEST(Password, CreatedAccountMustChangePasswordAtFirstLogin) {
  TestUniversity u;
  u.platform().auth().create_account({std::nullopt, std::nullopt, "cli"}, "T99999", "新教师",
                                     "Initial-Pass-2026", true);
  Client c(u);
  auto r = c.post("/api/v1/auth/login", {{"login", "T99999"}, {"password", "Initial-Pass-2026"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["next"], "change_password");
  c.set_csrf(r.json["csrf_token"]);
  auto blocked = c.get("/api/v1/notifications");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.json["error"]["code"], "password_change_required");
  auto ok = c.post("/api/v1/auth/password",
                   {{"old_password", "Initial-Pass-2026"}, {"new_password", "Another-Pass-2027"}});
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(c.get("/api/v1/notifications").status, 200);
}

TEST(Sessions, CookieIsHttpOnlyAndStrictAndTheTokenIsStoredHashed) {
  TestUniversity u;
  Client c(u);
  auto r = c.post("/api/v1/auth/login", {{"login", "demo-member"}, {"password", "Zhdj@2026demo"}});
  auto cookie = r.header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", {c.cookie()}), 0);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = ?",
                     {zhdj::crypto::sha256_hex(c.cookie())}),
            1);
}

TEST(Sessions, IdleSessionExpiresAfterThirtyMinutes) {
  TestUniversity u;
  Client c(u);
  c.login("demo-member");
  u.platform().clock().advance(29 * 60 * 1000);
  EXPECT_EQ(c.get("/api/v1/auth/session").status, 200);  // refreshes the idle clock
  u.platform().clock().advance(29 * 60 * 1000);
  EXPECT_EQ(c.get("/api/v1/auth/session").status, 200);
  u.platform().clock().advance(31 * 60 * 1000);
  auto r = c.get("/api/v1/auth/session");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json["error"]["message"], "登录已过期，请重新登录");
}

TEST(Sessions, SessionEndsTwelveHoursAfterLoginEvenWhenActive) {
  TestUniversity u;
  Client c(u);
  c.login("demo-member");
  for (int i = 0; i < 28; ++i) {  // 28 × 25 min = 11 h 40 min
    u.platform().clock().advance(25 * 60 * 1000);
    ASSERT_EQ(c.get("/api/v1/auth/session").status, 200) << i;
  }
  u.platform().clock().advance(25 * 60 * 1000);  // 12 h 05 min
  EXPECT_EQ(c.get("/api/v1/auth/session").status, 401);
}

TEST(Sessions, LogoutEndsTheSession) {
  TestUniversity u;
  Client c(u);
  c.login("demo-member");
  EXPECT_EQ(c.post("/api/v1/auth/logout").status, 200);
  EXPECT_EQ(c.get("/api/v1/auth/session").status, 401);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM sessions"), 0);
}
