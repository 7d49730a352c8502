#include "meetings/service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "common/qr.hpp"
#include "http/api.hpp"
#include "meetings/messages.hpp"
#include "members/codes.hpp"
#include "members/directory.hpp"
#include "org/directory.hpp"

namespace zhdj::meetings {

using audit::actor_of;
using nlohmann::json;
namespace input = http::input;

namespace {

constexpr int kMaxAttendees = 2000;
constexpr std::int64_t kMaxDurationMs = 7LL * 24 * 3600 * 1000;
constexpr int kMaxCodeFailures = 10;
constexpr size_t kMaxFileBytes = 20 * 1024 * 1024;

json opt_instant(const std::optional<Instant>& t) {
  return t ? json(format_instant(*t)) : json(nullptr);
}

json person_ref(const std::optional<std::int64_t>& id, const std::string& name) {
  if (!id) return nullptr;
  return {{"member_id", *id}, {"name", name}};
}

const char* status_name(const std::string& s) {
  if (s == "draft") return "草稿";
  if (s == "published") return "已发布";
  return "已取消";
}

std::string attendance_of(const store::Attendee& a, const store::Meeting& m, Instant now) {
  if (a.present) return "present";
  if (a.leave == "approved") return "leave";
  return now > m.ends_at ? "absent" : "pending";
}

json attendee_json(const store::Attendee& a, const store::Meeting& m, Instant now,
                   bool show_reason) {
  return {{"member_id", a.member_id},
          {"name", a.name},
          {"org_name", a.org_name},
          {"category", a.category},
          {"category_name", members::name_of(members::codes::category, a.category)},
          {"present", a.present},
          {"method", a.method.empty() ? json(nullptr) : json(a.method)},
          {"checked_in_at", opt_instant(a.checked_in_at)},
          {"online_minutes", a.online_ms / 60000},
          {"leave", a.leave},
          {"leave_reason", show_reason || a.leave_reason.empty() ? json(a.leave_reason) : json("")},
          {"attendance", attendance_of(a, m, now)}};
}

// ---- Input ---------------------------------------------------------------------------------

Instant required_instant(const json& b, const char* field) {
  auto s = input::optional_string(b, field, 40);
  if (!s || s->empty()) throw errors::validation(field, zhdj::msg::kRequired);
  auto t = parse_instant(*s);
  if (!t || s->size() <= 10) throw errors::validation(field, msg::kBadTime);
  return *t;
}

std::string checked_url(const std::string& url) {
  if (url.empty()) return url;
  bool scheme = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  bool clean = std::none_of(url.begin(), url.end(), [](unsigned char c) {
    return c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`';
  });
  if (!scheme || !clean || url.size() < 10) throw errors::validation("online_url", msg::kBadUrl);
  return url;
}

int window_minutes(const json& b, const char* field, int current) {
  auto v = input::optional_int(b, field);
  if (!v) return current;
  if (*v < 0 || *v > 240) throw errors::validation(field, msg::kBadWindow);
  return static_cast<int>(*v);
}

std::vector<std::int64_t> id_list(const json& b, const char* field, size_t max) {
  if (!b.contains(field) || !b[field].is_array())
    throw errors::validation(field, msg::kIdListRequired);
  std::vector<std::int64_t> out;
  std::set<std::int64_t> seen;
  for (const auto& v : b[field]) {
    if (!v.is_number_integer()) throw errors::validation(field, msg::kIdListRequired);
    if (seen.insert(v.get<std::int64_t>()).second) out.push_back(v.get<std::int64_t>());
  }
  if (out.size() > max)
    throw errors::validation(field, fmt::format(fmt::runtime(msg::kTooMany), max));
  return out;
}

// Which org kinds may hold a meeting of a type.
bool org_fits(Type t, const std::string& kind) {
  if (t == Type::activity) return true;
  if (type_info(t).on_party_group) return kind == "party_group";
  return kind == "branch" || kind == "general_branch";
}

// People a meeting at `org` may invite: everyone active under the org (a party group's meeting
// may invite anyone of its branch).
std::vector<members::directory::Person> invitable(db::Tx& tx, const org::directory::Node& org) {
  std::string path = org.org.path;
  if (org.org.kind == org::Kind::party_group && org.org.parent_id)
    if (auto parent = org::directory::find(tx, *org.org.parent_id)) path = parent->org.path;
  auto people = members::directory::people_under(tx, path);
  std::erase_if(people, [](const auto& p) { return p.status != "active"; });
  return people;
}

std::vector<std::int64_t> default_set(db::Tx& tx, const org::directory::Node& org, Type t) {
  std::vector<std::int64_t> out;
  switch (type_info(t).attendees) {
    case AttendeeSet::branch_members:
    case AttendeeSet::group_members:
      for (const auto& p : members::directory::party_members_under(tx, org.org.path))
        out.push_back(p.member_id);
      break;
    case AttendeeSet::committee:
      for (const auto& p : org::directory::current_committee(tx, org.org.id))
        out.push_back(p.member_id);
      break;
    case AttendeeSet::pair:
      break;
  }
  return out;
}

void audit_meeting(db::Tx& tx, const auth::Principal& who, const store::Meeting& m,
                   const std::string& action, json changes, Instant now) {
  audit::record(tx, actor_of(who),
                {action, "meeting", std::to_string(m.id), m.org_path, std::move(changes)}, now);
}

const char* amendment_field_name(const std::string& field) {
  if (field == "content") return "会议内容";
  if (field == "decisions") return "决定事项";
  if (field == "criticisms") return "批评与自我批评";
  if (field == "attachment_ids") return "附件";
  return "出席情况";
}

void require_open(const store::Meeting& m) {
  if (m.status == "cancelled") throw errors::conflict(msg::kCancelled);
  if (m.locked()) throw errors::conflict(msg::kLocked);
}

}  // namespace

// ---- Reading -------------------------------------------------------------------------------

json meeting_json(const store::Meeting& m, const std::optional<store::Attendee>& mine,
                  bool is_attendee) {
  std::string mode = m.online_url.empty() ? "offline" : m.place.empty() ? "online" : "hybrid";
  return {{"id", m.id},
          {"org_id", m.org_id},
          {"org_name", m.org_name},
          {"type", type_info(m.type).code},
          {"type_name", type_info(m.type).name},
          {"title", m.title},
          {"status", m.status},
          {"status_name", status_name(m.status)},
          {"starts_at", format_instant(m.starts_at)},
          {"ends_at", format_instant(m.ends_at)},
          {"place", m.place},
          {"online_url", m.online_url},
          {"mode", mode},
          {"host", person_ref(m.host_id, m.host_name)},
          {"recorder", person_ref(m.recorder_id, m.recorder_name)},
          {"minutes_status", m.minutes_status},
          {"held", m.held},
          {"expected", m.expected},
          {"present", m.present},
          {"leave", m.leave},
          {"my",
           {{"attendee", is_attendee},
            {"present", mine && mine->present},
            {"leave", mine ? mine->leave : "none"}}}};
}

std::pair<store::Meeting, store::Roles> Service::visible(db::Tx& tx, const auth::Principal& who,
                                                         std::int64_t id) {
  auto m = store::load(tx, id);
  if (!m) throw errors::not_found(zhdj::msg::kNotFound);
  auto roles = store::roles_of(tx, who, *m);
  if (!roles.may_see(*m)) throw errors::not_found(zhdj::msg::kNotFound);
  return {std::move(*m), roles};
}

std::optional<std::int64_t> university_of(const std::string& path) {
  auto end = path.find('/', 1);
  if (path.empty() || path[0] != '/' || end == std::string::npos || end == 1) return std::nullopt;
  auto digits = path.substr(1, end - 1);
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 18)
    return std::nullopt;
  return std::stoll(digits);
}

namespace {
// The caller's own university: that of their member record, else of their first grant.
std::optional<std::int64_t> home_university(db::Tx& tx, const auth::Principal& who) {
  if (who.member_id)
    if (auto me = members::directory::person(tx, *who.member_id))
      return university_of(me->org_path);
  if (!who.grants.empty()) return university_of(who.grants.front().org_path);
  return std::nullopt;
}
}  // namespace

Policy Service::policy(db::Tx& tx, std::optional<std::int64_t> university) {
  Policy p;
  if (!university) return p;
  for (const auto& r :
       tx.query("SELECT type, frequency FROM meeting_policies WHERE org_id = ?", {*university})) {
    auto t = parse_type(r.str(0));
    auto f = parse_frequency(r.str(1));
    if (t && f) p.frequency[*t] = *f;
  }
  return p;
}

std::vector<std::int64_t> Service::audience(db::Tx& tx, const store::Meeting& m) {
  std::set<std::int64_t> out;
  for (const auto& r :
       tx.query("SELECT p.account_id FROM meeting_attendees a JOIN members p ON p.id = a.member_id "
                "WHERE a.meeting_id = ? AND p.account_id IS NOT NULL",
                {m.id}))
    out.insert(r.i64(0));
  for (auto id : {m.host_id, m.recorder_id})
    if (id)
      if (auto p = members::directory::person(tx, *id); p && p->account_id)
        out.insert(*p->account_id);
  return {out.begin(), out.end()};
}

json Service::types(const auth::Principal& who) {
  return db_.read_result([&](db::Tx& tx) {
    Policy p = policy(tx, home_university(tx, who));
    json items = json::array();
    for (const auto& t : all_types()) {
      static const char* kSets[] = {"branch_members", "committee", "group_members", "pair"};
      items.push_back({{"code", t.code},
                       {"name", t.name},
                       {"frequency", frequency_code(p.of(t.type))},
                       {"frequency_name", frequency_name(p.of(t.type))},
                       {"default_frequency", frequency_code(t.default_frequency)},
                       {"attendees", kSets[static_cast<int>(t.attendees)]},
                       {"on_party_group", t.on_party_group}});
    }
    return json{{"items", items}};
  });
}

json Service::set_policy(const auth::Principal& who, const std::string& type_code,
                         const json& body) {
  auto t = parse_type(type_code);
  if (!t) throw errors::not_found(zhdj::msg::kNotFound);
  std::string f_code = input::required_string(body, "frequency", 10);
  auto f = parse_frequency(f_code);
  if (!f) throw errors::validation("frequency", msg::kBadFrequency);
  auto chosen = input::optional_int(body, "org_id");
  Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    // The policy is a university's: it takes meetings.manage at that root org.
    auto university = chosen ? chosen : home_university(tx, who);
    auto root = university ? org::directory::find(tx, *university) : std::nullopt;
    if (!root) throw errors::not_found(zhdj::msg::kNotFound);
    if (root->org.parent_id) throw errors::validation("org_id", msg::kNotUniversity);
    who.require("meetings.manage", root->org.path);
    auto before = policy(tx, root->org.id).of(*t);
    tx.exec(
        "INSERT INTO meeting_policies (org_id, type, frequency, updated_by, updated_at) VALUES "
        "(?, ?, ?, ?, ?) ON CONFLICT (org_id, type) DO UPDATE SET frequency = "
        "excluded.frequency, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        {root->org.id, type_code, f_code, who.account_id, now});
    audit::record(tx, actor_of(who),
                  {"meeting.policy",
                   "meeting_policy",
                   type_code,
                   root->org.path,
                   {{"frequency", {{"before", frequency_code(before)}, {"after", f_code}}}}},
                  now);
  });
  json all = types(who);  // named: a range-for over a temporary's member would dangle (C++20)
  for (const auto& item : all["items"])
    if (item["code"] == type_code) return item;
  return json::object();
}

json Service::candidates(const auth::Principal& who, std::int64_t org_id,
                         const std::string& type_code) {
  auto t = parse_type(type_code);
  if (!t) throw errors::validation("type", msg::kBadType);
  return db_.read_result([&](db::Tx& tx) {
    auto org = org::directory::find(tx, org_id);
    if (!org) throw errors::not_found(zhdj::msg::kNotFound);
    who.require("meetings.manage", org->org.path);
    std::map<std::int64_t, std::string> posts;
    for (const auto& p : org::directory::current_committee(tx, org->org.id))
      posts[p.member_id] = org::post_name(p.post);
    json people = json::array();
    for (const auto& p : invitable(tx, *org))
      people.push_back(
          {{"member_id", p.member_id},
           {"name", p.name},
           {"category", p.category},
           {"category_name", members::name_of(members::codes::category, p.category)},
           {"org_name", p.org_name},
           {"post", posts.count(p.member_id) ? json(posts[p.member_id]) : json(nullptr)}});
    return json{{"default", default_set(tx, *org, *t)}, {"people", people}};
  });
}

json Service::list(const auth::Principal& who, const ListQuery& q) {
  Date today_local = today();
  Date from = q.from.value_or(Date{today_local.year(), today_local.month(), std::chrono::day{1}});
  Date to = q.to.value_or(add_days(add_months(from, 1), -1));
  if (days_between(from, to) < 0) throw errors::validation("to", msg::kBadRange);
  if (days_between(from, to) > 100) throw errors::validation("to", msg::kRangeTooLong);
  std::optional<Type> type;
  if (!q.type.empty()) {
    type = parse_type(q.type);
    if (!type) throw errors::validation("type", msg::kBadType);
  }
  if (!q.status.empty() && q.status != "draft" && q.status != "published" &&
      q.status != "cancelled")
    throw errors::validation("status", msg::kBadStatus);
  return db_.read_result([&](db::Tx& tx) {
    std::int64_t me = who.member_id.value_or(-1);
    // The local days [from, to] as instants, so the range scan uses meetings_time.
    Instant begin = local_instant(from, 0, settings_.time_zone);
    Instant end = local_instant(add_days(to, 1), 0, settings_.time_zone);
    std::string where = "WHERE m.starts_at >= ? AND m.starts_at < ?";
    db::Params params{begin, end};
    auto scope = auth::scope_filter(who, "meetings.read", "o.path");
    std::string mine =
        "(m.host_member_id = ? OR m.recorder_member_id = ? OR (m.status <> 'draft' AND EXISTS "
        "(SELECT 1 FROM meeting_attendees x WHERE x.meeting_id = m.id AND x.member_id = ?)))";
    if (q.mine) {
      where += " AND " + mine;
      params.insert(params.end(), {me, me, me});
    } else {
      where += " AND ((" + scope.sql + ") OR " + mine + ")";
      params.insert(params.end(), scope.params.begin(), scope.params.end());
      params.insert(params.end(), {me, me, me});
    }
    if (q.org_id) {
      auto org = org::directory::find(tx, *q.org_id);
      if (!org) throw errors::not_found(zhdj::msg::kNotFound);
      where += " AND o.path >= ? AND o.path < ?";
      params.insert(params.end(), {org->org.path, auth::path_upper_bound(org->org.path)});
    }
    if (type) {
      where += " AND m.type = ?";
      params.emplace_back(type_info(*type).code);
    }
    if (!q.status.empty()) {
      where += " AND m.status = ?";
      params.emplace_back(q.status);
    }
    auto meetings = store::load_where(tx, where + " ORDER BY m.starts_at, m.id LIMIT 2000", params);
    std::map<std::int64_t, store::Attendee> my_rows;
    if (who.member_id)
      for (const auto& r :
           tx.query("SELECT a.meeting_id, a.present, a.leave FROM meeting_attendees a "
                    "JOIN meetings m ON m.id = a.meeting_id WHERE a.member_id = ? "
                    "AND m.starts_at >= ? AND m.starts_at < ?",
                    {*who.member_id, begin, end})) {
        store::Attendee a;
        a.present = r.i64(1) != 0;
        a.leave = r.str(2);
        my_rows[r.i64(0)] = a;
      }
    json items = json::array();
    for (const auto& m : meetings) {
      // A draft is for those who prepare it.
      if (m.status == "draft" && !who.can("meetings.read", m.org_path) &&
          m.host_id != who.member_id && m.recorder_id != who.member_id)
        continue;
      auto it = my_rows.find(m.id);
      items.push_back(meeting_json(
          m, it == my_rows.end() ? std::nullopt : std::optional<store::Attendee>(it->second),
          it != my_rows.end()));
    }
    return json{{"items", items}, {"from", format_date(from)}, {"to", format_date(to)}};
  });
}

json Service::minutes_json(db::Tx& tx, const store::Meeting& m) {
  auto r = tx.query_one(
      "SELECT n.content, n.decisions, n.criticisms, ra.name, n.updated_at, aa.name, n.approved_at "
      "FROM meeting_minutes n JOIN accounts ra ON ra.id = n.recorded_by "
      "LEFT JOIN accounts aa ON aa.id = n.approved_by WHERE n.meeting_id = ?",
      {m.id});
  if (!r) return nullptr;
  json criticisms = json::parse(r->str(2));
  // Names of the people criticism entries are about (not the whole attendee list).
  std::vector<std::int64_t> ids;
  for (const auto& c : criticisms) ids.push_back(c["member_id"].get<std::int64_t>());
  std::map<std::int64_t, std::string> names;
  for (const auto& p : members::directory::people(tx, ids)) names[p.member_id] = p.name;
  for (auto& c : criticisms) c["name"] = names[c["member_id"].get<std::int64_t>()];
  json attachments = json::array();
  for (const auto& f :
       tx.query("SELECT f.id, f.name, f.size, f.mime, f.sha256 FROM meeting_attachments a "
                "JOIN files f ON f.id = a.file_id WHERE a.meeting_id = ? ORDER BY f.id",
                {m.id}))
    attachments.push_back({{"id", f.i64(0)},
                           {"name", f.str(1)},
                           {"size", f.i64(2)},
                           {"mime", f.str(3)},
                           {"sha256", f.str(4)}});
  json amendments = json::array();
  for (const auto& a :
       tx.query("SELECT x.field, x.before_value, x.after_value, x.reason, ac.name, x.amended_at "
                "FROM meeting_amendments x JOIN accounts ac ON ac.id = x.amended_by "
                "WHERE x.meeting_id = ? ORDER BY x.id",
                {m.id}))
    amendments.push_back({{"field", a.str(0)},
                          {"field_name", amendment_field_name(a.str(0))},
                          {"before", json::parse(a.str(1))},
                          {"after", json::parse(a.str(2))},
                          {"reason", a.str(3)},
                          {"by_name", a.str(4)},
                          {"at", format_instant(a.i64(5))}});
  return {{"status", m.minutes_status},
          {"content", r->str(0)},
          {"decisions", json::parse(r->str(1))},
          {"criticisms", criticisms},
          {"attachments", attachments},
          {"recorded_by_name", r->str(3)},
          {"updated_at", format_instant(r->i64(4))},
          {"approved_by_name", r->opt_str(5) ? json(*r->opt_str(5)) : json(nullptr)},
          {"approved_at", opt_instant(r->opt_i64(6))},
          {"amendments", amendments}};
}

json Service::detail(db::Tx& tx, const auth::Principal& who, std::int64_t id) {
  auto [m, roles] = visible(tx, who, id);
  Instant now = clock_.now();
  auto list = store::attendees(tx, m.id);
  std::optional<store::Attendee> mine;
  bool show_reasons = roles.may_record();
  json attendees = json::array();
  for (const auto& a : list) {
    if (who.member_id == a.member_id) mine = a;
    attendees.push_back(attendee_json(a, m, now, show_reasons || who.member_id == a.member_id));
  }
  json out = meeting_json(m, mine, roles.attendee);
  auto window = checkin_window(m.starts_at, m.checkin_before_min, m.checkin_after_min);
  out["agenda"] = m.agenda;
  out["checkin_before_min"] = m.checkin_before_min;
  out["checkin_after_min"] = m.checkin_after_min;
  out["checkin_window"] = {{"opens", format_instant(window.opens)},
                           {"closes", format_instant(window.closes)},
                           {"open", m.status == "published" && window.contains(now)}};
  out["version"] = m.version;
  out["cancel_reason"] = m.cancel_reason.empty() ? json(nullptr) : json(m.cancel_reason);
  out["can"] = {{"manage", roles.manage},
                {"record", roles.may_record()},
                {"host", roles.may_host()},
                {"display", roles.may_record()}};
  out["attendees"] = attendees;
  out["minutes"] = minutes_json(tx, m);
  out["appraisal"] =
      tx.query_one("SELECT 1 FROM appraisals WHERE meeting_id = ?", {m.id}).has_value();
  if (mine && mine->online_ms) out["my"]["online_minutes"] = mine->online_ms / 60000;
  return out;
}

json Service::get(const auth::Principal& who, std::int64_t id) {
  return db_.read_result([&](db::Tx& tx) { return detail(tx, who, id); });
}

// ---- Scheduling ----------------------------------------------------------------------------

namespace {

struct Draft {
  std::string title, place, online_url, agenda;
  Instant starts_at = 0, ends_at = 0;
  std::optional<std::int64_t> host, recorder;
  int before_min = kDefaultCheckinBeforeMin, after_min = kDefaultCheckinAfterMin;
};

// Reads the editable fields present in `b` over `d`, and checks the whole.
void read_fields(const json& b, Draft& d, bool creating) {
  if (creating || b.contains("title"))
    if (auto t = input::optional_string(b, "title", 100); t && !t->empty()) d.title = *t;
  if (creating || b.contains("starts_at")) d.starts_at = required_instant(b, "starts_at");
  if (creating || b.contains("ends_at")) d.ends_at = required_instant(b, "ends_at");
  if (b.contains("place")) d.place = input::optional_string(b, "place", 200).value_or("");
  if (b.contains("online_url"))
    d.online_url = checked_url(input::optional_string(b, "online_url", 500).value_or(""));
  if (b.contains("agenda")) d.agenda = input::optional_string(b, "agenda", 5000).value_or("");
  if (creating || b.contains("host_member_id")) d.host = input::optional_int(b, "host_member_id");
  if (creating || b.contains("recorder_member_id"))
    d.recorder = input::optional_int(b, "recorder_member_id");
  d.before_min = window_minutes(b, "checkin_before_min", d.before_min);
  d.after_min = window_minutes(b, "checkin_after_min", d.after_min);
  if (d.ends_at <= d.starts_at) throw errors::validation("ends_at", msg::kEndBeforeStart);
  if (d.ends_at - d.starts_at > kMaxDurationMs) throw errors::validation("ends_at", msg::kTooLong);
  if (d.place.empty() && d.online_url.empty()) throw errors::validation("place", msg::kPlaceOrLink);
  if (!d.host) throw errors::validation("host_member_id", msg::kHostRequired);
  if (!d.recorder) d.recorder = d.host;
}

}  // namespace

namespace {
// Checks the host, recorder and attendees against whom the org may invite.
void check_people(db::Tx& tx, const org::directory::Node& org, Type type, const Draft& d,
                  const std::vector<std::int64_t>& attendees) {
  std::set<std::int64_t> allowed;
  for (const auto& p : invitable(tx, org)) allowed.insert(p.member_id);
  if (!allowed.count(*d.host)) throw errors::validation("host_member_id", msg::kPersonNotInOrg);
  if (!allowed.count(*d.recorder))
    throw errors::validation("recorder_member_id", msg::kPersonNotInOrg);
  for (auto id : attendees)
    if (!allowed.count(id)) throw errors::validation("attendee_ids", msg::kAttendeeNotInOrg);
  if (attendees.empty()) throw errors::validation("attendee_ids", msg::kNoAttendees);
  if (type == Type::talk) {
    if (attendees.size() != 2) throw errors::validation("attendee_ids", msg::kTalkPair);
    if (std::find(attendees.begin(), attendees.end(), *d.host) == attendees.end())
      throw errors::validation("host_member_id", msg::kTalkHost);
  }
}

void write_attendees(db::Tx& tx, std::int64_t meeting_id, const std::vector<std::int64_t>& ids) {
  std::set<std::int64_t> keep(ids.begin(), ids.end());
  std::set<std::int64_t> have;
  for (const auto& r :
       tx.query("SELECT member_id FROM meeting_attendees WHERE meeting_id = ?", {meeting_id}))
    have.insert(r.i64(0));
  for (auto id : have)
    if (!keep.count(id))
      tx.exec("DELETE FROM meeting_attendees WHERE meeting_id = ? AND member_id = ?",
              {meeting_id, id});
  for (auto id : ids)
    if (!have.count(id))
      tx.exec("INSERT INTO meeting_attendees (meeting_id, member_id) VALUES (?, ?)",
              {meeting_id, id});
}
}  // namespace

json Service::create(const auth::Principal& who, const json& b) {
  std::int64_t org_id = input::required_int(b, "org_id");
  auto type = parse_type(input::required_string(b, "type", 30));
  if (!type) throw errors::validation("type", msg::kBadType);
  Draft d;
  read_fields(b, d, true);
  std::optional<std::vector<std::int64_t>> attendees;
  if (b.contains("attendee_ids") && !b["attendee_ids"].is_null())
    attendees = id_list(b, "attendee_ids", kMaxAttendees);
  bool publish_now = b.contains("publish") && b["publish"].is_boolean() && b["publish"].get<bool>();
  Instant now = clock_.now();
  std::int64_t id = db_.write_result([&](db::Tx& tx) {
    auto org = org::directory::find(tx, org_id);
    if (!org) throw errors::not_found(zhdj::msg::kNotFound);
    who.require("meetings.manage", org->org.path);
    if (!org_fits(*type, org::kind_code(org->org.kind)))
      throw errors::validation(
          "type", type_info(*type).on_party_group ? msg::kGroupOnly : msg::kBranchOnly);
    // A committee meeting needs a committee, whoever is invited.
    if (type_info(*type).attendees == AttendeeSet::committee &&
        org::directory::current_committee(tx, org->org.id).empty())
      throw errors::validation("type", msg::kNoCommittee);
    auto ids = attendees ? *attendees : default_set(tx, *org, *type);
    check_people(tx, *org, *type, d, ids);
    if (d.title.empty())
      d.title = fmt::format("{}（{}）", type_info(*type).name,
                            format_date(civil_date(d.starts_at, settings_.time_zone)));
    Date start = civil_date(d.starts_at, settings_.time_zone);
    Instant remind_at =
        local_instant(add_days(start, -1), settings_.reminder_minute_of_day, settings_.time_zone);
    auto secret = crypto::random_bytes(32);
    std::int64_t id = tx.insert(
        "INSERT INTO meetings (org_id, type, title, status, starts_at, ends_at, start_date, place, "
        "online_url, agenda, host_member_id, recorder_member_id, checkin_before_min, "
        "checkin_after_min, checkin_secret, remind_at, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {org_id, type_info(*type).code, d.title, d.starts_at, d.ends_at, format_date(start),
         d.place, d.online_url, d.agenda, d.host, d.recorder, d.before_min, d.after_min,
         db::Blob(secret.begin(), secret.end()), remind_at, who.account_id, now, now});
    write_attendees(tx, id, ids);
    store::recount(tx, id);
    auto m = *store::load(tx, id);
    audit_meeting(tx, who, m, "meeting.create",
                  {{"type", type_info(*type).code},
                   {"title", m.title},
                   {"starts_at", format_instant(m.starts_at)},
                   {"attendees", ids.size()}},
                  now);
    // Created and published in one transaction: a failed publication leaves no draft behind.
    if (publish_now) publish_in(tx, who, m, now);
    return id;
  });
  return get(who, id);
}

json Service::update(const auth::Principal& who, std::int64_t id, const json& b) {
  auto version = input::optional_int(b, "version");
  if (!version) throw errors::validation("version", msg::kVersionRequired);
  Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto [m, roles] = visible(tx, who, id);
    if (!roles.manage) throw errors::forbidden(zhdj::msg::kForbidden);
    require_open(m);
    if (*version != m.version) throw errors::conflict(msg::kStale);
    Draft d{
        m.title,   m.place,       m.online_url,         m.agenda,           m.starts_at, m.ends_at,
        m.host_id, m.recorder_id, m.checkin_before_min, m.checkin_after_min};
    read_fields(b, d, false);
    auto org = *org::directory::find(tx, m.org_id);
    std::vector<std::int64_t> ids;
    for (const auto& a : store::attendees(tx, m.id)) ids.push_back(a.member_id);
    bool attendees_changed = false;
    if (b.contains("attendee_ids") && !b["attendee_ids"].is_null()) {
      auto wanted = id_list(b, "attendee_ids", kMaxAttendees);
      if (std::set<std::int64_t>(wanted.begin(), wanted.end()) !=
          std::set<std::int64_t>(ids.begin(), ids.end())) {
        if (now >= m.starts_at) throw errors::conflict(msg::kAttendeesAfterStart);
        ids = wanted;
        attendees_changed = true;
      }
    }
    check_people(tx, org, m.type, d, ids);
    bool moved = d.starts_at != m.starts_at || d.ends_at != m.ends_at || d.place != m.place ||
                 d.online_url != m.online_url;
    Date start = civil_date(d.starts_at, settings_.time_zone);
    Instant remind_at =
        local_instant(add_days(start, -1), settings_.reminder_minute_of_day, settings_.time_zone);
    bool times_changed = d.starts_at != m.starts_at;
    tx.exec(
        "UPDATE meetings SET title = ?, starts_at = ?, ends_at = ?, start_date = ?, place = ?, "
        "online_url = ?, agenda = ?, host_member_id = ?, recorder_member_id = ?, "
        "checkin_before_min = ?, checkin_after_min = ?, remind_at = ?, "
        "reminded_at = CASE WHEN ? = 1 THEN CAST(? AS BIGINT) ELSE reminded_at END, "
        "version = version + 1, updated_at = ? WHERE id = ?",
        {d.title, d.starts_at, d.ends_at, format_date(start), d.place, d.online_url, d.agenda,
         d.host, d.recorder, d.before_min, d.after_min, remind_at, times_changed ? 1 : 0,
         // A new time whose reminder moment has passed: the change notice is the reminder.
         m.status == "published" && now >= remind_at ? db::Value(now) : db::Value(), now, m.id});
    std::vector<std::int64_t> before_audience;
    if (attendees_changed) {
      before_audience = audience(tx, m);
      write_attendees(tx, m.id, ids);
      store::recount(tx, m.id);
    }
    auto after = *store::load(tx, m.id);
    json before_j = {{"title", m.title},
                     {"starts_at", format_instant(m.starts_at)},
                     {"ends_at", format_instant(m.ends_at)},
                     {"place", m.place},
                     {"online_url", m.online_url},
                     {"host_member_id", m.host_id.value_or(0)},
                     {"recorder_member_id", m.recorder_id.value_or(0)}};
    json after_j = {{"title", after.title},
                    {"starts_at", format_instant(after.starts_at)},
                    {"ends_at", format_instant(after.ends_at)},
                    {"place", after.place},
                    {"online_url", after.online_url},
                    {"host_member_id", after.host_id.value_or(0)},
                    {"recorder_member_id", after.recorder_id.value_or(0)}};
    auto changes = audit::diff(before_j, after_j);
    if (attendees_changed) changes["attendees"] = {{"after", ids.size()}};
    audit_meeting(tx, who, after, "meeting.update", changes, now);
    if (m.status == "published") {
      std::vector<std::int64_t> tell;
      if (moved) {
        tell = audience(tx, after);
        notices_.send(
            tx, tell,
            {"meeting.changed", fmt::format(fmt::runtime(msg::kNoticeChanged), after.title),
             fmt::format(fmt::runtime(msg::kNoticeWhen),
                         format_local(after.starts_at, settings_.time_zone),
                         after.place.empty() ? msg::kOnline : after.place),
             "/meetings/" + std::to_string(after.id)});
      } else if (attendees_changed) {
        // Only the newly invited hear about it.
        std::set<std::int64_t> old(before_audience.begin(), before_audience.end());
        for (auto a : audience(tx, after))
          if (!old.count(a)) tell.push_back(a);
        notices_.send(
            tx, tell,
            {"meeting.published", fmt::format(fmt::runtime(msg::kNoticePublished), after.title),
             fmt::format(fmt::runtime(msg::kNoticeWhen),
                         format_local(after.starts_at, settings_.time_zone),
                         after.place.empty() ? msg::kOnline : after.place),
             "/meetings/" + std::to_string(after.id)});
      }
    }
  });
  return get(who, id);
}

json Service::set_attendees(const auth::Principal& who, std::int64_t id, const json& body) {
  std::int64_t version =
      db_.read_result([&](db::Tx& tx) { return visible(tx, who, id).first.version; });
  json b = {{"attendee_ids", body.contains("member_ids") ? body["member_ids"] : json(nullptr)},
            {"version", version}};
  if (!body.contains("member_ids")) throw errors::validation("member_ids", msg::kIdListRequired);
  return update(who, id, b);
}

void Service::publish_in(db::Tx& tx, const auth::Principal& who, const store::Meeting& m,
                         Instant now) {
  // When the reminder time has already passed, this notice is the reminder.
  tx.exec(
      "UPDATE meetings SET status = 'published', published_at = ?, updated_at = ?, "
      "version = version + 1, reminded_at = CASE WHEN remind_at <= ? THEN CAST(? AS BIGINT) ELSE "
      "NULL END WHERE id = ?",
      {now, now, now, now, m.id});
  store::recount(tx, m.id);
  audit_meeting(tx, who, m, "meeting.publish", json::object(), now);
  notices_.send(
      tx, audience(tx, m),
      {"meeting.published", fmt::format(fmt::runtime(msg::kNoticePublished), m.title),
       fmt::format(fmt::runtime(msg::kNoticeWhen), format_local(m.starts_at, settings_.time_zone),
                   m.place.empty() ? msg::kOnline : m.place),
       "/meetings/" + std::to_string(m.id)});
}

json Service::publish(const auth::Principal& who, std::int64_t id) {
  Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto [m, roles] = visible(tx, who, id);
    if (!roles.manage) throw errors::forbidden(zhdj::msg::kForbidden);
    if (m.status != "draft") throw errors::conflict(msg::kNotDraft);
    publish_in(tx, who, m, now);
  });
  return get(who, id);
}

json Service::cancel(const auth::Principal& who, std::int64_t id, const json& body) {
  std::string reason = input::required_string(body, "reason", 200);
  Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto [m, roles] = visible(tx, who, id);
    if (!roles.manage) throw errors::forbidden(zhdj::msg::kForbidden);
    if (m.status == "cancelled") throw errors::conflict(msg::kCancelled);
    if (m.minutes_status != "none") throw errors::conflict(msg::kCancelAfterMinutes);
    tx.exec(
        "UPDATE meetings SET status = 'cancelled', cancel_reason = ?, updated_at = ?, "
        "version = version + 1, held = 0 WHERE id = ?",
        {reason, now, m.id});
    audit_meeting(tx, who, m, "meeting.cancel", {{"reason", reason}}, now);
    if (m.status == "published")
      notices_.send(tx, audience(tx, m),
                    {"meeting.cancelled", fmt::format(fmt::runtime(msg::kNoticeCancelled), m.title),
                     reason, "/meetings/" + std::to_string(m.id)});
  });
  return get(who, id);
}

// ---- Leave -----------------------------------------------------------------------------------

json Service::request_leave(const auth::Principal& who, std::int64_t id, const json& body) {
  std::string reason = input::required_string(body, "reason", 200);
  Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto [m, roles] = visible(tx, who, id);
    if (!roles.attendee) throw errors::forbidden(msg::kNotAttendee);
    if (m.status != "published") throw errors::conflict(msg::kNotPublished);
    if (now >= m.starts_at) throw errors::conflict(msg::kLeaveAfterStart);
    auto a = *store::attendee(tx, m.id, *who.member_id);
    if (a.present) throw errors::conflict(msg::kAlreadyPresent);
    if (a.leave == "approved") throw errors::conflict(msg::kLeaveApprovedAlready);
    tx.exec(
        "UPDATE meeting_attendees SET leave = 'requested', leave_reason = ?, leave_decided_by = "
        "NULL "
        "WHERE meeting_id = ? AND member_id = ?",
        {reason, m.id, *who.member_id});
    store::recount(tx, m.id);
    audit_meeting(tx, who, m, "meeting.leave_request",
                  {{"member_id", *who.member_id}, {"reason", reason}}, now);
    std::vector<std::int64_t> tell;
    if (m.host_id)
      if (auto h = members::directory::person(tx, *m.host_id); h && h->account_id)
        tell.push_back(*h->account_id);
    notices_.send(tx, tell,
                  {"meeting.leave", fmt::format(fmt::runtime(msg::kNoticeLeave), who.name, m.title),
                   reason, "/meetings/" + std::to_string(m.id)});
  });
  return get(who, id);
}

json Service::decide_leave(const auth::Principal& who, std::int64_t id, std::int64_t member_id,
                           const json& body) {
  if (!body.contains("approve") || !body["approve"].is_boolean())
    throw errors::validation("approve", msg::kApproveFlag);
  bool approve = body["approve"].get<bool>();
  auto reason = input::optional_string(body, "reason", 200).value_or("");
  Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto [m, roles] = visible(tx, who, id);
    if (!roles.may_host()) throw errors::forbidden(zhdj::msg::kForbidden);
    require_open(m);
    auto a = store::attendee(tx, m.id, member_id);
    if (!a) throw errors::not_found(zhdj::msg::kNotFound);
    if (a->leave != "requested") throw errors::conflict(msg::kNoLeaveRequest);
    tx.exec(
        "UPDATE meeting_attendees SET leave = ?, leave_decided_by = ? WHERE meeting_id = ? AND "
        "member_id = ?",
        {approve ? "approved" : "rejected", who.account_id, m.id, member_id});
    store::recount(tx, m.id);
    audit_meeting(tx, who, m, approve ? "meeting.leave_approve" : "meeting.leave_reject",
                  {{"member_id", member_id}, {"reason", reason}}, now);
    if (a->account_id)
      notices_.send(tx, {*a->account_id},
                    {"meeting.leave",
                     fmt::format(fmt::runtime(approve ? msg::kNoticeLeaveApproved
                                                      : msg::kNoticeLeaveRejected),
                                 m.title),
                     reason, "/meetings/" + std::to_string(m.id)});
  });
  return get(who, id);
}

// ---- Check-in --------------------------------------------------------------------------------

json Service::checkin_display(const auth::Principal& who, std::int64_t id,
                              const std::string& origin) {
  bool origin_ok =
      (origin.rfind("http://", 0) == 0 || origin.rfind("https://", 0) == 0) &&
      origin.size() < 200 && std::none_of(origin.begin(), origin.end(), [](unsigned char c) {
        return c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '#' || c == '?' || c == '\\';
      });
  if (!origin_ok) throw errors::validation("origin", msg::kBadOrigin);
  Instant now = clock_.now();
  return db_.read_result([&](db::Tx& tx) {
    auto [m, roles] = visible(tx, who, id);
    if (!roles.may_record()) throw errors::forbidden(zhdj::msg::kForbidden);
    if (m.status != "published") throw errors::conflict(msg::kNotPublished);
    auto step = token_step(now);
    std::string token = checkin_token(m.secret, step);
    std::string url = fmt::format("{}/#/checkin/{}?t={}", origin, m.id, token);
    auto window = checkin_window(m.starts_at, m.checkin_before_min, m.checkin_after_min);
    return json{{"url", url},
                {"token", token},
                {"code", checkin_code(m.secret, step)},
                {"qr_svg", qr_svg(url, 8)},
                {"seconds_left", token_seconds_left(now)},
                {"step_seconds", kTokenStepSeconds},
                {"window",
                 {{"opens", format_instant(window.opens)},
                  {"closes", format_instant(window.closes)},
                  {"open", window.contains(now)}}},
                {"present", m.present},
                {"expected", m.expected}};
  });
}

json Service::checkin(const auth::Principal& who, std::int64_t id, const json& body) {
  auto token = input::optional_string(body, "token", 64).value_or("");
  auto code = input::optional_string(body, "code", 16).value_or("");
  if (token.empty() && code.empty()) throw errors::validation("code", msg::kCodeRequired);
  Instant now = clock_.now();
  bool failed_code = false;
  json out;
  try {
    db_.write([&](db::Tx& tx) {
      auto [m, roles] = visible(tx, who, id);
      if (!roles.attendee) throw errors::forbidden(msg::kNotAttendee);
      if (m.status != "published") throw errors::conflict(msg::kNotPublished);
      require_open(m);
      auto window = checkin_window(m.starts_at, m.checkin_before_min, m.checkin_after_min);
      if (now < window.opens)
        throw errors::conflict(fmt::format(fmt::runtime(msg::kCheckinNotYet),
                                           format_local(window.opens, settings_.time_zone)));
      if (now > window.closes) throw errors::conflict(msg::kCheckinClosed);
      auto a = *store::attendee(tx, m.id, *who.member_id);
      if (a.present) {
        out = {{"present", true},
               {"method", a.method},
               {"checked_in_at", opt_instant(a.checked_in_at)},
               {"already", true}};
        return;
      }
      std::string method;
      if (!token.empty()) {
        if (!token_valid(m.secret, token, now))
          throw errors::validation("token", msg::kTokenExpired);
        method = "qr";
      } else {
        if (a.checkin_failures >= kMaxCodeFailures)
          throw errors::conflict(msg::kTooManyCodeFailures);
        if (!code_valid(m.secret, code, now)) {
          failed_code = true;
          throw errors::validation("code", msg::kCodeWrong);
        }
        method = "code";
      }
      tx.exec(
          "UPDATE meeting_attendees SET present = 1, method = ?, checked_in_at = ? "
          "WHERE meeting_id = ? AND member_id = ?",
          {method, now, m.id, *who.member_id});
      store::recount(tx, m.id);
      audit_meeting(tx, who, m, "meeting.checkin",
                    {{"member_id", *who.member_id}, {"method", method}}, now);
      out = {{"present", true},
             {"method", method},
             {"checked_in_at", format_instant(now)},
             {"already", false}};
    });
  } catch (const ApiError&) {
    // Wrong codes are counted (outside the refused transaction) so guessing stops.
    if (failed_code)
      db_.write([&](db::Tx& tx) {
        tx.exec(
            "UPDATE meeting_attendees SET checkin_failures = checkin_failures + 1 "
            "WHERE meeting_id = ? AND member_id = ?",
            {id, *who.member_id});
      });
    throw;
  }
  return out;
}

json Service::mark(const auth::Principal& who, std::int64_t id, std::int64_t member_id,
                   const json& body) {
  if (!body.contains("present") || !body["present"].is_boolean())
    throw errors::validation("present", msg::kPresentFlag);
  bool present = body["present"].get<bool>();
  Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto [m, roles] = visible(tx, who, id);
    if (!roles.may_record()) throw errors::forbidden(zhdj::msg::kForbidden);
    if (m.status != "published") throw errors::conflict(msg::kNotPublished);
    require_open(m);
    auto a = store::attendee(tx, m.id, member_id);
    if (!a) throw errors::not_found(zhdj::msg::kNotFound);
    if (present && !a->present)
      tx.exec(
          "UPDATE meeting_attendees SET present = 1, method = 'manual', checked_in_at = ? "
          "WHERE meeting_id = ? AND member_id = ?",
          {now, m.id, member_id});
    else if (!present && a->present)
      tx.exec(
          "UPDATE meeting_attendees SET present = 0, method = NULL, checked_in_at = NULL "
          "WHERE meeting_id = ? AND member_id = ?",
          {m.id, member_id});
    store::recount(tx, m.id);
    audit_meeting(
        tx, who, m, "meeting.attendance",
        {{"member_id", member_id}, {"present", {{"before", a->present}, {"after", present}}}}, now);
    return attendee_json(*store::attendee(tx, m.id, member_id), *store::load(tx, m.id), now, true);
  });
}

json Service::presence(const auth::Principal& who, std::int64_t id) {
  Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto [m, roles] = visible(tx, who, id);
    if (!roles.attendee) throw errors::forbidden(msg::kNotAttendee);
    if (m.status != "published") throw errors::conflict(msg::kNotPublished);
    if (m.online_url.empty()) throw errors::conflict(msg::kNotOnline);
    auto a = *store::attendee(tx, m.id, *who.member_id);
    bool during = now >= m.starts_at && now <= m.ends_at;
    std::int64_t credit = presence_credit(a.last_seen_at, now, m.starts_at, m.ends_at);
    tx.exec(
        "UPDATE meeting_attendees SET online_ms = online_ms + ?, last_seen_at = ? "
        "WHERE meeting_id = ? AND member_id = ?",
        {credit, now, m.id, *who.member_id});
    if (during && !a.present && !m.locked()) {
      tx.exec(
          "UPDATE meeting_attendees SET present = 1, method = 'online', checked_in_at = ? "
          "WHERE meeting_id = ? AND member_id = ?",
          {now, m.id, *who.member_id});
      store::recount(tx, m.id);
      audit_meeting(tx, who, m, "meeting.checkin",
                    {{"member_id", *who.member_id}, {"method", "online"}}, now);
    }
    return json{{"counted", during}, {"online_minutes", (a.online_ms + credit) / 60000}};
  });
}

// ---- Minutes ---------------------------------------------------------------------------------

namespace {

json decisions_of(const json& v) {
  if (!v.is_array()) throw errors::validation("decisions", msg::kDecisions);
  if (v.size() > 50)
    throw errors::validation("decisions", fmt::format(fmt::runtime(msg::kTooMany), 50));
  json out = json::array();
  for (const auto& d : v) {
    if (!d.is_string()) throw errors::validation("decisions", msg::kDecisions);
    json wrap = {{"x", d}};
    auto s = input::optional_string(wrap, "x", 1000).value_or("");
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

json criticisms_of(const json& v, Type type, const std::set<std::int64_t>& attendees) {
  if (!v.is_array()) throw errors::validation("criticisms", msg::kCriticisms);
  if (!v.empty() && type != Type::life_meeting)
    throw errors::validation("criticisms", msg::kCriticismsOnlyLifeMeeting);
  json out = json::array();
  std::set<std::int64_t> seen;
  for (const auto& c : v) {
    if (!c.is_object() || !c.contains("member_id") || !c["member_id"].is_number_integer())
      throw errors::validation("criticisms", msg::kCriticisms);
    auto member = c["member_id"].get<std::int64_t>();
    if (!attendees.count(member)) throw errors::validation("criticisms", msg::kCriticismPerson);
    if (!seen.insert(member).second) throw errors::validation("criticisms", msg::kCriticismTwice);
    json e = {{"member_id", member}};
    for (const char* f : {"self_criticism", "criticism", "rectification"})
      e[f] = input::optional_string(c, f, 3000).value_or("");
    out.push_back(e);
  }
  return out;
}

std::vector<std::int64_t> attachment_ids_of(db::Tx& tx, const json& v, std::int64_t meeting_id,
                                            std::int64_t account_id) {
  if (!v.is_array()) throw errors::validation("attachment_ids", msg::kIdListRequired);
  json wrap = {{"attachment_ids", v}};
  auto ids = id_list(wrap, "attachment_ids", 20);
  for (auto f : ids) {
    // A file is attached by whoever uploaded it, or is already attached here.
    auto r = tx.query_one(
        "SELECT 1 FROM files f WHERE f.id = ? AND (f.uploaded_by = ? OR EXISTS (SELECT 1 FROM "
        "meeting_attachments a WHERE a.file_id = f.id AND a.meeting_id = ?))",
        {f, account_id, meeting_id});
    if (!r) throw errors::validation("attachment_ids", msg::kFileUnknown);
  }
  return ids;
}

void write_attachments(db::Tx& tx, std::int64_t meeting_id, const std::vector<std::int64_t>& ids) {
  tx.exec("DELETE FROM meeting_attachments WHERE meeting_id = ?", {meeting_id});
  for (auto f : ids)
    tx.exec("INSERT INTO meeting_attachments (meeting_id, file_id) VALUES (?, ?)", {meeting_id, f});
}

std::set<std::int64_t> attendee_ids(db::Tx& tx, std::int64_t meeting_id) {
  std::set<std::int64_t> out;
  for (const auto& r :
       tx.query("SELECT member_id FROM meeting_attendees WHERE meeting_id = ?", {meeting_id}))
    out.insert(r.i64(0));
  return out;
}

}  // namespace

json Service::save_minutes(const auth::Principal& who, std::int64_t id, const json& b) {
  std::string content = input::required_string(b, "content", 20000);
  Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto [m, roles] = visible(tx, who, id);
    if (!roles.may_record()) throw errors::forbidden(zhdj::msg::kForbidden);
    if (m.status != "published") throw errors::conflict(msg::kNotPublished);
    if (m.locked()) throw errors::conflict(msg::kMinutesLocked);
    if (now < m.starts_at) throw errors::conflict(msg::kMinutesBeforeStart);
    json decisions = decisions_of(b.value("decisions", json::array()));
    json criticisms =
        criticisms_of(b.value("criticisms", json::array()), m.type, attendee_ids(tx, m.id));
    auto files =
        attachment_ids_of(tx, b.value("attachment_ids", json::array()), m.id, who.account_id);
    auto before = tx.query_one("SELECT content FROM meeting_minutes WHERE meeting_id = ?", {m.id});
    tx.exec(
        "INSERT INTO meeting_minutes (meeting_id, content, decisions, criticisms, recorded_by, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET "
        "content = excluded.content, decisions = excluded.decisions, "
        "criticisms = excluded.criticisms, recorded_by = excluded.recorded_by, "
        "updated_at = excluded.updated_at",
        {m.id, content, decisions.dump(), criticisms.dump(), who.account_id, now});
    write_attachments(tx, m.id, files);
    tx.exec("UPDATE meetings SET minutes_status = 'draft', updated_at = ? WHERE id = ?",
            {now, m.id});
    store::recount(tx, m.id);
    audit_meeting(tx, who, m, "meeting.minutes",
                  {{"content_chars", content.size()},
                   {"decisions", decisions.size()},
                   {"criticisms", criticisms.size()},
                   {"attachments", files.size()},
                   {"first", !before.has_value()}},
                  now);
  });
  return db_.read_result([&](db::Tx& tx) { return minutes_json(tx, *store::load(tx, id)); });
}

json Service::approve_minutes(const auth::Principal& who, std::int64_t id) {
  Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto [m, roles] = visible(tx, who, id);
    if (!roles.manage) throw errors::forbidden(zhdj::msg::kForbidden);
    if (m.minutes_status == "none") throw errors::conflict(msg::kNoMinutes);
    if (m.locked()) throw errors::conflict(msg::kMinutesLocked);
    tx.exec("UPDATE meeting_minutes SET approved_by = ?, approved_at = ? WHERE meeting_id = ?",
            {who.account_id, now, m.id});
    tx.exec(
        "UPDATE meetings SET minutes_status = 'approved', version = version + 1, updated_at = ? "
        "WHERE id = ?",
        {now, m.id});
    store::recount(tx, m.id);
    audit_meeting(tx, who, m, "meeting.minutes_approve", json::object(), now);
  });
  return db_.read_result([&](db::Tx& tx) { return minutes_json(tx, *store::load(tx, id)); });
}

json Service::amend(const auth::Principal& who, std::int64_t id, const json& b) {
  std::string field = input::required_string(b, "field", 30);
  std::string reason = input::required_string(b, "reason", 500);
  if (!b.contains("value")) throw errors::validation("value", zhdj::msg::kRequired);
  Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto [m, roles] = visible(tx, who, id);
    if (!roles.may_record()) throw errors::forbidden(zhdj::msg::kForbidden);
    if (!m.locked()) throw errors::conflict(msg::kAmendOnlyLocked);
    auto cur = *tx.query_one(
        "SELECT content, decisions, criticisms FROM meeting_minutes WHERE meeting_id = ?", {m.id});
    json before, after;
    if (field == "content") {
      json wrap = {{"value", b["value"]}};
      after = input::required_string(wrap, "value", 20000);
      before = cur.str(0);
      tx.exec("UPDATE meeting_minutes SET content = ? WHERE meeting_id = ?",
              {after.get<std::string>(), m.id});
    } else if (field == "decisions") {
      after = decisions_of(b["value"]);
      before = json::parse(cur.str(1));
      tx.exec("UPDATE meeting_minutes SET decisions = ? WHERE meeting_id = ?",
              {after.dump(), m.id});
    } else if (field == "criticisms") {
      after = criticisms_of(b["value"], m.type, attendee_ids(tx, m.id));
      before = json::parse(cur.str(2));
      tx.exec("UPDATE meeting_minutes SET criticisms = ? WHERE meeting_id = ?",
              {after.dump(), m.id});
    } else if (field == "attachment_ids") {
      auto ids = attachment_ids_of(tx, b["value"], m.id, who.account_id);
      before = json::array();
      for (const auto& r :
           tx.query("SELECT file_id FROM meeting_attachments WHERE meeting_id = ? ORDER BY file_id",
                    {m.id}))
        before.push_back(r.i64(0));
      after = ids;
      write_attachments(tx, m.id, ids);
    } else if (field == "attendance") {
      // {"member_id", "present"}: a correction of the attendance after approval.
      const json& v = b["value"];
      if (!v.is_object() || !v.contains("member_id") || !v["member_id"].is_number_integer() ||
          !v.contains("present") || !v["present"].is_boolean())
        throw errors::validation("value", msg::kAttendanceValue);
      auto a = store::attendee(tx, m.id, v["member_id"].get<std::int64_t>());
      if (!a) throw errors::validation("value", msg::kAttendanceValue);
      before = {{"member_id", a->member_id}, {"present", a->present}};
      after = {{"member_id", a->member_id}, {"present", v["present"].get<bool>()}};
      tx.exec(
          "UPDATE meeting_attendees SET present = ?, method = CASE WHEN ? = 1 THEN 'manual' ELSE "
          "NULL END, checked_in_at = CASE WHEN ? = 1 THEN CAST(? AS BIGINT) ELSE NULL END "
          "WHERE meeting_id = ? AND member_id = ?",
          {v["present"].get<bool>(), v["present"].get<bool>() ? 1 : 0,
           v["present"].get<bool>() ? 1 : 0, now, m.id, a->member_id});
      store::recount(tx, m.id);
    } else {
      throw errors::validation("field", msg::kAmendField);
    }
    tx.exec(
        "INSERT INTO meeting_amendments (meeting_id, field, before_value, after_value, reason, "
        "amended_by, amended_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {m.id, field, before.dump(), after.dump(), reason, who.account_id, now});
    audit_meeting(tx, who, m, "meeting.amend",
                  {{field, {{"before", before}, {"after", after}}}, {"reason", reason}}, now);
  });
  return db_.read_result([&](db::Tx& tx) { return minutes_json(tx, *store::load(tx, id)); });
}

// ---- Files -----------------------------------------------------------------------------------

json Service::upload(const auth::Principal& who, const std::string& mime,
                     const std::string& name_header, const std::string& content) {
  std::string type = mime.substr(0, mime.find(';'));
  auto starts = [&](std::string_view magic) { return content.rfind(magic, 0) == 0; };
  bool matches = (type == "application/pdf" && starts("%PDF-")) ||
                 (type == "image/png" && starts("\x89PNG\r\n\x1a\n")) ||
                 (type == "image/jpeg" && starts("\xFF\xD8\xFF"));
  if (type != "application/pdf" && type != "image/png" && type != "image/jpeg")
    throw errors::validation("file", msg::kFileType);
  if (content.empty()) throw errors::validation("file", msg::kFileEmpty);
  if (content.size() > kMaxFileBytes) throw errors::validation("file", msg::kFileTooLarge);
  if (!matches) throw errors::validation("file", msg::kFileMismatch);
  std::string name = http::url_decode(name_header, false);
  json wrap = {{"name", name}};
  name = input::optional_string(wrap, "name", 100).value_or("");
  if (name.empty() || name.find_first_of("/\\") != std::string::npos)
    throw errors::validation("name", msg::kFileName);
  std::string sha = crypto::sha256_hex(content);
  Instant now = clock_.now();
  std::int64_t id = db_.write_result([&](db::Tx& tx) {
    auto fid = tx.insert(
        "INSERT INTO files (name, mime, size, sha256, content, uploaded_by, uploaded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {name, type, static_cast<std::int64_t>(content.size()), sha,
         db::Blob(content.begin(), content.end()), who.account_id, now});
    audit::record(tx, actor_of(who),
                  {"file.upload",
                   "file",
                   std::to_string(fid),
                   "/",
                   {{"name", name}, {"size", content.size()}, {"sha256", sha}}},
                  now);
    return fid;
  });
  return {{"id", id}, {"name", name}, {"size", content.size()}, {"mime", type}, {"sha256", sha}};
}

http::Response Service::attachment(const auth::Principal& who, std::int64_t id,
                                   std::int64_t file_id) {
  return db_.read_result([&](db::Tx& tx) {
    visible(tx, who, id);
    auto f = tx.query_one(
        "SELECT f.name, f.mime, f.content FROM meeting_attachments a JOIN files f ON f.id = "
        "a.file_id "
        "WHERE a.meeting_id = ? AND a.file_id = ?",
        {id, file_id});
    if (!f) throw errors::not_found(zhdj::msg::kNotFound);
    auto blob = f->blob(2);
    std::string ext = f->str(1) == "application/pdf" ? "pdf"
                      : f->str(1) == "image/png"     ? "png"
                                                     : "jpg";
    return http::Response::attachment(std::string(blob.begin(), blob.end()), f->str(1), f->str(0),
                                      "attachment." + ext);
  });
}

// ---- Reminders -------------------------------------------------------------------------------

int Service::send_due_reminders() {
  Instant now = clock_.now();
  auto due = db_.read_result([&](db::Tx& tx) {
    std::vector<std::int64_t> ids;
    for (const auto& r :
         tx.query("SELECT id FROM meetings WHERE status = 'published' AND reminded_at IS NULL AND "
                  "remind_at <= ? AND starts_at > ? ORDER BY starts_at LIMIT 500",
                  {now, now}))
      ids.push_back(r.i64(0));
    return ids;
  });
  int sent = 0;
  for (auto id : due)
    db_.write([&](db::Tx& tx) {
      // Claimed by exactly one node: the update returns the row only where it changed it.
      auto claimed = tx.query(
          "UPDATE meetings SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL RETURNING id",
          {now, id});
      if (claimed.empty()) return;
      auto m = *store::load(tx, id);
      std::vector<std::int64_t> tell;
      for (const auto& r : tx.query(
               "SELECT p.account_id FROM meeting_attendees a JOIN members p ON p.id = a.member_id "
               "WHERE a.meeting_id = ? AND p.account_id IS NOT NULL AND a.leave <> 'approved'",
               {id}))
        tell.push_back(r.i64(0));
      notices_.send(tx, tell,
                    {"meeting.reminder", fmt::format(fmt::runtime(msg::kNoticeReminder), m.title),
                     fmt::format(fmt::runtime(msg::kNoticeWhen),
                                 format_local(m.starts_at, settings_.time_zone),
                                 m.place.empty() ? msg::kOnline : m.place),
                     "/meetings/" + std::to_string(id)});
      audit::record(tx, {std::nullopt, std::nullopt, "system"},
                    {"meeting.remind",
                     "meeting",
                     std::to_string(id),
                     m.org_path,
                     {{"recipients", tell.size()}}},
                    now);
      ++sent;
    });
  return sent;
}

}  // namespace zhdj::meetings
