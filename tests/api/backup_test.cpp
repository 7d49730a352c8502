#include "harness.hpp"

#include <cstdlib>

#include "audit/audit.hpp"

using namespace zhdj::testing;

namespace {
const std::vector<std::string> kTables = {"orgs",        "accounts",      "members",
                                          "role_grants", "committees",    "committee_posts",
                                          "audit_log",   "notifications", "sessions"};
std::map<std::string, std::int64_t> counts(zhdj::db::Database& db) {
  std::map<std::string, std::int64_t> out;
  db.read([&](zhdj::db::Tx& tx) {
    for (const auto& t : kTables) out[t] = tx.query_one("SELECT COUNT(*) FROM " + t)->i64(0);
  });
  return out;
}
}  // namespace

TEST(Backup, OnlineCopyRestoresEveryRow) {
  TestUniversity u;
  Client c(u);
  c.login("demo-school");  // a session, audit entries
  auto before = counts(u.db());
  ASSERT_GT(before["members"], 50);
  auto dir =
      std::filesystem::temp_directory_path() / ("zhdj-backup-" + std::to_string(std::rand()));
  std::filesystem::create_directories(dir);
  auto file = (dir / "backup.db").string();
  u.db().backup_to(file);
  ASSERT_TRUE(std::filesystem::exists(file));

  std::unique_ptr<zhdj::db::Database> restored;
  if (!u.postgres()) {
    restored = zhdj::db::Database::open("sqlite:" + file, {});
  } else {
    std::string url = std::getenv("ZHDJ_TEST_PG_URL");
    std::string restored_url = url.substr(0, url.rfind('/')) + "/zhdj_restored";
    {
      auto admin = zhdj::db::Database::open(url, {});
      admin->read([](zhdj::db::Tx& tx) {
        tx.exec("COMMIT");
        tx.exec("DROP DATABASE IF EXISTS zhdj_restored");
        tx.exec("CREATE DATABASE zhdj_restored");
        tx.exec("BEGIN");
      });
    }
    std::string cmd = "/usr/lib/postgresql/15/bin/pg_restore --no-owner --dbname='" + restored_url +
                      "' '" + file + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    restored = zhdj::db::Database::open(restored_url, {});
  }
  EXPECT_EQ(counts(*restored), before);
  // The copy is a working database: its audit chain verifies.
  EXPECT_TRUE(zhdj::audit::verify(*restored).ok);
  restored.reset();
  std::filesystem::remove_all(dir);
}
