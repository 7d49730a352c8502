#include "members/events.hpp"

#include <fmt/format.h>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "common/text.hpp"
#include "members/codes.hpp"
#include "members/messages.hpp"
#include "members/service.hpp"
#include "members/store.hpp"

namespace zhdj::members {

namespace {

bool before(Date a, Date b) {
  return std::chrono::sys_days(a) < std::chrono::sys_days(b);
}

ApiError not_allowed(const MemberState& s, const std::string& kind) {
  return errors::conflict(
      fmt::format(fmt::runtime(msg::kEventNotAllowed), name_of(codes::status, s.status),
                  name_of(codes::event_kind, kind)),
      "kind");
}

}  // namespace

EventOutcome apply_event(const MemberState& s, const EventInput& e, Date today,
                         bool from_transfer) {
  if (!is_code(codes::event_kind, e.kind)) throw errors::validation("kind", msg::kUnknownEvent);
  if (before(today, e.occurred_on)) throw errors::validation("occurred_on", msg::kEventDateFuture);
  if (s.last_event_on && before(e.occurred_on, *s.last_event_on))
    throw errors::validation("occurred_on", fmt::format(fmt::runtime(msg::kEventBeforeLast),
                                                        format_date(*s.last_event_on)));
  if (e.decided_by.empty()) throw errors::validation("decided_by", msg::kDeciderRequired);
  const std::string& k = e.kind;
  const std::string on = format_date(e.occurred_on);
  const bool member = is_party_member(s.category);
  const bool active = s.status == "active";
  const bool suspended = s.status == "suspended";
  auto members_only = [&] {
    if (!member)
      throw errors::conflict(
          fmt::format(fmt::runtime(msg::kEventMembersOnly), name_of(codes::event_kind, k)), "kind");
  };
  EventOutcome out;
  auto set_status = [&](const char* status) {
    out.changes["status"] = status;
    out.changes["status_since"] = on;
  };

  if (k == "transfer_in" || k == "transfer_out") {
    if (!from_transfer) throw errors::validation("kind", msg::kUseTransfer);
    if (k == "transfer_out") {
      if (!active) throw not_allowed(s, k);
      set_status("transferred_out");
    } else {
      if (s.status != "transferred_out" && !active) throw not_allowed(s, k);
      if (s.status == "transferred_out") set_status("active");
    }
  } else if (k == "lost_contact") {
    if (!active) throw not_allowed(s, k);
    if (s.lost_contact) throw errors::conflict(msg::kEventAlreadyLost, "kind");
    if (!is_code(codes::lost_reason, e.reason))
      throw errors::validation("reason", msg::kEventLostReasonRequired);
    out.changes["lost_contact"] = "1";
    out.changes["lost_since"] = on;
    out.changes["lost_reason"] = e.reason;
  } else if (k == "contact_restored") {
    if (!s.lost_contact) throw errors::conflict(msg::kEventNotLost, "kind");
    out.changes["lost_contact"] = "0";
    out.changes["lost_since"] = "";
    out.changes["lost_reason"] = "";
  } else if (k == "suspension") {
    members_only();
    if (!active) throw not_allowed(s, k);
    if (!s.lost_contact || !s.lost_since) throw errors::conflict(msg::kEventNotLost, "kind");
    Date earliest = add_months(*s.lost_since, 6);
    if (before(e.occurred_on, earliest))
      throw errors::conflict(fmt::format(fmt::runtime(msg::kSuspensionTooEarly),
                                         format_date(*s.lost_since), format_date(earliest)),
                             "occurred_on");
    set_status("suspended");
  } else if (k == "restoration") {
    if (!suspended) throw not_allowed(s, k);
    set_status("active");
    out.changes["lost_contact"] = "0";
    out.changes["lost_since"] = "";
    out.changes["lost_reason"] = "";
  } else if (k == "withdrawal" || k == "removal" || k == "expulsion") {
    members_only();
    if (!active && !suspended) throw not_allowed(s, k);
    set_status(k == "withdrawal" ? "withdrawn" : k == "removal" ? "removed" : "expelled");
  } else if (k == "cancel_probation") {
    if (s.category != "probationary") throw errors::conflict(msg::kEventProbationaryOnly, "kind");
    if (!active) throw not_allowed(s, k);
    set_status("cancelled");
  } else if (k == "death") {
    if (!active && !suspended) throw not_allowed(s, k);
    set_status("deceased");
  } else if (k == "warning" || k == "serious_warning" || k == "dismissal") {
    members_only();
    if (!active) throw not_allowed(s, k);
  } else if (k == "probation_watch") {
    members_only();
    if (!active) throw not_allowed(s, k);
    if (e.term_months != 12 && e.term_months != 24)
      throw errors::validation("term_months", msg::kWatchTerm);
    if (s.watch_until && before(e.occurred_on, *s.watch_until))
      throw errors::conflict(
          fmt::format(fmt::runtime(msg::kUnderWatch), format_date(*s.watch_until)), "kind");
    // Voting rights return by themselves on this date: every reader compares it with today.
    out.ends_on = add_months(e.occurred_on, e.term_months);
    out.changes["watch_until"] = format_date(*out.ends_on);
  } else if (k == "mobile_out") {
    if (!active) throw not_allowed(s, k);
    if (s.mobile) throw errors::conflict(msg::kAlreadyMobile, "kind");
    if (e.destination.empty()) throw errors::validation("destination", msg::kDestinationRequired);
    out.changes["mobile"] = "1";
    out.changes["mobile_destination"] = e.destination;
  } else if (k == "mobile_back") {
    if (!s.mobile) throw errors::conflict(msg::kNotMobile, "kind");
    out.changes["mobile"] = "0";
    out.changes["mobile_destination"] = "";
  }
  return out;
}

namespace {

MemberState state_of(db::Tx& tx, std::int64_t member_id) {
  auto r = tx.query_one(
      "SELECT category, status, lost_contact, lost_since, mobile, watch_until, "
      "(SELECT MAX(occurred_on) FROM member_events WHERE member_id = m.id) FROM members m "
      "WHERE id = ?",
      {member_id});
  if (!r) throw errors::not_found(zhdj::msg::kNotFound);
  MemberState s;
  s.category = r->str(0);
  s.status = r->str(1);
  s.lost_contact = r->i64(2) != 0;
  if (auto v = r->opt_str(3)) s.lost_since = parse_date(*v);
  s.mobile = r->i64(4) != 0;
  if (auto v = r->opt_str(5)) s.watch_until = parse_date(*v);
  if (auto v = r->opt_str(6)) s.last_event_on = parse_date(*v);
  return s;
}

// The current values of the columns an event changes, in one query (column names come from
// apply_event, never from input).
Values current_values(db::Tx& tx, std::int64_t member_id, const Values& keys) {
  if (keys.empty()) return {};
  std::string sql = "SELECT ";
  for (auto it = keys.begin(); it != keys.end(); ++it)
    sql += (it == keys.begin() ? "" : ", ") + it->first;
  auto r = tx.query_one(sql + " FROM members WHERE id = ?", {member_id});
  Values out;
  size_t i = 0;
  for (const auto& [k, _] : keys) {
    if (!r || r->is_null(i))
      out[k] = "";
    else if (k == "lost_contact" || k == "mobile")
      out[k] = r->i64(i) ? "1" : "0";
    else
      out[k] = r->str(i);
    ++i;
  }
  return out;
}

nlohmann::json event_json(const db::Row& r) {
  auto opt = [&](size_t i) {
    return r.is_null(i) ? nlohmann::json(nullptr) : nlohmann::json(r.str(i));
  };
  return {{"id", r.i64(0)},
          {"kind", r.str(1)},
          {"kind_name", name_of(codes::event_kind, r.str(1))},
          {"occurred_on", r.str(2)},
          {"decided_by", r.str(3)},
          {"document_no", opt(4)},
          {"reason", opt(5)},
          {"reason_name", r.is_null(5) ? nlohmann::json(nullptr)
                                       : nlohmann::json(name_of(codes::lost_reason, r.str(5)))},
          {"term_months", r.is_null(6) ? nlohmann::json(nullptr) : nlohmann::json(r.i64(6))},
          {"ends_on", opt(7)},
          {"note", opt(8)},
          {"status_before", r.str(9)},
          {"status_after", r.str(10)},
          {"recorded_by", r.str(11)},
          {"recorded_at", format_instant(r.i64(12))}};
}

constexpr const char* kEventSelect =
    "SELECT e.id, e.kind, e.occurred_on, e.decided_by, e.document_no, e.reason, e.term_months, "
    "e.ends_on, e.note, e.status_before, e.status_after, a.name, e.recorded_at FROM "
    "member_events e JOIN accounts a ON a.id = e.recorded_by ";

std::string optional_text(const nlohmann::json& b, const char* field, size_t max) {
  if (!b.contains(field) || b[field].is_null()) return {};
  if (!b[field].is_string()) throw errors::validation(field, zhdj::msg::kMustBeString);
  std::string v = text::normalize(b[field].get<std::string>());
  if (text::length(v) > max)
    throw errors::validation(field, fmt::format(fmt::runtime(msg::kTooLong), max));
  return v;
}

}  // namespace

void EventService::record_in(db::Tx& tx, std::int64_t member_id, const EventInput& e,
                             std::int64_t actor, Date today, Instant now, bool from_transfer) {
  MemberState s = state_of(tx, member_id);
  EventOutcome out = apply_event(s, e, today, from_transfer);
  Values before = current_values(tx, member_id, out.changes);
  store::set_columns(tx, member_id, before, out.changes, actor, "event", now);
  std::string after_status = out.changes.count("status") ? out.changes["status"] : s.status;
  tx.exec(
      "INSERT INTO member_events (member_id, kind, occurred_on, decided_by, document_no, reason, "
      "term_months, ends_on, note, status_before, status_after, recorded_by, recorded_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {member_id, e.kind, format_date(e.occurred_on), e.decided_by,
       e.document_no.empty() ? db::Value() : db::Value(e.document_no),
       e.reason.empty() ? db::Value() : db::Value(e.reason),
       e.term_months ? db::Value(e.term_months) : db::Value(),
       out.ends_on ? db::Value(format_date(*out.ends_on)) : db::Value(),
       e.note.empty() ? db::Value() : db::Value(e.note), s.status, after_status, actor, now});
}

nlohmann::json EventService::record(const auth::Principal& who, std::int64_t member_id,
                                    const nlohmann::json& b) {
  EventInput e;
  e.kind = optional_text(b, "kind", 40);
  if (e.kind.empty()) throw errors::validation("kind", msg::kUnknownEvent);
  e.occurred_on = http::input::required_date(b, "occurred_on");
  e.decided_by = optional_text(b, "decided_by", 100);
  e.document_no = optional_text(b, "document_no", 60);
  e.reason = optional_text(b, "reason", 40);
  e.destination = optional_text(b, "destination", 100);
  e.note = optional_text(b, "note", 1000);
  if (b.contains("term_months"))
    e.term_months = static_cast<int>(http::input::required_int(b, "term_months"));
  const Date today = registry_.today();
  const Instant now = registry_.clock().now();
  return registry_.db().write_result([&](db::Tx& tx) {
    auto r = tx.query_one(
        "SELECT o.path FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = ?", {member_id});
    if (!r) throw errors::not_found(zhdj::msg::kNotFound);
    who.require("members.manage", r->str(0));
    record_in(tx, member_id, e, who.account_id, today, now, false);
    auto row =
        tx.query_one(std::string(kEventSelect) + "WHERE e.member_id = ? ORDER BY e.id DESC LIMIT 1",
                     {member_id});
    auto out = event_json(*row);
    audit::record(
        tx, {who.account_id, who.real_account_id, who.ip},
        {"member.event",
         "member",
         std::to_string(member_id),
         r->str(0),
         {{"kind", e.kind},
          {"occurred_on", format_date(e.occurred_on)},
          {"decided_by", e.decided_by},
          {"status", {{"before", out["status_before"]}, {"after", out["status_after"]}}}}},
        now);
    return out;
  });
}

nlohmann::json EventService::list(const auth::Principal& who, std::int64_t member_id) {
  return registry_.db().read_result([&](db::Tx& tx) {
    auto r = tx.query_one(
        "SELECT o.path FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = ?", {member_id});
    if (!r) throw errors::not_found(zhdj::msg::kNotFound);
    if (!(who.member_id && *who.member_id == member_id)) who.require("members.read", r->str(0));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& row :
         tx.query(std::string(kEventSelect) +
                      "WHERE e.member_id = ? ORDER BY e.occurred_on DESC, e.id DESC",
                  {member_id}))
      items.push_back(event_json(row));
    return nlohmann::json{{"items", items}};
  });
}

void register_event_routes(http::Api& api, EventService& events) {
  using http::Call;
  using http::Response;
  api.get("/api/v1/members/{id}/events",
          [&events](Call& c) { return Response::json(events.list(c.who(), c.id("id"))); });
  api.post("/api/v1/members/{id}/events", [&events](Call& c) {
    return Response::json(events.record(c.who(), c.id("id"), c.body()), 201);
  });
}

}  // namespace zhdj::members
