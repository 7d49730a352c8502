#include "meetings/store.hpp"

namespace zhdj::meetings::store {

namespace {

constexpr const char* kSelect =
    "SELECT m.id, m.org_id, o.name, o.path, o.kind, m.type, m.title, m.status, m.starts_at, "
    "m.ends_at, m.start_date, m.place, m.online_url, m.agenda, m.host_member_id, h.name, "
    "m.recorder_member_id, r.name, m.checkin_before_min, m.checkin_after_min, m.checkin_secret, "
    "m.remind_at, m.reminded_at, m.minutes_status, m.expected_count, m.present_count, "
    "m.leave_count, m.held, m.cancel_reason, m.version, m.created_by, m.published_at "
    "FROM meetings m JOIN orgs o ON o.id = m.org_id "
    "LEFT JOIN members h ON h.id = m.host_member_id "
    "LEFT JOIN members r ON r.id = m.recorder_member_id ";

Meeting from_row(const db::Row& row) {
  Meeting m;
  m.id = row.i64(0);
  m.org_id = row.i64(1);
  m.org_name = row.str(2);
  m.org_path = row.str(3);
  m.org_kind = row.str(4);
  m.type = parse_type(row.str(5)).value_or(Type::activity);
  m.title = row.str(6);
  m.status = row.str(7);
  m.starts_at = row.i64(8);
  m.ends_at = row.i64(9);
  m.start_date = row.str(10);
  m.place = row.str(11);
  m.online_url = row.str(12);
  m.agenda = row.str(13);
  m.host_id = row.opt_i64(14);
  m.host_name = row.opt_str(15).value_or("");
  m.recorder_id = row.opt_i64(16);
  m.recorder_name = row.opt_str(17).value_or("");
  m.checkin_before_min = static_cast<int>(row.i64(18));
  m.checkin_after_min = static_cast<int>(row.i64(19));
  m.secret = row.blob(20);
  m.remind_at = row.i64(21);
  m.reminded_at = row.opt_i64(22);
  m.minutes_status = row.str(23);
  m.expected = static_cast<int>(row.i64(24));
  m.present = static_cast<int>(row.i64(25));
  m.leave = static_cast<int>(row.i64(26));
  m.held = row.i64(27) != 0;
  m.cancel_reason = row.opt_str(28).value_or("");
  m.version = row.i64(29);
  m.created_by = row.i64(30);
  m.published_at = row.opt_i64(31);
  return m;
}

constexpr const char* kAttendeeSelect =
    "SELECT a.member_id, p.account_id, p.name, o.name, p.category, a.present, a.method, "
    "a.checked_in_at, a.leave, a.leave_reason, a.online_ms, a.last_seen_at, a.checkin_failures "
    "FROM meeting_attendees a JOIN members p ON p.id = a.member_id "
    "JOIN orgs o ON o.id = p.org_id ";

Attendee attendee_from_row(const db::Row& r) {
  Attendee a;
  a.member_id = r.i64(0);
  a.account_id = r.opt_i64(1);
  a.name = r.str(2);
  a.org_name = r.str(3);
  a.category = r.str(4);
  a.present = r.i64(5) != 0;
  a.method = r.opt_str(6).value_or("");
  a.checked_in_at = r.opt_i64(7);
  a.leave = r.str(8);
  a.leave_reason = r.opt_str(9).value_or("");
  a.online_ms = r.i64(10);
  a.last_seen_at = r.opt_i64(11);
  a.checkin_failures = static_cast<int>(r.i64(12));
  return a;
}

}  // namespace

std::optional<Meeting> load(db::Tx& tx, std::int64_t id) {
  auto r = tx.query_one(std::string(kSelect) + "WHERE m.id = ?", {id});
  if (!r) return std::nullopt;
  return from_row(*r);
}

std::vector<Meeting> load_where(db::Tx& tx, const std::string& where, const db::Params& params) {
  std::vector<Meeting> out;
  for (const auto& r : tx.query(std::string(kSelect) + where, params)) out.push_back(from_row(r));
  return out;
}

std::vector<Attendee> attendees(db::Tx& tx, std::int64_t meeting_id) {
  std::vector<Attendee> out;
  for (const auto& r :
       tx.query(std::string(kAttendeeSelect) + "WHERE a.meeting_id = ? ORDER BY p.name_sort, p.id",
                {meeting_id}))
    out.push_back(attendee_from_row(r));
  return out;
}

std::optional<Attendee> attendee(db::Tx& tx, std::int64_t meeting_id, std::int64_t member_id) {
  auto r = tx.query_one(std::string(kAttendeeSelect) + "WHERE a.meeting_id = ? AND a.member_id = ?",
                        {meeting_id, member_id});
  if (!r) return std::nullopt;
  return attendee_from_row(*r);
}

void recount(db::Tx& tx, std::int64_t meeting_id) {
  auto c = tx.query_one(
      "SELECT COUNT(*), COALESCE(SUM(present), 0), "
      "COALESCE(SUM(CASE WHEN present = 0 AND leave = 'approved' THEN 1 ELSE 0 END), 0) "
      "FROM meeting_attendees WHERE meeting_id = ?",
      {meeting_id});
  auto m =
      tx.query_one("SELECT type, minutes_status, status FROM meetings WHERE id = ?", {meeting_id});
  int expected = static_cast<int>(c->i64(0));
  int present = static_cast<int>(c->i64(1));
  int leave = static_cast<int>(c->i64(2));
  bool held =
      m->str(2) == "published" && counts_as_held(parse_type(m->str(0)).value_or(Type::activity),
                                                 m->str(1) != "none", expected, present);
  tx.exec(
      "UPDATE meetings SET expected_count = ?, present_count = ?, leave_count = ?, held = ? "
      "WHERE id = ?",
      {expected, present, leave, held, meeting_id});
}

Roles roles_of(db::Tx& tx, const auth::Principal& who, const Meeting& m) {
  Roles r;
  r.read = who.can("meetings.read", m.org_path);
  r.manage = who.can("meetings.manage", m.org_path);
  if (who.member_id) {
    r.host = m.host_id == who.member_id;
    r.recorder = m.recorder_id == who.member_id;
    r.attendee =
        tx.query_one("SELECT 1 FROM meeting_attendees WHERE meeting_id = ? AND member_id = ?",
                     {m.id, *who.member_id})
            .has_value();
  }
  return r;
}

}  // namespace zhdj::meetings::store
