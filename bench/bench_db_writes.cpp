// Small single-row INSERT writes from N concurrent threads (1, 8, 32, 64), each write one
// Database::write() call that returns only once durably committed.
//
//   SQLite/group_commit  — the writer thread commits every waiting job in one transaction (one
//                           fsync), up to Options::max_group (64) jobs.
//   SQLite/one_tx        — Options::group_commit = false: one transaction, one fsync per write
//                           (the baseline).
//   Postgres/pool:N      — only when ZHDJ_BENCH_PG_URL is set: one transaction per write on a
//                           pool of N connections; PostgreSQL groups concurrent WAL flushes itself.
//
// Each run gets a fresh SQLite file in a new directory under $ZHDJ_BENCH_TMPDIR, $TMPDIR or /tmp
// (keep it on a real disk: on tmpfs fsync costs nothing and the numbers mean nothing).
// Report: items_per_second = acknowledged writes per second over all threads;
// writes_per_commit = how many writes shared one commit.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "db/database.hpp"

namespace {

namespace fs = std::filesystem;
using zhdj::db::Database;
using zhdj::db::Dialect;
using zhdj::db::Options;
using zhdj::db::Tx;

constexpr const char* kInsert =
    "INSERT INTO bench_writes (thread, payload, created_at) VALUES (?, ?, ?)";

// Shared by the threads of one run; set up and torn down by thread 0 (Google Benchmark puts a
// barrier before and after the timed loop, so the other threads never see it half-built).
struct Run {
  fs::path dir;
  std::unique_ptr<Database> db;
};
Run g_run;

fs::path make_temp_dir() {
  const char* base = std::getenv("ZHDJ_BENCH_TMPDIR");
  if (!base || !*base) base = std::getenv("TMPDIR");
  if (!base || !*base) base = "/tmp";
  std::string templ = (fs::path(base) / "zhdj-bench-db.XXXXXX").string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed under " + std::string(base));
  return templ;
}

void create_table(Database& db) {
  db.write([](Tx& tx) {
    if (tx.dialect() == Dialect::sqlite) {
      tx.exec_script(
          "CREATE TABLE bench_writes (id INTEGER PRIMARY KEY, thread INTEGER NOT NULL, "
          "payload TEXT NOT NULL, created_at BIGINT NOT NULL)");
    } else {
      tx.exec_script(
          "DROP TABLE IF EXISTS bench_writes; "
          "CREATE TABLE bench_writes (id BIGSERIAL PRIMARY KEY, thread INTEGER NOT NULL, "
          "payload TEXT NOT NULL, created_at BIGINT NOT NULL)");
    }
  });
}

void setup(const std::string& url, const Options& options) {
  if (url.empty()) {
    g_run.dir = make_temp_dir();
    g_run.db = Database::open("sqlite:" + (g_run.dir / "bench.db").string(), options);
  } else {
    g_run.db = Database::open(url, options);
  }
  create_table(*g_run.db);
}

void teardown(benchmark::State& state) {
  auto stats = g_run.db->stats();
  // The CREATE TABLE write of setup() is one commit of its own; leave it out.
  if (stats.commits > 1)
    state.counters["writes_per_commit"] =
        static_cast<double>(stats.writes - 1) / static_cast<double>(stats.commits - 1);
  if (g_run.db->dialect() == Dialect::postgres) {
    g_run.db->write([](Tx& tx) { tx.exec_script("DROP TABLE IF EXISTS bench_writes"); });
  }
  g_run.db.reset();
  if (!g_run.dir.empty()) {
    std::error_code ec;
    fs::remove_all(g_run.dir, ec);
    g_run.dir.clear();
  }
}

// url empty: a fresh SQLite file.
void bm_writes(benchmark::State& state, std::string url, Options options) {
  if (state.thread_index() == 0) setup(url, options);
  const int thread = state.thread_index();
  const std::string payload(64, 'x');  // a small row, like a check-in or a notification
  for (auto _ : state) {
    const long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
    g_run.db->write([&](Tx& tx) { tx.exec(kInsert, {thread, payload, now}); });
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) teardown(state);
}

}  // namespace

int main(int argc, char** argv) {
  const int thread_counts[] = {1, 8, 32, 64};
  for (bool group : {true, false}) {
    Options o;
    o.readers = 1;
    o.max_group = 64;
    o.group_commit = group;
    auto* b = benchmark::RegisterBenchmark(group ? "SQLite/group_commit" : "SQLite/one_tx",
                                           bm_writes, std::string(), o);
    for (int n : thread_counts) b->Threads(n);
    b->UseRealTime()->MinTime(1.0);
  }

  const char* pg = std::getenv("ZHDJ_BENCH_PG_URL");
  if (pg && *pg) {
    for (int n : thread_counts) {
      Options o;
      o.readers = n;  // one connection per writer thread: PostgreSQL's own commit grouping
      auto* b = benchmark::RegisterBenchmark(("Postgres/pool:" + std::to_string(n)).c_str(),
                                             bm_writes, std::string(pg), o);
      b->Threads(n)->UseRealTime()->MinTime(1.0);
    }
  } else {
    std::fprintf(stderr,
                 "note: ZHDJ_BENCH_PG_URL is not set; PostgreSQL write benchmarks skipped\n");
  }

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
