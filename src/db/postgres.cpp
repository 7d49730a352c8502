#include "db/postgres.hpp"

#include <libpq-fe.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <unordered_map>

namespace zhdj::db {

std::string to_postgres_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool in_quote = false;
  for (char ch : sql) {
    if (ch == '\'') in_quote = !in_quote;
    if (ch == '?' && !in_quote) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += ch;
    }
  }
  return out;
}

namespace {

constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700,
              kFloat8 = 701;

Blob decode_bytea_hex(const char* text, int len) {
  // text format of bytea: "\x0a1b..."
  Blob out;
  if (len < 2 || text[0] != '\\' || text[1] != 'x') return out;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
  };
  out.reserve((len - 2) / 2);
  for (int i = 2; i + 1 < len; i += 2)
    out.push_back(static_cast<unsigned char>(hex(text[i]) * 16 + hex(text[i + 1])));
  return out;
}

class Connection {
 public:
  explicit Connection(const std::string& url) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw DbError("cannot connect to PostgreSQL: " + message);
    }
    exec("SET client_min_messages = warning; SET TIME ZONE 'UTC'");
  }
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

  void exec(std::string_view sql) {
    std::string text(sql);
    PGresult* r = PQexec(conn_, text.c_str());
    check(r, text);
    PQclear(r);
  }

  std::vector<Row> query(std::string_view sql, const Params& params) {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string name = "s" + std::to_string(prepared_.size());
      PGresult* r =
          PQprepare(conn_, name.c_str(), to_postgres_placeholders(key).c_str(), 0, nullptr);
      check(r, key);
      PQclear(r);
      it = prepared_.emplace(key, name).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size()), formats(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      const auto& v = params[i].variant();
      if (std::holds_alternative<std::monostate>(v)) {
        values[i] = nullptr;
      } else if (auto p = std::get_if<std::int64_t>(&v)) {
        texts[i] = std::to_string(*p);
      } else if (auto p = std::get_if<double>(&v)) {
        texts[i] = std::to_string(*p);
      } else if (auto p = std::get_if<std::string>(&v)) {
        texts[i] = *p;
      } else if (auto p = std::get_if<Blob>(&v)) {
        texts[i].assign(p->begin(), p->end());
        formats[i] = 1;
      }
      if (!std::holds_alternative<std::monostate>(v)) {
        values[i] = texts[i].data();
        lengths[i] = static_cast<int>(texts[i].size());
      }
    }
    PGresult* r = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                 values.data(), lengths.data(), formats.data(), 0);
    check(r, key);
    std::vector<Row> rows;
    const int nrows = PQntuples(r), ncols = PQnfields(r);
    auto names = std::make_shared<std::vector<std::string>>();
    std::vector<Oid> types;
    for (int c = 0; c < ncols; ++c) {
      names->push_back(PQfname(r, c));
      types.push_back(PQftype(r, c));
    }
    rows.reserve(nrows);
    for (int i = 0; i < nrows; ++i) {
      std::vector<Value> vals;
      vals.reserve(ncols);
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(r, i, c)) {
          vals.emplace_back();
          continue;
        }
        const char* text = PQgetvalue(r, i, c);
        int len = PQgetlength(r, i, c);
        switch (types[c]) {
          case kInt2:
          case kInt4:
          case kInt8:
            vals.emplace_back(std::strtoll(text, nullptr, 10));
            break;
          case kFloat4:
          case kFloat8:
            vals.emplace_back(std::strtod(text, nullptr));
            break;
          case kBool:
            vals.emplace_back(text[0] == 't');
            break;
          case kBytea:
            vals.emplace_back(decode_bytea_hex(text, len));
            break;
          default:
            vals.emplace_back(std::string(text, len));
        }
      }
      rows.emplace_back(names, std::move(vals));
    }
    PQclear(r);
    return rows;
  }

 private:
  void check(PGresult* r, std::string_view sql) {
    auto status = PQresultStatus(r);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    std::string message = PQresultErrorMessage(r);
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    std::string sqlstate = state ? state : "";
    PQclear(r);
    if (sqlstate == "23505") throw UniqueViolation(message);
    throw DbError(message + " [" + sqlstate + "] in: " + std::string(sql.substr(0, 200)));
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;
};

class PgTx final : public Tx {
 public:
  explicit PgTx(Connection& c) : c_(c) {}
  Dialect dialect() const override { return Dialect::postgres; }
  std::vector<Row> query(std::string_view sql, const Params& params) override {
    return c_.query(sql, params);
  }
  void exec_script(std::string_view sql) override { c_.exec(sql); }

 private:
  Connection& c_;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(const std::string& url, const Options& options)
      : url_(url), size_(std::max(1, options.readers)) {
    release(std::make_unique<Connection>(url_).release());  // fail fast on a bad URL
  }
  ~PostgresDatabase() override {
    for (auto* c : free_) delete c;
  }

  Dialect dialect() const override { return Dialect::postgres; }

  void read(const std::function<void(Tx&)>& fn) override {
    run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn, false);
  }
  void write(const std::function<void(Tx&)>& fn) override { run("BEGIN", fn, true); }

  PoolStats stats() const override {
    std::lock_guard lock(mutex_);
    PoolStats s;
    s.readers_total = size_;
    s.readers_busy = busy_;
    s.writers_busy = writers_busy_;
    s.commits = commits_;
    s.writes = commits_;
    return s;
  }

  void backup_to(const std::string& destination) override {
    std::string pg_dump = "/usr/lib/postgresql/15/bin/pg_dump";
    if (!std::filesystem::exists(pg_dump)) pg_dump = "pg_dump";
    std::string tmp = destination + ".tmp";
    auto quote = [](const std::string& s) {
      std::string out = "'";
      for (char c : s) out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
      return out + "'";
    };
    std::string cmd = quote(pg_dump) + " --format=custom --no-owner --file=" + quote(tmp) +
                      " --dbname=" + quote(url_);
    if (std::system(cmd.c_str()) != 0) {
      std::filesystem::remove(tmp);
      throw DbError("pg_dump failed");
    }
    std::filesystem::rename(tmp, destination);
  }

 private:
  void run(const char* begin, const std::function<void(Tx&)>& fn, bool writing) {
    // Deadlocks and serialization failures are retried: the callback must be repeatable.
    for (int attempt = 0;; ++attempt) {
      Connection* c = acquire();
      std::vector<std::function<void()>> after;
      bool retry = false;
      try {
        if (writing) ++writers_busy_;
        c->exec(begin);
        PgTx tx(*c);
        fn(tx);
        c->exec("COMMIT");
        after = tx.take_after_commit();
        if (writing) {
          --writers_busy_;
          std::lock_guard lock(mutex_);
          ++commits_;
        }
      } catch (const DbError& e) {
        if (writing) --writers_busy_;
        rollback(c);
        std::string what = e.what();
        retry = attempt < 3 && (what.find("[40001]") != std::string::npos ||
                                what.find("[40P01]") != std::string::npos);
        if (!retry) {
          release(c);
          throw;
        }
      } catch (...) {
        if (writing) --writers_busy_;
        rollback(c);
        release(c);
        throw;
      }
      release(c);
      if (!retry) {
        for (auto& f : after) f();
        return;
      }
    }
  }

  void rollback(Connection*& c) {
    try {
      c->exec("ROLLBACK");
    } catch (...) {
    }
    if (!c->healthy()) {
      delete c;
      c = nullptr;
    }
  }

  Connection* acquire() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !free_.empty() || open_ < size_; });
    ++busy_;
    if (!free_.empty()) {
      Connection* c = free_.back();
      free_.pop_back();
      return c;
    }
    ++open_;
    lock.unlock();
    try {
      return new Connection(url_);
    } catch (...) {
      std::lock_guard relock(mutex_);
      --open_;
      --busy_;
      cv_.notify_one();
      throw;
    }
  }

  void release(Connection* c) {
    {
      std::lock_guard lock(mutex_);
      if (busy_ > 0) --busy_;
      if (c) {
        free_.push_back(c);
        if (open_ == 0) open_ = 1;
      } else {
        --open_;
      }
    }
    cv_.notify_one();
  }

  std::string url_;
  int size_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Connection*> free_;
  int open_ = 0;
  int busy_ = 0;
  std::atomic<int> writers_busy_{0};
  std::uint64_t commits_ = 0;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url, const Options& options) {
  return std::make_unique<PostgresDatabase>(url, options);
}

}  // namespace zhdj::db
