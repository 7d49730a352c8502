// The one database interface of zhdj: two drivers (embedded SQLite, PostgreSQL) behind it.
//
// All SQL is written once with `?` placeholders in the common subset of both dialects
// (INSERT ... RETURNING, ON CONFLICT, BIGINT/TEXT columns); drivers translate placeholders.
// Work is done in transactions handed to a callback:
//   - read(fn): a consistent snapshot; fn must not write.
//   - write(fn): one transaction. If fn throws, nothing it did is kept and the exception
//     propagates; write() returns only after the transaction is durably committed.
// Both block the calling thread: call them from worker threads, never from I/O threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zhdj::db {

enum class Dialect { sqlite, postgres };

using Blob = std::vector<unsigned char>;

// A value bound to a placeholder or read from a column.
class Value {
 public:
  using Variant = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;
  Value() = default;
  Value(std::nullptr_t) {}
  Value(int v) : v_(static_cast<std::int64_t>(v)) {}
  Value(long v) : v_(static_cast<std::int64_t>(v)) {}
  Value(long long v) : v_(static_cast<std::int64_t>(v)) {}
  Value(unsigned v) : v_(static_cast<std::int64_t>(v)) {}
  Value(bool v) : v_(static_cast<std::int64_t>(v ? 1 : 0)) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  Value(Blob v) : v_(std::move(v)) {}
  template <class T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  const Variant& variant() const { return v_; }

 private:
  Variant v_;
};

using Params = std::vector<Value>;

// One result row. Accessors throw std::logic_error on a type mismatch (a programming error).
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  size_t size() const { return values_.size(); }
  bool is_null(size_t i) const { return values_.at(i).is_null(); }
  std::int64_t i64(size_t i) const;
  double f64(size_t i) const;
  std::string str(size_t i) const;
  Blob blob(size_t i) const;
  std::optional<std::int64_t> opt_i64(size_t i) const;
  std::optional<std::string> opt_str(size_t i) const;

  size_t index(std::string_view column) const;
  std::int64_t i64(std::string_view c) const { return i64(index(c)); }
  std::string str(std::string_view c) const { return str(index(c)); }
  std::optional<std::int64_t> opt_i64(std::string_view c) const { return opt_i64(index(c)); }
  std::optional<std::string> opt_str(std::string_view c) const { return opt_str(index(c)); }
  bool is_null(std::string_view c) const { return is_null(index(c)); }

 private:
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> values_;
};

// Thrown for a UNIQUE violation, so use cases can answer 409 with their own message.
class UniqueViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Any other database failure (connection lost, syntax error, ...).
class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A transaction in progress. Not thread-safe; lives only inside read()/write().
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Dialect dialect() const = 0;
  virtual std::vector<Row> query(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;

  void exec(std::string_view sql, const Params& params = {}) { query(sql, params); }
  std::optional<Row> query_one(std::string_view sql, const Params& params = {});
  // For `INSERT ... RETURNING id`.
  std::int64_t insert(std::string_view sql, const Params& params = {});
  // Runs fn after this transaction has committed (never if it rolls back), e.g. to wake
  // live-event subscribers.
  void after_commit(std::function<void()> fn) { after_commit_.push_back(std::move(fn)); }
  std::vector<std::function<void()>> take_after_commit() { return std::move(after_commit_); }

 private:
  std::vector<std::function<void()>> after_commit_;
};

struct PoolStats {
  int readers_total = 0;
  int readers_busy = 0;
  int writers_busy = 0;       // 0/1 for SQLite's single writer; pool use for PostgreSQL
  int write_queue_depth = 0;  // SQLite: jobs waiting for the writer
  std::uint64_t commits = 0;  // transactions committed
  std::uint64_t writes = 0;   // write() calls committed (> commits when grouped)
};

struct Options {
  int readers = 4;           // SQLite reader connections / PostgreSQL pool size
  int max_group = 64;        // SQLite: most write jobs committed together
  bool group_commit = true;  // SQLite: false = one transaction per write (benchmark baseline)
};

class Database {
 public:
  virtual ~Database() = default;

  // "sqlite:path/to/file.db" or "postgresql://user@host:port/db".
  static std::unique_ptr<Database> open(const std::string& url, const Options& options = {});

  virtual Dialect dialect() const = 0;
  virtual void read(const std::function<void(Tx&)>& fn) = 0;
  virtual void write(const std::function<void(Tx&)>& fn) = 0;
  virtual PoolStats stats() const = 0;
  // A consistent online copy: a SQLite file, or a pg_dump custom-format archive.
  virtual void backup_to(const std::string& destination) = 0;

  template <class F>
  auto read_result(F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    using R = decltype(fn(std::declval<Tx&>()));
    std::optional<R> out;
    read([&](Tx& tx) { out.emplace(fn(tx)); });
    return std::move(*out);
  }
  template <class F>
  auto write_result(F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    using R = decltype(fn(std::declval<Tx&>()));
    std::optional<R> out;
    write([&](Tx& tx) { out.emplace(fn(tx)); });
    return std::move(*out);
  }
};

}  // namespace zhdj::db
