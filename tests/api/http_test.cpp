#include "harness.hpp"

#include <httplib.h>

using namespace zhdj::testing;

TEST(HttpErrors, UnknownRouteIs404WithAChineseMessage) {
  TestUniversity u;
  Client c(u);
  auto r = c.get("/api/v1/no-such-thing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.json["error"]["code"], "not_found");
  EXPECT_EQ(r.json["error"]["message"], "请求的接口不存在");
  EXPECT_TRUE(r.json["error"].contains("field"));
}

TEST(HttpErrors, WrongMethodIs405) {
  TestUniversity u;
  Client c(u);
  auto r = c.request("PUT", "/api/v1/orgs", "{}");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.json["error"]["code"], "method_not_allowed");
}

TEST(HttpErrors, MalformedJsonIs400AndWritesNothing) {
  TestUniversity u;
  Client c(u);
  c.login("demo-college");
  auto before = u.audit_count();
  auto r = c.request("POST", "/api/v1/orgs", "{\"parent_id\": 2, \"kind\": ");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json["error"]["code"], "invalid_json");
  auto array = c.request("POST", "/api/v1/orgs", "[1,2]");
  EXPECT_EQ(array.status, 400);
  auto wrong_type =
      c.post("/api/v1/orgs", {{"parent_id", "two"}, {"kind", "branch"}, {"name", "x"}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(wrong_type.json["error"]["field"], "parent_id");
  EXPECT_EQ(u.audit_count(), before);
}

TEST(HttpErrors, OversizedBodyIs413) {
  TestUniversity u;
  Client c(u);
  c.login("demo-college");
  auto before = u.audit_count();
  std::string big = "{\"name\": \"" + std::string(1024 * 1024 + 10, 'x') + "\"}";
  auto r = c.request("POST", "/api/v1/orgs", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.json["error"]["code"], "body_too_large");
  EXPECT_EQ(u.audit_count(), before);
}

TEST(HttpErrors, OversizedHeadersAre431) {
  TestUniversity u;
  Client c(u);
  auto r = c.request("GET", "/api/v1/auth/session", "", false,
                     {{"X-Padding", std::string(20 * 1024, 'a')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(r.json["error"]["code"], "headers_too_large");
}

TEST(HttpServer, KeepAliveServesManyRequestsOnOneConnection) {
  TestUniversity u;
  httplib::Client cli("127.0.0.1", u.port());
  cli.set_keep_alive(true);
  for (int i = 0; i < 20; ++i) {
    auto r = cli.Get("/healthz");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
}

TEST(HttpServer, SecurityHeadersOnEveryResponse) {
  TestUniversity u;
  Client c(u);
  auto r = c.get("/healthz");
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
  EXPECT_NE(r.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_FALSE(r.header("X-Request-Id").empty());
}

TEST(Operations, MetricsCountRequestsByRouteAndStatus) {
  TestUniversity u;
  Client c(u);
  c.get("/healthz");
  c.get("/api/v1/no-such-thing");
  auto r = c.get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("zhdj_http_requests_total{route=\"GET /healthz\",status=\"200\"} 1"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(
                "zhdj_http_request_duration_seconds_bucket{route=\"GET /healthz\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(r.body.find("zhdj_db_readers{state=\"total\"} 4"), std::string::npos);
}

TEST(RateLimit, AnAccountThatFloodsIsSlowedDownWithAChineseMessage) {
  TestUniversity u(80, 0.01);  // one request per 100 s after a burst of 3
  Client c(u);
  c.login("demo-member");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(c.get("/api/v1/notifications/unread-count").status, 200) << i;
  auto r = c.get("/api/v1/notifications/unread-count");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.json["error"]["code"], "rate_limited");
  EXPECT_EQ(r.json["error"]["message"], "请求过于频繁，请稍后再试");
  Client other(u);  // another account is not affected
  other.login("demo-branch");
  EXPECT_EQ(other.get("/api/v1/notifications/unread-count").status, 200);
  u.platform().clock().advance(200 * 1000);  // two tokens back
  EXPECT_EQ(c.get("/api/v1/notifications/unread-count").status, 200);
}
