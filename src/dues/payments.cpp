#include "dues/payments.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "common/period.hpp"
#include "dues/fields.hpp"
#include "dues/messages.hpp"
#include "dues/store.hpp"
#include "http/api.hpp"

namespace zhdj::dues {

using audit::actor_of;
using nlohmann::json;

namespace {

// How far back a payment may be dated.
constexpr int kPaidOnYearsBack = 2;
// At most this many payments in one list.
constexpr size_t kListLimit = 500;

const char* method_name(const std::string& m) {
  if (m == "cash") return "现金";
  if (m == "transfer") return "转账";
  return "财务导入";
}

std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

std::string months_text(const std::vector<Allocation>& allocations) {
  std::string out;
  for (const auto& a : allocations) out += (out.empty() ? "" : "、") + a.month;
  return out;
}

}  // namespace

PaymentRequest PaymentService::read_allocation_fields(const json& b) {
  PaymentRequest r;
  r.kind = http::input::optional_string(b, "kind", 10).value_or("dues");
  if (r.kind != "dues" && r.kind != "extra") throw errors::validation("kind", msg::kPaymentKind);
  r.months = fields::optional_months(b, "months");
  r.advance = fields::optional_flag(b, "advance");
  r.override_reason = http::input::optional_string(b, "override_reason", 200).value_or("");
  if (r.kind == "extra" && (!r.months.empty() || r.advance))
    throw errors::validation("months", msg::kExtraNotAllocated);
  return r;
}

json PaymentService::record(const auth::Principal& who, const json& b) {
  auto member_id = http::input::optional_int(b, "member_id");
  if (!member_id) throw errors::validation("member_id", msg::kPayerRequired);
  PaymentRequest req = read_allocation_fields(b);
  req.method = http::input::optional_string(b, "method", 10).value_or("");
  if (req.method != "cash" && req.method != "transfer")
    throw errors::validation("method", msg::kPaymentMethod);
  auto amount = fields::optional_fen(b, "amount_fen", 1, kMaxBaseFen);
  if (!amount) throw errors::validation("amount_fen", msg::kAmountRequired);
  req.amount_fen = *amount;
  Date today = dues_.today();
  req.paid_on = http::input::optional_date(b, "paid_on").value_or(today);
  Date earliest = add_years(today, -kPaidOnYearsBack);
  if (std::chrono::sys_days(req.paid_on) > std::chrono::sys_days(today) ||
      std::chrono::sys_days(req.paid_on) < std::chrono::sys_days(earliest))
    throw errors::validation("paid_on", fmt::format(fmt::runtime(msg::kPaidOnRange),
                                                    format_date(earliest), format_date(today)));
  req.note = http::input::optional_string(b, "note", 200).value_or("");
  Instant now = dues_.clock().now();
  auto id = dues_.db().write_result([&](db::Tx& tx) {
    auto person = store::managed_person(tx, who, *member_id);
    store::require_payer(person);
    return pay(tx, who, person, req, now);
  });
  return dues_.db().read_result([&](db::Tx& tx) { return payments_json(tx, {id})[0]; });
}

std::int64_t PaymentService::pay(db::Tx& tx, const auth::Principal& who,
                                 const members::directory::Person& payer, const PaymentRequest& req,
                                 Instant now) {
  if (req.kind == "extra") return insert(tx, who, payer, req, {}, now);
  const YearMonth current = dues_.this_month();
  const YearMonth last = req.advance ? last_advance_month(current) : current;
  for (YearMonth m : req.months)
    if (m > last)
      throw errors::validation("months", req.advance
                                             ? fmt::format(fmt::runtime(msg::kAdvanceBeyondQuarter),
                                                           format_year_month(last))
                                             : std::string(msg::kAdvanceNeedsConsent));
  // The bills the payment needs, made exactly as bill generation makes them.
  std::vector<YearMonth> wanted = req.months;
  if (wanted.empty() && req.advance)
    for (YearMonth m = current + std::chrono::months{1}; m <= last; m += std::chrono::months{1})
      wanted.push_back(m);
  for (YearMonth m : wanted) {
    if (m < current - std::chrono::months{12}) continue;  // only bills already made, that far back
    switch (store::bill_member(tx, payer, format_year_month(m), now)) {
      case store::Billed::not_owed:
        throw errors::conflict(fmt::format(fmt::runtime(msg::kMonthNotOwed), format_year_month(m)),
                               "months");
      case store::Billed::no_base:
        throw errors::conflict(fmt::format(fmt::runtime(msg::kMonthNoBase), format_year_month(m)),
                               "months");
      case store::Billed::created:
      case store::Billed::existing:
        break;
    }
  }
  std::vector<BillState> chosen;
  for (const auto& bill : store::ledger(tx, payer.member_id)) {
    auto m = *parse_year_month(bill.month);
    bool wanted_month = req.months.empty()
                            ? m <= last
                            : std::binary_search(req.months.begin(), req.months.end(), m);
    if (wanted_month) chosen.push_back(bill);
  }
  for (YearMonth m : req.months)
    if (std::none_of(chosen.begin(), chosen.end(),
                     [&](const BillState& b) { return b.month == format_year_month(m); }))
      throw errors::conflict(fmt::format(fmt::runtime(msg::kMonthNoBill), format_year_month(m)),
                             "months");
  auto allocated = allocate(chosen, req.amount_fen);
  if (allocated.allocations.empty()) throw errors::conflict(msg::kNothingDue, "amount_fen");
  if (allocated.left_fen > 0)
    throw errors::validation("amount_fen",
                             fmt::format(fmt::runtime(msg::kAmountTooLarge),
                                         format_yuan(req.amount_fen - allocated.left_fen)));
  return insert(tx, who, payer, req, allocated.allocations, now);
}

std::int64_t PaymentService::insert(db::Tx& tx, const auth::Principal& who,
                                    const members::directory::Person& payer,
                                    const PaymentRequest& req,
                                    const std::vector<Allocation>& allocations, Instant now) {
  const YearMonth paid_month = year_month_of(req.paid_on);
  const std::string current = format_year_month(dues_.this_month());
  bool advance = false;
  for (const auto& a : allocations) {
    if (req.override_reason.empty() &&
        needs_back_payment_override(paid_month, *parse_year_month(a.month)))
      throw errors::conflict(
          fmt::format(fmt::runtime(msg::kBackPayment), a.month, kBackPaymentMonths),
          "override_reason");
    advance = advance || a.month > current;
  }
  bool special = req.kind == "extra" && is_special_payment(req.amount_fen);
  db::Value override_reason;
  if (!req.override_reason.empty()) override_reason = req.override_reason;
  auto id = tx.insert(
      "INSERT INTO dues_payments (member_id, org_id, kind, method, amount_fen, paid_on, special, "
      "advance, override_reason, note, import_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {payer.member_id, payer.org_id, req.kind, req.method, req.amount_fen,
       format_date(req.paid_on), special, advance, override_reason, req.note, req.import_id,
       who.account_id, now});
  json months = json::array();
  for (const auto& a : allocations) {
    tx.exec(
        "INSERT INTO dues_allocations (payment_id, member_id, month, amount_fen) VALUES (?, ?, ?, "
        "?)",
        {id, payer.member_id, a.month, a.amount_fen});
    months.push_back({{"month", a.month}, {"amount_fen", a.amount_fen}});
  }
  audit::record(tx, actor_of(who),
                {"dues.payment_record",
                 "dues_payment",
                 std::to_string(id),
                 payer.org_path,
                 {{"member_id", payer.member_id},
                  {"kind", req.kind},
                  {"method", req.method},
                  {"amount_fen", req.amount_fen},
                  {"paid_on", format_date(req.paid_on)},
                  {"allocations", months},
                  {"special", special},
                  {"advance", advance},
                  {"override_reason", req.override_reason},
                  {"import_id", req.import_id ? json(*req.import_id) : json(nullptr)}}},
                now);
  if (payer.account_id)
    dues_.notices().send(
        tx, {*payer.account_id},
        {"dues.payment", msg::kNoticePaid,
         req.kind == "extra"
             ? fmt::format(fmt::runtime(msg::kNoticeExtraBody), format_date(req.paid_on),
                           format_yuan(req.amount_fen))
             : fmt::format(fmt::runtime(msg::kNoticePaidBody), format_date(req.paid_on),
                           format_yuan(req.amount_fen), months_text(allocations)),
         "/dues/mine"});
  return id;
}

json PaymentService::list(const auth::Principal& who, std::optional<std::int64_t> member_id,
                          std::optional<std::int64_t> org_id, const std::string& period_key) {
  std::optional<Period> period;
  if (!period_key.empty()) {
    period = parse_period(period_key);
    if (!period) throw errors::validation("period", zhdj::msg::kBadPeriod);
  }
  if (!org_id && !member_id) member_id = who.member_id;
  if (!org_id && !member_id) throw errors::validation("member_id", msg::kMemberRequired);
  return dues_.db().read_result([&](db::Tx& tx) {
    std::string sql;
    db::Params params;
    if (org_id) {
      auto org = store::scoped_org(tx, who, org_id, "dues.read");
      sql =
          "SELECT p.id FROM orgs o JOIN dues_payments p ON p.org_id = o.id WHERE o.path >= ? "
          "AND o.path < ?";
      params = {org.path, auth::path_upper_bound(org.path)};
    } else {
      store::readable_person(tx, who, *member_id);
      sql = "SELECT p.id FROM dues_payments p WHERE p.member_id = ?";
      params = {*member_id};
    }
    if (period) {
      sql += " AND p.paid_on >= ? AND p.paid_on <= ?";
      params.insert(params.end(),
                    {format_date(period->first_day()), format_date(period->last_day())});
    }
    sql += " ORDER BY p.paid_on DESC, p.id DESC LIMIT " + std::to_string(kListLimit + 1);
    std::vector<std::int64_t> ids;
    for (const auto& r : tx.query(sql, params)) ids.push_back(r.i64(0));
    bool truncated = ids.size() > kListLimit;
    if (truncated) ids.resize(kListLimit);
    return json{{"items", payments_json(tx, ids)}, {"truncated", truncated}};
  });
}

json PaymentService::payments_json(db::Tx& tx, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, json> by_id;
  for (size_t i = 0; i < ids.size(); i += 100) {
    db::Params params(ids.begin() + i, ids.begin() + std::min(ids.size(), i + 100));
    std::string in = "(" + placeholders(params.size()) + ")";
    for (const auto& r : tx.query(
             "SELECT p.id, p.member_id, m.name, o.name, p.kind, p.method, p.amount_fen, p.paid_on, "
             "p.special, p.advance, p.override_reason, p.note, p.import_id, a.name, p.recorded_at "
             "FROM dues_payments p JOIN members m ON m.id = p.member_id JOIN orgs o ON o.id = "
             "p.org_id JOIN accounts a ON a.id = p.recorded_by WHERE p.id IN " +
                 in,
             params)) {
      json j = {{"id", r.i64(0)},
                {"member_id", r.i64(1)},
                {"member_name", r.str(2)},
                {"org_name", r.str(3)},
                {"kind", r.str(4)},
                {"kind_name", r.str(4) == "extra" ? "自愿多交党费" : "党费"},
                {"method", r.str(5)},
                {"method_name", method_name(r.str(5))},
                {"paid_on", r.str(7)},
                {"special", r.i64(8) != 0},
                {"advance", r.i64(9) != 0},
                {"override_reason", r.is_null(10) ? json(nullptr) : json(r.str(10))},
                {"note", r.str(11)},
                {"import_id", r.is_null(12) ? json(nullptr) : json(r.i64(12))},
                {"recorded_by_name", r.str(13)},
                {"recorded_at", format_instant(r.i64(14))},
                {"allocations", json::array()}};
      store::put_money(j, "amount", r.i64(6));
      by_id[r.i64(0)] = std::move(j);
    }
    for (const auto& r : tx.query(
             "SELECT payment_id, month, amount_fen FROM dues_allocations WHERE payment_id IN " +
                 in + " ORDER BY payment_id, month",
             params)) {
      json a = {{"month", r.str(1)}};
      store::put_money(a, "amount", r.i64(2));
      by_id[r.i64(0)]["allocations"].push_back(a);
    }
  }
  json out = json::array();
  for (auto id : ids)
    if (by_id.count(id)) out.push_back(by_id[id]);
  return out;
}

}  // namespace zhdj::dues
