#include "members/transfers.hpp"

#include <fmt/format.h>

#include <set>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "common/text.hpp"
#include "doc/html.hpp"
#include "doc/pdf.hpp"
#include "members/codes.hpp"
#include "members/personal.hpp"
#include "members/events.hpp"
#include "members/messages.hpp"
#include "members/service.hpp"
#include "members/store.hpp"

namespace zhdj::members {

using audit::actor_of;

namespace {

constexpr const char* kSelect =
    "SELECT t.id, t.direction, t.status, t.member_id, t.member_name, t.from_org_id, fo.name, "
    "t.to_org_id, tor.name, t.outside_unit, t.reason, t.requested_by, ra.name, t.requested_at, "
    "t.approved_at, t.closed_at, t.reject_reason, t.letter_year, t.letter_no, "
    "t.letter_issued_on, t.letter_valid_until, t.receipt_on, t.incoming_letter_no, t.from_path, "
    "t.to_path FROM transfers t LEFT JOIN orgs fo ON fo.id = t.from_org_id "
    "LEFT JOIN orgs tor ON tor.id = t.to_org_id JOIN accounts ra ON ra.id = t.requested_by ";

struct Transfer {
  std::int64_t id = 0;
  std::string direction, status;
  std::optional<std::int64_t> member_id;
  std::string member_name;
  std::optional<std::int64_t> from_org_id, to_org_id;
  std::string from_name, to_name, outside_unit, reason;
  std::int64_t requested_by = 0;
  std::string from_path, to_path;
  std::optional<std::int64_t> letter_year, letter_no;
  std::string issued_on, valid_until, receipt_on, incoming_letter_no;
  nlohmann::json json;
};

Transfer from_row(const db::Row& r, Date today) {
  Transfer t;
  auto opt = [&](size_t i) {
    return r.is_null(i) ? nlohmann::json(nullptr) : nlohmann::json(r.str(i));
  };
  auto opt_i = [&](size_t i) {
    return r.is_null(i) ? nlohmann::json(nullptr) : nlohmann::json(r.i64(i));
  };
  t.id = r.i64(0);
  t.direction = r.str(1);
  t.status = r.str(2);
  t.member_id = r.opt_i64(3);
  t.member_name = r.str(4);
  t.from_org_id = r.opt_i64(5);
  t.from_name = r.opt_str(6).value_or("");
  t.to_org_id = r.opt_i64(7);
  t.to_name = r.opt_str(8).value_or("");
  t.outside_unit = r.opt_str(9).value_or("");
  t.reason = r.str(10);
  t.requested_by = r.i64(11);
  t.letter_year = r.opt_i64(17);
  t.letter_no = r.opt_i64(18);
  t.issued_on = r.opt_str(19).value_or("");
  t.valid_until = r.opt_str(20).value_or("");
  t.receipt_on = r.opt_str(21).value_or("");
  t.incoming_letter_no = r.opt_str(22).value_or("");
  t.from_path = r.opt_str(23).value_or("");
  t.to_path = r.opt_str(24).value_or("");
  std::string serial = t.letter_no ? fmt::format("{}-{:04d}", *t.letter_year, *t.letter_no) : "";
  auto valid = parse_date(t.valid_until);
  bool expired = t.direction == "outgoing" && t.status == "approved" && valid &&
                 std::chrono::sys_days(*valid) < std::chrono::sys_days(today);
  static const std::map<std::string, std::string> kDirection{
      {"internal", "校内转接"}, {"outgoing", "转出校外"}, {"incoming", "从校外转入"}};
  t.json = {{"id", t.id},
            {"direction", t.direction},
            {"direction_name", kDirection.at(t.direction)},
            {"status", t.status},
            {"status_name", name_of(codes::transfer_status, t.status)},
            {"member_id", opt_i(3)},
            {"member_name", t.member_name},
            {"from_org_id", opt_i(5)},
            {"from_org_name", opt(6)},
            {"to_org_id", opt_i(7)},
            {"to_org_name", opt(8)},
            {"outside_unit", opt(9)},
            {"reason", t.reason},
            {"requested_by_name", r.str(12)},
            {"requested_at", format_instant(r.i64(13))},
            {"approved_at",
             r.is_null(14) ? nlohmann::json(nullptr) : nlohmann::json(format_instant(r.i64(14)))},
            {"closed_at",
             r.is_null(15) ? nlohmann::json(nullptr) : nlohmann::json(format_instant(r.i64(15)))},
            {"reject_reason", opt(16)},
            {"letter_serial", serial.empty() ? nlohmann::json(nullptr) : nlohmann::json(serial)},
            {"letter_issued_on", opt(19)},
            {"letter_valid_until", opt(20)},
            {"letter_expired", expired},
            {"receipt_on", opt(21)},
            {"incoming_letter_no", opt(22)}};
  return t;
}

std::optional<Transfer> load(db::Tx& tx, std::int64_t id, Date today) {
  auto r = tx.query_one(std::string(kSelect) + "WHERE t.id = ?", {id});
  if (!r) return std::nullopt;
  return from_row(*r, today);
}

bool may_see(const auth::Principal& who, const Transfer& t) {
  return (!t.from_path.empty() && who.can("members.read", t.from_path)) ||
         (!t.to_path.empty() && who.can("members.read", t.to_path)) ||
         who.account_id == t.requested_by || (t.member_id && who.member_id == t.member_id);
}

Transfer require_visible(db::Tx& tx, const auth::Principal& who, std::int64_t id, Date today) {
  auto t = load(tx, id, today);
  if (!t || !may_see(who, *t)) throw errors::not_found(zhdj::msg::kNotFound);
  return *t;
}

void require_turn(const auth::Principal& who, const std::string& path) {
  if (!who.can("members.manage", path)) throw errors::forbidden(zhdj::msg::kForbidden);
}

ApiError wrong_state(const Transfer& t) {
  return errors::conflict(
      fmt::format(fmt::runtime(msg::kTransferState), name_of(codes::transfer_status, t.status)));
}

std::string required_text(const nlohmann::json& b, const char* field, size_t max,
                          const char* message) {
  std::string v;
  if (b.contains(field) && b[field].is_string()) v = text::normalize(b[field].get<std::string>());
  if (v.empty()) throw errors::validation(field, message);
  if (text::length(v) > max)
    throw errors::validation(field, fmt::format(fmt::runtime(msg::kTooLong), max));
  return v;
}

void notify(Service& registry, db::Tx& tx, const std::vector<std::int64_t>& accounts,
            const std::string& title, const std::string& body, std::int64_t transfer_id) {
  if (accounts.empty()) return;
  registry.notices().send(
      tx, accounts,
      {"transfer", title, body, "/registry/transfers/" + std::to_string(transfer_id)});
}

}  // namespace

nlohmann::json TransferService::request(const auth::Principal& who, const nlohmann::json& b) {
  std::string direction = b.contains("direction") && b["direction"].is_string()
                              ? b["direction"].get<std::string>()
                              : "";
  if (direction != "internal" && direction != "outgoing" && direction != "incoming")
    throw errors::validation("direction", msg::kTransferDirection);
  std::string reason = required_text(b, "reason", 500, msg::kReasonRequired);
  const Date today = registry_.today();
  const Instant now = registry_.clock().now();

  if (direction == "incoming") {
    if (!b.contains("to_org_id") || !b["to_org_id"].is_number_integer())
      throw errors::validation("to_org_id", msg::kTransferTarget);
    std::string outside = required_text(b, "outside_unit", 100, msg::kTransferDestination);
    std::string letter_no = required_text(b, "incoming_letter_no", 40, msg::kTransferLetterNo);
    if (!b.contains("person") || !b["person"].is_object())
      throw errors::validation("person", msg::kNameRequired);
    // The person's record, checked now so the confirmation cannot fail on bad data.
    Values person;
    for (const auto& [k, v] : b["person"].items()) {
      const Field* f = find_field(k);
      if (!f || !f->editable)
        throw errors::validation(k, fmt::format(fmt::runtime(msg::kUnknownField), k));
      if (!v.is_string() && !v.is_null()) throw errors::validation(k, msg::kFieldMustBeText);
      std::string problem;
      auto c = canonical(*f, v.is_string() ? v.get<std::string>() : "", today, &problem);
      if (!c) throw errors::validation(k, problem);
      person[k] = *c;
    }
    if (!is_party_member(person["category"])) person["category"] = "full";
    auto errs = check_record(person, today);
    if (!errs.empty()) throw errors::validation(errs.front().field, errs.front().message);
    return registry_.db().write_result([&](db::Tx& tx) {
      auto org = tx.query_one("SELECT path, kind FROM orgs WHERE id = ?",
                              {b["to_org_id"].get<std::int64_t>()});
      if (!org) throw errors::not_found(zhdj::msg::kNotFound);
      who.require("members.manage", org->str(0));
      if (org->str(1) != "branch" && org->str(1) != "party_group")
        throw errors::validation("to_org_id", msg::kNotABranch);
      if (!person["id_number"].empty())
        if (auto other = store::find_by_id_number(tx, registry_.key(), person["id_number"])) {
          auto st = tx.query_one("SELECT status FROM members WHERE id = ?", {*other});
          if (st->str(0) != "transferred_out")
            throw errors::conflict(msg::kDuplicateIdElsewhere, "id_number");
        }
      nlohmann::json sealed(person);
      auto id = tx.insert(
          "INSERT INTO transfers (direction, status, member_name, to_org_id, to_path, "
          "outside_unit, "
          "reason, person, requested_by, requested_at, incoming_letter_no) VALUES ('incoming', "
          "'requested', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {person["name"], b["to_org_id"].get<std::int64_t>(), org->str(0), outside, reason,
           db::Blob(registry_.key().encrypt(sealed.dump())), who.account_id, now, letter_no});
      audit::record(tx, actor_of(who),
                    {"transfer.request",
                     "transfer",
                     std::to_string(id),
                     org->str(0),
                     {{"direction", "incoming"}, {"name", person["name"]}, {"from", outside}}},
                    now);
      return load(tx, id, today)->json;
    });
  }

  if (!b.contains("member_id") || !b["member_id"].is_number_integer())
    throw errors::validation("member_id", zhdj::msg::kRequired);
  const std::int64_t member_id = b["member_id"].get<std::int64_t>();
  std::optional<std::int64_t> to_org;
  std::string outside;
  if (direction == "internal") {
    if (!b.contains("to_org_id") || !b["to_org_id"].is_number_integer())
      throw errors::validation("to_org_id", msg::kTransferTarget);
    to_org = b["to_org_id"].get<std::int64_t>();
  } else {
    outside = required_text(b, "outside_unit", 100, msg::kTransferDestination);
  }
  return registry_.db().write_result([&](db::Tx& tx) {
    auto m = tx.query_one(
        "SELECT m.name, m.status, m.org_id, o.path FROM members m JOIN orgs o ON o.id = m.org_id "
        "WHERE m.id = ?",
        {member_id});
    if (!m) throw errors::not_found(zhdj::msg::kNotFound);
    bool self = who.member_id && *who.member_id == member_id;
    if (!self) who.require("members.manage", m->str(3));
    if (m->str(1) != "active") throw errors::conflict(msg::kTransferNotActive);
    if (tx.query_one("SELECT 1 FROM transfers WHERE member_id = ? AND status IN ('requested', "
                     "'approved')",
                     {member_id}))
      throw errors::conflict(msg::kTransferPending);
    std::string to_path;
    if (to_org) {
      auto o = tx.query_one("SELECT path, kind FROM orgs WHERE id = ?", {*to_org});
      if (!o) throw errors::validation("to_org_id", msg::kTransferTarget);
      if (o->str(1) != "branch" && o->str(1) != "party_group")
        throw errors::validation("to_org_id", msg::kNotABranch);
      if (*to_org == m->i64(2)) throw errors::validation("to_org_id", msg::kTransferSameOrg);
      to_path = o->str(0);
    }
    auto id = tx.insert(
        "INSERT INTO transfers (direction, status, member_id, member_name, from_org_id, from_path, "
        "to_org_id, to_path, outside_unit, reason, requested_by, requested_at) VALUES (?, "
        "'requested', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {direction, member_id, m->str(0), m->i64(2), m->str(3), to_org,
         to_path.empty() ? db::Value() : db::Value(to_path),
         outside.empty() ? db::Value() : db::Value(outside), reason, who.account_id, now});
    audit::record(tx, actor_of(who),
                  {"transfer.request",
                   "transfer",
                   std::to_string(id),
                   m->str(3),
                   {{"direction", direction},
                    {"member_id", member_id},
                    {"to_org_id", to_org ? nlohmann::json(*to_org) : nlohmann::json(nullptr)},
                    {"outside_unit", outside}}},
                  now);
    notify(registry_, tx, store::managers_of(tx, m->str(3)),
           fmt::format(fmt::runtime(msg::kTransferRequestedTitle), m->str(0)), reason, id);
    return load(tx, id, today)->json;
  });
}

nlohmann::json TransferService::approve(const auth::Principal& who, std::int64_t id) {
  const Date today = registry_.today();
  const Instant now = registry_.clock().now();
  return registry_.db().write_result([&](db::Tx& tx) {
    auto t = require_visible(tx, who, id, today);
    if (t.direction == "incoming" || t.status != "requested") throw wrong_state(t);
    require_turn(who, t.from_path);
    tx.exec(
        "UPDATE transfers SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ?",
        {who.account_id, now, id});
    nlohmann::json changes{{"status", {{"before", "requested"}, {"after", "approved"}}}};
    if (t.direction == "outgoing") {
      // The letter's serial number: per year, from a counter row (locked by the update).
      int year = static_cast<int>(today.year());
      tx.exec(
          "INSERT INTO serials (name, year, next_value) VALUES ('letter', ?, 1) ON CONFLICT "
          "(name, year) DO NOTHING",
          {year});
      auto n = tx.query_one(
                     "UPDATE serials SET next_value = next_value + 1 WHERE name = 'letter' AND "
                     "year = ? RETURNING next_value - 1",
                     {year})
                   ->i64(0);
      Date valid = add_months(today, letter_validity_months_);
      tx.exec(
          "UPDATE transfers SET letter_year = ?, letter_no = ?, letter_issued_on = ?, "
          "letter_valid_until = ? WHERE id = ?",
          {year, n, format_date(today), format_date(valid), id});
      changes["letter"] = fmt::format("{}-{:04d}", year, n);
    } else {
      notify(registry_, tx, store::managers_of(tx, t.to_path),
             fmt::format(fmt::runtime(msg::kTransferApprovedTitle), t.member_name), t.reason, id);
    }
    audit::record(tx, actor_of(who),
                  {"transfer.approve", "transfer", std::to_string(id), t.from_path, changes}, now);
    return load(tx, id, today)->json;
  });
}

nlohmann::json TransferService::confirm(const auth::Principal& who, std::int64_t id) {
  const Date today = registry_.today();
  const Instant now = registry_.clock().now();
  return registry_.db().write_result([&](db::Tx& tx) {
    auto t = require_visible(tx, who, id, today);
    bool ready = (t.direction == "internal" && t.status == "approved") ||
                 (t.direction == "incoming" && t.status == "requested");
    if (!ready) throw wrong_state(t);
    require_turn(who, t.to_path);
    nlohmann::json out_extra = nlohmann::json::object();
    std::int64_t member_id = 0;
    EventInput e;
    e.kind = "transfer_in";
    e.occurred_on = today;
    e.decided_by = t.to_name;
    if (t.direction == "internal") {
      member_id = *t.member_id;
      auto m = tx.query_one("SELECT status, account_id FROM members WHERE id = ?", {member_id});
      if (m->str(0) != "active") throw errors::conflict(msg::kTransferNotActive);
      tx.exec("UPDATE members SET org_id = ?, version = version + 1, updated_at = ? WHERE id = ?",
              {*t.to_org_id, now, member_id});
      tx.exec(
          "INSERT INTO member_changes (member_id, field, old_value, new_value, source, changed_by, "
          "changed_at) VALUES (?, 'org', ?, ?, 'transfer', ?, ?)",
          {member_id, t.from_name, t.to_name, who.account_id, now});
      if (!m->is_null(1))
        tx.exec("UPDATE role_grants SET org_id = ? WHERE account_id = ? AND role = 'member'",
                {*t.to_org_id, m->i64(1)});
      e.note = "自" + t.from_name + "转入";
    } else {
      auto sealed = tx.query_one("SELECT person FROM transfers WHERE id = ?", {id});
      auto person = nlohmann::json::parse(registry_.key().decrypt(sealed->blob(0)));
      Values v;
      for (const auto& [k, val] : person.items()) v[k] = val.get<std::string>();
      std::optional<std::int64_t> existing;
      if (!v["id_number"].empty())
        existing = store::find_by_id_number(tx, registry_.key(), v["id_number"]);
      if (existing) {
        // Someone who once left comes back: the same record, moved and reactivated.
        auto current = store::load(tx, registry_.key(), *existing, true);
        if (current->values["status"] != "transferred_out")
          throw errors::conflict(msg::kDuplicateIdElsewhere, "id_number");
        tx.exec("UPDATE members SET org_id = ? WHERE id = ?", {*t.to_org_id, *existing});
        store::update(tx, registry_.key(), *current, v, who.account_id, "transfer", now);
        member_id = *existing;
      } else {
        if (auto other = store::find_by_student_no(tx, v["student_no"]))
          throw errors::conflict(msg::kDuplicateStudentNoElsewhere, "student_no");
        member_id = store::insert(tx, registry_.key(), *t.to_org_id, v, std::nullopt,
                                  who.account_id, "transfer", now);
        auto c =
            Service::create_account(tx, member_id, v["name"], v["student_no"], *t.to_org_id, now);
        out_extra["credential"] = {{"login", c.login}, {"initial_password", c.initial_password}};
      }
      tx.exec("UPDATE transfers SET member_id = ? WHERE id = ?", {member_id, id});
      e.note = "自" + t.outside_unit + "转入，介绍信编号 " + t.incoming_letter_no;
      e.document_no = t.incoming_letter_no;
    }
    EventService::record_in(tx, member_id, e, who.account_id, today, now, true);
    tx.exec("UPDATE transfers SET status = 'completed', closed_by = ?, closed_at = ? WHERE id = ?",
            {who.account_id, now, id});
    audit::record(
        tx, actor_of(who),
        {"transfer.confirm",
         "transfer",
         std::to_string(id),
         t.to_path,
         {{"member_id", member_id}, {"status", {{"before", t.status}, {"after", "completed"}}}}},
        now);
    notify(registry_, tx, {t.requested_by},
           fmt::format(fmt::runtime(msg::kTransferDoneTitle), t.member_name), t.to_name, id);
    auto out = load(tx, id, today)->json;
    out.update(out_extra);
    return out;
  });
}

nlohmann::json TransferService::reject(const auth::Principal& who, std::int64_t id,
                                       const std::string& reason_in) {
  std::string reason = text::normalize(reason_in);
  if (reason.empty()) throw errors::validation("reason", msg::kReasonRequired);
  if (text::length(reason) > 500)
    throw errors::validation("reason", fmt::format(fmt::runtime(msg::kTooLong), 500));
  const Date today = registry_.today();
  const Instant now = registry_.clock().now();
  return registry_.db().write_result([&](db::Tx& tx) {
    auto t = require_visible(tx, who, id, today);
    // Whose turn it is: the sender while requested (internal/outgoing), the receiver after.
    if (t.status == "requested" && t.direction != "incoming")
      require_turn(who, t.from_path);
    else if ((t.status == "approved" && t.direction == "internal") ||
             (t.status == "requested" && t.direction == "incoming"))
      require_turn(who, t.to_path);
    else
      throw wrong_state(t);
    tx.exec(
        "UPDATE transfers SET status = 'rejected', reject_reason = ?, closed_by = ?, closed_at = ? "
        "WHERE id = ?",
        {reason, who.account_id, now, id});
    audit::record(tx, actor_of(who),
                  {"transfer.reject",
                   "transfer",
                   std::to_string(id),
                   t.from_path.empty() ? t.to_path : t.from_path,
                   {{"reason", reason}, {"status", {{"before", t.status}, {"after", "rejected"}}}}},
                  now);
    notify(registry_, tx, {t.requested_by},
           fmt::format(fmt::runtime(msg::kTransferRejectedTitle), t.member_name), reason, id);
    return load(tx, id, today)->json;
  });
}

nlohmann::json TransferService::cancel(const auth::Principal& who, std::int64_t id) {
  const Date today = registry_.today();
  const Instant now = registry_.clock().now();
  return registry_.db().write_result([&](db::Tx& tx) {
    auto t = require_visible(tx, who, id, today);
    if (t.status != "requested") throw wrong_state(t);
    bool sender = !t.from_path.empty() && who.can("members.manage", t.from_path);
    bool receiver_registered = t.direction == "incoming" && who.can("members.manage", t.to_path);
    if (who.account_id != t.requested_by && !sender && !receiver_registered)
      throw errors::forbidden(zhdj::msg::kForbidden);
    tx.exec("UPDATE transfers SET status = 'cancelled', closed_by = ?, closed_at = ? WHERE id = ?",
            {who.account_id, now, id});
    audit::record(tx, actor_of(who),
                  {"transfer.cancel",
                   "transfer",
                   std::to_string(id),
                   t.from_path.empty() ? t.to_path : t.from_path,
                   {{"status", {{"before", t.status}, {"after", "cancelled"}}}}},
                  now);
    return load(tx, id, today)->json;
  });
}

nlohmann::json TransferService::receipt(const auth::Principal& who, std::int64_t id,
                                        Date received_on) {
  const Date today = registry_.today();
  const Instant now = registry_.clock().now();
  return registry_.db().write_result([&](db::Tx& tx) {
    auto t = require_visible(tx, who, id, today);
    if (t.direction != "outgoing" || t.status != "approved") throw wrong_state(t);
    require_turn(who, t.from_path);
    auto issued = parse_date(t.issued_on);
    if (issued && std::chrono::sys_days(received_on) < std::chrono::sys_days(*issued))
      throw errors::validation("received_on", msg::kTransferReceiptDate);
    if (std::chrono::sys_days(received_on) > std::chrono::sys_days(today))
      throw errors::validation("received_on", msg::kEventDateFuture);
    EventInput e;
    e.kind = "transfer_out";
    e.occurred_on = received_on;
    e.decided_by = t.from_name;
    e.document_no = t.json["letter_serial"].get<std::string>();
    e.note = "转往" + t.outside_unit;
    EventService::record_in(tx, *t.member_id, e, who.account_id, today, now, true);
    tx.exec(
        "UPDATE transfers SET status = 'completed', receipt_on = ?, closed_by = ?, closed_at = ? "
        "WHERE id = ?",
        {format_date(received_on), who.account_id, now, id});
    audit::record(tx, actor_of(who),
                  {"transfer.receipt",
                   "transfer",
                   std::to_string(id),
                   t.from_path,
                   {{"receipt_on", format_date(received_on)},
                    {"status", {{"before", "approved"}, {"after", "completed"}}}}},
                  now);
    return load(tx, id, today)->json;
  });
}

nlohmann::json TransferService::get(const auth::Principal& who, std::int64_t id) {
  const Date today = registry_.today();
  return registry_.db().read_result([&](db::Tx& tx) {
    auto t = require_visible(tx, who, id, today);
    auto out = t.json;
    bool sender = !t.from_path.empty() && who.can("members.manage", t.from_path);
    bool receiver = !t.to_path.empty() && who.can("members.manage", t.to_path);
    out["can_approve"] = t.direction != "incoming" && t.status == "requested" && sender;
    out["can_confirm"] = ((t.direction == "internal" && t.status == "approved") ||
                          (t.direction == "incoming" && t.status == "requested")) &&
                         receiver;
    out["can_reject"] = (t.status == "requested" && t.direction != "incoming" && sender) ||
                        (((t.status == "approved" && t.direction == "internal") ||
                          (t.status == "requested" && t.direction == "incoming")) &&
                         receiver);
    out["can_cancel"] = t.status == "requested" && (who.account_id == t.requested_by || sender);
    out["can_receipt"] = t.direction == "outgoing" && t.status == "approved" && sender;
    return out;
  });
}

nlohmann::json TransferService::list(const auth::Principal& who, const std::string& box,
                                     const std::string& status) {
  if (box != "all" && box != "outgoing" && box != "incoming" && box != "mine")
    throw errors::validation("box", fmt::format(fmt::runtime(msg::kBadFilter), "box"));
  if (!status.empty() && status != "open" && !is_code(codes::transfer_status, status))
    throw errors::validation("status", fmt::format(fmt::runtime(msg::kBadFilter), "status"));
  const Date today = registry_.today();
  auto from = auth::scope_filter(who, "members.read", "t.from_path");
  auto to = auth::scope_filter(who, "members.read", "t.to_path");
  std::string where;
  db::Params params;
  auto add_scope = [&](const auth::ScopeFilter& f) {
    where += "(" + f.sql + ")";
    params.insert(params.end(), f.params.begin(), f.params.end());
  };
  std::string mine = "(t.requested_by = ? OR t.member_id = ?)";
  if (box == "outgoing") {
    add_scope(from);
  } else if (box == "incoming") {
    add_scope(to);
  } else if (box == "mine") {
    where = mine;
    params = {who.account_id, who.member_id.value_or(0)};
  } else {
    where = "(";
    add_scope(from);
    where += " OR ";
    add_scope(to);
    where += " OR " + mine + ")";
    params.push_back(who.account_id);
    params.push_back(who.member_id.value_or(0));
  }
  if (status == "open") {
    where += " AND t.status IN ('requested', 'approved')";
  } else if (!status.empty()) {
    where += " AND t.status = ?";
    params.push_back(status);
  }
  return registry_.db().read_result([&](db::Tx& tx) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : tx.query(
             std::string(kSelect) + "WHERE " + where + " ORDER BY t.id DESC LIMIT 200", params))
      items.push_back(from_row(r, today).json);
    return nlohmann::json{{"items", items}};
  });
}

nlohmann::json TransferService::targets(const auth::Principal& who, const std::string& q_in) {
  std::string q = text::normalize(q_in);
  if (text::length(q) > 30)
    throw errors::validation("q", fmt::format(fmt::runtime(msg::kBadFilter), "q"));
  // Only the caller's own university (the roots above their grants).
  std::set<std::string> roots;
  for (const auto& g : who.grants) {
    auto second = g.org_path.find('/', 1);
    roots.insert(second == std::string::npos ? "/" : g.org_path.substr(0, second + 1));
  }
  std::string scope;
  db::Params params{"%" + q + "%", "%" + q + "%"};
  for (const auto& root : roots) {
    scope += scope.empty() ? "" : " OR ";
    scope += "(o.path >= ? AND o.path < ?)";
    params.push_back(root);
    params.push_back(auth::path_upper_bound(root));
  }
  if (scope.empty()) scope = "1 = 0";
  return registry_.db().read_result([&](db::Tx& tx) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r :
         tx.query("SELECT o.id, o.name, p.name FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id "
                  "WHERE o.kind = 'branch' AND (o.name LIKE ? OR p.name LIKE ?) AND (" +
                      scope + ") ORDER BY p.name, o.name LIMIT 50",
                  params))
      items.push_back(
          {{"id", r.i64(0)}, {"name", r.str(1)}, {"parent_name", r.opt_str(2).value_or("")}});
    return nlohmann::json{{"items", items}};
  });
}

std::string TransferService::letter(const auth::Principal& who, std::int64_t id, bool pdf) {
  const Date today = registry_.today();
  const Instant now = registry_.clock().now();
  doc::Document d = registry_.db().write_result([&](db::Tx& tx) {
    auto t = require_visible(tx, who, id, today);
    if (t.direction != "outgoing") throw errors::validation("id", msg::kTransferLetterOnly);
    if (!t.letter_no) throw wrong_state(t);
    if (!who.can("members.read", t.from_path)) throw errors::not_found(zhdj::msg::kNotFound);
    bool full_id = who.can("members.read_sensitive", t.from_path);
    auto r = store::load(tx, registry_.key(), *t.member_id, full_id);
    if (full_id) store::log_access(tx, r->id, who.account_id, "letter", "id_number", now);
    audit::record(tx, actor_of(who),
                  {"transfer.letter",
                   "transfer",
                   std::to_string(id),
                   t.from_path,
                   {{"full_id_number", full_id}}},
                  now);
    auto& v = r->values;
    auto cn_date = [](const std::string& iso) {
      auto d = parse_date(iso);
      if (!d) return iso;
      return fmt::format("{}年{:02d}月{:02d}日", static_cast<int>(d->year()),
                         static_cast<unsigned>(d->month()), static_cast<unsigned>(d->day()));
    };
    const std::string serial = "编号：" + t.json["letter_serial"].get<std::string>();
    const std::string issuer = "中共" + t.from_name;
    auto birth = parse_date(v["birth_date"]);
    std::string who_text = fmt::format(
        "兹介绍{}同志（{}，{}{}），系中共{}，身份证号码 {}，前往你处，请转接组织关系。", v["name"],
        v["gender"].empty() ? "性别未登记" : name_of(codes::gender, v["gender"]),
        birth ? std::to_string(age_on(*birth, today)) + "岁，" : "",
        v["ethnicity"].empty() ? "民族未登记" : v["ethnicity"],
        name_of(codes::category, v["category"]),
        v["id_number"].empty() ? "未登记" : v["id_number"]);
    doc::Part stub{"中国共产党组织关系介绍信（存根）",
                   serial,
                   {doc::Field{"姓名：", v["name"]},
                    doc::Field{"党员类别：", name_of(codes::category, v["category"])},
                    doc::Field{"由：", t.from_name}, doc::Field{"转往：", t.outside_unit},
                    doc::Field{"有效期至：", cn_date(t.valid_until)}, doc::Field{"经办人：", ""},
                    doc::Signature{{cn_date(t.issued_on)}}},
                   false};
    doc::Part letter{"中国共产党组织关系介绍信",
                     serial,
                     {doc::Paragraph{t.outside_unit + "：", false}, doc::Paragraph{who_text},
                      doc::Spacer{1}, doc::Signature{{issuer + "（盖章）", cn_date(t.issued_on)}},
                      doc::Note{"（有效期至 " + cn_date(t.valid_until) + "）"}},
                     true};
    doc::Part receipt{"中国共产党组织关系介绍信回执",
                      serial,
                      {doc::Paragraph{issuer + "：", false},
                       doc::Paragraph{v["name"] + "同志的党员组织关系已转达我处，特此回执。"},
                       doc::Signature{{"接收党组织（盖章）", "年　　月　　日"}}},
                      true};
    return doc::Document{"中国共产党组织关系介绍信",
                         issuer,
                         v["name"] + " 组织关系转接",
                         now,
                         {stub, letter, receipt}};
  });
  return pdf ? doc::render_pdf(d) : doc::render_html(d);
}

void register_transfer_routes(http::Api& api, TransferService& transfers) {
  using http::Call;
  using http::Response;
  namespace input = http::input;
  api.get("/api/v1/transfers", [&transfers](Call& c) {
    auto box = c.query("box");
    auto status = c.query("status");
    return Response::json(
        transfers.list(c.who(), box && !box->empty() ? *box : "all", status.value_or("")));
  });
  api.get("/api/v1/transfers/targets", [&transfers](Call& c) {
    return Response::json(transfers.targets(c.who(), c.query("q").value_or("")));
  });
  api.post("/api/v1/transfers", [&transfers](Call& c) {
    return Response::json(transfers.request(c.who(), c.body()), 201);
  });
  api.get("/api/v1/transfers/{id}",
          [&transfers](Call& c) { return Response::json(transfers.get(c.who(), c.id("id"))); });
  api.post("/api/v1/transfers/{id}/approve", [&transfers](Call& c) {
    return Response::json(transfers.approve(c.who(), c.id("id")));
  });
  api.post("/api/v1/transfers/{id}/confirm", [&transfers](Call& c) {
    return Response::json(transfers.confirm(c.who(), c.id("id")));
  });
  api.post("/api/v1/transfers/{id}/reject", [&transfers](Call& c) {
    auto reason =
        c.request().body.empty() ? std::nullopt : input::optional_string(c.body(), "reason", 500);
    return Response::json(transfers.reject(c.who(), c.id("id"), reason.value_or("")));
  });
  api.post("/api/v1/transfers/{id}/cancel",
           [&transfers](Call& c) { return Response::json(transfers.cancel(c.who(), c.id("id"))); });
  api.post("/api/v1/transfers/{id}/receipt", [&transfers](Call& c) {
    return Response::json(
        transfers.receipt(c.who(), c.id("id"), input::required_date(c.body(), "received_on")));
  });
  api.get("/api/v1/transfers/{id}/letter", [&transfers](Call& c) {
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = transfers.letter(c.who(), c.id("id"), false);
    return r;
  });
  api.get("/api/v1/transfers/{id}/letter.pdf", [&transfers](Call& c) {
    Response r;
    r.content_type = "application/pdf";
    r.body = transfers.letter(c.who(), c.id("id"), true);
    return r;
  });
}

}  // namespace zhdj::members
