#include "db/database.hpp"

#include "db/postgres.hpp"
#include "db/sqlite.hpp"

namespace zhdj::db {

namespace {
[[noreturn]] void mismatch(size_t i) {
  throw std::logic_error("column " + std::to_string(i) + " has another type");
}
}  // namespace

std::int64_t Row::i64(size_t i) const {
  const auto& v = values_.at(i).variant();
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<std::int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::stoll(*p);
  mismatch(i);
}

double Row::f64(size_t i) const {
  const auto& v = values_.at(i).variant();
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  mismatch(i);
}

std::string Row::str(size_t i) const {
  const auto& v = values_.at(i).variant();
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (std::holds_alternative<std::monostate>(v)) return {};
  mismatch(i);
}

Blob Row::blob(size_t i) const {
  const auto& v = values_.at(i).variant();
  if (auto p = std::get_if<Blob>(&v)) return *p;
  if (auto p = std::get_if<std::string>(&v)) return Blob(p->begin(), p->end());
  if (std::holds_alternative<std::monostate>(v)) return {};
  mismatch(i);
}

std::optional<std::int64_t> Row::opt_i64(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return i64(i);
}

std::optional<std::string> Row::opt_str(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return str(i);
}

size_t Row::index(std::string_view column) const {
  for (size_t i = 0; i < columns_->size(); ++i)
    if ((*columns_)[i] == column) return i;
  throw std::logic_error("no column " + std::string(column));
}

std::optional<Row> Tx::query_one(std::string_view sql, const Params& params) {
  auto rows = query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::int64_t Tx::insert(std::string_view sql, const Params& params) {
  auto rows = query(sql, params);
  if (rows.empty()) throw DbError("INSERT returned no id");
  return rows.front().i64(0);
}

std::unique_ptr<Database> Database::open(const std::string& url, const Options& options) {
  if (url.rfind("sqlite:", 0) == 0) return open_sqlite(url.substr(7), options);
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return open_postgres(url, options);
  throw std::invalid_argument("unsupported database URL (use sqlite:PATH or postgresql://...): " +
                              url);
}

}  // namespace zhdj::db
