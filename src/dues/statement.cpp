#include "dues/statement.hpp"

#include <fmt/format.h>

#include <map>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "common/text.hpp"
#include "dues/messages.hpp"
#include "dues/store.hpp"
#include "http/api.hpp"
#include "xlsx/csv.hpp"
#include "xlsx/reader.hpp"

namespace zhdj::dues {

using audit::actor_of;
using nlohmann::json;

namespace {

constexpr size_t kMaxRows = 50'000;
constexpr size_t kHeaderSearchRows = 10;
constexpr size_t kBadRowsShown = 20;

enum class Column { name, number, amount, date, memo };

struct Alias {
  const char* header;
  Column column;
};
// docs/api.md "Finance-office statements".
constexpr Alias kAliases[] = {
    {"姓名", Column::name},       {"党员姓名", Column::name},    {"户名", Column::name},
    {"付款人", Column::name},     {"付款人姓名", Column::name},  {"缴费人", Column::name},
    {"交款人", Column::name},     {"学号/工号", Column::number}, {"学号", Column::number},
    {"工号", Column::number},     {"学工号", Column::number},    {"学号工号", Column::number},
    {"职工号", Column::number},   {"人员编号", Column::number},  {"编号", Column::number},
    {"金额", Column::amount},     {"缴费金额", Column::amount},  {"实收金额", Column::amount},
    {"收款金额", Column::amount}, {"交易金额", Column::amount},  {"入账金额", Column::amount},
    {"党费", Column::amount},     {"党费金额", Column::amount},  {"日期", Column::date},
    {"缴费日期", Column::date},   {"交易日期", Column::date},    {"收款日期", Column::date},
    {"到账日期", Column::date},   {"入账日期", Column::date},    {"摘要", Column::memo},
    {"备注", Column::memo},       {"附言", Column::memo},        {"用途", Column::memo},
    {"说明", Column::memo},
};

// "金额（元）", " * 金额 (元) ", "金额/元" → the column of 金额.
std::optional<Column> column_of(std::string_view raw) {
  std::string h;
  for (char c : text::normalize(raw))
    if (c != ' ' && c != '*') h += c;
  auto ends_with = [&](std::string_view tail) {
    return h.size() >= tail.size() && h.compare(h.size() - tail.size(), tail.size(), tail) == 0;
  };
  // A unit or a note in brackets at the end: 金额(元), 金额（元）, 学号（工号）.
  if (ends_with(")") || ends_with("）"))
    for (std::string_view open : {"(", "（"})
      if (auto at = h.rfind(open); at != std::string::npos && at > 0) {
        h.resize(at);
        break;
      }
  if (ends_with("/元")) h.resize(h.size() - std::string_view("/元").size());
  for (const auto& a : kAliases)
    if (h == a.header) return a.column;
  return std::nullopt;
}

// Numbers that Excel stored for a text column (学号 typed as a number) read "2021001" or
// "2021001.0".
std::string cell_text(const xlsx::Cell& cell) {
  std::string t = text::normalize(cell.text);
  if (cell.kind == xlsx::CellKind::number && t.size() > 2 && t.compare(t.size() - 2, 2, ".0") == 0)
    t.resize(t.size() - 2);
  return t;
}

bool after(Date a, Date b) {
  return std::chrono::sys_days(a) > std::chrono::sys_days(b);
}

const char* reason_text(const std::string& code) {
  if (code == "no_member") return "未找到该学号/工号或姓名的党员";
  if (code == "ambiguous_name") return "同名党员多于一人，请按学号/工号指定";
  if (code == "name_mismatch") return "姓名与学号/工号不一致";
  if (code == "amount_mismatch") return "金额与最早欠缴的整月应缴金额不符";
  if (code == "nothing_due") return "该党员没有待缴的账单";
  return "补缴超过 6 个月，需手工处理并说明理由";  // back_payment
}

constexpr const char* kUnmatchedSelect =
    "SELECT u.id, u.import_id, i.file_name, u.row_no, u.name, u.person_no, u.amount_fen, "
    "u.paid_on, u.memo, u.reason_code, u.status, u.payment_id, p.member_id, m.name, "
    "u.dismiss_reason, a.name, u.resolved_at, o.path FROM dues_unmatched u JOIN dues_imports i "
    "ON i.id = u.import_id JOIN orgs o ON o.id = i.org_id LEFT JOIN dues_payments p ON p.id = "
    "u.payment_id LEFT JOIN members m ON m.id = p.member_id LEFT JOIN accounts a ON a.id = "
    "u.resolved_by ";

json unmatched_json(const db::Row& r) {
  const std::string status = r.str(10);
  json j = {{"id", r.i64(0)},
            {"import_id", r.i64(1)},
            {"file_name", r.str(2)},
            {"row", r.i64(3)},
            {"name", r.str(4)},
            {"number", r.str(5)},
            {"paid_on", r.str(7)},
            {"memo", r.str(8)},
            {"reason_code", r.str(9)},
            {"reason", reason_text(r.str(9))},
            {"status", status},
            {"status_name", status == "open"       ? "待处理"
                            : status == "assigned" ? "已指定党员"
                                                   : "已排除"},
            {"payment_id", r.is_null(11) ? json(nullptr) : json(r.i64(11))},
            {"member_id", r.is_null(12) ? json(nullptr) : json(r.i64(12))},
            {"member_name", r.is_null(13) ? json(nullptr) : json(r.str(13))},
            {"dismiss_reason", r.is_null(14) ? json(nullptr) : json(r.str(14))},
            {"resolved_by_name", r.is_null(15) ? json(nullptr) : json(r.str(15))},
            {"resolved_at", r.is_null(16) ? json(nullptr) : json(format_instant(r.i64(16)))}};
  store::put_money(j, "amount", r.i64(6));
  return j;
}

constexpr const char* kImportSelect =
    "SELECT i.id, i.file_name, i.format, i.sha256, i.org_id, o.name, i.rows_total, i.matched, "
    "i.unmatched, i.amount_fen, i.matched_fen, a.name, i.imported_at FROM dues_imports i JOIN "
    "orgs o ON o.id = i.org_id JOIN accounts a ON a.id = i.imported_by ";

json import_json(const db::Row& r) {
  json j = {{"id", r.i64(0)},
            {"file_name", r.str(1)},
            {"format", r.str(2)},
            {"sha256", r.str(3)},
            {"org_id", r.i64(4)},
            {"org_name", r.str(5)},
            {"rows", r.i64(6)},
            {"matched", r.i64(7)},
            {"unmatched", r.i64(8)},
            {"imported_by_name", r.str(11)},
            {"imported_at", format_instant(r.i64(12))}};
  store::put_money(j, "amount", r.i64(9));
  store::put_money(j, "matched", r.i64(10));
  return j;
}

// The unmatched row `id` for a change by the caller: dues.manage where it was imported.
db::Row open_row(db::Tx& tx, const auth::Principal& who, std::int64_t id) {
  auto r = tx.query_one(std::string(kUnmatchedSelect) + "WHERE u.id = ?", {id});
  if (!r) throw errors::not_found(zhdj::msg::kNotFound);
  if (!who.can("dues.manage", r->str(17))) {
    if (who.can("dues.read", r->str(17))) throw errors::forbidden(zhdj::msg::kForbidden);
    throw errors::not_found(zhdj::msg::kNotFound);
  }
  if (r->str(10) != "open") throw errors::conflict(msg::kRowNotOpen);
  return *r;
}

}  // namespace

Statement parse_statement(std::string_view bytes, Date today) {
  if (bytes.empty()) throw errors::validation("file", msg::kFileRequired);
  Statement out;
  xlsx::Workbook book;
  try {
    if (bytes.substr(0, 2) == "PK" || bytes.substr(0, 4) == "\xD0\xCF\x11\xE0") {
      out.format = "xlsx";
      book = xlsx::read(bytes);
    } else {
      out.format = "csv";
      book.sheets.push_back(xlsx::read_csv(bytes));
    }
  } catch (const xlsx::Error& e) {
    throw errors::validation("file", e.what());
  }
  const xlsx::Sheet* sheet = book.first_visible_sheet();
  if (!sheet) throw errors::validation("file", msg::kNoStatementRows);
  // The header: the first row naming an amount and a name or a number.
  std::optional<size_t> header;
  std::map<Column, size_t> columns;
  for (size_t r = 0; r < std::min(sheet->rows.size(), kHeaderSearchRows) && !header; ++r) {
    std::map<Column, size_t> found;
    for (size_t c = 0; c < sheet->rows[r].size(); ++c)
      if (auto col = column_of(sheet->rows[r][c].text)) found.emplace(*col, c);
    if (found.count(Column::amount) && (found.count(Column::name) || found.count(Column::number))) {
      header = r;
      columns = found;
    }
  }
  if (!header) throw errors::validation("file", msg::kNoStatementHeader);
  if (sheet->rows.size() - *header - 1 > kMaxRows)
    throw errors::validation("file", msg::kStatementTooLong);
  std::vector<std::string> bad;
  auto text_of = [&](size_t r, Column c) {
    auto it = columns.find(c);
    return it == columns.end() ? std::string() : cell_text(sheet->cell(r, it->second));
  };
  for (size_t r = *header + 1; r < sheet->rows.size(); ++r) {
    StatementRow row;
    row.row = r + 1;
    row.name = text_of(r, Column::name);
    row.number = text_of(r, Column::number);
    row.memo = text_of(r, Column::memo);
    std::string amount = text_of(r, Column::amount), date = text_of(r, Column::date);
    if (row.name.empty() && row.number.empty() && amount.empty() && date.empty() &&
        row.memo.empty())
      continue;  // a blank row
    std::vector<std::string> problems;
    if (row.name.empty() && row.number.empty()) problems.push_back(msg::kRowNoPayer);
    if (text::length(row.name) > 50 || text::length(row.number) > 32 ||
        text::length(row.memo) > 200)
      problems.push_back(msg::kRowTooLong);
    auto fen = parse_yuan(amount);
    if (amount.empty())
      problems.push_back(msg::kRowNoAmount);
    else if (!fen)
      problems.push_back(fmt::format(fmt::runtime(msg::kRowBadAmount), amount));
    else if (*fen <= 0)
      problems.push_back(msg::kRowZeroAmount);
    row.amount_fen = fen.value_or(0);
    row.paid_on = today;
    if (!date.empty()) {
      std::optional<Date> d;
      const xlsx::Cell& cell = sheet->cell(r, columns[Column::date]);
      if (cell.kind == xlsx::CellKind::number) {
        try {
          d = xlsx::serial_to_date(std::stod(cell.text), book.date1904);
        } catch (const std::exception&) {
        }
      } else {
        d = text::parse_loose_date(date);
      }
      if (!d)
        problems.push_back(fmt::format(fmt::runtime(msg::kRowBadDate), date));
      else if (after(*d, today))
        problems.push_back(fmt::format(fmt::runtime(msg::kRowFutureDate), format_date(*d)));
      else
        row.paid_on = *d;
    }
    if (!problems.empty()) {
      std::string joined;
      for (const auto& p : problems) joined += (joined.empty() ? "" : "，") + p;
      bad.push_back(fmt::format(fmt::runtime(msg::kBadRow), row.row, joined));
      continue;
    }
    out.rows.push_back(std::move(row));
  }
  if (!bad.empty()) {
    std::string message = fmt::format(fmt::runtime(msg::kBadRows), bad.size());
    for (size_t i = 0; i < std::min(bad.size(), kBadRowsShown); ++i)
      message += (i ? "；" : "") + bad[i];
    if (bad.size() > kBadRowsShown) message += "；……";
    throw errors::validation("file", message);
  }
  if (out.rows.empty()) throw errors::validation("file", msg::kNoStatementRows);
  return out;
}

json StatementImport::import(const auth::Principal& who, std::optional<std::int64_t> org_id,
                             const std::string& file_name, const std::string& bytes) {
  // Who may import here is checked before the file is even opened.
  dues_.db().read([&](db::Tx& tx) { store::scoped_org(tx, who, org_id, "dues.manage"); });
  Statement statement = parse_statement(bytes, dues_.today());
  const std::string sha = crypto::sha256_hex(bytes);
  std::string name = text::normalize(file_name);
  if (name.empty()) name = "对账单." + statement.format;
  if (text::length(name) > 200) throw errors::validation("file_name", msg::kFileNameTooLong);
  const Instant now = dues_.clock().now();
  const std::string current = format_year_month(dues_.this_month());
  return dues_.db().write_result([&](db::Tx& tx) {
    auto org = store::scoped_org(tx, who, org_id, "dues.manage");
    std::int64_t university = std::stoll(org.path.substr(1, org.path.find('/', 1) - 1));
    if (auto before = tx.query_one(
            "SELECT i.imported_at, i.file_name, a.name FROM dues_imports i JOIN accounts a ON a.id "
            "= i.imported_by WHERE i.university_id = ? AND i.sha256 = ?",
            {university, sha}))
      throw errors::conflict(fmt::format(fmt::runtime(msg::kDuplicateFile),
                                         format_local(before->i64(0), dues_.time_zone()),
                                         before->str(2), before->str(1)),
                             "file");
    auto import_id = tx.insert(
        "INSERT INTO dues_imports (university_id, org_id, file_name, format, sha256, content, "
        "rows_total, matched, unmatched, amount_fen, matched_fen, imported_by, imported_at) VALUES "
        "(?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, ?, ?) RETURNING id",
        {university, org.id, name, statement.format, sha, db::Blob(bytes.begin(), bytes.end()),
         who.account_id, now});
    // The payers: party members under the org, by number and by name.
    std::map<std::string, members::directory::Person> by_number;
    std::multimap<std::string, members::directory::Person> by_name;
    for (auto& p : members::directory::party_members_under(tx, org.path)) {
      if (!p.student_no.empty()) by_number.emplace(p.student_no, p);
      by_name.emplace(p.name, p);
    }
    int matched = 0, unmatched = 0;
    std::int64_t amount_fen = 0, matched_fen = 0;
    json payments = json::array();
    std::vector<std::int64_t> unmatched_ids;
    for (const auto& row : statement.rows) {
      amount_fen += row.amount_fen;
      std::optional<members::directory::Person> payer;
      std::string reason;
      if (!row.number.empty()) {
        auto it = by_number.find(row.number);
        if (it == by_number.end())
          reason = "no_member";
        else if (!row.name.empty() && row.name != it->second.name)
          reason = "name_mismatch";
        else
          payer = it->second;
      } else {
        auto n = by_name.count(row.name);
        if (n == 0) reason = "no_member";
        if (n > 1) reason = "ambiguous_name";
        if (n == 1) payer = by_name.find(row.name)->second;
      }
      std::optional<std::vector<Allocation>> allocations;
      if (payer) {
        std::vector<BillState> due;
        for (const auto& b : store::ledger(tx, payer->member_id))
          if (b.month <= current && b.outstanding() > 0) due.push_back(b);
        allocations = match_oldest_months(due, row.amount_fen);
        if (due.empty())
          reason = "nothing_due";
        else if (!allocations)
          reason = "amount_mismatch";
        else
          for (const auto& a : *allocations)
            if (needs_back_payment_override(year_month_of(row.paid_on), *parse_year_month(a.month)))
              reason = "back_payment";
      }
      if (reason.empty()) {
        PaymentRequest req;
        req.method = "import";
        req.amount_fen = row.amount_fen;
        req.paid_on = row.paid_on;
        req.note = row.memo;
        req.import_id = import_id;
        auto payment_id = payments_.insert(tx, who, *payer, req, *allocations, now);
        json months = json::array();
        for (const auto& a : *allocations) months.push_back(a.month);
        payments.push_back({{"row", row.row},
                            {"payment_id", payment_id},
                            {"member_id", payer->member_id},
                            {"member_name", payer->name},
                            {"amount_fen", row.amount_fen},
                            {"months", months}});
        ++matched;
        matched_fen += row.amount_fen;
        continue;
      }
      unmatched_ids.push_back(tx.insert(
          "INSERT INTO dues_unmatched (import_id, row_no, name, person_no, amount_fen, paid_on, "
          "memo, reason_code, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open') RETURNING id",
          {import_id, static_cast<std::int64_t>(row.row), row.name, row.number, row.amount_fen,
           format_date(row.paid_on), row.memo, reason}));
      ++unmatched;
    }
    tx.exec(
        "UPDATE dues_imports SET rows_total = ?, matched = ?, unmatched = ?, amount_fen = ?, "
        "matched_fen = ? WHERE id = ?",
        {static_cast<std::int64_t>(statement.rows.size()), matched, unmatched, amount_fen,
         matched_fen, import_id});
    audit::record(tx, actor_of(who),
                  {"dues.import",
                   "dues_import",
                   std::to_string(import_id),
                   org.path,
                   {{"file_name", name},
                    {"sha256", sha},
                    {"rows", statement.rows.size()},
                    {"matched", matched},
                    {"unmatched", unmatched},
                    {"amount_fen", amount_fen}}},
                  now);
    json out =
        import_json(*tx.query_one(std::string(kImportSelect) + "WHERE i.id = ?", {import_id}));
    out["payments"] = payments;
    out["unmatched_rows"] = json::array();
    for (auto id : unmatched_ids)
      out["unmatched_rows"].push_back(
          unmatched_json(*tx.query_one(std::string(kUnmatchedSelect) + "WHERE u.id = ?", {id})));
    return out;
  });
}

json StatementImport::imports(const auth::Principal& who, std::optional<std::int64_t> org_id) {
  return dues_.db().read_result([&](db::Tx& tx) {
    auto scope = store::list_scope(tx, who, "dues.manage", org_id);
    json items = json::array();
    for (const auto& r : tx.query(std::string(kImportSelect) + "WHERE " + scope.sql +
                                      " ORDER BY i.imported_at DESC, i.id DESC LIMIT 200",
                                  scope.params))
      items.push_back(import_json(r));
    return json{{"items", items}};
  });
}

json StatementImport::unmatched(const auth::Principal& who, std::optional<std::int64_t> org_id,
                                const std::string& status) {
  std::string wanted = status.empty() ? "open" : status;
  if (wanted != "open" && wanted != "assigned" && wanted != "dismissed" && wanted != "all")
    throw errors::validation("status", msg::kUnmatchedStatus);
  return dues_.db().read_result([&](db::Tx& tx) {
    auto scope = store::list_scope(tx, who, "dues.manage", org_id);
    if (wanted != "all") {
      scope.sql += " AND u.status = ?";
      scope.params.emplace_back(wanted);
    }
    json items = json::array();
    for (const auto& r : tx.query(std::string(kUnmatchedSelect) + "WHERE " + scope.sql +
                                      " ORDER BY u.import_id DESC, u.row_no LIMIT 500",
                                  scope.params))
      items.push_back(unmatched_json(r));
    return json{{"items", items}};
  });
}

json StatementImport::assign(const auth::Principal& who, std::int64_t row_id, const json& b) {
  auto member_id = http::input::optional_int(b, "member_id");
  if (!member_id) throw errors::validation("member_id", msg::kPayerRequired);
  PaymentRequest req = PaymentService::read_allocation_fields(b);
  const Instant now = dues_.clock().now();
  auto payment_id = dues_.db().write_result([&](db::Tx& tx) {
    auto row = open_row(tx, who, row_id);
    auto person = store::managed_person(tx, who, *member_id);
    store::require_payer(person);
    req.method = "import";
    req.amount_fen = row.i64(6);
    req.paid_on = *parse_date(row.str(7));
    req.note = row.str(8);
    req.import_id = row.i64(1);
    auto payment_id = payments_.pay(tx, who, person, req, now);
    tx.exec(
        "UPDATE dues_unmatched SET status = 'assigned', payment_id = ?, resolved_by = ?, "
        "resolved_at = ? WHERE id = ?",
        {payment_id, who.account_id, now, row_id});
    audit::record(tx, actor_of(who),
                  {"dues.unmatched_assign",
                   "dues_unmatched",
                   std::to_string(row_id),
                   row.str(17),
                   {{"member_id", person.member_id}, {"payment_id", payment_id}}},
                  now);
    return payment_id;
  });
  return dues_.db().read_result([&](db::Tx& tx) {
    return json{{"row", unmatched_json(*tx.query_one(
                            std::string(kUnmatchedSelect) + "WHERE u.id = ?", {row_id}))},
                {"payment", PaymentService::payments_json(tx, {payment_id})[0]}};
  });
}

json StatementImport::dismiss(const auth::Principal& who, std::int64_t row_id, const json& b) {
  auto reason = http::input::required_string(b, "reason", 200);
  const Instant now = dues_.clock().now();
  dues_.db().write([&](db::Tx& tx) {
    auto row = open_row(tx, who, row_id);
    tx.exec(
        "UPDATE dues_unmatched SET status = 'dismissed', dismiss_reason = ?, resolved_by = ?, "
        "resolved_at = ? WHERE id = ?",
        {reason, who.account_id, now, row_id});
    audit::record(tx, actor_of(who),
                  {"dues.unmatched_dismiss",
                   "dues_unmatched",
                   std::to_string(row_id),
                   row.str(17),
                   {{"reason", reason}, {"amount_fen", row.i64(6)}}},
                  now);
  });
  return dues_.db().read_result([&](db::Tx& tx) {
    return unmatched_json(
        *tx.query_one(std::string(kUnmatchedSelect) + "WHERE u.id = ?", {row_id}));
  });
}

}  // namespace zhdj::dues
