#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

#include "db/migrations.hpp"
#include "db/postgres.hpp"
#include "harness.hpp"

using namespace zhdj;

namespace {
struct TempDb {
  std::filesystem::path dir;
  bool postgres = false;
  std::string url;
  std::unique_ptr<db::Database> db;
  explicit TempDb(db::Options options = {}) {
    dir = std::filesystem::temp_directory_path() /
          ("zhdj-db-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    url = zhdj::testing::fresh_database_url(dir, postgres);
    db = db::Database::open(url, options);
    db->write([](db::Tx& tx) {
      tx.exec_script(db::expand_dialect(
          "CREATE TABLE t (id {{ID}}, v TEXT NOT NULL UNIQUE, b {{BLOB}})", tx.dialect()));
    });
  }
  ~TempDb() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
};
}  // namespace

TEST(Database, ConcurrentWritesAreAllAcknowledgedAndStored) {
  TempDb t;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int th = 0; th < 16; ++th)
    threads.emplace_back([&, th] {
      for (int i = 0; i < 25; ++i) {
        t.db->write([&](db::Tx& tx) {
          tx.exec("INSERT INTO t (v) VALUES (?)", {std::to_string(th) + "-" + std::to_string(i)});
        });
        ++ok;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 400);
  auto n =
      t.db->read_result([](db::Tx& tx) { return tx.query_one("SELECT COUNT(*) FROM t")->i64(0); });
  EXPECT_EQ(n, 400);
  if (!t.postgres) {
    auto s = t.db->stats();
    EXPECT_EQ(s.writes, 401u);       // + the CREATE TABLE
    EXPECT_LE(s.commits, s.writes);  // grouped commits never exceed writes
  }
}

TEST(Database, AFailingWriteChangesNothingAndDoesNotDisturbOthers) {
  TempDb t;
  t.db->write([](db::Tx& tx) { tx.exec("INSERT INTO t (v) VALUES ('taken')"); });
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int th = 0; th < 8; ++th)
    threads.emplace_back([&, th] {
      try {
        t.db->write([&](db::Tx& tx) {
          tx.exec("INSERT INTO t (v) VALUES (?)", {"half-" + std::to_string(th)});
          if (th % 2 == 0) tx.exec("INSERT INTO t (v) VALUES ('taken')");  // unique violation
        });
      } catch (const db::UniqueViolation&) {
        ++failures;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 4);
  auto rows = t.db->read_result(
      [](db::Tx& tx) { return tx.query("SELECT v FROM t WHERE v LIKE 'half-%' ORDER BY v"); });
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& r : rows) EXPECT_EQ((std::stoi(r.str(0).substr(5)) % 2), 1);
}

TEST(Database, AfterCommitRunsOnlyWhenTheTransactionCommitted) {
  TempDb t;
  int ran = 0;
  t.db->write([&](db::Tx& tx) { tx.after_commit([&] { ++ran; }); });
  EXPECT_EQ(ran, 1);
  EXPECT_THROW(t.db->write([&](db::Tx& tx) {
    tx.after_commit([&] { ++ran; });
    throw std::runtime_error("abort");
  }),
               std::runtime_error);
  EXPECT_EQ(ran, 1);
}

TEST(Database, ValuesRoundTrip) {
  TempDb t;
  db::Blob blob = {0, 1, 2, 255, 254};
  t.db->write([&](db::Tx& tx) {
    tx.exec("INSERT INTO t (v, b) VALUES (?, ?)", {"中文 'quoted' ?", blob});
  });
  auto row = t.db->read_result([](db::Tx& tx) { return *tx.query_one("SELECT v, b, id FROM t"); });
  EXPECT_EQ(row.str(0), "中文 'quoted' ?");
  EXPECT_EQ(row.blob(1), blob);
  EXPECT_GT(row.i64(2), 0);
}

TEST(Placeholders, QuestionMarksOutsideQuotesBecomeNumbered) {
  EXPECT_EQ(db::to_postgres_placeholders("SELECT ? , '?' , ?"), "SELECT $1 , '?' , $2");
}
