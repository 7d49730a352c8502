#include "db/sqlite.hpp"

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace zhdj::db {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + sqlite3_errmsg(db);
  int ext = sqlite3_extended_errcode(db);
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
    throw UniqueViolation(message);
  throw DbError(message);
}

// One connection with its cache of prepared statements. Used by one thread at a time.
class Connection {
 public:
  Connection(const std::string& path, bool writer) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw DbError("cannot open SQLite database " + path + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    exec("PRAGMA busy_timeout = 10000");
    exec("PRAGMA foreign_keys = ON");
    if (writer) {
      exec("PRAGMA journal_mode = WAL");
      // Acknowledged writes must survive power loss (DESIGN.md): throughput comes from
      // group commit, not from a weaker sync.
      exec("PRAGMA synchronous = FULL");
      // A large transaction (a 30,000-row roster import) would otherwise spill its changed
      // pages to the WAL again and again: 64 MiB of page cache for the one writer.
      exec("PRAGMA cache_size = -65536");
    } else {
      exec("PRAGMA cache_size = -16384");
    }
  }
  ~Connection() {
    for (auto& [sql, s] : cache_) sqlite3_finalize(s.stmt);
    sqlite3_close(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }

  void exec(std::string_view sql) {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string message = err ? err : "error";
      sqlite3_free(err);
      int ext = sqlite3_extended_errcode(db_);
      if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        throw UniqueViolation(message);
      throw DbError(message);
    }
  }

  // Prepared once per connection and cached (transaction control included: re-parsing BEGIN
  // and COMMIT on every request showed up in profiles).
  std::vector<Row> query(std::string_view sql, const Params& params) {
    Statement& s = prepare(sql);
    struct Reset {
      sqlite3_stmt* stmt;
      ~Reset() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
      }
    } reset{s.stmt};
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(s.stmt))
      throw DbError("wrong number of parameters for: " + std::string(sql));
    for (size_t i = 0; i < params.size(); ++i) bind(s.stmt, static_cast<int>(i + 1), params[i]);

    std::vector<Row> rows;
    const int ncol = sqlite3_column_count(s.stmt);
    for (;;) {
      int rc = sqlite3_step(s.stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(db_, rc, sql);
      std::vector<Value> values;
      values.reserve(ncol);
      for (int c = 0; c < ncol; ++c) values.push_back(column(s.stmt, c));
      rows.emplace_back(s.columns, std::move(values));
    }
    return rows;
  }

 private:
  struct Statement {
    sqlite3_stmt* stmt = nullptr;
    std::shared_ptr<const std::vector<std::string>> columns;
  };

  Statement& prepare(std::string_view sql) {
    std::string key(sql);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    Statement s;
    int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &s.stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, key);
    auto names = std::make_shared<std::vector<std::string>>();
    for (int c = 0; c < sqlite3_column_count(s.stmt); ++c)
      names->push_back(sqlite3_column_name(s.stmt, c));
    s.columns = std::move(names);
    return cache_.emplace(std::move(key), s).first->second;
  }

  static void bind(sqlite3_stmt* stmt, int i, const Value& v) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>)
            sqlite3_bind_null(stmt, i);
          else if constexpr (std::is_same_v<T, std::int64_t>)
            sqlite3_bind_int64(stmt, i, x);
          else if constexpr (std::is_same_v<T, double>)
            sqlite3_bind_double(stmt, i, x);
          else if constexpr (std::is_same_v<T, std::string>)
            sqlite3_bind_text64(stmt, i, x.data(), x.size(), SQLITE_STATIC, SQLITE_UTF8);
          else
            sqlite3_bind_blob64(stmt, i, x.data(), x.size(), SQLITE_STATIC);
        },
        v.variant());
  }

  static Value column(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return Value(static_cast<long long>(sqlite3_column_int64(stmt, c)));
      case SQLITE_FLOAT:
        return Value(sqlite3_column_double(stmt, c));
      case SQLITE_TEXT:
        return Value(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                                 sqlite3_column_bytes(stmt, c)));
      case SQLITE_BLOB: {
        auto p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, c));
        return Value(Blob(p, p + sqlite3_column_bytes(stmt, c)));
      }
      default:
        return Value();
    }
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Statement> cache_;
};

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& c) : c_(c) {}
  Dialect dialect() const override { return Dialect::sqlite; }
  std::vector<Row> query(std::string_view sql, const Params& params) override {
    return c_.query(sql, params);
  }
  void exec_script(std::string_view sql) override { c_.exec(sql); }

 private:
  Connection& c_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(const std::string& path, const Options& options) : path_(path), options_(options) {
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    writer_ = std::make_unique<Connection>(path, true);
    for (int i = 0; i < std::max(1, options.readers); ++i) {
      readers_.push_back(std::make_unique<Connection>(path, false));
      free_readers_.push_back(readers_.back().get());
    }
    writer_thread_ = std::thread([this] { writer_loop(); });
  }

  ~SqliteDatabase() override {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    writer_thread_.join();  // drains every queued job first: nothing acknowledged is lost
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  void read(const std::function<void(Tx&)>& fn) override {
    Connection* c = acquire_reader();
    struct Release {
      SqliteDatabase* self;
      Connection* c;
      ~Release() { self->release_reader(c); }
    } release{this, c};
    c->query("BEGIN", {});
    try {
      SqliteTx tx(*c);
      fn(tx);
    } catch (...) {
      c->query("ROLLBACK", {});
      throw;
    }
    c->query("COMMIT", {});
  }

  void write(const std::function<void(Tx&)>& fn) override {
    Job job{&fn, {}, {}, {}};
    auto done = job.done.get_future();
    {
      std::lock_guard lock(queue_mutex_);
      if (stopping_) throw DbError("database is closing");
      queue_.push_back(&job);
    }
    queue_cv_.notify_one();
    done.get();  // rethrows the job's own exception
    for (auto& f : job.after_commit) f();
  }

  PoolStats stats() const override {
    PoolStats s;
    s.readers_total = static_cast<int>(readers_.size());
    {
      std::lock_guard lock(reader_mutex_);
      s.readers_busy = s.readers_total - static_cast<int>(free_readers_.size());
    }
    {
      std::lock_guard lock(queue_mutex_);
      s.write_queue_depth = static_cast<int>(queue_.size());
    }
    s.writers_busy = writer_busy_.load();
    s.commits = commits_.load();
    s.writes = writes_.load();
    return s;
  }

  void backup_to(const std::string& destination) override {
    std::string tmp = destination + ".tmp";
    std::filesystem::remove(tmp);
    sqlite3* dest = nullptr;
    if (sqlite3_open(tmp.c_str(), &dest) != SQLITE_OK) {
      sqlite3_close(dest);
      throw DbError("cannot create backup file " + tmp);
    }
    Connection* c = acquire_reader();
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", c->handle(), "main");
    int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;  // one step: one consistent snapshot
    if (b) sqlite3_backup_finish(b);
    release_reader(c);
    std::string err = sqlite3_errmsg(dest);
    sqlite3_close(dest);
    if (rc != SQLITE_DONE) {
      std::filesystem::remove(tmp);
      throw DbError("backup failed: " + err);
    }
    std::filesystem::rename(tmp, destination);
  }

 private:
  struct Job {
    const std::function<void(Tx&)>* fn;
    std::promise<void> done;
    std::exception_ptr error;
    std::vector<std::function<void()>> after_commit;
  };

  Connection* acquire_reader() {
    std::unique_lock lock(reader_mutex_);
    reader_cv_.wait(lock, [&] { return !free_readers_.empty(); });
    Connection* c = free_readers_.back();
    free_readers_.pop_back();
    return c;
  }
  void release_reader(Connection* c) {
    {
      std::lock_guard lock(reader_mutex_);
      free_readers_.push_back(c);
    }
    reader_cv_.notify_one();
  }

  // The single writer. Takes every job waiting (up to max_group), runs each in a savepoint
  // of one transaction, commits once (one fsync), then acknowledges them. A job that throws
  // is rolled back to its savepoint alone; the others in the group still commit.
  void writer_loop() {
    for (;;) {
      std::vector<Job*> batch;
      {
        std::unique_lock lock(queue_mutex_);
        queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping and drained
        size_t limit = options_.group_commit ? static_cast<size_t>(options_.max_group) : 1;
        while (!queue_.empty() && batch.size() < limit) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      writer_busy_ = 1;
      run_batch(batch);
      writer_busy_ = 0;
    }
  }

  void run_batch(std::vector<Job*>& batch) {
    std::vector<Job*> ok;
    std::exception_ptr fatal;
    try {
      writer_->query("BEGIN IMMEDIATE", {});
    } catch (...) {
      fatal = std::current_exception();
    }
    if (!fatal) {
      for (Job* job : batch) {
        writer_->query("SAVEPOINT job", {});
        SqliteTx tx(*writer_);
        try {
          (*job->fn)(tx);
          writer_->query("RELEASE job", {});
          job->after_commit = tx.take_after_commit();
          ok.push_back(job);
        } catch (...) {
          job->error = std::current_exception();
          if (sqlite3_get_autocommit(writer_->handle())) {
            // SQLite rolled back the whole transaction (I/O error, disk full):
            // the jobs before this one are lost too and must not be acknowledged.
            fatal = job->error;
            break;
          }
          writer_->query("ROLLBACK TO job", {});
          writer_->query("RELEASE job", {});
        }
      }
    }
    if (!fatal) {
      try {
        writer_->query("COMMIT", {});
        commits_ += 1;
        writes_ += ok.size();
      } catch (...) {
        fatal = std::current_exception();
        if (!sqlite3_get_autocommit(writer_->handle())) {
          try {
            writer_->query("ROLLBACK", {});
          } catch (...) {
          }
        }
      }
    } else if (!sqlite3_get_autocommit(writer_->handle())) {
      try {
        writer_->query("ROLLBACK", {});
      } catch (...) {
      }
    }
    for (Job* job : batch) {
      if (fatal && !job->error) job->error = fatal;
      if (job->error) {
        job->after_commit.clear();
        job->done.set_exception(job->error);
      } else {
        job->done.set_value();
      }
    }
  }

  std::string path_;
  Options options_;
  std::unique_ptr<Connection> writer_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::vector<Connection*> free_readers_;
  mutable std::mutex reader_mutex_;
  std::condition_variable reader_cv_;

  mutable std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::thread writer_thread_;
  std::atomic<int> writer_busy_{0};
  std::atomic<std::uint64_t> commits_{0}, writes_{0};
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path, const Options& options) {
  return std::make_unique<SqliteDatabase>(path, options);
}

}  // namespace zhdj::db
