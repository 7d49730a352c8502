#include <gtest/gtest.h>

#include "audit/audit.hpp"
#include "http/rate_limit.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

using namespace zhdj;

TEST(Router, MatchesCapturesAndTellsNotFoundFromWrongMethod) {
  http::Router r;
  r.add("GET", "/api/v1/orgs/{id}",
        [](http::Request&, const http::PathParams&) { return http::Response{}; });
  r.add("POST", "/api/v1/orgs/{id}/move",
        [](http::Request&, const http::PathParams&) { return http::Response{}; });
  auto m = r.match("GET", "/api/v1/orgs/42");
  EXPECT_EQ(m.outcome, http::Router::Outcome::found);
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(r.match("DELETE", "/api/v1/orgs/42").outcome,
            http::Router::Outcome::method_not_allowed);
  EXPECT_EQ(r.match("GET", "/api/v1/orgs/42/x").outcome, http::Router::Outcome::not_found);
  EXPECT_EQ(r.match("HEAD", "/api/v1/orgs/1").outcome, http::Router::Outcome::found);
  EXPECT_THROW(r.add("GET", "/api/v1/orgs/{id}", nullptr), std::logic_error);
}

TEST(Query, DecodesPercentAndPlus) {
  auto q = http::parse_query("q=%E5%BC%A0+%E4%B8%89&limit=5&empty");
  EXPECT_EQ(q["q"], "张 三");
  EXPECT_EQ(q["limit"], "5");
  EXPECT_EQ(q["empty"], "");
  EXPECT_EQ(http::url_decode("/a%2", false), "/a%2");
}

TEST(RateLimiter, BurstThenRefillPerSecond) {
  http::RateLimiter l(2, 3);
  EXPECT_TRUE(l.allow("ip", 0));
  EXPECT_TRUE(l.allow("ip", 0));
  EXPECT_TRUE(l.allow("ip", 0));
  EXPECT_FALSE(l.allow("ip", 0));
  EXPECT_TRUE(l.allow("other", 0));
  EXPECT_TRUE(l.allow("ip", 500));  // one token back after half a second
  EXPECT_FALSE(l.allow("ip", 500));
  http::RateLimiter off(0, 0);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(off.allow("ip", 0));
}

TEST(Gzip, CompressesToAValidGzipStream) {
  std::string text(5000, 'a');
  auto gz = http::gzip_compress(text);
  ASSERT_GT(gz.size(), 10u);
  EXPECT_LT(gz.size(), text.size());
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
}

TEST(AuditDiff, ListsOnlyChangedFields) {
  auto d = audit::diff({{"name", "a"}, {"kind", "branch"}}, {{"name", "b"}, {"kind", "branch"}});
  EXPECT_EQ(d.size(), 1u);
  EXPECT_EQ(d["name"]["before"], "a");
  EXPECT_EQ(d["name"]["after"], "b");
}

TEST(AuditHash, AnyFieldChangesTheHash) {
  audit::Entry e{"org.create", "org", "7", "/1/7/", {}};
  auto h = audit::entry_hash(1, 1000, 5, std::nullopt, "127.0.0.1", e, "{}", std::string(64, '0'));
  EXPECT_EQ(h.size(), 64u);
  EXPECT_NE(
      h, audit::entry_hash(2, 1000, 5, std::nullopt, "127.0.0.1", e, "{}", std::string(64, '0')));
  EXPECT_NE(
      h, audit::entry_hash(1, 1000, 6, std::nullopt, "127.0.0.1", e, "{}", std::string(64, '0')));
  EXPECT_NE(h, audit::entry_hash(1, 1000, 5, std::nullopt, "127.0.0.1", e, "{\"a\":1}",
                                 std::string(64, '0')));
  audit::Entry moved = e;
  moved.org_path = "/1/8/";
  EXPECT_NE(h, audit::entry_hash(1, 1000, 5, std::nullopt, "127.0.0.1", moved, "{}",
                                 std::string(64, '0')));
}
