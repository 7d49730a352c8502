#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "http/static_files.hpp"

using namespace zhdj::http;

namespace {
struct Site {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "zhdj-static-test";
  Site() {
    std::filesystem::create_directories(dir / "assets");
    std::ofstream(dir / "index.html") << "<!doctype html><title>智慧党建</title>";
    std::ofstream(dir / "assets" / "app-3f2a.js") << std::string(4000, 'x');
  }
  ~Site() { std::filesystem::remove_all(dir); }
};
Request get(const std::string& path, const std::string& accept = "") {
  Request r;
  r.method = "GET";
  r.path = path;
  if (!accept.empty()) r.headers.emplace_back("accept-encoding", accept);
  return r;
}
std::string header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}
}  // namespace

TEST(StaticFiles, HashedAssetsAreCachedForAYearAndGzipped) {
  Site site;
  StaticFiles files(site.dir.string());
  auto r = files.serve(get("/assets/app-3f2a.js", "gzip, br"));
  ASSERT_TRUE(r);
  EXPECT_EQ(header(*r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(*r, "Content-Encoding"), "gzip");
  EXPECT_LT(r->body.size(), 4000u);
  EXPECT_EQ(r->content_type, "text/javascript; charset=utf-8");
  auto plain = files.serve(get("/assets/app-3f2a.js"));
  EXPECT_EQ(plain->body.size(), 4000u);
}

TEST(StaticFiles, ClientRoutesGetTheAppShellWhichIsAlwaysRevalidated) {
  Site site;
  StaticFiles files(site.dir.string());
  auto r = files.serve(get("/orgs/42"));
  ASSERT_TRUE(r);
  EXPECT_NE(r->body.find("智慧党建"), std::string::npos);
  EXPECT_EQ(header(*r, "Cache-Control"), "no-cache");
  auto again = get("/");
  again.headers.emplace_back("if-none-match", header(*r, "ETag"));
  EXPECT_EQ(files.serve(again)->status, 304);
  EXPECT_FALSE(files.serve(get("/missing.js")));
  EXPECT_FALSE(files.serve(get("/../etc/passwd")));
}
