#include "dues/store.hpp"

#include "common/error.hpp"
#include "common/messages.hpp"
#include "dues/messages.hpp"
#include "members/codes.hpp"
#include "org/directory.hpp"

namespace zhdj::dues::store {

namespace {
constexpr const char* kUnpaidBills =
    "SELECT b.month, b.amount_fen, b.base_id, b.relief_id FROM dues_bills b WHERE b.member_id = ? "
    "AND b.month >= ? AND b.month <= ? AND NOT EXISTS (SELECT 1 FROM dues_allocations a WHERE "
    "a.member_id = b.member_id AND a.month = b.month) ORDER BY b.month";
}  // namespace

Person readable_person(db::Tx& tx, const auth::Principal& who, std::int64_t member_id) {
  auto person = members::directory::person(tx, member_id);
  if (!person || (who.member_id != person->member_id && !who.can("dues.read", person->org_path)))
    throw errors::not_found(zhdj::msg::kNotFound);
  return *person;
}

Person managed_person(db::Tx& tx, const auth::Principal& who, std::int64_t member_id) {
  auto person = members::directory::person(tx, member_id);
  if (!person) throw errors::not_found(zhdj::msg::kNotFound);
  if (!who.can("dues.manage", person->org_path)) {
    if (who.member_id == person->member_id || who.can("dues.read", person->org_path))
      throw errors::forbidden(zhdj::msg::kForbidden);
    throw errors::not_found(zhdj::msg::kNotFound);
  }
  return *person;
}

void require_payer(const Person& p) {
  if (!members::is_party_member(p.category) || p.status != "active")
    throw errors::conflict(msg::kNotPartyMember);
}

org::Org scoped_org(db::Tx& tx, const auth::Principal& who, std::optional<std::int64_t> org_id,
                    std::string_view capability) {
  if (!org_id) {
    auto scope = who.scope(capability);
    if (scope.empty()) throw errors::not_found(zhdj::msg::kNotFound);
    auto r = tx.query_one("SELECT id FROM orgs WHERE path = ?", {scope.front()});
    if (!r) throw errors::not_found(zhdj::msg::kNotFound);
    org_id = r->i64(0);
  }
  auto node = org::directory::find(tx, *org_id);
  if (!node) throw errors::not_found(zhdj::msg::kNotFound);
  who.require(capability, node->org.path);
  return node->org;
}

auth::ScopeFilter list_scope(db::Tx& tx, const auth::Principal& who, std::string_view capability,
                             std::optional<std::int64_t> org_id) {
  auto scope = auth::scope_filter(who, capability, "o.path");
  scope.sql = "(" + scope.sql + ")";
  if (org_id) {
    auto org = scoped_org(tx, who, org_id, capability);
    scope.sql += " AND o.path >= ? AND o.path < ?";
    scope.params.insert(scope.params.end(), {org.path, auth::path_upper_bound(org.path)});
  }
  return scope;
}

std::string branch_path_of(db::Tx& tx, const std::string& org_path) {
  auto r = tx.query_one(
      "SELECT path FROM orgs WHERE kind = 'branch' AND ? >= path AND substr(?, 1, length(path)) = "
      "path ORDER BY length(path) DESC LIMIT 1",
      {org_path, org_path});
  return r ? r->str(0) : org_path;
}

std::vector<DeclaredBase> approved_bases(db::Tx& tx, std::int64_t member_id) {
  std::vector<DeclaredBase> out;
  for (const auto& r : tx.query(
           "SELECT id, kind, monthly_base_fen, effective_month FROM dues_bases WHERE member_id = ? "
           "AND status = 'approved'",
           {member_id}))
    out.push_back(
        {r.i64(0), parse_kind(r.str(1)).value_or(MemberKind::in_service), r.i64(2), r.str(3)});
  return out;
}

std::vector<Relief> approved_reliefs(db::Tx& tx, std::int64_t member_id) {
  std::vector<Relief> out;
  for (const auto& r : tx.query(
           "SELECT id, monthly_fen, from_month, to_month FROM dues_reliefs WHERE member_id = ? AND "
           "status = 'approved'",
           {member_id}))
    out.push_back({r.i64(0), r.i64(1), r.str(2), r.str(3)});
  return out;
}

std::vector<BillState> ledger(db::Tx& tx, std::int64_t member_id) {
  std::vector<BillState> out;
  for (const auto& r :
       tx.query("SELECT b.month, b.amount_fen, (SELECT COALESCE(SUM(a.amount_fen), 0) FROM "
                "dues_allocations a WHERE a.member_id = b.member_id AND a.month = b.month) FROM "
                "dues_bills b WHERE b.member_id = ? ORDER BY b.month",
                {member_id}))
    out.push_back({r.str(0), r.i64(1), r.i64(2)});
  return out;
}

void insert_bill(db::Tx& tx, std::int64_t member_id, std::int64_t org_id, const std::string& month,
                 const Assessment& a, const Policy& policy, Instant now) {
  tx.exec(
      "INSERT INTO dues_bills (member_id, month, org_id, base_id, kind, monthly_base_fen, rate, "
      "standard_fen, amount_fen, relief_id, policy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?)",
      {member_id, month, org_id, a.base.id, kind_code(a.base.kind), a.base.monthly_base_fen,
       a.quote.rate, a.quote.amount_fen, a.amount_fen, a.relief_id, policy.version, now});
}

Billed bill_member(db::Tx& tx, const Person& p, const std::string& month, Instant now) {
  std::string joined = p.joined_on ? format_year_month(year_month_of(*p.joined_on)) : "";
  if (!owes_for(p.category, joined, month)) return Billed::not_owed;
  if (tx.query_one("SELECT 1 FROM dues_bills WHERE member_id = ? AND month = ?",
                   {p.member_id, month}))
    return Billed::existing;
  Policy policy;
  auto a =
      assess(approved_bases(tx, p.member_id), approved_reliefs(tx, p.member_id), month, policy);
  if (!a) return Billed::no_base;
  insert_bill(tx, p.member_id, p.org_id, month, *a, policy, now);
  return Billed::created;
}

std::vector<Change> reassess(db::Tx& tx, std::int64_t member_id, const std::string& from_month,
                             const std::string& to_month, Instant now) {
  std::vector<Change> changes;
  auto unpaid = tx.query(kUnpaidBills, {member_id, from_month, to_month});
  if (unpaid.empty()) return changes;
  auto bases = approved_bases(tx, member_id);
  auto reliefs = approved_reliefs(tx, member_id);
  Policy policy;
  for (const auto& r : unpaid) {
    auto a = assess(bases, reliefs, r.str(0), policy);
    if (!a) continue;  // no base in force then: the bill keeps what it was made from
    if (a->amount_fen == r.i64(1) && a->base.id == r.i64(2) && a->relief_id == r.opt_i64(3))
      continue;
    tx.exec(
        "UPDATE dues_bills SET base_id = ?, kind = ?, monthly_base_fen = ?, rate = ?, "
        "standard_fen = ?, amount_fen = ?, relief_id = ?, policy = ?, reassessed_at = ? WHERE "
        "member_id = ? AND month = ?",
        {a->base.id, kind_code(a->base.kind), a->base.monthly_base_fen, a->quote.rate,
         a->quote.amount_fen, a->amount_fen, a->relief_id, policy.version, now, member_id,
         r.str(0)});
    changes.push_back({r.str(0), r.i64(1), a->amount_fen});
  }
  return changes;
}

nlohmann::json changes_json(const std::vector<Change>& changes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : changes) {
    nlohmann::json j = {{"month", c.month}};
    put_money(j, "before", c.before_fen);
    put_money(j, "after", c.after_fen);
    out.push_back(j);
  }
  return out;
}

void put_money(nlohmann::json& j, const std::string& name, std::int64_t fen) {
  j[name + "_fen"] = fen;
  j[name + "_yuan"] = format_yuan(fen);
}

}  // namespace zhdj::dues::store
