#include "dues/reliefs.hpp"

#include <fmt/format.h>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "auth/grants.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "dues/fields.hpp"
#include "dues/messages.hpp"
#include "dues/rules.hpp"
#include "dues/store.hpp"
#include "http/api.hpp"

namespace zhdj::dues {

using audit::actor_of;
using nlohmann::json;

namespace {

constexpr const char* kSelect =
    "SELECT r.id, r.member_id, p.name, o.name, r.kind, r.monthly_fen, r.from_month, r.to_month, "
    "r.reason, r.status, ra.name, r.requested_at, ba.name, r.branch_decided_at, r.branch_note, "
    "aa.name, r.approved_at, r.approval_note, xa.name, r.rejected_at, r.reject_reason, "
    "r.rejected_step, o.path, r.branch_decided_by, r.requested_by, p.account_id "
    "FROM dues_reliefs r JOIN members p ON p.id = r.member_id JOIN orgs o ON o.id = p.org_id "
    "JOIN accounts ra ON ra.id = r.requested_by LEFT JOIN accounts ba ON ba.id = "
    "r.branch_decided_by LEFT JOIN accounts aa ON aa.id = r.approved_by LEFT JOIN accounts xa ON "
    "xa.id = r.rejected_by ";
enum Col { kPath = 22, kBranchDecidedBy = 23, kRequestedBy = 24, kAccount = 25 };

// Months a relief may cover at once.
constexpr int kMaxReliefMonths = 24;

const char* status_name(const std::string& s) {
  if (s == "branch_review") return "待支部决定";
  if (s == "approval_review") return "待上级审批";
  if (s == "approved") return "已批准";
  return "未批准";
}

// Whether the caller may take the relief's next step: the branch's decision needs dues.manage
// granted at the member's branch itself; the higher approval needs it granted at a strict
// ancestor of the branch, by someone other than the branch's decider.
enum class Refusal { none, not_branch, not_higher, same_person, own, closed };
Refusal may_decide(const auth::Principal& who, std::int64_t member_id, const std::string& status,
                   const std::string& branch_path, std::optional<std::int64_t> branch_decider) {
  if (status != "branch_review" && status != "approval_review") return Refusal::closed;
  if (who.member_id == member_id) return Refusal::own;  // nobody decides their own relief
  if (status == "branch_review") {
    for (const auto& g : who.grants)
      if (g.has("dues.manage") && g.org_path == branch_path) return Refusal::none;
    return Refusal::not_branch;
  }
  bool higher = false;
  for (const auto& g : who.grants)
    if (g.has("dues.manage") && g.org_path != branch_path &&
        auth::is_under(branch_path, g.org_path))
      higher = true;
  if (!higher) return Refusal::not_higher;
  if (branch_decider == who.account_id) return Refusal::same_person;
  return Refusal::none;
}

json relief_json(db::Tx& tx, const auth::Principal& who, const db::Row& r) {
  auto opt_str = [&](size_t i) { return r.is_null(i) ? json(nullptr) : json(r.str(i)); };
  auto opt_time = [&](size_t i) {
    return r.is_null(i) ? json(nullptr) : json(format_instant(r.i64(i)));
  };
  bool open = r.str(9) == "branch_review" || r.str(9) == "approval_review";
  bool can_decide = open && who.can("dues.manage", r.str(kPath)) &&
                    may_decide(who, r.i64(1), r.str(9), store::branch_path_of(tx, r.str(kPath)),
                               r.opt_i64(kBranchDecidedBy)) == Refusal::none;
  json j = {{"id", r.i64(0)},
            {"member_id", r.i64(1)},
            {"member_name", r.str(2)},
            {"org_name", r.str(3)},
            {"kind", r.str(4)},
            {"kind_name", r.str(4) == "exemption" ? msg::kReliefExemption : msg::kReliefReduction},
            {"from_month", r.str(6)},
            {"to_month", r.str(7)},
            {"reason", r.str(8)},
            {"status", r.str(9)},
            {"status_name", status_name(r.str(9))},
            {"requested_by_name", r.str(10)},
            {"requested_at", format_instant(r.i64(11))},
            {"branch_decided_by_name", opt_str(12)},
            {"branch_decided_at", opt_time(13)},
            {"branch_note", opt_str(14)},
            {"approved_by_name", opt_str(15)},
            {"approved_at", opt_time(16)},
            {"approval_note", opt_str(17)},
            {"rejected_by_name", opt_str(18)},
            {"rejected_at", opt_time(19)},
            {"reject_reason", opt_str(20)},
            {"rejected_step", opt_str(21)},
            {"can_decide", can_decide}};
  store::put_money(j, "monthly", r.i64(5));
  return j;
}

json relief_by_id(db::Tx& tx, const auth::Principal& who, std::int64_t id) {
  return relief_json(tx, who, *tx.query_one(std::string(kSelect) + "WHERE r.id = ?", {id}));
}

// What a relief grants, for notices: "免缴" or "每月减为 10.00 元".
std::string terms(const std::string& kind, std::int64_t monthly_fen) {
  if (kind == "exemption") return msg::kReliefExemption;
  return fmt::format(fmt::runtime(msg::kReliefReducedTo), format_yuan(monthly_fen));
}

// "/1/7/42/" → "/1/7/"; "" for a root.
std::string parent_path(const std::string& path) {
  if (path.size() < 2) return "";
  auto slash = path.rfind('/', path.size() - 2);
  return slash == std::string::npos || slash == 0 ? "" : path.substr(0, slash + 1);
}

}  // namespace

json ReliefService::request(const auth::Principal& who, const json& b) {
  auto member_id = http::input::optional_int(b, "member_id");
  if (!member_id) member_id = who.member_id;
  if (!member_id) throw errors::validation("member_id", msg::kMemberRequired);
  auto kind = http::input::optional_string(b, "kind", 20).value_or("");
  if (kind != "reduction" && kind != "exemption")
    throw errors::validation("kind", msg::kReliefKind);
  std::int64_t monthly = 0;
  if (kind == "reduction") {
    auto fen = fields::optional_fen(b, "monthly_fen", 1, kMaxBaseFen);
    if (!fen) throw errors::validation("monthly_fen", msg::kReliefAmount);
    monthly = *fen;
  } else if (fields::optional_fen(b, "monthly_fen", 0, 0).value_or(0) != 0) {
    throw errors::validation("monthly_fen", msg::kReliefAmount);
  }
  YearMonth from = fields::required_month(b, "from_month");
  YearMonth to = fields::required_month(b, "to_month");
  YearMonth earliest = dues_.this_month() - std::chrono::months{12};
  if (from < earliest)
    throw errors::validation("from_month", fmt::format(fmt::runtime(msg::kReliefFromRange),
                                                       format_year_month(earliest)));
  if (to < from) throw errors::validation("to_month", msg::kReliefToBeforeFrom);
  if (to > from + std::chrono::months{kMaxReliefMonths - 1})
    throw errors::validation("to_month",
                             fmt::format(fmt::runtime(msg::kReliefTooLong), kMaxReliefMonths));
  auto reason = http::input::required_string(b, "reason", 500);
  const std::string from_m = format_year_month(from), to_m = format_year_month(to);
  Instant now = dues_.clock().now();
  auto id = dues_.db().write_result([&](db::Tx& tx) {
    auto person = members::directory::person(tx, *member_id);
    if (!person) throw errors::not_found(zhdj::msg::kNotFound);
    if (who.member_id != person->member_id)
      person = store::managed_person(tx, who, *member_id);  // someone else's: an administrator
    store::require_payer(*person);
    if (tx.query_one("SELECT 1 FROM dues_reliefs WHERE member_id = ? AND status IN "
                     "('branch_review', 'approval_review', 'approved') AND from_month <= ? AND "
                     "to_month >= ?",
                     {person->member_id, to_m, from_m}))
      throw errors::conflict(msg::kReliefOverlap, "from_month");
    auto id = tx.insert(
        "INSERT INTO dues_reliefs (member_id, kind, monthly_fen, from_month, to_month, reason, "
        "status, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, 'branch_review', ?, ?) "
        "RETURNING id",
        {person->member_id, kind, monthly, from_m, to_m, reason, who.account_id, now});
    audit::record(tx, actor_of(who),
                  {"dues.relief_request",
                   "dues_relief",
                   std::to_string(id),
                   person->org_path,
                   {{"member_id", person->member_id},
                    {"kind", kind},
                    {"monthly_fen", monthly},
                    {"from_month", from_m},
                    {"to_month", to_m},
                    {"reason", reason}}},
                  now);
    dues_.notices().send(
        tx,
        auth::administrators_of(tx, "dues.manage", store::branch_path_of(tx, person->org_path), 3),
        {"dues.relief", fmt::format(fmt::runtime(msg::kNoticeReliefBranch), person->name),
         fmt::format(fmt::runtime(msg::kNoticeReliefBody), from_m, to_m, terms(kind, monthly)),
         "/dues/reliefs"});
    return id;
  });
  return dues_.db().read_result([&](db::Tx& tx) { return relief_by_id(tx, who, id); });
}

json ReliefService::list(const auth::Principal& who, std::optional<std::int64_t> member_id) {
  if (!member_id) member_id = who.member_id;
  if (!member_id) throw errors::validation("member_id", msg::kMemberRequired);
  return dues_.db().read_result([&](db::Tx& tx) {
    auto person = store::readable_person(tx, who, *member_id);
    json items = json::array();
    for (const auto& r : tx.query(
             std::string(kSelect) + "WHERE r.member_id = ? ORDER BY r.requested_at DESC, r.id DESC",
             {*member_id}))
      items.push_back(relief_json(tx, who, r));
    return json{{"member_id", *member_id}, {"member_name", person.name}, {"items", items}};
  });
}

json ReliefService::pending(const auth::Principal& who, std::optional<std::int64_t> org_id) {
  return dues_.db().read_result([&](db::Tx& tx) {
    auto scope = store::list_scope(tx, who, "dues.manage", org_id);
    json items = json::array();
    for (const auto& r : tx.query(
             std::string(kSelect) + "WHERE r.status IN ('branch_review', 'approval_review') AND " +
                 scope.sql + " ORDER BY r.requested_at, r.id LIMIT 500",
             scope.params)) {
      json item = relief_json(tx, who, r);
      if (item["can_decide"].get<bool>()) items.push_back(std::move(item));
    }
    return json{{"items", items}};
  });
}

json ReliefService::decide(const auth::Principal& who, std::int64_t id, const json& b) {
  if (!b.contains("approve") || !b["approve"].is_boolean())
    throw errors::validation("approve", msg::kApproveFlag);
  bool approve = b["approve"].get<bool>();
  auto reason = http::input::optional_string(b, "reason", 500).value_or("");
  if (!approve && reason.empty()) throw errors::validation("reason", msg::kRejectReason);
  Instant now = dues_.clock().now();
  json reassessed = json::array();
  dues_.db().write([&](db::Tx& tx) {
    auto r = tx.query_one(std::string(kSelect) + "WHERE r.id = ?", {id});
    if (!r) throw errors::not_found(zhdj::msg::kNotFound);
    const std::string path = r->str(kPath), status = r->str(9);
    if (!who.can("dues.manage", path)) {
      if (who.can("dues.read", path) || who.member_id == r->i64(1))
        throw errors::forbidden(zhdj::msg::kForbidden);
      throw errors::not_found(zhdj::msg::kNotFound);
    }
    const std::string branch = store::branch_path_of(tx, path);
    switch (may_decide(who, r->i64(1), status, branch, r->opt_i64(kBranchDecidedBy))) {
      case Refusal::none:
        break;
      case Refusal::closed:
        throw errors::conflict(msg::kNotPending);
      case Refusal::not_branch:
        throw errors::forbidden(msg::kReliefBranchOnly);
      case Refusal::not_higher:
        throw errors::forbidden(msg::kReliefHigherOnly);
      case Refusal::same_person:
        throw errors::forbidden(msg::kReliefSamePerson);
      case Refusal::own:
        throw errors::forbidden(msg::kReliefOwn);
    }
    const bool branch_step = status == "branch_review";
    const std::string member_name = r->str(2), from = r->str(6), to = r->str(7);
    std::string action;
    std::vector<std::int64_t> tell;  // who hears about it
    notify::Notice notice{"dues.relief", "", "", "/dues/reliefs"};
    if (!approve) {
      tx.exec(
          "UPDATE dues_reliefs SET status = 'rejected', rejected_by = ?, rejected_at = ?, "
          "reject_reason = ?, rejected_step = ? WHERE id = ?",
          {who.account_id, now, reason, branch_step ? "branch" : "approval", id});
      action = branch_step ? "dues.relief_branch_reject" : "dues.relief_reject";
      notice.title = msg::kNoticeReliefRejected;
      notice.body = reason;
    } else if (branch_step) {
      tx.exec(
          "UPDATE dues_reliefs SET status = 'approval_review', branch_decided_by = ?, "
          "branch_decided_at = ?, branch_note = ? WHERE id = ?",
          {who.account_id, now, reason, id});
      action = "dues.relief_branch_approve";
      if (auto parent = parent_path(branch); !parent.empty())
        tell = auth::administrators_of(tx, "dues.manage", parent, 1);
      notice.title = fmt::format(fmt::runtime(msg::kNoticeReliefHigher), member_name);
      notice.body =
          fmt::format(fmt::runtime(msg::kNoticeReliefBody), from, to, terms(r->str(4), r->i64(5)));
    } else {
      tx.exec(
          "UPDATE dues_reliefs SET status = 'approved', approved_by = ?, approved_at = ?, "
          "approval_note = ? WHERE id = ?",
          {who.account_id, now, reason, id});
      reassessed = store::changes_json(store::reassess(tx, r->i64(1), from, to, now));
      action = "dues.relief_approve";
      notice.title = msg::kNoticeReliefApproved;
      notice.body = fmt::format(fmt::runtime(msg::kNoticeReliefApprovedBody), from, to);
    }
    if (!approve || !branch_step) {  // the outcome: the member and whoever asked
      if (auto account = r->opt_i64(kAccount)) tell.push_back(*account);
      if (r->i64(kRequestedBy) != r->opt_i64(kAccount)) tell.push_back(r->i64(kRequestedBy));
    }
    audit::record(tx, actor_of(who),
                  {action,
                   "dues_relief",
                   std::to_string(id),
                   path,
                   {{"member_id", r->i64(1)},
                    {"step", branch_step ? "branch" : "approval"},
                    {"reason", reason},
                    {"reassessed", reassessed}}},
                  now);
    dues_.notices().send(tx, tell, notice);
  });
  json out = dues_.db().read_result([&](db::Tx& tx) { return relief_by_id(tx, who, id); });
  out["reassessed"] = reassessed;
  return out;
}

}  // namespace zhdj::dues
