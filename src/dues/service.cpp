#include "dues/service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "auth/grants.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "dues/messages.hpp"
#include "dues/payments.hpp"
#include "dues/reliefs.hpp"
#include "dues/reports.hpp"
#include "dues/rules.hpp"
#include "dues/statement.hpp"
#include "dues/store.hpp"
#include "http/api.hpp"
#include "members/codes.hpp"
#include "members/directory.hpp"
#include "org/directory.hpp"

namespace zhdj::dues {

using audit::actor_of;
using nlohmann::json;
namespace input = http::input;

namespace {

using store::readable_person;

constexpr const char* kSelect =
    "SELECT b.id, b.member_id, p.name, b.kind, b.monthly_base_fen, b.effective_month, b.status, "
    "b.note, da.name, b.declared_at, ca.name, b.decided_at, b.reject_reason, o.path "
    "FROM dues_bases b JOIN members p ON p.id = b.member_id JOIN orgs o ON o.id = p.org_id "
    "JOIN accounts da ON da.id = b.declared_by LEFT JOIN accounts ca ON ca.id = b.decided_by ";

const char* status_name(const std::string& s) {
  if (s == "pending") return "待审批";
  if (s == "approved") return "已批准";
  return "未批准";
}

json base_json(const db::Row& r) {
  auto kind = parse_kind(r.str(3)).value_or(MemberKind::in_service);
  Quote q = quote(kind, r.i64(4));
  auto opt_time = [&](size_t i) {
    return r.is_null(i) ? json(nullptr) : json(format_instant(r.i64(i)));
  };
  return {{"id", r.i64(0)},
          {"member_id", r.i64(1)},
          {"member_name", r.str(2)},
          {"kind", kind_code(kind)},
          {"kind_name", kind_name(kind)},
          {"monthly_base_fen", r.i64(4)},
          {"monthly_base_yuan", format_yuan(r.i64(4))},
          {"effective_month", r.str(5)},
          {"status", r.str(6)},
          {"status_name", status_name(r.str(6))},
          {"note", r.str(7)},
          {"declared_by_name", r.str(8)},
          {"declared_at", format_instant(r.i64(9))},
          {"decided_by_name", r.is_null(10) ? json(nullptr) : json(r.str(10))},
          {"decided_at", opt_time(11)},
          {"reject_reason", r.is_null(12) ? json(nullptr) : json(r.str(12))},
          {"amount_fen", q.amount_fen},
          {"amount_yuan", format_yuan(q.amount_fen)},
          {"rate", q.rate}};
}

// The university's policy for a person or org at `path` (its first id is the university).
Reassessment reassessment_of(db::Tx& tx, const std::string& path) {
  auto r = tx.query_one("SELECT reassess FROM dues_settings WHERE university_id = ?",
                        {std::stoll(path.substr(1))});
  return r ? parse_reassessment(r->str(0)).value_or(Reassessment::monthly) : Reassessment::monthly;
}

// The university committee `org_id` names, or without one that of the caller's first dues grant.
// The caller must hold dues.read somewhere in that university (404 otherwise).
org::Org university_of(db::Tx& tx, const auth::Principal& who, std::optional<std::int64_t> org_id) {
  auto scope = who.scope("dues.read");
  if (scope.empty()) throw errors::not_found(zhdj::msg::kNotFound);
  auto root_of = [](const std::string& path) { return std::stoll(path.substr(1)); };
  std::int64_t id = org_id ? *org_id : root_of(scope.front());
  bool works_there = std::any_of(scope.begin(), scope.end(),
                                 [&](const std::string& p) { return root_of(p) == id; });
  auto n = org::directory::find(tx, id);
  if (!works_there || !n || n->org.parent_id) throw errors::not_found(zhdj::msg::kNotFound);
  return n->org;
}

}  // namespace

Service::Service(db::Database& db, notify::Service& notices, const Clock& clock,
                 std::string time_zone)
    : db_(db), notices_(notices), clock_(clock), time_zone_(std::move(time_zone)) {
  reliefs_ = std::make_unique<ReliefService>(*this);
  payments_ = std::make_unique<PaymentService>(*this);
  statements_ = std::make_unique<StatementImport>(*this, *payments_);
  reports_ = std::make_unique<ReportService>(*this);
}

Service::~Service() = default;

json Service::settings(const auth::Principal& who, std::optional<std::int64_t> org_id) {
  return db_.read_result([&](db::Tx& tx) {
    auto uni = university_of(tx, who, org_id);
    auto r = reassessment_of(tx, uni.path);
    return json{{"university_id", uni.id},
                {"reassess", reassessment_code(r)},
                {"reassess_name", reassessment_name(r)},
                {"can_edit", who.can("dues.manage", uni.path)}};
  });
}

json Service::set_settings(const auth::Principal& who, const json& b) {
  auto code = input::optional_string(b, "reassess", 10).value_or("");
  auto r = parse_reassessment(code);
  if (!r) throw errors::validation("reassess", msg::kReassess);
  auto org_id = input::optional_int(b, "org_id");
  const Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto uni = university_of(tx, who, org_id);
    // The caller's own university: they see its policy, so a refusal is 403, not 404.
    if (!who.can("dues.manage", uni.path)) throw errors::forbidden(zhdj::msg::kForbidden);
    auto before = reassessment_of(tx, uni.path);
    tx.exec(
        "INSERT INTO dues_settings (university_id, reassess) VALUES (?, ?) ON CONFLICT "
        "(university_id) DO UPDATE SET reassess = excluded.reassess",
        {uni.id, reassessment_code(*r)});
    audit::record(
        tx, actor_of(who),
        {"dues.settings",
         "org",
         std::to_string(uni.id),
         uni.path,
         {{"reassess", {{"before", reassessment_code(before)}, {"after", reassessment_code(*r)}}}}},
        now);
  });
  return settings(who, org_id);
}

json Service::declare(const auth::Principal& who, const json& b) {
  auto member_id = input::optional_int(b, "member_id");
  if (!member_id) member_id = who.member_id;
  if (!member_id) throw errors::validation("member_id", msg::kMemberRequired);
  if (!b.contains("kind") || !b["kind"].is_string()) throw errors::validation("kind", msg::kKind);
  auto kind = parse_kind(b["kind"].get<std::string>());
  if (!kind) throw errors::validation("kind", msg::kKind);
  bool fixed = *kind != MemberKind::in_service && *kind != MemberKind::retired;
  std::int64_t base = 0;
  if (!fixed) {
    if (!b.contains("monthly_base_fen") || b["monthly_base_fen"].is_null())
      throw errors::validation("monthly_base_fen", msg::kBaseRequired);
    const auto& v = b["monthly_base_fen"];
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > 1ULL << 62))
      throw errors::validation("monthly_base_fen", msg::kBaseInteger);
    base = v.get<std::int64_t>();
    if (base < 0) throw errors::validation("monthly_base_fen", msg::kBaseNegative);
    if (base > kMaxBaseFen) throw errors::validation("monthly_base_fen", msg::kBaseTooLarge);
  }
  auto month_text = input::optional_string(b, "effective_month", 7).value_or("");
  auto month = parse_year_month(month_text);
  if (!month) throw errors::validation("effective_month", msg::kMonthFormat);
  // A raise may be declared late (bills are re-assessed from its month) but not years late, and
  // not far ahead.
  YearMonth earliest = this_month() - std::chrono::months{12};
  YearMonth latest = this_month() + std::chrono::months{3};
  if (*month < earliest || *month > latest)
    throw errors::validation(
        "effective_month", fmt::format(fmt::runtime(msg::kMonthRange), format_year_month(earliest),
                                       format_year_month(latest)));
  auto note = input::optional_string(b, "note", 200).value_or("");
  Instant now = clock_.now();
  json reassessed = json::array();
  std::int64_t id = db_.write_result([&](db::Tx& tx) {
    auto found = members::directory::person(tx, *member_id);
    if (!found) throw errors::not_found(zhdj::msg::kNotFound);
    bool admin = who.can("dues.manage", found->org_path);
    bool self = who.member_id == found->member_id;
    if (!admin && !self) {
      if (!who.can("dues.read", found->org_path) && !who.can("members.read", found->org_path))
        throw errors::not_found(zhdj::msg::kNotFound);
      throw errors::forbidden(zhdj::msg::kForbidden);
    }
    auto person = *found;
    store::require_payer(person);
    if (!base_month_allowed(reassessment_of(tx, person.org_path), *month))
      throw errors::validation("effective_month",
                               fmt::format(fmt::runtime(msg::kYearlyOnly),
                                           static_cast<int>(month->year()) +
                                               (month->month() == std::chrono::January ? 0 : 1)));
    if (!admin &&
        tx.query_one("SELECT 1 FROM dues_bases WHERE member_id = ? AND status = 'pending'",
                     {person.member_id}))
      throw errors::conflict(msg::kPendingExists);
    auto id = tx.insert(
        "INSERT INTO dues_bases (member_id, kind, monthly_base_fen, effective_month, status, note, "
        "declared_by, declared_at, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        {person.member_id, kind_code(*kind), base, format_year_month(*month),
         admin ? "approved" : "pending", note, who.account_id, now,
         admin ? db::Value(who.account_id) : db::Value(), admin ? db::Value(now) : db::Value()});
    Quote q = quote(*kind, base);
    std::vector<store::Change> changes;
    if (admin)
      changes =
          store::reassess(tx, person.member_id, format_year_month(*month), store::kLastMonth, now);
    reassessed = store::changes_json(changes);
    audit::record(tx, actor_of(who),
                  {"dues.base_declare",
                   "dues_base",
                   std::to_string(id),
                   person.org_path,
                   {{"member_id", person.member_id},
                    {"kind", kind_code(*kind)},
                    {"monthly_base_fen", base},
                    {"effective_month", format_year_month(*month)},
                    {"amount_fen", q.amount_fen},
                    {"status", admin ? "approved" : "pending"},
                    {"reassessed", reassessed}}},
                  now);
    if (!admin)
      notices_.send(tx, auth::administrators_of(tx, "dues.manage", person.org_path, 3),
                    {"dues.base", fmt::format(fmt::runtime(msg::kNoticeDeclared), person.name),
                     fmt::format(fmt::runtime(msg::kNoticeDeclaredBody), format_year_month(*month),
                                 format_yuan(base), format_yuan(q.amount_fen)),
                     "/dues/bases"});
    return id;
  });
  return base_with_changes(id, reassessed);
}

json Service::bases(const auth::Principal& who, std::optional<std::int64_t> member_id) {
  if (!member_id) member_id = who.member_id;
  if (!member_id) throw errors::validation("member_id", msg::kMemberRequired);
  return db_.read_result([&](db::Tx& tx) {
    auto person = readable_person(tx, who, *member_id);
    json items = json::array();
    std::vector<DeclaredBase> approved;
    for (const auto& r : tx.query(
             std::string(kSelect) + "WHERE b.member_id = ? ORDER BY b.declared_at DESC, b.id DESC",
             {*member_id})) {
      items.push_back(base_json(r));
      if (r.str(6) == "approved")
        approved.push_back(
            {r.i64(0), parse_kind(r.str(3)).value_or(MemberKind::in_service), r.i64(4), r.str(5)});
    }
    json current = nullptr;
    if (auto in_force = base_in_force(approved, format_year_month(this_month())))
      for (const auto& item : items)
        if (item["id"] == in_force->id) current = item;
    return json{{"member_id", *member_id},
                {"member_name", person.name},
                {"month", format_year_month(this_month())},
                {"current", current},
                {"items", items}};
  });
}

json Service::pending(const auth::Principal& who, std::optional<std::int64_t> org_id) {
  return db_.read_result([&](db::Tx& tx) {
    auto scope = store::list_scope(tx, who, "dues.manage", org_id);
    json items = json::array();
    for (const auto& r : tx.query(std::string(kSelect) + "WHERE b.status = 'pending' AND " +
                                      scope.sql + " ORDER BY b.declared_at, b.id LIMIT 500",
                                  scope.params))
      items.push_back(base_json(r));
    return json{{"items", items}};
  });
}

json Service::decide(const auth::Principal& who, std::int64_t id, const json& b) {
  if (!b.contains("approve") || !b["approve"].is_boolean())
    throw errors::validation("approve", msg::kApproveFlag);
  bool approve = b["approve"].get<bool>();
  auto reason = input::optional_string(b, "reason", 200).value_or("");
  if (!approve && reason.empty()) throw errors::validation("reason", msg::kRejectReason);
  Instant now = clock_.now();
  json reassessed = json::array();
  db_.write([&](db::Tx& tx) {
    auto r = tx.query_one(std::string(kSelect) + "WHERE b.id = ?", {id});
    if (!r) throw errors::not_found(zhdj::msg::kNotFound);
    std::string path = r->str(13);
    if (!who.can("dues.manage", path)) {
      if (who.can("dues.read", path)) throw errors::forbidden(zhdj::msg::kForbidden);
      throw errors::not_found(zhdj::msg::kNotFound);
    }
    if (r->str(6) != "pending") throw errors::conflict(msg::kNotPending);
    tx.exec(
        "UPDATE dues_bases SET status = ?, decided_by = ?, decided_at = ?, reject_reason = ? "
        "WHERE id = ?",
        {approve ? "approved" : "rejected", who.account_id, now,
         approve ? db::Value() : db::Value(reason), id});
    if (approve)
      reassessed =
          store::changes_json(store::reassess(tx, r->i64(1), r->str(5), store::kLastMonth, now));
    audit::record(tx, actor_of(who),
                  {approve ? "dues.base_approve" : "dues.base_reject",
                   "dues_base",
                   std::to_string(id),
                   path,
                   {{"member_id", r->i64(1)}, {"reason", reason}, {"reassessed", reassessed}}},
                  now);
    if (auto p = members::directory::person(tx, r->i64(1)); p && p->account_id)
      notices_.send(tx, {*p->account_id},
                    {"dues.base", approve ? msg::kNoticeApproved : msg::kNoticeRejected,
                     approve ? fmt::format(fmt::runtime(msg::kNoticeApprovedBody), r->str(5),
                                           base_json(*r)["amount_yuan"].get<std::string>())
                             : reason,
                     "/dues/bases"});
  });
  return base_with_changes(id, reassessed);
}

json Service::base_with_changes(std::int64_t id, const json& reassessed) {
  json out = db_.read_result([&](db::Tx& tx) {
    return base_json(*tx.query_one(std::string(kSelect) + "WHERE b.id = ?", {id}));
  });
  out["reassessed"] = reassessed;
  return out;
}

json Service::generate_bills(const auth::Principal& who, const json& b) {
  auto org_id = input::optional_int(b, "org_id");
  if (!org_id) throw errors::validation("org_id", msg::kOrgRequired);
  auto month = parse_year_month(input::optional_string(b, "month", 7).value_or(""));
  if (!month) throw errors::validation("month", msg::kMonthFormat);
  YearMonth earliest = this_month() - std::chrono::months{12};
  if (*month < earliest || *month > this_month())
    throw errors::validation(
        "month", fmt::format(fmt::runtime(msg::kBillMonthRange), format_year_month(earliest),
                             format_year_month(this_month())));
  const std::string m = format_year_month(*month);
  Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto org = tx.query_one("SELECT path FROM orgs WHERE id = ?", {*org_id});
    if (!org) throw errors::not_found(zhdj::msg::kNotFound);
    std::string path = org->str(0);
    who.require("dues.manage", path);
    std::string upper = auth::path_upper_bound(path);
    std::map<std::int64_t, std::vector<DeclaredBase>> bases;
    for (const auto& r : tx.query(
             "SELECT b.id, b.member_id, b.kind, b.monthly_base_fen, b.effective_month FROM orgs o "
             "JOIN members p ON p.org_id = o.id JOIN dues_bases b ON b.member_id = p.id "
             "WHERE o.path >= ? AND o.path < ? AND b.status = 'approved' AND b.effective_month <= "
             "?",
             {path, upper, m}))
      bases[r.i64(1)].push_back(
          {r.i64(0), parse_kind(r.str(2)).value_or(MemberKind::in_service), r.i64(3), r.str(4)});
    std::map<std::int64_t, std::vector<Relief>> reliefs;
    for (const auto& r : tx.query(
             "SELECT r.id, r.member_id, r.monthly_fen, r.from_month, r.to_month FROM orgs o JOIN "
             "members p ON p.org_id = o.id JOIN dues_reliefs r ON r.member_id = p.id WHERE o.path "
             ">= ? AND o.path < ? AND r.status = 'approved' AND r.from_month <= ? AND r.to_month "
             ">= ?",
             {path, upper, m, m}))
      reliefs[r.i64(1)].push_back({r.i64(0), r.i64(2), r.str(3), r.str(4)});
    std::set<std::int64_t> billed;
    for (const auto& r : tx.query(
             "SELECT d.member_id FROM orgs o JOIN members p ON p.org_id = o.id JOIN dues_bills d "
             "ON d.member_id = p.id WHERE o.path >= ? AND o.path < ? AND d.month = ?",
             {path, upper, m}))
      billed.insert(r.i64(0));
    Policy policy;
    int created = 0, existing = 0, missing_total = 0;
    std::int64_t total_fen = 0;
    json missing = json::array();
    for (const auto& p : members::directory::party_members_under(tx, path)) {
      std::string joined = p.joined_on ? format_year_month(year_month_of(*p.joined_on)) : "";
      if (!owes_for(p.category, joined, m)) continue;
      if (billed.count(p.member_id)) {
        ++existing;
        continue;
      }
      auto a = assess(bases[p.member_id], reliefs[p.member_id], m, policy);
      if (!a) {
        if (missing.size() < 200)
          missing.push_back(
              {{"member_id", p.member_id}, {"name", p.name}, {"org_name", p.org_name}});
        ++missing_total;
        continue;
      }
      store::insert_bill(tx, p.member_id, p.org_id, m, *a, policy, now);
      ++created;
      total_fen += a->amount_fen;
    }
    audit::record(tx, actor_of(who),
                  {"dues.bills_generate",
                   "org",
                   std::to_string(*org_id),
                   path,
                   {{"month", m},
                    {"created", created},
                    {"existing", existing},
                    {"missing_base", missing_total},
                    {"amount_fen", total_fen}}},
                  now);
    return json{{"month", m},
                {"created", created},
                {"existing", existing},
                {"amount_fen", total_fen},
                {"amount_yuan", format_yuan(total_fen)},
                {"missing_base", missing},
                {"missing_total", missing_total}};
  });
}

json Service::bills(const auth::Principal& who, std::optional<std::int64_t> member_id) {
  if (!member_id) member_id = who.member_id;
  if (!member_id) throw errors::validation("member_id", msg::kMemberRequired);
  const std::string current = format_year_month(this_month());
  return db_.read_result([&](db::Tx& tx) {
    auto person = readable_person(tx, who, *member_id);
    json items = json::array();
    for (const auto& r : tx.query(
             "SELECT b.month, b.kind, b.monthly_base_fen, b.rate, b.amount_fen, b.policy, "
             "COALESCE(b.standard_fen, b.amount_fen), b.relief_id, b.reassessed_at, (SELECT "
             "COALESCE(SUM(a.amount_fen), 0) FROM dues_allocations a WHERE a.member_id = "
             "b.member_id AND a.month = b.month) FROM dues_bills b WHERE b.member_id = ? ORDER BY "
             "b.month DESC LIMIT 120",
             {*member_id})) {
      auto kind = parse_kind(r.str(1)).value_or(MemberKind::in_service);
      BillState state{r.str(0), r.i64(4), r.i64(9)};
      json item = {
          {"month", r.str(0)},
          {"kind", kind_code(kind)},
          {"kind_name", kind_name(kind)},
          {"monthly_base_fen", r.i64(2)},
          {"rate", r.str(3)},
          {"standard_fen", r.i64(6)},
          {"status", bill_status(state)},
          {"status_name", bill_status_name(bill_status(state))},
          {"ended", state.month < current},
          {"relief_id", r.is_null(7) ? json(nullptr) : json(r.i64(7))},
          {"policy", r.str(5)},
          {"reassessed_at", r.is_null(8) ? json(nullptr) : json(format_instant(r.i64(8)))}};
      store::put_money(item, "amount", state.amount_fen);
      store::put_money(item, "paid", state.paid_fen);
      store::put_money(item, "outstanding", state.outstanding());
      items.push_back(item);
    }
    return json{{"member_id", *member_id}, {"member_name", person.name}, {"items", items}};
  });
}

json Service::org_bills(const auth::Principal& who, std::int64_t org_id, const std::string& month) {
  auto ym = parse_year_month(month);
  if (!ym) throw errors::validation("month", msg::kMonthFormat);
  const std::string current = format_year_month(this_month());
  constexpr int kMax = 5000;
  return db_.read_result([&](db::Tx& tx) {
    auto scope = store::list_scope(tx, who, "dues.read", org_id);
    db::Params params{format_year_month(*ym)};
    params.insert(params.end(), scope.params.begin(), scope.params.end());
    params.push_back(kMax + 1);
    json items = json::array();
    for (const auto& r : tx.query(
             "SELECT b.member_id, m.name, o.id, o.name, b.kind, b.amount_fen, (SELECT "
             "COALESCE(SUM(a.amount_fen), 0) FROM dues_allocations a WHERE a.member_id = "
             "b.member_id AND a.month = b.month), b.relief_id FROM dues_bills b JOIN orgs o ON "
             "o.id = b.org_id JOIN members m ON m.id = b.member_id WHERE b.month = ? AND " +
                 scope.sql + " ORDER BY m.name_sort, b.member_id LIMIT ?",
             params)) {
      auto kind = parse_kind(r.str(4)).value_or(MemberKind::in_service);
      BillState state{format_year_month(*ym), r.i64(5), r.i64(6)};
      json item = {{"member_id", r.i64(0)},
                   {"member_name", r.str(1)},
                   {"org_id", r.i64(2)},
                   {"org_name", r.str(3)},
                   {"month", format_year_month(*ym)},
                   {"kind", kind_code(kind)},
                   {"kind_name", kind_name(kind)},
                   {"status", bill_status(state)},
                   {"status_name", bill_status_name(bill_status(state))},
                   {"ended", state.month < current},
                   {"relief_id", r.is_null(7) ? json(nullptr) : json(r.i64(7))}};
      store::put_money(item, "amount", state.amount_fen);
      store::put_money(item, "paid", state.paid_fen);
      store::put_money(item, "outstanding", state.outstanding());
      items.push_back(std::move(item));
    }
    bool truncated = items.size() > static_cast<size_t>(kMax);
    if (truncated) items.erase(items.end() - 1);
    return json{{"org_id", org_id},
                {"month", format_year_month(*ym)},
                {"items", items},
                {"truncated", truncated}};
  });
}

}  // namespace zhdj::dues
